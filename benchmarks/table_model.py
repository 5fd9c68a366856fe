"""Data table at 200k rows: the app's ItemTableModel against two naive references.

The app's model sorts and filters by recomputing one index permutation with numpy (integer
ranks, stable argsort, boolean masks). References, on the same synthetic rows:

- proxy: a list-of-tuples table model (path, label, bytes columns only — fewer than the app
  shows) behind a QSortFilterProxyModel, the textbook Qt way; sorting and filtering compare rows
  one by one through ``data()``.
- python: ``sorted`` with a key over row tuples, list comprehensions for filters.

Printed: the median over ``--runs`` runs of each operation, and app speed-up ratios. Sort keys
for text columns are computed once per table and cached by the app; the "first" sort includes
that, the "again" sort (the other direction) does not.

Usage: python benchmarks/table_model.py [--n 200000] [--runs 3] [--proxy] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import warnings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from aigc_desktop.core.data.catalog import ItemTable  # noqa: E402
from aigc_desktop.qt.models.item_table_model import (  # noqa: E402
    BYTES, LABEL, PATH, ItemFilter, ItemTableModel, natural_rank_key,
)


def obj(values) -> np.ndarray:
    values = list(values)
    out = np.empty(len(values), object)
    out[:] = values
    return out


def synthetic_table(n: int, seed: int = 0) -> ItemTable:
    """Rows like an ImageFolder import: 100 classes, shuffled file names, 1% corrupt, 2% unlabelled."""
    rng = np.random.default_rng(seed)
    classes = rng.integers(0, 100, n)
    labels = obj(str(c) for c in classes.tolist())
    labels[rng.random(n) < 0.02] = ""
    names = rng.permutation(n)
    paths = obj(f"class_{c:03d}/IMG_{k:07d}.png" for c, k in zip(classes.tolist(), names.tolist()))
    status = obj("ok" for _ in range(n))
    bad = rng.random(n) < 0.01
    status[bad] = "corrupt"
    reason = obj("" for _ in range(n))
    reason[bad] = "truncated"
    size = rng.choice([28, 32, 64, 96], n).astype(np.int32)
    return ItemTable(ids=np.arange(1, n + 1, dtype=np.int64), path=paths, label=labels, original_label=labels.copy(),
                     width=size, height=size.copy(), mode=obj(rng.choice(["L", "RGB"], n).tolist()),
                     nbytes=rng.integers(80, 200_000, n).astype(np.int64), pixel_hash=obj("" for _ in range(n)),
                     status=status, reason=reason, detail=obj("" for _ in range(n)), included=np.ones(n, bool))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_app(table: ItemTable) -> dict[str, float]:
    model = ItemTableModel()
    out = {"build": timed(lambda: model.set_items(table))}
    out["sort path (first)"] = timed(lambda: model.sort(PATH, Qt.AscendingOrder))
    out["sort path (again)"] = timed(lambda: model.sort(PATH, Qt.DescendingOrder))
    out["sort label (first)"] = timed(lambda: model.sort(LABEL, Qt.AscendingOrder))
    out["sort bytes"] = timed(lambda: model.sort(BYTES, Qt.DescendingOrder))
    out["filter text"] = timed(lambda: model.set_filter(ItemFilter(text="img_00012")))
    out["filter label"] = timed(lambda: model.set_filter(ItemFilter(label="42")))
    out["filter corrupt"] = timed(lambda: model.set_filter(ItemFilter(status="corrupt")))
    model.set_filter(ItemFilter())
    out["one screen of data()"] = timed(lambda: [model.data(model.index(r, c), role) for r in range(40)
                                                 for c in range(8) for role in (Qt.DisplayRole, Qt.ForegroundRole)])
    assert model.rowCount() == len(table)
    return out


class RowListModel(QAbstractTableModel):
    """The plain way to put rows in Qt: a list of (path, label, bytes) tuples.

    (A QStandardItemModel would be the textbook choice, but PySide6 6.12's ``setItem`` corrupts
    the refcount of None and crashes the interpreter after a few thousand items.)"""

    def __init__(self, rows: list[tuple]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def data(self, index, role=Qt.DisplayRole):
        if role == Qt.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None


class _Proxy(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.needle, self.label = "", None

    def filterAcceptsRow(self, row, parent) -> bool:
        rows = self.sourceModel().rows
        if self.needle and self.needle not in rows[row][0].lower():
            return False
        return self.label is None or rows[row][1] == self.label


def bench_proxy(table: ItemTable) -> dict[str, float]:
    proxy = _Proxy()

    def build() -> None:
        proxy.setSourceModel(RowListModel(list(zip(table.path.tolist(), table.label.tolist(),
                                                   table.nbytes.tolist()))))
        proxy.rowCount()

    out = {"build": timed(build)}
    out["sort path (first)"] = timed(lambda: proxy.sort(0, Qt.AscendingOrder))
    out["sort path (again)"] = timed(lambda: proxy.sort(0, Qt.DescendingOrder))
    out["sort label (first)"] = timed(lambda: proxy.sort(1, Qt.AscendingOrder))
    out["sort bytes"] = timed(lambda: proxy.sort(2, Qt.DescendingOrder))

    def refilter(needle: str, label) -> None:
        proxy.needle, proxy.label = needle, label
        with warnings.catch_warnings():  # deprecated in Qt 6.10 for begin/endFilterChange; still the classic way
            warnings.simplefilter("ignore", DeprecationWarning)
            proxy.invalidateFilter()
        proxy.rowCount()

    out["filter text"] = timed(lambda: refilter("img_00012", None))
    out["filter label"] = timed(lambda: refilter("", "42"))
    return out


def bench_python(table: ItemTable) -> dict[str, float]:
    rows: list[tuple] = []

    def build() -> None:
        rows.extend(zip(table.ids.tolist(), table.path.tolist(), table.label.tolist(), table.nbytes.tolist(),
                        table.status.tolist()))

    out = {"build": timed(build)}
    out["sort path (first)"] = timed(lambda: sorted(rows, key=lambda r: r[1].lower()))
    out["sort path (again)"] = timed(lambda: sorted(rows, key=lambda r: r[1].lower(), reverse=True))
    out["sort label (first)"] = timed(lambda: sorted(rows, key=lambda r: natural_rank_key(r[2])))
    out["sort bytes"] = timed(lambda: sorted(rows, key=lambda r: r[3], reverse=True))
    out["filter text"] = timed(lambda: [r for r in rows if "img_00012" in r[1].lower()])
    out["filter label"] = timed(lambda: [r for r in rows if r[2] == "42"])
    out["filter corrupt"] = timed(lambda: [r for r in rows if r[4] != "ok"])
    return out


def medians(fn, table: ItemTable, runs: int) -> dict[str, float]:
    results = [fn(table) for _ in range(runs)]
    return {k: statistics.median(r[k] for r in results) for k in results[0]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--proxy", action="store_true",
                        help="also run the QSortFilterProxyModel reference (minutes at 200k rows; try --n 20000)")
    parser.add_argument("--json", help="also write the medians here")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 (models need one)
    table = synthetic_table(args.n)
    results = {"app": medians(bench_app, table, args.runs), "python": medians(bench_python, table, args.runs)}
    if args.proxy:
        results["proxy"] = medians(bench_proxy, table, args.runs)
    refs = [k for k in ("proxy", "python") if k in results]
    print(f"{args.n:,} rows, median of {args.runs} runs, milliseconds (ratio = reference / app)")
    print(f"{'operation':24s}{'app':>10s}" + "".join(f"{r:>10s}{'ratio':>8s}" for r in refs))
    for op, t in results["app"].items():
        line = f"{op:24s}{t * 1000:10.1f}"
        for r in refs:
            ref = results[r].get(op)
            line += f"{ref * 1000:10.1f}{ref / t:7.0f}x" if ref is not None else f"{'—':>10s}{'':>8s}"
        print(line)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"n": args.n, "runs": args.runs, "seconds": results}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
