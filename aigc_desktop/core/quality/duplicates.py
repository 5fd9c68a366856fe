"""Exact duplicates, near duplicates and label conflicts.

Exact duplicates share the hash of their decoded pixels (a PNG and a BMP of one picture are the
same image). Near duplicates are found in two stages, so nothing is quadratic in Python:

1. candidates: the k nearest neighbours of each distinct image in the projected thumbnail space
   (neighbors.py; one representative per exact-duplicate group, so many copies of one picture do
   not crowd its other neighbours out);
2. verification: the Pearson correlation of the two aligned thumbnails, maximised over shifts of
   one pixel and over a light blur of either side. JPEG noise, brightness offsets, translations and
   the softening of a small rescale then all leave a correlation near 1, while distinct pictures of
   the same class (two handwritten 1s) stay further apart; how much further depends on the data,
   so the cut is a share of the dataset's own typical nearest-neighbour distance. A
   perceptual-hash equality test misses about half of such copies.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aigc_desktop.core.quality.neighbors import Neighbors
from aigc_desktop.core.quality.robust import connected_components

CANDIDATE_MIN = 0.93     # projected similarity below which a neighbour is no near copy (copies: > 0.98)
PRECHECK_MIN = 0.88      # plain correlation below which blur matching is not tried
# A pair scores 0.5 (the default threshold) at a verified distance 1 - correlation of
#   min(MAX_HALF_DISTANCE, TYPICAL_SHARE * the dataset's median nearest-neighbour distance):
# on MNIST distinct digits lie ~0.17 apart and copies within 0.02; on the demo's smooth upscaled
# digits distinct ones lie ~0.03 apart and copies within 0.002. A fixed cut fits only one of them.
MAX_HALF_DISTANCE = 0.02
TYPICAL_SHARE = 0.12
MIN_HALF_DISTANCE = 5e-4
BLUR_SIGMAS = (0.7, 1.2)
PAIR_CHUNK = 4096
CALIBRATION_SAMPLE = 2000
CACHE_BYTES = 256 << 20


@dataclass
class DuplicateResult:
    exact_groups: np.ndarray     # int64 (N,), -1 = none
    near_scores: np.ndarray      # float32 (N,)
    near_groups: np.ndarray      # int64 (N,)
    conflict_scores: np.ndarray  # float32 (N,)
    conflict_groups: np.ndarray  # int64 (N,)
    pairs: np.ndarray            # int64 (P, 2) verified near pairs (any score), for inspection
    pair_scores: np.ndarray      # float32 (P,)


def exact_groups(pixel_hash: np.ndarray, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(group id per item, -1 if unique; representative row of each item's hash class)."""
    n = len(pixel_hash)
    rows = np.flatnonzero(ok)
    groups = np.full(n, -1, np.int64)
    representative = np.arange(n, dtype=np.int64)
    if len(rows) == 0:
        return groups, representative
    _, first, inverse, counts = np.unique(pixel_hash[rows].astype(str), return_index=True,
                                          return_inverse=True, return_counts=True)
    representative[rows] = rows[first[inverse]]
    shared = counts[inverse] > 1
    # number groups by their first member, so ids follow the item order
    shared_classes = np.unique(inverse[shared])
    order = np.argsort(first[shared_classes], kind="stable")
    ids = np.full(len(counts), -1, np.int64)
    ids[shared_classes[order]] = np.arange(len(shared_classes))
    groups[rows] = ids[inverse]
    return groups, representative


def gaussian_blur(images: np.ndarray, sigma: float) -> np.ndarray:
    """Separable Gaussian blur of a batch (n, H, W) float32, borders repeated."""
    radius = max(1, int(np.ceil(3 * sigma)))
    taps = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2).astype(np.float32)
    taps /= taps.sum()
    n, h, w = images.shape
    padded = np.pad(images, ((0, 0), (radius, radius), (0, 0)), mode="edge")
    rows = taps[0] * padded[:, 0:h]
    for k in range(1, len(taps)):
        rows += taps[k] * padded[:, k:k + h]
    padded = np.pad(rows, ((0, 0), (0, 0), (radius, radius)), mode="edge")
    out = taps[0] * padded[:, :, 0:w]
    for k in range(1, len(taps)):
        out += taps[k] * padded[:, :, k:k + w]
    return out


def _standardize(images: np.ndarray) -> np.ndarray:
    f = images - images.mean(axis=(1, 2), keepdims=True)
    norm = np.sqrt((f * f).sum(axis=(1, 2), keepdims=True))
    return np.divide(f, norm, out=np.zeros_like(f), where=norm > 1e-3)


SHIFTS = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]


def _wrap(n: int, d: int) -> list[tuple[slice, slice]]:
    """(destination, source) slices of ``out[i] = src[(i + d) % n]``."""
    if d == 0:
        return [(slice(0, n), slice(0, n))]
    if d > 0:
        return [(slice(0, n - d), slice(d, n)), (slice(n - d, n), slice(0, d))]
    return [(slice(0, -d), slice(n + d, n)), (slice(-d, n), slice(0, n + d))]


def _shifted_dot(a: np.ndarray, b: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """sum(a * b rolled by (dy, dx)), per pair, without copying b. Rolling (not cropping) keeps
    every pixel: the standardised background carries weight, and dropping a border column costs
    a copy a whole percent of correlation."""
    _, h, w = a.shape
    out = np.zeros(len(a), np.float32)
    for ry, sy in _wrap(h, dy):
        for rx, sx in _wrap(w, dx):
            out += np.einsum("nij,nij->n", a[:, ry, rx], b[:, sy, sx])
    return out


def _best_shifted(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(max over shifts of b by -1..1 pixels of the overlap dot product, index of that shift)."""
    scores = np.stack([_shifted_dot(a, b, dy, dx) for dy, dx in SHIFTS], axis=1)
    which = scores.argmax(axis=1)
    return scores[np.arange(len(a)), which].astype(np.float32), which


def _dot_at(a: np.ndarray, b: np.ndarray, which: np.ndarray) -> np.ndarray:
    """The overlap dot product of each pair at its own shift ``SHIFTS[which]``."""
    out = np.empty(len(a), np.float32)
    for k in np.unique(which):
        members = which == k
        out[members] = _shifted_dot(a[members], b[members], *SHIFTS[k])
    return out


def _views(images: np.ndarray) -> list[np.ndarray]:
    """Standardised plain and blurred versions of a batch of thumbnails (float32)."""
    return [_standardize(images)] + [_standardize(gaussian_blur(images, s)) for s in BLUR_SIGMAS]


def verify_pairs(thumbs: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Verified correlation of each candidate pair of thumbnails (float32 (P,)).

    The plain and blurred views of every item in a pair are computed once per item when they fit
    in CACHE_BYTES (an item takes part in several pairs), else chunk by chunk of pairs.
    """
    out = np.empty(len(pairs), np.float32)
    if len(pairs) == 0:
        return out
    items, where = np.unique(pairs, return_inverse=True)
    where = where.reshape(pairs.shape)
    cached = len(items) * thumbs[0].size * 4 * (1 + len(BLUR_SIGMAS)) <= CACHE_BYTES
    if cached:
        views = _views(thumbs[items].astype(np.float32))
    for start in range(0, len(pairs), PAIR_CHUNK):
        stop = min(len(pairs), start + PAIR_CHUNK)
        if cached:
            a_views = [v[where[start:stop, 0]] for v in views]
            b_views = [v[where[start:stop, 1]] for v in views]
        else:
            a_views = _views(thumbs[pairs[start:stop, 0]].astype(np.float32))
            b_views = _views(thumbs[pairs[start:stop, 1]].astype(np.float32))
        best, which = _best_shifted(a_views[0], b_views[0])
        retry = (best >= PRECHECK_MIN) & (best < 0.999)
        if retry.any():
            # soften one side at a time (a rescaled copy is the softer one), at the best shift
            blurred, at = best[retry], which[retry]
            for k in range(1, len(a_views)):
                np.maximum(blurred, _dot_at(a_views[k][retry], b_views[0][retry], at), out=blurred)
                np.maximum(blurred, _dot_at(a_views[0][retry], b_views[k][retry], at), out=blurred)
            best[retry] = blurred
        out[start:stop] = best
    return out


def half_distance(pairs: np.ndarray, correlation: np.ndarray, n: int) -> float:
    """The verified distance that scores 0.5, from the dataset's typical nearest-neighbour distance."""
    best = np.full(n, np.inf)
    if len(pairs):
        np.minimum.at(best, pairs[:, 0], 1.0 - correlation)
        np.minimum.at(best, pairs[:, 1], 1.0 - correlation)
    known = best[np.isfinite(best)]
    if len(known) < 20:
        return MAX_HALF_DISTANCE
    return float(np.clip(TYPICAL_SHARE * np.median(known), MIN_HALF_DISTANCE, MAX_HALF_DISTANCE))


def match_score(correlation: np.ndarray, half: float = MAX_HALF_DISTANCE) -> np.ndarray:
    """Score in [0, 1] of verified correlations: 1 when identical, 0.5 at distance ``half``."""
    return np.clip(1.0 - (1.0 - correlation) / (2 * half), 0.0, 1.0).astype(np.float32)


def candidate_pairs(neighbors: Neighbors, seed: int = 0) -> np.ndarray:
    """Unordered pairs (i < j): each row's neighbours similar enough to verify, and the nearest one
    of CALIBRATION_SAMPLE random rows whatever its similarity (they calibrate the score)."""
    n, k = neighbors.index.shape
    rows = np.repeat(np.arange(n), k)
    cols = neighbors.index.ravel()
    nearest = np.zeros((n, k), bool)
    has = np.flatnonzero(neighbors.index[:, 0] >= 0)
    sample = np.random.default_rng(seed).choice(has, min(len(has), CALIBRATION_SAMPLE), replace=False)
    nearest[sample, 0] = True
    keep = (cols >= 0) & ((neighbors.similarity.ravel() >= CANDIDATE_MIN) | nearest.ravel())
    pairs = np.sort(np.stack([rows[keep], cols[keep]], 1), axis=1)
    return np.unique(pairs, axis=0) if len(pairs) else pairs.reshape(0, 2)


def find_duplicates(thumbs: np.ndarray, neighbors: Neighbors, pixel_hash: np.ndarray, ok: np.ndarray,
                    labels: np.ndarray, threshold: float = 0.5) -> DuplicateResult:
    """All duplicate and conflict scores and groups; ``neighbors`` must be over representatives
    (rows that are their own exact-duplicate representative), as :func:`exact_groups` gives them."""
    n = len(ok)
    exact, representative = exact_groups(pixel_hash, ok)
    pairs = candidate_pairs(neighbors)
    correlation = verify_pairs(thumbs, pairs) if len(pairs) else np.zeros(0, np.float32)
    pair_scores = match_score(correlation, half_distance(pairs, correlation, n))

    # spread each representative pair to every member of the two exact-duplicate classes
    members = np.flatnonzero(ok)
    by_rep_order = np.argsort(representative[members], kind="stable")
    sorted_members = members[by_rep_order]
    sorted_reps = representative[sorted_members]

    def expand(rep_pairs: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        a_list, b_list, s_list = [], [], []
        for side in (0, 1):
            lo = np.searchsorted(sorted_reps, rep_pairs[:, side], "left")
            hi = np.searchsorted(sorted_reps, rep_pairs[:, side], "right")
            lengths = hi - lo
            idx = np.repeat(lo - np.cumsum(np.r_[0, lengths[:-1]]), lengths) + np.arange(lengths.sum())
            a_list.append(sorted_members[idx])
            b_list.append(np.repeat(rep_pairs[:, 1 - side], lengths))
            s_list.append(np.repeat(scores, lengths))
        return np.concatenate(a_list), np.concatenate(b_list), np.concatenate(s_list)

    near_scores = np.zeros(n, np.float32)
    strong = pair_scores >= threshold
    if len(pairs):
        a, b, s = expand(pairs, pair_scores)   # member of one side -> representative of the other
        np.maximum.at(near_scores, a, s)
    near_edges = pairs[strong]
    if len(near_edges):
        a, b, _ = expand(near_edges, pair_scores[strong])
        near_groups = connected_components(n, a, representative[b])
        # members of an exact class join their representative's near group
        in_group = (near_groups[representative] >= 0) & ok
        near_groups[in_group] = near_groups[representative[in_group]]
    else:
        near_groups = np.full(n, -1, np.int64)
    near_scores[near_groups < 0] = np.minimum(near_scores[near_groups < 0], np.float32(0.49))

    # conflicts: exact or near copies that disagree on a non-empty label
    link_a = [np.flatnonzero(exact >= 0)]
    link_b = [representative[link_a[0]]]
    if len(near_edges):
        link_a.append(near_edges[:, 0])
        link_b.append(near_edges[:, 1])
    together = connected_components(n, np.concatenate(link_a), np.concatenate(link_b))
    conflict_scores = np.zeros(n, np.float32)
    conflict_groups = np.full(n, -1, np.int64)
    grouped = np.flatnonzero(together >= 0)
    if len(grouped):
        labelled = grouped[labels[grouped].astype(str) != ""]
        pairs_gl = np.unique(np.stack([together[labelled], np.unique(
            labels[labelled].astype(str), return_inverse=True)[1]], 1), axis=0)
        gids, n_labels = np.unique(pairs_gl[:, 0], return_counts=True)
        conflicted = gids[n_labels > 1]
        hit = np.isin(together, conflicted)
        strength = np.where(exact >= 0, 1.0, near_scores)
        conflict_scores[hit] = np.maximum(strength[hit], 0.5)
        conflict_groups[hit] = np.searchsorted(conflicted, together[hit])
    return DuplicateResult(exact, near_scores, near_groups, conflict_scores, conflict_groups, pairs, pair_scores)
