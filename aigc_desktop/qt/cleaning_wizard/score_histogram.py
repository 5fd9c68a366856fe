"""How an issue type's scores are spread, with the threshold drawn on it: the bars at and above the
threshold are the flagged items. Counts are on a logarithmic scale and every non-empty bin is at least
a few pixels tall, so a single flagged item still shows beside thousands of zeros. Click or drag on
it to move the threshold."""
from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

BINS = 100  # one bin per step of the threshold (0.01): the bars split exactly where the threshold is
FLAGGED = QColor("#d97706")
KEPT = QColor("#94a3b8")
LINE = QColor("#b91c1c")
MIN_BAR = 3.0  # px: the height of a bin holding a single item when its neighbour holds thousands


# bin edges in the scores' own precision: the scan flags ``scores >= threshold`` in float32, so a
# score stored as float32(0.29) is flagged at 0.29 and must sit in the bin that starts there
EDGES = (np.arange(BINS + 1) / BINS).astype(np.float32)


def score_histogram(scores: np.ndarray) -> np.ndarray:
    """Counts of finite scores in BINS equal bins over [0, 1] (a score of 1 in the last)."""
    s = np.asarray(scores, np.float32)
    s = s[np.isfinite(s)]
    index = np.clip(np.searchsorted(EDGES, s, side="right") - 1, 0, BINS - 1)
    return np.bincount(index, minlength=BINS)


class ScoreHistogram(QWidget):
    """``thresholdPicked`` carries the threshold a click or drag chose (rounded to 0.01)."""

    thresholdPicked = Signal(float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreHistogram")
        self.setMouseTracking(True)
        self.setMinimumSize(160, 52)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.counts = np.zeros(BINS, np.int64)
        self.threshold = 0.5
        self._dragging = False
        self.setToolTip(self.tr("How the scores are spread: the orange bars are the flagged items. "
                                "Click or drag to move the threshold."))

    def sizeHint(self) -> QSize:
        return QSize(320, 60)

    def set_scores(self, scores: Optional[np.ndarray]) -> None:
        self.counts = score_histogram(scores) if scores is not None else np.zeros(BINS, np.int64)
        self.update()

    def set_threshold(self, value: float) -> None:
        self.threshold = float(value)
        self.update()

    def flagged_count(self) -> int:
        """Items in the bars at and above the threshold's bin (what the bars show as flagged)."""
        return int(self.counts[self._bin(self.threshold):].sum())

    def _bin(self, value: float) -> int:
        """The first bin whose scores all reach ``value``."""
        return int(np.searchsorted(EDGES, np.float32(value), side="left"))

    def _plot_rect(self) -> QRectF:
        return QRectF(2, 2, self.width() - 4, self.height() - 6)

    def bar_heights(self, height: float) -> np.ndarray:
        """Each bin's bar height in pixels for a plot ``height`` tall: 0 for an empty bin, else
        growing with the logarithm of its count from MIN_BAR up to ``height`` for the fullest."""
        counts = self.counts.astype(np.float64)
        top = np.log1p(counts.max()) if counts.max() > 0 else 1.0
        scaled = np.log1p(counts) / top * height
        return np.where(counts > 0, np.maximum(scaled, min(MIN_BAR, height)), 0.0)

    def value_at(self, x: float) -> float:
        r = self._plot_rect()
        return round(min(max((x - r.left()) / max(r.width(), 1.0), 0.0), 1.0), 2)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        r = self._plot_rect()
        painter.fillRect(self.rect(), QColor("#f8fafc"))
        heights = self.bar_heights(r.height())
        width = r.width() / BINS
        first_flagged = self._bin(self.threshold)
        painter.setPen(Qt.NoPen)
        for i, bar in enumerate(heights.tolist()):
            if bar <= 0:
                continue
            painter.setBrush(FLAGGED if i >= first_flagged else KEPT)
            painter.drawRect(QRectF(r.left() + i * width + 0.5, r.bottom() - bar, max(width - 1, 1), bar))
        painter.setPen(QPen(QColor("#cbd5e1"), 1))
        painter.drawLine(QPointF(r.left(), r.bottom() + 0.5), QPointF(r.right(), r.bottom() + 0.5))
        x = r.left() + self.threshold * r.width()
        painter.setPen(QPen(LINE, 2))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        painter.end()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.LeftButton:
            self._dragging = True
            self.thresholdPicked.emit(self.value_at(event.position().x()))

    def mouseMoveEvent(self, event) -> None:
        value = self.value_at(event.position().x())
        if self._dragging:
            self.thresholdPicked.emit(value)
            return
        i = min(int(value * BINS), BINS - 1)
        QToolTip.showText(event.globalPosition().toPoint(),
                          self.tr("Scores %1–%2: %n item(s)", "", int(self.counts[i]))
                          .replace("%1", f"{i / BINS:.2f}").replace("%2", f"{(i + 1) / BINS:.2f}"), self)

    def mouseReleaseEvent(self, event) -> None:
        self._dragging = False
