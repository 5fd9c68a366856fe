"""The main window: empty state, About, remembered settings, language, no torch at startup."""
from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from aigc_desktop.qt.main_window import MainWindow


def test_first_launch_shows_the_empty_state(window):
    assert window.stack.currentWidget() is window.empty_state
    assert window.empty_state.demo_button.isVisible()
    assert window.empty_state.import_button.isVisible()
    assert "drop" in window.empty_state.findChild(type(window.counts_label), "emptyText").text().lower()
    assert window.counts_label.text() == "No dataset"


def test_menus_have_the_file_actions(window):
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles[:2] == ["File", "Edit"] and "View" in titles and "Help" in titles
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions() if not a.isSeparator()]
    for expected in ["New Project…", "Open Project…", "Open Recent", "Import Dataset…", "Open Demo Dataset", "Quit"]:
        assert expected in texts


def test_about_shows_versions_and_device(window, qtbot):
    import PySide6
    from PySide6.QtCore import qVersion

    from aigc_desktop import __version__
    from aigc_desktop.qt.about import torch_version

    window.show_device("CPU (2 threads)")
    window.show_about()
    dialog = window.about_dialog
    qtbot.waitExposed(dialog)
    text = dialog.text.text()
    assert __version__ in text and qVersion() in text and PySide6.__version__ in text
    assert torch_version() in text and torch_version() != "—"
    assert "CPU (2 threads)" in text
    dialog.close()


def test_window_geometry_is_remembered_between_instances(qtbot):
    first = MainWindow(probe_device=False)
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(QRect(40, 50, 700, 520))
    qtbot.waitUntil(lambda: (first.width(), first.height()) == (700, 520))
    first.close()
    second = MainWindow(probe_device=False)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (700, 520)
    second.close()


def test_language_choice_is_remembered(window, qtbot):
    from aigc_desktop.qt import i18n

    assert i18n.chosen_language() == "system"
    window.language_actions["zh_CN"].trigger()
    assert i18n.chosen_language() == "zh_CN"
    again = MainWindow(probe_device=False)
    qtbot.addWidget(again)
    assert again.language_actions["zh_CN"].isChecked()
    again.close()


def test_chinese_translation_is_applied(qtbot):
    from aigc_desktop.qt import i18n

    app = QApplication.instance()
    try:
        assert i18n.install_translators(app, "zh_CN") == "zh_CN"
        win = MainWindow(probe_device=False)
        qtbot.addWidget(win)
        titles = [a.text() for a in win.menuBar().actions()]
        assert "&File" not in titles, titles  # translated
        assert any("文件" in t for t in titles)
        win.close()
    finally:
        i18n.install_translators(app, "en")


def test_showing_the_window_does_not_import_torch():
    code = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from aigc_desktop.qt.app import create_app\n"
        "from aigc_desktop.qt.main_window import MainWindow\n"
        "app = create_app(language='en')\n"
        "w = MainWindow()\n"
        "w.show(); app.processEvents()\n"
        "print('TORCH' if 'torch' in sys.modules else 'NO-TORCH')\n"
        "w.close()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "NO-TORCH"


def test_cyclic_garbage_is_collected_on_the_gui_thread_only(qapp, qtbot):
    """A worker thread must never destroy Qt objects: collection runs on a GUI-thread timer."""
    import gc
    import threading

    from PySide6.QtCore import QObject

    from aigc_desktop.qt.gc_guard import install_gui_thread_collector

    collector = install_gui_thread_collector(qapp)
    assert not gc.isenabled()
    destroyed_on = []

    class Node(QObject):
        pass

    def make_cycle():
        node = Node()
        node.me = node  # a reference cycle holding a Qt object
        node.destroyed.connect(lambda *_: destroyed_on.append(threading.current_thread().name))

    make_cycle()
    worker = threading.Thread(target=lambda: [[] for _ in range(100000)], name="worker")  # tracked allocations
    worker.start()
    worker.join()
    assert destroyed_on == []  # the worker's allocations did not trigger a collection
    thresholds = gc.get_threshold()
    gc.set_threshold(1, 1, 1)
    try:
        qtbot.waitUntil(lambda: bool(destroyed_on), timeout=5000)
    finally:
        gc.set_threshold(*thresholds)
    assert destroyed_on == [threading.main_thread().name]
    assert collector.timer.isActive()


def test_chinese_without_a_chinese_font_falls_back_to_english_and_says_what_to_install(qapp, monkeypatch):
    from PySide6.QtGui import QFontDatabase

    from aigc_desktop.qt import i18n

    assert i18n.usable_language("en") == "en"
    installed = bool(QFontDatabase.families(QFontDatabase.SimplifiedChinese))
    assert i18n.usable_language("zh_CN") == ("zh_CN" if installed else "en")
    monkeypatch.setattr(QFontDatabase, "families", lambda *args: [])  # a system without any CJK font
    assert not i18n.has_font_for("zh_CN") and i18n.usable_language("zh_CN") == "en"
    assert "fonts-noto-cjk" in i18n.CJK_FONT_HINT


def test_opened_projects_are_remembered_newest_first(window, tmp_path, qtbot):
    """The recent projects are written off the GUI thread, one write at a time, in the order opened."""
    from aigc_desktop.qt.main_window import REMEMBER_PROJECT
    from aigc_desktop.qt.settings import recent_projects

    paths = [tmp_path / f"{name}.aigc" for name in "abc"]
    for path in paths:  # the second and third open while the first is being written
        assert window.open_project(str(path), create=True)
    qtbot.waitUntil(lambda: not window.runner.is_running(REMEMBER_PROJECT), timeout=10000)
    assert recent_projects()[:3] == [str(p.resolve()) for p in reversed(paths)]


def test_a_project_opened_just_before_closing_is_remembered(qtbot, tmp_path):
    from aigc_desktop.qt.app import create_app
    from aigc_desktop.qt.main_window import MainWindow
    from aigc_desktop.qt.settings import recent_projects

    create_app(language="en")
    win = MainWindow(probe_device=False)
    qtbot.addWidget(win)
    first, second = tmp_path / "first.aigc", tmp_path / "second.aigc"
    assert win.open_project(str(first), create=True) and win.open_project(str(second), create=True)
    win.close()  # no event loop ran: the second was still waiting for the first's write
    assert recent_projects()[:2] == [str(second.resolve()), str(first.resolve())]
