"""Memorisation: does the generator hand back its training images?

Three views, each read against held-out real images that the generator never saw:

* **C_T**, the data-copying test of Meehan, Chaudhuri & Dasgupta (AISTATS 2020), in the normalised
  feature space. The training features are cut into cells by k-means; in each cell a Mann-Whitney
  U test asks whether samples lie closer to the training set than held-out real items do; the
  z-scores are averaged with the held-out items' cell shares. C_T well below 0 (about -3 or less)
  means copying; about 0 is what a held-out real set gets; above 0, samples stay farther from the
  training data than real data would (underfitting).
* **Per-sample authenticity** in feature space, after Alaa et al. (ICML 2022): a sample is flagged
  when its nearest training item ``t`` is much nearer to it than to any other training item:
  ``d(sample, t) < FEATURE_RATIO * d(t, nearest other training item)``. The scale is local, so
  a tight class (ones) is not flagged for being tight.
* **A pixel test that tolerates shifts** of up to ±2 px: the same ratio with the smallest RMS pixel
  difference over all shifts (on thumbnails of at most 32x32), so a copy moved by a pixel or two is
  still a copy. Candidates come from a coarse search among centred, pooled thumbnails, refined exactly.

A sample flagged by either per-sample test is listed with its training image and, when the scan put
that image in a duplicate group, with the group: duplicated images are the ones a generator learns
to copy. Near-constant training images (blank frames) hold nothing to leak and are not matched.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Optional, Sequence

import numpy as np

from aigc_desktop.core.evaluation.distances import knn_distances

FEATURE_RATIO = 0.35
PIXEL_RATIO = 0.5
MAX_SHIFT = 2
MAX_SIDE = 32
MIN_STD = 0.02  # training images flatter than this (blank, constant) hold nothing to leak: not matched
CANDIDATES = 4  # training images refined exactly per query in the pixel test
IDENTICAL = 1e-6  # distances at or below this are the same image (a duplicate), not a neighbour
MIN_IN_CELL = 10  # C_T leaves out cells with fewer samples (Meehan et al.'s tau) or held-out items


def thumbnail_images(images: np.ndarray) -> np.ndarray:
    """uint8 (N, H, W[, C]) -> float32 (N, h, w, C) in [0, 1], images over 32 pixels area-averaged down."""
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., None]
    n, h, w, c = images.shape
    x = images.astype(np.float32) / 255.0
    factor = int(np.ceil(max(h, w) / MAX_SIDE))
    if factor > 1:
        h2, w2 = h // factor, w // factor
        x = x[:, :h2 * factor, :w2 * factor].reshape(n, h2, factor, w2, factor, c).mean((2, 4))
    return x


def thumbnails(images: np.ndarray) -> np.ndarray:
    """The thumbnails flattened: float32 (N, D)."""
    x = thumbnail_images(images)
    return x.reshape(len(x), -1)


def _aligned_pooled(thumbs: np.ndarray) -> np.ndarray:
    """Where a copy is searched for: each thumbnail moved so that its centre of ink (of its deviation
    from the background) sits in the middle, then average-pooled to about 7x7, flattened (N, D). A copy
    shifted by a few pixels lands on its original here; the exact comparison is done afterwards."""
    t = thumbs.mean(-1)
    n, h, w = t.shape
    ink = np.abs(t - np.median(t.reshape(n, -1), 1)[:, None, None])
    total = ink.sum((1, 2)) + 1e-9
    cy = (ink.sum(2) * np.arange(h)).sum(1) / total
    cx = (ink.sum(1) * np.arange(w)).sum(1) / total
    reach = MAX_SHIFT + 2
    dy = np.clip(np.rint((h - 1) / 2 - cy), -reach, reach).astype(int)
    dx = np.clip(np.rint((w - 1) / 2 - cx), -reach, reach).astype(int)
    moved = np.empty_like(thumbs)
    for sy, sx in set(zip(dy.tolist(), dx.tolist())):
        rows = np.flatnonzero((dy == sy) & (dx == sx))
        moved[rows] = np.roll(thumbs[rows], (sy, sx), (1, 2))
    f = max(1, min(h, w) // 7)
    h2, w2 = h // f, w // f
    return moved[:, :h2 * f, :w2 * f].reshape(n, h2, f, w2, f, -1).mean((2, 4)).reshape(n, -1)


def shift_tolerant_distance(a: np.ndarray, b: np.ndarray, max_shift: int = MAX_SHIFT) -> tuple[np.ndarray, np.ndarray]:
    """Paired rows of two thumbnail stacks (N, h, w, C): the smallest RMS difference between ``b``'s
    central crop and ``a`` shifted by up to ``max_shift`` pixels, and that shift (N, 2) as (dy, dx)."""
    import torch
    import torch.nn.functional as F

    x = torch.from_numpy(np.ascontiguousarray(a, np.float32)).permute(0, 3, 1, 2)
    y = torch.from_numpy(np.ascontiguousarray(b, np.float32)).permute(0, 3, 1, 2)
    n, c, h, w = x.shape
    m = max(0, min(max_shift, (min(h, w) - 1) // 4))
    target = y[:, :, m:h - m, m:w - m]
    # |shifted a - target|^2 = |shifted a|^2 + |target|^2 - 2 <shifted a, target>, for every shift at once:
    # the inner products are a per-pair cross-correlation (a grouped convolution), the energies a box filter
    cross = F.conv2d(x.reshape(1, n * c, h, w), target, groups=n)[0] if n else torch.zeros(0, 2 * m + 1, 2 * m + 1)
    energy = F.conv2d((x * x).sum(1, keepdim=True), torch.ones(1, 1, h - 2 * m, w - 2 * m))[:, 0]
    d2 = energy + (target * target).sum((1, 2, 3))[:, None, None] - 2 * cross
    where = d2.reshape(n, -1).argmin(1).numpy()
    side = 2 * m + 1
    shift = np.stack([where // side - m, where % side - m], 1)
    # the expansion above only ranks the shifts (float32 round-off); the chosen one is measured exactly,
    # so an image against itself reads 0
    best = np.empty(n, np.float64)
    for code in np.unique(where):
        rows = np.flatnonzero(where == code)
        dy, dx = int(code // side - m), int(code % side - m)
        moved = x[rows, :, m + dy:h - m + dy, m + dx:w - m + dx].double()
        best[rows] = ((moved - target[rows].double()) ** 2).mean((1, 2, 3)).sqrt().numpy()
    return best, shift


@dataclass
class CopyItems:
    """Per query (sample or held-out real item): its nearest training item and how close, in each space."""

    feature_train: np.ndarray  # int (N,): nearest training row in feature space
    feature_ratio: np.ndarray  # d(query, t) / d(t, nearest other training item)
    pixel_train: np.ndarray  # int (N,): nearest training row under shifts
    pixel_ratio: np.ndarray
    pixel_shift: np.ndarray  # (N, 2) (dy, dx) of the best match
    feature_distance: np.ndarray  # d(query, nearest training item) in feature space: C_T's statistic

    @property
    def flagged(self) -> np.ndarray:
        return (self.feature_ratio < FEATURE_RATIO) | (self.pixel_ratio < PIXEL_RATIO)


class TrainingSet:
    """The generator's training images, prepared once for every query set."""

    def __init__(self, images: np.ndarray, features: np.ndarray) -> None:
        thumbs = thumbnail_images(images)
        self.informative = np.flatnonzero(thumbs.reshape(len(thumbs), -1).std(1) >= MIN_STD)
        if len(self.informative) < 2:
            raise ValueError("memorisation needs at least two training images that are not blank")
        self.thumbs = thumbs[self.informative]
        self.pooled = _aligned_pooled(self.thumbs)
        self.features = np.asarray(features, np.float64)[self.informative]
        self._feature_scale: dict[int, float] = {}
        self._pixel_scale: dict[int, float] = {}
        self._cells: dict = {}

    def __len__(self) -> int:
        return len(self.informative)

    def cells(self, n_cells: int, seed: int = 0) -> np.ndarray:
        """k-means centres of the training features (C_T's cells), computed once per count."""
        key = (n_cells, seed)
        if key not in self._cells:
            self._cells[key] = kmeans(self.features, n_cells, seed)
        return self._cells[key]

    def copy_test(self, test_features: np.ndarray, seed: int = 0):
        """C_T's held-out side: (cell centres, the held-out items' features, their distance to the
        nearest training item)."""
        distance = knn_distances(test_features, self.features, 1)[0][:, 0]
        return self.cells(cell_count(len(test_features)), seed), test_features, distance

    def _scale(self, rows: np.ndarray, cache: dict, nearest) -> np.ndarray:
        """Per training row, the distance to its nearest *distinct* other training image (the query
        itself and exact duplicates sit at 0 and are skipped); ``nearest(todo)`` gives candidate
        distances. A row whose candidates are all duplicates of it gets the median scale."""
        todo = np.array(sorted({int(r) for r in rows} - set(cache)), np.int64)
        if len(todo):
            dist = nearest(todo)
            for r, d in zip(todo.tolist(), np.where(dist > IDENTICAL, dist, np.inf).min(1).tolist()):
                cache[r] = d
        scale = np.array([cache[int(r)] for r in rows], np.float64)
        if not np.isfinite(scale).all():
            finite = [v for v in cache.values() if np.isfinite(v)]
            scale[~np.isfinite(scale)] = np.median(finite) if finite else 1.0
        return scale

    def feature_scale(self, rows: np.ndarray) -> np.ndarray:
        k = min(8, len(self) - 1) + 1
        return self._scale(rows, self._feature_scale,
                           lambda todo: knn_distances(self.features[todo], self.features, k)[0])

    def pixel_scale(self, rows: np.ndarray) -> np.ndarray:
        return self._scale(rows, self._pixel_scale, lambda todo: self._pixel_candidates(
            self.thumbs[todo], self.pooled[todo], CANDIDATES + 1)[0])

    def _pixel_candidates(self, thumbs: np.ndarray, pooled: np.ndarray, k: int, extra: Optional[np.ndarray] = None):
        """(shift-tolerant distances (N, K), training rows (N, K), shifts (N, K, 2)) to the pooled-space
        nearest training images (plus ``extra`` candidate rows)."""
        k = min(k, len(self))
        _, rows = knn_distances(pooled, self.pooled, k, dtype=np.float32)
        if extra is not None:
            rows = np.concatenate([rows, np.asarray(extra, np.int64)[:, None]], 1)
        n, kk = rows.shape
        dist, shift = shift_tolerant_distance(np.repeat(thumbs, kk, 0), self.thumbs[rows.ravel()])
        return dist.reshape(n, kk), rows, shift.reshape(n, kk, 2)

    def match(self, images: np.ndarray, features: np.ndarray) -> CopyItems:
        """Nearest training items of query ``images`` (uint8) with their ``features``, and the ratios."""
        f = np.asarray(features, np.float64)
        f_dist, f_rows = knn_distances(f, self.features, 1)
        f_dist, f_rows = f_dist[:, 0], f_rows[:, 0]
        thumbs = thumbnail_images(images)
        p_dist, p_rows, p_shift = self._pixel_candidates(thumbs, _aligned_pooled(thumbs), CANDIDATES, extra=f_rows)
        best = p_dist.argmin(1)
        pick = np.arange(len(best))
        p_best, p_train, shift = p_dist[pick, best], p_rows[pick, best], p_shift[pick, best]
        with np.errstate(divide="ignore", invalid="ignore"):
            f_ratio = f_dist / self.feature_scale(f_rows)
            p_ratio = p_best / self.pixel_scale(p_train)
        return CopyItems(self.informative[f_rows], np.nan_to_num(f_ratio, nan=np.inf),
                         self.informative[p_train], np.nan_to_num(p_ratio, nan=np.inf), shift, f_dist)


# ------------------------------------------------------------------------------ C_T (Meehan et al. 2020)
def kmeans(x: np.ndarray, k: int, seed: int = 0, iterations: int = 25, max_fit: int = 5000) -> np.ndarray:
    """Centres (k, D) of Lloyd's k-means with k-means++ seeding, fitted on at most ``max_fit`` rows."""
    rng = np.random.default_rng(seed)
    x = np.asarray(x, np.float64)
    if len(x) > max_fit:
        x = x[rng.choice(len(x), max_fit, replace=False)]
    k = max(1, min(k, len(x)))
    centres = [x[rng.integers(len(x))]]
    closest = ((x - centres[0]) ** 2).sum(1)
    for _ in range(1, k):
        total = closest.sum()
        pick = rng.choice(len(x), p=closest / total) if total > 0 else rng.integers(len(x))
        centres.append(x[pick])
        closest = np.minimum(closest, ((x - x[pick]) ** 2).sum(1))
    centres = np.array(centres)
    for _ in range(iterations):
        assign = knn_distances(x, centres, 1, dtype=np.float32)[1][:, 0]
        moved = np.array([x[assign == j].mean(0) if (assign == j).any() else centres[j] for j in range(k)])
        if np.allclose(moved, centres):
            break
        centres = moved
    return centres


@dataclass
class CTItems:
    n_cells: int
    sample_cell: np.ndarray  # int (N_samples,)
    below: np.ndarray  # per sample: held-out items of its cell nearer to the training set (ties count half)
    test_count: np.ndarray  # (cells,) held-out items per cell
    n_test: int


def cell_count(n_test: int) -> int:
    """Cells for C_T: about 50 held-out items per cell, between 2 and 50."""
    return int(np.clip(n_test // 50, 2, 50))


def ct_items(centres: np.ndarray, test_features: np.ndarray, test_distance: np.ndarray,
             sample_features: np.ndarray, sample_distance: np.ndarray) -> CTItems:
    """``centres``: k-means cells of the training features; ``*_distance``: each item's distance to
    its nearest training item (feature space)."""
    test_cell = knn_distances(test_features, centres, 1)[1][:, 0]
    sample_cell = knn_distances(sample_features, centres, 1)[1][:, 0]
    below = np.zeros(len(sample_features))
    for cell in range(len(centres)):
        in_cell = np.sort(test_distance[test_cell == cell])
        mine = sample_cell == cell
        lo = np.searchsorted(in_cell, sample_distance[mine], "left")
        hi = np.searchsorted(in_cell, sample_distance[mine], "right")
        below[mine] = lo + 0.5 * (hi - lo)
    return CTItems(len(centres), sample_cell, below, np.bincount(test_cell, minlength=len(centres)),
                   len(test_features))


def ct_values(items: CTItems, weights: np.ndarray) -> np.ndarray:
    """(B,) C_T under sample weights: sum over kept cells of the held-out share times the Mann-Whitney
    z-score of "samples are farther from the training set than held-out items", over the kept share."""
    onehot = np.eye(items.n_cells)[items.sample_cell]
    m = weights @ onehot  # samples per cell (B, cells)
    u = weights @ (onehot * items.below[:, None])
    n = items.test_count[None, :].astype(np.float64)
    keep = (m >= MIN_IN_CELL) & (n >= MIN_IN_CELL)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (u - m * n / 2) / np.sqrt(m * n * (m + n + 1) / 12)
    share = np.where(keep, n / items.n_test, 0.0)
    total = share.sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (share * np.nan_to_num(z)).sum(1) / total, np.nan)


# ------------------------------------------------------------------------------ the list
@dataclass
class MemorisedSample:
    sample: int  # index of the generated sample
    train_index: int  # row in the training set
    via: str  # "feature", "pixel" or "feature+pixel"
    feature_ratio: float
    pixel_ratio: float
    shift: tuple  # (dy, dx) of the pixel match
    item_id: Optional[int] = None
    path: Optional[str] = None
    duplicate_group: Optional[int] = None  # the scan's group id, when the training image has one
    duplicate_type: Optional[str] = None  # "exact_duplicate" | "near_duplicate"

    def to_dict(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items() if v is not None}


def duplicate_groups_by_item(scan_result) -> dict[int, tuple[str, int]]:
    """item id -> (duplicate type, group id) from a ScanResult (exact groups win over near ones)."""
    out: dict[int, tuple[str, int]] = {}
    if scan_result is None:
        return out
    for kind in ("near_duplicate", "exact_duplicate"):
        groups = scan_result.groups.get(kind)
        if groups is None:
            continue
        for item_id, group in zip(np.asarray(scan_result.item_ids).tolist(), np.asarray(groups).tolist()):
            if group >= 0:
                out[int(item_id)] = (kind, int(group))
    return out


def memorised_list(items: CopyItems, item_ids: Optional[Sequence[int]] = None, paths: Optional[dict] = None,
                   scan_result=None) -> list[MemorisedSample]:
    """The flagged samples, the clearest copies first, linked to their training items."""
    groups = duplicate_groups_by_item(scan_result)
    by_feature = items.feature_ratio < FEATURE_RATIO
    by_pixel = items.pixel_ratio < PIXEL_RATIO
    flagged = np.flatnonzero(by_feature | by_pixel)
    strength = np.minimum(items.feature_ratio / FEATURE_RATIO, items.pixel_ratio / PIXEL_RATIO)
    out = []
    for s in flagged[np.argsort(strength[flagged], kind="stable")]:
        row = int(items.pixel_train[s] if by_pixel[s] else items.feature_train[s])
        item_id = int(item_ids[row]) if item_ids is not None else None
        group = groups.get(item_id) if item_id is not None else None
        via = "+".join(name for name, hit in (("feature", by_feature[s]), ("pixel", by_pixel[s])) if hit)
        out.append(MemorisedSample(int(s), row, via, float(items.feature_ratio[s]), float(items.pixel_ratio[s]),
                                   tuple(int(v) for v in items.pixel_shift[s]), item_id,
                                   None if paths is None or item_id is None else paths.get(item_id),
                                   group[1] if group else None, group[0] if group else None))
    return out
