"""Dataset versions as stored in the project (tables ``dataset_versions``, ``version_items`` and
``current_versions``, schema migration 3 -> 4): the catalog's ``versions`` repository.

This module holds the SQL; what a version *means* (item states, plans, reverts) is
:mod:`aigc_desktop.core.cleaning.versions`. Reads never write: a dataset imported before versions
were created at import has its version 0 described from its items, and written only by the first
version recorded after it, in that version's transaction.
"""
from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from aigc_desktop.core.data.db_text import text_from_db, text_to_db
from aigc_desktop.core.data.info import label_balance
from aigc_desktop.core.errors import UserError

IMPORT_SUMMARY = "the import as it was"

_SELECT = ("SELECT v.id, v.dataset_id, v.number, p.number, v.kind, v.summary, v.created, v.stats, v.plan, "
           "(c.version_id = v.id) FROM dataset_versions v LEFT JOIN dataset_versions p ON p.id = v.parent_id "
           "LEFT JOIN current_versions c ON c.dataset_id = v.dataset_id ")


def _now() -> str:
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class VersionInfo:
    id: Optional[int]       # None: a version 0 not written yet (a dataset imported before versions)
    dataset_id: int
    number: int
    parent_number: Optional[int]
    kind: str            # import | clean | revert | edits
    summary: str
    created: str
    stats: dict = field(default_factory=dict)
    plan: dict = field(default_factory=dict)
    current: bool = False


@dataclass(frozen=True)
class ItemChange:
    """How one item of a version differs from the import (labels: "" = none; transform: {} = none)."""

    item_id: int
    included: bool
    label: str
    transform: dict
    reason: str = ""


def import_stats(labels: Iterable[str]) -> dict:
    """The counts of version 0: every item included, as imported (``labels``: "" = none)."""
    counts = Counter(labels)
    n = sum(counts.values())
    return {"items": n, "included": n, "excluded": 0, "relabelled": 0, "transformed": 0,
            "labels": label_balance(counts)}


def _info(row) -> VersionInfo:
    return VersionInfo(int(row[0]), int(row[1]), int(row[2]), None if row[3] is None else int(row[3]), row[4],
                       row[5], row[6], json.loads(row[7]), json.loads(row[8]), bool(row[9]))


class VersionTable:
    """``catalog.versions``: list, read and add the versions of a dataset."""

    def __init__(self, catalog) -> None:
        self._catalog = catalog

    def _version_zero(self, dataset_id: int) -> VersionInfo:
        """Version 0 of a dataset that has no versions stored, described without writing it."""
        items = self._catalog.items(dataset_id)
        return VersionInfo(None, dataset_id, 0, None, "import", IMPORT_SUMMARY,
                           self._catalog.dataset(dataset_id).created,
                           import_stats(items.original_label.astype(str).tolist()), {}, True)

    def list(self, dataset_id: int) -> list[VersionInfo]:
        """Every version of the dataset, version 0 first."""
        self._catalog.dataset(dataset_id)
        rows = self._catalog._query(_SELECT + "WHERE v.dataset_id = ? ORDER BY v.number", (dataset_id,))
        return [_info(r) for r in rows] or [self._version_zero(dataset_id)]

    def get(self, dataset_id: int, number: int) -> VersionInfo:
        for version in self.list(dataset_id):
            if version.number == int(number):
                return version
        raise UserError(f"dataset {dataset_id} has no version {number}")

    def current(self, dataset_id: int) -> VersionInfo:
        return next(v for v in self.list(dataset_id) if v.current)

    def changes(self, version: VersionInfo) -> list[ItemChange]:
        """The items whose state in ``version`` differs from the import, by item id."""
        if version.id is None:
            return []
        rows = self._catalog._query("SELECT item_id, included, label, transform, reason FROM version_items "
                                    "WHERE version_id = ? ORDER BY item_id", (version.id,))
        return [ItemChange(int(i), bool(inc), text_from_db(label), json.loads(t) if t else {}, reason)
                for i, inc, label, t, reason in rows]

    def transforms(self, version: VersionInfo) -> dict[int, dict]:
        """Item id -> transform of the items ``version`` converts or resizes."""
        if version.id is None:
            return {}
        rows = self._catalog._query("SELECT item_id, transform FROM version_items WHERE version_id = ? "
                                    "AND transform != ''", (version.id,))
        return {int(i): json.loads(t) for i, t in rows if t and json.loads(t)}

    def add(self, dataset_id: int, kind: str, summary: str, plan: dict, stats: dict, changes: list[ItemChange],
            edits: list[tuple[int, Optional[str], bool]]) -> VersionInfo:
        """Record a new version and make it current, in one transaction: its ``changes`` against the
        import, and the catalog's edits (item id, label or None when not edited, included) set to it."""
        now = _now()
        with self._catalog.transaction() as conn:
            parent = conn.execute("SELECT version_id FROM current_versions WHERE dataset_id = ?",
                                  (dataset_id,)).fetchone()
            if parent is None:  # imported before versions were created at import: version 0 first
                parent = (self.write_version_zero(conn, dataset_id, self._version_zero(dataset_id).stats),)
            number = conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM dataset_versions WHERE dataset_id = ?",
                                  (dataset_id,)).fetchone()[0]
            version_id = conn.execute(
                "INSERT INTO dataset_versions(dataset_id, number, parent_id, kind, summary, plan, stats, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (dataset_id, number, parent[0], kind, summary, json.dumps(plan, ensure_ascii=False),
                 json.dumps(stats), now)).lastrowid
            conn.executemany(
                "INSERT INTO version_items(version_id, item_id, included, label, transform, reason) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(version_id, c.item_id, int(c.included), text_to_db(c.label),
                  json.dumps(c.transform, sort_keys=True) if c.transform else "", c.reason) for c in changes])
            conn.execute("UPDATE current_versions SET version_id = ? WHERE dataset_id = ?", (version_id, dataset_id))
            conn.execute("DELETE FROM item_edits WHERE item_id IN (SELECT id FROM items WHERE dataset_id = ?)",
                         (dataset_id,))
            conn.executemany("INSERT INTO item_edits(item_id, label, included, edited) VALUES (?, ?, ?, ?)",
                             [(item_id, text_to_db(label), int(included), now) for item_id, label, included in edits])
        return self.get(dataset_id, number)

    @staticmethod
    def write_version_zero(conn, dataset_id: int, stats: dict) -> int:
        """Write version 0 and point the dataset at it, inside the caller's transaction (the import's,
        or that of the first version of a dataset imported before versions); its id."""
        created = conn.execute("SELECT created FROM datasets WHERE id = ?", (dataset_id,)).fetchone()[0]
        version_id = conn.execute(
            "INSERT INTO dataset_versions(dataset_id, number, parent_id, kind, summary, stats, created) "
            "VALUES (?, 0, NULL, 'import', ?, ?, ?)",
            (dataset_id, IMPORT_SUMMARY, json.dumps(stats), created)).lastrowid
        conn.execute("INSERT INTO current_versions(dataset_id, version_id) VALUES (?, ?)", (dataset_id, version_id))
        return version_id
