"""The Data panel's thumbnail grid at 200k items, against Qt's own icon view.

Both show the same ItemTableModel (synthetic rows, as in ``table_model.py``) at 1000×700:

- app: ``GridView``, a table view over a model that folds the items into rows of cells, so Qt
  only ever lays out and paints the cells on screen;
- reference: a ``QListView`` in icon mode with uniform item sizes and a fixed grid, the textbook
  way to show thumbnails; it lays every item out on each reset, resize or sort.

Printed: the median over ``--runs`` runs of each operation (each includes repainting the view),
and the app's speed-up. No thumbnails are decoded (the same placeholder in both), so this measures
the views alone.

Usage: python benchmarks/grid_view.py [--n 200000] [--runs 3]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QObject, QSize, Qt, Signal  # noqa: E402
from PySide6.QtGui import QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QListView  # noqa: E402

from aigc_desktop.qt.models.item_table_model import LABEL, THUMBNAIL, ItemFilter, ItemTableModel  # noqa: E402
from aigc_desktop.qt.panels.data_grid import GridView  # noqa: E402
from table_model import synthetic_table  # noqa: E402

SIZE = QSize(1000, 700)


class StillThumbnails(QObject):
    """What the views ask a thumbnail cache for, answered with one placeholder (nothing decoded)."""

    ready = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.capacity = 0
        self._pixmap = QPixmap(96, 96)
        self._pixmap.fill(Qt.lightGray)

    def get(self, *_args, **_kwargs) -> QPixmap:
        return self._pixmap

    broken = placeholder = get

    def cached(self, *_args) -> None:
        return None


def settle(app: QApplication, view) -> None:
    app.processEvents()
    view.viewport().repaint()
    app.processEvents()


def operations(app: QApplication, make_view, table) -> dict[str, float]:
    model = ItemTableModel(StillThumbnails())
    view = make_view(model)
    view.resize(SIZE)
    view.show()
    out = {}

    def timed(name: str, fn) -> None:
        start = time.perf_counter()
        fn()
        settle(app, view)
        out[name] = time.perf_counter() - start

    timed("show 200k items", lambda: model.set_items(table))
    timed("resize", lambda: view.resize(SIZE.width() - 130, SIZE.height()))
    timed("scroll to the end", view.scrollToBottom)
    timed("repaint", lambda: None)
    timed("filter (a reset)", lambda: model.set_filter(ItemFilter(label="42")))
    timed("clear the filter", lambda: model.set_filter(ItemFilter()))
    timed("sort by label", lambda: model.sort(LABEL, Qt.AscendingOrder))
    view.close()
    view.deleteLater()
    app.processEvents()
    return out


def app_grid(model: ItemTableModel) -> GridView:
    return GridView(model, model.thumbnails)


def icon_view(model: ItemTableModel) -> QListView:
    view = QListView()
    view.setViewMode(QListView.IconMode)
    view.setResizeMode(QListView.Adjust)
    view.setMovement(QListView.Static)
    view.setUniformItemSizes(True)
    view.setGridSize(QSize(108, 126))
    view.setIconSize(QSize(96, 96))
    view.setModel(model)
    view.setModelColumn(THUMBNAIL)
    return view


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    table = synthetic_table(args.n)
    runs = {"app": [], "reference": []}
    for _ in range(args.runs):
        runs["app"].append(operations(app, app_grid, table))
        runs["reference"].append(operations(app, icon_view, table))
    print(f"thumbnail grid, {args.n:,} items, {SIZE.width()}×{SIZE.height()}, median of {args.runs} runs "
          f"(wall seconds, repaint included)")
    print(f"{'operation':<20} {'app GridView':>13} {'QListView icons':>16} {'speed-up':>9}")
    for name in runs["app"][0]:
        mine = statistics.median(r[name] for r in runs["app"])
        theirs = statistics.median(r[name] for r in runs["reference"])
        print(f"{name:<20} {mine:>12.4f}s {theirs:>15.4f}s {theirs / max(mine, 1e-9):>8.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
