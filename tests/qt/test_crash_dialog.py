"""The GUI's crash handling: an unexpected exception is a dialog with "Copy details" and "Open log
folder" and a crash log on disk; a worker's bug is logged too; items outside the dataset root
are marked in the Data panel; names that are not UTF-8 display."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

from aigc_desktop.qt.models.item_table_model import ISSUES, PATH
from tests.qt.data_fixtures import import_now


@pytest.fixture
def handler(qapp, monkeypatch, tmp_path):
    from aigc_desktop.qt import crash_dialog

    monkeypatch.setenv("AIGC_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(crash_dialog, "enable_faulthandler", lambda: None)  # pytest keeps its own
    handler = crash_dialog.CrashHandler(qapp)
    handler.install()
    yield handler
    handler.uninstall()
    for dialog in handler.open_dialogs:
        dialog.close()


def _raise_in_slot():
    return {}["missing key"]


def test_an_exception_in_a_slot_is_a_dialog_and_a_crash_log(handler, qtbot, tmp_path, monkeypatch):
    try:
        _raise_in_slot()
    except KeyError:
        sys.excepthook(*sys.exc_info())  # what Qt does with an exception a slot raised
    qtbot.waitUntil(lambda: bool(handler.open_dialogs), timeout=5000)
    dialog = handler.open_dialogs[-1]
    assert "KeyError" in dialog.message.text() and "missing key" in dialog.message.text()
    (log,) = (tmp_path / "logs").glob("crash-*.log")
    assert dialog.log_label.text() == str(log)
    assert "Traceback" in log.read_text() and "_raise_in_slot" in log.read_text()
    dialog.copy_button.click()
    assert "missing key" in QGuiApplication.clipboard().text()
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url).toLocalFile()) or True)
    dialog.open_button.click()
    assert opened == [str(log.parent)]
    assert dialog.isVisible()  # neither button closes it
    dialog.grab().save(str(tmp_path / "crash-dialog.png"))


def test_a_user_error_that_escapes_is_a_plain_warning_without_a_log(handler, qtbot, tmp_path):
    from aigc_desktop.core.errors import UserError

    handler.report(UserError("that folder does not exist"))
    qtbot.wait(50)
    assert not (tmp_path / "logs").exists()
    assert not handler.open_dialogs


def test_repeated_errors_do_not_bury_the_window(handler, qtbot):
    for _ in range(10):
        try:
            _raise_in_slot()
        except KeyError as exc:
            handler.report(exc)
    qtbot.waitUntil(lambda: len(handler.open_dialogs) == 3, timeout=5000)
    qtbot.wait(100)
    assert len(handler.open_dialogs) == 3
    assert len(handler.logs) == 10  # every one is logged all the same


def test_a_job_bug_is_logged_and_reported_in_words(qtbot, tmp_path, monkeypatch):
    from aigc_desktop.qt.jobs import JobRunner

    monkeypatch.setenv("AIGC_LOG_DIR", str(tmp_path / "logs"))

    def buggy(ctx):
        return 1 / 0

    runner = JobRunner()
    messages = []
    handle = runner.start(buggy, on_failed=messages.append)
    with qtbot.waitSignal(handle.finished, timeout=10000):
        pass
    runner.shutdown()
    (log,) = (tmp_path / "logs").glob("crash-*.log")
    assert messages and "ZeroDivisionError" in messages[0] and str(log) in messages[0]


def test_the_data_panel_marks_items_outside_the_root_and_shows_odd_names(window, tmp_path, qtbot):
    root = tmp_path / "data"
    (root / "a").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    rng = np.random.default_rng(0)
    for name in ("x.png", "y.png"):
        Image.fromarray((rng.random((28, 28)) * 255).astype(np.uint8)).save(root / "a" / name)
    Image.fromarray((rng.random((28, 28)) * 255).astype(np.uint8)).save(elsewhere / "far.png")
    (root / "a" / "link.png").symlink_to(elsewhere / "far.png")
    odd = os.fsdecode(b"caf\xe9.png")
    Image.fromarray((rng.random((28, 28)) * 255).astype(np.uint8)).save(root / "a" / odd)
    project = tmp_path / "p.aigc"
    import_now(project, root)
    assert window.open_project(str(project))
    panel = window.panels["data"]
    window.tabs.setCurrentWidget(panel)
    model = panel.model
    rows = {model.data(model.index(r, PATH)): r for r in range(model.rowCount())}
    assert "a/caf\\xe9.png" in rows
    link_row = rows["a/link.png"]
    assert "outside the dataset root" in model.data(model.index(link_row, ISSUES))
    assert "Outside the dataset root" in model.data(model.index(link_row, PATH), 3)  # the tooltip
    assert "outside" not in model.data(model.index(rows["a/x.png"], ISSUES))
    panel.view.selectRow(link_row)
    qtbot.waitUntil(lambda: "Outside the dataset root" in panel.detail.problems.text(), timeout=5000)
    Path(tmp_path / "shots").mkdir()
    window.grab().save(str(tmp_path / "shots" / "outside-root.png"))


def test_a_native_crash_of_the_gui_leaves_a_trace_in_the_log_folder(tmp_path):
    import subprocess

    script = ("import faulthandler\n"
              "from PySide6.QtWidgets import QApplication\n"
              "from aigc_desktop.qt.crash_dialog import install_crash_handler\n"
              "app = QApplication([])\n"
              "install_crash_handler(app)\n"
              "faulthandler._sigsegv()  # what a crash inside a library does\n")
    env = {**os.environ, "AIGC_LOG_DIR": str(tmp_path / "logs"), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    trace = (tmp_path / "logs" / "native-crashes.log").read_text()
    assert "Segmentation fault" in trace and "File " in trace  # the Python stack of the crashing thread
