"""Dataset versions: each applied plan, revert or batch of manual edits is a numbered version.

Version 0 is the import as it was. A version stores only the items whose state differs from the
import (``version_items``: included, label, transform), so a version of 100k untouched items costs
nothing. The catalog's current state (``item_edits``, what the Data panel shows and training reads)
always equals the *current* version, except for manual edits made since; those are recorded as a
version of kind ``edits`` before anything else changes the state, so they can be reverted to.

**Revert creates a new version** (kind ``revert``, parent = the version it replaces) whose state
is a copy of the chosen version's: history only grows, and a revert is itself revertible. The
user's source files are never touched; every change is one SQLite transaction.
"""
from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from aigc_desktop.core.cleaning.plans import ItemState, class_balance
from aigc_desktop.core.errors import UserError


def _now() -> str:
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class VersionInfo:
    id: int
    dataset_id: int
    number: int
    parent_number: Optional[int]
    kind: str            # import | clean | revert | edits
    summary: str
    created: str
    stats: dict = field(default_factory=dict)
    plan: dict = field(default_factory=dict)
    current: bool = False


def import_state(items) -> ItemState:
    """The state of version 0: everything included, the labels as imported, no transforms."""
    transform = np.empty(len(items), object)
    transform[:] = [{} for _ in range(len(items))]
    return ItemState(items.ids.copy(), np.ones(len(items), bool), items.original_label.astype(object).copy(),
                     transform)


def state_stats(state: ItemState, items) -> dict:
    original = items.original_label.astype(str)
    return {"items": len(state), "included": int(state.included.sum()),
            "excluded": int((~state.included).sum()),
            "relabelled": int((state.included & (state.label.astype(str) != original)).sum()),
            "transformed": int(sum(1 for t, kept in zip(state.transform, state.included) if t and kept)),
            "labels": class_balance(state)}


_SELECT = ("SELECT v.id, v.dataset_id, v.number, p.number, v.kind, v.summary, v.created, v.stats, v.plan, "
           "(c.version_id = v.id) FROM dataset_versions v LEFT JOIN dataset_versions p ON p.id = v.parent_id "
           "LEFT JOIN current_versions c ON c.dataset_id = v.dataset_id ")


def _info(row) -> VersionInfo:
    return VersionInfo(int(row[0]), int(row[1]), int(row[2]), None if row[3] is None else int(row[3]), row[4],
                       row[5], row[6], json.loads(row[7]), json.loads(row[8]), bool(row[9]))


def ensure_versions(catalog, dataset_id: int) -> None:
    """Create version 0 (the import) and the current pointer if the dataset has none yet."""
    catalog.dataset(dataset_id)
    if catalog._query("SELECT 1 FROM current_versions WHERE dataset_id = ?", (dataset_id,)):
        return
    if catalog.read_only:
        raise UserError(f"dataset {dataset_id} has no versions yet and the project is read-only")
    with catalog.transaction() as conn:
        if conn.execute("SELECT 1 FROM current_versions WHERE dataset_id = ?", (dataset_id,)).fetchone():
            return
        items = catalog.items(dataset_id)
        stats = state_stats(import_state(items), items)
        version_id = conn.execute(
            "INSERT INTO dataset_versions(dataset_id, number, parent_id, kind, summary, stats, created) "
            "VALUES (?, 0, NULL, 'import', 'the import as it was', ?, ?)",
            (dataset_id, json.dumps(stats), catalog.dataset(dataset_id).created)).lastrowid
        conn.execute("INSERT INTO current_versions(dataset_id, version_id) VALUES (?, ?)", (dataset_id, version_id))


def list_versions(catalog, dataset_id: int) -> list[VersionInfo]:
    ensure_versions(catalog, dataset_id)
    rows = catalog._query(_SELECT + "WHERE v.dataset_id = ? ORDER BY v.number", (dataset_id,))
    return [_info(r) for r in rows]


def get_version(catalog, dataset_id: int, number: int) -> VersionInfo:
    ensure_versions(catalog, dataset_id)
    rows = catalog._query(_SELECT + "WHERE v.dataset_id = ? AND v.number = ?", (dataset_id, int(number)))
    if not rows:
        raise UserError(f"dataset {dataset_id} has no version {number}")
    return _info(rows[0])


def current_version(catalog, dataset_id: int) -> VersionInfo:
    return next(v for v in list_versions(catalog, dataset_id) if v.current)


def version_state(catalog, dataset_id: int, number: int, items=None) -> ItemState:
    """The state of every item in version ``number``."""
    version = get_version(catalog, dataset_id, number)
    items = items if items is not None else catalog.items(dataset_id)
    state = import_state(items)
    rows = catalog._query("SELECT item_id, included, label, transform FROM version_items WHERE version_id = ? "
                          "ORDER BY item_id", (version.id,))
    if rows:
        ids = np.array([r[0] for r in rows], np.int64)
        where = np.searchsorted(state.item_ids, ids)
        for r, (_, included, label, transform) in zip(where, rows):
            state.included[r] = bool(included)
            state.label[r] = label
            state.transform[r] = json.loads(transform) if transform else {}
    return state


def current_state(catalog, dataset_id: int, items=None) -> ItemState:
    """The catalog's current state: included and labels as edited now, transforms of the current version."""
    items = items if items is not None else catalog.items(dataset_id)
    state = version_state(catalog, dataset_id, current_version(catalog, dataset_id).number, items)
    state.included = items.included.copy()
    state.label = items.label.astype(object).copy()
    return state


def current_transforms(catalog, dataset_id: int) -> dict[int, dict]:
    """Item id -> transform ({"mode": "L"}, {"resize": [w, h]}) of the current version (only items with one)."""
    version = current_version(catalog, dataset_id)
    rows = catalog._query("SELECT item_id, transform FROM version_items WHERE version_id = ? AND transform != ''",
                          (version.id,))
    return {int(r[0]): json.loads(r[1]) for r in rows if r[1] and json.loads(r[1])}


def same_state(a: ItemState, b: ItemState) -> bool:
    return (np.array_equal(a.item_ids, b.item_ids) and np.array_equal(a.included, b.included)
            and bool(np.all(a.label.astype(str) == b.label.astype(str)))
            and all(x == y for x, y in zip(a.transform, b.transform)))


def create_version(catalog, dataset_id: int, state: ItemState, kind: str, summary: str,
                   plan: Optional[dict] = None, reasons=None, items=None) -> VersionInfo:
    """Record ``state`` as a new version, make it current and write it into the catalog's edits,
    all in one transaction. ``reasons`` (per item, lists of strings) are kept with changed items."""
    items = items if items is not None else catalog.items(dataset_id)
    if not np.array_equal(state.item_ids, items.ids):
        raise UserError("the dataset's items changed since the plan was made; scan again")
    ensure_versions(catalog, dataset_id)
    original = items.original_label.astype(str)
    labels = state.label.astype(str)
    transforms = [json.dumps(t, sort_keys=True) if t else "" for t in state.transform]
    differs = ~state.included | (labels != original) | np.array([bool(t) for t in transforms], dtype=bool)
    rows = np.flatnonzero(differs)
    now = _now()
    with catalog.transaction() as conn:
        parent = conn.execute("SELECT version_id FROM current_versions WHERE dataset_id = ?", (dataset_id,)).fetchone()[0]
        number = conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM dataset_versions WHERE dataset_id = ?",
                              (dataset_id,)).fetchone()[0]
        version_id = conn.execute(
            "INSERT INTO dataset_versions(dataset_id, number, parent_id, kind, summary, plan, stats, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (dataset_id, number, parent, kind, summary, json.dumps(plan or {}, ensure_ascii=False),
             json.dumps(state_stats(state, items)), now)).lastrowid
        conn.executemany(
            "INSERT INTO version_items(version_id, item_id, included, label, transform, reason) VALUES (?, ?, ?, ?, ?, ?)",
            [(version_id, int(state.item_ids[r]), int(state.included[r]), labels[r], transforms[r],
              "; ".join(reasons[r]) if reasons is not None else "") for r in rows])
        conn.execute("UPDATE current_versions SET version_id = ? WHERE dataset_id = ?", (version_id, dataset_id))
        _write_edits(conn, dataset_id, state, items, now)
    return get_version(catalog, dataset_id, number)


def _write_edits(conn, dataset_id: int, state: ItemState, items, now: str) -> None:
    """Make the catalog's edits equal ``state``: an edit row for each item that differs from the import."""
    conn.execute("DELETE FROM item_edits WHERE item_id IN (SELECT id FROM items WHERE dataset_id = ?)", (dataset_id,))
    original = items.original_label.astype(str)
    labels = state.label.astype(str)
    rows = np.flatnonzero(~state.included | (labels != original))
    conn.executemany(
        "INSERT INTO item_edits(item_id, label, included, edited) VALUES (?, ?, ?, ?)",
        [(int(state.item_ids[r]), None if labels[r] == original[r] else labels[r], int(state.included[r]), now)
         for r in rows])


def record_manual_edits(catalog, dataset_id: int, items=None) -> Optional[VersionInfo]:
    """If the catalog was edited by hand since the current version, record that as a version."""
    items = items if items is not None else catalog.items(dataset_id)
    version = current_version(catalog, dataset_id)
    now_state = current_state(catalog, dataset_id, items)
    if same_state(now_state, version_state(catalog, dataset_id, version.number, items)):
        return None
    changed = int((now_state.included != version_state(catalog, dataset_id, version.number, items).included).sum())
    return create_version(catalog, dataset_id, now_state, "edits",
                          f"manual edits since version {version.number} ({changed} inclusion changes)", items=items)


def revert_to(catalog, dataset_id: int, number: int) -> VersionInfo:
    """Make version ``number``'s state current again, as a new version (manual edits are kept first)."""
    target = get_version(catalog, dataset_id, number)
    with catalog.transaction():
        items = catalog.items(dataset_id)
        record_manual_edits(catalog, dataset_id, items)
        state = version_state(catalog, dataset_id, target.number, items)
        return create_version(catalog, dataset_id, state, "revert", f"revert to version {target.number}",
                              plan={"revert_to": target.number}, items=items)
