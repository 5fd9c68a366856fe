"""The Training monitor: choose a model, train it as a job, watch losses and samples live, compare
the project's runs (the sample grid is ``sample_view``, the list of runs ``run_history``).

Events from the trainer arrive through the JobRunner's ``on_progress`` (BatchEnd a few times a
second, EpochEnd and SampleGrid once per epoch); the handlers only store numbers and the plot redraws
on its own timer, so the interface stays responsive however fast the trainer reports.

Longer than most modules on purpose: the form, the buttons and the monitor follow one run's state
(idle, preparing, training, paused, stopping).
"""
from __future__ import annotations

import math
import statistics
import sys
import time
from contextlib import nullcontext
from typing import Any, Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame, QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit, QProgressBar, QScrollArea, QSizePolicy, QSplitter,
    QTabWidget, QVBoxLayout, QWidget,
)

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import Progress
from aigc_desktop.core.project import Project, TrainingStarted, TrainRequest, resume, train_in_project
from aigc_desktop.core.training.config import cluster_count, guided
from aigc_desktop.core.training.events import BatchEnd, EpochEnd, RunFinished, SampleGrid, TrainingWarning
from aigc_desktop.core.training.hyperparameters import hyperparameters
from aigc_desktop.qt.dataset_picker import DatasetCombo, version_text
from aigc_desktop.qt.gui_pulse import GuiPulse, gui_pulse, stepping_aside
from aigc_desktop.qt.hyperparameter_table import HyperparameterTable, settings_text
from aigc_desktop.qt.i18n import fill
from aigc_desktop.qt.jobs import Job
from aigc_desktop.qt.panels.base import Panel
from aigc_desktop.qt.panels.run_history import RunHistory, run_key, run_key_of
from aigc_desktop.qt.panels.sample_view import SampleView, grid_pixmap
from aigc_desktop.qt.panels.training_form import TrainingForm
from aigc_desktop.qt.plots import PALETTE, LivePlot, PlotControls, RunCurves
from aigc_desktop.qt.resources import icon
from aigc_desktop.qt.run_text import finish_text, history_name, model_name, run_status
from aigc_desktop.qt.warning_text import warning_text
from aigc_desktop.qt.widgets import button, wrapping_label

# what the log says of a new run's settings (those its model reads), after its data
LOGGED_SETTINGS = ("epochs", "max_steps", "batch_size", "lr", "latent_dim", "beta", "gan_loss", "objective",
                   "solver", "sampler_steps", "guidance", "self_condition")


def _list_runs(project: Project, ctx=None, pulse: Optional[GuiPulse] = None) -> list:
    _warm_up_torch(ctx, pulse)
    return project.runs()


def _warm_up_torch(ctx=None, pulse: Optional[GuiPulse] = None) -> None:
    """Pay torch's one-off import cost when a project opens, not in the middle of the first run.

    Building the first optimizer imports torch._dynamo (hundreds of modules, seconds on a slow disk),
    holding the GIL for stretches of up to ~400 ms: the interface would freeze right as the first
    loss points should appear (benchmarks/gui_stall.py). A project opens right before the user
    types in the search box or opens the cleaning wizard, so with a ``pulse`` each module waits
    while the interface is busy (:func:`~aigc_desktop.qt.gui_pulse.stepping_aside`).
    """
    from aigc_desktop.core.training.torch_loader import import_torch

    with stepping_aside(pulse, ctx) if pulse is not None and ctx is not None else nullcontext():
        torch = import_torch()
        torch.optim.AdamW([torch.zeros(1, requires_grad=True)])


def measured_seconds_per_step(runs) -> dict:
    """model -> seconds per optimizer step of its newest run with a measured speed (runs oldest first)."""
    measured = {}
    for run in runs:
        rates = [h.get("images_per_s") for h in run.history if h.get("images_per_s")]
        if rates:
            measured[run.config.model] = run.config.batch_size / statistics.median(rates)
    return measured


def format_duration(seconds: float) -> str:
    if seconds is None or not math.isfinite(seconds):
        return "–"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _process_memory_mb() -> Optional[float]:
    """Peak resident memory of the app; what a CPU run costs, since torch cannot tell on the CPU."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


class TrainingPanel(Panel):
    """The training monitor."""

    key = icon_name = "training"
    runFinished = Signal(str)       # run folder of a run that ended (completed, stopped or diverged)
    historyRefreshed = Signal()

    def __init__(self, session) -> None:
        super().__init__(session)
        self.state = "idle"  # idle | preparing | training | paused | stopping
        self.job: Optional[Job] = None
        self.pause_token = None
        self.config = None
        self.run_dir: Optional[str] = None
        self.last_finished = None
        self.last_epoch = None
        self.failure: Optional[str] = None
        self.shown_run: Optional[str] = None  # the past run the monitor shows (None: the live or last run)
        self.warnings: list[str] = []
        self._started_at = 0.0
        self._paused_at = 0.0
        self._paused_s = 0.0  # paused time of this run: not counted as elapsed
        self._closing = False  # after shutdown() no new job may start: the runner is being emptied
        self._build()
        self._update_buttons()

    def title(self) -> str:
        return self.tr("Training")

    def on_project_changed(self) -> None:
        self.refresh_history()

    def on_items_changed(self) -> None:
        self._show_data_version()
        self._update_data_size()

    # ----- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.dataset_combo = DatasetCombo(self.session, self.tr("The dataset a new run trains on: its current "
                                                                "version's included, readable images"))
        self.version_label = wrapping_label(object_name="trainingVersion")
        self.version_label.setToolTip(self.tr("A new run trains on the current version. To train on another "
                                              "one, revert to it in the Cleaning tab (nothing is copied)."))
        data_box = QGroupBox(self.tr("Data"))
        data_layout = QVBoxLayout(data_box)
        data_layout.addWidget(self.dataset_combo)
        data_layout.addWidget(self.version_label)
        self.form = TrainingForm()
        form_box = QGroupBox(self.tr("Model and hyper-parameters"))
        QVBoxLayout(form_box).addWidget(self.form)

        self.start_button = button(self.tr("Start"), self.start, self.tr("Train a new run on the current dataset (F5)"),
                                   "F5", icon("training"))
        self.start_button.setObjectName("primaryButton")
        self.pause_button = button(self.tr("Pause"), self.toggle_pause,
                                   self.tr("Pause or resume training between two batches (F6)"), "F6")
        self.stop_button = button(self.tr("Stop"), self.stop,
                                  self.tr("Stop and keep a checkpoint that “Continue” resumes from (Shift+F5)"),
                                  "Shift+F5")
        buttons = QHBoxLayout()
        for widget in (self.start_button, self.pause_button, self.stop_button):
            buttons.addWidget(widget)

        self.history = RunHistory(self._report)
        self.history.checkedChanged.connect(lambda: self.compare.set_runs(self.history.checked_runs()))
        self.history.selected.connect(self._on_run_selected)
        self.history.continue_button.clicked.connect(self.continue_selected)

        # the data and the form scroll on their own when the window is short, so the Start button
        # and the run history stay in view and the panel never needs an outer scrollbar
        settings = QWidget()
        settings_layout = QVBoxLayout(settings)
        settings_layout.setContentsMargins(0, 0, 0, 0)
        settings_layout.addWidget(data_box)
        settings_layout.addWidget(form_box)
        settings_layout.addStretch(1)
        self.settings_scroll = QScrollArea()
        self.settings_scroll.setObjectName("trainingSettings")
        self.settings_scroll.setWidget(settings)
        self.settings_scroll.setWidgetResizable(True)
        self.settings_scroll.setFrameShape(QFrame.NoFrame)
        self.settings_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.settings_scroll, 2)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.history, 1)
        # the form comes first; the run history takes what is left, at least a few rows
        self.history.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Ignored)
        self.history.setMinimumHeight(180)
        left.setMinimumWidth(340)  # the model names whole in both languages
        left.setMaximumWidth(420)

        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat(self.tr("Not started"))
        self.stats_label = QLabel(self.tr("Choose a model and press Start (F5)."))
        self.stats_label.setObjectName("trainingStats")
        self.device_label = QLabel()
        self.device_label.setObjectName("deviceLabel")
        stats = QHBoxLayout()
        stats.addWidget(self.stats_label, 1)
        stats.addWidget(self.device_label)
        self.warning_banner = QLabel()
        self.warning_banner.setObjectName("warningBanner")
        self.warning_banner.setWordWrap(True)
        self.warning_banner.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.warning_banner.setToolTip(self.tr("What the run's health checks found; the log has every message"))
        self.warning_banner.hide()

        self.loss_plot = LivePlot(self.tr("epoch"), self.tr("loss"))
        self.loss_plot.setToolTip(self.tr("Training losses (lines) and the validation loss (dots), by epoch"))
        self.loss_controls = PlotControls(smoothing=0.6)
        self.loss_controls.changed.connect(self.loss_plot.set_options)
        self.loss_plot.set_options(self.loss_controls.options())
        loss_box = QWidget()
        loss_layout = QVBoxLayout(loss_box)
        loss_layout.setContentsMargins(0, 0, 0, 0)
        loss_layout.addWidget(self.loss_controls)
        loss_layout.addWidget(self.loss_plot, 1)
        self.samples = SampleView()
        top = QSplitter(Qt.Horizontal)
        top.addWidget(loss_box)
        top.addWidget(self.samples)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        top.setSizes([560, 380])
        self.samples.setMinimumWidth(260)

        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(5000)
        self.log.setFont(QFont("monospace", 9))
        self.log.setPlaceholderText(self.tr("Choose a model and press Start (F5). Each epoch's losses, warnings "
                                            "and where the run is saved appear here."))
        self.compare = RunCurves(self.tr("Metric:"), self.tr("The per-epoch value to compare across the ticked runs"))
        self.compare.setContentsMargins(4, 4, 4, 4)
        self.hyperparameters = HyperparameterTable(self._report)
        self.hyperparameters.runActivated.connect(self.history.select)
        self.bottom_tabs = QTabWidget()
        self.bottom_tabs.addTab(self.log, self.tr("Log"))
        self.bottom_tabs.addTab(self.compare, self.tr("Compare runs"))
        self.bottom_tabs.addTab(self.hyperparameters, self.tr("Hyper-parameters"))

        right_split = QSplitter(Qt.Vertical)
        right_split.addWidget(top)
        right_split.addWidget(self.bottom_tabs)
        right_split.setStretchFactor(0, 3)
        right_split.setStretchFactor(1, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.progress_bar)
        right_layout.addLayout(stats)
        right_layout.addWidget(self.warning_banner)
        right_layout.addWidget(right_split, 1)

        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # the form's scroll area no taller than the form (known once the style is applied): a tall
        # window gives the rest to the run history
        self.settings_scroll.setMaximumHeight(self.settings_scroll.widget().sizeHint().height() + 2)
        super().showEvent(event)

    # ----- state -----------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self.job is not None

    def _update_buttons(self) -> None:
        has_data = self.session.has_dataset()
        running = self.is_running()
        self.start_button.setEnabled(has_data and not running)
        self.form.setEnabled(not running)
        self.pause_button.setEnabled(self.state in ("training", "paused"))
        self.pause_button.setText(self.tr("Resume") if self.state == "paused" else self.tr("Pause"))
        self.stop_button.setEnabled(running and self.state != "stopping")
        run = self.history.selected_run()
        self.history.continue_button.setEnabled(has_data and not running and run is not None
                                        and run.status in ("cancelled", "running") and run.epochs_done < run.config.epochs)

    def _log(self, text: str) -> None:
        self.log.appendPlainText(time.strftime("%H:%M:%S  ") + text)

    def on_dataset_changed(self, dataset_id: int) -> None:
        labelled = False
        if self.session.catalog is not None and dataset_id >= 0:
            labelled = len(self.session.catalog.labels(dataset_id, limit=2)) >= 2
        self.form.set_labelled(labelled)
        self._show_data_version()
        self._update_data_size()
        self._show_history(self.history.all_runs)  # the runs of the dataset now chosen
        self._update_buttons()

    def _show_data_version(self) -> None:
        catalog, dataset_id = self.session.catalog, self.session.dataset_id
        self.version_label.setText(version_text(catalog, dataset_id) if self.session.has_dataset()
                                   else self.tr("No dataset: import one, or open the demo."))

    def dataset_name(self) -> Optional[str]:
        """The name of the dataset a new run trains on (None: no dataset)."""
        if not self.session.has_dataset():
            return None
        try:
            return self.session.catalog.dataset(self.session.dataset_id).name
        except UserError:
            return None

    def _dataset_names(self) -> list[str]:
        """The names of the project's datasets."""
        try:
            return [info.name for info in self.session.catalog.datasets()] if self.session.catalog else []
        except UserError:
            return []

    def _update_data_size(self) -> None:
        """The usable images of the dataset, so the form can say how many steps an epoch is."""
        if self.session.catalog is None or not self.session.has_dataset():
            return
        counts = self.session.catalog.counts(self.session.dataset_id)
        self.form.set_data_size(counts["usable"])

    def show_warnings(self, warnings: list) -> None:
        """The banner above the plots: one line per distinct warning (messages or dicts with one)."""
        lines = [warning_text(w["message"] if isinstance(w, dict) else str(w)) for w in warnings]
        if not lines:
            self.warning_banner.hide()
            self.warning_banner.clear()
            return
        self.warning_banner.setText("\n".join("⚠ " + line for line in dict.fromkeys(lines)))
        self.warning_banner.show()

    # ----- start / pause / stop --------------------------------------------------------------
    def start(self, item_limit: Optional[int] = None, **extra) -> Optional[Job]:
        """Train a new run with the form's settings (``extra`` overrides more TrainConfig fields)."""
        if self._closing or self.is_running() or not self.session.has_dataset():
            return None
        project, dataset_id = self.session.project, self.session.dataset_id
        length = self.form.length()
        if "max_steps" in extra or "epochs" in extra:  # a caller's own length replaces the form's
            length = {"steps": extra.pop("max_steps")} if "max_steps" in extra else {"epochs": extra.pop("epochs")}
        request = TrainRequest(self.form.model_name(), {**self.form.overrides(), **extra},
                               image_size=self.form.image_size_value(), item_limit=item_limit, length=length)
        self._log(self.tr("Preparing the data for a new %1 run…").replace("%1", model_name(request.model)))
        return self._start_job(lambda ctx: train_in_project(project, dataset_id, request, ctx))

    def continue_selected(self) -> Optional[Job]:
        run = self.history.selected_run()
        if run is None or self._closing or self.is_running() or not self.session.has_dataset():
            return None
        dataset, run_dir = self.session.dataset(), run.run_dir
        self._log(self.tr("Continuing %1 from its last checkpoint…").replace("%1", run.name))
        return self._start_job(lambda ctx: resume(dataset, run_dir, ctx))

    def _start_job(self, job) -> Optional[Job]:
        self.run_dir = None
        self.history.clear_selection()  # the monitor shows the new run, not a past one
        self.last_finished = self.last_epoch = self.failure = None
        self.loss_plot.clear_series()
        self.shown_run = None
        self.samples.clear(self.tr("Waiting for the first epoch…"))
        self.warnings = []
        self.show_warnings([])
        self.progress_bar.setRange(0, 0)  # busy until the first batch
        self.progress_bar.setFormat(self.tr("Preparing data"))
        self.stats_label.setText(self.tr("Preparing data…"))
        self.state = "preparing"
        self._started_at = time.monotonic()
        self._paused_s = 0.0
        self.job = self.session.runner.start(job, on_progress=self._on_event, on_result=self._on_run_finished,
                                            on_failed=self._on_failed, on_cancelled=self._on_cancelled,
                                            on_finished=self._on_finished)
        self.pause_token = self.job.ctx.pause if self.job is not None else None
        self._update_buttons()
        return self.job

    def toggle_pause(self) -> None:
        if self.state == "training":
            self.pause()
        elif self.state == "paused":
            self.resume()

    def pause(self) -> None:
        if self.state == "training" and self.pause_token is not None:
            self.pause_token.pause()
            self.state = "paused"
            self._paused_at = time.monotonic()
            self.progress_bar.setFormat(self.tr("Paused — %p%"))
            self._log(self.tr("Paused (the run waits between two batches; the time does not count)."))
            self._update_buttons()

    def resume(self) -> None:
        if self.state == "paused" and self.pause_token is not None:
            self.pause_token.resume()
            self.state = "training"
            self._paused_s += time.monotonic() - self._paused_at
            self._log(self.tr("Resumed."))
            self._update_buttons()

    def stop(self) -> None:
        if self.job is None or self.state == "stopping":
            return
        self.job.cancel()
        if self.pause_token is not None:
            self.pause_token.resume()  # a paused trainer wakes up to see the cancel
        self.state = "stopping"
        self.progress_bar.setFormat(self.tr("Stopping — %p%"))
        self._log(self.tr("Stopping; the last checkpoint is kept…"))
        self._update_buttons()

    def shutdown(self) -> None:
        """The window closes: stop the run; the runner then waits for the trainer's final checkpoint."""
        self._closing = True
        self.stop()

    # ----- trainer events --------------------------------------------------------------------
    def _on_event(self, event: Any) -> None:
        if isinstance(event, BatchEnd):
            self._on_batch(event)
        elif isinstance(event, EpochEnd):
            self._on_epoch(event)
        elif isinstance(event, SampleGrid):
            self.samples.add(event.epoch, grid_pixmap(event.images))
        elif isinstance(event, TrainingStarted):
            self._on_started(event)
        elif isinstance(event, TrainingWarning):
            said = warning_text(event.message)
            self._log(self.tr("Warning: %1").replace("%1", said))
            self.session.show_status(said, 10000)
            self.warnings.append(event.message)
            self.show_warnings(self.warnings)
        elif isinstance(event, Progress):
            if event.total:
                self.progress_bar.setRange(0, event.total)
                self.progress_bar.setValue(event.done)
            self.stats_label.setText(self.tr("Preparing data: %1 of %2 images")
                                     .replace("%1", f"{event.done:,}").replace("%2", f"{event.total:,}"))

    def _on_run_finished(self, finished: RunFinished) -> None:
        self.last_finished = finished
        self._log(finish_text(finished.message))

    def _on_started(self, event: TrainingStarted) -> None:
        self.config = event.config
        self.run_dir = event.run_dir
        if self.state == "preparing":
            self.state = "training"
        device = event.device
        if device.kind == "cpu":
            self.device_label.setText(self.tr("CPU, %n training thread(s)", "", event.config.num_threads or 1))
        else:
            self.device_label.setText(f"{device.kind.upper()}: {device.name}")
        self.device_label.setToolTip(self.tr("torch %1").replace("%1", device.torch_version))
        c = event.config
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat(self.tr("Starting — %p%"))
        what = fill(self.tr("%1 %2×%2×%3 on %4 images of %5 classes") if c.conditional else
                    self.tr("%1 %2×%2×%3 on %4 images"), model_name(c.model), str(c.image_size), str(c.channels),
                    f"{event.n_images:,}", f"{len(event.class_names):,}")
        self._log(fill(self.tr("Continuing %1 — %2") if event.resumed else self.tr("Training %1 — %2"),
                       what, settings_text(self._logged_settings(c))))
        self._log(self.tr("Run folder: %1").replace("%1", event.run_dir))
        for name, color in zip(self._loss_names(c.model), PALETTE):
            self.loss_plot.set_style(name, color)
        self.loss_plot.set_style("val_loss", PALETTE[6], dashed=True, symbol="o")
        self._update_buttons()

    @staticmethod
    def _logged_settings(c) -> dict:
        """The settings a new run's first log line names: its length and its model's own settings."""
        shown = hyperparameters(c.to_dict())  # only the settings this model reads
        settings = {f: shown[f] for f in LOGGED_SETTINGS if shown.get(f) is not None}
        if not guided(c):
            settings.pop("guidance", None)
        if not cluster_count(c):
            settings.pop("self_condition", None)
        return settings

    @staticmethod
    def _loss_names(model: str) -> tuple:
        return {"vae": ("loss", "recon", "kl"), "gan": ("d_loss", "g_loss")}.get(model, ("loss",))

    def _on_batch(self, event) -> None:
        self.loss_plot.set_steps_per_epoch(event.total_steps)
        x = event.epoch - 1 + event.step / max(event.total_steps, 1)
        for name, value in event.losses.items():
            self.loss_plot.append(name, x, value)
        epochs = self.config.epochs if self.config else event.epoch
        steps_done = (event.epoch - 1) * event.total_steps + event.step
        total = epochs * event.total_steps
        if self.config is not None and self.config.max_steps:  # a step budget may end mid-epoch
            total = min(total, self.config.max_steps)
        self.progress_bar.setValue(int(1000 * min(1.0, steps_done / max(total, 1))))
        if self.state == "training":
            self.progress_bar.setFormat(self.tr("Epoch %1 of %2 — %p%").replace("%1", str(event.epoch))
                                        .replace("%2", str(epochs)))
        remaining_images = max(0, total - steps_done) * (self.config.batch_size if self.config else 1)
        eta = remaining_images / event.images_per_s if event.images_per_s > 0 else float("nan")
        self._show_stats(event.images_per_s, eta, self._memory_text(None))

    def _on_epoch(self, event) -> None:
        self.last_epoch = event
        if event.val_loss is not None:
            self.loss_plot.append("val_loss", event.epoch, event.val_loss)
        if not (self.config is not None and self.config.max_steps):  # else the last batch of the epoch did it
            self.progress_bar.setValue(int(1000 * event.epoch / max(event.epochs, 1)))
        self._show_stats(event.images_per_s, event.eta_s, self._memory_text(event.memory_mb))
        numbers = [f"{history_name(k)} {v:.4g}" for k, v in event.losses.items()]
        if event.val_loss is not None:
            numbers.append(f"{history_name('val_loss')} {event.val_loss:.4g}")
        numbers.append(f"{event.images_per_s:,.0f} {history_name('images_per_s')}")
        self._log(fill(self.tr("Epoch %1/%2: %3"), str(event.epoch), str(event.epochs), " · ".join(numbers)))

    def _memory_text(self, device_mb: Optional[float]) -> str:
        if device_mb is not None:
            return self.tr("device memory %1 MB").replace("%1", f"{device_mb:,.0f}")
        process = _process_memory_mb()
        return self.tr("app memory %1 MB").replace("%1", f"{process:,.0f}") if process else ""

    def active_seconds(self) -> float:
        """Time since Start, less the time spent paused."""
        now = self._paused_at if self.state == "paused" else time.monotonic()
        return now - self._started_at - self._paused_s

    def _show_stats(self, images_per_s: float, eta_s: float, memory: str) -> None:
        if self.state == "paused":  # what was measured before the pause stands until training goes on
            return
        parts = [self.tr("%1 images/s").replace("%1", f"{images_per_s:,.0f}"),
                 self.tr("ETA %1").replace("%1", format_duration(eta_s)),
                 self.tr("elapsed %1").replace("%1", format_duration(self.active_seconds()))]
        if memory:
            parts.append(memory)
        self.stats_label.setText("  ·  ".join(parts))

    def _on_failed(self, message: str) -> None:
        self.failure = message
        self._log(self.tr("Training failed: %1").replace("%1", message))
        self.session.report_error(self.tr("Training"), message)

    def _on_cancelled(self) -> None:
        if self.last_finished is None:
            self._log(self.tr("Stopped before training began."))

    def _on_finished(self) -> None:
        finished = self.last_finished
        self.job = None
        self.pause_token = None
        self.state = "idle"
        self.progress_bar.setRange(0, 1000)
        if finished is not None:
            labels = {"completed": self.tr("Completed"), "cancelled": self.tr("Stopped"),
                      "diverged": self.tr("Diverged"), "early_stopped": self.tr("Stopped early")}
            self.progress_bar.setFormat(labels.get(finished.reason, finished.reason) + " — %p%")
            self.session.show_status(finish_text(finished.message), 10000)
            self.history.check(finished.run_dir)
            self.history.select_when_refreshed(finished.run_dir)  # the highlighted row is what the monitor shows
        else:
            self.progress_bar.setFormat(self.tr("Not started") if self.failure is None else self.tr("Failed"))
        self._update_buttons()
        if finished is not None:
            self.runFinished.emit(finished.run_dir)
        self.refresh_history()

    # ----- run history -----------------------------------------------------------------------
    def refresh_history(self) -> Optional[Job]:
        """Re-read the project's runs off the GUI thread (reading them warms torch up); the newest request wins."""
        if self._closing:
            return None
        project = self.session.project
        if project is None:
            self._on_history([])
            return None
        pulse = gui_pulse()
        return self.session.runner.start(lambda ctx: _list_runs(project, ctx, pulse), on_result=self._on_history,
                                        on_failed=self._on_history_failed, latest_wins=True)

    def is_reading_history(self) -> bool:
        return self.session.runner.is_running(self._on_history)

    def _report(self, text: str) -> None:
        self.session.show_status(text, 8000)

    def _on_history_failed(self, message: str) -> None:
        self._log(self.tr("Could not read the run history: %1").replace("%1", message))

    def _on_history(self, runs) -> None:
        self._show_history(runs)
        self.historyRefreshed.emit()

    def _show_history(self, runs) -> None:
        project = self.session.project
        self.history.set_runs(runs, project.runs_folder.name if project else "", self.dataset_name(),
                              self._dataset_names())
        self.form.set_seconds_per_step(measured_seconds_per_step(self.runs))
        self.hyperparameters.set_runs(list(reversed(self.history.runs)))  # newest first, as the history
        self._update_buttons()

    @property
    def runs(self) -> list:
        return self.history.runs

    def _on_run_selected(self, run) -> None:
        self._update_buttons()
        if run is None or self.is_running():
            return
        self.show_warnings(run.warnings)
        live = self.run_dir is not None and self.shown_run is None and run_key(run) == run_key_of(self.run_dir)
        if not live:  # the run just trained is on the monitor already, batch by batch
            self.show_run(run)

    def show_run(self, run) -> None:
        """A past run on the monitor: its per-epoch losses and its saved sample grids."""
        from aigc_desktop.core.training.runs import history_curve

        self.loss_plot.clear_series()
        for name, color in zip(self._loss_names(run.config.model), PALETTE):
            self.loss_plot.set_style(name, color)
        self.loss_plot.set_style("val_loss", PALETTE[6], dashed=True, symbol="o")
        for name in (*self._loss_names(run.config.model), "val_loss"):
            epochs, values, steps = history_curve(run, name)
            for x, y in zip(epochs, values):
                if y is not None:
                    self.loss_plot.append(name, x, y)
            if steps and steps[0] and epochs[0]:  # the step axis of a run that recorded its steps
                self.loss_plot.set_steps_per_epoch(round(steps[0] / epochs[0]))
        self.loss_plot.flush()
        self.samples.show_run(run.run_dir)
        self.shown_run = run.run_dir
        # the bar says which run the monitor shows and how far it got, not "Not started"
        total = max(1, int(run.config.epochs or 0))
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(round(1000 * min(run.epochs_done, total) / total))
        self.progress_bar.setFormat(self.tr("%1: %2 of %3 epochs, %4")
                                    .replace("%1", run.name)
                                    .replace("%2", str(run.epochs_done)).replace("%3", str(total))
                                    .replace("%4", run_status(run.status)))


def main() -> int:
    """Open the panel alone on the demo dataset: ``python -m aigc_desktop.qt.panels.training_panel``."""
    from aigc_desktop.qt.app import create_app
    from aigc_desktop.qt.main_window import MainWindow

    app = create_app()
    window = MainWindow()
    window.show()
    window.tabs.setCurrentWidget(window.panels.get("training", window.tabs.currentWidget()))
    window.open_demo()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
