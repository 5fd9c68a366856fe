"""Preprocessing: a dataset (or plain arrays) -> one float tensor (N, C, H, W) in [0, 1].

The decoded pixels are cached on disk keyed by content (item ids, pixel hashes, labels, size,
channels), so training the same dataset version again skips decoding. The cache is a plain
``.npz`` read with ``allow_pickle=False``.
"""
from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

import numpy as np
import torch

from aigc_desktop.core.atomic import atomic_write
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import Job, JobContext
from aigc_desktop.core.paths import user_data_dir

CACHE_VERSION = "train-cache/1"


@dataclass
class TrainData:
    images: torch.Tensor  # float32 (N, C, H, W) in [0, 1]
    labels: Optional[torch.Tensor]  # int64 (N,), -1 where an item has no label; None if none has one
    class_names: list[str]
    weights: Optional[torch.Tensor]  # float32 (N,) per-item loss weights, None for all ones
    fingerprint: str  # content hash: a resumed run checks it trains the same data
    dataset_name: str = ""
    item_ids: Optional[np.ndarray] = field(default=None, repr=False)
    dataset_root: str = ""  # the folder or file the items were read from ("" for arrays)
    changed_files: list = field(default_factory=list, repr=False)  # sources changed since import

    def __len__(self) -> int:
        return int(self.images.shape[0])


def _fit_channels(images: np.ndarray, channels: int) -> np.ndarray:
    if images.ndim == 3:
        images = images[..., None]
    if images.shape[-1] == channels:
        return images
    if channels == 3:
        return np.repeat(images[..., :1], 3, axis=-1)
    # ITU-R 601 luma, what Pillow's convert("L") uses
    luma = images[..., :3].astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)
    return np.clip(np.rint(luma), 0, 255).astype(np.uint8)[..., None]


def _resize(images: np.ndarray, size: int) -> np.ndarray:
    if images.shape[1:3] == (size, size):
        return images
    from PIL import Image

    out = np.empty((len(images), size, size, images.shape[-1]), np.uint8)
    for i, image in enumerate(images):
        pil = Image.fromarray(image[..., 0] if image.shape[-1] == 1 else image)
        out[i] = np.asarray(pil.resize((size, size), Image.BILINEAR)).reshape(size, size, -1)
    return out


def class_order(labels: Sequence) -> list[str]:
    """The distinct labels ("" = none left out) in the order class indices follow: numbers by value, then text."""
    names = {str(label) for label in labels}
    return sorted((n for n in names if n), key=lambda n: (len(n), n) if n.isdigit() else (1 << 30, n))


def _label_indices(labels: Sequence, class_names: Optional[list[str]] = None) -> tuple[np.ndarray, list[str]]:
    names = [str(label) for label in labels]
    if class_names is None:
        class_names = class_order(names)
    index = {name: i for i, name in enumerate(class_names)}
    return np.array([index.get(n, -1) for n in names], np.int64), list(class_names)


def _to_tensor(images_u8: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(images_u8.transpose(0, 3, 1, 2).copy()).float().div_(255.0)


def data_from_arrays(images: np.ndarray, labels: Optional[Sequence] = None, size: Optional[int] = None,
                     channels: Optional[int] = None, weights: Optional[Sequence[float]] = None,
                     class_names: Optional[list[str]] = None, name: str = "arrays") -> TrainData:
    """TrainData from uint8 images (N, H, W[, C]) and optional labels (ints or strings)."""
    images = np.asarray(images)
    if images.dtype != np.uint8 or images.ndim not in (3, 4) or len(images) == 0:
        raise UserError("training images must be a non-empty uint8 array (N, H, W[, C])")
    channels = channels or (1 if images.ndim == 3 else images.shape[-1])
    pixels = _resize(_fit_channels(images, channels), size or images.shape[1])
    label_idx = names = None
    if labels is not None:
        label_idx, names = _label_indices(labels, class_names)
        if len(label_idx) != len(pixels):
            raise UserError("there must be one label per image")
        if not names:
            label_idx = None
    digest = hashlib.sha256(pixels.tobytes())
    digest.update(b"" if label_idx is None else label_idx.tobytes())
    digest.update(repr((pixels.shape, names)).encode())
    return TrainData(
        images=_to_tensor(pixels),
        labels=None if label_idx is None else torch.from_numpy(label_idx),
        class_names=names or [],
        weights=None if weights is None else torch.as_tensor(np.asarray(weights, np.float32)),
        fingerprint=digest.hexdigest()[:32],
        dataset_name=name,
    )


def _cache_key(items, size: int, channels: int, where: str = "") -> str:
    """The cache entry of these items at this size, for the dataset at ``where``: two copies of the
    same images elsewhere on disk have files of their own, whose sizes and times the entry records."""
    digest = hashlib.sha256(f"{CACHE_VERSION}|{size}|{channels}|".encode())
    digest.update(os.fsencode(where))
    for column in (items.ids, items.pixel_hash, items.label):
        digest.update(np.asarray(column).astype(str).tobytes())
    return digest.hexdigest()[:32]


def _atomic_savez(path: Path, **arrays) -> None:
    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)

    atomic_write(path, write)


def _subset(items, mask: np.ndarray):
    """ItemTable rows where ``mask`` holds (the table is columnar: index every array column alike)."""
    import dataclasses

    columns = {f.name: getattr(items, f.name)[mask] for f in dataclasses.fields(items)
               if isinstance(getattr(items, f.name), np.ndarray)}
    return dataclasses.replace(items, **columns)


def suggested_shape(items) -> tuple[int, int]:
    """(image size, channels) for a dataset: the smallest supported side that holds its most common
    image size, and 1 channel when most readable images are grey (odd ones out are converted)."""
    from collections import Counter

    ok = np.asarray(items.status) == "ok"
    if not ok.any():
        raise UserError("the dataset has no readable images")
    sizes = Counter(zip(np.asarray(items.height)[ok].tolist(), np.asarray(items.width)[ok].tolist()))
    side = max(sizes.most_common(1)[0][0])
    size = 28 if side <= 28 else 32 if side <= 32 else 64
    modes = np.asarray(items.mode)[ok].astype(str)
    grey = np.isin(modes, ["1", "L", "LA", "I", "I;16", "F"]).mean() >= 0.5
    return size, 1 if grey else 3


def prepare_data(catalog, dataset_id, size: int, channels: int, ctx: JobContext,
                 weights: Optional[dict] = None, item_ids: Optional[Sequence] = None,
                 cache: bool = True, only_included: bool = True) -> Job[TrainData]:
    """A job returning the included, readable items of a dataset (optionally only ``item_ids``) as TrainData.

    ``weights`` maps item id -> loss weight (e.g. a scan's quality score); missing ids weigh 1.
    ``only_included`` False: every readable item, whatever the current version excludes (the
    experiment decodes once and selects the items of each version itself).
    """
    from aigc_desktop.core.data.pixels import load_array

    items = catalog.items(dataset_id)
    mask = np.asarray(items.status) == "ok"
    if only_included:
        mask &= np.asarray(items.included, bool)
    if item_ids is not None:
        mask &= np.isin(np.asarray(items.ids), np.asarray(list(item_ids)))
    if not mask.any():
        raise UserError("the dataset has no included, readable images to train on")
    items = _subset(items, mask)
    info = catalog.dataset(dataset_id)
    where = f"{getattr(info, 'root', '') or ''}|{getattr(info, 'source_path', '') or ''}"
    path = user_data_dir() / "cache" / f"train_{_cache_key(items, size, channels, where)}.npz"
    stats = source_stats(catalog.source(dataset_id), items)
    changed = changed_since_import(items, stats, catalog.source(dataset_id))
    pixels = ids = None
    if cache and path.exists():
        try:
            with np.load(path, allow_pickle=False) as saved:
                # the cache holds what the files were when it was written: trusted only while every
                # file still has the size and modification time it had then
                if "stats" in saved.files and np.array_equal(saved["stats"], stats):
                    pixels, ids = saved["x"], saved["ids"]
                elif "stats" in saved.files:
                    old = saved["stats"]
                    if old.shape == stats.shape:
                        changed |= np.any(old != stats, axis=1)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            pixels = None  # a damaged cache entry is rebuilt, never trusted
    if pixels is None:
        pixels, ok = yield from load_array(catalog, items, ctx, size=(size, size), channels=channels)
        ids = np.asarray(items.ids)[ok]
        pixels = pixels[ok]
        if cache:
            _atomic_savez(path, x=pixels, ids=ids, stats=stats)
    keep = np.isin(np.asarray(items.ids), ids)  # corrupt-at-decode items drop out here
    labels = np.asarray(items.label).astype(str)[keep]
    item_weights = None
    if weights:
        item_weights = [float(weights.get(i, weights.get(str(i), 1.0))) for i in ids.tolist()]
    data = data_from_arrays(pixels, labels if (labels != "").any() else None, size=size, channels=channels,
                            weights=item_weights, name=getattr(info, "name", str(dataset_id)))
    data.item_ids = ids
    data.dataset_root = getattr(info, "root", "") or ""
    data.changed_files = [str(p) for p in np.asarray(items.path)[changed]]
    return data


def source_stats(source, items) -> np.ndarray:
    """(size, modification time in ns) of each item's file now; (-1, -1) where it is gone. Items of
    one array file (IDX, .npz) share that file's."""
    from aigc_desktop.core.data.sources import ArraySource

    def stat_of(path) -> tuple[int, int]:
        try:
            st = os.stat(path)
            return st.st_size, st.st_mtime_ns
        except (OSError, ValueError):
            return -1, -1

    if isinstance(source, ArraySource):
        return np.tile(np.asarray(stat_of(source.source_path), np.int64), (len(items), 1))
    root = os.fspath(source.root)
    return np.asarray([stat_of(os.path.join(root, p)) for p in items.path.tolist()], np.int64).reshape(-1, 2)


def changed_since_import(items, stats: np.ndarray, source) -> np.ndarray:
    """bool (N,): files that are gone, or whose size is not the one read at import."""
    from aigc_desktop.core.data.sources import ArraySource

    gone = stats[:, 0] < 0
    if isinstance(source, ArraySource):
        return gone
    return gone | (stats[:, 0] != np.asarray(items.nbytes, np.int64))
