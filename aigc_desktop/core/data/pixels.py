"""Many items as one uint8 array (N, H, W, C): what the scan, training and evaluation consume."""
from __future__ import annotations

from collections import Counter
from typing import Optional, Sequence

import numpy as np
from PIL import Image

from aigc_desktop.core.data.sources import ArraySource, DatasetSource, parallel_map
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import Job, JobContext, Progress, Throttle

_MODE_FOR_CHANNELS = {1: "L", 3: "RGB", 4: "RGBA"}
_BATCH = 64


def fit(pixels: np.ndarray, size: Optional[tuple[int, int]], channels: int) -> np.ndarray:
    """(H,W[,C]) uint8 pixels -> (h, w, channels) at ``size`` = (h, w) (bilinear, antialiased)."""
    have = 1 if pixels.ndim == 2 else pixels.shape[2]
    same_size = size is None or tuple(pixels.shape[:2]) == tuple(size)
    if have == channels and same_size:
        return pixels.reshape(pixels.shape[0], pixels.shape[1], channels)
    image = Image.fromarray(pixels)
    if have != channels:
        image = image.convert(_MODE_FOR_CHANNELS[channels])
    if not same_size:
        image = image.resize((size[1], size[0]), Image.BILINEAR)
    return np.asarray(image).reshape(image.height, image.width, channels)


def dominant_size(sizes: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The most common (h, w); ties go to the larger image."""
    counts = Counter(sizes)
    if not counts:
        raise UserError("no readable items to take an image size from")
    return max(counts, key=lambda hw: (counts[hw], hw[0] * hw[1]))


def load_array(catalog_or_source, items, ctx: JobContext, size: Optional[tuple[int, int]] = None,
               channels: int = 1, dataset_id: Optional[int] = None) -> Job[tuple[np.ndarray, np.ndarray]]:
    """A job decoding ``items`` (an ItemTable or relative paths) into (N, H, W, C) uint8 and an ok mask.

    ``size`` = (H, W); by default the dominant size of the readable items. Corrupt or unreadable
    items give zeros and ``ok = False``. With a Catalog, the dataset is ``items.dataset_id`` (or
    ``dataset_id`` when ``items`` are paths).
    """
    if channels not in _MODE_FOR_CHANNELS:
        raise UserError(f"channels must be 1, 3 or 4, not {channels}")
    source = _resolve_source(catalog_or_source, items, dataset_id)
    if hasattr(items, "status"):  # an ItemTable: corrupt items are known and skipped
        paths = items.path.tolist()
        wanted = items.status == "ok"
        if size is None and wanted.any():
            size = dominant_size(list(zip(items.height[wanted].tolist(), items.width[wanted].tolist())))
    else:
        paths = list(items)
        wanted = np.ones(len(paths), bool)
    n = len(paths)
    report = Throttle()
    decoded: list[Optional[np.ndarray]] = [None] * n

    def read_batch(start: int) -> list[Optional[np.ndarray]]:
        out = []
        for i in range(start, min(start + _BATCH, n)):
            pixels = source.read(paths[i]).pixels if wanted[i] else None
            out.append(None if pixels is None else fit(pixels, size, channels))
        return out

    starts = list(range(0, n, _BATCH))
    pool_size = 1 if isinstance(source, ArraySource) else ctx.workers
    for start, batch in zip(starts, parallel_map(read_batch, starts, pool_size, ctx.cancel)):
        decoded[start:start + len(batch)] = batch
        yield from report(Progress("load", start + len(batch), n, "reading pixels"))
    if size is None:  # paths given and no size: now that everything is decoded, take the dominant one
        size = dominant_size([p.shape[:2] for p in decoded if p is not None]) if any(
            p is not None for p in decoded) else (1, 1)
        decoded = [None if p is None else fit(p, size, channels) for p in decoded]
    out = np.zeros((n, size[0], size[1], channels), np.uint8)
    ok = np.zeros(n, bool)
    for i, pixels in enumerate(decoded):
        if pixels is not None:
            out[i] = pixels
            ok[i] = True
    return out, ok


def _resolve_source(catalog_or_source, items, dataset_id: Optional[int]) -> DatasetSource:
    if isinstance(catalog_or_source, DatasetSource):
        return catalog_or_source
    ds = dataset_id if dataset_id is not None else getattr(items, "dataset_id", None)
    if ds is None or ds < 0:
        raise UserError("load_array needs a dataset id with a catalog and a list of paths")
    return catalog_or_source.source(ds)
