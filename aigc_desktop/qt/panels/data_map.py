"""The Data panel's map: every readable item as a point, placed by the scan's features (a PCA to two
dimensions, ``core/quality/embedding.py``), so that look-alikes sit together; coloured by label or
by problem. Click a point to select its item; right-click for "Find Similar".

Points are drawn with numpy into one image (a few milliseconds for 200k points) that is redrawn
only when the view, the colours or the size change; hovering and clicking look for the nearest
point on screen.
"""
from __future__ import annotations

from typing import Callable, Optional

import numpy as np
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

# distinct colours for labels (Okabe–Ito, then Tableau's); more labels than colours share them
LABEL_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#9467bd", "#b8a200",
                 "#8c564b", "#17becf", "#d62728", "#2ca02c", "#1f77b4", "#ff7f0e", "#bcbd22", "#e377c2")
ISSUE_COLOURS = {
    "exact_duplicate": "#7c3aed", "near_duplicate": "#a855f7", "label_conflict": "#db2777",
    "missing_label": "#0891b2", "suspected_label_error": "#dc2626", "odd_size": "#0d9488",
    "odd_mode": "#65a30d", "blank": "#475569", "dark": "#1e293b", "light": "#ca8a04", "blurry": "#ea580c",
    "outlier": "#e11d48",
}
CLEAN = "#93c5fd"     # items with no problem, when colouring by problem
HIDDEN = "#e2e8f0"    # items the Data panel's filter hides
PICK_RADIUS = 8       # pixels around a point that still pick it
MARGIN = 16


def _rgba(colour: str, alpha: int = 255) -> np.ndarray:
    c = QColor(colour)
    return np.array([c.red(), c.green(), c.blue(), alpha], np.uint8)


def label_colours(labels: np.ndarray) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """RGBA per item by its label (in natural order, "" unlabelled in grey), and the legend."""
    from aigc_desktop.qt.models.item_table_model import factorize, natural_rank_key

    codes, uniques = factorize(np.asarray(labels, object), key=natural_rank_key)
    palette, k = [], 0
    for u in uniques:  # unlabelled in slate grey, labels in the palette's order
        palette.append("#64748b" if u == "" else LABEL_COLOURS[k % len(LABEL_COLOURS)])
        k += u != ""
    table = np.stack([_rgba(c) for c in palette]) if palette else np.zeros((0, 4), np.uint8)
    counts = np.bincount(codes, minlength=len(uniques))
    no_label = QCoreApplication.translate("ItemMap", "(no label)")
    legend = [(f"{u or no_label}  ({c:,})", colour)
              for u, c, colour in zip(uniques, counts, palette)]
    if len(legend) > 14:
        more = QCoreApplication.translate("ItemMap", "… %1 more labels").replace("%1", str(len(legend) - 13))
        legend = legend[:13] + [(more, "#94a3b8")]
    return (table[codes] if len(codes) else np.zeros((0, 4), np.uint8)), legend


def problem_colours(masks: dict[str, np.ndarray], n: int, names: Callable[[str], str]) -> \
        tuple[np.ndarray, list[tuple[str, str]], np.ndarray]:
    """RGBA per item by the first problem the scan found in it (``masks``: issue type -> bool (n,)),
    items without one in light blue; the legend, with counts; and which items have a problem (drawn
    on top, so a few hundred of them stay visible among 100k clean points)."""
    colours = np.tile(_rgba(CLEAN), (n, 1))
    taken = np.zeros(n, bool)
    legend = []
    for issue_type, mask in masks.items():
        colour = ISSUE_COLOURS.get(issue_type)
        if colour is None:
            continue
        mine = mask & ~taken
        colours[mine] = _rgba(colour)
        taken |= mine
        if mask.any():
            legend.append((f"{names(issue_type)}  ({int(mask.sum()):,})", colour))
    clean = QCoreApplication.translate("ItemMap", "no problem found")
    legend.insert(0, (f"{clean}  ({int((~taken).sum()):,})", CLEAN))
    return colours, legend, taken


class ItemMap(QWidget):
    """Points of items at 2-D coordinates; ``itemClicked`` / ``itemMenuRequested`` carry item ids."""

    itemClicked = Signal(int)
    itemMenuRequested = Signal(int, QPoint)  # item id, global position

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("itemMap")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.ClickFocus)
        self.setContextMenuPolicy(Qt.DefaultContextMenu)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumSize(200, 160)
        self.item_ids = np.zeros(0, np.int64)
        self.coords = np.zeros((0, 2), np.float32)
        self.valid = np.zeros(0, bool)
        self.colours = np.zeros((0, 4), np.uint8)
        self.shown = np.zeros(0, bool)
        self.tip_for: Optional[Callable[[int], str]] = None  # the tooltip of a point's row
        self.legend: list[tuple[str, str]] = []
        self.marked: np.ndarray = np.zeros(0, np.int64)  # rows drawn with a ring (the selection)
        self.current = -1
        self.centre = np.zeros(2, np.float64)
        self.scale = 1.0  # pixels per unit
        self._image: Optional[QImage] = None
        self._press: Optional[QPointF] = None
        self._press_centre = np.zeros(2)
        self._dragged = False
        self._moved = False  # zoomed or panned by the user: a resize keeps the view
        self.empty_text = ""

    # ----- content ---------------------------------------------------------------------------
    def set_points(self, item_ids: np.ndarray, coords: np.ndarray) -> None:
        self.item_ids = np.asarray(item_ids, np.int64)
        self.coords = np.asarray(coords, np.float32)
        self.valid = np.isfinite(self.coords).all(axis=1) if len(self.coords) else np.zeros(0, bool)
        n = len(self.item_ids)
        self.colours = np.tile(_rgba(CLEAN), (n, 1))
        self.on_top = np.zeros(n, bool)
        self.shown = np.ones(n, bool)
        self.marked = np.zeros(0, np.int64)
        self.current = -1
        self.fit()

    def clear(self, text: str = "") -> None:
        self.set_points(np.zeros(0, np.int64), np.zeros((0, 2), np.float32))
        self.legend = []
        self.empty_text = text
        self.update()

    def set_colours(self, colours: np.ndarray, legend: list[tuple[str, str]],
                    on_top: Optional[np.ndarray] = None) -> None:
        """RGBA (N, 4) uint8 per point; ``legend``: (text, colour) pairs drawn in a corner;
        ``on_top``: bool (N,), points drawn over the others where they overlap."""
        self.colours = np.asarray(colours, np.uint8)
        self.on_top = np.zeros(len(self.colours), bool) if on_top is None else np.asarray(on_top, bool)
        self.legend = legend
        self._invalidate()

    def set_shown(self, shown: np.ndarray) -> None:
        """bool (N,): points drawn in colour; the others are drawn faint (hidden by a filter)."""
        self.shown = np.asarray(shown, bool)
        self._invalidate()

    def set_marked(self, rows: np.ndarray, current: int = -1) -> None:
        """Rows drawn with a ring (the selected items); ``current`` with a bolder one."""
        self.marked = np.asarray(rows, np.int64)[:2000]
        self.current = int(current)
        self.update()

    def row_of(self, item_id: int) -> int:
        row = int(np.searchsorted(self.item_ids, item_id))
        return row if row < len(self.item_ids) and self.item_ids[row] == item_id else -1

    # ----- view ------------------------------------------------------------------------------
    def fit(self) -> None:
        """Show every point."""
        points = self.coords[self.valid] if len(self.coords) else np.zeros((0, 2))
        if len(points):
            # every point, the farthest outliers included: they are what a look at the map is for
            low, high = points.min(axis=0), points.max(axis=0)
            self.centre = ((low + high) / 2).astype(np.float64)
            span = np.maximum(high - low, 1e-6)
            usable = np.array([max(self.width() - 2 * MARGIN, 10), max(self.height() - 2 * MARGIN, 10)])
            self.scale = float(np.min(usable / span))
        else:
            self.centre, self.scale = np.zeros(2), 1.0
        self._moved = False
        self._invalidate()

    def zoom(self, factor: float, anchor: Optional[QPointF] = None) -> None:
        anchor = anchor or QPointF(self.width() / 2, self.height() / 2)
        before = self.to_data(anchor)
        self.scale = float(np.clip(self.scale * factor, 1e-3, 1e7))
        after = self.to_data(anchor)
        self.centre += before - after
        self._moved = True
        self._invalidate()

    def to_screen(self, coords: np.ndarray) -> np.ndarray:
        """(N, 2) float screen positions; y grows downwards, the map's y upwards."""
        x = (coords[:, 0] - self.centre[0]) * self.scale + self.width() / 2
        y = (self.centre[1] - coords[:, 1]) * self.scale + self.height() / 2
        return np.stack([x, y], axis=1)

    def to_data(self, point: QPointF) -> np.ndarray:
        return np.array([(point.x() - self.width() / 2) / self.scale + self.centre[0],
                         self.centre[1] - (point.y() - self.height() / 2) / self.scale])

    def point_at(self, point: QPointF) -> int:
        """The row of the point nearest ``point`` within PICK_RADIUS pixels (shown points first), or -1."""
        if not self.valid.any():
            return -1
        rows = np.flatnonzero(self.valid)
        screen = self.to_screen(self.coords[rows])
        d2 = (screen[:, 0] - point.x()) ** 2 + (screen[:, 1] - point.y()) ** 2
        close = d2 <= PICK_RADIUS ** 2
        if not close.any():
            return -1
        candidates = np.flatnonzero(close)
        shown = self.shown[rows[candidates]] if len(self.shown) else np.ones(len(candidates), bool)
        if shown.any():
            candidates = candidates[shown]
        return int(rows[candidates[np.argmin(d2[candidates])]])

    # ----- drawing ---------------------------------------------------------------------------
    def _invalidate(self) -> None:
        self._image = None
        self.update()

    def render_points(self) -> QImage:
        """The points drawn into an image of the widget's size (faint ones under coloured ones, and
        those ``on_top`` over the rest of their kind)."""
        w, h = max(self.width(), 1), max(self.height(), 1)
        buffer = np.full((h, w, 4), 255, np.uint8)
        rows = np.flatnonzero(self.valid)
        if len(rows):
            screen = np.round(self.to_screen(self.coords[rows])).astype(np.int64)
            inside = (screen[:, 0] >= 1) & (screen[:, 0] < w - 1) & (screen[:, 1] >= 1) & (screen[:, 1] < h - 1)
            rows, screen = rows[inside], screen[inside]
            shown = self.shown[rows]
            order = np.lexsort((self.on_top[rows], shown))  # faint first, coloured over them, on_top last
            rows, screen, shown = rows[order], screen[order], shown[order]
            colours = np.where(shown[:, None], self.colours[rows], _rgba(HIDDEN)[None, :])
            # a round dot of 5 px for a few thousand points, 3 px up to 60k, 1 px beyond
            radius = 2 if len(rows) <= 5000 else 1 if len(rows) <= 60000 else 0
            screen = np.clip(screen, radius, [w - 1 - radius, h - 1 - radius])
            for dy in range(-radius, radius + 1):
                for dx in range(-radius, radius + 1):
                    if radius == 2 and abs(dx) == 2 and abs(dy) == 2:
                        continue
                    buffer[screen[:, 1] + dy, screen[:, 0] + dx] = colours
        return QImage(buffer.data, w, h, 4 * w, QImage.Format_RGBA8888).copy()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        if not self.valid.any():
            painter.setPen(QColor("#64748b"))
            painter.drawText(self.rect().adjusted(20, 20, -20, -20), Qt.AlignCenter | Qt.TextWordWrap, self.empty_text)
            painter.end()
            return
        if self._image is None or self._image.size() != self.size():
            self._image = self.render_points()
        painter.drawImage(0, 0, self._image)
        painter.setRenderHint(QPainter.Antialiasing)
        marked = self.marked[(self.marked >= 0) & (self.marked < len(self.valid))]
        marked = marked[self.valid[marked]]
        if len(marked):
            painter.setPen(QPen(QColor("#0f172a"), 1.2))
            painter.setBrush(Qt.NoBrush)
            for x, y in self.to_screen(self.coords[marked]).tolist():
                painter.drawEllipse(QPointF(x, y), 4.5, 4.5)
        if 0 <= self.current < len(self.valid) and self.valid[self.current]:
            x, y = self.to_screen(self.coords[[self.current]])[0]
            painter.setPen(QPen(QColor("#0f172a"), 2.5))
            painter.drawEllipse(QPointF(x, y), 7, 7)
        self._paint_legend(painter)
        painter.end()

    def _paint_legend(self, painter: QPainter) -> None:
        if not self.legend:
            return
        metrics = painter.fontMetrics()
        line = metrics.height() + 2
        entries = self.legend[:14]
        width = max(metrics.horizontalAdvance(text) for text, _ in entries) + 26
        box = QRect(self.width() - width - 10, 8, width, line * len(entries) + 8)
        painter.setPen(QColor("#cbd5e1"))
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(box, 4, 4)
        for i, (text, colour) in enumerate(entries):
            y = box.top() + 4 + i * line
            painter.setPen(Qt.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawEllipse(QRect(box.left() + 8, y + line // 2 - 4, 8, 8))
            painter.setPen(QColor("#1e293b"))
            painter.drawText(QRect(box.left() + 22, y, width - 24, line), Qt.AlignVCenter | Qt.AlignLeft, text)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self._moved:
            self.fit()
        self._image = None

    def sizeHint(self) -> QSize:
        return QSize(640, 480)

    # ----- mouse -----------------------------------------------------------------------------
    def wheelEvent(self, event) -> None:
        self.zoom(1.25 if event.angleDelta().y() > 0 else 0.8, event.position())
        event.accept()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.LeftButton:
            self._press = event.position()
            self._press_centre = self.centre.copy()
            self._dragged = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._press is not None and event.buttons() & Qt.LeftButton:
            delta = event.position() - self._press
            if abs(delta.x()) + abs(delta.y()) > 3:
                self._dragged = True
            if self._dragged:
                self.centre = self._press_centre - np.array([delta.x(), -delta.y()]) / self.scale
                self._moved = True
                self._invalidate()
            return
        row = self.point_at(event.position())
        if row >= 0 and self.tip_for is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.tip_for(row), self)
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.LeftButton and self._press is not None:
            if not self._dragged:
                row = self.point_at(event.position())
                if row >= 0:
                    self.itemClicked.emit(int(self.item_ids[row]))
            self._press = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        if self.point_at(event.position()) < 0:
            self.fit()

    def contextMenuEvent(self, event) -> None:
        row = self.point_at(QPointF(event.pos()))
        if row >= 0:
            self.itemMenuRequested.emit(int(self.item_ids[row]), event.globalPos())

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key_Plus, Qt.Key_Equal):
            self.zoom(1.25)
        elif event.key() == Qt.Key_Minus:
            self.zoom(0.8)
        elif event.key() == Qt.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)
