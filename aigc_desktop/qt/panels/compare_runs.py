"""Compare runs: a table of every run of the project with its evaluation metrics, a bar chart of one
metric across runs, and their loss curves overlaid.

Evaluating a run (sampling it and measuring the samples against the data) runs in a worker; the
metrics are cached as ``metrics.json`` in the run folder, so they are measured once per run.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
    QTabWidget, QVBoxLayout, QWidget,
)

from aigc_desktop.core.evaluation.comparison import HEADLINE as _COMPARISON_HEADLINE
from aigc_desktop.core.project import evaluate_in_project
from aigc_desktop.core.training.run_files import read_json
from aigc_desktop.core.errors import UserError
from aigc_desktop.qt.hyperparameter_table import HyperparameterTable
from aigc_desktop.qt.jobs import Job
from aigc_desktop.qt.reveal import reveal_action
from aigc_desktop.qt.widgets import refill_combo

METRICS_FILE = "metrics.json"
# the numbers worth a column and a bar (the experiment's headline, in its order); the rest of
# metrics.json (counts, thresholds) stays in the file
HEADLINE = tuple(".".join(path) for path, _label, _lower, _percent in _COMPARISON_HEADLINE)


def flatten_metrics(data, prefix: str = "") -> dict[str, float]:
    """Numeric leaves of a (nested) metrics dict as ``{"a.b": value}``; lists and text are left out."""
    out: dict[str, float] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, bool):
                continue
            if isinstance(value, (int, float)):
                out[name] = float(value)
            elif isinstance(value, dict):
                out.update(flatten_metrics(value, name))
    return out


def cached_metrics(run_dir) -> dict[str, float]:
    """The metrics an evaluation saved in the run folder (none when it was not evaluated, or the file is damaged)."""
    path = Path(run_dir) / METRICS_FILE
    try:
        return flatten_metrics(read_json(path)) if path.exists() else {}
    except (UserError, OSError):
        return {}


def _fmt(value: Optional[float]) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.4g}"


class NumberItem(QTableWidgetItem):
    """Sorts by value, not by text."""

    def __init__(self, value: Optional[float]) -> None:
        super().__init__(_fmt(value))
        self.value = value if value is not None and math.isfinite(value) else math.inf
        self.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)

    def __lt__(self, other) -> bool:
        return self.value < getattr(other, "value", math.inf)


class CompareRuns(QWidget):
    """Evaluates runs against the session's current dataset, as jobs of its runner."""

    evaluated = Signal(str)  # run_dir whose metrics were just measured

    BASE_COLUMNS = 6  # run, model, data, epochs, status, evaluate

    def __init__(self, session, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        from aigc_desktop.qt.plots import PALETTE, RunCurves, _style
        import pyqtgraph as pg

        self.session = session
        self.runs: list = []
        self.metrics: dict[str, dict[str, float]] = {}
        self._evaluating: dict[str, Job] = {}
        self._palette = PALETTE

        self.table = QTableWidget(0, self.BASE_COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.setToolTip(self.tr("Every run of this project; click a header to sort"))

        self.metric_combo = QComboBox()
        self.metric_combo.setToolTip(self.tr("The metric the bar chart compares"))
        self.metric_combo.currentTextChanged.connect(self._draw_bars)
        self.note = QLabel()
        self.note.setWordWrap(True)

        self.bars = pg.PlotWidget()
        _style(self.bars, "", "")
        self.bars.getPlotItem().setClipToView(False)
        self.curves = RunCurves(self.tr("Curve"), self.tr("The per-epoch value whose curves are overlaid"))

        bars_box = QWidget()
        column = QVBoxLayout(bars_box)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Metric")))
        row.addWidget(self.metric_combo, 1)
        column.addLayout(row)
        column.addWidget(self.bars, 1)
        charts = QSplitter(Qt.Horizontal)
        charts.addWidget(bars_box)
        charts.addWidget(self.curves)
        self.hyperparameters = HyperparameterTable(self._report)
        self.lower_tabs = QTabWidget()
        self.lower_tabs.setDocumentMode(True)
        self.lower_tabs.addTab(charts, self.tr("Charts"))
        self.lower_tabs.addTab(self.hyperparameters, self.tr("Hyper-parameters"))
        self.table.setContextMenuPolicy(Qt.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.reveal_action = reveal_action(self.table, self._selected_run_dirs, self._report)
        self.table.addAction(self.reveal_action)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.lower_tabs)
        split.setSizes([220, 320])
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(split, 1)

    # ----- contents ------------------------------------------------------------------------
    def set_runs(self, runs: list) -> None:
        self.runs = list(runs)
        self.metrics = {r.run_dir: cached_metrics(r.run_dir) for r in self.runs}
        self.hyperparameters.set_runs(self.runs)
        if not self.runs:
            self.note.setText(self.tr("No runs yet: train a model in the Training tab, then compare runs here."))
        else:
            self.note.setText(self.tr("Metrics are measured on features of a network trained locally on this "
                                      "project's data (no downloaded weights): compare runs with each other, "
                                      "not with published FID values. Lower FD/KID and hallucination are better; "
                                      "higher precision/recall are better."))
        self._fill_table()
        refill_combo(self.metric_combo, self.metric_names())
        self._draw_bars()
        self.curves.set_runs(self.runs)

    def metric_names(self) -> list[str]:
        present = {k for m in self.metrics.values() for k in m}
        return [k for k in HEADLINE if k in present]

    def _fill_table(self) -> None:
        metric_names = self.metric_names()
        headers = [self.tr("Run"), self.tr("Model"), self.tr("Data"), self.tr("Epochs"), self.tr("Status"),
                   self.tr("Evaluate")] + metric_names
        self.table.setSortingEnabled(False)
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.runs))
        for row, run in enumerate(self.runs):
            name = QTableWidgetItem(run.name)
            name.setData(Qt.UserRole, run.run_dir)
            name.setToolTip(run.run_dir)
            self.table.setItem(row, 0, name)
            model = run.config.model.upper() + (self.tr(" (conditional)") if run.config.conditional else "")
            self.table.setItem(row, 1, QTableWidgetItem(model))
            self.table.setItem(row, 2, QTableWidgetItem(run.dataset_name))
            self.table.setItem(row, 3, NumberItem(run.epochs_done))
            self.table.setItem(row, 4, QTableWidgetItem(run.status))
            button = QPushButton(self.tr("Evaluating…") if run.run_dir in self._evaluating else
                                 self.tr("Re-evaluate") if self.metrics.get(run.run_dir) else self.tr("Evaluate"))
            button.setEnabled(run.has_checkpoint and run.run_dir not in self._evaluating)
            button.setToolTip(self.tr("Sample this run and measure the samples against the current dataset "
                                      "(runs in the background; the result is saved in the run folder)"))
            button.clicked.connect(lambda _=False, d=run.run_dir: self.evaluate(d))
            self.table.setCellWidget(row, 5, button)
            for col, key in enumerate(metric_names, start=self.BASE_COLUMNS):
                self.table.setItem(row, col, NumberItem(self.metrics.get(run.run_dir, {}).get(key)))
        self.table.setSortingEnabled(True)

    def _draw_bars(self, *_args) -> None:
        import pyqtgraph as pg

        plot = self.bars.getPlotItem()
        plot.clear()
        key = self.metric_combo.currentText()
        rows = [(r.name, self.metrics.get(r.run_dir, {}).get(key)) for r in self.runs]
        rows = [(n, v) for n, v in rows if v is not None and math.isfinite(v)]
        plot.setLabel("left", key)
        plot.getAxis("left").enableAutoSIPrefix(False)  # a precision of 0.18 reads 0.18, not "177 (x0.001)"
        if not rows:
            return
        xs = list(range(len(rows)))
        brushes = [pg.mkBrush(self._palette[i % len(self._palette)]) for i in xs]
        plot.addItem(pg.BarGraphItem(x=xs, height=[v for _, v in rows], width=0.6, brushes=brushes))
        plot.getAxis("bottom").setTicks([[(x, n) for x, (n, _) in zip(xs, rows)]])
        self.bars_shown = rows

    def _report(self, text: str) -> None:
        self.session.show_status(text, 8000)

    def _selected_run_dirs(self) -> list[str]:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return [item.data(Qt.UserRole)] if item is not None else []

    def _table_menu(self, pos) -> None:
        item = self.table.itemAt(pos)
        if item is None:
            return
        self.table.selectRow(item.row())
        menu = QMenu(self)
        menu.addAction(self.reveal_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # ----- evaluation ----------------------------------------------------------------------
    def evaluate(self, run_dir: str) -> Optional[Job]:
        session = self.session
        if not session.has_dataset():
            session.show_status(self.tr("Open a dataset to evaluate runs against."), 5000)
            return None
        if run_dir in self._evaluating:
            return None
        project, dataset_id = session.project, session.dataset_id
        job = session.runner.start(
            lambda ctx: evaluate_in_project(project, dataset_id, run_dir, ctx), on_result=self._on_evaluated,
            on_failed=lambda message: self._on_failed(run_dir, message),
            on_finished=lambda: self._on_finished(run_dir))
        if job is None:
            return None
        self._evaluating[run_dir] = job
        self._fill_table()
        session.show_status(self.tr("Evaluating %1…").replace("%1", Path(run_dir).name))
        return job

    def evaluating(self) -> list[str]:
        """The runs being evaluated now."""
        return list(self._evaluating)

    def _on_evaluated(self, run_dir: str) -> None:
        self.session.show_status(self.tr("Evaluated %1").replace("%1", Path(run_dir).name), 5000)
        self.evaluated.emit(run_dir)

    def _on_failed(self, run_dir: str, message: str) -> None:
        self.session.show_status(
            self.tr("Evaluating %1 failed: %2").replace("%1", Path(run_dir).name).replace("%2", message), 10000)

    def _on_finished(self, run_dir: str) -> None:
        self._evaluating.pop(run_dir, None)
        self.set_runs(self.runs)  # re-read the cached metrics of every run

    def shutdown(self) -> None:
        for job in self._evaluating.values():
            job.cancel()
