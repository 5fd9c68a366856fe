"""A table of runs and their hyper-parameters (one row per run), for the run history and Compare.

"Only what differs" (on by default) hides the settings every run shares, so what changed between
two runs stands out; right-click a run for "Reveal in Folder"."""
from __future__ import annotations

import math
from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHeaderView, QLabel, QMenu, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from aigc_desktop.core.training.hyperparameters import columns, hyperparameters
from aigc_desktop.qt.i18n import fill
from aigc_desktop.qt.reveal import reveal_action
from aigc_desktop.qt.run_text import option_name
from aigc_desktop.qt.widgets import FilledWhenShown

RunDirRole = Qt.UserRole + 1


FIELD_TITLES = {
    "model": QT_TRANSLATE_NOOP("Hyperparameters", "Model"),
    "conditional": QT_TRANSLATE_NOOP("Hyperparameters", "Conditional"),
    "image_size": QT_TRANSLATE_NOOP("Hyperparameters", "Image size"),
    "channels": QT_TRANSLATE_NOOP("Hyperparameters", "Channels"),
    "epochs": QT_TRANSLATE_NOOP("Hyperparameters", "Epochs"),
    "max_steps": QT_TRANSLATE_NOOP("Hyperparameters", "Step budget"),
    "max_seconds": QT_TRANSLATE_NOOP("Hyperparameters", "Time budget (s)"),
    "batch_size": QT_TRANSLATE_NOOP("Hyperparameters", "Batch size"),
    "lr": QT_TRANSLATE_NOOP("Hyperparameters", "Learning rate"),
    "d_lr": QT_TRANSLATE_NOOP("Hyperparameters", "Critic learning rate"),
    "latent_dim": QT_TRANSLATE_NOOP("Hyperparameters", "Latent size"),
    "width": QT_TRANSLATE_NOOP("Hyperparameters", "Width"),
    "d_width": QT_TRANSLATE_NOOP("Hyperparameters", "Critic width"),
    "decoder_width": QT_TRANSLATE_NOOP("Hyperparameters", "Decoder width"),
    "beta": QT_TRANSLATE_NOOP("Hyperparameters", "β (KL weight)"),
    "kl_warmup_steps": QT_TRANSLATE_NOOP("Hyperparameters", "KL warm-up steps"),
    "free_bits": QT_TRANSLATE_NOOP("Hyperparameters", "Free bits"),
    "fitted_prior": QT_TRANSLATE_NOOP("Hyperparameters", "Fitted prior"),
    "gan_loss": QT_TRANSLATE_NOOP("Hyperparameters", "GAN loss"),
    "gp_weight": QT_TRANSLATE_NOOP("Hyperparameters", "Gradient penalty"),
    "spectral_norm": QT_TRANSLATE_NOOP("Hyperparameters", "Spectral norm"),
    "self_condition": QT_TRANSLATE_NOOP("Hyperparameters", "Self-conditioning clusters"),
    "objective": QT_TRANSLATE_NOOP("Hyperparameters", "Objective"),
    "solver": QT_TRANSLATE_NOOP("Hyperparameters", "Sampler"),
    "sampler_steps": QT_TRANSLATE_NOOP("Hyperparameters", "Sampler steps"),
    "guidance": QT_TRANSLATE_NOOP("Hyperparameters", "Guidance scale"),
    "label_dropout": QT_TRANSLATE_NOOP("Hyperparameters", "Label dropout"),
    "ema_decay": QT_TRANSLATE_NOOP("Hyperparameters", "Weight average decay"),
    "adam_beta1": QT_TRANSLATE_NOOP("Hyperparameters", "Adam β1"),
    "adam_beta2": QT_TRANSLATE_NOOP("Hyperparameters", "Adam β2"),
    "weight_decay": QT_TRANSLATE_NOOP("Hyperparameters", "Weight decay"),
    "val_fraction": QT_TRANSLATE_NOOP("Hyperparameters", "Validation share"),
    "early_stopping_patience": QT_TRANSLATE_NOOP("Hyperparameters", "Early-stopping patience"),
    "seed": QT_TRANSLATE_NOOP("Hyperparameters", "Seed"),
    "device": QT_TRANSLATE_NOOP("Hyperparameters", "Device"),
    "amp": QT_TRANSLATE_NOOP("Hyperparameters", "Mixed precision"),
}


def field_title(field: str) -> str:
    """A column's title in the user's language (fields it does not know keep their config name)."""
    title = FIELD_TITLES.get(field)
    return QCoreApplication.translate("Hyperparameters", title) if title else field


def format_value(value, field: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return QCoreApplication.translate("Hyperparameters", "yes") if value else \
            QCoreApplication.translate("Hyperparameters", "no")
    if isinstance(value, float):
        return f"{value:g}" if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return option_name(field, value)  # "flow" -> "Rectified flow", as the Training form offers it
    return str(value)


def settings_text(settings: dict) -> str:
    """``{field: value}`` on one line in the user's language, as the tables name and show them:
    "Epochs: 10 · Batch size: 64 · Objective: Rectified flow"."""
    pair = QCoreApplication.translate("Hyperparameters", "%1: %2")
    return " · ".join(fill(pair, field_title(f), format_value(v, f)) for f, v in settings.items())


class _SortableItem(QTableWidgetItem):
    """Numbers sort as numbers, text as the user reads it, "–" last."""

    def __init__(self, value, field: str) -> None:
        super().__init__(format_value(value, field))
        self.key = (2, 0.0, "") if value is None else (0, float(value), "") if isinstance(value, (int, float)) \
            else (1, 0.0, self.text())

    def __lt__(self, other) -> bool:
        return self.key < getattr(other, "key", (3, 0.0, ""))


class HyperparameterTable(FilledWhenShown, QWidget):
    """``set_runs(runs)`` (RunInfo of core.training.runs); ``runActivated`` carries a run folder.

    Filling a wide table costs tens of ms on the GUI thread, and the table sits on a tab that is
    mostly hidden: while hidden it only keeps the runs, and fills when it is shown."""

    runActivated = Signal(str)

    def __init__(self, report: Optional[Callable[[str], None]] = None, parent=None) -> None:
        super().__init__(parent)
        self.runs: list = []
        self.only_differences = QCheckBox(self.tr("Only what differs"))
        self.only_differences.setChecked(True)
        self.only_differences.setToolTip(self.tr("Hide the settings every run shares"))
        self.only_differences.toggled.connect(lambda _checked: self.fill_later())
        self.note = QLabel()
        self.note.setObjectName("hyperparameterNote")
        self.table = QTableWidget()
        self.table.setObjectName("hyperparameterTable")
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.setSortingEnabled(True)
        self.table.setToolTip(self.tr("The settings of each run; right-click a run to show its folder"))
        self.table.setContextMenuPolicy(Qt.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.itemDoubleClicked.connect(lambda item: self.runActivated.emit(self._run_dir(item.row())))
        self.reveal_action = reveal_action(self.table, lambda: [self.selected_run_dir()],
                                           report or (lambda _text: None))
        self.table.addAction(self.reveal_action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.only_differences)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def set_runs(self, runs: list) -> None:
        self.runs = list(runs)
        self.fill_later()

    def fields(self) -> list[str]:
        return columns([r.config.to_dict() for r in self.runs], self.only_differences.isChecked())

    def _fill_now(self) -> None:
        configs = [r.config.to_dict() for r in self.runs]
        fields = self.fields()
        self.table.setSortingEnabled(False)
        self.table.clear()
        self.table.setColumnCount(1 + len(fields))
        self.table.setHorizontalHeaderLabels([self.tr("Run")] + [field_title(f) for f in fields])
        self.table.setRowCount(len(self.runs))
        for row, (run, config) in enumerate(zip(self.runs, configs)):
            name = QTableWidgetItem(run.name)
            name.setData(RunDirRole, run.run_dir)
            name.setToolTip(run.run_dir)
            self.table.setItem(row, 0, name)
            shown = hyperparameters(config)
            for col, field in enumerate(fields, start=1):
                self.table.setItem(row, col, _SortableItem(shown.get(field), field))
        self.table.setSortingEnabled(True)
        if not self.runs:
            self.note.setText(self.tr("No runs yet."))
        elif self.only_differences.isChecked() and len(self.runs) > 1 and not fields:
            self.note.setText(self.tr("Every run has the same settings."))
        else:
            self.note.clear()
        self.note.setVisible(bool(self.note.text()))

    def _run_dir(self, row: int) -> str:
        item = self.table.item(row, 0)
        return item.data(RunDirRole) if item is not None else ""

    def selected_run_dir(self) -> str:
        self.fill_if_stale()
        return self._run_dir(self.table.currentRow()) if self.table.currentRow() >= 0 else ""

    def select_run(self, run_dir: str) -> None:
        self.fill_if_stale()
        for row in range(self.table.rowCount()):
            if Path(self._run_dir(row)) == Path(run_dir):
                self.table.selectRow(row)
                return

    def _menu(self, pos) -> None:
        if self.table.itemAt(pos) is None:
            return
        menu = QMenu(self)
        menu.addAction(self.reveal_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))
