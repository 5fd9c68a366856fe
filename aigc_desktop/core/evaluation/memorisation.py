"""Memorisation: generated samples that are near-copies of a training image.

A sample is a near-copy when its distance to the nearest training image (in pixels, on thumbnails
of at most 32x32, so a copy is a copy and not merely "the same class") is below ``ratio`` times the
typical distance between distinct training images (the median, over training images, of the
distance to the nearest other training image that is not pixel-identical). This is the
nearest-neighbour distance-ratio test in the spirit of Carlini et al., "Extracting Training Data
from Diffusion Models" (USENIX Security 2023), with a data-set-wide scale so that duplicated
training images (which sit at distance 0 from each other) do not hide their own copies.

Near-constant training images (blank frames) are left out of the matching: a grey or black
sample "copies" them without leaking anything, and such samples are counted as hallucinations instead.

Every memorised sample is linked to its training image and, when that image belongs to a duplicate
group found by the scan, to the group: duplicated images are the ones a generator learns to copy.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Optional, Sequence

import numpy as np

from aigc_desktop.core.evaluation.distances import knn_distances

RATIO = 1.0 / 3.0
MAX_SIDE = 32
MIN_STD = 0.02  # training images flatter than this (blank, constant) hold nothing to leak: not matched


def thumbnails(images: np.ndarray) -> np.ndarray:
    """uint8 (N, H, W[, C]) -> float32 (N, D) in [0, 1], images over 32 pixels area-averaged down."""
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., None]
    n, h, w, c = images.shape
    x = images.astype(np.float32) / 255.0
    factor = int(np.ceil(max(h, w) / MAX_SIDE))
    if factor > 1:
        h2, w2 = h // factor, w // factor
        x = x[:, :h2 * factor, :w2 * factor].reshape(n, h2, factor, w2, factor, c).mean((2, 4))
    return x.reshape(n, -1)


@dataclass
class MemorisedSample:
    sample: int  # index of the generated sample
    train_index: int  # row in the training set
    distance: float
    item_id: Optional[int] = None
    path: Optional[str] = None
    duplicate_group: Optional[int] = None  # the scan's group id, when the training image has one
    duplicate_type: Optional[str] = None  # "exact_duplicate" | "near_duplicate"

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class Memorisation:
    rate: float
    threshold: float  # distance below which a sample counts as a copy
    typical_distance: float  # median distance between distinct training images
    real_baseline_rate: Optional[float]  # the same test on held-out real images (None if none given)
    memorised: list = field(default_factory=list)  # MemorisedSample, closest first
    from_duplicate_groups: int = 0  # memorised samples whose training image is in a duplicate group
    nearest_train_distance: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))

    def to_dict(self, limit: int = 100) -> dict:
        return {"rate": self.rate, "threshold": self.threshold, "typical_distance": self.typical_distance,
                "real_baseline_rate": self.real_baseline_rate, "n_memorised": len(self.memorised),
                "from_duplicate_groups": self.from_duplicate_groups,
                "memorised": [m.to_dict() for m in self.memorised[:limit]]}


def typical_distance(train_thumbs: np.ndarray, k: int = 4) -> float:
    """Median over training images of the distance to the nearest non-identical other image."""
    dist, _ = knn_distances(train_thumbs, train_thumbs, k, exclude_self=True)
    distinct = np.where(dist > 1e-3, dist, np.inf).min(1)  # skip exact copies among the k nearest
    distinct = distinct[np.isfinite(distinct)]
    return float(np.median(distinct)) if len(distinct) else float(np.median(dist[:, -1]))


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


def memorisation(train_images: np.ndarray, samples: np.ndarray, ratio: float = RATIO,
                 item_ids: Optional[Sequence[int]] = None, paths: Optional[dict] = None,
                 scan_result=None, held_out: Optional[np.ndarray] = None) -> Memorisation:
    """Memorisation of uint8 ``samples`` against uint8 ``train_images`` (same size and channels).

    ``item_ids`` (one per training image) and ``paths`` (item id -> path) label the links;
    ``scan_result`` adds duplicate groups; ``held_out`` real images give the baseline rate a
    generator that never copies would get.
    """
    train = thumbnails(train_images)
    informative = np.flatnonzero(train.std(1) >= MIN_STD)
    if len(informative) < 2:
        raise ValueError("memorisation needs at least two training images that are not blank")
    train = train[informative]
    scale = typical_distance(train)
    threshold = ratio * scale
    dist, index = knn_distances(thumbnails(samples), train, 1)
    dist, index = dist[:, 0], informative[index[:, 0]]
    copies = np.flatnonzero(dist < threshold)
    groups = duplicate_groups_by_item(scan_result)
    memorised = []
    for s in copies[np.argsort(dist[copies], kind="stable")]:
        row = int(index[s])
        item_id = int(item_ids[row]) if item_ids is not None else None
        kind_group = groups.get(item_id) if item_id is not None else None
        memorised.append(MemorisedSample(
            int(s), row, float(dist[s]), item_id,
            None if paths is None or item_id is None else paths.get(item_id),
            kind_group[1] if kind_group else None, kind_group[0] if kind_group else None))
    baseline = None
    if held_out is not None and len(held_out):
        baseline = float((knn_distances(thumbnails(held_out), train, 1)[0][:, 0] < threshold).mean())
    return Memorisation(float(len(copies) / max(1, len(samples))), float(threshold), scale, baseline, memorised,
                        sum(m.duplicate_group is not None for m in memorised), dist)
