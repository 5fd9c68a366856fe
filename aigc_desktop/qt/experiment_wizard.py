"""The experiment wizard: the GUI of ``core/evaluation/experiment.run_experiment``.

Set up: the model, the budget, the seeds, the two versions to compare (their item counts shown;
identical data are refused), a trusted reference dataset, or a dose-response on a clean dataset.
Run: every variant for every seed as a job with progress, the feature extractor's time left, and
Cancel. Results: the experiment view (bullets, means with intervals, verdicts, sample grids and the
dose-response plot), reported as measured, whichever way it goes.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QProgressBar,
    QPushButton, QStackedWidget, QVBoxLayout, QWidget,
)

from aigc_desktop.core.evaluation.experiment import ExperimentParams
from aigc_desktop.core.jobs import Progress
from aigc_desktop.core.project import experiment_in_project
from aigc_desktop.qt.dataset_picker import version_kind
from aigc_desktop.qt.experiment_view import VARIANTS, ExperimentView, held_out_text, variant_name
from aigc_desktop.qt.i18n import fill, translate_matching
from aigc_desktop.qt.jobs import Job
from aigc_desktop.qt.run_text import finish_text, history_name
from aigc_desktop.qt.warning_text import warning_text
from aigc_desktop.qt.widgets import fit_to_screen, spin_box

# what the experiment says it is doing (core/evaluation/experiment.py), in the user's language: its
# steps, and a run's steps after "seed 0: " or "seed 0 at 0.1 dirt: "
_STEPS = tuple((re.compile(re.escape(text)), template) for text, template in (
    ("reading the clean data", QT_TRANSLATE_NOOP("ExperimentWizard", "reading the clean data")),
    ("reading the two versions and scanning them",
     QT_TRANSLATE_NOOP("ExperimentWizard", "reading the two versions and scanning them")),
    ("reading the reference data", QT_TRANSLATE_NOOP("ExperimentWizard", "reading the reference data")),
    ("training the feature extractor on trusted images",
     QT_TRANSLATE_NOOP("ExperimentWizard", "training the feature extractor on trusted images")),
    ("feature extractor ready", QT_TRANSLATE_NOOP("ExperimentWizard", "feature extractor ready")),
    ("experiment finished", QT_TRANSLATE_NOOP("ExperimentWizard", "experiment finished")),
    ("measured", QT_TRANSLATE_NOOP("ExperimentWizard", "measured")),
    ("generating and measuring samples", QT_TRANSLATE_NOOP("ExperimentWizard", "generating and measuring samples")),
)) + (
    (re.compile(r"training on (\d+) images for (\d+) optimizer steps of batch (\d+)"),
     QT_TRANSLATE_NOOP("ExperimentWizard", "training on %1 images for %2 optimizer steps of batch %3")),
    (re.compile(r"epoch (\d+) step (\d+)/(\d+)"), QT_TRANSLATE_NOOP("ExperimentWizard", "epoch %1, step %2 of %3")),
)
_SEEDED = re.compile(r"seed (\d+)(?: at (\S+) dirt)?: (.+)")
DEFAULT_PLAN = -1  # the cleaned combo's entry for "the default cleaning plan, computed"


def parse_numbers(text: str, kind=float) -> Optional[tuple]:
    """Comma-separated numbers, or None when the text is not that."""
    try:
        values = tuple(kind(v) for v in text.replace(" ", "").split(",") if v)
    except ValueError:
        return None
    return values or None


class ExperimentWizard(QDialog):
    """Three pages in one dialog: set up, run, results."""

    finishedExperiment = Signal(object)  # the ExperimentResult

    def __init__(self, session, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Dirty vs. Clean Experiment"))
        self.setModal(False)
        fit_to_screen(self, 1000, 760)
        self.job: Optional[Job] = None
        self.result: Any = None
        self.error = ""
        self.config_overrides: dict = {}  # extra TrainConfig fields (tests use narrow networks)
        self.feature_steps: Optional[int] = None  # tests shorten the feature extractor's training
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
            "<p>The same model is trained on the <b>dirty</b> data (version 0, the import), on the "
            "<b>cleaned</b> data, and on the dirty data with suspect items <b>down-weighted</b> (robust "
            "training), once per seed, every run with the same number of optimizer steps. All runs are measured "
            "against the same held-out real images; a difference is called only where its 95% interval "
            "excludes 0.</p><p>The result is reported as measured, whichever way it goes.</p>"))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.RichText)
        self.model_combo = QComboBox()
        self.model_combo.addItem(self.tr("VAE (variational autoencoder)"), "vae")
        self.model_combo.addItem(self.tr("GAN (DCGAN)"), "gan")
        self.model_combo.addItem(self.tr("Diffusion (rectified flow U-Net)"), "diffusion")
        self.model_combo.setToolTip(self.tr("The model trained in every run"))
        self.epochs_spin = spin_box(1, 500, 3, self.tr("The budget: this many passes over the dirty training set "
                                                       "fix the optimizer steps every run gets"))
        self.seeds_edit = QLineEdit("0,1,2")
        self.seeds_edit.setToolTip(self.tr("One run per seed and variant; three seeds let the intervals include "
                                           "the run-to-run noise of training"))
        self.seeds_edit.textChanged.connect(self._check_setup)
        self.samples_spin = spin_box(16, 20000, 1000, self.tr("Samples generated from each run to measure it"))
        self.conditional_check = QCheckBox(self.tr("Class-conditional (needs labels; measures label consistency)"))
        self.dirty_combo = QComboBox()
        self.dirty_combo.setToolTip(self.tr("The dirty data: version 0 (the import) unless you choose another"))
        self.cleaned_combo = QComboBox()
        self.cleaned_combo.setToolTip(self.tr("The cleaned data: the current version, or the default cleaning "
                                              "plan computed for the experiment (nothing is written)"))
        for combo in (self.dirty_combo, self.cleaned_combo):
            combo.currentIndexChanged.connect(self._check_setup)
        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        self.reference_combo = QComboBox()
        self.reference_combo.setToolTip(self.tr("Trusted images no run trains on (e.g. a test set); without one, "
                                                "a random part of the items both versions keep is held out"))
        self.plant_edit = QLineEdit()
        self.plant_edit.setPlaceholderText(self.tr("off, e.g. 0,0.1,0.3"))
        self.plant_edit.setToolTip(self.tr("Dose-response: treat this dataset as clean, plant dirt at each rate "
                                           "(0.1 = as many dirty files as 10% of the clean images) and run the "
                                           "experiment at each"))
        self.plant_edit.textChanged.connect(self._check_setup)
        form = QFormLayout()
        form.addRow(self.tr("Model:"), self.model_combo)
        form.addRow(self.tr("Budget (epochs of the dirty data):"), self.epochs_spin)
        form.addRow(self.tr("Seeds:"), self.seeds_edit)
        form.addRow(self.tr("Samples to measure:"), self.samples_spin)
        form.addRow("", self.conditional_check)
        form.addRow(self.tr("Dirty data:"), self.dirty_combo)
        form.addRow(self.tr("Cleaned data:"), self.cleaned_combo)
        form.addRow("", self.counts_label)
        form.addRow(self.tr("Measure against:"), self.reference_combo)
        form.addRow(self.tr("Plant dirt at rates:"), self.plant_edit)
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
        from aigc_desktop.core.cleaning.versions import list_versions

        session = self.session
        for combo in (self.dirty_combo, self.cleaned_combo, self.reference_combo):
            combo.blockSignals(True)
            combo.clear()
        self.versions = {}
        if session.has_dataset():
            catalog, dataset_id = session.catalog, session.dataset_id
            self.versions = {v.number: v for v in list_versions(catalog, dataset_id)}
            for number, v in self.versions.items():
                text = self.tr("version %1 (%2): %3 items").replace("%1", str(number)).replace("%2", version_kind(v.kind)) \
                    .replace("%3", f"{v.stats.get('included', 0):,}")
                self.dirty_combo.addItem(text, number)
                self.cleaned_combo.addItem(text, number)
            self.cleaned_combo.addItem(self.tr("the default cleaning plan (computed, nothing written)"), DEFAULT_PLAN)
            current = next((n for n, v in self.versions.items() if v.current), 0)
            self.dirty_combo.setCurrentIndex(max(0, self.dirty_combo.findData(0)))
            self.cleaned_combo.setCurrentIndex(self.cleaned_combo.findData(current if current != 0 else DEFAULT_PLAN))
            self.reference_combo.addItem(self.tr("a held-out part of the data"), None)
            for info in catalog.datasets():
                if info.id != dataset_id:
                    self.reference_combo.addItem(self.tr("dataset: %1").replace("%1", info.name), info.id)
        for combo in (self.dirty_combo, self.cleaned_combo, self.reference_combo):
            combo.blockSignals(False)
        if not session.has_dataset():
            self.dataset_label.setText(self.tr("Open a dataset first (File ▸ Import Dataset or Open Demo Dataset)."))
            self.start_button.setEnabled(False)
            return
        info = session.catalog.dataset(session.dataset_id)
        self.dataset_label.setText(self.tr("Dataset: %1 — the results go to %2")
                                   .replace("%1", info.name).replace("%2", str(session.project.experiments_folder)))
        self._check_setup()

    def _check_setup(self, *_args) -> Optional[str]:
        """Why the experiment cannot start as set up (also shown), or None."""
        problem = None
        planting = bool(self.plant_edit.text().strip())
        for widget in (self.dirty_combo, self.cleaned_combo):
            widget.setEnabled(not planting)
        if not self.session.has_dataset():
            problem = self.tr("Open a dataset first.")
        elif parse_numbers(self.seeds_edit.text(), int) is None:
            problem = self.tr("Seeds are whole numbers separated by commas, e.g. 0,1,2.")
        elif planting and parse_numbers(self.plant_edit.text()) is None:
            problem = self.tr("Dirt rates are numbers separated by commas, e.g. 0,0.1,0.3.")
        elif planting:
            self.counts_label.setText(self.tr("Dose-response: the dataset is taken as clean; dirt is planted into a "
                                              "copy at each rate."))
        else:
            dirty, cleaned = self.dirty_combo.currentData(), self.cleaned_combo.currentData()
            dirty_n = self.versions[dirty].stats.get("included", 0) if dirty in self.versions else 0
            if cleaned == DEFAULT_PLAN:
                self.counts_label.setText(self.tr("Dirty: %1 items. Cleaned: the default plan's count, known once "
                                                  "the data are scanned.").replace("%1", f"{dirty_n:,}"))
            else:
                stats = self.versions[cleaned].stats if cleaned in self.versions else {}
                cleaned_n = stats.get("included", 0)
                self.counts_label.setText(self.tr("Dirty: %1 items. Cleaned: %2 items.")
                                          .replace("%1", f"{dirty_n:,}").replace("%2", f"{cleaned_n:,}"))
                same_labels = stats.get("relabelled", 0) == self.versions[dirty].stats.get("relabelled", 0)
                if cleaned == dirty or (cleaned_n == dirty_n and same_labels):
                    problem = self.tr("Both sides hold %1 items with the same labels: there is nothing to compare. "
                                      "Apply a cleaning first (Cleaning tab), or choose two different versions.") \
                        .replace("%1", f"{dirty_n:,}")
        if problem:
            self.counts_label.setText(f"<span style='color:#b00020'>{problem}</span>")
        self.start_button.setEnabled(problem is None and self.job is None)
        return problem

    def params(self) -> ExperimentParams:
        planting = parse_numbers(self.plant_edit.text()) if self.plant_edit.text().strip() else ()
        reference_id = self.reference_combo.currentData()
        cleaned = self.cleaned_combo.currentData()
        extra = {} if self.feature_steps is None else {"feature_steps": self.feature_steps}
        return ExperimentParams(
            self.model_combo.currentData(), epochs=self.epochs_spin.value(),
            seeds=parse_numbers(self.seeds_edit.text(), int), conditional=self.conditional_check.isChecked(),
            n_samples=self.samples_spin.value(), config_overrides=dict(self.config_overrides),
            reference=None if reference_id is None else self.session.project.dataset(reference_id),
            plant=planting or (), dirty_version=None if planting else self.dirty_combo.currentData(),
            cleaned_version=None if planting or cleaned == DEFAULT_PLAN else cleaned, **extra)

    # ----- page 2: running -----------------------------------------------------------------
    def _run_page(self) -> QWidget:
        page = QWidget()
        self.stage_label = QLabel()
        font = QFont(self.stage_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.stage_label.setFont(font)
        self.detail_label = QLabel()
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
        layout.addWidget(self.detail_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.log, 1)
        layout.addLayout(buttons)
        return page

    def start(self) -> Optional[Job]:
        session = self.session
        if self.job is not None or self._check_setup() is not None:
            return None
        project, dataset_id = session.project, session.dataset_id
        params = self.params()
        self.out_dir = out_dir = project.new_experiment_dir(params.model)
        self.result, self.error = None, ""
        self.log.clear()
        self.progress_bar.setRange(0, 0)
        self.stage_label.setText(self.tr("Starting…"))
        self.detail_label.setText("")
        self.cancel_button.setEnabled(True)
        self.pages.setCurrentIndex(1)
        self.job = session.runner.start(lambda ctx: experiment_in_project(project, dataset_id, params, ctx, out_dir),
                                       on_progress=self._on_progress, on_result=self._on_result,
                                       on_failed=self._on_failed, on_cancelled=self._on_cancelled,
                                       on_finished=self._on_finished)
        return self.job

    def _stage_text(self, stage: str) -> str:
        texts = {"scan": self.tr("Scanning the data for problems"), "data": self.tr("Reading the data"),
                 "reference": self.tr("Reading the reference data"), "plant": self.tr("Planting dirt"),
                 "split": self.tr("Setting aside held-out images for evaluation"),
                 "features": self.tr("Training the feature extractor for the metrics"),
                 "done": self.tr("Done")}
        for variant in VARIANTS:
            texts[f"train {variant}"] = self.tr("Training on %1").replace("%1", variant_name(variant))
            texts[f"evaluate {variant}"] = self.tr("Measuring the run on %1").replace("%1", variant_name(variant))
        return texts.get(stage, stage)

    def _on_progress(self, event) -> None:
        from aigc_desktop.core.evaluation.experiment import ExperimentStage, VariantEvent
        from aigc_desktop.core.evaluation.features import FeatureProgress
        from aigc_desktop.core.training.events import EpochEnd, RunFinished, TrainingWarning

        if isinstance(event, (ExperimentStage, FeatureProgress)):
            self.stage_label.setText(self._stage_text(event.stage))
            if isinstance(event, FeatureProgress):
                self.detail_label.setText(self.tr("Epoch %1 of %2, about %3 s left")
                                          .replace("%1", str(event.epoch)).replace("%2", str(event.epochs))
                                          .replace("%3", f"{event.eta_s:.0f}"))
            else:
                self.detail_label.setText(self.step_text(event.message))
            if isinstance(event, ExperimentStage) and event.message and event.done == 0:
                self.log.appendPlainText(f"[{self._stage_text(event.stage)}] {self.step_text(event.message)}")
        if isinstance(event, Progress):
            if event.total:
                self.progress_bar.setRange(0, event.total)
                self.progress_bar.setValue(event.done)
            else:
                self.progress_bar.setRange(0, 0)
        elif isinstance(event, VariantEvent):
            inner = event.event
            where = fill(self.tr("%1, seed %2") if event.rate is None else self.tr("%1, seed %2, dirt rate %3"),
                         variant_name(event.variant), str(event.seed), "" if event.rate is None else f"{event.rate:g}")
            if isinstance(inner, EpochEnd):
                losses = " · ".join(f"{history_name(k)} {v:.4g}" for k, v in inner.losses.items())
                self.log.appendPlainText(fill(self.tr("[%1] epoch %2/%3: %4"), where, str(inner.epoch),
                                              str(inner.epochs), losses))
            elif isinstance(inner, TrainingWarning):
                self.log.appendPlainText(f"[{where}] ⚠ {warning_text(inner.message)}")
            elif isinstance(inner, RunFinished):
                self.log.appendPlainText(f"[{where}] {finish_text(inner.message)}")

    @staticmethod
    def step_text(message: str) -> str:
        """What the experiment says it is doing, in the user's language (a run's step after its seed
        and dirt rate; the held-out images as the core describes them); another form is shown as it is."""
        seeded = _SEEDED.fullmatch(message)
        if seeded:
            seed, rate, step = seeded.groups()
            said = translate_matching(step, _STEPS, "ExperimentWizard")
            if said is None:
                return message
            where = (QCoreApplication.translate("ExperimentWizard", "seed %1").replace("%1", seed) if rate is None
                     else fill(QCoreApplication.translate("ExperimentWizard", "seed %1 at %2 dirt"), seed, rate))
            return fill(QCoreApplication.translate("ExperimentWizard", "%1: %2"), where, said)
        return translate_matching(message, _STEPS, "ExperimentWizard") or held_out_text(message)

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
        self.view = ExperimentView()
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
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        return page

    def show_result(self, result) -> None:
        import json

        self.view.show_data(json.loads(json.dumps(result.to_dict(), default=float)))
        self.folder_label.setText(self.tr("Saved in %1 (experiment.json, summary.md, one run folder each)")
                                  .replace("%1", result.out_dir))
        self.pages.setCurrentIndex(2)

    # ----- closing -------------------------------------------------------------------------
    def reject(self) -> None:
        if self.job is not None:
            self.cancel()  # closing the dialog mid-run stops the experiment rather than orphaning it
        super().reject()

    def shutdown(self) -> None:
        if self.job is not None:
            self.job.cancel()
