"""The project catalog at 200k items: the app's Catalog against the row-by-row reference.

A project of ``--n`` synthetic items (like an ImageFolder import: 100 classes, 1% corrupt, 2%
unlabelled, a few names that are not UTF-8, 1% of the items edited) is written straight through
``Catalog.transaction()`` in a temporary folder, then timed, each the median of ``--runs``:

- items(): the columnar table of every item — the first read of a dataset written row by row
  (it packs the columns, as an import does), a read after an edit (the packed columns plus the
  edits), and again (nothing changed since: the cached table, copied so callers may modify it)
- summary(): the ``aigc info`` counts; counts(): the status bar's; labels(limit=2): the training
  panel's "is it labelled?" (both called summary() before)
- set_labels of 1 item and of 1000 items (with the commit), set_included of every item, and what
  the GUI does per edit: set_labels of 1 item, then the status bar's counts
- reopen: Catalog.open + datasets() + counts(), what the main window does on open

The reference is what the catalog did before it was tuned, in this same run on the same file:
``fetchall`` + ``zip`` + a Python ``path_from_db`` per row for items(), ``dataset_summary`` over
those items for summary(), and every id of the dataset loaded into a set to check an edit.
Wall times on a shared machine depend on what else runs: the load average is printed.

With ``--gui`` the real main window (offscreen) then opens the project: the time its
open_project() call holds the GUI thread, the longest event-loop stall until the Data panel
shows the rows, and one label edit and its undo through the Data panel.

Usage: python benchmarks/catalog_scale.py [--n 200000] [--runs 3] [--gui] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from aigc_desktop.core.data.catalog import _ITEMS_QUERY, Catalog, ItemTable, _now, path_from_db
from aigc_desktop.core.data.info import dataset_summary


def build_project(path: Path, n: int, seed: int = 0) -> int:
    """A project with one dataset of ``n`` synthetic items; returns the dataset id."""
    rng = np.random.default_rng(seed)
    classes = rng.integers(0, 100, n).tolist()
    corrupt = (rng.random(n) < 0.01).tolist()
    unlabelled = (rng.random(n) < 0.02).tolist()
    hashes = [f"{h:032x}" for h in rng.integers(0, 2**62, n).tolist()]
    with Catalog.open(path, create=True) as catalog, catalog.transaction() as conn:
        dataset_id = conn.execute(
            "INSERT INTO datasets(name, kind, root, source_path, n_items, created, summary) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            ("synthetic", "folder", "/data/synthetic", "/data/synthetic", n, _now(),
             json.dumps({"n_items": n, "n_corrupt": sum(corrupt)}))).lastrowid

        def rows():
            for i in range(n):
                name = f"class_{classes[i]:03d}/img_{i:07d}.png"
                path = name.encode() + b"\xff" if i % 10_000 == 7 else name  # a BLOB: not UTF-8
                bad = corrupt[i]
                yield (dataset_id, path, None if unlabelled[i] else str(classes[i]), 0 if bad else 32,
                       0 if bad else 32, "" if bad else ("RGB" if i % 3 else "L"), 0 if bad else 3072,
                       "" if bad else hashes[i], "corrupt" if bad else "ok",
                       "truncated" if bad and i % 2 else ("not_an_image" if bad else ""),
                       "cut short" if bad else "")

        conn.executemany("INSERT INTO items(dataset_id, path, label, width, height, mode, nbytes, pixel_hash, "
                         "status, reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
        first = conn.execute("SELECT min(id) FROM items WHERE dataset_id = ?", (dataset_id,)).fetchone()[0]
        edited = (first + rng.choice(n, n // 100, replace=False)).tolist()
        conn.executemany("INSERT INTO item_edits(item_id, label, included, edited) VALUES (?, ?, ?, ?)",
                         [(i, "relabelled" if i % 2 else None, int(i % 3 != 0), _now()) for i in edited])
    return dataset_id


# ---- the reference: the catalog's code before it was tuned --------------------------------------
def reference_items(catalog: Catalog, dataset_id: int) -> ItemTable:
    rows = catalog._query(_ITEMS_QUERY, (dataset_id,))
    cols = list(zip(*rows)) if rows else [()] * 13

    def obj(values) -> np.ndarray:
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return out

    return ItemTable(
        ids=np.asarray(cols[0], dtype=np.int64), path=obj([path_from_db(v) for v in cols[1]]),
        label=obj(cols[2]), original_label=obj(cols[3]),
        width=np.asarray(cols[4], dtype=np.int32), height=np.asarray(cols[5], dtype=np.int32),
        mode=obj(cols[6]), nbytes=np.asarray(cols[7], dtype=np.int64), pixel_hash=obj(cols[8]),
        status=obj(cols[9]), reason=obj(cols[10]), detail=obj(cols[11]),
        included=np.asarray(cols[12], dtype=bool), dataset_id=dataset_id)


def reference_summary(catalog: Catalog, dataset_id: int) -> dict:
    return dataset_summary(catalog.dataset(dataset_id), reference_items(catalog, dataset_id),
                           catalog.import_summary(dataset_id))


def reference_set_labels(catalog: Catalog, dataset_id: int, ids: list, labels: list) -> None:
    known = {r[0] for r in catalog._query("SELECT id FROM items WHERE dataset_id = ?", (dataset_id,))}
    assert all(i in known for i in ids)
    with catalog.transaction() as conn:
        conn.executemany(
            "INSERT INTO item_edits(item_id, label, included, edited) VALUES (?, ?, 1, ?) "
            "ON CONFLICT(item_id) DO UPDATE SET label = excluded.label, edited = excluded.edited",
            [(i, label, _now()) for i, label in zip(ids, labels)])


# ---- timing ----------------------------------------------------------------------------------
def median_ms(fn, runs: int, before=None) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def same_table(a: ItemTable, b: ItemTable) -> bool:
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in
               ("ids", "path", "label", "original_label", "width", "height", "mode", "nbytes", "pixel_hash",
                "status", "reason", "detail", "included"))


def gui_figures(project: Path, dataset_id: int) -> list[tuple]:
    """The real MainWindow (offscreen) on the project: how long the GUI thread is blocked while
    opening it (and while the Data panel loads it in a worker), and by one label edit and its undo
    through the Data panel (catalog write, table model, status bar, the other panels' reloads)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="aigc-catalog-scale-"))
    os.environ["AIGC_DATA_DIR"], os.environ["AIGC_SETTINGS_DIR"] = str(scratch / "data"), str(scratch / "settings")
    from PySide6.QtCore import QEventLoop, QTimer

    from aigc_desktop.qt.app import create_app
    from aigc_desktop.qt.main_window import MainWindow
    sys.path.insert(0, str(Path(__file__).parent))
    from gui_stall import Heartbeat

    app = create_app(language="en")
    window = MainWindow(probe_device=False)
    window.show()
    panel = window.panels["data"]

    def run_until(condition, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        loop = QEventLoop()
        while not condition() and time.monotonic() < deadline:
            QTimer.singleShot(20, loop.quit)
            loop.exec()

    def timed(fn) -> float:
        start = time.perf_counter()
        fn()
        return (time.perf_counter() - start) * 1000

    heartbeat = Heartbeat()
    run_until(lambda: False, 0.5)
    heartbeat.set_phase("opening")
    open_ms = timed(lambda: window.open_project(str(project)))
    run_until(lambda: panel.model.rowCount() > 0, 120)
    run_until(lambda: False, 1.0)  # the first paint of the table, thumbnails: not the catalog's
    heartbeat.set_phase("editing")
    item = int(panel.model.table.ids[1])
    catalog_ms = []
    write = window.catalog.set_labels

    def timed_write(*args):
        start = time.perf_counter()
        write(*args)
        catalog_ms.append((time.perf_counter() - start) * 1000)

    window.catalog.set_labels = timed_write
    edit_ms = timed(lambda: panel.set_labels([item], "edited in the GUI"))
    run_until(lambda: False, 0.5)
    assert window.catalog.items(dataset_id).label[1] == "edited in the GUI"
    heartbeat.set_phase("undoing")
    undo_ms = timed(window.undo_stack.undo)
    run_until(lambda: False, 0.5)
    gaps = heartbeat.summary()
    window.close()
    app.processEvents()
    return [("GUI open_project() call", open_ms, None),
            ("GUI longest stall opening", gaps["opening"]["max_gap_ms"], None),
            ("GUI one label edit", edit_ms, None), ("  of which set_labels()", catalog_ms[0], None),
            ("GUI longest stall editing", gaps["editing"]["max_gap_ms"], None),
            ("GUI undo of the edit", undo_ms, None), ("GUI longest stall undoing", gaps["undoing"]["max_gap_ms"], None)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--gui", action="store_true", help="also time the real main window on the project")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "scale.aigc"
        start = time.perf_counter()
        dataset_id = build_project(project, args.n)
        print(f"built {args.n:,} items in {time.perf_counter() - start:.1f} s; load average "
              + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        catalog = Catalog.open(project)
        start = time.perf_counter()
        ids = catalog.items(dataset_id).ids  # a project written row by row: this read packs the columns
        first_read = (time.perf_counter() - start) * 1000
        assert same_table(catalog.items(dataset_id), reference_items(catalog, dataset_id)), "items() differs"
        assert catalog.summary(dataset_id) == reference_summary(catalog, dataset_id), "summary() differs"
        rng = np.random.default_rng(1)
        one, thousand = [int(ids[len(ids) // 2])], rng.choice(ids, 1000, replace=False).tolist()
        counter = iter(range(10**9))

        def touch():  # an edit elsewhere: the cached table is stale, the packed columns are not
            with catalog.transaction() as conn:
                conn.execute("UPDATE item_edits SET edited = ? WHERE item_id = ?", (str(next(counter)), one[0]))

        def ref_summary():
            reference_summary(catalog, dataset_id)

        ref_summary_ms = median_ms(ref_summary, args.runs, touch)
        rows = [("items() first read, packs", first_read, None)]  # (operation, app ms, reference ms or None)
        rows.append(("items() after an edit", median_ms(lambda: catalog.items(dataset_id), args.runs, touch),
                     median_ms(lambda: reference_items(catalog, dataset_id), args.runs, touch)))
        catalog.items(dataset_id)
        rows.append(("items() again, cached", median_ms(lambda: catalog.items(dataset_id), args.runs), None))
        rows.append(("summary()", median_ms(lambda: catalog.summary(dataset_id), args.runs, touch), ref_summary_ms))
        # what the status bar and the training panel called before: summary()
        rows.append(("counts()", median_ms(lambda: catalog.counts(dataset_id), args.runs, touch), ref_summary_ms))
        rows.append(("labels(limit=2)", median_ms(lambda: catalog.labels(dataset_id, limit=2), args.runs, touch),
                     ref_summary_ms))
        def fresh(chosen: list) -> list:  # a new label each time: SQLite skips rewriting an equal row
            return [f"label {next(counter)}"] * len(chosen)

        for name, chosen in (("set_labels 1 item", one), ("set_labels 1000 items", thousand)):
            rows.append((name, median_ms(lambda: catalog.set_labels(dataset_id, chosen, fresh(chosen)), args.runs),
                         median_ms(lambda: reference_set_labels(catalog, dataset_id, chosen, fresh(chosen)),
                                   args.runs)))
        rows.append(("GUI edit: 1 label + counts",
                     median_ms(lambda: (catalog.set_labels(dataset_id, one, fresh(one)), catalog.counts(dataset_id)),
                               args.runs),
                     median_ms(lambda: (reference_set_labels(catalog, dataset_id, one, fresh(one)), ref_summary()),
                               args.runs)))
        all_ids = ids.tolist()
        rows.append((f"set_included {len(all_ids):,} items",
                     median_ms(lambda: catalog.set_included(dataset_id, all_ids, True), args.runs), None))
        catalog.close()

        def reopen():
            with Catalog.open(project) as c:
                c.counts(c.datasets()[-1].id)

        def reopen_reference():
            with Catalog.open(project) as c:
                reference_summary(c, c.datasets()[-1].id)

        rows.append(("reopen + counts", median_ms(reopen, args.runs), median_ms(reopen_reference, args.runs)))
        size_mb = project.stat().st_size / 1e6
        if args.gui:
            rows += gui_figures(project, dataset_id)

    print(f"\n{'operation':<26}{'app ms':>10}{'reference ms':>14}{'speed-up':>10}")
    for name, app, ref in rows:
        print(f"{name:<26}{app:>10.1f}" + (f"{ref:>14.1f}{ref / app:>9.1f}x" if ref is not None else f"{'':>14}"))
    print(f"project file {size_mb:.1f} MB; load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    if args.json:
        Path(args.json).write_text(json.dumps({"n": args.n, "load": os.getloadavg(), "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
