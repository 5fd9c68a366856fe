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

from aigc_desktop.core.crash import describe
from aigc_desktop.core.data import bounded
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.guards import display
from aigc_desktop.core.quality.registry import get_check, issue_types
from aigc_desktop.core.validation import Bool, Const, DictOf, Int, ListOf, Nullable, Num, Record, Str, validate
from aigc_desktop.core.quality.result import REPORT_SCHEMA, ScanResult


@dataclass
class ReportMatch:
    scan: ScanResult
    unmatched_report_paths: list[str]   # in the report, not in the dataset
    unmatched_items: int                # in the dataset, not in the report


def report_spec() -> Record:
    """The ``aigc-scan/1`` report as a schema (the issue types are the registry's, as now)."""
    types = tuple(issue_types())
    issue = Record({"type": Str(types)},
                   {"score": Num(0, 1), "group": Nullable(Int(0, 2**62)), "keep": Bool(), "detail": Nullable(Str()),
                    "suggested_label": Nullable(Str()), "confidence": Nullable(Num(0, 1))})
    item = Record({"path": Str()}, {"label": Nullable(Str()), "issues": ListOf(issue), "display_path": Str()})
    return Record({"schema": Const(REPORT_SCHEMA), "items": ListOf(item)},
                  {"root": Str(), "n_items": Int(0), "checks": ListOf(Str(types)), "thresholds": DictOf(Num(0, 1)),
                   "summary": DictOf(Int(0))})


def validate_scan_report(report, where: str) -> dict:
    """``report`` when it is a well-formed ``aigc-scan/1`` report; else a UserError naming ``where``
    and the first bad entry (``items[3].issues[0].score: expected a finite number from 0 to 1, …``)."""
    if not isinstance(report, dict) or report.get("schema") != REPORT_SCHEMA:
        raise UserError(f"{where} is not a scan report (schema {REPORT_SCHEMA})")
    return validate(report, report_spec(), where)


def load_scan_report(path) -> dict:
    """A scan report from a file: a regular file of bounded size, valid JSON, valid against the schema."""
    p = Path(path)
    shown = display(p)
    if not p.exists():
        raise UserError(f"no scan report at {shown}; write one with: aigc scan DATASET --report {shown}")
    try:
        report = json.loads(bounded.read_for_user(p, bounded.MAX_TEXT_BYTES, shown, "a scan report").decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise UserError(f"{shown} is not a readable scan report ({describe(exc)})") from None
    return validate_scan_report(report, shown)


def scan_from_report(report: dict, items, dataset_id=None) -> ReportMatch:
    n = len(items)
    rows_of: dict[str, list[int]] = {}  # a path listed twice (a manifest's duplicate rows) is two items
    for i, p in enumerate(items.path.tolist()):
        rows_of.setdefault(str(p), []).append(i)
    taken: dict[str, int] = {}
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
        path = str(entry.get("path"))
        rows = rows_of.get(path)
        k = taken.get(path, 0)
        if rows is None or k >= len(rows):
            unmatched.append(path)
            continue
        taken[path] = k + 1
        r = rows[k]  # the k-th entry of a path is the k-th item with that path, in import order
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
                confidence[r] = float(issue.get("confidence") or 0.0)
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
