"""The scan service: every check of the registry over one dataset of the catalog.

``scan`` is a job (:mod:`aigc_desktop.core.jobs`): it yields :class:`ScanProgress` events (the
GUI's bar and the CLI's progress line show the same events) and returns the result. It decodes each readable item once (in parallel threads, chunk by
chunk, so memory stays bounded), then runs the checks on the columnar features:

    catalog columns ─► corrupt, missing_label, odd_size, odd_mode
    pixels ─► stats + aligned thumbnails ─► blank, dark, light, blurry
                                         └► projections ─► k-NN graph ─► near_duplicate, label_conflict,
                                                                         outlier, suspected_label_error
    pixel hashes ─► exact_duplicate
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterable, Optional

import numpy as np

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import CancelToken, Job, JobContext, Progress, run_job
from aigc_desktop.core.quality import appearance, duplicates, integrity, label_errors, outliers
from aigc_desktop.core.quality.features import ImageFeatures, analysis_size, thumb_shape
from aigc_desktop.core.quality.neighbors import Neighbors, embed, knn
from aigc_desktop.core.quality.registry import ISSUE_TYPES, get_check
from aigc_desktop.core.quality.result import ScanResult, write_report  # noqa: F401  (public API)
from aigc_desktop.core.quality.store import load_latest_scan, save_scan  # noqa: F401  (public API)

CHUNK = 1024
K_NEIGHBORS = 10
PIXEL_TYPES = frozenset({"near_duplicate", "label_conflict", "suspected_label_error", "blank", "dark",
                         "light", "blurry", "outlier"})
GRAPH_TYPES = frozenset({"near_duplicate", "label_conflict", "suspected_label_error", "outlier"})
LOSSLESS = (".png", ".bmp", ".tif", ".tiff", ".gif", ".ppm", ".pgm", ".pbm", ".webp")


@dataclass(frozen=True)
class ScanProgress(Progress):
    """A step of a scan: ``stage`` is one of pixels, neighbours, duplicates, labels, done."""


@dataclass
class ScanInputs:
    """What the checks read about each item, as the catalog recorded it."""

    dataset_id: Optional[int]
    root: str
    item_ids: np.ndarray
    paths: np.ndarray
    labels: np.ndarray
    status: np.ndarray
    reason: np.ndarray
    detail: np.ndarray
    width: np.ndarray
    height: np.ndarray
    mode: np.ndarray
    nbytes: np.ndarray
    pixel_hash: np.ndarray

    @classmethod
    def from_catalog(cls, catalog, dataset_id: int) -> "ScanInputs":
        info = catalog.dataset(dataset_id)
        t = catalog.items(dataset_id)
        return cls(dataset_id, info.root, t.ids, t.path, t.label, t.status, t.reason, t.detail, t.width,
                   t.height, t.mode, t.nbytes, t.pixel_hash)


def resolve_checks(checks: Optional[Iterable[str]]) -> list[str]:
    if checks is None:
        return list(ISSUE_TYPES)
    wanted = set()
    for name in checks:
        wanted.add(get_check(name).issue_type)
    if not wanted:
        raise UserError("no checks selected")
    return [t for t in ISSUE_TYPES if t in wanted]


def scan(catalog, dataset_id: int, checks: Optional[list[str]], ctx: JobContext) -> Job[ScanResult]:
    """Run the ``checks`` (None: all) over the dataset: a job yielding :class:`ScanProgress`,
    returning the :class:`ScanResult`."""
    started = time.perf_counter()
    wanted = resolve_checks(checks)
    inputs = ScanInputs.from_catalog(catalog, dataset_id)
    ok = inputs.status.astype(str) == "ok"
    features = None
    if PIXEL_TYPES.intersection(wanted):
        size = analysis_size(inputs.height[ok], inputs.width[ok])
        features = ImageFeatures.empty(len(ok), thumb_shape(size))
        rows_ok = np.flatnonzero(ok)
        yield ScanProgress("pixels", 0, len(rows_ok), "reading pixels")
        from aigc_desktop.core.data.pixels import load_array

        for start in range(0, len(rows_ok), CHUNK):
            ctx.cancel.raise_if_cancelled()
            rows = rows_ok[start:start + CHUNK]
            # each chunk's own progress is not shown: the scan reports the chunks
            pixels, got = run_job(load_array(catalog, inputs.paths[rows].tolist(), ctx, size=size, channels=1,
                                             dataset_id=dataset_id))
            features.put(rows[got], pixels[got, ..., 0])
            yield ScanProgress("pixels", start + len(rows), len(rows_ok), "reading pixels")
    result = yield from analyse(inputs, features, wanted, ctx.cancel)
    result.seconds = time.perf_counter() - started
    yield ScanProgress("done", 1, 1, "scan finished")
    return result


def analyse(inputs: ScanInputs, features: Optional[ImageFeatures], wanted: list[str],
            cancel: Optional[CancelToken] = None) -> Job[ScanResult]:
    """Run the ``wanted`` checks on decoded features; a generator of progress, returning the result."""
    n = len(inputs.paths)
    labels = inputs.labels.astype(object)
    ok = inputs.status.astype(str) == "ok"
    scores: dict[str, np.ndarray] = {}
    details: dict[str, np.ndarray] = {}
    groups: dict[str, np.ndarray] = {}
    suggested = np.full(n, "", object)
    confidence = np.zeros(n, np.float32)

    # ---- from the catalog's columns
    corrupt, corrupt_text = integrity.corrupt_scores(inputs.status, inputs.reason, inputs.detail)
    if features is not None:  # readable at import, unreadable now (changed or removed since)
        lost = ok & ~features.ok
        corrupt[lost] = 1.0
        corrupt_text[lost] = "unreadable now (changed or removed since the import)"
        ok = ok & features.ok
    scores["corrupt"], details["corrupt"] = corrupt, corrupt_text
    scores["missing_label"] = integrity.missing_label_scores(labels, ok)
    scores["odd_size"], details["odd_size"] = integrity.odd_size_scores(inputs.width, inputs.height, ok)
    scores["odd_mode"], details["odd_mode"] = integrity.odd_mode_scores(inputs.mode, ok)
    exact, representative = duplicates.exact_groups(inputs.pixel_hash, ok)
    scores["exact_duplicate"] = (exact >= 0).astype(np.float32)
    groups["exact_duplicate"] = exact

    blank = np.zeros(n, np.float32)
    if features is not None:
        scores.update(appearance.appearance_scores(features.stats, ok))
        blank = scores["blank"]

    outlier = np.zeros(n, np.float32)
    if features is not None and GRAPH_TYPES.intersection(wanted):
        yield ScanProgress("neighbours", 0, 1, "comparing images")
        is_rep = ok & (representative == np.arange(n))
        unit, residual = embed(features.thumbs, ok, features.remainder)
        neighbors = knn(unit, K_NEIGHBORS, is_rep, cancel=cancel)
        yield ScanProgress("neighbours", 1, 1, "comparing images")
        if cancel is not None:
            cancel.raise_if_cancelled()
        # an exact copy sees what its representative sees
        copies = ok & ~is_rep
        neighbors.index[copies] = neighbors.index[representative[copies]]
        neighbors.similarity[copies] = neighbors.similarity[representative[copies]]

        yield ScanProgress("duplicates", 0, 1, "verifying near duplicates")
        rep_neighbors = Neighbors(np.where(is_rep[:, None], neighbors.index, -1),
                                  np.where(is_rep[:, None], neighbors.similarity, -np.inf))
        dup = duplicates.find_duplicates(features.thumbs, rep_neighbors, inputs.pixel_hash, ok, labels,
                                         get_check("near_duplicate").default_threshold)
        scores["near_duplicate"], groups["near_duplicate"] = dup.near_scores, dup.near_groups
        scores["label_conflict"], groups["label_conflict"] = dup.conflict_scores, dup.conflict_groups
        details["near_duplicate"] = _near_details(dup, inputs.paths, representative)
        details["label_conflict"] = _conflict_details(dup.conflict_groups, labels)
        yield ScanProgress("duplicates", 1, 1, "verifying near duplicates")

        outlier = outliers.outlier_scores(residual, neighbors, ok, unit) * (1.0 - blank)
        scores["outlier"] = outlier.astype(np.float32)

        if "suspected_label_error" in wanted or "missing_label" in wanted or "label_conflict" in wanted:
            yield ScanProgress("labels", 0, 1, "cross-validating a classifier")
            usable = ok & (blank < 0.5) & (outlier < 0.5)
            found = label_errors.find_label_errors(unit, labels, usable, representative, neighbors,
                                                   cancel=cancel)
            scores["suspected_label_error"] = found.scores
            suggested, confidence = found.suggested, found.confidence
            yield ScanProgress("labels", 1, 1, "cross-validating a classifier")

    if "exact_duplicate" in scores:
        details["exact_duplicate"] = _exact_details(exact, inputs.paths)
    scores = {t: np.asarray(scores[t], np.float32) for t in wanted if t in scores}
    groups = {t: g for t, g in groups.items() if t in scores}
    keepers = {t: choose_keepers(g, inputs, ok, outlier, suggested if t == "label_conflict" else None)
               for t, g in groups.items()}
    return ScanResult(
        dataset_id=inputs.dataset_id, root=inputs.root, paths=inputs.paths, labels=labels,
        item_ids=inputs.item_ids, scores=scores,
        thresholds={t: get_check(t).default_threshold for t in scores}, groups=groups, keepers=keepers,
        suggested_label=suggested, suggested_confidence=confidence,
        details={t: d for t, d in details.items() if t in scores})


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


def _exact_details(exact: np.ndarray, paths: np.ndarray) -> np.ndarray:
    text = np.full(len(exact), "", object)
    members = np.flatnonzero(exact >= 0)
    sizes = np.bincount(exact[members]) if len(members) else np.zeros(0, int)
    for i in members:
        text[i] = f"{sizes[exact[i]]} files with identical pixels"
    return text


def _near_details(dup: duplicates.DuplicateResult, paths: np.ndarray, representative: np.ndarray) -> np.ndarray:
    """The most similar other file of each near duplicate ("like 3/img_00012.png")."""
    text = np.full(len(paths), "", object)
    if len(dup.pairs) == 0:
        return text
    best_partner = np.full(len(paths), -1, np.int64)
    a = np.concatenate([dup.pairs[:, 0], dup.pairs[:, 1]])
    b = np.concatenate([dup.pairs[:, 1], dup.pairs[:, 0]])
    order = np.argsort(np.concatenate([dup.pair_scores, dup.pair_scores]), kind="stable")
    best_partner[a[order]] = b[order]  # ascending scores: the last (best) assignment wins
    for i in np.flatnonzero(dup.near_groups >= 0):
        partner = best_partner[representative[i]]
        if partner >= 0:
            text[i] = f"like {paths[partner]}"
    return text


def _conflict_details(conflict_groups: np.ndarray, labels: np.ndarray) -> np.ndarray:
    text = np.full(len(labels), "", object)
    members = np.flatnonzero(conflict_groups >= 0)
    names: dict[int, set] = {}
    for i in members:
        if labels[i]:
            names.setdefault(int(conflict_groups[i]), set()).add(str(labels[i]))
    for i in members:
        text[i] = "labels " + ", ".join(sorted(names.get(int(conflict_groups[i]), ())))
    return text
