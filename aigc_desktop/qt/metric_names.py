"""The evaluation's metric keys as the GUI shows them: the name and direction of ``core/evaluation/metric_info``'s
table, translated, and a tooltip with the value's 95% interval, the real-vs-real floor and how it was computed."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QCoreApplication

from aigc_desktop.core.evaluation.metric_info import BY_KEY, show


def metric_label(key: str) -> str:
    """The metric's readable name from ``metric_info``'s table, translated."""
    meta = BY_KEY.get(key)
    return key if meta is None else QCoreApplication.translate("Metrics", meta.label)


def direction(key: str) -> str:
    meta = BY_KEY.get(key)
    return "" if meta is None else QCoreApplication.translate("Metrics", meta.direction)


def metric_tooltip(key: str, ci: Optional[list] = None, floor: Optional[float] = None) -> str:
    """The interval and the floor of one value (when known), its direction and how it is computed."""
    lines = []
    if ci is not None:
        lines.append(QCoreApplication.translate("Metrics", "95% interval: %1 to %2")
                     .replace("%1", show(key, ci[0])).replace("%2", show(key, ci[1])))
    if floor is not None:
        lines.append(QCoreApplication.translate("Metrics", "real-vs-real floor: %1").replace("%1", show(key, floor)))
    meta = BY_KEY.get(key)
    if meta is not None:
        lines.append(f"{direction(key)}; {meta.note}")
    return "\n".join(lines)
