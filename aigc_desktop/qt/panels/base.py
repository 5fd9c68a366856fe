"""The contract of a panel (a tab of the main window), declared once.

A panel is built as ``Panel(session)`` with the :class:`~aigc_desktop.qt.session.ProjectSession`;
it never sees the main window. It names itself (``key``, ``icon_name``, :meth:`title`), is told
what changed through the hooks below, and stops its work in :meth:`shutdown` when the window closes
(the session's JobRunner then waits for it). docs/ARCHITECTURE.md, "Adding a panel".
"""
from __future__ import annotations

from typing import ClassVar

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget

from aigc_desktop.qt.resources import icon
from aigc_desktop.qt.session import ProjectSession
from aigc_desktop.qt.widgets import FillsItsSpace


class Panel(FillsItsSpace, QWidget):
    """Base of every panel: holds the session and connects its signals to the hooks. It fills the
    height its tab gives it, and scrolls only below its minimum size (:class:`FillsItsSpace`)."""

    key: ClassVar[str] = ""        # how the window and the self-test address it ("data", "training", ...)
    icon_name: ClassVar[str] = ""  # an icon of resources/icons

    def __init__(self, session: ProjectSession) -> None:
        super().__init__()
        self.session = session
        session.projectChanged.connect(self.on_project_changed)
        session.datasetChanged.connect(self.on_dataset_changed)
        session.itemsChanged.connect(self.on_items_changed)

    def title(self) -> str:
        """The tab's title, translated."""
        raise NotImplementedError(f"{type(self).__name__} must name its tab")

    def tab_icon(self) -> QIcon:
        return icon(self.icon_name or self.key)

    # ----- hooks: by default a panel ignores the change -----------------------------------------
    def on_project_changed(self) -> None:
        """A project was opened, created or closed."""

    def on_dataset_changed(self, dataset_id: int) -> None:
        """The current dataset changed (-1: none)."""

    def on_items_changed(self) -> None:
        """Items of the current dataset were edited or versioned (maybe by this panel itself)."""

    def shutdown(self) -> None:
        """The window closes: cancel what this panel started."""
