"""Scans kept in the project catalog (tables ``scans`` and ``scan_arrays``, schema migration 2 -> 3).

Per-item arrays are stored one row per (scan, name): numbers as ``np.save`` bytes (never pickle),
strings as JSON. Paths and labels are not copied: a loaded scan takes them from the catalog's
items (labels as currently edited), matched by item id.
"""
from __future__ import annotations

import datetime
import io
import json
from typing import Optional

import numpy as np

from aigc_desktop.core.quality.result import ScanResult


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
    created = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    with catalog.transaction() as conn:
        scan_id = conn.execute(
            "INSERT INTO scans(dataset_id, created, checks, thresholds, summary, n_items, seconds) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (dataset_id, created, json.dumps(result.checked), json.dumps(result.thresholds),
             json.dumps(result.counts()), len(result), float(result.seconds))).lastrowid
        conn.executemany("INSERT INTO scan_arrays(scan_id, name, data) VALUES (?, ?, ?)",
                         [(scan_id, name, _to_blob(v)) for name, v in arrays.items()])
    return int(scan_id)


def load_latest_scan(catalog, dataset_id: int) -> Optional[ScanResult]:
    """The newest stored scan of ``dataset_id``, or None if it was never scanned."""
    with catalog._lock:
        row = catalog.connection.execute(
            "SELECT id, thresholds, seconds FROM scans WHERE dataset_id = ? ORDER BY id DESC LIMIT 1",
            (dataset_id,)).fetchone()
        if row is None:
            return None
        scan_id, thresholds, seconds = row
        blobs = dict(catalog.connection.execute(
            "SELECT name, data FROM scan_arrays WHERE scan_id = ?", (scan_id,)).fetchall())
    arrays = {name: _from_blob(data) for name, data in blobs.items()}
    items = catalog.items(dataset_id)
    ids = arrays["item_ids"]
    where = np.searchsorted(items.ids, ids)
    where = np.clip(where, 0, max(len(items.ids) - 1, 0))
    if len(ids) and not np.array_equal(items.ids[where], ids):
        missing = np.setdiff1d(ids, items.ids)
        raise ValueError(f"scan {scan_id} refers to items no longer in dataset {dataset_id}: {missing[:5]}")

    def named(prefix: str) -> dict[str, np.ndarray]:
        return {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)}

    return ScanResult(
        dataset_id=dataset_id, root=catalog.dataset(dataset_id).root, paths=items.path[where],
        labels=items.label[where], item_ids=ids, scores=named("score/"), thresholds=json.loads(thresholds),
        groups=named("group/"), keepers=named("keeper/"), suggested_label=arrays["suggested_label"],
        suggested_confidence=arrays["suggested_confidence"], details=named("detail/"), seconds=seconds)
