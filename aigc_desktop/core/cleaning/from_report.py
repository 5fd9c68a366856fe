"""Rebuild a :class:`ScanResult` from an ``aigc-scan/1`` report, matched to a dataset's items by path.

``aigc clean`` takes the report a scan wrote (maybe on another machine, maybe edited by hand); the
plan then treats it exactly like a fresh scan. An issue listed in the report scores as given; an
issue not listed scores 0 (below any threshold).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.quality.registry import get_check, issue_types
from aigc_desktop.core.quality.result import REPORT_SCHEMA, ScanResult


@dataclass
class ReportMatch:
    scan: ScanResult
    unmatched_report_paths: list[str]   # in the report, not in the dataset
    unmatched_items: int                # in the dataset, not in the report


def load_scan_report(path) -> dict:
    p = Path(path)
    if not p.exists():
        raise UserError(f"no scan report at {p}; write one with: aigc scan DATASET --report {p}")
    try:
        report = json.loads(p.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{p} is not a readable scan report ({exc})") from None
    if not isinstance(report, dict) or report.get("schema") != REPORT_SCHEMA or not isinstance(report.get("items"), list):
        raise UserError(f"{p} is not a scan report (schema {REPORT_SCHEMA})")
    return report


def scan_from_report(report: dict, items, dataset_id=None) -> ReportMatch:
    n = len(items)
    row_of = {str(p): i for i, p in enumerate(items.path.tolist())}
    seen_types = {issue.get("type") for item in report["items"] for issue in item.get("issues", [])}
    checked = [t for t in issue_types() if t in set(report.get("checks") or []) | set(report.get("summary") or {}) | seen_types]
    scores = {t: np.zeros(n, np.float32) for t in checked}
    grouped = [t for t in checked if get_check(t).grouped]
    groups = {t: np.full(n, -1, np.int64) for t in grouped}
    keepers = {t: np.zeros(n, bool) for t in grouped}
    has_keep = {t: False for t in grouped}
    details = {t: np.full(n, "", object) for t in checked}
    suggested = np.full(n, "", object)
    confidence = np.zeros(n, np.float32)
    unmatched = []
    matched = np.zeros(n, bool)
    for entry in report["items"]:
        r = row_of.get(str(entry.get("path")))
        if r is None:
            unmatched.append(str(entry.get("path")))
            continue
        matched[r] = True
        for issue in entry.get("issues", []):
            t = issue.get("type")
            if t not in scores:
                continue
            scores[t][r] = float(issue.get("score", 1.0))
            if t in groups and issue.get("group") is not None:
                groups[t][r] = int(issue["group"])
                if "keep" in issue:
                    has_keep[t] = True
                    keepers[t][r] = bool(issue["keep"])
            if issue.get("detail"):
                details[t][r] = str(issue["detail"])
            if issue.get("suggested_label"):
                suggested[r] = str(issue["suggested_label"])
                confidence[r] = float(issue.get("confidence", 0.0))
    if report["items"] and not matched.any():
        raise UserError("the scan report does not describe this dataset (none of its paths are items of it); "
                        "scan the dataset again")
    for t in grouped:  # a report without "keep": the first member of each group is its keeper
        if not has_keep[t]:
            members = np.flatnonzero(groups[t] >= 0)
            _, first = np.unique(groups[t][members], return_index=True)
            keepers[t][members[first]] = True
    thresholds = {t: float(report.get("thresholds", {}).get(t, get_check(t).default_threshold)) for t in checked}
    scan = ScanResult(dataset_id=dataset_id, root=str(report.get("root", "")), paths=items.path, labels=items.label,
                      item_ids=items.ids, scores=scores, thresholds=thresholds, groups=groups, keepers=keepers,
                      suggested_label=suggested, suggested_confidence=confidence, details=details)
    return ReportMatch(scan, unmatched, int((~matched).sum()))
