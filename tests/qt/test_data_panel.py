"""The Data panel on a real project: rows, thumbnails, detail, filters, edits with undo that persist."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QApplication

from aigc_desktop.qt.models.item_table_model import INCLUDED, ISSUES, LABEL, PATH
from tests.qt.data_fixtures import import_now, write_digit_folder

N = 40


@pytest.fixture
def project(tmp_path, mnist):
    images, labels = mnist
    folder = write_digit_folder(tmp_path / "digits", images, labels, N, corrupt=1)
    path = tmp_path / "p.aigc"
    import_now(path, folder)
    return str(path)


@pytest.fixture
def panel(window, project, qtbot):
    assert window.open_project(project)
    p = window.panels["data"]
    window.tabs.setCurrentWidget(p)
    return p


def label_of(window, item_id: int) -> str:
    t = window.catalog.items(window.dataset_id)
    return str(t.label[np.searchsorted(t.ids, item_id)])


def test_panel_shows_every_item_with_status(panel, window):
    assert panel.model.rowCount() == N + 1
    assert panel.shown_label.text() == f"{N + 1} items"
    statuses = [panel.model.data(panel.model.index(r, ISSUES)) for r in range(N + 1)]
    assert sum("corrupt: truncated" in s for s in statuses) == 1
    assert statuses.count("ok") == N
    assert "corrupt" in panel.summary.text() and "No quality scan yet" in panel.summary.text()
    assert not panel.dataset_combo.isVisible()  # one dataset: nothing to choose


def test_thumbnails_and_detail_load_off_the_gui_thread(panel, qtbot):
    model = panel.model
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, ISSUES)) == "ok")
    item_id = model.item_id(row)
    model.data(model.index(row, 1), Qt.DecorationRole)   # what painting the row asks for
    qtbot.waitUntil(lambda: panel.thumbnails.cached(item_id) is not None, timeout=10000)
    pixmap = panel.thumbnails.cached(item_id)
    assert (pixmap.width(), pixmap.height()) == (28, 28)  # 28 px fits 32 px: no blurry upscale
    panel.select_item(item_id)
    qtbot.waitUntil(lambda: panel.detail.image.pixmap() is not None and not panel.detail.image.pixmap().isNull(),
                    timeout=10000)
    assert panel.detail.image.pixmap().width() == 252   # 28 px × 9, nearest neighbour
    assert panel.detail.fields["size"].text() == "28 × 28 px"


def test_detail_says_why_an_item_is_corrupt(panel):
    panel.set_filter(status="corrupt")
    assert panel.model.rowCount() == 1
    panel.select_position(0)
    assert "ends early or is damaged" in panel.detail.problems.text()
    # the decoder's own words (English whatever the language) are in the tooltip, not on screen
    decoder = str(panel.model.table.detail[panel.model.table_row(0)])
    assert decoder and decoder not in panel.detail.problems.text()
    assert decoder in panel.detail.problems.toolTip()
    assert panel.detail.fields["status"].text() == "corrupt: truncated"
    assert "cannot be read" in panel.detail.image.text()
    # never in training, whatever its tick says: the detail pane and the tick's tooltip agree
    assert panel.detail.fields["included"].text() == "no — the file cannot be read"
    tip = panel.model.data(panel.model.index(0, INCLUDED), Qt.ToolTipRole)
    assert tip.startswith("Not in training") and "cannot be read" in tip


def test_the_detail_never_shows_an_item_the_filter_hides(panel):
    model = panel.model
    ok_row = next(r for r in range(model.rowCount()) if model.data(model.index(r, ISSUES)) == "ok")
    shown_item = model.item_id(ok_row)
    panel.select_item(shown_item)
    assert panel.detail.item_id == shown_item
    panel.set_filter(status="corrupt")  # the selected item is not corrupt: it leaves the list
    assert model.position_of_item(shown_item) < 0
    assert panel.detail.item_id is None and panel.detail.fields["path"].text() == ""
    assert not panel.detail.empty.isHidden()  # "Select an item to see it here."
    panel.select_position(0)
    assert panel.detail.item_id == model.item_id(0)
    panel.set_filter(status="all")  # a filter that keeps the current item keeps its detail
    assert panel.detail.item_id == panel.current_item_id() is not None


def test_sort_by_clicking_the_header_and_filter_widgets(panel, qtbot):
    header = panel.view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(header.sectionViewportPosition(LABEL) + 5, 5))
    assert panel.model.sort_column == LABEL
    labels = [panel.model.data(panel.model.index(r, LABEL)) for r in range(panel.model.rowCount())]
    assert labels == sorted(labels, key=int)
    panel.search.setText("broken")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=3000)
    assert panel.model.data(panel.model.index(0, PATH)) == "0/broken_0.png"
    assert panel.shown_label.text() == f"1 of {N + 1} shown"
    panel.clear_filters()
    assert panel.model.rowCount() == N + 1
    index = panel.label_filter.findData("7")
    panel.label_filter.setCurrentIndex(index)
    panel.label_filter.activated.emit(index)
    assert panel.model.rowCount() == int((panel.model.table.label == "7").sum()) > 0


def test_typing_in_the_search_box_filters_once_typing_pauses(panel, qtbot):
    model = panel.model
    qtbot.keyClicks(panel.search, "im")  # every image, only the broken file hidden
    qtbot.waitUntil(lambda: model.rowCount() == N, timeout=5000)
    panel.select_position(1)
    panel.view.selectionModel().select(model.index(2, PATH),
                                       QItemSelectionModel.Select | QItemSelectionModel.Rows)
    chosen = set(panel.selected_item_ids().tolist())
    assert len(chosen) == 2
    qtbot.keyClicks(panel.search, "g_")  # "img_" hides nothing more: the selection stays as it was
    qtbot.waitUntil(lambda: model.filter.text == "img_", timeout=5000)
    assert model.rowCount() == N and set(panel.selected_item_ids().tolist()) == chosen
    qtbot.keyClicks(panel.search, "00001")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5000)
    assert model.data(model.index(0, PATH)).endswith("img_00001.png")
    assert panel.shown_label.text() == f"1 of {N + 1} shown"


def test_label_edit_undo_redo_survives_reopening(window, panel, project, qtbot):
    from aigc_desktop.qt.main_window import MainWindow

    model = panel.model
    item_id = model.item_id(3)
    before = label_of(window, item_id)
    # what the label delegate does when the user types a label and presses Enter
    model.setData(model.index(3, LABEL), "nine-ish", Qt.EditRole)
    assert label_of(window, item_id) == "nine-ish"               # persisted at once
    assert model.data(model.index(model.position_of_item(item_id), LABEL)) == "nine-ish"
    assert window.undo_action.isEnabled() and "nine-ish" in window.undo_action.text()
    window.undo_action.trigger()
    assert label_of(window, item_id) == before
    assert model.data(model.index(model.position_of_item(item_id), LABEL)) == before
    window.redo_action.trigger()
    assert label_of(window, item_id) == "nine-ish"
    window.close()

    again = MainWindow(probe_device=False)
    qtbot.addWidget(again)
    assert again.open_project(project)
    other = again.panels["data"]
    pos = other.model.position_of_item(item_id)
    assert other.model.data(other.model.index(pos, LABEL)) == "nine-ish"
    assert "1" in other.summary.text() and other.model.label_counts()["nine-ish"] == 1
    again.close()


def test_exclude_selection_with_keys_and_undo(window, panel, qtbot):
    model = panel.model
    view = panel.view
    view.setFocus()
    panel.select_position(0)
    view.selectionModel().select(model.index(2, 0), QItemSelectionModel.Select | QItemSelectionModel.Rows)
    ids = sorted(panel.selected_item_ids().tolist())
    assert len(ids) == 2
    qtbot.keyClick(view, Qt.Key_Space)
    t = window.catalog.items(window.dataset_id)
    assert not t.included[np.isin(t.ids, ids)].any() and t.included.sum() == N + 1 - 2
    assert model.data(model.index(0, INCLUDED), Qt.CheckStateRole) == Qt.Unchecked.value
    assert window.counts_label.text().endswith("2 excluded")
    qtbot.keyClick(view, Qt.Key_Space)                            # toggles back
    assert window.catalog.items(window.dataset_id).included.all()
    qtbot.keyClick(view, Qt.Key_Delete)
    assert window.catalog.items(window.dataset_id).included.sum() == N + 1 - 2
    window.undo_action.trigger()
    assert window.catalog.items(window.dataset_id).included.all()
    panel.set_filter(status="excluded")
    assert model.rowCount() == 0


def test_label_for_a_selection_in_one_command(window, panel, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    panel.view.selectAll()
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("5", True)))
    panel.label_selected()
    assert set(window.catalog.items(window.dataset_id).label.tolist()) == {"5"}
    assert window.undo_stack.count() == 1
    window.undo_action.trigger()
    assert len(set(window.catalog.items(window.dataset_id).label.tolist())) > 1


def test_copy_paths_of_the_selection(panel):
    panel.select_position(1)
    panel.copy_selected_paths()
    assert QApplication.clipboard().text() == panel.model.data(panel.model.index(1, PATH))


def test_scan_issues_show_and_filter(window, project, qtbot):
    from aigc_desktop.core.data.catalog import Catalog
    from aigc_desktop.core.quality.result import ScanResult
    from aigc_desktop.core.quality.store import save_scan

    with Catalog.open(project) as catalog:
        dataset_id = catalog.datasets()[-1].id
        t = catalog.items(dataset_id)
        scores = np.zeros(len(t), np.float32)
        scores[[1, 2]] = 0.95
        details = np.full(len(t), "", object)
        details[[1, 2]] = "same picture as another item"
        copies = np.zeros(len(t), np.float32)
        copies[[1, 2]] = 1.0  # a yes/no check: the same pixels or not
        result = ScanResult(dataset_id, "/", t.path, t.label, t.ids, {"near_duplicate": scores, "exact_duplicate": copies},
                            {"near_duplicate": 0.5, "exact_duplicate": 0.5}, details={"near_duplicate": details})
        save_scan(catalog, dataset_id, result)
    window.open_project(project)
    panel = window.panels["data"]
    assert "near duplicate" in panel.summary.text()
    panel.set_filter(issue="near_duplicate")
    assert sorted(panel.model.item_id(r) for r in range(panel.model.rowCount())) == sorted(t.ids[[1, 2]].tolist())
    panel.select_position(0)
    problems = panel.detail.problems.text()
    assert "same picture as another item" in problems
    assert "(0.95)" in problems  # a graded score says how sure the check is
    assert "exact duplicate" in problems and "1.00" not in problems  # a yes/no check's flag needs no score


def test_several_datasets_are_chosen_with_the_combo(window, project, tmp_path, mnist, qtbot):
    images, labels = mnist
    second = write_digit_folder(tmp_path / "more", images[100:], labels[100:], 12, corrupt=0)
    import_now(tmp_path / "p.aigc", second)
    window.open_project(project)
    panel = window.panels["data"]
    assert panel.dataset_combo.count() == 2 and not panel.dataset_combo.isHidden()
    assert panel.model.rowCount() == 12  # the newest dataset opens first
    first = panel.dataset_combo.itemData(0)
    panel.dataset_combo.activated.emit(0)
    assert window.dataset_id == first and panel.model.rowCount() == N + 1


def test_big_datasets_load_in_a_worker(window, project, qtbot, monkeypatch):
    from aigc_desktop.qt.panels import data_panel

    monkeypatch.setattr(data_panel, "SYNC_LOAD_ITEMS", 0)  # treat this small dataset as a big one
    window.open_project(project)
    panel = window.panels["data"]
    assert panel.model.rowCount() == 0 and panel.shown_label.text() == "Loading…"
    qtbot.waitUntil(lambda: panel.model.rowCount() == N + 1, timeout=20000)
    assert panel.shown_label.text() == f"{N + 1} items" and panel.current_item_id() is not None


def test_the_search_hint_never_shows_cut_off_when_the_bar_narrows_it(qtbot):
    from aigc_desktop.qt.widgets import FittingLineEdit

    hints = ["Filter by path or label (Ctrl+F)", "Filter (Ctrl+F)", "Filter…"]
    field = FittingLineEdit(hints)
    qtbot.addWidget(field)
    field.show()
    advance = field.fontMetrics().horizontalAdvance
    for width in (400, 250, 160, 120, 90, 60):  # a "Like …" chip and a longer count take the bar's room
        field.resize(width, field.height())
        chosen = field.placeholderText()
        fitting = [h for h in hints if advance(h) <= width - FittingLineEdit.SIDES]
        # the longest hint that fits, whole; the shortest only when none fits
        assert chosen == (fitting[0] if fitting else hints[-1]), width
    field.resize(400, field.height())
    assert field.placeholderText() == hints[0]
