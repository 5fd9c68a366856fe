"""The scan service: the checks of the registry over one dataset of the catalog.

``scan`` is a job (:mod:`aigc_desktop.core.jobs`): it yields :class:`ScanProgress` events (the
GUI's bar and the CLI's progress line show the same events) and returns the result. It decodes each
readable item once (in parallel threads, chunk by chunk, so memory stays bounded) when a check needs
pixels, builds the neighbour graph when a check needs it, then runs each check's function on the
shared :class:`~aigc_desktop.core.quality.scan_state.ScanState` (``core/quality/checks.py`` has
the built-in ones and their data flow).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterable, Optional

import numpy as np

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import CancelToken, Job, JobContext, Progress, run_job
from aigc_desktop.core.quality.features import ImageFeatures, analysis_size, thumb_shape
from aigc_desktop.core.quality.registry import get_check, issue_types
from aigc_desktop.core.quality.result import ScanResult, write_report  # noqa: F401  (public API)
from aigc_desktop.core.quality.scan_state import ScanInputs, ScanState
from aigc_desktop.core.quality.store import load_latest_scan, save_scan  # noqa: F401  (public API)

CHUNK = 1024
LOSSLESS = (".png", ".bmp", ".tif", ".tiff", ".gif", ".ppm", ".pgm", ".pbm", ".webp")


@dataclass(frozen=True)
class ScanProgress(Progress):
    """A step of a scan: ``stage`` is one of pixels, neighbours, duplicates, labels, done."""


def resolve_checks(checks: Optional[Iterable[str]]) -> list[str]:
    """The issue types to check, in registry order (None: every registered one)."""
    if checks is None:
        return list(issue_types())
    wanted = set()
    for name in checks:
        wanted.add(get_check(name).issue_type)
    if not wanted:
        raise UserError("no checks selected")
    return [t for t in issue_types() if t in wanted]


def scan(catalog, dataset_id: int, checks: Optional[list[str]], ctx: JobContext) -> Job[ScanResult]:
    """Run the ``checks`` (None: all) over the dataset: a job yielding :class:`ScanProgress`,
    returning the :class:`ScanResult`."""
    started = time.perf_counter()
    wanted = resolve_checks(checks)
    inputs = ScanInputs.from_catalog(catalog, dataset_id)
    features = None
    if any("pixels" in get_check(t).needs for t in wanted):
        features = yield from read_features(catalog, inputs, ctx)
    result = yield from analyse(inputs, features, wanted, ctx.cancel)
    result.seconds = time.perf_counter() - started
    yield ScanProgress("done", 1, 1, "scan finished")
    return result


def read_features(catalog, inputs: ScanInputs, ctx: JobContext) -> Job[ImageFeatures]:
    """Decode every readable item once (chunk by chunk, in parallel threads) into the columnar
    :class:`ImageFeatures` the pixel checks read; a job yielding ``ScanProgress("pixels", ...)``."""
    from aigc_desktop.core.data.pixels import load_array

    ok = inputs.status.astype(str) == "ok"
    size = analysis_size(inputs.height[ok], inputs.width[ok])
    features = ImageFeatures.empty(len(ok), thumb_shape(size))
    rows_ok = np.flatnonzero(ok)
    yield ScanProgress("pixels", 0, len(rows_ok), "reading pixels")
    for start in range(0, len(rows_ok), CHUNK):
        ctx.cancel.raise_if_cancelled()
        rows = rows_ok[start:start + CHUNK]
        # each chunk's own progress is not shown: the scan reports the chunks
        pixels, got = run_job(load_array(catalog, inputs.paths[rows].tolist(), ctx, size=size, channels=1,
                                         dataset_id=inputs.dataset_id))
        features.put(rows[got], pixels[got, ..., 0])
        yield ScanProgress("pixels", start + len(rows), len(rows_ok), "reading pixels")
    return features


def analyse(inputs: ScanInputs, features: Optional[ImageFeatures], wanted: list[str],
            cancel: Optional[CancelToken] = None) -> Job[ScanResult]:
    """Run the ``wanted`` checks on decoded features; a generator of progress, returning the result.
    A check that needs pixels or the graph finds nothing (all scores 0) when no pixels were decoded."""
    state = ScanState(inputs, features, cancel)
    specs = [get_check(t) for t in wanted]
    if state.has_pixels and any("graph" in spec.needs for spec in specs):
        # the shared stages, in order and each once, so that their progress can be shown
        yield ScanProgress("neighbours", 0, 1, "comparing images")
        state.graph
        yield ScanProgress("neighbours", 1, 1, "comparing images")
        if any(spec.grouped and "graph" in spec.needs for spec in specs):
            yield ScanProgress("duplicates", 0, 1, "verifying near duplicates")
            state.duplicates
            yield ScanProgress("duplicates", 1, 1, "verifying near duplicates")
        if any(spec.about_labels for spec in specs):  # the classifier also suggests labels for them
            yield ScanProgress("labels", 0, 1, "cross-validating a classifier")
            state.label_errors
            yield ScanProgress("labels", 1, 1, "cross-validating a classifier")
    findings = {spec.issue_type: spec.check(state) for spec in specs
                if state.has_pixels or not spec.needs}
    scores = {t: np.asarray(f.scores, np.float32) for t, f in findings.items()}
    groups = {t: f.groups for t, f in findings.items() if f.groups is not None}
    suggested, confidence = state.suggestions()
    keepers = {t: choose_keepers(g, inputs, state.ok, state.outlier_or_none(),
                                 suggested if get_check(t).about_labels else None)
               for t, g in groups.items()}
    return ScanResult(
        dataset_id=inputs.dataset_id, root=inputs.root, paths=inputs.paths, labels=state.labels,
        item_ids=inputs.item_ids, scores=scores,
        thresholds={t: get_check(t).default_threshold for t in scores}, groups=groups, keepers=keepers,
        suggested_label=suggested, suggested_confidence=confidence,
        details={t: f.details for t, f in findings.items() if f.details is not None},
        features=state.graph[0] if "graph" in state.__dict__ else None)  # the vectors the graph compared


def choose_keepers(group: np.ndarray, inputs: ScanInputs, ok: np.ndarray, outlier: np.ndarray,
                   suggested: Optional[np.ndarray] = None) -> np.ndarray:
    """bool (N,): one member per group, the best by a deterministic order of preferences:
    readable, the label the classifier suggests (conflicts), the dominant size and mode, not an
    outlier, a lossless file, the larger file, the shorter path, the first path."""
    n = len(group)
    keep = np.zeros(n, bool)
    members = np.flatnonzero(group >= 0)
    if len(members) == 0:
        return keep
    size_key = inputs.height.astype(np.int64) * 1_000_000 + inputs.width.astype(np.int64)
    common_size = _most_common(size_key[ok]) if ok.any() else -1
    common_mode = _most_common(inputs.mode.astype(str)[ok]) if ok.any() else ""
    paths = inputs.paths.astype(str)
    agrees = (np.zeros(n, bool) if suggested is None
              else (suggested.astype(str) == inputs.labels.astype(str)) & (suggested.astype(str) != ""))
    lossless = np.array([p.lower().endswith(LOSSLESS) for p in paths])
    path_rank = np.argsort(np.argsort(paths, kind="stable"), kind="stable")
    m = members
    # np.lexsort sorts by the last key first; every key is "smaller is better"
    order = np.lexsort((path_rank[m], np.char.str_len(paths[m].astype(str)), -inputs.nbytes[m],
                        ~lossless[m], outlier[m] >= 0.5, inputs.mode.astype(str)[m] != common_mode,
                        size_key[m] != common_size, ~agrees[m], ~ok[m], group[m]))
    ranked = m[order]
    first = np.r_[True, group[ranked][1:] != group[ranked][:-1]]
    keep[ranked[first]] = True
    return keep


def _most_common(values: np.ndarray):
    uniq, counts = np.unique(values, return_counts=True)
    return uniq[np.argmax(counts)]

