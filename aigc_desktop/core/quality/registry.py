"""The issue types a scan can report, with their titles, families and default thresholds.

Every check scores each item in [0, 1]; an item is flagged when its score reaches the threshold.
Scores are calibrated so that the default threshold is 0.5 for every type: the calibration lives in
the check (robust statistics of the dataset itself), not in per-type magic numbers in the GUI.
"""
from __future__ import annotations

from dataclasses import dataclass

from aigc_desktop.core.errors import UserError

ISSUE_TYPES = ("corrupt", "exact_duplicate", "near_duplicate", "label_conflict", "missing_label",
               "suspected_label_error", "odd_size", "odd_mode", "blank", "dark", "light", "blurry",
               "outlier")


@dataclass(frozen=True)
class CheckSpec:
    issue_type: str
    family: str          # the module of aigc_desktop.core.quality that computes it
    title: str
    description: str
    default_threshold: float
    grouped: bool        # members share a group id (duplicates, conflicts)


_CHECKS = (
    CheckSpec("corrupt", "integrity", "Corrupt files",
              "The file could not be decoded as an image (the reason is given).", 0.5, False),
    CheckSpec("exact_duplicate", "duplicates", "Exact duplicates",
              "Identical decoded pixels, whatever the file format or bytes.", 0.5, True),
    CheckSpec("near_duplicate", "duplicates", "Near duplicates",
              "The same picture re-encoded, shifted, re-lit or rescaled slightly.", 0.5, True),
    CheckSpec("label_conflict", "duplicates", "Label conflicts",
              "The same or almost the same image filed under different labels.", 0.5, True),
    CheckSpec("missing_label", "integrity", "Missing labels",
              "An unlabelled item in a dataset whose other items are labelled.", 0.5, False),
    CheckSpec("suspected_label_error", "label_errors", "Suspected label errors",
              "Confident learning on out-of-fold predictions of a locally trained classifier "
              "finds the given label unlikely; a label is suggested.", 0.5, False),
    CheckSpec("odd_size", "integrity", "Odd sizes",
              "Width and height differ from the dataset's dominant size.", 0.5, False),
    CheckSpec("odd_mode", "integrity", "Odd colour modes",
              "Colour mode (L, RGB, RGBA, ...) differs from the dataset's dominant mode.", 0.5, False),
    CheckSpec("blank", "appearance", "Blank images",
              "Constant or almost constant pixels: no information.", 0.5, False),
    CheckSpec("dark", "appearance", "Dark images",
              "Much darker than the dataset's typical image.", 0.5, False),
    CheckSpec("light", "appearance", "Light images",
              "Much lighter (washed out) than the dataset's typical image.", 0.5, False),
    CheckSpec("blurry", "appearance", "Blurry images",
              "Much less fine detail than the dataset's typical image.", 0.5, False),
    CheckSpec("outlier", "outliers", "Outliers",
              "Far from every other item: noise, patterns or another domain.", 0.5, False),
)
_BY_TYPE = {c.issue_type: c for c in _CHECKS}
assert tuple(_BY_TYPE) == ISSUE_TYPES


def all_checks() -> list[CheckSpec]:
    return list(_CHECKS)


def get_check(issue_type: str) -> CheckSpec:
    try:
        return _BY_TYPE[issue_type]
    except KeyError:
        raise UserError(f"unknown issue type {issue_type!r}; known: {', '.join(ISSUE_TYPES)}") from None


def parse_checks(text: str | None) -> list[str] | None:
    """``"blank, dark"`` -> ``["blank", "dark"]`` (validated); ``None`` or empty -> all checks."""
    if not text:
        return None
    names = [t.strip() for t in text.split(",") if t.strip()]
    for name in names:
        get_check(name)
    return names
