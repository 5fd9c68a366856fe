""""Reveal in Folder": show a file or folder in the system's file manager, selected where the
platform allows (Explorer's ``/select``, Finder's ``open -R``, the freedesktop ``FileManager1``
D-Bus interface that Nautilus, Dolphin, Nemo, Caja and Thunar implement); elsewhere the
containing folder opens through QDesktopServices.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Optional

import html

from PySide6.QtCore import QCoreApplication, QProcess, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QIcon
from PySide6.QtWidgets import QLabel

FILE_MANAGER = "org.freedesktop.FileManager1"


def _show_items_over_dbus(path: Path) -> bool:
    """Ask a freedesktop file manager to select ``path``; False when none is on the session bus."""
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface
    except ImportError:  # a Qt build without D-Bus
        return False
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    names = bus.interface().call("ListActivatableNames").arguments()
    registered = bus.interface().isServiceRegistered(FILE_MANAGER).value()
    if not registered and FILE_MANAGER not in (names[0] if names else []):
        return False
    manager = QDBusInterface(FILE_MANAGER, "/org/freedesktop/FileManager1", FILE_MANAGER, bus)
    manager.asyncCall("ShowItems", [QUrl.fromLocalFile(str(path)).toString()], "")  # no wait for it to start
    return True


def reveal_in_folder(path, platform: Optional[str] = None) -> bool:
    """Show ``path`` in the file manager; False (and nothing opened) when it does not exist."""
    path = Path(path)
    if not path.exists():
        return False
    platform = platform or sys.platform
    if platform == "win32":
        if QProcess.startDetached("explorer.exe", [f"/select,{path}"]):
            return True
    elif platform == "darwin":
        if QProcess.startDetached("open", ["-R", str(path)]):
            return True
    elif _show_items_over_dbus(path):
        return True
    folder = path if path.is_dir() else path.parent
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def reveal_action(parent, paths: Callable[[], list], report: Callable[[str], None]) -> QAction:
    """A "Reveal in Folder" action (Ctrl+Shift+R while ``parent``, the list or table it acts on, has
    the focus: several of them can be on screen at once) that shows the first of ``paths()``; when
    it is gone, ``report`` gets one line that says so."""
    action = QAction(QIcon.fromTheme("folder-open"),
                     QCoreApplication.translate("Reveal", "Reveal in Folder"), parent)
    action.setShortcut("Ctrl+Shift+R")
    action.setShortcutContext(Qt.WidgetShortcut)
    tip = QCoreApplication.translate("Reveal", "Show it in the system's file manager (Ctrl+Shift+R)")
    action.setToolTip(tip)
    action.setStatusTip(tip)

    def trigger() -> None:
        chosen = [p for p in paths() if p]
        if not chosen:
            return
        if not reveal_in_folder(chosen[0]):
            report(QCoreApplication.translate("Reveal", "%1 no longer exists").replace("%1", str(chosen[0])))

    action.triggered.connect(trigger)
    return action


class RevealLabel(QLabel):
    """A status line; after an export, ``show_result`` adds a "Reveal in Folder" link to what was written."""

    def __init__(self, report: Callable[[str], None], parent=None) -> None:
        super().__init__(parent)
        self.path: Optional[str] = None
        self._report = report
        self.setTextFormat(Qt.RichText)
        self.linkActivated.connect(self._on_link)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name): plain text, no link
        self.path = None
        super().setText(html.escape(text))

    def show_result(self, text: str, path) -> None:
        self.path = str(path)
        link = QCoreApplication.translate("Reveal", "Reveal in Folder")
        super().setText(f"{html.escape(text)} &nbsp;<a href='reveal'>{html.escape(link)}</a>")

    def _on_link(self, _href: str) -> None:
        if self.path and not reveal_in_folder(self.path):
            self._report(QCoreApplication.translate("Reveal", "%1 no longer exists").replace("%1", self.path))
