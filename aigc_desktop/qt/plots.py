"""Loss plots on pyqtgraph: a live plot that buffers points and redraws on a timer, and the
comparison of runs: one per-epoch curve per run, of a value chosen from their histories.

Workers emit a few events a second; the live plot only appends to Python lists on each event and a
50–100 ms QTimer hands the whole series to ``setData`` (pyqtgraph's scrolling-plot examples), so a
burst of events never turns into a burst of repaints (docs/ARCHITECTURE.md, "Throttle at the source").

Live curves use 1-pixel pens and no grid: measured with 3 curves of 1000 points at 800×500, one
repaint costs ~1.5 ms of CPU that way, ~10 ms with a translucent grid, ~20 ms with 1.6-pixel pens
and over 500 ms with antialiased wide pens (benchmarks/gui_stall.py shows what that does to the GUI).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from aigc_desktop.qt.widgets import refill_combo

# Okabe–Ito colours: distinguishable for colour-blind readers, in the order curves are added
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")


def _style(plot: pg.PlotWidget, x_label: str, y_label: str) -> None:
    plot.setBackground("w")
    item = plot.getPlotItem()
    item.setLabel("bottom", x_label)
    item.setLabel("left", y_label)
    for axis in ("bottom", "left"):
        item.getAxis(axis).setPen(pg.mkPen("#64748b"))
        item.getAxis(axis).setTextPen(pg.mkPen("#334155"))
    item.setClipToView(True)
    item.setDownsampling(auto=True, mode="peak")


class LivePlot(pg.PlotWidget):
    """Named series of (x, y) points; ``append`` is cheap, the redraw happens on the timer."""

    def __init__(self, x_label: str, y_label: str, interval_ms: int = 80, parent=None) -> None:
        super().__init__(parent)
        _style(self, x_label, y_label)
        self.legend = self.getPlotItem().addLegend(offset=(-10, 10))
        self._points: dict[str, tuple[list, list]] = {}
        self._curves: dict[str, pg.PlotDataItem] = {}
        self._styles: dict[str, dict] = {}
        self._dirty: set[str] = set()
        self.redraws = 0  # how often setData ran (tests check the redraw is batched)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.flush)
        self.timer.start()

    def set_style(self, name: str, color: str, width: float = 1.0, dashed: bool = False, symbol=None) -> None:
        """Style of a series before its first point (default: the next palette colour, a solid line)."""
        self._styles[name] = dict(color=color, width=width, dashed=dashed, symbol=symbol)
        self._curve(name)  # created now, before the run, not in the middle of the first redraw

    def append(self, name: str, x: float, y: float) -> None:
        if not np.isfinite(y):
            return  # a NaN would blank the whole curve; divergence is reported in the log instead
        xs, ys = self._points.setdefault(name, ([], []))
        xs.append(float(x))
        ys.append(float(y))
        self._dirty.add(name)

    def series(self, name: str) -> tuple[list, list]:
        return self._points.get(name, ([], []))

    def names(self) -> list[str]:
        return list(self._points)

    def drawn(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The points the curve shows now (the series up to the last redraw)."""
        curve = self._curves.get(name)
        return curve.getData() if curve is not None else (np.zeros(0), np.zeros(0))

    def _curve(self, name: str) -> pg.PlotDataItem:
        curve = self._curves.get(name)
        if curve is None:
            style = self._styles.get(name) or dict(color=PALETTE[len(self._curves) % len(PALETTE)], width=1.0,
                                                  dashed=False, symbol=None)
            pen = pg.mkPen(QColor(style["color"]), width=style["width"])
            if style["dashed"]:
                pen.setDashPattern([4, 3])
            curve = self.plot([], [], pen=pen, name=name, symbol=style["symbol"], symbolSize=6,
                              symbolBrush=style["color"], symbolPen=None)
            self._curves[name] = curve
        return curve

    def flush(self) -> None:
        for name in list(self._dirty):
            xs, ys = self._points[name]
            self._curve(name).setData(np.asarray(xs), np.asarray(ys))
            self.redraws += 1
        self._dirty.clear()

    def clear_series(self) -> None:
        for curve in self._curves.values():
            self.removeItem(curve)
        self.legend.clear()
        self._curves.clear()
        self._points.clear()
        self._dirty.clear()
        self._styles.clear()


class ComparePlot(pg.PlotWidget):
    """One curve per run (x = epoch); replaced as a whole whenever the chosen runs change."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        _style(self, "epoch", "")
        self.legend = self.getPlotItem().addLegend(offset=(-10, 10))
        self.curves: dict[str, pg.PlotDataItem] = {}

    def set_runs(self, runs: list[tuple[str, list, list]], y_label: str) -> None:
        """``runs``: (legend name, epochs, values) per run, in the order their colours are assigned."""
        self.getPlotItem().clear()
        self.legend.clear()
        self.curves = {}
        self.getPlotItem().setLabel("left", y_label)
        for i, (name, xs, ys) in enumerate(runs):
            keep = [(x, y) for x, y in zip(xs, ys) if y is not None and np.isfinite(y)]
            if not keep:
                continue
            x, y = np.asarray(keep, float).T
            color = PALETTE[i % len(PALETTE)]
            self.curves[name] = self.plot(x, y, pen=pg.mkPen(color, width=2), name=name, symbol="o",
                                          symbolSize=5, symbolBrush=color, symbolPen=None)


class RunCurves(QWidget):
    """How runs are compared, in the Training panel and in the Gallery alike: a choice of per-epoch
    value (losses first) and one curve of it per run."""

    def __init__(self, label: str, tip: str, parent=None) -> None:
        super().__init__(parent)
        self.runs: list = []
        self.metric = QComboBox()
        self.metric.setToolTip(tip)
        self.metric.currentIndexChanged.connect(self._draw)
        self.plot = ComparePlot()
        row = QHBoxLayout()
        row.addWidget(QLabel(label))
        row.addWidget(self.metric, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.plot, 1)

    @staticmethod
    def legend(run) -> str:
        return f"{run.name} ({run.config.model.upper()})"

    def set_runs(self, runs: list) -> None:
        """Show ``runs`` (RunInfo); the chosen value stays when the new runs have it."""
        from aigc_desktop.core.training.runs import history_metrics

        self.runs = list(runs)
        refill_combo(self.metric, history_metrics(self.runs))
        self._draw()

    def _draw(self, *_args) -> None:
        from aigc_desktop.core.training.runs import history_curve

        metric = self.metric.currentText()
        self.plot.set_runs([(self.legend(run), *history_curve(run, metric)) for run in self.runs], metric)
