"""The project catalog: edits persist, bad project files get clear messages, schemas migrate."""
from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.data import catalog as catalog_module
from aigc_desktop.core.data import schema
from aigc_desktop.core.data.catalog import SCHEMA_VERSION, Catalog
from aigc_desktop.core.data.dataset_ref import DatasetRef
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import CancelToken, Cancelled, run_job
from tests.jobs import context, imported


@pytest.fixture
def small_tree(tmp_path) -> Path:
    """12 tiny images in three classes, one of them corrupt."""
    root = tmp_path / "tree"
    for i in range(12):
        folder = root / "abc"[i % 3]
        folder.mkdir(parents=True, exist_ok=True)
        Image.fromarray(np.full((6, 5), i * 20, np.uint8)).save(folder / f"{i:02d}.png")
    (root / "c" / "99.png").write_bytes(b"")
    return root


@pytest.fixture(autouse=True)
def quick_lock_timeout(monkeypatch):
    monkeypatch.setattr(Catalog, "BUSY_TIMEOUT_S", 0.2)


def test_edits_persist_across_reopen(tmp_path, small_tree):
    project = tmp_path / "p.aigc"
    with Catalog.open(project, create=True) as catalog:
        dataset_id = imported(catalog, small_tree, 2)
        table = catalog.items(dataset_id)
        assert len(table) == 13 and table.included.all()
        catalog.set_labels(dataset_id, table.ids[:2], ["z", ""])
        catalog.set_included(dataset_id, table.ids[1:4], False)
        catalog.set_included(dataset_id, table.ids[3:5], [True, False])
    with Catalog.open(project) as catalog:
        assert catalog.schema_version == SCHEMA_VERSION
        [info] = catalog.datasets()
        assert (info.id, info.kind, info.n_items, info.name) == (dataset_id, "imagefolder", 13, "tree")
        again = catalog.items(dataset_id)
        assert again.label[:3].tolist() == ["z", "", "a"]
        assert again.original_label[:3].tolist() == ["a", "a", "a"]
        assert again.included[:6].tolist() == [True, False, False, True, False, True]
        assert again.path.tolist() == table.path.tolist()
        summary = catalog.summary(dataset_id)
        assert summary["labels"] == {"a": 2, "b": 4, "c": 5, "z": 1} and summary["unlabelled"] == 1
        assert summary["corrupt_by_reason"] == {"zero_bytes": 1}
        assert summary["included"] == 10
        assert np.array_equal(catalog.load_pixels(dataset_id, int(again.ids[4])), np.full((6, 5), 20, np.uint8))


def test_item_table_subset_keeps_the_dataset(small_tree):
    with Catalog.in_memory() as catalog:
        dataset_id = imported(catalog, small_tree)
        table = catalog.items(dataset_id)
        ok = table.subset(table.status == "ok")
        assert len(ok) == 12 and ok.dataset_id == dataset_id and "c/99.png" not in ok.path.tolist()
        assert table.subset(np.array([2, 0])).path.tolist() == [table.path[2], table.path[0]]


def test_edits_of_unknown_items_are_refused(small_tree):
    with Catalog.in_memory() as catalog:
        dataset_id = imported(catalog, small_tree, 1)
        with pytest.raises(UserError, match="no items with ids"):
            catalog.set_labels(dataset_id, [10_000], ["x"])
        with pytest.raises(UserError, match="2 items but 1 labels"):
            catalog.set_labels(dataset_id, catalog.items(dataset_id).ids[:2], ["x"])


def test_cancelled_import_leaves_the_catalog_as_before(tmp_path, small_tree):
    with Catalog.open(tmp_path / "p.aigc", create=True) as catalog:
        first = imported(catalog, small_tree)
        token = CancelToken()
        seen = []

        def progress(event):
            seen.append(event)
            token.cancel()

        with pytest.raises(Cancelled):
            run_job(catalog.import_dataset(small_tree, context(2, token)), progress)
        assert seen
        assert [d.id for d in catalog.datasets()] == [first]
        assert catalog.connection.execute("SELECT count(*) FROM items").fetchone()[0] == 13


def test_failed_transaction_rolls_back(small_tree):
    with Catalog.in_memory() as catalog:
        dataset_id = imported(catalog, small_tree)
        ids = catalog.items(dataset_id).ids
        with pytest.raises(RuntimeError):
            with catalog.transaction() as conn:
                conn.execute("DELETE FROM items")
                raise RuntimeError("boom")
        assert len(catalog.items(dataset_id)) == len(ids)


def test_second_import_gets_a_distinct_name_and_can_be_removed(small_tree):
    with Catalog.in_memory() as catalog:
        a, b = imported(catalog, small_tree), imported(catalog, small_tree)
        assert [d.name for d in catalog.datasets()] == ["tree", "tree (2)"]
        catalog.remove_dataset(a)
        assert [d.id for d in catalog.datasets()] == [b]
        assert catalog.connection.execute("SELECT count(*) FROM items").fetchone()[0] == 13


def test_not_a_project(tmp_path):
    text = tmp_path / "notes.aigc"
    text.write_text("definitely not SQLite")
    with pytest.raises(UserError, match="not an AIGC Desktop project"):
        Catalog.open(text)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="another program"):
        Catalog.open(other)
    empty = tmp_path / "empty.aigc"
    empty.write_bytes(b"")
    with pytest.raises(UserError, match="empty file"):
        Catalog.open(empty)
    with pytest.raises(UserError, match="does not exist"):
        Catalog.open(tmp_path / "missing.aigc")
    with pytest.raises(UserError, match="is a folder"):
        Catalog.open(tmp_path)


def test_locked_project(tmp_path, small_tree):
    project = tmp_path / "p.aigc"
    Catalog.open(project, create=True).close()
    other = sqlite3.connect(project, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(UserError, match="locked by another program"):
            Catalog.open(project)
    finally:
        other.execute("ROLLBACK")
    with Catalog.open(project) as catalog:
        other.execute("BEGIN IMMEDIATE")  # another writer holds the write lock
        try:
            with pytest.raises(UserError, match="locked by another program"):
                imported(catalog, small_tree)
        finally:
            other.execute("ROLLBACK")
        assert catalog.datasets() == []
    other.close()


def test_read_only_project(tmp_path, small_tree, monkeypatch):
    project = tmp_path / "p.aigc"
    with Catalog.open(project, create=True) as catalog:
        dataset_id = imported(catalog, small_tree)
    with Catalog.open(project, read_only=True) as catalog:
        table = catalog.items(dataset_id)  # reading works
        assert len(table) == 13
        with pytest.raises(UserError, match="read-only"):
            catalog.set_labels(dataset_id, table.ids[:1], ["x"])
        with pytest.raises(UserError, match="read-only"):
            imported(catalog, small_tree)
    # a file the user may not write is opened read-only by itself (root ignores chmod, so fake it)
    monkeypatch.setattr(catalog_module.os, "access", lambda path, mode: mode != os.W_OK)
    with Catalog.open(project) as catalog:
        assert catalog.read_only
        with pytest.raises(UserError, match="read-only"):
            catalog.set_included(dataset_id, table.ids[:1], False)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes read-only files anyway")
def test_chmod_read_only_project(tmp_path, small_tree):
    project = tmp_path / "p.aigc"
    with Catalog.open(project, create=True) as catalog:
        dataset_id = imported(catalog, small_tree)
    project.chmod(0o444)
    with Catalog.open(project) as catalog:
        with pytest.raises(UserError, match="read-only"):
            catalog.set_labels(dataset_id, catalog.items(dataset_id).ids[:1], ["x"])


def test_newer_schema_is_refused(tmp_path):
    project = tmp_path / "p.aigc"
    Catalog.open(project, create=True).close()
    conn = sqlite3.connect(project)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="newer version"):
        Catalog.open(project)


def _version_one_project(path: Path) -> None:
    """A project as the first release wrote it: schema 1, one dataset with one item, no edits table."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(schema.MIGRATIONS[0])
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO datasets(id, name, kind, root, source_path, created) "
                 "VALUES (1, 'old', 'folder', '/x', '/x', 'then')")
    conn.execute("INSERT INTO items(dataset_id, path, label, width, height, mode, nbytes, pixel_hash, status, "
                 "reason, detail) VALUES (1, 'a.png', 'cat', 4, 4, 'L', 99, 'h', 'ok', '', '')")
    conn.close()


def test_older_schema_is_migrated_forward(tmp_path):
    project = tmp_path / "old.aigc"
    _version_one_project(project)
    with Catalog.open(project) as catalog:
        assert catalog.schema_version == SCHEMA_VERSION
        table = catalog.items(1)
        assert table.path.tolist() == ["a.png"] and table.label.tolist() == ["cat"]
        catalog.set_labels(1, table.ids, ["dog"])
    with Catalog.open(project) as catalog:
        assert catalog.items(1).label.tolist() == ["dog"]


def test_appended_migration_runs_and_a_failing_one_rolls_back(tmp_path, monkeypatch):
    project = tmp_path / "p.aigc"
    Catalog.open(project, create=True).close()
    bad = [*schema.MIGRATIONS, "CREATE TABLE migration_probe (id INTEGER PRIMARY KEY); THIS IS NOT SQL;"]
    monkeypatch.setattr(schema, "MIGRATIONS", bad)
    monkeypatch.setattr(catalog_module, "SCHEMA_VERSION", len(bad))
    with pytest.raises(UserError):
        Catalog.open(project)
    conn = sqlite3.connect(project)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(bad) - 1
    assert not conn.execute("SELECT name FROM sqlite_master WHERE name = 'migration_probe'").fetchall()
    conn.close()
    good = [*bad[:-1], "CREATE TABLE migration_probe (id INTEGER PRIMARY KEY, created TEXT);"]
    monkeypatch.setattr(schema, "MIGRATIONS", good)
    with Catalog.open(project) as catalog:
        assert catalog.schema_version == len(good)
        with catalog.transaction() as conn:
            conn.execute("INSERT INTO migration_probe(created) VALUES ('now')")
    with Catalog.open(project) as catalog:
        assert catalog.connection.execute("SELECT created FROM migration_probe").fetchall() == [("now",)]


def test_read_only_old_project_cannot_be_migrated(tmp_path):
    project = tmp_path / "old.aigc"
    _version_one_project(project)
    with pytest.raises(UserError, match="older format"):
        Catalog.open(project, read_only=True)


def test_a_dataset_ref_opens_paths_and_projects(tmp_path, small_tree):
    catalog, dataset_id = run_job(DatasetRef(str(small_tree)).open(context()))
    with catalog:
        assert catalog.path is None and len(catalog.items(dataset_id)) == 13
    project = tmp_path / "p.aigc"
    with Catalog.open(project, create=True):
        pass
    with pytest.raises(UserError, match="holds no dataset"):
        run_job(DatasetRef(str(project)).open(context()))
    with Catalog.open(project) as catalog:
        first = imported(catalog, small_tree)
        second = imported(catalog, small_tree)
    catalog, dataset_id = run_job(DatasetRef(str(project)).open(context()))  # the latest dataset
    with catalog:
        assert dataset_id == second
    catalog, dataset_id = run_job(DatasetRef(str(project), first).open(context(), read_only=True))
    with catalog:
        assert dataset_id == first and catalog.read_only
    with pytest.raises(UserError, match="no dataset with id"):
        run_job(DatasetRef(str(project), second + 1).open(context()))
