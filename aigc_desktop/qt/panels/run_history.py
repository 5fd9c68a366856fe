"""The Training panel's list of the runs of the dataset it trains on: tick runs to compare them,
select one (or click the selected one) to see its curves and samples, or continue it."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QListWidgetItem, QMenu, QPushButton, QVBoxLayout

from aigc_desktop.qt.reveal import reveal_action

from aigc_desktop.qt.run_text import finish_text, history_name, model_name, run_status
from aigc_desktop.qt.widgets import FillsItsSpace


def run_key_of(run_dir) -> str:
    """A run folder as one string, however it was spelled."""
    return str(Path(run_dir).resolve())


def run_key(run) -> str:
    return run_key_of(run.run_dir)


class RunHistory(FillsItsSpace, QGroupBox):
    """Newest run first; ``checkedChanged`` when the ticked runs change, ``selected`` with the run
    (or None) when the selection does."""

    checkedChanged = Signal()
    selected = Signal(object)

    def __init__(self, report=None, parent=None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Run history"))
        self.runs: list = []       # the runs shown: those of the current dataset
        self.all_runs: list = []   # every run of the project
        self._checked: set[str] = set()
        self._select_next: Optional[str] = None  # a run to select once the list is refreshed
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #64748b;")
        self.list = QListWidget()
        self.list.setToolTip(self.tr("Tick runs to compare their curves; select one to see its samples"))
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentItemChanged.connect(self._emit_selected)
        self.list.itemClicked.connect(self._emit_selected)  # a click on the selected row shows it again
        self.list.setContextMenuPolicy(Qt.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.reveal_action = reveal_action(self.list, self._selected_dirs, report or (lambda _text: None))
        self.list.addAction(self.reveal_action)
        self.continue_button = QPushButton(self.tr("Continue"))
        self.continue_button.setToolTip(self.tr("Resume the selected stopped run from its last checkpoint"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.continue_button)

    def set_runs(self, runs: list, folder_name: str = "", dataset_name: Optional[str] = None,
                 other_datasets=()) -> None:
        """Show the runs (oldest first, as the project lists them) of the dataset ``dataset_name``: all
        but those trained on one of ``other_datasets`` (the project's other datasets' names; a run
        trained on data the project does not hold, or naming none, is shown); the newest is ticked
        when none is."""
        current = self.selected_run()
        wanted = self._select_next or (run_key(current) if current is not None else None)
        self._select_next = None
        self.all_runs = list(runs)
        hidden = set(other_datasets) - {dataset_name}
        self.runs = [r for r in self.all_runs if r.dataset_name not in hidden]
        if not self._checked and self.runs:
            self._checked.add(run_key(self.runs[-1]))  # the newest, so the comparison shows something
        self.list.blockSignals(True)
        self.list.clear()
        chosen = None
        for run in reversed(self.runs):
            key = run_key(run)
            item = QListWidgetItem(self.label(run))
            item.setData(Qt.UserRole, key)
            item.setToolTip(f"{run.run_dir}\n{finish_text(run.message)}" if run.message else run.run_dir)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if key in self._checked else Qt.Unchecked)
            self.list.addItem(item)
            if key == wanted:
                chosen = item
        if chosen is not None:
            self.list.setCurrentItem(chosen)
        self.list.blockSignals(False)
        self.hint.setText(self._hint(folder_name, dataset_name, len(self.all_runs) - len(self.runs)))
        self.checkedChanged.emit()
        if self._selected_key_changed(current):
            self.selected.emit(self.selected_run())

    def _hint(self, folder_name: str, dataset_name: Optional[str], elsewhere: int) -> str:
        if self.runs and dataset_name:
            text = (self.tr("%n run(s) on %1 in %2", "", len(self.runs))
                    .replace("%1", dataset_name).replace("%2", folder_name))
        elif self.runs:
            text = self.tr("%n run(s) in %1", "", len(self.runs)).replace("%1", folder_name)
        elif dataset_name:
            text = self.tr("No runs on %1 yet: its finished and stopped runs appear here.").replace("%1", dataset_name)
        else:
            text = self.tr("No runs yet: finished and stopped runs of this project appear here.")
        if elsewhere:
            text += " " + self.tr("%n more on the project's other datasets (choose one above to see them).", "",
                                  elsewhere)
        return text

    def _selected_key_changed(self, before) -> bool:
        after = self.selected_run()
        return (before is None) != (after is None) or (after is not None and run_key(after) != run_key(before))

    def select_when_refreshed(self, run_dir) -> None:
        """Select this run (one just finished: what the monitor shows) once the list is refreshed."""
        self._select_next = run_key_of(run_dir)

    def clear_selection(self) -> None:
        """No run is selected (a new run trains: the monitor shows it, not a past one)."""
        self.list.blockSignals(True)
        self.list.setCurrentItem(None)
        self.list.clearSelection()
        self.list.blockSignals(False)

    def _emit_selected(self, *_args) -> None:
        self.selected.emit(self.selected_run())

    def label(self, run) -> str:
        last = run.history[-1] if run.history else {}
        key = "g_loss" if run.config.model == "gan" else "loss"
        loss = f" · {history_name(key)} {last[key]:.4g}" if key in last and last[key] is not None else ""
        return (f"{run.name}\n{model_name(run.config.model)} · {run.epochs_done}/{run.config.epochs} "
                + self.tr("epochs") + f" · {run_status(run.status)}{loss}")

    def check(self, run_dir) -> None:
        """Tick a run (one just finished) so it is compared once the list is refreshed."""
        self._checked.add(run_key_of(run_dir))

    def checked_runs(self) -> list:
        return [run for run in self.runs if run_key(run) in self._checked]

    def selected_run(self) -> Optional[object]:
        item = self.list.currentItem()
        if item is None:
            return None
        return next((run for run in self.runs if run_key(run) == item.data(Qt.UserRole)), None)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.UserRole)
        if item.checkState() == Qt.Checked:
            self._checked.add(key)
        else:
            self._checked.discard(key)
        self.checkedChanged.emit()

    def select(self, run_dir) -> None:
        """Make ``run_dir`` the current run (its samples show)."""
        key = str(Path(run_dir).resolve())
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.UserRole) == key:
                self.list.setCurrentRow(row)
                return

    def _selected_dirs(self) -> list[str]:
        run = self.selected_run()
        return [run.run_dir] if run is not None else []

    def _menu(self, pos) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        self.list.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(self.reveal_action)
        menu.exec(self.list.viewport().mapToGlobal(pos))
