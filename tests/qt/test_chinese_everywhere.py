"""In Simplified Chinese no panel, wizard page or dialog shows untranslated English.

The test walks the window as a user would (every tab, the Gallery's tabs with real runs, every page
of the cleaning wizard, the experiment dialog, About) and reads every visible text: labels, buttons,
group boxes, tabs, headers, the cells of lists and tables and their tooltips, wizard titles, combo
entries, placeholders, tooltips. A word of three or more
Latin letters is English unless it is in the allow-list (names that stay as they are: VAE, GAN,
CPU, PNG, ...) or comes from the user's data (paths, labels, dataset and run names).
"""
from __future__ import annotations

import html
import re

import numpy as np
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QApplication, QComboBox, QGroupBox, QHeaderView, QLabel, QLineEdit,
    QTableView, QTabBar, QWidget, QWizard, QWizardPage,
)

from tests.qt.gallery_fixtures import make_project, train_tiny_run

# names and units that read the same in Chinese
ALLOWED = {
    "AIGC", "Desktop", "VAE", "GAN", "DCGAN", "WGAN", "CPU", "CUDA", "GPU", "MPS", "PNG", "JSON", "HTML", "Markdown",
    "CSV", "IDX", "NPZ", "MNIST", "ImageFolder", "KID", "FID", "PCA", "QDA", "ETA", "RGB", "RGBA", "CMYK", "img",
    "Ctrl", "Shift", "Alt", "Esc", "Del", "Ins", "PyTorch", "torch", "PySide6", "Qt", "Python", "aigc",
    "ELBO", "KL", "nats", "IPTC", "XMP", "ONNX", "TorchScript", "safetensors", "Adam", "AdamW",
    "MAD", "SSIM", "UCI", "BCE", "PySide", "cpu",  # "cpu": a torch build's tag, as in 2.13.0+cpu
    "Net", "DDIM", "Euler", "Heun",  # U-Net (WORD splits it at the hyphen) and the samplers: names
    "TensorBoard", "NaN", "inf",  # and numbers that are not one
}
# paths and file or folder names (tiny.runs, /tmp/x/p.experiments) come from the user's disk
NAMES = re.compile(r"\S*[/\\]\S*|\b[\w-]+\.[A-Za-z]\w*\b|“aigc [^”]*”")  # ... and commands of the CLI
WORD = re.compile(r"[A-Za-z][A-Za-z_]{2,}")


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", text or ""))


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every text a user can see in ``root`` now."""
    out: list[tuple[str, str]] = []
    widgets = [root] + root.findChildren(QWidget)
    for w in widgets:
        if not w.isVisible():
            continue
        name = type(w).__name__ + (f"#{w.objectName()}" if w.objectName() else "")
        if isinstance(w, QLabel):
            out.append((name, _plain(w.text())))
        elif isinstance(w, QAbstractButton):
            out.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QTabBar):
            out += [(name, w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            out += [(name, w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QLineEdit):
            out.append((name, w.placeholderText()))
        elif isinstance(w, QWizard):
            page = w.currentPage()
            if page is not None:
                out += [(name, QWizardPage.title(page)), (name, _plain(QWizardPage.subTitle(page)))]
            out += [(name, w.button(b).text()) for b in (QWizard.NextButton, QWizard.BackButton, QWizard.FinishButton,
                                                         QWizard.CancelButton, QWizard.CommitButton)
                    if w.button(b).isVisible()]
        if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView) and w.model() is not None:
            model = w.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list model: no column headers
                columns = 1
            if columns > 1:
                out += [(name + " header", str(model.headerData(c, Qt.Horizontal) or "")) for c in range(columns)]
            out += cell_texts(w, name)
        if w.toolTip():
            out.append((name + " tooltip", _plain(w.toolTip())))
        if w.isWindow():
            out.append((name + " title", w.windowTitle()))
    return out


def cell_texts(view: QAbstractItemView, name: str, rows: int = 40) -> list[tuple[str, str]]:
    """The text and tooltip of the first ``rows`` rows of a list, table or tree (top level), as
    the user reads them in the cells and on hovering them."""
    model, out = view.model(), []
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:
        columns = 1
    for r in range(min(model.rowCount(QModelIndex()), rows)):
        for c in range(columns):
            if isinstance(view, QTableView) and view.isColumnHidden(c):
                continue
            index = model.index(r, c)
            for role, what in ((Qt.DisplayRole, "cell"), (Qt.ToolTipRole, "cell tooltip")):
                value = model.data(index, role)
                if isinstance(value, str):
                    out.append((f"{name} {what} {r},{c}", _plain(value)))
    return out


def english_words(texts, data_words: set[str]) -> list[str]:
    found = []
    for where, text in texts:
        for word in WORD.findall(NAMES.sub(" ", text)):
            if word in ALLOWED or word.lower() in data_words:
                continue
            found.append(f"{where}: {word!r} in {text!r}")
    return found


@pytest.fixture
def chinese_window(tmp_path, qtbot, mnist):
    from aigc_desktop.qt import i18n
    from aigc_desktop.qt.app import create_app
    from aigc_desktop.qt.main_window import MainWindow

    images, labels = mnist
    project = make_project(tmp_path / "p", images[:600], labels[:600])
    train_tiny_run(project, "vae-run", "vae", images[:300])
    train_tiny_run(project, "gan-run", "gan", images[:300], labels[:300], conditional=True)
    app = create_app(language="zh_CN")
    win = MainWindow(probe_device=False)
    qtbot.addWidget(win)
    win.resize(1280, 820)
    win.show()
    qtbot.waitExposed(win)
    win.open_project(project)
    gallery = win.panels["gallery"]
    qtbot.waitUntil(lambda: len(gallery.runs) == 2 and not gallery.is_refreshing(), timeout=60000)  # run names are data
    yield win
    win.close()
    i18n.install_translators(app, "en")


def _data_words(window) -> set[str]:
    words = set()
    catalog = window.catalog
    for info in catalog.datasets():
        words |= {w.lower() for w in WORD.findall(info.name)}
        items = catalog.items(info.id)
        for value in list(items.path[:50]) + list(set(items.label)):
            words |= {w.lower() for w in WORD.findall(str(value))}
    for run in window.panels["gallery"].runs:
        words |= {w.lower() for w in WORD.findall(f"{run.name} {run.dataset_name}")}
    words |= {w.lower() for w in WORD.findall(window.project_path or "")}
    return words


def test_every_panel_wizard_page_and_dialog_speaks_chinese(chinese_window, qtbot):
    window = chinese_window
    words = _data_words(window)
    problems: list[str] = []

    def look(widget: QWidget, what: str) -> None:
        QApplication.processEvents()
        problems.extend(f"[{what}] {p}" for p in english_words(visible_texts(widget), words))

    training = window.panels["training"]
    for key, panel in window.panels.items():
        window.tabs.setCurrentWidget(panel)
        qtbot.waitUntil(lambda: not training.is_reading_history(), timeout=120000)
        qtbot.wait(200)
        look(window, f"panel {key}")

    from aigc_desktop.qt.panels.data_panel import GRID_VIEW, MAP_VIEW, TABLE_VIEW

    data = window.panels["data"]
    window.tabs.setCurrentWidget(data)
    for view, name in ((GRID_VIEW, "grid"), (MAP_VIEW, "map")):
        data.show_view(view)
        look(window, f"data {name}")
    data.show_view(TABLE_VIEW)

    window.tabs.setCurrentWidget(training)
    for tab in range(training.bottom_tabs.count()):
        training.bottom_tabs.setCurrentIndex(tab)
        look(window, f"training tab {tab}")

    gallery = window.panels["gallery"]
    window.tabs.setCurrentWidget(gallery)
    for tab in range(gallery.tabs.count()):
        gallery.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(lambda: not gallery.busy(), timeout=120000)
        look(window, f"gallery tab {tab}")
    gallery.tabs.setCurrentIndex(0)

    wizard = window.panels["cleaning"].open_wizard()
    qtbot.waitExposed(wizard)
    try:
        look(wizard, "wizard: checks")
        wizard.checks_page.select(exclude=[t for t in wizard.checks_page.boxes
                                           if t not in ("corrupt", "exact_duplicate", "odd_size", "blank", "dark")])
        scanning, show = [], wizard.scan_page._on_progress  # what the page says while the scan runs
        wizard.scan_page._on_progress = lambda event: show(event) or scanning.append(wizard.scan_page.stage.text())
        wizard.next()
        qtbot.waitUntil(lambda: wizard.scan is not None, timeout=120000)
        assert len(scanning) >= 2
        problems.extend(f"[wizard: scanning] {p}" for p in english_words([("stage", t) for t in scanning], words))
        look(wizard, "wizard: scan")
        wizard.next()
        for issue_type in wizard.review_page.issue_types():
            wizard.review_page.select_type(issue_type)
            look(wizard, f"wizard: review {issue_type}")
        wizard.next()
        look(wizard, "wizard: preview")
        wizard.next()
        qtbot.waitUntil(lambda: wizard.apply_page.report is not None, timeout=60000)
        look(wizard, "wizard: applied")
    finally:
        wizard.reject()
        qtbot.waitUntil(lambda: wizard.scan_page.job is None, timeout=60000)
    cleaning = window.panels["cleaning"]
    window.tabs.setCurrentWidget(cleaning)
    assert cleaning.versions.topLevelItemCount() == 2  # the import and the cleaning just applied, with its rules
    look(window, "panel cleaning, a version applied")

    gallery.open_experiment_wizard()
    qtbot.waitExposed(gallery.wizard)
    look(gallery.wizard, "experiment dialog")
    gallery.wizard.reject()

    window.show_about()
    qtbot.waitExposed(window.about_dialog)
    look(window.about_dialog, "about")
    window.about_dialog.reject()

    assert not problems, f"{len(problems)} untranslated:\n" + "\n".join(sorted(set(problems))[:80])
