"""Loss plots on pyqtgraph: a live plot that buffers points and redraws on a timer, and the
comparison of runs: one per-epoch curve per run, of a value chosen from their histories.

Workers emit a few events a second; the live plot only appends to Python lists on each event and a
50–100 ms QTimer hands the whole series to ``setData`` (pyqtgraph's scrolling-plot examples), so a
burst of events never turns into a burst of repaints (docs/ARCHITECTURE.md, "Throttle at the source").

Live curves use 1-pixel pens and no grid: measured with 3 curves of 1000 points at 800×500, one
repaint costs ~1.5 ms of CPU that way, ~10 ms with a translucent grid, ~20 ms with 1.6-pixel pens
and over 500 ms with antialiased wide pens (benchmarks/gui_stall.py shows what that does to the GUI).

Both plots take :class:`PlotOptions` from a :class:`PlotControls` row, as TensorBoard's scalars do:
a log scale, smoothing by an exponential moving average (the raw curve stays faint behind it) and
an x axis in epochs or optimizer steps.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from aigc_desktop.qt.run_text import history_name, model_name
from aigc_desktop.qt.widgets import FilledWhenShown, refill_combo, wrapping_label

# Okabe–Ito colours: distinguishable for colour-blind readers, in the order curves are added
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")


@dataclass(frozen=True)
class PlotOptions:
    log_y: bool = False
    smoothing: float = 0.0   # the EMA's weight in [0, 1): 0 draws the raw values
    x_axis: str = "epoch"    # "epoch" | "step"
    x_label: str = "epoch"   # what the x axis is called, in the user's language


def ema(values, weight: float) -> np.ndarray:
    """TensorBoard's smoothing: an exponential moving average of the finite values, debiased so the
    first points are not pulled towards 0; NaN stays NaN and is skipped."""
    out = np.full(len(values), np.nan)
    last, n = 0.0, 0
    for i, v in enumerate(np.asarray(values, np.float64).tolist()):
        if v != v or v in (np.inf, -np.inf):
            continue
        n += 1
        last = last * weight + (1.0 - weight) * v
        out[i] = last / (1.0 - weight ** n)
    return out


def _shown_values(ys: np.ndarray, options: PlotOptions) -> np.ndarray:
    """Values as drawn: non-positive ones have no place on a log scale."""
    ys = np.asarray(ys, np.float64)
    return np.where(ys > 0, ys, np.nan) if options.log_y else ys


def _faint(color: str) -> QColor:
    c = QColor(color)
    c.setAlpha(70)
    return c


class PlotControls(QWidget):
    """Log scale, smoothing and the x axis of a plot, in one compact row; ``changed`` carries the
    new PlotOptions."""

    changed = Signal(object)

    def __init__(self, smoothing: float = 0.0, steps: bool = True, parent=None) -> None:
        super().__init__(parent)
        self.log = QCheckBox(self.tr("Log scale"))
        self.log.setToolTip(self.tr("A logarithmic y axis: losses that fall by orders of magnitude stay readable"))
        self.smoothing = QDoubleSpinBox()
        self.smoothing.setRange(0.0, 0.99)
        self.smoothing.setSingleStep(0.05)
        self.smoothing.setDecimals(2)
        self.smoothing.setValue(smoothing)
        self.smoothing.setPrefix(self.tr("Smoothing "))
        self.smoothing.setToolTip(self.tr("Smoothing, as in TensorBoard: an exponential moving average of the "
                                          "values (0 shows them raw); the raw curve stays faint behind"))
        self.x_axis = QComboBox()
        self.x_axis.setToolTip(self.tr("Plot against epochs or against optimizer steps"))
        self.x_axis.addItem(self.tr("Epochs"), "epoch")
        if steps:
            self.x_axis.addItem(self.tr("Steps"), "step")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.log)
        layout.addWidget(self.smoothing)
        layout.addWidget(self.x_axis)
        layout.addStretch(1)
        self.log.toggled.connect(self._emit)
        self.smoothing.valueChanged.connect(self._emit)
        self.x_axis.currentIndexChanged.connect(self._emit)

    def options(self) -> PlotOptions:
        axis = self.x_axis.currentData() or "epoch"
        return PlotOptions(self.log.isChecked(), round(self.smoothing.value(), 2), axis,
                           self.tr("step") if axis == "step" else self.tr("epoch"))

    def _emit(self, *_args) -> None:
        self.changed.emit(self.options())


def _style(plot: pg.PlotWidget, x_label: str, y_label: str) -> None:
    plot.setBackground("w")
    _style_item(plot.getPlotItem(), x_label, y_label)


def _style_item(item: pg.PlotItem, x_label: str, y_label: str) -> None:
    item.setLabel("bottom", x_label)
    item.setLabel("left", y_label)
    for axis in ("bottom", "left"):
        item.getAxis(axis).setPen(pg.mkPen("#64748b"))
        item.getAxis(axis).setTextPen(pg.mkPen("#334155"))
    item.setClipToView(True)
    item.setDownsampling(auto=True, mode="peak")


class LivePlot(pg.PlotWidget):
    """Named series of (x in epochs, y) points; ``append`` is cheap, the redraw happens on the timer."""

    def __init__(self, x_label: str, y_label: str, interval_ms: int = 80, parent=None) -> None:
        super().__init__(parent)
        _style(self, x_label, y_label)
        self.legend = self.getPlotItem().addLegend(offset=(-10, 10))
        self.options = PlotOptions(x_label=x_label)
        self.steps_per_epoch = 1
        self._points: dict[str, tuple[list, list]] = {}
        self._smoothed: dict[str, list] = {}  # the EMA of each series, kept up to date point by point
        self._ema_state: dict[str, tuple[float, int]] = {}
        self._curves: dict[str, pg.PlotDataItem] = {}
        self._raw: dict[str, pg.PlotDataItem] = {}  # the raw values, faint, behind a smoothed curve
        self._styles: dict[str, dict] = {}
        self._to_create: list[str] = []  # styled, their curves not made yet (oldest first)
        self._dirty: set[str] = set()
        self.redraws = 0  # how often setData ran (tests check the redraw is batched)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.flush)
        self.timer.start()

    def set_options(self, options: PlotOptions) -> None:
        """Log scale, smoothing, x axis: every series is redrawn once."""
        smoothing_changed = options.smoothing != self.options.smoothing
        self.options = options
        self.getPlotItem().setLogMode(x=False, y=options.log_y)  # new curves take it up when added
        self.getPlotItem().setLabel("bottom", options.x_label)
        if smoothing_changed:
            self._smoothed.clear()
            self._ema_state.clear()
            for name, (_, ys) in self._points.items():
                for y in ys:
                    self._smooth(name, y)
        self._dirty.update(self._points)
        self.flush()

    def set_steps_per_epoch(self, steps: int) -> None:
        """Optimizer steps in one epoch (the step axis is epochs times this)."""
        steps = max(int(steps), 1)
        if steps != self.steps_per_epoch:
            self.steps_per_epoch = steps
            if self.options.x_axis == "step":
                self._dirty.update(self._points)

    def set_style(self, name: str, color: str, width: float = 1.0, dashed: bool = False, symbol=None) -> None:
        """Style of a series before its first point (default: the next palette colour, a solid line)."""
        self._styles[name] = dict(color=color, width=width, dashed=dashed, symbol=symbol)
        # created before the run's first redraw, not in the middle of it, and one per event-loop turn:
        # a run's six to eight curves (and legend entries) made at once took ~20 ms of the turn that starts it
        if name not in self._curves and name not in self._to_create:
            self._to_create.append(name)
            if len(self._to_create) == 1:
                QTimer.singleShot(0, self, self._create_next)

    def _create_next(self) -> None:
        if self._to_create:
            self._curve(self._to_create[0])
        if self._to_create:
            QTimer.singleShot(0, self, self._create_next)

    def append(self, name: str, x: float, y: float) -> None:
        if not np.isfinite(y):
            return  # a NaN would blank the whole curve; divergence is reported in the log instead
        xs, ys = self._points.setdefault(name, ([], []))
        xs.append(float(x))
        ys.append(float(y))
        self._smooth(name, float(y))
        self._dirty.add(name)

    def _smooth(self, name: str, y: float) -> None:
        weight = self.options.smoothing
        last, n = self._ema_state.get(name, (0.0, 0))
        last, n = last * weight + (1.0 - weight) * y, n + 1
        self._ema_state[name] = (last, n)
        self._smoothed.setdefault(name, []).append(last / (1.0 - weight ** n))

    def series(self, name: str) -> tuple[list, list]:
        return self._points.get(name, ([], []))

    def names(self) -> list[str]:
        return list(self._points)

    def drawn(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The points the curve shows now (the series up to the last redraw)."""
        curve = self._curves.get(name)
        x, y = curve.getData() if curve is not None else (None, None)
        return (np.zeros(0), np.zeros(0)) if x is None else (x, y)

    def _style_of(self, name: str) -> dict:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = dict(color=PALETTE[len(self._styles) % len(PALETTE)], width=1.0,
                                              dashed=False, symbol=None)
        return style

    def _curve(self, name: str) -> pg.PlotDataItem:
        curve = self._curves.get(name)
        if curve is None and name in self._to_create:  # those styled before it come first (the legend's order)
            while self._to_create[0] != name:
                self._curve(self._to_create[0])
            self._to_create.pop(0)
        if curve is None:
            style = self._style_of(name)
            pen = pg.mkPen(QColor(style["color"]), width=style["width"])
            if style["dashed"]:
                pen.setDashPattern([4, 3])
            if style["symbol"] is None:  # the raw values behind a smoothed line (drawn first, so below)
                self._raw[name] = self.plot([], [], pen=pg.mkPen(_faint(style["color"]), width=1))
            curve = self.plot([], [], pen=pen, name=history_name(name), symbol=style["symbol"], symbolSize=6,
                              symbolBrush=style["color"], symbolPen=None)
            self._curves[name] = curve
        return curve

    def shown(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of a series as drawn with the current options (smoothed where it is smoothed)."""
        xs, ys = self._points.get(name, ([], []))
        x = np.asarray(xs, np.float64) * (self.steps_per_epoch if self.options.x_axis == "step" else 1)
        smooth = self.options.smoothing > 0 and self._style_of(name)["symbol"] is None
        y = np.asarray(self._smoothed.get(name, []) if smooth else ys, np.float64)
        return x, _shown_values(y, self.options)

    def flush(self) -> None:
        for name in list(self._dirty):
            x, y = self.shown(name)
            drawable = np.isfinite(y)  # a point a log axis cannot show is left out, not handed on as NaN
            curve = self._curve(name)
            curve.setData(x[drawable], y[drawable])
            self._dot_when_alone(name, curve, int(drawable.sum()))
            raw = self._raw.get(name)
            if raw is not None:
                smooth = self.options.smoothing > 0
                raw_y = _shown_values(self._points[name][1], self.options)
                raw_drawable = np.isfinite(raw_y)
                raw.setData(x[raw_drawable] if smooth else [], raw_y[raw_drawable] if smooth else [])
            self.redraws += 1
        self._dirty.clear()

    def _dot_when_alone(self, name: str, curve: pg.PlotDataItem, points: int) -> None:
        """A line through one point draws nothing (a past run of one epoch, the first epoch of a
        finished run's history): a lone point gets a dot, which goes once there is a line."""
        style = self._style_of(name)
        symbol = style["symbol"] or ("o" if points == 1 else None)
        if curve.opts["symbol"] != symbol:
            curve.setSymbol(symbol)

    def clear_series(self) -> None:
        for curve in (*self._curves.values(), *self._raw.values()):
            self.removeItem(curve)
        self.legend.clear()
        self._curves.clear()
        self._raw.clear()
        self._points.clear()
        self._smoothed.clear()
        self._ema_state.clear()
        self._dirty.clear()
        self._styles.clear()
        self._to_create.clear()


class ComparePlot(FilledWhenShown, pg.GraphicsLayoutWidget):
    """One curve per run; replaced as a whole whenever the chosen runs or the options change.

    Runs of different kinds (a VAE's loss is about 190, a GAN's about 1.5) get one plot each, one
    above the other with a shared x axis: on one y axis the smaller curves would lie flat.

    Building pyqtgraph plots is costly on the GUI thread (tens of ms each, more on a busy machine),
    so a hidden plot only keeps what it was given and draws it when it is shown (or its ``plots``
    and ``curves`` are asked for)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self._plots: dict[str, pg.PlotItem] = {}
        self._curves: dict[str, pg.PlotDataItem] = {}
        self.options = PlotOptions()
        self._runs: list = []
        self._y_label = ""

    # a plot shorter than this cannot show its tick labels and title apart: side by side, then
    MIN_PLOT_HEIGHT = 200
    MIN_PLOT_WIDTH = 200
    _columns = False

    def _in_columns(self, n: int) -> bool:
        """Plots of several kinds stand side by side when stacked ones would each be too short."""
        return n > 1 and self.height() / n < self.MIN_PLOT_HEIGHT and self.width() / n >= self.MIN_PLOT_WIDTH

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        n = len(getattr(self, "_plots", {}))  # pyqtgraph resizes before __init__ has ended
        if n > 1 and self._in_columns(n) != self._columns:
            self._stale = True  # rebuilt in the other arrangement once this resize is done
            QTimer.singleShot(0, self, self.fill_later)

    @property
    def plots(self) -> dict:
        """kind -> its PlotItem, as drawn."""
        self.fill_if_stale()
        return self._plots

    @property
    def curves(self) -> dict:
        """legend name -> its curve, as drawn."""
        self.fill_if_stale()
        return self._curves

    def set_options(self, options: PlotOptions) -> None:
        self.options = options
        self.set_runs(self._runs, self._y_label)

    def set_runs(self, runs: list, y_label: str) -> None:
        """``runs``: (legend name, epochs, values[, steps[, kind]]) per run, in the order their colours
        are assigned; runs of one kind share a plot, titled with the kind when there are several. On
        the step axis, points without a step count (runs from before it was recorded) are left out."""
        self._runs, self._y_label = list(runs), y_label
        self.fill_later()

    def _shown(self) -> list:
        """(index, legend name, points, kind) of each run with a point to draw under the options."""
        shown = []
        for i, run in enumerate(self._runs):
            name, epochs, values = run[:3]
            steps = run[3] if len(run) > 3 and run[3] is not None else [None] * len(epochs)
            kind = run[4] if len(run) > 4 else ""
            xs = steps if self.options.x_axis == "step" else epochs
            keep = [(x, y) for x, y in zip(xs, values)
                    if x is not None and y is not None and np.isfinite(y) and (y > 0 or not self.options.log_y)]
            if keep:
                shown.append((i, name, np.asarray(keep, float).T, kind))
        return shown

    def legend_entries(self) -> list[tuple[str, str]]:
        """(legend name, colour) of each curve drawn. The names are shown beside the plot, not in it:
        run names are long, and a legend inside a small plot covers its curves."""
        return [(name, PALETTE[i % len(PALETTE)]) for i, name, _points, _kind in self._shown()]

    def _fill_now(self) -> None:
        y_label, options = self._y_label, self.options
        self.clear()
        self._plots, self._curves = {}, {}
        shown = self._shown()
        kinds = list(dict.fromkeys(kind for *_rest, kind in shown)) or [""]
        self._columns = self._in_columns(len(kinds))
        for index, kind in enumerate(kinds):
            row, col = (0, index) if self._columns else (index, 0)
            plot = self.addPlot(row=row, col=col)
            _style_item(plot, options.x_label if self._columns or index == len(kinds) - 1 else "", y_label)
            plot.setLogMode(x=False, y=options.log_y)
            if len(kinds) > 1:
                plot.setTitle(kind, size="9pt", color="#334155")
            if index:
                plot.setXLink(self._plots[kinds[0]])
            self._plots[kind] = plot
        for i, name, (x, y), kind in shown:
            color = PALETTE[i % len(PALETTE)]
            plot = self._plots[kind]
            if options.smoothing > 0 and len(y) > 1:
                plot.plot(x, y, pen=pg.mkPen(_faint(color), width=1))
                y = ema(y, options.smoothing)
            self._curves[name] = plot.plot(x, y, pen=pg.mkPen(color, width=2), name=name, symbol="o",
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
        self.controls = PlotControls()
        self.controls.changed.connect(self._set_options)
        self.plot.set_options(self.controls.options())
        # which colour is which run, under the plots (inside a small plot it would cover the curves)
        self.key = wrapping_label(object_name="curvesKey", rich=True)
        self.key.setStyleSheet("#curvesKey { background: white; padding: 2px 6px; }")
        row = QHBoxLayout()
        row.addWidget(QLabel(label))
        row.addWidget(self.metric, 1)
        row.addWidget(self.controls)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(row)
        layout.addSpacing(4)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.key)

    @staticmethod
    def legend(run) -> str:
        return f"{run.name} ({model_name(run.config.model)})"

    def set_runs(self, runs: list) -> None:
        """Show ``runs`` (RunInfo); the chosen value stays when the new runs have it."""
        from aigc_desktop.core.training.runs import history_metrics

        self.runs = list(runs)
        refill_combo(self.metric, history_metrics(self.runs), history_name)
        self._draw()

    def _draw(self, *_args) -> None:
        from aigc_desktop.core.training.runs import history_curve

        metric = self.metric.currentData() or ""
        self.plot.set_runs([(self.legend(run), *history_curve(run, metric), model_name(run.config.model))
                            for run in self.runs], self.metric.currentText())
        self._fill_key()

    def _set_options(self, options: PlotOptions) -> None:
        self.plot.set_options(options)
        self._fill_key()  # the step axis leaves out runs from before steps were recorded

    def _fill_key(self) -> None:
        entries = self.plot.legend_entries()
        self.key.setText("&nbsp;&nbsp; ".join(
            f'<span style="color:{colour}">\u25cf</span>&nbsp;{html.escape(name).replace(" ", "&nbsp;")}'
            for name, colour in entries))
        self.key.setVisible(bool(entries))
