"""The experiment wizard: the GUI of ``core/evaluation/experiment.run_experiment``.

Choose a model, epochs and seed → the same model is trained three ways on the current dataset
(as is, cleaned, robust) in a worker, with progress and cancel → the results side by side: the
metrics of each run, their sample grids and the plain-language summary, reported as measured,
whichever way it goes.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFormLayout, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit,
    QProgressBar, QPushButton, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from aigc_desktop.core.evaluation.experiment import VARIANTS, ExperimentParams
from aigc_desktop.core.jobs import Progress
from aigc_desktop.core.project import experiment_in_project
from aigc_desktop.core.training.sampling import epoch_grids
from aigc_desktop.qt.jobs import Job
from aigc_desktop.qt.widgets import spin_box


class ExperimentWizard(QDialog):
    """Three pages in one dialog: set up, run, results."""

    finishedExperiment = Signal(object)  # the ExperimentResult

    def __init__(self, session, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Dirty vs. Clean Experiment"))
        self.setModal(False)
        self.resize(980, 720)
        self.job: Optional[Job] = None
        self.result: Any = None
        self.error = ""
        self.config_overrides: dict = {}  # extra TrainConfig fields (tests use narrow networks)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._setup_page())
        self.pages.addWidget(self._run_page())
        self.pages.addWidget(self._results_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # ----- page 1: set up ------------------------------------------------------------------
    def _setup_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(self.tr(
            "<h3>Does cleaning this dataset make a better generator?</h3>"
            "<p>The same model is trained three times with the same seed and the same budget: on the data "
            "<b>as is</b>, on the data after the default <b>cleaning</b> plan, and on the data as is with "
            "suspect items <b>down-weighted</b> (robust training). All three are measured on the same "
            "held-out items that no check flags, set aside before any training.</p>"
            "<p>The result is reported as measured, whichever way it goes.</p>"))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.RichText)
        self.model_combo = QComboBox()
        self.model_combo.addItem(self.tr("VAE (variational autoencoder)"), "vae")
        self.model_combo.addItem(self.tr("GAN (DCGAN)"), "gan")
        self.model_combo.setToolTip(self.tr("The model trained in all three runs"))
        self.epochs_spin = spin_box(1, 500, 3, self.tr("Epochs per run: three runs are trained, so start small"))
        self.seed_spin = spin_box(0, 2**31 - 1, tip=self.tr("One seed for all three runs and their evaluation"))
        self.samples_spin = spin_box(16, 20000, 1000, self.tr("Samples generated from each run to measure it"))
        self.conditional_check = QCheckBox(self.tr("Class-conditional (needs labels)"))
        form = QFormLayout()
        form.addRow(self.tr("Model:"), self.model_combo)
        form.addRow(self.tr("Epochs:"), self.epochs_spin)
        form.addRow(self.tr("Seed:"), self.seed_spin)
        form.addRow(self.tr("Samples to measure:"), self.samples_spin)
        form.addRow("", self.conditional_check)
        self.dataset_label = QLabel()
        self.dataset_label.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Run Experiment"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.dataset_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._describe_dataset()

    def _describe_dataset(self) -> None:
        session = self.session
        if not session.has_dataset():
            self.dataset_label.setText(self.tr("Open a dataset first (File ▸ Import Dataset or Open Demo Dataset)."))
            self.start_button.setEnabled(False)
            return
        info = session.catalog.dataset(session.dataset_id)
        self.dataset_label.setText(self.tr("Dataset: %1 — the results go to %2")
                                   .replace("%1", info.name).replace("%2", str(session.project.experiments_folder)))
        self.start_button.setEnabled(self.job is None)

    # ----- page 2: running -----------------------------------------------------------------
    def _run_page(self) -> QWidget:
        page = QWidget()
        self.stage_label = QLabel()
        font = QFont(self.stage_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.stage_label.setFont(font)
        self.progress_bar = QProgressBar()
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(2000)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setShortcut(QKeySequence(Qt.Key_Escape))
        self.cancel_button.setToolTip(self.tr("Stop the experiment (Esc); finished runs stay on disk"))
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.stage_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.log, 1)
        layout.addLayout(buttons)
        return page

    def start(self) -> Optional[Job]:
        session = self.session
        if self.job is not None or not session.has_dataset():
            return None
        project, dataset_id = session.project, session.dataset_id
        params = ExperimentParams(self.model_combo.currentData(), self.epochs_spin.value(),
                                  seed=self.seed_spin.value(), conditional=self.conditional_check.isChecked(),
                                  n_samples=self.samples_spin.value(), config_overrides=dict(self.config_overrides))
        self.out_dir = out_dir = project.new_experiment_dir(params.model)
        self.result, self.error = None, ""
        self.log.clear()
        self.progress_bar.setRange(0, 0)
        self.stage_label.setText(self.tr("Starting…"))
        self.cancel_button.setEnabled(True)
        self.pages.setCurrentIndex(1)
        self.job = session.runner.start(lambda ctx: experiment_in_project(project, dataset_id, params, ctx, out_dir),
                                       on_progress=self._on_progress, on_result=self._on_result,
                                       on_failed=self._on_failed, on_cancelled=self._on_cancelled,
                                       on_finished=self._on_finished)
        return self.job

    def _stage_text(self, stage: str) -> str:
        texts = {"scan": self.tr("Scanning the data for problems"),
                 "split": self.tr("Setting aside clean items for evaluation"),
                 "features": self.tr("Training the feature extractor for the metrics"),
                 "done": self.tr("Done")}
        for variant, name in (("dirty", self.tr("dirty data")), ("cleaned", self.tr("cleaned data")),
                              ("robust", self.tr("robust training"))):
            texts[f"train {variant}"] = self.tr("Training on %1").replace("%1", name)
            texts[f"evaluate {variant}"] = self.tr("Measuring the run on %1").replace("%1", name)
        return texts.get(stage, stage)

    def _on_progress(self, event) -> None:
        from aigc_desktop.core.evaluation.experiment import ExperimentStage, VariantEvent
        from aigc_desktop.core.training.events import EpochEnd, RunFinished, TrainingWarning

        if isinstance(event, ExperimentStage):
            self.stage_label.setText(self._stage_text(event.stage))
            if event.message:
                self.log.appendPlainText(f"[{event.stage}] {event.message}")
        if isinstance(event, Progress):
            if event.total:
                self.progress_bar.setRange(0, event.total)
                self.progress_bar.setValue(event.done)
            else:
                self.progress_bar.setRange(0, 0)
        elif isinstance(event, VariantEvent):
            inner = event.event
            if isinstance(inner, EpochEnd):
                losses = "  ".join(f"{k} {v:.4g}" for k, v in inner.losses.items())
                self.log.appendPlainText(f"[{event.variant}] epoch {inner.epoch}/{inner.epochs}  {losses}")
            elif isinstance(inner, TrainingWarning):
                self.log.appendPlainText(f"[{event.variant}] ⚠ {inner.message}")
            elif isinstance(inner, RunFinished):
                self.log.appendPlainText(f"[{event.variant}] {inner.message}")

    def _on_result(self, result) -> None:
        self.result = result
        if result is None:
            self._on_failed(self.tr("The experiment ended without a result."))
            return
        self.show_result(result)
        self.finishedExperiment.emit(result)

    def _on_failed(self, message: str) -> None:
        self.error = message
        self.stage_label.setText(self.tr("The experiment failed: %1").replace("%1", message))
        self.log.appendPlainText(message)
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.back_to_setup_later()

    def _on_cancelled(self) -> None:
        self.stage_label.setText(self.tr("Cancelled. Runs finished so far are kept in %1").replace(
            "%1", str(self.out_dir)))
        self.back_to_setup_later()

    def back_to_setup_later(self) -> None:
        self.cancel_button.setText(self.tr("Back"))
        self.cancel_button.setEnabled(True)

    def _on_finished(self) -> None:
        self.job = None

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.stage_label.setText(self.tr("Cancelling…"))
        else:
            self.cancel_button.setText(self.tr("Cancel"))
            self.pages.setCurrentIndex(0)
            self._describe_dataset()

    # ----- page 3: results -----------------------------------------------------------------
    def _results_page(self) -> QWidget:
        page = QWidget()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.summary_label.setObjectName("experimentSummary")
        self.metrics_table = QTableWidget(0, len(VARIANTS))
        self.metrics_table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.metrics_table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.metrics_table.setToolTip(self.tr("Bold: the best of the three for that metric (none on a tie)"))
        self.grids = QGridLayout()
        self.grid_labels: dict[str, QLabel] = {}
        for col, variant in enumerate(VARIANTS):
            title = QLabel(f"<b>{self._variant_title(variant)}</b>")
            title.setAlignment(Qt.AlignCenter)
            image = QLabel()
            image.setAlignment(Qt.AlignCenter)
            image.setMinimumSize(200, 200)
            self.grids.addWidget(title, 0, col)
            self.grids.addWidget(image, 1, col)
            self.grid_labels[variant] = image
        self.folder_label = QLabel()
        self.folder_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        again = QPushButton(self.tr("New Experiment"))
        again.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.folder_label, 1)
        buttons.addWidget(again)
        buttons.addWidget(close)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.metrics_table, 1)
        layout.addLayout(self.grids)
        layout.addLayout(buttons)
        return page

    def _variant_title(self, variant: str) -> str:
        return {"dirty": self.tr("Dirty (as imported)"), "cleaned": self.tr("Cleaned"),
                "robust": self.tr("Robust (down-weighted)")}.get(variant, variant)

    def show_result(self, result) -> None:
        from aigc_desktop.core.evaluation.comparison import HEADLINE, metric

        self.summary_label.setText(result.summary_text)
        variants = [v for v in VARIANTS if v in result.variants]
        self.metrics_table.setColumnCount(len(variants))
        self.metrics_table.setHorizontalHeaderLabels([self._variant_title(v) for v in variants])
        rows = [(path, label, lower, percent) for path, label, lower, percent in HEADLINE
                if any(metric(result.variants[v].metrics, path) is not None for v in variants)]
        self.metrics_table.setRowCount(len(rows) + 1)
        self.metrics_table.setVerticalHeaderLabels([self.tr("training images")] + [label for _, label, _, _ in rows])
        for col, v in enumerate(variants):
            item = QTableWidgetItem(f"{result.variants[v].n_train:,}")
            item.setTextAlignment(Qt.AlignCenter)
            item.setToolTip(result.variants[v].description)
            self.metrics_table.setItem(0, col, item)
        for row, (path, label, lower, percent) in enumerate(rows, start=1):
            values = [metric(result.variants[v].metrics, path) for v in variants]
            finite = [x for x in values if x is not None and np.isfinite(x)]
            best = (min(finite) if lower else max(finite)) if finite else None
            for col, value in enumerate(values):
                text = "–" if value is None else (f"{100 * value:.1f}%" if percent else f"{value:.4g}")
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignCenter)
                item.setToolTip(self.tr("lower is better") if lower else self.tr("higher is better"))
                if best is not None and value == best and finite.count(best) == 1:  # a tie has no winner
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.metrics_table.setItem(row, col, item)
        for variant in VARIANTS:
            label = self.grid_labels[variant]
            run = result.variants.get(variant)
            pixmap = self._last_grid(run.run_dir) if run else None
            if pixmap is None:
                label.setText(self.tr("no samples"))
            else:
                label.setPixmap(pixmap)
        self.folder_label.setText(self.tr("Saved in %1 (experiment.json, summary.md, one run folder each)")
                                  .replace("%1", result.out_dir))
        self.pages.setCurrentIndex(2)

    @staticmethod
    def _last_grid(run_dir: str):
        from PySide6.QtGui import QPixmap

        epochs = epoch_grids(run_dir)
        if not epochs:
            return None
        pixmap = QPixmap(str(Path(run_dir) / "samples" / f"epoch_{epochs[-1]:04d}.png"))
        if pixmap.isNull():
            return None
        side = 260
        return pixmap.scaled(side, side, Qt.KeepAspectRatio, Qt.FastTransformation)

    # ----- closing -------------------------------------------------------------------------
    def reject(self) -> None:
        if self.job is not None:
            self.cancel()  # closing the dialog mid-run stops the experiment rather than orphaning it
        super().reject()

    def shutdown(self) -> None:
        if self.job is not None:
            self.job.cancel()
