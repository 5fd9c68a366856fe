"""Scans kept in the project, through the catalog's ``scans`` repository (``core/data/scan_records``).

Per-item arrays are stored one row per (scan, name): numbers as ``np.save`` bytes (never pickle),
strings as JSON. Paths and labels are not copied: a loaded scan takes them from the catalog's
items (labels as currently edited), matched by item id.
"""
from __future__ import annotations

import io
import json
from typing import Optional

import numpy as np

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.quality.result import ScanResult


FEATURES = "features"  # the scan's feature vectors: kept with the newest scan only, read on their own


def _to_blob(values: np.ndarray) -> bytes:
    if values.dtype == object:
        return json.dumps([str(v) for v in values], ensure_ascii=False).encode("utf-8")
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(values), allow_pickle=False)
    return buf.getvalue()


def _from_blob(data: bytes) -> np.ndarray:
    data = bytes(data)
    if data.startswith(b"\x93NUMPY"):
        return np.load(io.BytesIO(data), allow_pickle=False)
    values = json.loads(data.decode("utf-8"))
    out = np.empty(len(values), object)
    out[:] = values
    return out


def save_scan(catalog, dataset_id: int, result: ScanResult) -> int:
    """Store ``result`` as the newest scan of ``dataset_id`` (one transaction); returns its id."""
    arrays = {"item_ids": np.asarray(result.item_ids, np.int64),
              "suggested_label": result.suggested_label,
              "suggested_confidence": np.asarray(result.suggested_confidence, np.float32)}
    for t, v in result.scores.items():
        arrays[f"score/{t}"] = np.asarray(v, np.float32)
    for t, v in result.groups.items():
        arrays[f"group/{t}"] = np.asarray(v, np.int64)
        arrays[f"keeper/{t}"] = np.asarray(result.keepers[t], bool)
    for t, v in result.details.items():
        arrays[f"detail/{t}"] = v
    if result.features is not None:  # half precision: the map and neighbour ranks need no more
        arrays[FEATURES] = np.asarray(result.features, np.float16)
    return catalog.scans.add(dataset_id, result.checked, result.thresholds, result.counts(), len(result),
                             result.seconds, {name: _to_blob(v) for name, v in arrays.items()},
                             newest_only=(FEATURES,))  # megabytes at 100k items: kept once


def load_latest_scan(catalog, dataset_id: int) -> Optional[ScanResult]:
    """The newest stored scan of ``dataset_id``, or None if it was never scanned. UserError when the
    scan no longer matches the dataset's items."""
    record = catalog.scans.latest(dataset_id)
    if record is None:
        return None
    stored = catalog.scans.arrays(record.id, leave_out=(FEATURES,))  # the vectors are read on their own
    arrays = {name: _from_blob(data) for name, data in stored.items()}
    items = catalog.items(dataset_id)
    ids = arrays["item_ids"]
    where = np.searchsorted(items.ids, ids)
    where = np.clip(where, 0, max(len(items.ids) - 1, 0))
    if len(ids) and not np.array_equal(items.ids[where], ids):
        missing = np.setdiff1d(ids, items.ids)
        raise UserError(f"the stored scan refers to {len(missing)} items no longer in the dataset "
                        f"(ids {missing[:5].tolist()}); scan it again")

    def named(prefix: str) -> dict[str, np.ndarray]:
        return {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)}

    return ScanResult(
        dataset_id=dataset_id, root=catalog.dataset(dataset_id).root, paths=items.path[where],
        labels=items.label[where], item_ids=ids, scores=named("score/"), thresholds=record.thresholds,
        groups=named("group/"), keepers=named("keeper/"), suggested_label=arrays["suggested_label"],
        suggested_confidence=arrays["suggested_confidence"], details=named("detail/"), seconds=record.seconds)


def load_scan_features(catalog, dataset_id: int) -> Optional[tuple[np.ndarray, np.ndarray]]:
    """(item ids (N,) int64, feature vectors (N, D) float32) of the newest scan of ``dataset_id``,
    or None when that scan kept none (quick checks only, or a scan older than this field)."""
    record = catalog.scans.latest(dataset_id)
    if record is None:
        return None
    blobs = catalog.scans.arrays(record.id, names=("item_ids", FEATURES))
    if FEATURES not in blobs:
        return None
    return _from_blob(blobs["item_ids"]).astype(np.int64), _from_blob(blobs[FEATURES]).astype(np.float32)
