"""What the panels share: the open project, its current dataset, the GUI thread's catalog connection,
the JobRunner, the undo stack, and how to report an error or a status (docs/ARCHITECTURE.md, "The
session"). Panels get this object, never the main window, so what they depend on is written down here.
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.data.dataset_ref import DatasetRef
from aigc_desktop.core.project import Project
from aigc_desktop.qt.jobs import JobRunner


class ProjectSession(QObject):
    """One open project (or none) and its current dataset; signals say what changed."""

    projectChanged = Signal()      # a project was opened, created or closed
    datasetChanged = Signal(int)   # the current dataset (id; -1: none)
    itemsChanged = Signal()        # items of the current dataset were edited or versioned

    def __init__(self, report_error: Callable[[str, str], None], show_status: Callable[[str, int], None],
                 parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.runner = JobRunner(self)
        self.undo_stack = QUndoStack(self)
        self._report_error = report_error
        self._show_status = show_status
        self.project: Optional[Project] = None
        self.catalog: Optional[Catalog] = None  # the GUI thread's connection; jobs open their own
        self.dataset_id: Optional[int] = None

    # ----- what is open ----------------------------------------------------------------------
    @property
    def project_path(self) -> Optional[str]:
        return str(self.project.path) if self.project is not None else None

    def has_dataset(self) -> bool:
        return self.catalog is not None and self.dataset_id is not None

    def dataset(self) -> Optional[DatasetRef]:
        """The current dataset, named for a job (which opens it on its own thread)."""
        return self.project.dataset(self.dataset_id) if self.has_dataset() else None

    def open_project(self, path, create: bool = False) -> Project:
        """Open (or create) a project and make its newest dataset current; UserError if it cannot be."""
        catalog = Catalog.open(path, create=create)
        self.close()
        self.catalog = catalog
        self.project = Project.at(path)
        datasets = catalog.datasets()
        self.dataset_id = datasets[-1].id if datasets else None
        self.projectChanged.emit()
        self.datasetChanged.emit(self.dataset_id if self.dataset_id is not None else -1)
        return self.project

    def set_dataset(self, dataset_id: int) -> None:
        self.dataset_id = dataset_id
        self.undo_stack.clear()
        self.datasetChanged.emit(dataset_id)

    def notify_items_changed(self) -> None:
        """A panel (or a job's outcome) changed the current dataset's items: labels, inclusion, versions."""
        self.itemsChanged.emit()

    def close(self) -> None:
        self.undo_stack.clear()
        if self.catalog is not None:
            self.catalog.close()
        self.catalog, self.project, self.dataset_id = None, None, None

    # ----- telling the user ------------------------------------------------------------------
    def report_error(self, title: str, message: str) -> None:
        """A dialog with one clear message (never a traceback)."""
        self._report_error(title, message)

    def show_status(self, message: str, timeout_ms: int = 0) -> None:
        self._show_status(message, timeout_ms)
