"""Import from the GUI end to end: the menu, a drop, cancel, and closing the window mid-import."""
from __future__ import annotations

import re
import threading
import time
import warnings

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.qt import main_window as main_window_module
from aigc_desktop.qt.jobs import running_threads
from tests.qt.data_fixtures import wait_idle, write_digit_folder

N = 30


@pytest.fixture
def digits(tmp_path, mnist):
    images, labels = mnist
    return write_digit_folder(tmp_path / "digits", images, labels, N, corrupt=1)


@pytest.fixture
def slow_decoding(monkeypatch):
    """Decoding that takes long enough to cancel mid-way; tells when it has started."""
    from aigc_desktop.core.data import sources

    started = threading.Event()
    real = vars(sources._FileSource)["read"]

    def slow(self, path):
        started.set()
        time.sleep(0.05)
        return real(self, path)

    # small imports decode in threads of this process (see sources.processes), so the patch applies
    monkeypatch.setattr(sources._FileSource, "read", slow)
    return started


def datasets_in(project: str) -> list:
    with Catalog.open(project) as catalog:
        return [(d.name, d.n_items, len(catalog.items(d.id))) for d in catalog.datasets()]


def test_import_from_the_file_menu(window, digits, qtbot, monkeypatch):
    class ChosenFolder(QFileDialog):  # the user picks the folder and presses Open
        def exec(self):
            return 1

        def selectedFiles(self):
            return [str(digits)]

    monkeypatch.setattr(main_window_module, "QFileDialog", ChosenFolder)
    window.import_action.trigger()
    assert window.is_importing() and window.cancel_button.isVisible()
    assert not window.import_action.isEnabled()
    wait_idle(window, qtbot)
    assert window.stack.currentWidget() is window.tabs
    panel = window.panels["data"]
    assert panel.model.rowCount() == N + 1
    assert "Imported digits" in window.statusBar().currentMessage()
    assert not window.cancel_button.isVisible() and window.import_action.isEnabled()
    assert datasets_in(window.project_path) == [("digits", N + 1, N + 1)]


def test_an_import_says_what_it_is_doing_in_chinese(window, digits, qtbot, qapp, slow_decoding):
    """The status bar follows the import's steps (decoding, saving) in the user's language."""
    from aigc_desktop.qt import i18n
    from tests.qt.test_chinese_everywhere import english_words

    said: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: text and said.append(text))
    i18n.install_translators(qapp, "zh_CN")
    try:
        assert window.import_dataset(str(digits)) is not None
        wait_idle(window, qtbot)
    finally:
        i18n.install_translators(qapp, "en")
    steps = [text for text in said if re.search(r"[:：] ?\d", text)]  # "<step>: done / total"
    assert any("解码" in text for text in steps) and any("保存" in text for text in steps), said
    assert english_words([("status", text) for text in steps], {"digits"}) == []


def drop_on(window, path) -> bool:
    """Drag ``path`` over the window and drop it, as a file manager would; True if accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    with warnings.catch_warnings():  # PySide marks the QPoint constructor deprecated; it is the only one
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(window.rect().center(), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, enter)  # Qt delivers a drop only to a widget that accepted the enter
    drop = QDropEvent(QPointF(window.rect().center()), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, drop)
    return enter.isAccepted() and drop.isAccepted()


def test_import_by_dropping_a_folder_on_the_window(window, digits, qtbot):
    assert drop_on(window, digits)
    assert window.is_importing()
    wait_idle(window, qtbot)
    assert window.panels["data"].model.rowCount() == N + 1
    assert datasets_in(window.project_path)[0][1] == N + 1


def test_dropping_something_that_is_not_a_dataset_says_why(window, tmp_path, qtbot):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert drop_on(window, text)
    wait_idle(window, qtbot)
    assert "not a dataset" in window.statusBar().currentMessage()
    assert window.stack.currentWidget() is window.empty_state


def test_cancel_mid_import_leaves_no_partial_dataset(window, digits, slow_decoding, qtbot):
    project = str(digits.parent / "cancel.aigc")
    window.open_project(project, create=True)
    job = window.import_dataset(str(digits))
    assert slow_decoding.wait(20)
    with qtbot.waitSignal(job.cancelled, timeout=20000):
        qtbot.mouseClick(window.cancel_button, Qt.LeftButton)
    wait_idle(window, qtbot)
    assert datasets_in(project) == []
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.dataset_id is None and window.stack.currentWidget() is window.empty_state
    assert not window.cancel_button.isVisible() and window.import_action.isEnabled()


def test_closing_the_window_mid_import_stops_the_worker(window, digits, slow_decoding, qtbot):
    project = str(digits.parent / "closing.aigc")
    window.open_project(project, create=True)
    window.import_dataset(str(digits))
    assert slow_decoding.wait(20)
    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < 10
    assert running_threads() == []
    assert datasets_in(project) == []


def test_a_second_import_waits_for_the_first(window, digits, slow_decoding, qtbot):
    first = window.import_dataset(str(digits))
    assert first is not None
    assert window.import_dataset(str(digits)) is None
    assert "already running" in window.statusBar().currentMessage()
    window.cancel_import()
    wait_idle(window, qtbot)


def test_an_import_that_committed_is_not_reported_as_cancelled(window, digits, qtbot, monkeypatch):
    """Cancel pressed just as the import committed: the dataset is in the project, so the window
    shows it and says it was imported, never "cancelled; the project is unchanged"."""
    real = main_window_module.import_into_project

    def cancelled_late(project, source, ctx):
        dataset_id = yield from real(project, source, ctx)
        ctx.cancel.cancel()  # the click arrives after the transaction
        return dataset_id

    monkeypatch.setattr(main_window_module, "import_into_project", cancelled_late)
    job = window.import_dataset(str(digits))
    wait_idle(window, qtbot)
    assert job.outcome == "result" and job.ctx.cancelled
    assert datasets_in(window.project_path) == [("digits", N + 1, N + 1)]
    assert window.dataset_id is not None and window.stack.currentWidget() is window.tabs
    assert "Imported digits" in window.statusBar().currentMessage()


def test_the_imported_dataset_is_announced_once(window, digits, mnist, qtbot):
    """Opening the new project makes its (only) dataset current: the panels reload once, not twice."""
    told, reloads = [], []
    window.session.datasetChanged.connect(told.append)
    cleaning = window.panels["cleaning"]
    real_reload = cleaning.reload
    cleaning.reload = lambda: (reloads.append(1), real_reload())
    assert window.import_dataset(str(digits)) is not None
    wait_idle(window, qtbot)
    assert window.panels["data"].model.rowCount() == N + 1
    assert told == [window.dataset_id] and len(reloads) == 1
    assert cleaning.wizard_button.isEnabled()  # the cleaning panel shows the imported dataset
    images, labels = mnist
    second = write_digit_folder(digits.parent / "more", images, labels, 5, corrupt=0)
    assert window.import_dataset(str(second)) is not None  # into the open project: its dataset becomes current
    wait_idle(window, qtbot)
    assert len(told) == 2 and told[-1] == window.dataset_id != told[0]
    assert window.panels["data"].model.rowCount() == 5
