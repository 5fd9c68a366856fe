"""What the app knows about each issue type, in one place: its :class:`CheckSpec`.

A spec names the type, says how it is shown (``name``, a key the GUI translates; ``title``,
``description``), what its check needs (decoded pixels, the neighbour graph), which cleaning
actions apply to it and which is the default, whether its items form groups and whether it is
about labels; and it holds the check function that scores every item. The scan, the cleaning
plans, the experiment's robust weights and the GUI all read the spec. Adding an issue type is one
spec and its check function, registered with :func:`register` (docs/ARCHITECTURE.md, "Adding a check").

Every check scores each item in [0, 1]; an item is flagged when its score reaches the threshold.
Scores are calibrated so that the default threshold is 0.5 for every type: the calibration lives in
the check (robust statistics of the dataset itself), not in per-type magic numbers in the GUI.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

import numpy as np

from aigc_desktop.core.errors import UserError

# the built-in issue types, in the order of the aigc-scan/1 report (PRODUCT.md); registered by ``checks``
ISSUE_TYPES = ("corrupt", "exact_duplicate", "near_duplicate", "label_conflict", "missing_label",
               "suspected_label_error", "odd_size", "odd_mode", "blank", "dark", "light", "blurry", "outlier")
ACTIONS = ("ignore", "exclude", "keep_one", "keep_confirmed", "relabel", "convert", "resize")
NEEDS = ("pixels", "graph")  # what a check may need beyond the catalog's columns


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name Qt's lupdate looks for)
    """Marks ``text`` for translation in ``context`` without importing Qt: lupdate collects it from
    this module and the GUI translates it when it shows it; the core keeps the English text."""
    return text


@dataclass
class Findings:
    """What a check found: a score per item in [0, 1]; for grouped types the group of each item
    (-1: none); a line of detail per item ("" none)."""

    scores: np.ndarray                       # float32 (N,)
    groups: Optional[np.ndarray] = None      # int64 (N,)
    details: Optional[np.ndarray] = None     # object (N,)


@dataclass(frozen=True)
class CheckSpec:
    issue_type: str
    name: str               # short, lower case ("near duplicate"); marked for translation, context "IssueText"
    title: str
    description: str
    check: Callable[..., Findings]  # check(state: ScanState) -> Findings
    needs: frozenset = frozenset()  # of NEEDS
    actions: tuple = ("ignore", "exclude")
    default_action: str = "exclude"
    grouped: bool = False           # members share a group id (duplicates, conflicts); one is the keeper
    about_labels: bool = False      # its issues carry the classifier's suggested label; it matters to a
    #                                 conditional model only
    default_threshold: float = 0.5

    def __post_init__(self) -> None:
        unknown = set(self.actions) - set(ACTIONS)
        if unknown or self.default_action not in self.actions:
            raise ValueError(f"{self.issue_type}: actions {self.actions} / default {self.default_action!r}")
        if set(self.needs) - set(NEEDS):
            raise ValueError(f"{self.issue_type}: unknown needs {set(self.needs) - set(NEEDS)}")


_checks: dict[str, CheckSpec] = {}


def register(spec: CheckSpec) -> CheckSpec:
    """Add an issue type (after the ones registered before it: the order of reports and lists)."""
    _load_builtin()  # the built-in types come first
    if spec.issue_type in _checks:
        raise ValueError(f"issue type {spec.issue_type!r} is registered already")
    _checks[spec.issue_type] = spec
    return spec


def unregister(issue_type: str) -> None:
    del _checks[issue_type]


@contextmanager
def registered(spec: CheckSpec) -> Iterator[CheckSpec]:
    """``spec`` is known while the block runs (a plug-in's scope, a test)."""
    register(spec)
    try:
        yield spec
    finally:
        unregister(spec.issue_type)


def _load_builtin() -> None:
    from aigc_desktop.core.quality import checks  # noqa: F401  (it registers the built-in checks)


def all_checks() -> list[CheckSpec]:
    _load_builtin()
    return list(_checks.values())


def issue_types() -> tuple[str, ...]:
    """Every registered issue type, in order."""
    _load_builtin()
    return tuple(_checks)


def get_check(issue_type: str) -> CheckSpec:
    _load_builtin()
    try:
        return _checks[issue_type]
    except KeyError:
        raise UserError(f"unknown issue type {issue_type!r}; known: {', '.join(_checks)}") from None


def parse_checks(text: str | None) -> list[str] | None:
    """``"blank, dark"`` -> ``["blank", "dark"]`` (validated); ``None`` or empty -> all checks."""
    if not text:
        return None
    names = [t.strip() for t in text.split(",") if t.strip()]
    for name in names:
        get_check(name)
    return names
