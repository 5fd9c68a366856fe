"""The evaluation's metric keys as the GUI shows them: a readable, translated name, and a tooltip with the
value's 95% interval, the real-vs-real floor and how it was computed (``core/evaluation/metric_info``)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QCoreApplication

from aigc_desktop.core.evaluation.metric_info import BY_KEY, show


def metric_label(key: str) -> str:
    names = {
        "label_consistency": QCoreApplication.translate("Metrics", "label consistency"),
        "hallucination_offmanifold": QCoreApplication.translate("Metrics", "off-manifold hallucination"),
        "hallucination_semantic": QCoreApplication.translate("Metrics", "semantic hallucination"),
        "memorisation_rate": QCoreApplication.translate("Metrics", "memorisation rate"),
        "ct_score": QCoreApplication.translate("Metrics", "data-copying C_T"),
        "local_fd": QCoreApplication.translate("Metrics", "local FD"),
        "local_kid": QCoreApplication.translate("Metrics", "local KID"),
        "precision": QCoreApplication.translate("Metrics", "precision"),
        "recall": QCoreApplication.translate("Metrics", "recall"),
        "density": QCoreApplication.translate("Metrics", "density"),
        "coverage": QCoreApplication.translate("Metrics", "coverage"),
        "alpha_precision": QCoreApplication.translate("Metrics", "α-precision"),
        "beta_recall": QCoreApplication.translate("Metrics", "β-recall"),
        "class_coverage": QCoreApplication.translate("Metrics", "class coverage"),
        "class_kl": QCoreApplication.translate("Metrics", "class KL"),
    }
    return names.get(key, key)


def direction(key: str) -> str:
    meta = BY_KEY.get(key)
    if meta is None:
        return ""
    if meta.higher_is_better:
        return QCoreApplication.translate("Metrics", "higher is better")
    return QCoreApplication.translate("Metrics", "lower is better")


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
