"""Dataset versions: each applied plan, revert or batch of manual edits is a numbered version.

Version 0 is the import as it was (written by the import itself). A version stores only the items
whose state differs from the import (included, label, transform), so a version of 100k untouched
items costs nothing. The catalog's current state (its edits: what the Data panel shows and training
reads) always equals the *current* version, except for manual edits made since; those are recorded
as a version of kind ``edits`` before anything else changes the state, so they can be reverted to.

**Revert creates a new version** (kind ``revert``, parent = the version it replaces) whose state
is a copy of the chosen version's: history only grows, and a revert is itself revertible. The
user's source files are never touched; every change is one SQLite transaction. Storage is the
catalog's ``versions`` repository (``core/data/version_records``); reading never writes.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

from aigc_desktop.core.cleaning.plans import ItemState, class_balance
from aigc_desktop.core.data.version_records import ItemChange, VersionInfo  # noqa: F401  (VersionInfo: public)
from aigc_desktop.core.errors import UserError


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


def list_versions(catalog, dataset_id: int) -> list[VersionInfo]:
    return catalog.versions.list(dataset_id)


def get_version(catalog, dataset_id: int, number: int) -> VersionInfo:
    return catalog.versions.get(dataset_id, number)


def current_version(catalog, dataset_id: int) -> VersionInfo:
    return catalog.versions.current(dataset_id)


def version_state(catalog, dataset_id: int, number: int, items=None) -> ItemState:
    """The state of every item in version ``number``."""
    version = get_version(catalog, dataset_id, number)
    items = items if items is not None else catalog.items(dataset_id)
    state = import_state(items)
    changes = catalog.versions.changes(version)
    if changes:
        where = np.searchsorted(state.item_ids, np.array([c.item_id for c in changes], np.int64))
        for r, change in zip(where, changes):
            state.included[r] = change.included
            state.label[r] = change.label
            state.transform[r] = dict(change.transform)
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
    return catalog.versions.transforms(current_version(catalog, dataset_id))


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
    original = items.original_label.astype(str)
    labels = state.label.astype(str)
    transformed = np.array([bool(t) for t in state.transform], dtype=bool)
    relabelled = labels != original
    changes = [ItemChange(int(state.item_ids[r]), bool(state.included[r]), labels[r], dict(state.transform[r]),
                          "; ".join(reasons[r]) if reasons is not None else "")
               for r in np.flatnonzero(~state.included | relabelled | transformed)]
    # the catalog's edits: an entry for each item whose inclusion or label differs from the import
    edits = [(int(state.item_ids[r]), labels[r] if relabelled[r] else None, bool(state.included[r]))
             for r in np.flatnonzero(~state.included | relabelled)]
    return catalog.versions.add(dataset_id, kind, summary, plan or {}, state_stats(state, items), changes, edits)


def record_manual_edits(catalog, dataset_id: int, items=None) -> Optional[VersionInfo]:
    """If the catalog was edited by hand since the current version, record that as a version."""
    items = items if items is not None else catalog.items(dataset_id)
    version = current_version(catalog, dataset_id)
    now_state = current_state(catalog, dataset_id, items)
    then_state = version_state(catalog, dataset_id, version.number, items)
    if same_state(now_state, then_state):
        return None
    changed = int((now_state.included != then_state.included).sum())
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
