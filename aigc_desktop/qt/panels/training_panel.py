"""The Training monitor: choose a model, train it in a worker, watch losses and samples live,
compare the project's runs.

Events from the trainer arrive through the JobRunner's ``on_progress`` (BatchEnd a few times a
second, EpochEnd and SampleGrid once per epoch); the handlers only store numbers and the plot redraws
on its own timer, so the interface stays responsive however fast the trainer reports.
"""
from __future__ import annotations

import math
import sys
import time
from pathlib import Path
from typing import Any, Optional

import numpy as np
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QComboBox, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QProgressBar,
    QPushButton, QSizePolicy, QSlider, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from aigc_desktop.core.jobs import Progress
from aigc_desktop.core.project import Project, TrainingStarted, TrainRequest, resume, train_in_project
from aigc_desktop.core.training.events import BatchEnd, EpochEnd, RunFinished, SampleGrid, TrainingWarning
from aigc_desktop.qt.jobs import Job
from aigc_desktop.qt.panels.base import Panel
from aigc_desktop.qt.panels.training_form import TrainingForm
from aigc_desktop.qt.plots import PALETTE, ComparePlot, LivePlot
from aigc_desktop.qt.resources import icon

# metrics of history.json that are bookkeeping, not something to compare runs by
_NOT_METRICS = {"epoch", "elapsed_s"}


def _list_runs(project: Project) -> list:
    _warm_up_torch()
    return project.runs()


def _warm_up_torch() -> None:
    """Pay torch's one-off import cost when a project opens, not in the middle of the first run.

    Building the first optimizer imports torch._dynamo (hundreds of modules, seconds on a slow disk),
    holding the GIL for stretches of up to ~400 ms: the interface would freeze right as the first
    loss points should appear (benchmarks/gui_stall.py).
    """
    import torch

    torch.optim.AdamW([torch.zeros(1, requires_grad=True)])


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


def grid_pixmap(images: np.ndarray) -> QPixmap:
    """uint8 (N, H, W, C) samples tiled into one pixmap."""
    from aigc_desktop.core.training.runs import grid_image  # torch is loaded once a grid exists

    tiled = np.ascontiguousarray(grid_image(images))
    h, w, c = tiled.shape
    if c == 1:
        image = QImage(tiled.data, w, h, w, QImage.Format_Grayscale8)
    else:
        image = QImage(tiled.data, w, h, w * 3, QImage.Format_RGB888)
    return QPixmap.fromImage(image.copy())  # copy: the QImage must not outlive the numpy buffer


class SampleView(QWidget):
    """The fixed-noise grid of an epoch; the slider looks back, and follows the newest when at the end."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.pixmaps: dict[int, QPixmap] = {}
        self.title = QLabel()
        self.title.setObjectName("sampleTitle")
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignCenter)
        self.image.setMinimumSize(200, 200)
        self.image.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Ignored)
        self.image.setWordWrap(True)
        self.image.setStyleSheet("color: #64748b;")
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setToolTip(self.tr("Look back at the samples of earlier epochs"))
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(self._show)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.image, 1)
        layout.addWidget(self.slider)
        self.clear(self.tr("Samples appear here after each epoch: the same fixed noise every time, "
                           "so you can watch the model learn."))

    def clear(self, hint: str = "") -> None:
        self.pixmaps.clear()
        self.slider.blockSignals(True)
        self.slider.setRange(0, 0)
        self.slider.blockSignals(False)
        self.slider.setEnabled(False)
        self.title.setText(self.tr("Samples"))
        self.image.setPixmap(QPixmap())
        self.image.setText(hint)

    def add(self, epoch: int, pixmap: QPixmap) -> None:
        follow = not self.pixmaps or self.slider.value() == self.slider.maximum()
        self.pixmaps[epoch] = pixmap
        self.slider.setEnabled(len(self.pixmaps) > 1)
        self.slider.blockSignals(True)
        self.slider.setRange(min(self.pixmaps), max(self.pixmaps))
        self.slider.blockSignals(False)
        if follow:
            self.slider.setValue(epoch)
        self._show(self.slider.value())

    def shown_epoch(self) -> Optional[int]:
        return self.slider.value() if self.pixmaps else None

    def _show(self, epoch: int) -> None:
        pixmap = self.pixmaps.get(epoch)
        if pixmap is None:
            return
        newest = max(self.pixmaps)
        if epoch == newest:
            self.title.setText(self.tr("Samples after epoch %1 (the newest)").replace("%1", str(epoch)))
        else:
            self.title.setText(self.tr("Samples after epoch %1 (the newest is epoch %2)")
                               .replace("%1", str(epoch)).replace("%2", str(newest)))
        self._fit(pixmap)

    def _fit(self, pixmap: QPixmap) -> None:
        size = self.image.size()
        enlarge = size.width() >= pixmap.width() and size.height() >= pixmap.height()
        # nearest-neighbour when enlarging keeps the pixels of small images crisp
        self.image.setPixmap(pixmap.scaled(size, Qt.KeepAspectRatio,
                                           Qt.FastTransformation if enlarge else Qt.SmoothTransformation))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.pixmaps:
            self._show(self.slider.value())


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
        self.runs: list = []
        self._checked_runs: set[str] = set()
        self._started_at = 0.0
        self._closing = False  # after shutdown() no new job may start: the runner is being emptied
        self._build()
        self._update_buttons()

    def title(self) -> str:
        return self.tr("Training")

    def on_project_changed(self) -> None:
        self.refresh_history()

    # ----- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.form = TrainingForm()
        form_box = QGroupBox(self.tr("Model and hyper-parameters"))
        QVBoxLayout(form_box).addWidget(self.form)

        self.start_button = QPushButton(icon("training"), self.tr("Start"))
        self.start_button.setObjectName("primaryButton")
        self.start_button.setShortcut(QKeySequence("F5"))
        self.start_button.setToolTip(self.tr("Train a new run on the current dataset (F5)"))
        self.start_button.clicked.connect(lambda: self.start())
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setShortcut(QKeySequence("F6"))
        self.pause_button.setToolTip(self.tr("Pause or resume training between two batches (F6)"))
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setShortcut(QKeySequence("Shift+F5"))
        self.stop_button.setToolTip(self.tr("Stop and keep a checkpoint that “Continue” resumes from (Shift+F5)"))
        self.stop_button.clicked.connect(self.stop)
        buttons = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.stop_button):
            buttons.addWidget(button)

        self.history_list = QListWidget()
        self.history_list.setToolTip(self.tr("Tick runs to compare their curves; select one to see its samples"))
        self.history_list.itemChanged.connect(self._on_history_item_changed)
        self.history_list.currentItemChanged.connect(self._on_history_current_changed)
        self.continue_button = QPushButton(self.tr("Continue"))
        self.continue_button.setToolTip(self.tr("Resume the selected stopped run from its last checkpoint"))
        self.continue_button.clicked.connect(self.continue_selected)
        self.history_hint = QLabel()
        self.history_hint.setWordWrap(True)
        self.history_hint.setStyleSheet("color: #64748b;")
        history_box = QGroupBox(self.tr("Run history"))
        history_layout = QVBoxLayout(history_box)
        history_layout.addWidget(self.history_hint)
        history_layout.addWidget(self.history_list, 1)
        history_layout.addWidget(self.continue_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(form_box)
        left_layout.addLayout(buttons)
        left_layout.addWidget(history_box, 1)
        left.setMinimumWidth(300)
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

        self.loss_plot = LivePlot(self.tr("epoch"), self.tr("loss"))
        self.loss_plot.setToolTip(self.tr("Training losses (lines) and the validation loss (dots), by epoch"))
        self.samples = SampleView()
        top = QSplitter(Qt.Horizontal)
        top.addWidget(self.loss_plot)
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
        self.compare_metric = QComboBox()
        self.compare_metric.setToolTip(self.tr("The per-epoch value to compare across the ticked runs"))
        self.compare_metric.currentIndexChanged.connect(self._update_compare_plot)
        self.compare_plot = ComparePlot()
        compare = QWidget()
        compare_layout = QVBoxLayout(compare)
        compare_layout.setContentsMargins(4, 4, 4, 4)
        metric_row = QHBoxLayout()
        metric_row.addWidget(QLabel(self.tr("Metric:")))
        metric_row.addWidget(self.compare_metric)
        metric_row.addStretch(1)
        compare_layout.addLayout(metric_row)
        compare_layout.addWidget(self.compare_plot, 1)
        self.bottom_tabs = QTabWidget()
        self.bottom_tabs.addTab(self.log, self.tr("Log"))
        self.bottom_tabs.addTab(compare, self.tr("Compare runs"))

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
        right_layout.addWidget(right_split, 1)

        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)

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
        run = self._selected_run()
        self.continue_button.setEnabled(has_data and not running and run is not None
                                        and run.status in ("cancelled", "running") and run.epochs_done < run.config.epochs)

    def _log(self, text: str) -> None:
        self.log.appendPlainText(time.strftime("%H:%M:%S  ") + text)

    def on_dataset_changed(self, dataset_id: int) -> None:
        labelled = False
        if self.session.catalog is not None and dataset_id >= 0:
            labelled = len(self.session.catalog.labels(dataset_id, limit=2)) >= 2
        self.form.set_labelled(labelled)
        self._update_buttons()

    # ----- start / pause / stop --------------------------------------------------------------
    def start(self, item_limit: Optional[int] = None, **extra) -> Optional[Job]:
        """Train a new run with the form's settings (``extra`` overrides more TrainConfig fields)."""
        if self._closing or self.is_running() or not self.session.has_dataset():
            return None
        project, dataset_id = self.session.project, self.session.dataset_id
        request = TrainRequest(self.form.model_name(), {**self.form.overrides(), **extra},
                               image_size=self.form.image_size_value(), item_limit=item_limit)
        self._log(self.tr("Preparing the data for a new %1 run…").replace("%1", request.model.upper()))
        return self._start_job(lambda ctx: train_in_project(project, dataset_id, request, ctx))

    def continue_selected(self) -> Optional[Job]:
        run = self._selected_run()
        if run is None or self._closing or self.is_running() or not self.session.has_dataset():
            return None
        dataset, run_dir = self.session.dataset(), run.run_dir
        self._log(self.tr("Continuing %1 from its last checkpoint…").replace("%1", Path(run_dir).name))
        return self._start_job(lambda ctx: resume(dataset, run_dir, ctx))

    def _start_job(self, job) -> Optional[Job]:
        self.run_dir = None
        self.last_finished = self.last_epoch = self.failure = None
        self.loss_plot.clear_series()
        self.samples.clear(self.tr("Waiting for the first epoch…"))
        self.progress_bar.setRange(0, 0)  # busy until the first batch
        self.progress_bar.setFormat(self.tr("Preparing data"))
        self.stats_label.setText(self.tr("Preparing data…"))
        self.state = "preparing"
        self._started_at = time.monotonic()
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
            self.progress_bar.setFormat(self.tr("Paused — %p%"))
            self._log(self.tr("Paused (the run waits between two batches; the time does not count)."))
            self._update_buttons()

    def resume(self) -> None:
        if self.state == "paused" and self.pause_token is not None:
            self.pause_token.resume()
            self.state = "training"
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
            self._log(self.tr("Warning: %1").replace("%1", event.message))
            self.session.show_status(event.message, 10000)
        elif isinstance(event, Progress):
            if event.total:
                self.progress_bar.setRange(0, event.total)
                self.progress_bar.setValue(event.done)
            self.stats_label.setText(self.tr("Preparing data: %1 of %2 images")
                                     .replace("%1", f"{event.done:,}").replace("%2", f"{event.total:,}"))

    def _on_run_finished(self, finished: RunFinished) -> None:
        self.last_finished = finished
        self._log(finished.message)

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
        classes = f", {len(event.class_names)} classes" if c.conditional else ""
        self._log((self.tr("Continuing %1") if event.resumed else self.tr("Training %1")).replace(
            "%1", f"{c.model.upper()} {c.image_size}×{c.image_size}×{c.channels} on {event.n_images:,} images"
                  f"{classes}: {c.epochs} epochs, batch {c.batch_size}, lr {c.lr:g}, latent {c.latent_dim}"
                  + (f", β {c.beta:g}" if c.model == "vae" else f", {c.gan_loss} loss")))
        self._log(self.tr("Run folder: %1").replace("%1", event.run_dir))
        for name, color in zip(self._loss_names(c.model), PALETTE):
            self.loss_plot.set_style(name, color)
        self.loss_plot.set_style("val_loss", PALETTE[6], dashed=True, symbol="o")
        self._update_buttons()

    @staticmethod
    def _loss_names(model: str) -> tuple:
        return ("loss", "recon", "kl") if model == "vae" else ("d_loss", "g_loss")

    def _on_batch(self, event) -> None:
        x = event.epoch - 1 + event.step / max(event.total_steps, 1)
        for name, value in event.losses.items():
            self.loss_plot.append(name, x, value)
        epochs = self.config.epochs if self.config else event.epoch
        done = (event.epoch - 1 + event.step / max(event.total_steps, 1)) / max(epochs, 1)
        self.progress_bar.setValue(int(1000 * done))
        if self.state == "training":
            self.progress_bar.setFormat(self.tr("Epoch %1 of %2 — %p%").replace("%1", str(event.epoch))
                                        .replace("%2", str(epochs)))
        remaining_images = ((epochs - event.epoch) * event.total_steps + event.total_steps - event.step) \
            * (self.config.batch_size if self.config else 1)
        eta = remaining_images / event.images_per_s if event.images_per_s > 0 else float("nan")
        self._show_stats(event.images_per_s, eta, self._memory_text(None))

    def _on_epoch(self, event) -> None:
        self.last_epoch = event
        if event.val_loss is not None:
            self.loss_plot.append("val_loss", event.epoch, event.val_loss)
        self.progress_bar.setValue(int(1000 * event.epoch / max(event.epochs, 1)))
        self._show_stats(event.images_per_s, event.eta_s, self._memory_text(event.memory_mb))
        losses = "  ".join(f"{k} {v:.4g}" for k, v in event.losses.items())
        val = f"  val {event.val_loss:.4g}" if event.val_loss is not None else ""
        self._log(self.tr("Epoch %1/%2: %3").replace("%1", str(event.epoch)).replace("%2", str(event.epochs))
                  .replace("%3", f"{losses}{val}  {event.images_per_s:,.0f} img/s"))

    def _memory_text(self, device_mb: Optional[float]) -> str:
        if device_mb is not None:
            return self.tr("device memory %1 MB").replace("%1", f"{device_mb:,.0f}")
        process = _process_memory_mb()
        return self.tr("app memory %1 MB").replace("%1", f"{process:,.0f}") if process else ""

    def _show_stats(self, images_per_s: float, eta_s: float, memory: str) -> None:
        parts = [self.tr("%1 images/s").replace("%1", f"{images_per_s:,.0f}"),
                 self.tr("ETA %1").replace("%1", format_duration(eta_s)),
                 self.tr("elapsed %1").replace("%1", format_duration(time.monotonic() - self._started_at))]
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
            self.session.show_status(finished.message, 10000)
            self._checked_runs.add(str(Path(finished.run_dir).resolve()))
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
            self.runs = []
            self._fill_history()
            return None
        return self.session.runner.start(lambda ctx: _list_runs(project), on_result=self._on_history,
                                        on_failed=self._on_history_failed, latest_wins=True)

    def is_reading_history(self) -> bool:
        return self.session.runner.is_running(self._on_history)

    def _on_history_failed(self, message: str) -> None:
        self._log(self.tr("Could not read the run history: %1").replace("%1", message))

    def _on_history(self, runs) -> None:
        self.runs = list(runs)
        if not self._checked_runs and self.runs:
            self._checked_runs.add(str(Path(self.runs[-1].run_dir).resolve()))  # the newest, so the plot shows something
        self._fill_history()
        self.historyRefreshed.emit()

    def _run_label(self, run) -> str:
        name = run.name
        status = {"completed": self.tr("completed"), "cancelled": self.tr("stopped"), "diverged": self.tr("diverged"),
                  "early_stopped": self.tr("stopped early"), "running": self.tr("interrupted")}
        last = run.history[-1] if run.history else {}
        key = "loss" if run.config.model == "vae" else "g_loss"
        loss = f" · {key} {last[key]:.4g}" if key in last and last[key] is not None else ""
        return (f"{name}\n{run.config.model.upper()} · {run.epochs_done}/{run.config.epochs} "
                + self.tr("epochs") + f" · {status.get(run.status, run.status)}{loss}")

    def _fill_history(self) -> None:
        current = self._selected_run()
        self.history_list.blockSignals(True)
        self.history_list.clear()
        for run in reversed(self.runs):  # newest first
            key = str(Path(run.run_dir).resolve())
            item = QListWidgetItem(self._run_label(run))
            item.setData(Qt.UserRole, key)
            item.setToolTip(f"{run.run_dir}\n{run.message}" if run.message else run.run_dir)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if key in self._checked_runs else Qt.Unchecked)
            self.history_list.addItem(item)
            if current is not None and key == str(Path(current.run_dir).resolve()):
                self.history_list.setCurrentItem(item)
        self.history_list.blockSignals(False)
        if self.runs:
            self.history_hint.setText(self.tr("%n run(s) in %1", "", len(self.runs))
                                      .replace("%1", self.session.project.runs_folder.name))
        else:
            self.history_hint.setText(self.tr("No runs yet: finished and stopped runs of this project appear here."))
        self._fill_metric_choices()
        self._update_compare_plot()
        self._update_buttons()

    def _run_by_key(self, key: str):
        for run in self.runs:
            if str(Path(run.run_dir).resolve()) == key:
                return run
        return None

    def _selected_run(self):
        item = self.history_list.currentItem()
        return None if item is None else self._run_by_key(item.data(Qt.UserRole))

    def checked_runs(self) -> list:
        return [run for run in self.runs if str(Path(run.run_dir).resolve()) in self._checked_runs]

    @Slot(QListWidgetItem)
    def _on_history_item_changed(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.UserRole)
        if item.checkState() == Qt.Checked:
            self._checked_runs.add(key)
        else:
            self._checked_runs.discard(key)
        self._fill_metric_choices()
        self._update_compare_plot()

    @Slot()
    def _on_history_current_changed(self, *_args) -> None:
        self._update_buttons()
        run = self._selected_run()
        if run is None or self.is_running():
            return
        # a past run's grids come from its sample PNGs, so the slider looks back at that run
        self.samples.clear(self.tr("This run saved no samples."))
        for path in sorted((Path(run.run_dir) / "samples").glob("epoch_*.png")):
            try:
                epoch = int(path.stem.split("_")[1])
            except (IndexError, ValueError):
                continue
            pixmap = QPixmap(str(path))
            if not pixmap.isNull():
                self.samples.add(epoch, pixmap)

    def _fill_metric_choices(self) -> None:
        metrics: list[str] = []
        for run in self.checked_runs() or self.runs:
            for entry in run.history:
                for key, value in entry.items():
                    if key not in _NOT_METRICS and key not in metrics and isinstance(value, (int, float)):
                        metrics.append(key)
        current = self.compare_metric.currentText()
        self.compare_metric.blockSignals(True)
        self.compare_metric.clear()
        self.compare_metric.addItems(metrics)
        preferred = [m for m in (current, "val_loss", "loss", "g_loss") if m in metrics]
        if preferred:
            self.compare_metric.setCurrentText(preferred[0])
        self.compare_metric.blockSignals(False)

    def _update_compare_plot(self) -> None:
        metric = self.compare_metric.currentText()
        curves = []
        for run in self.checked_runs():
            xs = [entry.get("epoch") for entry in run.history]
            ys = [entry.get(metric) for entry in run.history]
            curves.append((f"{Path(run.run_dir).name} ({run.config.model.upper()})", xs, ys))
        self.compare_plot.set_runs(curves, metric)


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
