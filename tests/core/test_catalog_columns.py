"""The catalog's fast paths agree with the plain ones: packed columns with items read row by row,
SQL counts with counts over every item, cached tables with fresh reads, whatever was edited."""
from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.data.catalog import SCHEMA_VERSION, Catalog
from aigc_desktop.core.data.info import dataset_summary
from aigc_desktop.core.errors import UserError
from tests.jobs import imported

FIELDS = ("ids", "path", "label", "original_label", "width", "height", "mode", "nbytes", "pixel_hash", "status",
          "reason", "detail", "included")
NON_UTF8 = b"caf\xe9_\xff.png"  # Latin-1 bytes: not a valid UTF-8 name


def rows_reference(catalog: Catalog, dataset_id: int):
    """The items read row by row with plain SQL (the reference the packed columns must equal)."""
    from aigc_desktop.core.data.catalog import ItemTable, path_from_db

    rows = catalog.connection.execute(
        "SELECT i.id, i.path, COALESCE(e.label, i.label, ''), COALESCE(i.label, ''), i.width, i.height, i.mode, "
        "i.nbytes, i.pixel_hash, i.status, i.reason, i.detail, COALESCE(e.included, 1) FROM items i "
        "LEFT JOIN item_edits e ON e.item_id = i.id WHERE i.dataset_id = ? ORDER BY i.id", (dataset_id,)).fetchall()
    cols = list(zip(*rows))

    def obj(values):
        values = list(values)
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return out

    return ItemTable(ids=np.asarray(cols[0], np.int64), path=obj(path_from_db(v) for v in cols[1]),
                     label=obj(cols[2]), original_label=obj(cols[3]), width=np.asarray(cols[4], np.int32),
                     height=np.asarray(cols[5], np.int32), mode=obj(cols[6]), nbytes=np.asarray(cols[7], np.int64),
                     pixel_hash=obj(cols[8]), status=obj(cols[9]), reason=obj(cols[10]), detail=obj(cols[11]),
                     included=np.asarray(cols[12], bool), dataset_id=dataset_id)


def same_table(a, b) -> bool:
    return all(np.array_equal(getattr(a, f), getattr(b, f)) and getattr(a, f).dtype == getattr(b, f).dtype
               for f in FIELDS) and a.dataset_id == b.dataset_id


@pytest.fixture
def tree(tmp_path) -> Path:
    """Three classes of tiny images, two sizes, an RGB one, two corrupt files and (where the file
    system allows) a name that is not UTF-8."""
    root = tmp_path / "tree"
    for i in range(15):
        folder = root / "abc"[i % 3]
        folder.mkdir(parents=True, exist_ok=True)
        size = (6, 5) if i % 4 else (8, 8)
        Image.fromarray(np.full(size, i * 10, np.uint8)).save(folder / f"{i:02d}.png")
    Image.fromarray(np.zeros((4, 4, 3), np.uint8)).save(root / "b" / "rgb.png")
    (root / "c" / "empty.png").write_bytes(b"")
    (root / "a" / "cut.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    if sys.platform.startswith("linux"):
        with open(os.path.join(os.fsencode(root / "a"), NON_UTF8), "wb") as f:
            Image.fromarray(np.full((6, 5), 7, np.uint8)).save(f, format="PNG")
    return root


def edit(catalog: Catalog, dataset_id: int) -> None:
    ids = catalog.items(dataset_id).ids
    catalog.set_labels(dataset_id, ids[:3], ["z", "", "10"])
    catalog.set_labels(dataset_id, ids[5:6], ["2"])
    catalog.set_included(dataset_id, ids[2:7], False)
    catalog.set_included(dataset_id, ids[4:5], True)


def test_packed_columns_read_like_the_rows(tmp_path, tree):
    with Catalog.open(tmp_path / "p.aigc", create=True) as catalog:
        dataset_id = imported(catalog, tree, 1)
        assert catalog.connection.execute("SELECT count(*) FROM item_columns").fetchone()[0] == 1
        edit(catalog, dataset_id)
    with Catalog.open(tmp_path / "p.aigc") as catalog:  # a fresh connection: nothing cached
        fast = catalog.items(dataset_id)
        rows = rows_reference(catalog, dataset_id)
        assert same_table(fast, rows)
        assert fast.label[:3].tolist() == ["z", "", "10"]
        assert fast.included[:8].tolist() == [True, True, False, False, True, False, False, True]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a file system that takes any bytes")
def test_non_utf8_path_round_trips_through_the_packed_columns(tmp_path, tree):
    expected = "a/" + os.fsdecode(NON_UTF8)
    project = tmp_path / "p.aigc"
    with Catalog.open(project, create=True) as catalog:
        dataset_id = imported(catalog, tree, 1)
    for read_only in (False, True):
        with Catalog.open(project, read_only=read_only) as catalog:
            table = catalog.items(dataset_id)
            assert expected in table.path.tolist()
            assert same_table(table, rows_reference(catalog, dataset_id))
            item_id = int(table.ids[table.path.tolist().index(expected)])
            assert os.path.exists(os.fsencode(tree) + b"/a/" + NON_UTF8)
            assert np.array_equal(catalog.load_pixels(dataset_id, item_id), np.full((6, 5), 7, np.uint8))
    # stored as a BLOB in the rows, as before
    conn = sqlite3.connect(project)
    assert conn.execute("SELECT count(*) FROM items WHERE typeof(path) = 'blob'").fetchone()[0] == 1
    conn.close()


def test_sql_counts_equal_counts_over_every_item(tree):
    with Catalog.in_memory() as catalog:
        dataset_id = imported(catalog, tree, 1)
        for edited in (False, True):
            if edited:
                edit(catalog, dataset_id)
            items = catalog.items(dataset_id)
            reference = dataset_summary(catalog.dataset(dataset_id), items, catalog.import_summary(dataset_id))
            summary = catalog.summary(dataset_id)
            assert summary == reference
            assert list(summary["labels"]) == list(reference["labels"])  # same order, too
            assert catalog.labels(dataset_id) == list(reference["labels"])
            assert len(catalog.labels(dataset_id, limit=2)) == 2
            assert set(catalog.labels(dataset_id, limit=2)) <= set(reference["labels"])
            assert catalog.counts(dataset_id) == {
                "items": len(items), "corrupt": int((items.status != "ok").sum()),
                "included": int(items.included.sum()), "excluded": int((~items.included).sum()),
                "usable": int(((items.status == "ok") & items.included).sum())}
        assert summary["corrupt"] == 2 and summary["included"] == len(items) - 4
        # excluding a corrupt item changes "excluded" but not "usable": it was never trainable
        corrupt_id = items.ids[items.status != "ok"][0]
        catalog.set_included(dataset_id, [corrupt_id], True)
        before = catalog.counts(dataset_id)
        catalog.set_included(dataset_id, [corrupt_id], False)
        after = catalog.counts(dataset_id)
        assert after["excluded"] == before["excluded"] + 1 and after["usable"] == before["usable"]
        assert after["usable"] < before["included"]
        assert summary["labels"]["2"] >= 1 and summary["labels"]["10"] == 1 and "z" in summary["labels"]


def test_labels_of_an_unlabelled_or_relabelled_dataset(tmp_path):
    folder = tmp_path / "flat"
    folder.mkdir()
    for i in range(4):
        Image.fromarray(np.full((4, 4), i, np.uint8)).save(folder / f"{i}.png")
    with Catalog.in_memory() as catalog:
        dataset_id = imported(catalog, folder, 1)
        ids = catalog.items(dataset_id).ids
        assert catalog.labels(dataset_id) == catalog.labels(dataset_id, limit=2) == []
        catalog.set_labels(dataset_id, ids[:2], ["10", "9"])
        assert catalog.labels(dataset_id) == ["9", "10"] and catalog.labels(dataset_id, limit=1) in (["9"], ["10"])
        catalog.set_labels(dataset_id, ids[:2], ["", "9"])
        assert catalog.labels(dataset_id, limit=2) == ["9"]


def test_counts_of_a_dataset_without_packed_columns(tmp_path, tree):
    with Catalog.open(tmp_path / "p.aigc", create=True) as catalog:
        dataset_id = imported(catalog, tree, 1)
        expected = catalog.counts(dataset_id)
        with catalog.transaction() as conn:
            conn.execute("DELETE FROM item_columns")
        assert catalog.counts(dataset_id) == expected and expected["items"] == len(catalog.items(dataset_id))


def test_cached_table_sees_every_change_and_is_the_callers_to_modify(tmp_path, tree):
    project = tmp_path / "p.aigc"
    with Catalog.open(project, create=True) as catalog:
        dataset_id = imported(catalog, tree, 1)
        first = catalog.items(dataset_id)
        first.label[:] = "scribbled"  # the caller's copy
        first.included[:] = False
        again = catalog.items(dataset_id)
        assert "scribbled" not in again.label.tolist() and again.included.all()
        catalog.set_labels(dataset_id, again.ids[:1], ["new"])
        assert catalog.items(dataset_id).label[0] == "new"
        with pytest.raises(RuntimeError):  # a rolled-back edit never shows
            with catalog.transaction() as conn:
                conn.execute("UPDATE item_edits SET label = 'rolled back'")
                assert catalog.items(dataset_id).label[0] == "rolled back"
                raise RuntimeError
        assert catalog.items(dataset_id).label[0] == "new"
        with Catalog.open(project) as other:  # another connection (another window, a worker, the CLI)
            other.set_included(dataset_id, again.ids[:2], False)
        assert catalog.items(dataset_id).included[:3].tolist() == [False, False, True]
        assert catalog.counts(dataset_id)["excluded"] == 2


def test_a_write_to_the_items_drops_the_packed_columns(tmp_path, tree):
    with Catalog.open(tmp_path / "p.aigc", create=True) as catalog:
        dataset_id = imported(catalog, tree, 1)
        catalog.items(dataset_id)
        with catalog.transaction() as conn:
            conn.execute("UPDATE items SET detail = 'changed by hand' WHERE id = (SELECT min(id) FROM items)")
            assert conn.execute("SELECT count(*) FROM item_columns").fetchone()[0] == 0
        table = catalog.items(dataset_id)
        assert table.detail[0] == "changed by hand"
        assert catalog.connection.execute("SELECT count(*) FROM item_columns").fetchone()[0] == 1  # packed again
    with Catalog.open(tmp_path / "p.aigc") as catalog:  # read from the packed columns, nothing cached
        assert catalog.items(dataset_id).detail[0] == "changed by hand"


def test_in_memory_catalog_is_not_packed(tree):
    with Catalog.in_memory() as catalog:
        dataset_id = imported(catalog, tree, 1)
        edit(catalog, dataset_id)
        assert same_table(catalog.items(dataset_id), rows_reference(catalog, dataset_id))
        assert catalog.connection.execute("SELECT count(*) FROM item_columns").fetchone()[0] == 0


def test_including_an_item_again_leaves_no_edit_behind(tree):
    with Catalog.in_memory() as catalog:
        dataset_id = imported(catalog, tree, 1)
        ids = catalog.items(dataset_id).ids
        catalog.set_labels(dataset_id, ids[:1], ["z"])
        catalog.set_included(dataset_id, ids[:3], False)
        catalog.set_included(dataset_id, ids, True)
        rows = catalog.connection.execute("SELECT item_id, label, included FROM item_edits").fetchall()
        assert rows == [(int(ids[0]), "z", 1)]
        table = catalog.items(dataset_id)
        assert table.included.all() and table.label[0] == "z" and table.label[1] == table.original_label[1]


def test_many_edits_are_checked_at_once(tree):
    with Catalog.in_memory() as catalog:
        dataset_id = imported(catalog, tree, 1)
        ids = catalog.items(dataset_id).ids.tolist()
        many = ids * 1000  # over the size where the ids are compared in one go
        catalog.set_included(dataset_id, many, False)
        assert not catalog.items(dataset_id).included.any()
        with pytest.raises(UserError, match=r"no items with ids \[99999\]"):
            catalog.set_included(dataset_id, [*many, 99999], True)
        with pytest.raises(UserError, match=r"no items with ids \[-1, 99999\]"):
            catalog.set_labels(dataset_id, [ids[0], -1, 99999], ["a", "b", "c"])
        assert not catalog.items(dataset_id).included.any()


def test_project_from_before_the_packed_columns_is_migrated_and_packed_on_first_read(tmp_path, tree):
    project = tmp_path / "p.aigc"
    with Catalog.open(project, create=True) as catalog:
        dataset_id = imported(catalog, tree, 1)
        edit(catalog, dataset_id)
        expected = rows_reference(catalog, dataset_id)
    conn = sqlite3.connect(project, isolation_level=None)  # back to schema 4, as the previous release wrote it
    conn.executescript("DROP TABLE item_columns; DROP INDEX items_counts; DROP TRIGGER item_columns_after_insert; "
                       "DROP TRIGGER item_columns_after_update; DROP TRIGGER item_columns_after_delete; "
                       "ALTER TABLE items DROP COLUMN outside_root; PRAGMA user_version = 4;")
    conn.close()
    with Catalog.open(project) as catalog:
        assert catalog.schema_version == SCHEMA_VERSION
        assert catalog.connection.execute("SELECT count(*) FROM item_columns").fetchone()[0] == 0
        assert same_table(catalog.items(dataset_id), expected)
        assert catalog.connection.execute("SELECT count(*) FROM item_columns").fetchone()[0] == 1
    with Catalog.open(project) as catalog:
        assert same_table(catalog.items(dataset_id), expected)


def test_pack_round_trips_every_value_or_declines():
    from aigc_desktop.core.data import item_columns

    def columns(path_values):
        n = len(path_values)
        out = {name: np.array(["x"] * n, dtype=object) for name in item_columns.TEXT_COLUMNS}
        out["path"] = np.array(path_values, dtype=object)
        out.update(ids=np.arange(n) + 5, width=np.full(n, 3), height=np.full(n, 4), nbytes=np.arange(n) * 2)
        return out

    odd = ["é/ü.png", os.fsdecode(b"a\xff\xfe.png"), "", "same", "same"]
    unpacked = item_columns.unpack(item_columns.pack(columns(odd), "surrogateescape"), "surrogateescape")
    assert unpacked["path"].tolist() == odd and unpacked["ids"].tolist() == [5, 6, 7, 8, 9]
    assert unpacked["path"][3] is unpacked["path"][4]  # equal values are one object
    assert unpacked["width"].dtype == np.int32 and unpacked["nbytes"].tolist() == [0, 2, 4, 6, 8]
    assert item_columns.pack(columns(["a\0b", "c"]), "surrogateescape") is None
    assert item_columns.pack(columns(["\ud800"]), "surrogateescape") is None  # a surrogate no byte decodes to
