"""At 1024×700, in English and in Chinese, every panel fits: no outer scrollbar, no squashed field,
no cut combo text.

Each main-window panel sits in a scroll area that scrolls only when the window is smaller than the
panel's minimum size; a panel whose minimum outgrows a 1024×700 window (a wrapped label asking for
its height at the width of its longest line, a form that cannot shrink) shows an outer scrollbar
that moves its own toolbar out of view. The test walks every panel, the Training panel's tabs and
the Gallery's tabs with real runs and fails on any visible outer scrollbar.
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QAbstractSpinBox, QApplication, QComboBox, QScrollArea, QStyle, QStyleOptionComboBox, QWidget,
)

from tests.qt.gallery_fixtures import make_project, train_tiny_run

SMALL = (1024, 700)


@pytest.fixture(params=["en", "zh_CN"])
def small_window(request, tmp_path, qtbot, mnist):
    from aigc_desktop.qt import i18n
    from aigc_desktop.qt.app import create_app
    from aigc_desktop.qt.main_window import MainWindow

    images, labels = mnist
    project = make_project(tmp_path / "p", images[:400], labels[:400])
    train_tiny_run(project, "20261201-090000-vae", "vae", images[:200])  # names as the app gives them
    train_tiny_run(project, "20261201-091500-gan", "gan", images[:200])
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


def uncut_width(combo: QComboBox) -> int:
    """The width a combo box needs to show its current text whole: the text, the arrow, the frame."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    text = combo.fontMetrics().horizontalAdvance(combo.currentText())
    return combo.style().sizeFromContents(QStyle.CT_ComboBox, option, QSize(text, combo.fontMetrics().height()),
                                          combo).width()


def test_every_panel_fits_1024x700(small_window, qtbot):
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

    data = window.panels["data"]
    window.tabs.setCurrentWidget(data)
    qtbot.wait(50)
    if data.view.horizontalScrollBar().isVisible():  # the Status / issues column is cut
        problems.append("data: the table's columns are wider than the window")

    window.tabs.setCurrentWidget(training)
    qtbot.wait(50)
    # the form keeps its fields at their natural height (it scrolls inside its column instead)
    for field in training.form.findChildren(QAbstractSpinBox) + training.form.findChildren(QComboBox):
        if field.isVisibleTo(training.form) and field.height() < field.sizeHint().height():
            problems.append(f"training form: {type(field).__name__} squashed to {field.height()} px")
    model = training.form.model
    if uncut_width(model) > model.width():
        problems.append(f"training form: {model.currentText()!r} cut in a {model.width()} px combo box")
    if training.start_button.visibleRegion().isEmpty() or training.history.list.height() < 60:
        problems.append("training: Start or the run history is out of view")
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
        for combo in (gallery.run_combo, gallery.class_combo):
            if uncut_width(combo) > combo.width():
                problems.append(f"gallery: {combo.currentText()!r} cut in a {combo.width()} px combo box "
                                f"(needs {uncut_width(combo)}, asks for {combo.sizeHint().width()})")
        if gallery.zoom_slider.width() < 48:
            problems.append(f"gallery: the zoom slider is {gallery.zoom_slider.width()} px wide")
    gallery.tabs.setCurrentIndex(0)

    assert not problems, "at 1024×700:\n" + "\n".join(problems)
