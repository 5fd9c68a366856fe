"""The QApplication: names, icon, style sheet, translators; and the GUI's entry point."""
from __future__ import annotations

import logging
import os
import sys
from typing import Optional, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from aigc_desktop import APP_ID, APP_NAME, ORG_NAME, __version__
from aigc_desktop.qt import i18n
from aigc_desktop.qt.gc_guard import install_gui_thread_collector
from aigc_desktop.qt.resources import icon, style_sheet


def create_app(argv: Optional[Sequence[str]] = None, language: str | None = None) -> QApplication:
    """The one QApplication, created once and configured (reused when it already exists)."""
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setAttribute(Qt.AA_ShareOpenGLContexts)
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(icon("aigc-desktop"))
    app.setStyleSheet(style_sheet())
    i18n.install_translators(app, language)
    install_gui_thread_collector(app)
    return app


def run_gui(project: str | None = None, demo: bool = False, language: str | None = None,
            screenshot: str | None = None, debug: bool = False) -> int:
    from aigc_desktop.qt.crash_dialog import install_crash_handler
    from aigc_desktop.qt.main_window import MainWindow

    app = create_app(language=language)
    install_crash_handler(app, debug=debug)  # from here on, no exception goes unseen or unlogged
    wanted = language or i18n.effective_language()
    if i18n.usable_language(wanted) != wanted:  # boxes instead of text: English, and say what to install
        i18n.install_translators(app, "en")
    window = MainWindow()
    window.show()
    if i18n.usable_language(wanted) != wanted:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Warning, "Chinese font missing", i18n.CJK_FONT_HINT, QMessageBox.Ok, window)
        box.open()
    if project:
        if project.endswith(".aigc"):
            window.open_project(project)
        else:
            window.import_dataset(project)
    elif demo:
        window.open_demo()
    if screenshot:
        from aigc_desktop.qt.screenshot import schedule_screenshot

        schedule_screenshot(window, screenshot)
    code = app.exec()
    leave_if_jobs_are_stuck(code)
    return code


def leave_if_jobs_are_stuck(code: int) -> None:
    """The window has closed and saved what it owns; a job thread that did not stop (stuck in an
    import that cannot be interrupted) would make the interpreter's exit hang or abort, so leave at
    once with the window's exit code."""
    from aigc_desktop.qt.jobs import running_threads

    stuck = running_threads()
    if stuck:
        logging.getLogger(__name__).warning("leaving with %d job thread(s) still running", len(stuck))
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
