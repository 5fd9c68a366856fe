"""What the checks of one scan read: the items as the catalog recorded them, their decoded
features, and what several checks share, computed once and only when a check asks for it (the exact
duplicate groups, the appearance statistics, the neighbour graph, the near-duplicate verification,
the outlier scores, the cross-validated classifier)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Optional

import numpy as np

from aigc_desktop.core.jobs import CancelToken
from aigc_desktop.core.quality import appearance, duplicates, label_errors, outliers
from aigc_desktop.core.quality.features import ImageFeatures
from aigc_desktop.core.quality.neighbors import Neighbors, embed, knn

K_NEIGHBORS = 10


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


class ScanState:
    """One scan's inputs and shared intermediate results (each a cached property)."""

    def __init__(self, inputs: ScanInputs, features: Optional[ImageFeatures],
                 cancel: Optional[CancelToken] = None) -> None:
        self.inputs, self.features, self.cancel = inputs, features, cancel or CancelToken()
        self.n = len(inputs.paths)
        self.labels = inputs.labels.astype(object)
        self.readable_at_import = inputs.status.astype(str) == "ok"
        # readable at import and now (a file changed or removed since counts as corrupt)
        self.ok = self.readable_at_import & (features.ok if features is not None else True)

    @property
    def has_pixels(self) -> bool:
        return self.features is not None

    @cached_property
    def exact(self) -> tuple[np.ndarray, np.ndarray]:
        """(group per item, -1 none; each item's representative: the first of its identical copies)."""
        return duplicates.exact_groups(self.inputs.pixel_hash, self.ok)

    @cached_property
    def appearance(self) -> dict[str, np.ndarray]:
        """blank, dark, light and blurry scores (zeros without pixels)."""
        if self.features is None:
            return {name: np.zeros(self.n, np.float32) for name in ("blank", "dark", "light", "blurry")}
        return appearance.appearance_scores(self.features.stats, self.ok)

    @cached_property
    def graph(self) -> tuple[np.ndarray, np.ndarray, Neighbors]:
        """(unit embedding, residual energy, k nearest neighbours); an exact copy sees what its
        representative sees."""
        representative = self.exact[1]
        is_rep = self.ok & (representative == np.arange(self.n))
        unit, residual = embed(self.features.thumbs, self.ok, self.features.remainder)
        neighbors = knn(unit, K_NEIGHBORS, is_rep, cancel=self.cancel)
        self.cancel.raise_if_cancelled()
        copies = self.ok & ~is_rep
        neighbors.index[copies] = neighbors.index[representative[copies]]
        neighbors.similarity[copies] = neighbors.similarity[representative[copies]]
        return unit, residual, neighbors

    @cached_property
    def duplicates(self) -> duplicates.DuplicateResult:
        """Near-duplicate pairs verified among representatives, grouped; label conflicts among them."""
        is_rep = self.ok & (self.exact[1] == np.arange(self.n))
        neighbors = self.graph[2]
        rep_neighbors = Neighbors(np.where(is_rep[:, None], neighbors.index, -1),
                                  np.where(is_rep[:, None], neighbors.similarity, -np.inf))
        from aigc_desktop.core.quality.registry import get_check

        return duplicates.find_duplicates(self.features.thumbs, rep_neighbors, self.inputs.pixel_hash, self.ok,
                                          self.labels, get_check("near_duplicate").default_threshold)

    @cached_property
    def outlier(self) -> np.ndarray:
        unit, residual, neighbors = self.graph
        return (outliers.outlier_scores(residual, neighbors, self.ok, unit)
                * (1.0 - self.appearance["blank"])).astype(np.float32)

    def outlier_or_none(self) -> np.ndarray:
        """The outlier scores if the graph was built, zeros otherwise (for choosing group keepers)."""
        return self.outlier if "graph" in self.__dict__ else np.zeros(self.n, np.float32)

    @cached_property
    def label_errors(self) -> label_errors.LabelErrorResult:
        """Confident learning on out-of-fold probabilities, over the items that are not blank or outliers."""
        unit, _, neighbors = self.graph
        usable = self.ok & (self.appearance["blank"] < 0.5) & (self.outlier < 0.5)
        return label_errors.find_label_errors(unit, self.labels, usable, self.exact[1], neighbors,
                                              cancel=self.cancel)

    def suggestions(self) -> tuple[np.ndarray, np.ndarray]:
        """(suggested label, confidence) per item when the classifier ran, else none."""
        if "label_errors" in self.__dict__:
            return self.label_errors.suggested, self.label_errors.confidence
        return np.full(self.n, "", object), np.zeros(self.n, np.float32)
