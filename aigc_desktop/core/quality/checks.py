"""The built-in checks: one :class:`~aigc_desktop.core.quality.registry.CheckSpec` per issue type of
the ``aigc-scan/1`` report, each with its check function, registered in report order.

    catalog columns ─► corrupt, missing_label, odd_size, odd_mode, exact_duplicate (pixel hashes)
    pixels ─► stats ─► blank, dark, light, blurry
           └► neighbour graph ─► near_duplicate, label_conflict, outlier, suspected_label_error

The work several checks share (the graph, the duplicate verification, the classifier) is computed
once by :class:`~aigc_desktop.core.quality.scan_state.ScanState`.
"""
from __future__ import annotations

import numpy as np

from aigc_desktop.core.quality import integrity
from aigc_desktop.core.quality.registry import ISSUE_TYPES, QT_TRANSLATE_NOOP, CheckSpec, Findings, register
from aigc_desktop.core.quality.scan_state import ScanState

GROUPED_ACTIONS = ("ignore", "exclude", "keep_one")
PIXELS = frozenset({"pixels"})
GRAPH = frozenset({"pixels", "graph"})


# ---------------------------------------------------------------------------------- the check functions
def corrupt(state: ScanState) -> Findings:
    inputs = state.inputs
    scores, text = integrity.corrupt_scores(inputs.status, inputs.reason, inputs.detail)
    lost = state.readable_at_import & ~state.ok  # readable at import, unreadable now
    scores[lost] = 1.0
    text[lost] = "unreadable now (changed or removed since the import)"
    return Findings(scores, details=text)


def missing_label(state: ScanState) -> Findings:
    return Findings(integrity.missing_label_scores(state.labels, state.ok))


def odd_size(state: ScanState) -> Findings:
    scores, text = integrity.odd_size_scores(state.inputs.width, state.inputs.height, state.ok)
    return Findings(scores, details=text)


def odd_mode(state: ScanState) -> Findings:
    scores, text = integrity.odd_mode_scores(state.inputs.mode, state.ok)
    return Findings(scores, details=text)


def exact_duplicate(state: ScanState) -> Findings:
    groups = state.exact[0]
    text = np.full(state.n, "", object)
    members = np.flatnonzero(groups >= 0)
    sizes = np.bincount(groups[members]) if len(members) else np.zeros(0, int)
    for i in members:
        text[i] = f"{sizes[groups[i]]} files with identical pixels"
    return Findings((groups >= 0).astype(np.float32), groups, text)


def _appearance(name: str):
    def check(state: ScanState) -> Findings:
        return Findings(state.appearance[name])

    check.__name__ = name
    return check


def near_duplicate(state: ScanState) -> Findings:
    """Each near duplicate's detail names its most similar other file ("like 3/img_00012.png")."""
    dup, paths, representative = state.duplicates, state.inputs.paths, state.exact[1]
    text = np.full(state.n, "", object)
    if len(dup.pairs):
        best_partner = np.full(state.n, -1, np.int64)
        a = np.concatenate([dup.pairs[:, 0], dup.pairs[:, 1]])
        b = np.concatenate([dup.pairs[:, 1], dup.pairs[:, 0]])
        order = np.argsort(np.concatenate([dup.pair_scores, dup.pair_scores]), kind="stable")
        best_partner[a[order]] = b[order]  # ascending scores: the last (best) assignment wins
        for i in np.flatnonzero(dup.near_groups >= 0):
            partner = best_partner[representative[i]]
            if partner >= 0:
                text[i] = f"like {paths[partner]}"
    return Findings(dup.near_scores, dup.near_groups, text)


def label_conflict(state: ScanState) -> Findings:
    groups, labels = state.duplicates.conflict_groups, state.labels
    text = np.full(state.n, "", object)
    members = np.flatnonzero(groups >= 0)
    names: dict[int, set] = {}
    for i in members:
        if labels[i]:
            names.setdefault(int(groups[i]), set()).add(str(labels[i]))
    for i in members:
        text[i] = "labels " + ", ".join(sorted(names.get(int(groups[i]), ())))
    return Findings(state.duplicates.conflict_scores, groups, text)


def outlier(state: ScanState) -> Findings:
    return Findings(state.outlier)


def suspected_label_error(state: ScanState) -> Findings:
    return Findings(state.label_errors.scores)


# ---------------------------------------------------------------------------------- the specs
BUILTIN = (
    CheckSpec("corrupt", QT_TRANSLATE_NOOP("IssueText", "corrupt"),
              QT_TRANSLATE_NOOP("CheckText", "Corrupt files"),
              QT_TRANSLATE_NOOP("CheckText", "The file could not be decoded as an image (the reason is given)."),
              corrupt),
    CheckSpec("exact_duplicate", QT_TRANSLATE_NOOP("IssueText", "exact duplicate"),
              QT_TRANSLATE_NOOP("CheckText", "Exact duplicates"),
              QT_TRANSLATE_NOOP("CheckText", "Identical decoded pixels, whatever the file format or bytes."),
              exact_duplicate,
              actions=GROUPED_ACTIONS, default_action="keep_one", grouped=True),
    CheckSpec("near_duplicate", QT_TRANSLATE_NOOP("IssueText", "near duplicate"),
              QT_TRANSLATE_NOOP("CheckText", "Near duplicates"),
              QT_TRANSLATE_NOOP("CheckText", "The same picture re-encoded, shifted, re-lit or rescaled slightly."),
              near_duplicate, needs=GRAPH,
              actions=GROUPED_ACTIONS, default_action="keep_one", grouped=True),
    CheckSpec("label_conflict", QT_TRANSLATE_NOOP("IssueText", "label conflict"),
              QT_TRANSLATE_NOOP("CheckText", "Label conflicts"),
              QT_TRANSLATE_NOOP("CheckText", "The same or almost the same image filed under different labels."),
              label_conflict, needs=GRAPH,
              actions=GROUPED_ACTIONS + ("keep_confirmed",), default_action="keep_confirmed", grouped=True,
              about_labels=True),
    CheckSpec("missing_label", QT_TRANSLATE_NOOP("IssueText", "missing label"),
              QT_TRANSLATE_NOOP("CheckText", "Missing labels"),
              QT_TRANSLATE_NOOP("CheckText", "An unlabelled item in a dataset whose other items are labelled."),
              missing_label,
              actions=("ignore", "exclude", "relabel"), about_labels=True),
    CheckSpec("suspected_label_error", QT_TRANSLATE_NOOP("IssueText", "suspected label error"),
              QT_TRANSLATE_NOOP("CheckText", "Suspected label errors"),
              QT_TRANSLATE_NOOP("CheckText", "Confident learning on out-of-fold predictions of a locally trained "
                                            "classifier finds the given label unlikely; a label is suggested."),
              suspected_label_error, needs=GRAPH,
              actions=("ignore", "exclude", "relabel"), default_action="relabel", about_labels=True),
    CheckSpec("odd_size", QT_TRANSLATE_NOOP("IssueText", "odd size"),
              QT_TRANSLATE_NOOP("CheckText", "Odd sizes"),
              QT_TRANSLATE_NOOP("CheckText", "Width and height differ from the dataset's dominant size."), odd_size,
              actions=("ignore", "exclude", "resize"), default_action="resize"),
    CheckSpec("odd_mode", QT_TRANSLATE_NOOP("IssueText", "odd colour mode"),
              QT_TRANSLATE_NOOP("CheckText", "Odd colour modes"),
              QT_TRANSLATE_NOOP("CheckText",
                                "Colour mode (L, RGB, RGBA, ...) differs from the dataset's dominant mode."),
              odd_mode,
              actions=("ignore", "exclude", "convert"), default_action="convert"),
    CheckSpec("blank", QT_TRANSLATE_NOOP("IssueText", "blank"),
              QT_TRANSLATE_NOOP("CheckText", "Blank images"),
              QT_TRANSLATE_NOOP("CheckText", "Constant or almost constant pixels: no information."),
              _appearance("blank"), needs=PIXELS),
    CheckSpec("dark", QT_TRANSLATE_NOOP("IssueText", "dark"),
              QT_TRANSLATE_NOOP("CheckText", "Dark images"),
              QT_TRANSLATE_NOOP("CheckText", "Much darker than the dataset's typical image."),
              _appearance("dark"), needs=PIXELS),
    CheckSpec("light", QT_TRANSLATE_NOOP("IssueText", "light"),
              QT_TRANSLATE_NOOP("CheckText", "Light images"),
              QT_TRANSLATE_NOOP("CheckText", "Much lighter (washed out) than the dataset's typical image."),
              _appearance("light"), needs=PIXELS),
    CheckSpec("blurry", QT_TRANSLATE_NOOP("IssueText", "blurry"),
              QT_TRANSLATE_NOOP("CheckText", "Blurry images"),
              QT_TRANSLATE_NOOP("CheckText", "Much less fine detail than the dataset's typical image."),
              _appearance("blurry"), needs=PIXELS),
    CheckSpec("outlier", QT_TRANSLATE_NOOP("IssueText", "outlier"),
              QT_TRANSLATE_NOOP("CheckText", "Outliers"),
              QT_TRANSLATE_NOOP("CheckText", "Far from every other item: noise, patterns or another domain."),
              outlier, needs=GRAPH),
)
assert tuple(spec.issue_type for spec in BUILTIN) == ISSUE_TYPES
for _spec in BUILTIN:
    register(_spec)
