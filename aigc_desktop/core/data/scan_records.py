"""Scans as stored in the project (tables ``scans`` and ``scan_arrays``, schema migration 2 -> 3):
the catalog's ``scans`` repository. This module holds the SQL; the arrays' encoding and the
:class:`~aigc_desktop.core.quality.result.ScanResult` they make up are in ``core/quality/store.py``.
"""
from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Optional


@dataclass
class ScanRecord:
    """One stored scan, without its per-item arrays."""

    id: int
    dataset_id: int
    created: str
    checks: list
    thresholds: dict
    summary: dict       # issue type -> items flagged at the thresholds
    n_items: int
    seconds: float


class ScanTable:
    """``catalog.scans``: add a scan, read the newest one of a dataset and its arrays."""

    def __init__(self, catalog) -> None:
        self._catalog = catalog

    def add(self, dataset_id: int, checks: list, thresholds: dict, summary: dict, n_items: int, seconds: float,
            arrays: dict[str, bytes], newest_only: tuple = ()) -> int:
        """Store a scan and its named arrays (one transaction); its id. The arrays named in
        ``newest_only`` are dropped from the dataset's older scans (large ones kept once)."""
        created = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
        with self._catalog.transaction() as conn:
            for name in newest_only:
                conn.execute("DELETE FROM scan_arrays WHERE name = ? AND scan_id IN "
                             "(SELECT id FROM scans WHERE dataset_id = ?)", (name, dataset_id))
            scan_id = conn.execute(
                "INSERT INTO scans(dataset_id, created, checks, thresholds, summary, n_items, seconds) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (dataset_id, created, json.dumps(checks), json.dumps(thresholds), json.dumps(summary), n_items,
                 float(seconds))).lastrowid
            conn.executemany("INSERT INTO scan_arrays(scan_id, name, data) VALUES (?, ?, ?)",
                             [(scan_id, name, data) for name, data in arrays.items()])
        return int(scan_id)

    def latest(self, dataset_id: int) -> Optional[ScanRecord]:
        """The newest scan of the dataset (None: never scanned); cheap, it reads no arrays."""
        rows = self._catalog._query(
            "SELECT id, dataset_id, created, checks, thresholds, summary, n_items, seconds FROM scans "
            "WHERE dataset_id = ? ORDER BY id DESC LIMIT 1", (dataset_id,))
        if not rows:
            return None
        r = rows[0]
        return ScanRecord(int(r[0]), int(r[1]), r[2], json.loads(r[3]), json.loads(r[4]), json.loads(r[5]),
                          int(r[6]), float(r[7]))

    def arrays(self, scan_id: int, names: Optional[tuple] = None, leave_out: tuple = ()) -> dict[str, bytes]:
        """The scan's per-item arrays, as stored, by name: those in ``names`` (None: all) but not
        in ``leave_out`` (neither is read from the file)."""
        sql, params = "SELECT name, data FROM scan_arrays WHERE scan_id = ?", [scan_id]
        if names is not None:
            sql += f" AND name IN ({', '.join('?' * len(names))})"
            params += list(names)
        if leave_out:
            sql += f" AND name NOT IN ({', '.join('?' * len(leave_out))})"
            params += list(leave_out)
        return {name: bytes(data) for name, data in self._catalog._query(sql, tuple(params))}
