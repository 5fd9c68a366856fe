"""Compare runs: a table of every run of the project with its evaluation metrics (each with its 95%
interval and real-vs-real floor in the tooltip), a bar chart of one metric across runs with the
intervals, their loss curves overlaid, and, for two selected runs, their paired comparison.

Evaluating a run (sampling it and measuring the samples against the data, or against a trusted
reference dataset of the project) runs as a job with its progress, an estimate of the time left
and Cancel; the metrics are cached as ``metrics.json`` in the run folder, so they are measured once
per run, and the feature extractor is cached per dataset version, so only the first evaluation of
a version trains it.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QHeaderView, QLabel, QMenu, QProgressBar, QPushButton, QSplitter, QTableWidget,
    QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from aigc_desktop.core.evaluation.metric_info import KEYS, show
from aigc_desktop.core.project import evaluate_in_project
from aigc_desktop.core.training.run_files import read_json
from aigc_desktop.core.errors import UserError
from aigc_desktop.qt.hyperparameter_table import HyperparameterTable
from aigc_desktop.qt.jobs import Job
from aigc_desktop.qt.metric_names import metric_label, metric_tooltip
from aigc_desktop.qt.reveal import reveal_action
from aigc_desktop.qt.run_text import model_name, run_status
from aigc_desktop.qt.widgets import wrap_to_layout, wrapping_label

METRICS_FILE = "metrics.json"
# the numbers worth a column and a bar (the evaluation's flat headline keys, in their order); the rest of
# metrics.json (intervals, floors, details) goes into tooltips or stays in the file
HEADLINE = KEYS


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


def saved_metrics(run_dir) -> dict:
    """The metrics an evaluation saved in the run folder, as written ({} when it was not evaluated, or
    the file is damaged)."""
    path = Path(run_dir) / METRICS_FILE
    try:
        return read_json(path) if path.exists() else {}
    except (UserError, OSError):
        return {}


def _fmt(value: Optional[float]) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.4g}"


class NumberItem(QTableWidgetItem):
    """Sorts by value, not by text; ``key`` shows it as that metric is read (shares as percentages)."""

    def __init__(self, value: Optional[float], key: Optional[str] = None) -> None:
        super().__init__(_fmt(value) if key is None or value is None else show(key, value))
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
        self.saved: dict[str, dict] = {}
        self._evaluating: dict[str, Job] = {}
        self._palette = PALETTE

        self.reference_combo = QComboBox()
        self.reference_combo.setToolTip(self.tr("What the samples are measured against: the run's own validation "
                                                "split of the current dataset, or a trusted dataset of this "
                                                "project (e.g. a test set) that no run trained on"))
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the evaluation; nothing is written"))
        self.memorised_button = QPushButton(self.tr("Memorised Samples…"))
        self.memorised_button.setToolTip(self.tr("The selected run's samples that copy a training image, each "
                                                 "beside the image it copies"))
        self.memorised_button.clicked.connect(self.show_memorised)
        self.memorised_button.setEnabled(False)
        self.comparison = wrap_to_layout(QLabel())
        self.comparison.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.comparison.setObjectName("runComparison")
        self._show_progress(False)

        self.table = QTableWidget(0, self.BASE_COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.setToolTip(self.tr("Every run of this project; click a header to sort, select two runs to "
                                      "compare them"))
        self.table.itemSelectionChanged.connect(self._compare_selected)

        self.metric_combo = QComboBox()
        self.metric_combo.setToolTip(self.tr("The metric the bar chart compares"))
        self.metric_combo.currentIndexChanged.connect(self._draw_bars)
        self.note = wrapping_label()
        # in place of an empty chart, what would fill it
        self.bars_empty = wrapping_label(object_name="barsEmpty")
        self.bars_empty.setAlignment(Qt.AlignCenter)
        self.bars_empty.setStyleSheet("#barsEmpty { color: #64748b; background: white; }")

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
        column.addWidget(self.bars_empty, 1)
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
        reference_row = QHBoxLayout()
        reference_row.addWidget(QLabel(self.tr("Measure against:")))
        reference_row.addWidget(self.reference_combo, 1)
        reference_row.addWidget(self.memorised_button)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(reference_row)
        layout.addLayout(progress_row)
        layout.addWidget(split, 1)
        layout.addWidget(self.comparison)

    # ----- contents ------------------------------------------------------------------------
    def set_runs(self, runs: list, saved: Optional[dict] = None) -> None:
        """Show ``runs``; ``saved`` holds each run's metrics.json as a job read it (else it is read here)."""
        self.runs = list(runs)
        self.saved = {r.run_dir: saved[r.run_dir] if saved is not None and r.run_dir in saved
                      else saved_metrics(r.run_dir) for r in self.runs}
        self.metrics = {d: flatten_metrics(m) for d, m in self.saved.items()}
        self.hyperparameters.set_runs(self.runs)
        self._fill_references()
        if not self.runs:
            self.note.setText(self.tr("No runs yet: train a model in the Training tab, then compare runs here."))
        else:
            self.note.setText(self.tr("Metrics are measured on features of a network trained locally on this "
                                      "project's data (no downloaded weights): compare runs with each other, "
                                      "not with published FID values. Hover a value for its 95% interval and the "
                                      "score real images get; select two runs to compare them."))
        self._fill_table()
        self._fill_metric_combo(self.metric_names())
        self._draw_bars()
        self.curves.set_runs(self.runs)

    def _fill_metric_combo(self, keys: list[str]) -> None:
        current = self.metric_combo.currentData()
        self.metric_combo.blockSignals(True)
        self.metric_combo.clear()
        for key in keys:
            self.metric_combo.addItem(metric_label(key), key)
        if current in keys:
            self.metric_combo.setCurrentIndex(keys.index(current))
        self.metric_combo.setPlaceholderText(self.tr("none measured yet"))
        self.metric_combo.setEnabled(bool(keys))
        self.metric_combo.blockSignals(False)

    def metric_names(self) -> list[str]:
        present = {k for m in self.metrics.values() for k in m}
        return [k for k in HEADLINE if k in present]

    def _fill_references(self) -> None:
        """The current dataset's validation split, or any other dataset of the project as the reference."""
        current = self.reference_combo.currentData()
        self.reference_combo.blockSignals(True)
        self.reference_combo.clear()
        self.reference_combo.addItem(self.tr("the run's validation split of the current dataset"), None)
        session = self.session
        if session.catalog is not None:
            for info in session.catalog.datasets():
                if info.id != session.dataset_id:
                    self.reference_combo.addItem(self.tr("dataset: %1").replace("%1", info.name), info.id)
        index = self.reference_combo.findData(current)
        self.reference_combo.setCurrentIndex(max(0, index))
        self.reference_combo.blockSignals(False)

    def _fill_table(self) -> None:
        metric_names = self.metric_names()
        headers = [self.tr("Run"), self.tr("Model"), self.tr("Data"), self.tr("Epochs"), self.tr("Status"),
                   self.tr("Evaluate")] + [metric_label(k) for k in metric_names]
        # no selection signal while rows are half built (a selected row without its items yet)
        self.table.blockSignals(True)
        self.table.setSortingEnabled(False)
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        for col, key in enumerate(metric_names, start=self.BASE_COLUMNS):
            self.table.horizontalHeaderItem(col).setToolTip(metric_tooltip(key))
        self.table.setRowCount(len(self.runs))
        for row, run in enumerate(self.runs):
            name = QTableWidgetItem(run.name)
            name.setData(Qt.UserRole, run.run_dir)
            name.setToolTip(run.run_dir)
            self.table.setItem(row, 0, name)
            model = model_name(run.config.model) + (self.tr(" (conditional)") if run.config.conditional else "")
            self.table.setItem(row, 1, QTableWidgetItem(model))
            self.table.setItem(row, 2, QTableWidgetItem(run.dataset_name))
            self.table.setItem(row, 3, NumberItem(run.epochs_done))
            self.table.setItem(row, 4, QTableWidgetItem(run_status(run.status)))
            button = QPushButton(self.tr("Evaluating…") if run.run_dir in self._evaluating else
                                 self.tr("Re-evaluate") if self.metrics.get(run.run_dir) else self.tr("Evaluate"))
            button.setEnabled(run.has_checkpoint and run.run_dir not in self._evaluating)
            button.setToolTip(self.tr("Sample this run and measure the samples against the current dataset "
                                      "(runs in the background; the result is saved in the run folder)"))
            button.clicked.connect(lambda _=False, d=run.run_dir: self.evaluate(d))
            self.table.setCellWidget(row, 5, button)
            saved = self.saved.get(run.run_dir, {})
            for col, key in enumerate(metric_names, start=self.BASE_COLUMNS):
                item = NumberItem(self.metrics.get(run.run_dir, {}).get(key), key)
                if key in saved:
                    item.setToolTip(metric_tooltip(key, (saved.get("ci95") or {}).get(key),
                                                   (saved.get("real_floor") or {}).get(key)))
                self.table.setItem(row, col, item)
        self.table.setSortingEnabled(True)
        self.table.blockSignals(False)
        self._compare_selected()

    def _draw_bars(self, *_args) -> None:
        import pyqtgraph as pg

        plot = self.bars.getPlotItem()
        plot.clear()
        key = self.metric_combo.currentData() or ""
        rows = [(r.name, self.metrics.get(r.run_dir, {}).get(key), (self.saved.get(r.run_dir, {}).get("ci95") or {})
                 .get(key)) for r in self.runs]
        rows = [(n, v, ci) for n, v, ci in rows if v is not None and math.isfinite(v)]
        plot.setLabel("left", metric_label(key))
        plot.getAxis("left").enableAutoSIPrefix(False)  # a precision of 0.18 reads 0.18, not "177 (x0.001)"
        self.bars_shown = []
        self.bars.setVisible(bool(rows))
        self.bars_empty.setVisible(not rows)
        if not rows:
            self.bars_empty.setText(
                self.tr("No run has been evaluated yet. Press Evaluate beside a run to measure its samples; "
                        "the runs' metrics are compared here.") if not key else
                self.tr("No run has a value for this metric yet."))
            return
        xs = list(range(len(rows)))
        brushes = [pg.mkBrush(self._palette[i % len(self._palette)]) for i in xs]
        plot.addItem(pg.BarGraphItem(x=xs, height=[v for _, v, _ in rows], width=0.6, brushes=brushes))
        with_ci = [(x, v, ci) for x, (_, v, ci) in zip(xs, rows) if ci is not None]
        if with_ci:  # the 95% interval of each run's value
            import numpy as np

            plot.addItem(pg.ErrorBarItem(x=np.array([x for x, _, _ in with_ci], float),
                                         y=np.array([v for _, v, _ in with_ci], float),
                                         top=np.array([ci[1] - v for _, v, ci in with_ci], float),
                                         bottom=np.array([v - ci[0] for _, v, ci in with_ci], float), beam=0.2,
                                         pen=pg.mkPen((40, 40, 40), width=2)))
        plot.getAxis("bottom").setTicks([[(x, n) for x, (n, _, _) in zip(xs, rows)]])
        self.bars_shown = [(n, v) for n, v, _ in rows]

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
        reference_id = self.reference_combo.currentData()
        self._show_progress(True, self.tr("Evaluating %1…").replace("%1", Path(run_dir).name))
        job = session.runner.start(
            lambda ctx: evaluate_in_project(project, dataset_id, run_dir, ctx, reference_id=reference_id),
            on_result=self._on_evaluated, on_progress=self._on_progress,
            on_failed=lambda message: self._on_failed(run_dir, message),
            on_cancelled=lambda: self.session.show_status(self.tr("Evaluation cancelled"), 5000),
            on_finished=lambda: self._on_finished(run_dir), progress_bar=self.progress,
            cancel_button=self.cancel_button)
        if job is None:
            self._show_progress(False)
            return None
        self._evaluating[run_dir] = job
        self._fill_table()
        session.show_status(self.tr("Evaluating %1…").replace("%1", Path(run_dir).name))
        return job

    def _show_progress(self, visible: bool, text: str = "") -> None:
        for widget in (self.progress, self.progress_label, self.cancel_button):
            widget.setVisible(visible)
        self.progress_label.setText(text)

    def _on_progress(self, event) -> None:
        """The stage in words; the feature extractor's steps come with the epoch and the time left."""
        from aigc_desktop.core.evaluation.features import FeatureProgress
        from aigc_desktop.core.jobs import Progress

        if isinstance(event, FeatureProgress):
            self.progress_label.setText(self.tr("Training the feature extractor (once per dataset version): "
                                                "epoch %1 of %2, about %3 s left")
                                        .replace("%1", str(event.epoch)).replace("%2", str(event.epochs))
                                        .replace("%3", f"{event.eta_s:.0f}"))
        elif isinstance(event, Progress):
            texts = {"data": self.tr("Reading the data"), "samples": self.tr("Sampling the run"),
                     "metrics": self.tr("Measuring the samples"), "features": self.tr("Loading the feature extractor")}
            self.progress_label.setText(texts.get(event.stage, event.message or event.stage))

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
        if not self._evaluating:
            self._show_progress(False)
        self.set_runs(self.runs)  # re-read the cached metrics of every run

    # ----- memorised samples ---------------------------------------------------------------
    def selected_run(self) -> Optional[str]:
        rows = {i.row() for i in self.table.selectedIndexes()}
        item = self.table.item(rows.pop(), 0) if len(rows) == 1 else None
        return None if item is None else item.data(Qt.UserRole)

    def show_memorised(self) -> Optional[Job]:
        """Draw the flagged samples again and read their training images, then show them side by side."""
        from aigc_desktop.core.evaluation.run_evaluation import memorised_pairs

        run_dir, session = self.selected_run(), self.session
        if run_dir is None or not session.has_dataset():
            return None
        ref = session.project.dataset(session.dataset_id)
        return session.runner.start(lambda ctx: memorised_pairs(run_dir, ref, ctx),
                                    on_result=lambda pairs: self._show_pairs(run_dir, pairs),
                                    on_failed=lambda message: session.show_status(message, 10000))

    def _show_pairs(self, run_dir: str, pairs: list) -> None:
        from aigc_desktop.qt.memorised_dialog import MemorisedDialog

        self.memorised_dialog = MemorisedDialog(Path(run_dir).name, pairs, self)
        self.memorised_dialog.open()

    # ----- two runs ------------------------------------------------------------------------
    def _compare_selected(self) -> None:
        """Two selected runs: their difference on every metric, with a verdict only where its 95%
        interval excludes 0 (intervals from the bootstrap each evaluation saved)."""
        from aigc_desktop.core.evaluation.comparison import compare

        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        selected = self.selected_run()
        self.memorised_button.setEnabled(bool(selected and ((self.saved.get(selected) or {}).get("details") or {})
                                              .get("n_memorised")))
        if len(rows) != 2:
            self.comparison.setText("")
            return
        dirs = [self.table.item(r, 0).data(Qt.UserRole) for r in rows]
        names = [self.table.item(r, 0).text() for r in rows]
        saved = [self.saved.get(d, {}) for d in dirs]
        if not all(saved):
            self.comparison.setText(self.tr("Evaluate both runs to compare them."))
            return
        lines = []
        for c in compare(names[0], [saved[0]], names[1], [saved[1]]):
            if c.verdict == "no clear difference" or c.ci95 is None:
                continue
            verdict = self.tr("better") if c.verdict == "better" else self.tr("worse")
            lines.append(self.tr("%1: %2 → %3 (95% interval of the difference %4 to %5): %6")
                         .replace("%1", metric_label(c.metric)).replace("%2", show(c.metric, c.a_mean))
                         .replace("%3", show(c.metric, c.b_mean)).replace("%4", show(c.metric, c.ci95[0]))
                         .replace("%5", show(c.metric, c.ci95[1])).replace("%6", verdict))
        same = saved[0].get("reference") == saved[1].get("reference") and \
            saved[0].get("n_reference") == saved[1].get("n_reference")
        head = self.tr("%1 against %2:").replace("%1", names[1]).replace("%2", names[0])
        body = "<br>".join(lines) if lines else self.tr("no clear difference on any metric (every 95% interval "
                                                        "of the difference includes 0)")
        note = "" if same else "<br><i>" + self.tr("The two runs were measured against different held-out images: "
                                                   "compare them only roughly.") + "</i>"
        self.comparison.setText(f"<b>{head}</b><br>{body}{note}")

    def shutdown(self) -> None:
        for job in self._evaluating.values():
            job.cancel()
