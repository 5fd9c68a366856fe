"""At 1024×700, in English and in Chinese, no panel needs an outer scrollbar.

Each main-window panel sits in a scroll area that scrolls only when the window is smaller than the
panel's minimum size; a panel whose minimum outgrows a 1024×700 window (a wrapped label asking for
its height at the width of its longest line, a form that cannot shrink) shows an outer scrollbar
that moves its own toolbar out of view. The test walks every panel, the Training panel's tabs and
the Gallery's tabs with real runs and fails on any visible outer scrollbar.
"""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from tests.qt.gallery_fixtures import make_project, train_tiny_run

SMALL = (1024, 700)


@pytest.fixture(params=["en", "zh_CN"])
def small_window(request, tmp_path, qtbot, mnist):
    from aigc_desktop.qt import i18n
    from aigc_desktop.qt.app import create_app
    from aigc_desktop.qt.main_window import MainWindow

    images, labels = mnist
    project = make_project(tmp_path / "p", images[:400], labels[:400])
    train_tiny_run(project, "vae-run", "vae", images[:200])
    train_tiny_run(project, "gan-run", "gan", images[:200])
    app = create_app(language=request.param)
    win = MainWindow(probe_device=False)
    qtbot.addWidget(win)
    win.resize(*SMALL)
    win.show()
    qtbot.waitExposed(win)
    win.open_project(project)
    yield win
    win.close()
    i18n.install_translators(app, "en")


def outer_scrollbars(window) -> list[str]:
    """The scroll bars of the current panel's outer scroll area that show."""
    QApplication.processEvents()
    page = window.tabs.currentWidget()
    assert isinstance(page, QScrollArea)
    bars = (("vertical", page.verticalScrollBar()), ("horizontal", page.horizontalScrollBar()))
    shown = [name for name, bar in bars if bar.isVisible()]
    if not shown:
        return []
    panel, viewport = page.widget(), page.viewport()
    minimum = panel.minimumSizeHint()
    # what makes the panel taller than the window: its minimum size, or a wrapped text asking for
    # more height at this width
    tall = [f"{type(w).__name__}#{w.objectName()} wants {w.heightForWidth(w.width())} px at {w.width()} px"
            for w in panel.findChildren(QWidget) if w.isVisible() and w.hasHeightForWidth()
            and w.heightForWidth(w.width()) > w.height() + 20]
    return [f"{name} (minimum {minimum.width()}×{minimum.height()}, height for width "
            f"{panel.heightForWidth(viewport.width())}, in {viewport.width()}×{viewport.height()}; {tall})"
            for name in shown]


def test_no_panel_shows_an_outer_scrollbar_at_1024x700(small_window, qtbot):
    window = small_window
    assert (window.width(), window.height()) == SMALL
    problems: list[str] = []

    def look(what: str) -> None:
        qtbot.wait(50)
        problems.extend(f"{what}: {bar}" for bar in outer_scrollbars(window))

    training = window.panels["training"]
    for key, panel in window.panels.items():
        window.tabs.setCurrentWidget(panel)
        qtbot.waitUntil(lambda: not training.is_reading_history(), timeout=120000)
        look(f"panel {key}")

    window.tabs.setCurrentWidget(training)
    for tab in range(training.bottom_tabs.count()):
        training.bottom_tabs.setCurrentIndex(tab)
        look(f"training tab {training.bottom_tabs.tabText(tab)}")
    training.bottom_tabs.setCurrentIndex(0)

    gallery = window.panels["gallery"]
    window.tabs.setCurrentWidget(gallery)
    assert len(gallery.runs) == 2
    for run in range(len(gallery.runs)):
        gallery.run_combo.setCurrentIndex(run)
        for tab in range(gallery.tabs.count()):
            gallery.tabs.setCurrentIndex(tab)
            qtbot.waitUntil(lambda: not gallery.busy(), timeout=120000)
            look(f"gallery run {run} tab {gallery.tabs.tabText(tab)}")
    gallery.tabs.setCurrentIndex(0)

    assert not problems, "outer scrollbars at 1024×700:\n" + "\n".join(problems)
