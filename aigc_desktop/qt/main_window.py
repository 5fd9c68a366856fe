"""The main window: hosts the panels, menus and status bar around one ProjectSession, runs imports."""
from __future__ import annotations

import logging
import os
import re
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog, QFrame, QLabel, QMainWindow, QMessageBox, QProgressBar, QPushButton, QScrollArea,
    QStackedWidget, QTabWidget, QWidget,
)

from aigc_desktop import APP_NAME
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import Progress
from aigc_desktop.core.project import Project, demo_paths, import_into_project, open_demo
from aigc_desktop.qt import i18n
from aigc_desktop.qt.empty_state import EmptyState
from aigc_desktop.qt.gui_pulse import GuiPulse, gui_pulse, stepping_aside
from aigc_desktop.qt.jobs import Job
from aigc_desktop.qt.panels import PANELS
from aigc_desktop.qt.panels.base import Panel
from aigc_desktop.qt.resources import icon
from aigc_desktop.qt.session import ProjectSession
from aigc_desktop.qt.settings import app_settings, forget_project, recent_projects, remember_project
from aigc_desktop.qt.widgets import fit_to_screen

log = logging.getLogger(__name__)

# what an import is doing, as the core words it (core/data/sources.py, catalog.py, quality/planting.py
# for the demo), and the same in the user's language
IMPORT_STEPS = (
    (re.compile(r"decoding (.+)"), QT_TRANSLATE_NOOP("MainWindow", "Decoding %1")),
    (re.compile(r"reading (.+)"), QT_TRANSLATE_NOOP("MainWindow", "Reading %1")),
    (re.compile(r"saving (\d+) items"), QT_TRANSLATE_NOOP("MainWindow", "Saving %1 items")),
    (re.compile(r"writing images"), QT_TRANSLATE_NOOP("MainWindow", "Writing the images")),
)
PROJECT_FILTER = "AIGC Desktop projects (*.aigc)"
REMEMBER_PROJECT = "remember project"  # the key of the job that adds a project to the recent ones


def _probe_device(ctx):
    from aigc_desktop.core.training.devices import probe_device

    return probe_device()


# modules the first clicks need that the window's start does not load: imported by a job once the
# window is up, so that the first search, the first Cleaning tab or wizard does not pay for them
WARM_UP_MODULES = ("numpy.char", "aigc_desktop.core.cleaning.versions", "aigc_desktop.core.quality.store",
                   # the built-in checks: the Data table names issues through them when a dataset opens
                   "aigc_desktop.core.quality.registry", "aigc_desktop.core.quality.checks",
                   "aigc_desktop.core.cleaning.apply",
                   "aigc_desktop.core.cleaning.report", "aigc_desktop.qt.cleaning_wizard.pages",
                   "aigc_desktop.qt.experiment_wizard", "aigc_desktop.qt.about")


def _warm_up_modules(ctx, pulse: Optional[GuiPulse] = None) -> None:
    import importlib

    with stepping_aside(pulse, ctx) if pulse is not None else nullcontext():  # the first clicks come first
        for name in WARM_UP_MODULES:
            ctx.cancel.raise_if_cancelled()
            importlib.import_module(name)


def describe_device(info) -> str:
    """How the status bar and About name a device, in the user's language."""
    if info.kind == "cpu":
        threads = info.threads  # a plain name: lupdate skips a call whose count is an attribute
        if threads:
            return QCoreApplication.translate("MainWindow", "CPU (%n thread(s))", "", threads)
        return QCoreApplication.translate("MainWindow", "CPU")
    return f"{info.kind.upper()}: {info.name}"


class PanelTabs(QTabWidget):
    """Tabs whose pages scroll when the window is smaller than a panel's minimum size, so no
    panel can force a minimum window size; panels are addressed directly, not their scrollers."""

    def add_panel(self, panel: QWidget, tab_icon, title: str) -> int:
        scroller = QScrollArea()
        scroller.setWidget(panel)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.NoFrame)
        return self.addTab(scroller, tab_icon, title)

    def setCurrentWidget(self, widget: QWidget) -> None:  # noqa: N802 (Qt naming)
        for index in range(self.count()):
            page = self.widget(index)
            if page is widget or (isinstance(page, QScrollArea) and page.widget() is widget):
                self.setCurrentIndex(index)
                return


class MainWindow(QMainWindow):
    """The session's signals tell the panels what changed; panels never reach into each other or
    into this window."""

    def __init__(self, probe_device: bool = True) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon("aigc-desktop"))
        self.setAcceptDrops(True)
        self.device_text = self.tr("detecting…")
        self.session = ProjectSession(report_error=self._error,
                                      show_status=lambda text, ms: self.statusBar().showMessage(text, ms), parent=self)
        self.runner = self.session.runner
        self.undo_stack = self.session.undo_stack
        self.session.projectChanged.connect(self._update_view)
        self.session.datasetChanged.connect(self._update_view)
        self.session.itemsChanged.connect(self._update_counts)
        self._import_job: Optional[Job] = None
        self._to_remember: list[str] = []  # projects opened, not yet written to the recent ones

        self.empty_state = EmptyState()
        self.empty_state.openDemoRequested.connect(self.open_demo)
        self.empty_state.importRequested.connect(self.choose_dataset_to_import)
        self.empty_state.openProjectRequested.connect(self.choose_project_to_open)
        self.tabs = PanelTabs()
        self.tabs.setDocumentMode(True)
        self.panels: dict[str, Panel] = {}
        for panel_class in PANELS:
            panel = panel_class(self.session)
            self.panels[panel.key] = panel
            self.tabs.add_panel(panel, panel.tab_icon(), panel.title())
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)

        self._build_menus()
        self._build_status_bar()
        self._restore_window_state()
        self._update_view()
        if probe_device:
            # torch loads after the window is up, never on the startup path (and only when it must)
            QTimer.singleShot(0, self._start_device_probe)
        QTimer.singleShot(0, self._warm_up_modules)

    def _warm_up_modules(self) -> None:
        pulse = gui_pulse()  # made here, on the GUI thread, where its timer must live
        self.runner.start(lambda ctx: _warm_up_modules(ctx, pulse))

    # ----- menus and status bar -------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, icon_name: str | None = None, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_project_action = self._action(self.tr("&New Project…"), self.choose_new_project,
                                               QKeySequence.New, "new", self.tr("Create an empty project file"))
        self.open_project_action = self._action(self.tr("&Open Project…"), self.choose_project_to_open,
                                                QKeySequence.Open, "open", self.tr("Open a project file (.aigc)"))
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.import_action = self._action(self.tr("&Import Dataset…"), self.choose_dataset_to_import,
                                          "Ctrl+I", "import",
                                          self.tr("Add a folder, CSV, IDX or NPZ dataset to the project"))
        self.demo_action = self._action(self.tr("Open &Demo Dataset"), self.open_demo, None, "demo",
                                        self.tr("Handwritten digits with planted dirt of every kind"))
        self.quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence.Quit)
        file_menu.insertAction(self.recent_menu.menuAction(), self.new_project_action)
        file_menu.insertAction(self.recent_menu.menuAction(), self.open_project_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence.Redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        view_menu = bar.addMenu(self.tr("&View"))
        language_menu = view_menu.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        current = i18n.chosen_language()
        self.language_actions: dict[str, QAction] = {}
        for code, name in [("system", self.tr("System Default"))] + list(i18n.LANGUAGES.items()):
            action = QAction(name, self, checkable=True)
            action.setChecked(code == current)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(action)
            language_menu.addAction(action)
            self.language_actions[code] = action

        help_menu = bar.addMenu(self.tr("&Help"))
        self.about_action = self._action(self.tr("&About AIGC Desktop"), self.show_about, None, "aigc-desktop")
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the running import (Esc)"))
        self.cancel_button.setShortcut(QKeySequence(Qt.Key_Escape))
        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsLabel")
        self.device_label = QLabel()
        self.device_label.setObjectName("deviceLabel")
        self.device_label.setToolTip(self.tr("Where models train: a CUDA GPU when present, else the CPU"))
        status.addPermanentWidget(self.progress_bar)
        status.addPermanentWidget(self.cancel_button)
        status.addPermanentWidget(self.counts_label)
        status.addPermanentWidget(self.device_label)
        self.progress_bar.hide()
        self.cancel_button.hide()
        self.show_device(self.device_text)

    def show_device(self, text: str) -> None:
        self.device_text = text
        self.device_label.setText(self.tr("Device: %1").replace("%1", text))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = recent_projects()
        for path in paths:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if not paths:
            none = self.recent_menu.addAction(self.tr("No recent projects"))
            none.setEnabled(False)

    # ----- project and dataset ---------------------------------------------------------------
    def choose_new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("New Project"), str(Path.home() / "project.aigc"),
                                              PROJECT_FILTER)
        if path:
            if not path.endswith(".aigc"):
                path += ".aigc"
            if Path(path).exists():
                self._error(self.tr("New Project"), self.tr("%1 already exists.").replace("%1", path))
                return
            self.open_project(path, create=True)

    def choose_project_to_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open Project"), str(Path.home()), PROJECT_FILTER)
        if path:
            self.open_project(path)

    # the session's state, read by the window's own code, the self-test and tests
    @property
    def project_path(self) -> Optional[str]:
        return self.session.project_path

    @property
    def dataset_id(self) -> Optional[int]:
        return self.session.dataset_id

    @property
    def catalog(self):
        return self.session.catalog

    def open_project(self, path: str, create: bool = False) -> bool:
        try:
            project = self.session.open_project(path, create=create)
        except UserError as exc:
            self._error(self.tr("Open Project"), str(exc))
            if not create and not Path(path).exists():
                forget_project(path)
            return False
        self._remember(str(project.path))
        self.setWindowTitle(f"{project.name} — {APP_NAME}")
        return True

    def _remember(self, path: str) -> None:
        """Add a project to the recent ones off the GUI thread: the settings file is written through
        to the disk (12-16 ms measured, more on a busy disk). One job writes at a time, in the order
        of the openings."""
        self._to_remember.append(path)
        if not self.runner.is_running(REMEMBER_PROJECT):
            self._write_remembered()

    def _write_remembered(self) -> None:
        paths, self._to_remember = self._to_remember, []
        if paths:
            self.runner.start(lambda ctx: [remember_project(path) for path in paths],
                              on_finished=self._write_remembered, latest_wins=True, key=REMEMBER_PROJECT)

    def choose_dataset_to_import(self) -> None:
        dialog = QFileDialog(self, self.tr("Import Dataset — choose a folder, or a CSV, IDX or NPZ file"))
        dialog.setFileMode(QFileDialog.ExistingFile)
        dialog.setOption(QFileDialog.DontUseNativeDialog, True)  # lets one dialog pick folders too
        dialog.setNameFilter(self.tr("Datasets (*.csv *.npz *.gz *ubyte *.idx *.aigc);;All files (*)"))
        dialog.currentChanged.connect(lambda p: dialog.setFileMode(
            QFileDialog.Directory if os.path.isdir(p) else QFileDialog.ExistingFile))
        dialog.setViewMode(QFileDialog.Detail)
        fit_to_screen(dialog, 960, 620)  # Qt's own dialog opens small, with its columns cut off
        if dialog.exec() and dialog.selectedFiles():
            self.import_dataset(dialog.selectedFiles()[0])

    def import_dataset(self, source_path: str) -> Optional[Job]:
        """Import in the background into the open project (or a new one named after the data)."""
        if source_path.endswith(".aigc"):
            self.open_project(source_path)
            return None
        if self._import_job is not None:
            self.statusBar().showMessage(self.tr("An import is already running."), 5000)
            return None
        project = self.session.project
        if project is None or project == demo_paths()[1]:
            # the demo's project is the app's own sandbox: the user's data get a project of their own,
            # so their runs are never filed beside the demo's
            project = Project.default_for(source_path)
        return self._start_import(self.tr("Importing %1").replace("%1", Path(source_path).name), project,
                                  lambda ctx: import_into_project(project, source_path, ctx))

    def open_demo(self) -> Optional[Job]:
        if self._import_job is not None:
            return None
        return self._start_import(self.tr("Opening the demo dataset"), demo_paths()[1], open_demo)

    def _start_import(self, text: str, project: Project, job) -> Optional[Job]:
        self.progress_bar.setFormat(text + " %p%")
        self.statusBar().showMessage(text + "…")
        self.import_action.setEnabled(False)
        self.demo_action.setEnabled(False)
        self._import_job = self.runner.start(
            job, on_progress=self._on_import_progress, on_result=lambda dataset_id: self._on_imported(project, dataset_id),
            on_failed=lambda message: self._error(self.tr("Import"), message),
            on_cancelled=lambda: self.statusBar().showMessage(self.tr("Import cancelled; the project is unchanged."),
                                                              8000),
            on_finished=self._on_import_finished, progress_bar=self.progress_bar, cancel_button=self.cancel_button)
        return self._import_job

    def _on_import_progress(self, event: Any) -> None:
        if isinstance(event, Progress):
            step = i18n.translate_matching(event.message, IMPORT_STEPS, "MainWindow",
                                           lambda part: f"{int(part):,}" if part.isdigit() else part)
            step = step or event.message or self.tr("Importing")
            self.statusBar().showMessage(
                i18n.fill(self.tr("%1: %2 / %3"), step, f"{event.done:,}", f"{event.total:,}") if event.total else
                i18n.fill(self.tr("%1: %2"), step, f"{event.done:,}"))

    def _on_imported(self, project: Project, dataset_id: int) -> None:
        if project != self.session.project:
            self.open_project(str(project.path))  # its newest dataset, the one imported, is current now
        if self.session.dataset_id != int(dataset_id):  # told once: every panel reloads when told
            self.session.set_dataset(int(dataset_id))
        if self.catalog is not None:
            info = self.catalog.dataset(int(dataset_id))
            self.statusBar().showMessage(
                self.tr("Imported %1: %2 items").replace("%1", info.name).replace("%2", f"{info.n_items:,}"), 8000)

    def _on_import_finished(self) -> None:
        self._import_job = None
        self.import_action.setEnabled(True)
        self.demo_action.setEnabled(True)

    def is_importing(self) -> bool:
        return self._import_job is not None

    def cancel_import(self) -> None:
        if self._import_job is not None:
            self._import_job.cancel()
            self.statusBar().showMessage(self.tr("Cancelling…"))

    # ----- drag and drop ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_dataset(paths[0])

    # ----- view state ------------------------------------------------------------------------
    def _update_view(self, *_changed) -> None:
        has_data = self.catalog is not None and self.dataset_id is not None and bool(self.panels)
        self.stack.setCurrentWidget(self.tabs if has_data else self.empty_state)
        self._update_counts()

    def _update_counts(self, *_changed) -> None:
        if self.catalog is None or self.dataset_id is None:
            self.counts_label.setText(self.tr("No dataset"))
            return
        counts = self.catalog.counts(self.dataset_id)  # reads the corrupt items and the edits only
        self.counts_label.setText(
            self.tr("%1 items · %2 corrupt · %3 excluded")
            .replace("%1", f"{counts['items']:,}")
            .replace("%2", f"{counts['corrupt']:,}")
            .replace("%3", f"{counts['excluded']:,}"))

    def _start_device_probe(self) -> None:
        from aigc_desktop.core.training.devices import quick_probe

        known = quick_probe()  # a CPU-only torch: known without importing it
        if known is not None:
            self._on_device_probed(known)
            return
        self.runner.start(_probe_device, on_result=self._on_device_probed, on_failed=self._on_device_probe_failed)

    def _on_device_probe_failed(self, message: str) -> None:
        log.warning("device probe failed: %s", message)
        self.show_device(self.tr("unknown"))

    def _on_device_probed(self, info) -> None:
        self.show_device(describe_device(info))

    def set_language(self, code: str) -> None:
        i18n.set_chosen_language(code)
        box = QMessageBox(QMessageBox.Information, self.tr("Language"),
                          self.tr("The new language is used from the next start of AIGC Desktop."),
                          QMessageBox.Ok, self)
        box.open()

    def show_about(self) -> None:
        from aigc_desktop.qt.about import AboutDialog

        self.about_dialog = AboutDialog(self.device_text, self)
        self.about_dialog.open()

    def _error(self, title: str, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        box = QMessageBox(QMessageBox.Warning, title, message, QMessageBox.Ok, self)
        box.open()

    def _restore_window_state(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 800)
        state = settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        tab = settings.value("window/tab", 0)
        try:
            self.tabs.setCurrentIndex(int(tab))
        except (TypeError, ValueError):
            pass

    def save_window_state(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/tab", self.tabs.currentIndex())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        for panel in self.panels.values():
            panel.shutdown()
        self.runner.shutdown()
        for path in self._to_remember:  # opened while the ones before were being written
            remember_project(path)
        self._to_remember.clear()
        self.session.close()
        super().closeEvent(event)
