"""The dataset in the scan's feature space: a 2-D map of every item, and the items most like one.

The space is the one the duplicate, outlier and label checks compare in (``neighbors.embed``:
centre-of-mass aligned grey thumbnails, standardised, projected onto their leading principal
components, unit length), so "similar" here means what it means to the scan. The newest scan keeps
its vectors in the project (``store.load_scan_features``); without them (quick checks only, or no
scan yet) the same features are computed from the pixels, as the scan would.

The map is a PCA of those vectors to two dimensions (no heavy dependency; UMAP-like pictures would
need one). Items that cannot be read have no vector: they are not on the map and never similar.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aigc_desktop.core.jobs import Job, JobContext, Progress


@dataclass(frozen=True)
class EmbeddingProgress(Progress):
    """A step of building the feature space (reading the pixels reports the scan's own events)."""


@dataclass
class FeatureSpace:
    """Unit-length feature vectors of a dataset's items (zeros and ``valid`` False where unreadable)."""

    dataset_id: int
    item_ids: np.ndarray   # int64 (N,), ascending (the catalog's order)
    vectors: np.ndarray    # float32 (N, D); a blank image's is zero
    valid: np.ndarray      # bool (N,): readable, so on the map
    source: str            # "scan": the newest scan's vectors; "pixels": computed now

    def __len__(self) -> int:
        return len(self.item_ids)

    def row_of(self, item_id: int) -> int:
        """The row of ``item_id``, or -1 when the space does not hold it."""
        row = int(np.searchsorted(self.item_ids, item_id))
        return row if row < len(self.item_ids) and self.item_ids[row] == item_id else -1

    def similar(self, item_id: int, k: int = 48) -> tuple[np.ndarray, np.ndarray]:
        """(item ids, cosine similarities) of the ``k`` valid items most like ``item_id``, most
        similar first; the item itself is left out. Empty when it has no vector (unreadable), or
        a zero one (a blank image resembles nothing)."""
        row = self.row_of(item_id)
        if row < 0 or not self.valid[row] or not np.any(self.vectors[row]):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        sims = self.vectors @ self.vectors[row]
        sims[~self.valid] = -np.inf
        sims[row] = -np.inf
        k = int(min(k, int(self.valid.sum()) - 1))
        if k <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        top = np.argpartition(-sims, k - 1)[:k]
        # ties broken by item id, so the same query always lists the same items in the same order
        order = np.lexsort((self.item_ids[top], -sims[top]))
        top = top[order]
        return self.item_ids[top].copy(), sims[top].astype(np.float32)

    def map_2d(self) -> np.ndarray:
        """(N, 2) float32 coordinates on the two leading principal components; NaN where not valid.

        Each axis is oriented so that its largest loading is positive, so the same data give the
        same picture every time (an eigenvector's sign is arbitrary)."""
        coords = np.full((len(self), 2), np.nan, np.float32)
        rows = np.flatnonzero(self.valid)
        if len(rows) == 0:
            return coords
        x = self.vectors[rows].astype(np.float64)
        centred = x - x.mean(axis=0)
        if len(rows) == 1 or x.shape[1] == 0:
            coords[rows] = 0.0
            return coords
        values, vectors = np.linalg.eigh(centred.T @ centred)
        axes = vectors[:, np.argsort(values)[::-1][:2]]
        if axes.shape[1] < 2:
            axes = np.pad(axes, ((0, 0), (0, 2 - axes.shape[1])))
        signs = np.sign(axes[np.argmax(np.abs(axes), axis=0), [0, 1]])
        axes = axes * np.where(signs == 0, 1.0, signs)
        coords[rows] = (centred @ axes).astype(np.float32)
        return coords


def feature_space(catalog, dataset_id: int, ctx: JobContext) -> Job[FeatureSpace]:
    """The dataset's :class:`FeatureSpace`: the newest scan's vectors when they cover every item as
    the catalog holds it now, else computed from the pixels (a job yielding EmbeddingProgress)."""
    from aigc_desktop.core.quality.store import load_scan_features

    items = catalog.items(dataset_id)
    ok = np.asarray(items.status).astype(str) == "ok"
    stored = load_scan_features(catalog, dataset_id)
    if stored is not None:
        ids, vectors = stored
        if np.array_equal(ids, items.ids) and len(vectors) == len(ids):
            yield EmbeddingProgress("features", 1, 1, "features of the latest scan")
            return FeatureSpace(dataset_id, np.asarray(ids, np.int64), vectors, ok, "scan")
    from aigc_desktop.core.quality.neighbors import embed
    from aigc_desktop.core.quality.scan import ScanInputs, read_features

    inputs = ScanInputs.from_catalog(catalog, dataset_id)
    features = yield from read_features(catalog, inputs, ctx)  # ScanProgress("pixels", ...) events
    ctx.cancel.raise_if_cancelled()
    yield EmbeddingProgress("features", 0, 1, "projecting features")
    vectors, _residual = embed(features.thumbs, features.ok, features.remainder)
    yield EmbeddingProgress("features", 1, 1, "projecting features")
    return FeatureSpace(dataset_id, np.asarray(inputs.item_ids, np.int64), vectors, features.ok, "pixels")
