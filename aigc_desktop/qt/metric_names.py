"""The evaluation's metric keys as the GUI shows them: a readable, translated name, and a tooltip with the
value's 95% interval, the real-vs-real floor and how it was computed (``core/evaluation/metric_info``)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QCoreApplication

from aigc_desktop.core.evaluation.metric_info import BY_KEY, show


def _t(text: str) -> str:
    return QCoreApplication.translate("Metrics", text)


def metric_label(key: str) -> str:
    names = {
        "label_consistency": _t("label consistency"),
        "hallucination_offmanifold": _t("off-manifold hallucination"),
        "hallucination_semantic": _t("semantic hallucination"),
        "memorisation_rate": _t("memorisation rate"),
        "ct_score": _t("data-copying C_T"),
        "local_fd": _t("local FD"),
        "local_kid": _t("local KID"),
        "precision": _t("precision"),
        "recall": _t("recall"),
        "density": _t("density"),
        "coverage": _t("coverage"),
        "alpha_precision": _t("α-precision"),
        "beta_recall": _t("β-recall"),
        "class_coverage": _t("class coverage"),
        "class_kl": _t("class KL"),
    }
    return names.get(key, key)


def direction(key: str) -> str:
    meta = BY_KEY.get(key)
    if meta is None:
        return ""
    return _t("higher is better") if meta.higher_is_better else _t("lower is better")


def metric_tooltip(key: str, ci: Optional[list] = None, floor: Optional[float] = None) -> str:
    """The interval and the floor of one value (when known), its direction and how it is computed."""
    lines = []
    if ci is not None:
        lines.append(_t("95% interval: %1 to %2").replace("%1", show(key, ci[0])).replace("%2", show(key, ci[1])))
    if floor is not None:
        lines.append(_t("real-vs-real floor: %1").replace("%1", show(key, floor)))
    meta = BY_KEY.get(key)
    if meta is not None:
        lines.append(f"{direction(key)}; {meta.note}")
    return "\n".join(lines)
