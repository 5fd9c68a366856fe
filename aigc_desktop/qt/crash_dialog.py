"""The GUI's crash handler: an unexpected exception becomes a dialog, never a silent traceback.

:func:`install_crash_handler` routes exceptions of the GUI thread (Qt slots, event handlers) and
of other threads to :func:`report_exception`: the full report is written to a crash log in the
user's log folder (:mod:`aigc_desktop.core.crash`), and a dialog says what happened in one line,
with **Copy details** (the whole report to the clipboard) and **Open log folder**. ``faulthandler``
writes a native crash (a segfault in a library) into the same folder. A
:class:`~aigc_desktop.core.errors.UserError` that escapes a handler is shown as a plain warning.
With ``--debug`` the traceback is printed to stderr as well.
"""
from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QMessageBox,
                               QPlainTextEdit, QPushButton, QStyle, QVBoxLayout, QWidget)

from aigc_desktop.core.crash import describe, enable_faulthandler, format_report, log_dir, write_crash_log
from aigc_desktop.core.errors import UserError

_MAX_OPEN_DIALOGS = 3  # an error that repeats on every repaint must not bury the window in dialogs


class CrashDialog(QDialog):
    """What went wrong in one line; the details one click away."""

    def __init__(self, summary: str, details: str, log: Optional[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details_text = details
        self.log = log
        self.setWindowTitle(self.tr("Internal error"))
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.SP_MessageBoxCritical).pixmap(48, 48))
        icon.setAlignment(Qt.AlignTop)
        self.message = QLabel(self.tr("Something went wrong inside AIGC Desktop: %1").replace("%1", summary))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        if log is not None:
            info = self.tr("Your data and projects were not changed. The details were saved to the file below; "
                           "please include them when you report the problem.")
        else:
            info = self.tr("The log folder cannot be written; copy the details to keep them.")
        self.info = QLabel(info)
        self.info.setWordWrap(True)
        self.log_label = QLabel(str(log) if log is not None else "")
        self.log_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.log_label.setStyleSheet("color: #475569;")
        self.log_label.setVisible(log is not None)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.details.setMinimumHeight(220)

        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.setToolTip(self.tr("Copy the full report (traceback, versions, command line)"))
        self.open_button = QPushButton(self.tr("Open log folder"))
        self.open_button.setToolTip(self.tr("Show the folder with the crash logs in the file manager"))
        self.show_button = QPushButton(self.tr("Show details"))
        self.show_button.setCheckable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        for button in (self.show_button, self.copy_button, self.open_button):
            buttons.addButton(button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_details)
        self.open_button.clicked.connect(self.open_log_folder)
        self.show_button.toggled.connect(self.details.setVisible)

        text = QVBoxLayout()
        text.addWidget(self.message)
        text.addWidget(self.info)
        text.addWidget(self.log_label)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text)
        self.copy_button.setText(self.tr("Copied"))

    def open_log_folder(self) -> bool:
        folder = self.log.parent if self.log is not None else log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class _Relay(QObject):
    """Carries an exception from any thread to the GUI thread."""

    raised = Signal(object, str)


class CrashHandler:
    """Installed once per application; shows at most a few dialogs at a time."""

    def __init__(self, app: QApplication, debug: bool = False) -> None:
        self.app, self.debug = app, debug
        self.open_dialogs: list[CrashDialog] = []
        self.logs: list[Path] = []
        self._relay = _Relay()
        self._relay.raised.connect(self._show, Qt.QueuedConnection)
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook

    def install(self) -> "CrashHandler":
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook
        enable_faulthandler()
        return self

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def _excepthook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_hook(exc_type, exc, tb)
            return
        if exc is None:
            exc = exc_type()
        if exc.__traceback__ is None:
            exc.__traceback__ = tb
        self.report(exc, "GUI thread")

    def _thread_excepthook(self, args) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        self.report(args.exc_value, f"thread {getattr(args.thread, 'name', '?')}")

    def report(self, exc: BaseException, where: str = "") -> Optional[Path]:
        """Log ``exc`` and show it (from any thread); returns the crash log's path."""
        if self.debug:
            import traceback

            traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
        log = None
        if not isinstance(exc, UserError):
            log = write_crash_log(exc, context=where)
            if log is not None:
                self.logs.append(log)
        self._relay.raised.emit(exc, str(log) if log else "")
        return log

    def _show(self, exc: BaseException, log: str) -> None:
        parent = QApplication.activeWindow()
        if isinstance(exc, UserError):
            box = QMessageBox(QMessageBox.Warning, QCoreApplication.translate("CrashDialog", "Error"), str(exc),
                              QMessageBox.Ok, parent)
            box.open()
            return
        self.open_dialogs = [d for d in self.open_dialogs if d.isVisible()]
        if len(self.open_dialogs) >= _MAX_OPEN_DIALOGS:
            return  # logged already
        dialog = CrashDialog(describe(exc), format_report(exc, context=""), Path(log) if log else None, parent)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.open_dialogs.append(dialog)
        dialog.open()


_handler: Optional[CrashHandler] = None


def install_crash_handler(app: QApplication, debug: bool = False) -> CrashHandler:
    global _handler
    if _handler is None:
        _handler = CrashHandler(app, debug).install()
    return _handler


def crash_handler() -> Optional[CrashHandler]:
    return _handler


def report_exception(exc: BaseException, where: str = "") -> Optional[Path]:
    """Report ``exc`` through the installed handler (or just log it when there is none)."""
    if _handler is not None:
        return _handler.report(exc, where)
    return write_crash_log(exc, context=where)
