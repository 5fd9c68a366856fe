"""The Data panel's grid: large thumbnails of the items the table shows, in the table's order.

A QListView in icon mode lays out every item on each reset or resize (seconds at 200k items,
``benchmarks/grid_view.py``), so the grid is a table view over :class:`GridModel`, which folds the
table model's rows into rows of ``columns`` cells: Qt then only ever looks at the cells on screen.
The grid's selection mirrors the table's selection model, so the panel's actions (include,
exclude, label, find similar, reveal) act on what is selected in either view. Resting the pointer
on a cell shows the picture large beside it (hover zoom).
"""
from __future__ import annotations

import math
from typing import Optional

import numpy as np
from PySide6.QtCore import (QAbstractTableModel, QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QPoint,
                            QRect, QSize, Qt, QTimer, Signal)
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHeaderView, QLabel, QStyle, QStyledItemDelegate,
                               QTableView)

from aigc_desktop.qt.models.item_table_model import PATH, ItemIdRole, ItemTableModel

# one role that hands the delegate everything a cell shows: (pixmap, label, included, has a problem);
# paint() runs for every visible cell on every repaint, and each data() call crosses into Python
CellRole = Qt.UserRole + 20
# PySide6 looks enum members up anew on every ``Qt.X``: the per-cell paths use these bound once
_DECORATION, _DISPLAY, _TOOLTIP = Qt.DecorationRole, Qt.DisplayRole, Qt.ToolTipRole
_CELL_FLAGS, _NO_FLAGS = Qt.ItemIsSelectable | Qt.ItemIsEnabled, Qt.NoItemFlags
_SELECTED, _FOCUSED = QStyle.State_Selected, QStyle.State_HasFocus
_CAPTION_ALIGN = Qt.AlignHCenter | Qt.AlignTop
_FADED_TEXT, _PROBLEM = QColor("#94a3b8"), QColor("#b45309")

GRID_SIZES = (64, 96, 128, 160, 192)
DEFAULT_GRID_SIZE = 96
ZOOM_SIZE = 256
ZOOM_DELAY_MS = 350
_CAPTION = 18  # the label under each picture
_PAD = 6


class GridModel(QAbstractTableModel):
    """The rows of an :class:`ItemTableModel` (its view order) as a grid of ``columns`` cells.

    Cell (r, c) shows the table's row ``r * columns + c``; cells past the end are empty."""

    def __init__(self, items: ItemTableModel, thumbnails, parent=None) -> None:
        super().__init__(parent)
        self.items = items
        self.thumbnails = thumbnails
        self.columns = 1
        self.size = DEFAULT_GRID_SIZE
        items.modelAboutToBeReset.connect(self.beginResetModel)
        items.modelReset.connect(self.endResetModel)
        # a sort moves every item: the grid is rebuilt (its selection follows the table's again)
        items.layoutAboutToBeChanged.connect(self.beginResetModel)
        items.layoutChanged.connect(self.endResetModel)
        items.dataChanged.connect(self._on_items_changed)
        thumbnails.ready.connect(self._on_thumbnails_ready)

    # ----- geometry --------------------------------------------------------------------------
    def set_columns(self, columns: int) -> None:
        columns = max(1, int(columns))
        if columns != self.columns:
            self.beginResetModel()
            self.columns = columns
            self.endResetModel()

    def set_size(self, size: int) -> None:
        if size != self.size:
            self.beginResetModel()
            self.size = size
            self.endResetModel()

    def position(self, index: QModelIndex) -> int:
        """The table model's row shown by ``index``, or -1 for an empty cell."""
        if not index.isValid():
            return -1
        position = index.row() * self.columns + index.column()
        return position if position < self.items.rowCount() else -1

    def cell(self, position: int) -> QModelIndex:
        return self.index(position // self.columns, position % self.columns) if position >= 0 else QModelIndex()

    # ----- from the table model --------------------------------------------------------------
    def _on_items_changed(self, top: QModelIndex, bottom: QModelIndex, _roles=()) -> None:
        if top.isValid() and bottom.isValid():
            self.dataChanged.emit(self.index(top.row() // self.columns, 0),
                                  self.index(bottom.row() // self.columns, self.columns - 1))

    def _on_thumbnails_ready(self, item_ids: list) -> None:
        for item_id in item_ids:
            cell = self.cell(self.items.position_of_item(int(item_id)))
            if cell.isValid():
                self.dataChanged.emit(cell, cell, [Qt.DecorationRole])

    # ----- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else math.ceil(self.items.rowCount() / self.columns)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.columns

    def flags(self, index):
        return _CELL_FLAGS if self.position(index) >= 0 else _NO_FLAGS

    def data(self, index, role=_DISPLAY):
        position = self.position(index)
        if position < 0:
            return None
        items = self.items
        row = items.table_row(position)
        t = items.table
        if role == CellRole:
            return (self._pixmap(row), str(t.label[row]), bool(t.included[row]), bool(items.issue_text(row)))
        if role == _DECORATION:
            return self._pixmap(row)
        if role == _DISPLAY:
            return str(t.label[row])
        if role == _TOOLTIP:
            label = str(t.label[row]) or self.tr("(no label)")
            state = items.issue_text(row) or self.tr("ok")
            return f"{t.path[row]}\n{label} · {state}"
        if role == ItemIdRole:
            return int(t.ids[row])
        return None

    def _pixmap(self, row: int):
        t = self.items.table
        if t.status[row] != "ok":
            return self.thumbnails.broken()
        return self.thumbnails.get(int(t.ids[row]), self.items.source, str(t.path[row]), self.size)


class GridDelegate(QStyledItemDelegate):
    """A picture with its label under it; excluded items faded, items with a problem marked."""

    def paint(self, painter: QPainter, option, index) -> None:
        cell = index.data(CellRole)
        if cell is None:  # past the last item
            return
        pixmap, label, included, problem = cell
        painter.save()
        rect = option.rect.adjusted(2, 2, -2, -2)
        state = option.state
        selected = bool(state & _SELECTED)
        highlight = option.palette.color(QPalette.Active, QPalette.Highlight)  # plain even when unfocused
        if selected:
            fill = QColor(highlight)
            fill.setAlpha(70)
            painter.fillRect(rect, fill)
            painter.setPen(QPen(highlight, 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        elif state & _FOCUSED:
            painter.setPen(QPen(highlight, 1, Qt.DotLine))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        side = index.model().size
        target = QRect(rect.x() + (rect.width() - side) // 2, rect.y() + _PAD // 2, side, side)
        if pixmap is not None and not pixmap.isNull():
            scaled = pixmap.size().scaled(side, side, Qt.KeepAspectRatio)
            image_rect = QRect(0, 0, scaled.width(), scaled.height())
            image_rect.moveCenter(target.center())
            if not included:
                painter.setOpacity(0.35)
            painter.drawPixmap(image_rect, pixmap)
            painter.setOpacity(1.0)
        if problem:
            painter.setPen(Qt.NoPen)
            painter.setBrush(_PROBLEM)
            painter.drawEllipse(QRect(target.right() - 11, target.top() + 3, 9, 9))
        painter.setPen(option.palette.color(QPalette.Text) if included else _FADED_TEXT)
        caption = QRect(rect.x(), target.bottom() + 2, rect.width(), _CAPTION)
        painter.drawText(caption, _CAPTION_ALIGN, option.fontMetrics.elidedText(label or "—", Qt.ElideRight,
                                                                                caption.width()))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        side = index.model().size
        return QSize(side + 2 * _PAD, side + _PAD + _CAPTION + 4)


class ZoomPopup(QLabel):
    """The hovered item's picture, large, in a frameless window beside the pointer."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, Qt.ToolTip | Qt.FramelessWindowHint)
        self.setObjectName("gridZoom")
        self.setFrameShape(QFrame.Box)
        self.setAlignment(Qt.AlignCenter)
        self.setStyleSheet("#gridZoom { background: #f8fafc; border: 1px solid #94a3b8; padding: 4px; }")
        self.item_id: Optional[int] = None


class GridView(QTableView):
    """The grid of thumbnails. ``itemActivated`` carries an item id (double-click or Enter)."""

    itemActivated = Signal(int)

    def __init__(self, items: ItemTableModel, thumbnails, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("itemGrid")
        self.thumbnails = thumbnails
        self.grid = GridModel(items, thumbnails, self)
        self.setModel(self.grid)
        self.setItemDelegate(GridDelegate(self))
        self.setShowGrid(False)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWordWrap(False)
        self.setMouseTracking(True)
        self.viewport().installEventFilter(self)
        self.verticalScrollBar().valueChanged.connect(self.hide_zoom)
        self.zoom = ZoomPopup(self)
        self._hover_timer = QTimer(self, singleShot=True, interval=ZOOM_DELAY_MS)
        self._hover_timer.timeout.connect(self._show_zoom)
        self._hover_position = -1
        self._hover_point = QPoint()
        self._source = None    # the table's selection model, mirrored both ways
        self._syncing = False
        thumbnails.ready.connect(self._on_thumbnails_ready)
        self.doubleClicked.connect(self._on_activated)
        self.set_thumbnail_size(DEFAULT_GRID_SIZE)
        self.grid.modelReset.connect(self._from_source)

    # ----- geometry --------------------------------------------------------------------------
    def cell_size(self) -> QSize:
        side = self.grid.size
        return QSize(side + 2 * _PAD, side + _PAD + _CAPTION + 4)

    def set_thumbnail_size(self, size: int) -> None:
        self.grid.set_size(int(size))
        # what the grid's own cache may hold: about 48 MB of pixels, and a few screens' worth
        self.thumbnails.capacity = max(400, (48 << 20) // (4 * size * size))
        cell = self.cell_size()
        for header, length in ((self.horizontalHeader(), cell.width()), (self.verticalHeader(), cell.height())):
            header.setMinimumSectionSize(1)
            header.setDefaultSectionSize(length)
            header.setSectionResizeMode(QHeaderView.Fixed)
        self._fit_columns()

    def _fit_columns(self) -> None:
        current = self.grid.position(self.currentIndex())
        self.grid.set_columns(max(1, self.viewport().width() // self.cell_size().width()))
        if current >= 0:
            self.scrollTo(self.grid.cell(current))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.ControlModifier:  # Ctrl+wheel: bigger or smaller pictures
            step = 1 if event.angleDelta().y() > 0 else -1
            i = GRID_SIZES.index(self.grid.size) if self.grid.size in GRID_SIZES else 1
            self.set_thumbnail_size(GRID_SIZES[min(max(i + step, 0), len(GRID_SIZES) - 1)])
            event.accept()
            return
        super().wheelEvent(event)

    # ----- selection, mirrored with the table's selection model ---------------------------------
    def follow(self, source: QItemSelectionModel) -> None:
        """Mirror ``source`` (the table's selection model, over the item table model)."""
        self._source = source
        source.selectionChanged.connect(self._from_source)
        source.currentRowChanged.connect(self._from_source)
        source.currentRowChanged.connect(self._follow_current)
        self.selectionModel().selectionChanged.connect(self._to_source)
        self.selectionModel().currentChanged.connect(self._current_to_source)

    def _from_source(self, *_args) -> None:
        if self._syncing or self._source is None:
            return
        self._syncing = True
        try:
            selection = QItemSelection()
            for top, bottom in sorted({(rng.top(), rng.bottom()) for rng in self._source.selection()}):
                self._add_span(selection, top, bottom)
            self.selectionModel().select(selection, QItemSelectionModel.ClearAndSelect)
            current = self._source.currentIndex()
            if current.isValid():
                self.selectionModel().setCurrentIndex(self.grid.cell(current.row()), QItemSelectionModel.NoUpdate)
        finally:
            self._syncing = False

    def _add_span(self, selection: QItemSelection, first: int, last: int) -> None:
        """Select positions first..last: a partial first row, whole rows, a partial last row."""
        cols = self.grid.columns
        r0, c0 = divmod(first, cols)
        r1, c1 = divmod(last, cols)
        if r0 == r1:
            selection.select(self.grid.index(r0, c0), self.grid.index(r0, c1))
            return
        selection.select(self.grid.index(r0, c0), self.grid.index(r0, cols - 1))
        if r1 > r0 + 1:
            selection.select(self.grid.index(r0 + 1, 0), self.grid.index(r1 - 1, cols - 1))
        selection.select(self.grid.index(r1, 0), self.grid.index(r1, c1))

    def _to_source(self, *_args) -> None:
        if self._syncing or self._source is None:
            return
        cols = self.grid.columns
        positions = []
        for rng in self.selectionModel().selection():
            for r in range(rng.top(), rng.bottom() + 1):
                positions.append(np.arange(r * cols + rng.left(), r * cols + rng.right() + 1))
        n = self.grid.items.rowCount()
        pos = np.unique(np.concatenate(positions)) if positions else np.zeros(0, np.int64)
        pos = pos[pos < n]
        selection = QItemSelection()
        if len(pos):
            breaks = np.flatnonzero(np.diff(pos) != 1)
            starts = np.r_[pos[0], pos[breaks + 1]]
            ends = np.r_[pos[breaks], pos[-1]]
            last_column = self.grid.items.columnCount() - 1
            for a, b in zip(starts.tolist(), ends.tolist()):
                selection.select(self.grid.items.index(a, 0), self.grid.items.index(b, last_column))
        self._syncing = True
        try:
            self._source.select(selection, QItemSelectionModel.ClearAndSelect)
        finally:
            self._syncing = False

    def _current_to_source(self, current: QModelIndex, _previous=None) -> None:
        if self._syncing or self._source is None:
            return
        position = self.grid.position(current)
        if position < 0:
            return
        self._syncing = True
        try:  # the table's current row drives the detail pane
            self._source.setCurrentIndex(self.grid.items.index(position, PATH), QItemSelectionModel.NoUpdate)
        finally:
            self._syncing = False

    def scroll_to_current(self) -> None:
        """Bring the table's current item into view (the grid was hidden while it moved)."""
        self._from_source()
        if self.currentIndex().isValid():
            self.scrollTo(self.currentIndex())

    def _follow_current(self, current: QModelIndex, _previous=None) -> None:
        if not self._syncing and self.isVisible() and current.isValid():
            self.scrollTo(self.grid.cell(current.row()))

    def select_position(self, position: int) -> None:
        cell = self.grid.cell(position)
        if cell.isValid():
            self.selectionModel().setCurrentIndex(cell, QItemSelectionModel.ClearAndSelect)
            self.scrollTo(cell)

    def _on_activated(self, index: QModelIndex) -> None:
        item_id = index.data(ItemIdRole)
        if item_id is not None:
            self.itemActivated.emit(int(item_id))

    # ----- hover zoom ------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        if watched is self.viewport():
            kind = event.type()
            if kind == QEvent.MouseMove:
                self._hover(event.position().toPoint())
            elif kind in (QEvent.Leave, QEvent.MouseButtonPress, QEvent.Wheel):
                self.hide_zoom()
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:
        self.hide_zoom()
        super().keyPressEvent(event)

    def _hover(self, point: QPoint) -> None:
        position = self.grid.position(self.indexAt(point))
        self._hover_point = point
        if position != self._hover_position:
            self.hide_zoom()
            self._hover_position = position
        if position >= 0 and not self.zoom.isVisible():
            self._hover_timer.start()

    def hide_zoom(self, *_args) -> None:
        self._hover_timer.stop()
        self._hover_position = -1 if not self.zoom.isVisible() else self._hover_position
        self.zoom.hide()
        self.zoom.item_id = None

    def hovered_item(self) -> Optional[int]:
        """The item whose zoom is showing, if any."""
        return self.zoom.item_id if self.zoom.isVisible() else None

    def _show_zoom(self) -> None:
        items = self.grid.items
        position = self._hover_position
        if position < 0 or position >= items.rowCount():
            return
        row = items.table_row(position)
        t = items.table
        item_id = int(t.ids[row])
        self.zoom.item_id = item_id
        if t.status[row] != "ok":
            self.zoom.setText(self.tr("No picture: the file cannot be read"))
        else:
            pixmap = self.thumbnails.get(item_id, items.source, str(t.path[row]), ZOOM_SIZE)
            self.zoom.setPixmap(pixmap)
        self.zoom.resize(ZOOM_SIZE + 12, ZOOM_SIZE + 12)
        cell = self.visualRect(self.grid.cell(position))
        anchor = self.viewport().mapToGlobal(cell.topRight() + QPoint(8, 0))
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None and anchor.x() + self.zoom.width() > screen.right():
            anchor = self.viewport().mapToGlobal(cell.topLeft() - QPoint(self.zoom.width() + 8, 0))
        if screen is not None:
            anchor.setY(min(max(anchor.y(), screen.top()), screen.bottom() - self.zoom.height()))
        self.zoom.move(anchor)
        self.zoom.show()

    def _on_thumbnails_ready(self, item_ids: list) -> None:
        if self.zoom.isVisible() and self.zoom.item_id in item_ids:
            pixmap = self.thumbnails.cached(self.zoom.item_id, ZOOM_SIZE)
            if pixmap is not None:
                self.zoom.setPixmap(pixmap)

    def hideEvent(self, event) -> None:
        self.hide_zoom()
        super().hideEvent(event)
