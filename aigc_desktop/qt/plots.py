"""Loss plots on pyqtgraph: a live plot that buffers points and redraws on a timer, and a plot that
overlays the per-epoch curves of finished runs.

Workers emit a few events a second; the live plot only appends to Python lists on each event and a
50–100 ms QTimer hands the whole series to ``setData`` (pyqtgraph's scrolling-plot examples), so a
burst of events never turns into a burst of repaints (ARCHITECTURE.md, habit 4).

Live curves use 1-pixel pens and no grid: measured with 3 curves of 1000 points at 800×500, one
repaint costs ~1.5 ms of CPU that way, ~10 ms with a translucent grid, ~20 ms with 1.6-pixel pens
and over 500 ms with antialiased wide pens (benchmarks/gui_stall.py shows what that does to the GUI).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor

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
