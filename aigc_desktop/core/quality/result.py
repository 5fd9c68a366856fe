"""The outcome of a scan: per-item scores of every issue type, groups, keepers, suggestions; and
its ``aigc-scan/1`` report (PRODUCT.md)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from aigc_desktop.core.atomic import displayable, write_json
from aigc_desktop.core.quality.registry import get_check, issue_types

REPORT_SCHEMA = "aigc-scan/1"


@dataclass
class ScanResult:
    dataset_id: Optional[int]
    root: str
    paths: np.ndarray                  # object (N,), relative POSIX paths
    labels: np.ndarray                 # object (N,), "" = none
    item_ids: np.ndarray               # int64 (N,)
    scores: dict[str, np.ndarray]      # issue type -> float32 (N,) in [0, 1]; only the types checked
    thresholds: dict[str, float]
    groups: dict[str, np.ndarray] = field(default_factory=dict)   # grouped type -> int64 (N,), -1 none
    keepers: dict[str, np.ndarray] = field(default_factory=dict)  # grouped type -> bool (N,)
    suggested_label: Optional[np.ndarray] = None                  # object (N,), "" none
    suggested_confidence: Optional[np.ndarray] = None             # float32 (N,)
    details: dict[str, np.ndarray] = field(default_factory=dict)  # type -> object (N,) strings
    seconds: float = 0.0
    # the unit-length PCA projections the neighbour checks compared (N, D) float32; None when the
    # scan built no neighbour graph. Kept with the newest scan for the map and "find similar".
    features: Optional[np.ndarray] = None

    def __post_init__(self) -> None:
        n = len(self.paths)
        if self.suggested_label is None:
            self.suggested_label = np.full(n, "", object)
        if self.suggested_confidence is None:
            self.suggested_confidence = np.zeros(n, np.float32)

    def __len__(self) -> int:
        return len(self.paths)

    @property
    def checked(self) -> list[str]:
        return [t for t in issue_types() if t in self.scores]

    def threshold(self, issue_type: str, thresholds: Optional[dict] = None) -> float:
        if thresholds and issue_type in thresholds:
            return float(thresholds[issue_type])
        return float(self.thresholds.get(issue_type, get_check(issue_type).default_threshold))

    def flagged(self, issue_type: str, threshold: Optional[float] = None) -> np.ndarray:
        """bool (N,): items whose score reaches ``threshold`` (the result's own by default)."""
        get_check(issue_type)
        if issue_type not in self.scores:
            return np.zeros(len(self), bool)
        t = self.threshold(issue_type) if threshold is None else float(threshold)
        return self.scores[issue_type] >= t

    def counts(self, thresholds: Optional[dict] = None) -> dict[str, int]:
        return {t: int(self.flagged(t, self.threshold(t, thresholds)).sum()) for t in self.checked}

    def item_issues(self, i: int, thresholds: Optional[dict] = None) -> list[dict]:
        issues = []
        for t in self.checked:
            score = float(self.scores[t][i])
            if not score >= self.threshold(t, thresholds):
                continue
            issue: dict = {"type": t, "score": round(score, 4)}
            if t in self.groups and self.groups[t][i] >= 0:
                issue["group"] = int(self.groups[t][i])
                issue["keep"] = bool(self.keepers[t][i])
            detail = self.details.get(t)
            if detail is not None and detail[i]:
                issue["detail"] = str(detail[i])
            if get_check(t).about_labels and self.suggested_label[i]:
                issue["suggested_label"] = str(self.suggested_label[i])
                issue["confidence"] = round(float(self.suggested_confidence[i]), 4)
            issues.append(issue)
        return issues

    def to_report(self, thresholds: Optional[dict] = None) -> dict:
        """The ``aigc-scan/1`` report: every item, also the unreadable ones, with its issues."""
        flagged = {t: self.flagged(t, self.threshold(t, thresholds)) for t in self.checked}
        any_issue = np.zeros(len(self), bool)
        for mask in flagged.values():
            any_issue |= mask
        items = []
        for i in range(len(self)):
            issues = self.item_issues(i, thresholds) if any_issue[i] else []
            entry = {"path": str(self.paths[i]), "label": str(self.labels[i]), "issues": issues}
            shown = displayable(entry["path"])
            if shown != entry["path"]:  # a name that is not valid UTF-8: "path" round-trips, this one reads
                entry["display_path"] = shown
            items.append(entry)
        return {
            "schema": REPORT_SCHEMA,
            "root": self.root,
            "n_items": len(self),
            "checks": self.checked,
            "thresholds": {t: self.threshold(t, thresholds) for t in self.checked},
            "items": items,
            "summary": {t: int(mask.sum()) for t, mask in flagged.items()},
        }


def write_report(report: dict, path) -> None:
    """Write a report as JSON atomically: a temporary file beside ``path``, then a rename."""
    write_json(path, report, ensure_ascii=False)
