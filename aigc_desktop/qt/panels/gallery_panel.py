"""The Gallery: generated samples per run and epoch, more samples on demand, latent interpolation,
a diffusion model's guidance, steps and denoising trajectory, a VAE's reconstructions and latent
plane, compare runs, export with provenance.

Nothing here blocks: listing the runs, their grids, metrics and the experiments (:func:`read_listing`)
and everything that needs torch (sampling, decoding, reconstructing, exporting; ``core/training/sampling``)
run as jobs of the window's JobRunner, and a grid's tiles are scaled by the job that read or drew them.
Torch is first imported when the user asks for one of those, never when the window appears.

Longer than most modules on purpose: the tabs share the chosen run, its samples and the actions on
them; the latent explorer and Compare Runs, which stand alone, have modules of their own.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QHBoxLayout, QLabel, QListView, QProgressBar,
    QPushButton, QSlider, QSpinBox, QStackedWidget, QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from aigc_desktop.core.training import sampling
from aigc_desktop.core.training.config import guided
from aigc_desktop.core.training.runs import RunInfo
from aigc_desktop.qt.jobs import Job
from aigc_desktop.qt.models.sample_grid_model import Sample, SampleGridModel, prepare_previews
from aigc_desktop.qt.panels.base import Panel
from aigc_desktop.qt.panels.compare_runs import CompareRuns, saved_metrics
from aigc_desktop.qt.panels.latent_explorer import LatentExplorer
from aigc_desktop.qt.reveal import RevealLabel
from aigc_desktop.qt.run_text import model_name, run_status
from aigc_desktop.qt.widgets import button, fit_combo_to_entries, spin_box, wrap_to_layout, wrapping_label

GENERATED = -1  # the "show" combo's entry for this session's generated samples


@dataclass
class GalleryListing:
    """What the Gallery shows of a project, read by a job: runs newest first, the epochs of each run's
    saved grids, each run's saved metrics, and the experiments (folder, experiment.json) newest first."""

    project: Optional[str]
    runs: list = field(default_factory=list)
    grids: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)
    experiments: list = field(default_factory=list)

    @classmethod
    def empty(cls) -> "GalleryListing":
        return cls(None)


def read_listing(project, ctx=None) -> GalleryListing:
    """A job's work: every file the Gallery's lists need (JSON, folder listings), off the GUI thread."""
    from aigc_desktop.qt.experiment_view import read_experiment

    runs = list(reversed(project.runs()))
    experiments = [(str(f), data) for f in reversed(project.experiments()) if (data := read_experiment(f)) is not None]
    return GalleryListing(str(project.path), runs, {r.run_dir: sampling.epoch_grids(r.run_dir) for r in runs},
                          {r.run_dir: saved_metrics(r.run_dir) for r in runs}, experiments)


def sample_view(model: SampleGridModel, strip: bool = False) -> QListView:
    """A virtualised icon grid (or one horizontal strip) over ``model``."""
    view = QListView()
    view.setModel(model)
    view.setViewMode(QListView.IconMode)
    view.setMovement(QListView.Static)
    view.setResizeMode(QListView.Adjust)
    view.setUniformItemSizes(True)  # lets the view lay out 100k items without asking each one
    view.setLayoutMode(QListView.Batched)
    view.setSpacing(2)
    view.setSelectionMode(QAbstractItemView.ExtendedSelection)
    view.setIconSize(QSize(model.icon_side, model.icon_side))
    if strip:
        view.setFlow(QListView.LeftToRight)
        view.setWrapping(False)
        view.setFixedHeight(model.icon_side + 40)
    return view


class _CtrlWheelZoom(QObject):
    """Ctrl+wheel over a grid moves the zoom slider, like image viewers do."""

    def __init__(self, slider: QSlider) -> None:
        super().__init__(slider)
        self.slider = slider

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Wheel and event.modifiers() & Qt.ControlModifier:
            steps = event.angleDelta().y() / 120
            self.slider.setValue(int(self.slider.value() + steps * 16))
            return True
        return False


class GalleryPanel(Panel):
    """Samples of the project's runs, their latent space, reconstructions and comparison."""

    key = icon_name = "gallery"

    samplesChanged = Signal()  # the grid's contents changed (tests and the self-test wait on it)
    runsRefreshed = Signal()  # the runs and experiments were read again and shown
    interpolated = Signal()
    trajectoryShown = Signal()
    reconstructed = Signal()
    exported = Signal(list)  # paths written

    def __init__(self, session) -> None:
        super().__init__(session)
        self.runs: list[RunInfo] = []
        self._generated: dict[str, list[Sample]] = {}  # run_dir -> this session's generated samples
        self._jobs: set[Job] = set()
        self._listing: Optional[GalleryListing] = None  # what the panel shows
        self._grids: dict[str, list[int]] = {}  # run_dir -> epochs with a saved grid, as last listed
        self._experiments: dict[str, Optional[dict]] = {}  # folder -> experiment.json, as last listed
        self._explorer_stale = True  # the latent plane shows another run than the chosen one
        self.wizard = None  # the experiment wizard, once opened
        self._needs_refresh = True
        self.last_error = ""

        self.model = SampleGridModel(self)
        self.strip_model = SampleGridModel(self, icon_side=72)
        self.recon_model = SampleGridModel(self, icon_side=96)
        self._build()

    def title(self) -> str:
        return self.tr("Gallery")

    def on_dataset_changed(self, dataset_id: int) -> None:
        self._update_actions()

    # ----- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        self.run_combo = QComboBox()
        self.run_combo.setMinimumContentsLength(28)
        self.run_combo.setToolTip(self.tr("The training run whose samples are shown"))
        self.run_combo.currentIndexChanged.connect(self._on_run_changed)
        self.show_combo = QComboBox()
        self.show_combo.setToolTip(self.tr("The fixed-noise grid the trainer saved after each epoch, "
                                           "or the samples generated here"))
        self.show_combo.currentIndexChanged.connect(self._on_show_changed)
        self.refresh_button = QToolButton()
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Look for new runs and epochs (F5)"))
        self.refresh_button.setShortcut(QKeySequence(Qt.Key_F5))
        self.refresh_button.clicked.connect(lambda: self.refresh_runs())
        self.experiment_button = QPushButton(self.tr("Dirty vs. Clean Experiment…"))
        self.experiment_button.setToolTip(self.tr("Train the same model on the dirty and the cleaned data "
                                                  "with the same seed and budget, and measure both"))
        self.experiment_button.clicked.connect(self.open_experiment_wizard)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Run:")))
        top.addWidget(self.run_combo, 3)  # the run's name, model, epochs and status, uncut
        top.addWidget(QLabel(self.tr("Show:")))
        top.addWidget(self.show_combo, 1)
        top.addWidget(self.refresh_button)
        top.addSpacing(12)
        top.addWidget(self.experiment_button)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_samples_tab(), self.tr("Samples"))
        self.explorer = LatentExplorer(self.session.runner)
        self.tabs.addTab(self._build_latent_tab(), self.tr("Latent Space"))
        self.tabs.addTab(self._build_recon_tab(), self.tr("Reconstructions"))
        self.compare = CompareRuns(self.session)
        self.tabs.addTab(self.compare, self.tr("Compare Runs"))
        self.tabs.addTab(self._build_experiments_tab(), self.tr("Experiments"))
        self.tabs.currentChanged.connect(self._on_tab_changed)

        self.no_runs_text = self.tr("No training runs in this project yet.\n\nTrain a VAE, GAN or diffusion model in "
                                    "the Training tab: its samples, epoch by epoch, appear here.")
        self.empty = QLabel(self.no_runs_text)
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setObjectName("emptyHint")
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.tabs, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(content)
        self.status = wrap_to_layout(RevealLabel(lambda text: self.session.show_status(text, 8000)))
        self.status.setObjectName("galleryStatus")
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.progress)
        footer.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(footer)

    def _build_experiments_tab(self) -> QWidget:
        """The project's experiments, each shown as its result: bullets, table, grids, dose-response plot."""
        from aigc_desktop.qt.experiment_view import ExperimentView

        self.experiment_combo = QComboBox()
        self.experiment_combo.setToolTip(self.tr("The experiments of this project, newest first (the wizard's and "
                                                 "those run with 'aigc experiment' into the project's folder)"))
        self.experiment_combo.currentIndexChanged.connect(self._show_experiment)
        self.experiment_view = ExperimentView()
        self.experiments_empty = QLabel(self.tr("No experiments in this project yet: run one with the Dirty vs. "
                                                "Clean Experiment button above."))
        self.experiments_empty.setObjectName("emptyHint")
        tab = QWidget()
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Experiment:")))
        row.addWidget(self.experiment_combo, 1)
        layout.addLayout(row)
        layout.addWidget(self.experiments_empty)
        layout.addWidget(self.experiment_view, 1)
        return tab

    def refresh_experiments(self, select: Optional[str] = None) -> None:
        """Re-read the project's experiments (and its runs) off the GUI thread; ``select`` is shown then."""
        self.refresh_runs(select_experiment=select)

    def _fill_experiments(self, experiments: list, select: Optional[str] = None) -> None:
        """``experiments``: (folder, experiment.json) of the project, newest first, as the listing read them."""
        self._experiments = dict(experiments)
        current = select or self.experiment_combo.currentData()
        self.experiment_combo.blockSignals(True)
        self.experiment_combo.clear()
        for folder, _data in experiments:
            self.experiment_combo.addItem(Path(folder).name, folder)
        index = self.experiment_combo.findData(str(current)) if current else -1
        self.experiment_combo.setCurrentIndex(max(0, index) if experiments else -1)
        self.experiment_combo.blockSignals(False)
        self.experiments_empty.setVisible(not experiments)
        self.experiment_view.setVisible(bool(experiments))
        self._show_experiment()

    def _show_experiment(self, *_args) -> None:
        folder = self.experiment_combo.currentData()
        if folder and self._experiments.get(folder) is not None:
            self.experiment_view.show_data(self._experiments[folder])
        elif folder:
            self.experiment_view.show_folder(folder)
        else:
            self.experiment_view.clear()

    def _build_samples_tab(self) -> QWidget:
        self.count_spin = spin_box(1, 4096, 64, self.tr("How many samples to generate"))
        self.seed_spin = spin_box(0, 2**31 - 1, tip=self.tr("The noise seed: the same seed gives the same samples"))
        self.seed_spin.setMaximumWidth(84)  # room for 8 digits; the row must fit a 1024-pixel window
        self.class_combo = QComboBox()
        self.class_combo.setToolTip(self.tr("For a class-conditional model: generate this class only"))
        self.class_combo.currentIndexChanged.connect(self._on_class_changed)
        self.generate_button = button(self.tr("Generate"), self.generate,
                                      self.tr("Generate N more samples with this seed (Ctrl+G)"), "Ctrl+G")
        self.steps_spin = spin_box(3, 32, 8, self.tr("Images in the interpolation strip, ends included"))
        self.interpolate_button = button(self.tr("Interpolate"), self.interpolate,
                                         self.tr("Select two samples, then decode the path between their "
                                                 "latent codes (Ctrl+L)"), "Ctrl+L")
        self.export_button = button(self.tr("Export…"), self.choose_export_folder,
                                    self.tr("Save the selected samples as PNG files that record their run, "
                                            "checkpoint, seed and latent code (Ctrl+E)"), "Ctrl+E")
        self.badge_check = QCheckBox(self.tr("AI badge"))
        self.badge_check.setToolTip(self.tr("Also stamp a small visible \"AI\" mark in the corner of each "
                                            "exported image"))
        self.zoom_slider = QSlider(Qt.Horizontal)
        self.zoom_slider.setRange(32, 256)
        self.zoom_slider.setValue(self.model.icon_side)
        self.zoom_slider.setMinimumWidth(48)  # never only its handle
        self.zoom_slider.setMaximumWidth(160)
        self.zoom_slider.setToolTip(self.tr("Sample size (Ctrl+wheel over the grid)"))
        self.zoom_slider.valueChanged.connect(self.set_zoom)
        self._build_sampler_controls()

        controls = QHBoxLayout()
        for text, widget in ((self.tr("N:"), self.count_spin), (self.tr("Seed:"), self.seed_spin),
                             (self.tr("Class:"), self.class_combo)):
            controls.addWidget(QLabel(text))
            controls.addWidget(widget)
        controls.addWidget(self.generate_button)
        controls.addSpacing(8)
        controls.addWidget(QLabel(self.tr("Steps:")))
        controls.addWidget(self.steps_spin)
        controls.addWidget(self.interpolate_button)
        controls.addStretch(1)
        # a second row: in one, the controls need more than a 1024-pixel window with some styles and
        # fonts (a class combo wide enough for "All classes (cycled)" and every button's text whole)
        output = QHBoxLayout()
        output.addWidget(self.export_button)
        output.addWidget(self.badge_check)
        output.addStretch(1)
        output.addWidget(QLabel(self.tr("Zoom:")))
        output.addWidget(self.zoom_slider)

        self.grid = sample_view(self.model)
        self.grid.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self._zoom_filter = _CtrlWheelZoom(self.zoom_slider)
        self.grid.viewport().installEventFilter(self._zoom_filter)
        self.strip_title = QLabel()
        self.strip = sample_view(self.strip_model, strip=True)
        self.strip_box = QWidget()
        strip_layout = QVBoxLayout(self.strip_box)
        strip_layout.setContentsMargins(0, 0, 0, 0)
        strip_layout.addWidget(self.strip_title)
        strip_layout.addWidget(self.strip)
        self.strip_box.hide()

        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(controls)
        layout.addLayout(output)
        layout.addWidget(self.sampler_box)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.strip_box)
        return tab

    def _build_sampler_controls(self) -> None:
        """A diffusion model's sampler settings, its trajectory button, and the progress of any sampling."""
        self.guidance_spin = QDoubleSpinBox()
        self.guidance_spin.setRange(0.0, 20.0)
        self.guidance_spin.setSingleStep(0.5)
        self.guidance_spin.setDecimals(1)
        self.guidance_spin.setToolTip(self.tr("Classifier-free guidance scale towards the class (an unconditional "
                                              "model: towards a cluster of its training images, drawn from the "
                                              "noise): 0 is unconditional, 1 the plain conditional model, higher "
                                              "follows it more closely with less variety"))
        self.denoise_spin = QSpinBox()
        self.denoise_spin.setRange(1, 1000)
        self.denoise_spin.setToolTip(self.tr("Denoising steps per sample: more are slower and a little finer"))
        self.trajectory_button = QPushButton(self.tr("Denoising Trajectory"))
        self.trajectory_button.setShortcut(QKeySequence("Ctrl+T"))
        self.trajectory_button.setToolTip(self.tr("Select one sample, then show how it emerged from its noise, "
                                                  "step by step (Ctrl+T)"))
        self.trajectory_button.clicked.connect(self.show_trajectory)
        self.sampler_box = QWidget()
        row = QHBoxLayout(self.sampler_box)
        row.setContentsMargins(0, 0, 0, 0)
        for text, widget in ((self.tr("Guidance:"), self.guidance_spin), (self.tr("Denoising steps:"), self.denoise_spin)):
            row.addWidget(QLabel(text))
            row.addWidget(widget)
        row.addWidget(self.trajectory_button)
        row.addStretch(1)
        self.sampler_box.hide()

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setShortcut(QKeySequence(Qt.Key_Escape))
        self.cancel_button.setToolTip(self.tr("Stop sampling (Esc)"))
        self.cancel_button.hide()

    def _sampler_request(self) -> dict:
        """The Gallery's guidance and steps for a diffusion run; nothing for the other models."""
        run = self.current_run()
        if run is None or run.config.model != "diffusion":
            return {}
        guidance = self.guidance_spin.value() if guided(run.config) else None
        return {"guidance": guidance, "steps": self.denoise_spin.value()}

    def _build_latent_tab(self) -> QWidget:
        self.latent_hint = wrapping_label()
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.latent_hint)
        layout.addWidget(self.explorer, 1)
        return tab

    def _build_recon_tab(self) -> QWidget:
        self.recon_count = QSpinBox()
        self.recon_count.setRange(1, 256)
        self.recon_count.setValue(24)
        self.recon_count.setToolTip(self.tr("How many random dataset items to reconstruct"))
        self.recon_button = QPushButton(self.tr("Reconstruct Random Items"))
        self.recon_button.setToolTip(self.tr("Encode random included items of the current dataset and decode "
                                             "them again: each tile is the input (left) beside its "
                                             "reconstruction (right)"))
        self.recon_button.clicked.connect(self.reconstruct)
        self.recon_hint = wrapping_label()
        self.recon_view = sample_view(self.recon_model)
        self.recon_view.setIconSize(QSize(2 * self.recon_model.icon_side + 8, self.recon_model.icon_side))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Items:")))
        row.addWidget(self.recon_count)
        row.addWidget(self.recon_button)
        row.addWidget(self.recon_hint, 1)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(row)
        layout.addWidget(self.recon_view, 1)
        return tab

    # ----- runs ----------------------------------------------------------------------------
    def current_run(self) -> Optional[RunInfo]:
        i = self.run_combo.currentIndex()
        return self.runs[i] if 0 <= i < len(self.runs) else None


    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh_runs()  # runs appear while training elsewhere: look again whenever the tab is shown

    def on_project_changed(self) -> None:
        self._generated.clear()
        self.model.clear()
        self.strip_model.clear()
        self.recon_model.clear()
        self.strip_box.hide()
        self._listing = None
        self._show_listing(GalleryListing(self.session.project_path))  # no run of the previous project stays
        if self.refresh_runs() is not None:
            self.empty.setText(self.tr("Reading this project's runs…"))  # not "no runs" before they are read

    @Slot()
    def refresh_runs(self, select_experiment: Optional[str] = None) -> Optional[Job]:
        """Re-read the project's runs, their grids and metrics and its experiments in a job (the newest
        request wins); the run combo, Compare Runs and the experiments fill when it is done."""
        project = self.session.project
        if project is None:
            self._show_listing(GalleryListing.empty(), select_experiment)
            return None
        return self.session.runner.start(lambda ctx: read_listing(project, ctx),
                                         on_result=lambda listing: self._show_listing(listing, select_experiment),
                                         on_failed=self._on_listing_failed, latest_wins=True, key=self._show_listing)

    def _on_listing_failed(self, message: str) -> None:
        self.empty.setText(self.no_runs_text)
        self._on_failed(message)

    def is_refreshing(self) -> bool:
        """The runs are being read (the combo shows the previous listing meanwhile)."""
        return self.session.runner.is_running(self._show_listing)

    def _show_listing(self, listing: "GalleryListing", select_experiment: Optional[str] = None) -> None:
        if listing.project != self.session.project_path:
            return  # read for a project closed meanwhile
        self.empty.setText(self.no_runs_text)  # the runs are read now, whatever they are
        if listing == self._listing and select_experiment is None:
            self.runsRefreshed.emit()  # nothing changed on disk: the grid on screen stays as it is
            return
        self._listing = listing
        runs = listing.runs  # newest first: usually the one just trained
        current = self.current_run().run_dir if self.current_run() else None
        self.runs = runs
        self._grids = listing.grids
        self.run_combo.blockSignals(True)
        self.run_combo.clear()
        for run in runs:
            text = self.tr("%1 — %2, %3 epochs, %4").replace("%1", run.name) \
                .replace("%2", model_name(run.config.model)).replace("%3", str(run.epochs_done)) \
                .replace("%4", run_status(run.status))
            self.run_combo.addItem(text, run.run_dir)
        index = next((i for i, r in enumerate(runs) if r.run_dir == current), 0)
        self.run_combo.setCurrentIndex(index if runs else -1)
        self.run_combo.blockSignals(False)
        self.stack.setCurrentIndex(1 if runs else 0)
        self.compare.set_runs(list(reversed(runs)), listing.metrics)
        self._fill_experiments(listing.experiments, select_experiment)
        self._on_run_changed(preserve_show=current is not None and runs and runs[index].run_dir == current)
        self.runsRefreshed.emit()

    def select_run(self, run_dir: str) -> bool:
        for i, run in enumerate(self.runs):
            if Path(run.run_dir) == Path(run_dir):
                self.run_combo.setCurrentIndex(i)
                return True
        return False

    def _on_run_changed(self, *_args, preserve_show: bool = False) -> None:
        run = self.current_run()
        shown = self.show_combo.currentData()
        self.show_combo.blockSignals(True)
        self.show_combo.clear()
        self.class_combo.blockSignals(True)
        self.class_combo.clear()
        if run is not None:
            for epoch in reversed(self._grids.get(run.run_dir, [])):
                self.show_combo.addItem(self.tr("Epoch %1 grid").replace("%1", str(epoch)), epoch)
            self.show_combo.insertItem(0, self.tr("Generated here"), GENERATED)
            default = 1 if self.show_combo.count() > 1 and not self._generated.get(run.run_dir) else 0
            index = self.show_combo.findData(shown) if preserve_show else -1
            self.show_combo.setCurrentIndex(index if index >= 0 else default)
            if run.config.conditional:
                self.class_combo.addItem(self.tr("All classes (cycled)"), None)
                names = run.class_names or [str(i) for i in range(run.config.n_classes)]
                for i, name in enumerate(names):
                    self.class_combo.addItem(str(name), i)
            else:
                self.class_combo.addItem(self.tr("— (unconditional)"), None)
        self.class_combo.setEnabled(run is not None and run.config.conditional)
        fit_combo_to_entries(self.class_combo)  # "— (unconditional)" or a class name, uncut
        self.class_combo.blockSignals(False)
        diffusion = run is not None and run.config.model == "diffusion"
        self.sampler_box.setVisible(diffusion)
        if diffusion:
            # a self-conditioned run is guided towards clusters of its images, never offered as classes
            self.guidance_spin.setValue(run.config.guidance if guided(run.config) else 0.0)
            self.guidance_spin.setEnabled(guided(run.config))
            self.denoise_spin.setValue(run.config.sampler_steps)
        self.show_combo.blockSignals(False)
        self._on_show_changed()
        self._update_vae_tabs()
        self._update_actions()

    def _update_vae_tabs(self) -> None:
        run = self.current_run()
        is_vae = run is not None and run.config.model == "vae" and run.has_checkpoint
        if run is None:
            message = self.tr("Choose a run.")
        elif run.config.model != "vae":
            message = self.tr("Only a VAE has a latent space with an encoder and a prior to explore; this run "
                              "is a %1. Use Interpolate in the Samples tab to walk its noise space.") \
                .replace("%1", model_name(run.config.model))
        elif not run.has_checkpoint:
            message = self.tr("This run has no checkpoint yet.")
        else:
            message = ""
        self.latent_hint.setText(message)
        self.latent_hint.setVisible(bool(message))
        self.recon_hint.setText(message)
        self.recon_button.setEnabled(is_vae and self.session.dataset_id is not None)
        self._explorer_stale = True
        self.explorer.setEnabled(is_vae)
        if self.tabs.currentIndex() == 1:
            self._sync_explorer()
        self.recon_model.clear()

    def _sync_explorer(self) -> None:
        run = self.current_run()
        if not self._explorer_stale:
            return
        self._explorer_stale = False
        if run is not None and run.config.model == "vae" and run.has_checkpoint:
            self.explorer.set_run(run.run_dir, run.config.latent_dim, self.class_combo.currentData())
        else:
            self.explorer.set_run(None)

    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        self._say("")  # a message about one tab's work means nothing on the next
        if index == 1:
            self._sync_explorer()  # decoding starts only when the plane is looked at

    @Slot()
    def _on_class_changed(self) -> None:
        if self.tabs.currentIndex() == 1 and self.explorer.run_dir:
            self.explorer.set_label(self.class_combo.currentData())
        else:
            self._explorer_stale = True

    @Slot()
    def _on_show_changed(self, *_args) -> None:
        run = self.current_run()
        shown = self.show_combo.currentData()
        self.session.runner.cancel(self._on_grid_loaded)  # a grid still being read is not shown any more
        if run is None:
            self.model.clear()
            return
        if shown == GENERATED or shown is None:
            self.model.set_samples(self._generated.get(run.run_dir, []))
            if not self._generated.get(run.run_dir):
                self._say(self.tr("Press Generate to draw new samples from this run."))
            self.samplesChanged.emit()
        else:
            run_dir, epoch = run.run_dir, int(shown)
            self._start(self._previewed(lambda ctx: sampling.load_epoch_grid(run_dir, epoch)), self._on_grid_loaded,
                        latest_wins=True)

    def _previewed(self, work):
        """A job doing ``work(ctx)`` (a list of samples, or a job yielding progress and returning them)
        that also scales their tiles for the grid, off the GUI thread; it returns (samples, previews)."""
        side = self.model.icon_side

        def job(ctx):
            out = work(ctx)
            samples = (yield from out) if inspect.isgenerator(out) else out
            return samples, prepare_previews(samples, side)

        return job

    def _on_grid_loaded(self, loaded: tuple) -> None:
        samples, previews = loaded
        self.model.set_samples(samples, previews)
        self._say(self.tr("%1 fixed-noise samples of epoch %2 (the same noise every epoch, so epochs compare).")
                  .replace("%1", str(len(samples))).replace("%2", str(self.show_combo.currentData())))
        self.samplesChanged.emit()

    # ----- actions -------------------------------------------------------------------------
    def generated(self, run_dir: str) -> list[Sample]:
        """The samples generated from a run in this session, oldest first."""
        return list(self._generated.get(run_dir, []))

    def selected_samples(self) -> list[Sample]:
        rows = sorted(i.row() for i in self.grid.selectionModel().selectedIndexes())
        return [self.model.sample(r) for r in rows]

    def _update_actions(self) -> None:
        run = self.current_run()
        ready = run is not None and run.has_checkpoint
        self.generate_button.setEnabled(ready)
        self.interpolate_button.setEnabled(ready and len(self.selected_samples()) == 2)
        self.trajectory_button.setEnabled(ready and run.config.model == "diffusion"
                                          and len(self.selected_samples()) == 1)
        self.export_button.setEnabled(bool(self.selected_samples()) or bool(self.strip_model.rowCount()))
        self.recon_button.setEnabled(ready and run.config.model == "vae" and self.session.dataset_id is not None)

    def set_zoom(self, side: int) -> None:
        self.model.set_icon_side(side)
        self.grid.setIconSize(QSize(side, side))
        self.recon_model.set_icon_side(side)
        self.recon_view.setIconSize(QSize(2 * side + 8, side))  # input | reconstruction tiles are wide
        if self.zoom_slider.value() != side:
            self.zoom_slider.setValue(side)

    def generate(self) -> Optional[Job]:
        run = self.current_run()
        if run is None:
            return None
        run_dir, n, seed, label = run.run_dir, self.count_spin.value(), self.seed_spin.value(), \
            self.class_combo.currentData()
        self._say(self.tr("Generating %1 samples…").replace("%1", str(n)))
        self.generate_button.setEnabled(False)
        sampler = self._sampler_request()
        return self._start(self._previewed(lambda ctx: sampling.generate(run_dir, n, seed, ctx, label=label, **sampler)),
                           self._on_generated, show_progress=True)

    def _on_generated(self, generated: tuple) -> None:
        samples, previews = generated
        if not samples:
            return
        self.model.add_previews(previews)
        run_dir = samples[0].run_dir
        batch = self._generated.setdefault(run_dir, [])
        for s in samples:
            s.index = len(batch)
            batch.append(s)
        run = self.current_run()
        if run is None or run.run_dir != run_dir:
            return
        if self.show_combo.currentData() != GENERATED:
            self.show_combo.setCurrentIndex(self.show_combo.findData(GENERATED))  # shows the whole batch
        else:
            self.model.append(samples)
            self.samplesChanged.emit()
        self.grid.scrollToBottom()
        self.seed_spin.setValue(self.seed_spin.value() + 1)  # the next press gives new samples, not copies
        self._say(self.tr("Generated %1 samples with seed %2.").replace("%1", str(len(samples)))
                  .replace("%2", str(samples[0].seed)))

    def interpolate(self) -> Optional[Job]:
        picked = self.selected_samples()
        if len(picked) != 2:
            self._say(self.tr("Select exactly two samples (Ctrl+click) to interpolate between."))
            return None
        a, b = picked
        if a.label != b.label and a.label is not None:
            self._say(self.tr("The two samples are of different classes: the path keeps the first one's class."))
        self._pair = (a, b)
        steps = self.steps_spin.value()
        return self._start(lambda ctx: sampling.interpolate(a, b, ctx, steps), self._on_interpolated,
                           show_progress=True)

    def _on_interpolated(self, samples: list) -> None:
        a, b = self._pair
        self.strip_model.set_samples(samples)
        self.strip_title.setText(self.tr("Interpolation from #%1 to #%2 (spherical, %3 steps)")
                                 .replace("%1", str(a.index + 1)).replace("%2", str(b.index + 1))
                                 .replace("%3", str(len(samples))))
        self.strip_box.show()
        self._update_actions()
        self.interpolated.emit()

    def show_trajectory(self) -> Optional[Job]:
        picked = self.selected_samples()
        if len(picked) != 1:
            self._say(self.tr("Select one sample to see how it was denoised."))
            return None
        sample, sampler, frames = picked[0], self._sampler_request(), self.steps_spin.value()
        self._say(self.tr("Denoising sample #%1 step by step…").replace("%1", str(sample.index + 1)))
        return self._start(lambda ctx: sampling.trajectory(sample, ctx, frames, **sampler), self._on_trajectory,
                           show_progress=True)

    def _on_trajectory(self, frames: list) -> None:
        self.strip_model.set_samples(frames)
        self.strip_title.setText(self.tr("Denoising trajectory of #%1: from its noise (left) to the image (right), "
                                         "%2 frames over %3 steps").replace("%1", str(frames[-1].index + 1))
                                 .replace("%2", str(len(frames)))
                                 .replace("%3", str(frames[-1].sampler["trajectory_step"])))
        self.strip_box.show()
        self._say("")
        self._update_actions()
        self.trajectoryShown.emit()

    def reconstruct(self) -> Optional[Job]:
        run = self.current_run()
        if run is None or not self.session.has_dataset():
            return None
        self.recon_button.setEnabled(False)
        self._say(self.tr("Reconstructing random items…"))
        project, dataset_id, run_dir = self.session.project, self.session.dataset_id, run.run_dir
        n, seed = self.recon_count.value(), self.seed_spin.value()

        def job(ctx):
            with project.open(read_only=True) as catalog:
                return (yield from sampling.reconstruct(catalog, dataset_id, run_dir, ctx, n=n, seed=seed))

        return self._start(job, self._on_reconstructed)

    def _on_reconstructed(self, samples: list) -> None:
        self.recon_model.set_samples(samples)
        self._say(self.tr("%1 items: each tile is the input (left) beside the VAE's reconstruction (right).")
                  .replace("%1", str(len(samples))))
        self.reconstructed.emit()

    def choose_export_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export Samples To"), str(Path.home()))
        if folder:
            self.export_selected(folder)

    def export_selected(self, folder: str) -> Optional[Job]:
        """Export the selected samples (or, with none selected, the interpolation strip)."""
        samples = self.selected_samples() or self.strip_model.samples()
        if not samples:
            self._say(self.tr("Select the samples to export first."))
            return None
        run = self.current_run()
        prefix = f"{run.name}" if run else "sample"
        badge = self.badge_check.isChecked()
        project = self.session.project

        def job(ctx):
            from aigc_desktop.core.guards import protected_dataset

            # never into the project's datasets (nor the runs and data the samples come from)
            protect = protected_dataset(project.path) if project is not None else None
            return (yield from sampling.export_samples(samples, folder, ctx, prefix, badge, protect))

        return self._start(job, self._on_exported)

    def _on_exported(self, paths: list) -> None:
        folder = str(Path(paths[0]).parent) if paths else ""
        text = self.tr("Exported %1 PNG files with provenance to %2").replace("%1", str(len(paths))) \
            .replace("%2", folder)
        if paths:
            self.status.show_result(text, paths[0])  # the folder opens with the first file selected
        else:
            self._say(text)
        self.exported.emit(paths)

    def open_experiment_wizard(self) -> None:
        from aigc_desktop.qt.experiment_wizard import ExperimentWizard

        self.wizard = ExperimentWizard(self.session, self)
        self.wizard.finishedExperiment.connect(lambda result: self.refresh_runs(select_experiment=result.out_dir))
        self.wizard.open()

    # ----- jobs ----------------------------------------------------------------------------
    def _start(self, job, on_result, latest_wins: bool = False, show_progress: bool = False) -> Optional[Job]:
        """Run ``job`` off the GUI thread; with ``show_progress``, its bar (denoising steps) and Cancel show."""
        bars = dict(progress_bar=self.progress, cancel_button=self.cancel_button) if show_progress else {}
        handle = self.session.runner.start(job, on_result=on_result, on_failed=self._on_failed,
                                          on_cancelled=lambda: self._say(self.tr("Cancelled.")),
                                          on_finished=self._update_actions, latest_wins=latest_wins, **bars)
        self._jobs = {j for j in self._jobs if j.running}
        if handle is not None:
            self._jobs.add(handle)
        return handle

    def _on_failed(self, message: str) -> None:
        self.last_error = message
        self._say(message)
        self.session.show_status(message, 10000)

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def busy(self) -> bool:
        return any(job.running for job in self._jobs) or bool(self.compare._evaluating) or self.is_refreshing()

    def shutdown(self) -> None:
        for job in list(self._jobs):
            job.cancel()
        self.compare.shutdown()
        if self.wizard is not None:
            self.wizard.shutdown()


if __name__ == "__main__":  # a look at the panel alone, on the demo project
    import sys

    from aigc_desktop.qt.app import create_app
    from aigc_desktop.qt.main_window import MainWindow

    app = create_app()
    main = MainWindow(probe_device=False)
    main.show()
    main.open_demo()
    index = list(main.panels).index("gallery") if "gallery" in main.panels else 0
    main.tabs.setCurrentIndex(index)
    sys.exit(app.exec())
