"""Qt-side fixtures: a fresh main window, and a check that no worker thread outlives a test."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def no_running_worker_threads(qapp):
    from aigc_desktop.qt.gc_guard import install_gui_thread_collector

    install_gui_thread_collector(qapp)  # cycles holding Qt objects are collected on this thread only
    yield
    from aigc_desktop.qt.jobs import running_threads

    leftover = running_threads()
    for thread in leftover:  # stop them so one failure does not cascade into the next tests
        thread.quit()
        thread.wait(10000)
    assert not leftover, f"{len(leftover)} worker thread(s) still running after the test"


@pytest.fixture
def window(qtbot):
    from aigc_desktop.qt.app import create_app
    from aigc_desktop.qt.main_window import MainWindow

    create_app(language="en")
    win = MainWindow(probe_device=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
