"""The Data panel's grid and map beside the table, "Find Similar" and "Reveal in Folder", on a real project."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt

from aigc_desktop.qt.panels.data_grid import ZOOM_SIZE
from aigc_desktop.qt.panels.data_panel import GRID_VIEW, MAP_VIEW, TABLE_VIEW
from tests.qt.data_fixtures import import_now, write_digit_folder

N = 40


@pytest.fixture
def project(tmp_path, mnist):
    images, labels = mnist
    folder = write_digit_folder(tmp_path / "digits", images, labels, N, corrupt=1)
    # a copy of item 7, shifted by a pixel: "Find Similar" on item 7 must list it first
    Image.fromarray(np.roll(images[7], 1, axis=1)).save(folder / str(int(labels[7])) / "copy_of_7.png")
    path = tmp_path / "p.aigc"
    import_now(path, folder)
    return str(path), folder


@pytest.fixture
def panel(window, project, qtbot):
    assert window.open_project(project[0])
    p = window.panels["data"]
    window.tabs.setCurrentWidget(p)
    window.resize(1200, 800)
    return p


def item_by_path(panel, path: str) -> int:
    t = panel.model.table
    return int(t.ids[np.flatnonzero(t.path == path)[0]])


def click_view_button(panel, qtbot, which: int) -> None:
    qtbot.mouseClick(panel.view_group.button(which), Qt.LeftButton)
    assert panel.current_view() == which


def test_grid_shows_the_tables_items_in_its_order_and_shares_its_selection(panel, qtbot):
    click_view_button(panel, qtbot, GRID_VIEW)
    grid = panel.grid
    columns = grid.grid.columns
    assert columns == grid.viewport().width() // grid.cell_size().width() > 1
    assert grid.grid.rowCount() == math.ceil((N + 2) / columns)
    panel.set_filter(label="3")
    shown = [panel.model.item_id(r) for r in range(panel.model.rowCount())]
    cells = [grid.grid.cell(i).data(Qt.UserRole + 1) for i in range(len(shown))]
    assert cells == shown and len(shown) >= 2
    if len(shown) % columns:  # cells past the end are empty
        assert grid.grid.index(grid.grid.rowCount() - 1, columns - 1).data(Qt.UserRole + 1) is None

    # click the second picture: it becomes the panel's current item, shown in the detail pane
    rect = grid.visualRect(grid.grid.cell(1))
    qtbot.mouseClick(grid.viewport(), Qt.LeftButton, pos=rect.center())
    assert panel.current_item_id() == shown[1]
    assert panel.detail.item_id == shown[1]
    assert panel.selected_item_ids().tolist() == [shown[1]]

    # Space in the grid excludes it, as in the table, and it persists
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key_Space)
    t = panel.session.catalog.items(panel.session.dataset_id)
    assert not t.included[np.searchsorted(t.ids, shown[1])]

    # a selection made in the table shows in the grid
    click_view_button(panel, qtbot, TABLE_VIEW)
    panel.select_position(0)
    click_view_button(panel, qtbot, GRID_VIEW)
    selected = [grid.grid.position(i) for i in grid.selectionModel().selectedIndexes()]
    assert selected == [0]


def test_grid_rows_follow_the_width_and_the_picture_size(panel, qtbot):
    click_view_button(panel, qtbot, GRID_VIEW)
    grid = panel.grid
    wide = grid.grid.columns
    panel.grid_size.setValue(panel.grid_size.maximum())
    assert grid.grid.size == 192 and grid.grid.columns < wide
    assert grid.grid.rowCount() == math.ceil((N + 2) / grid.grid.columns)
    panel.grid_size.setValue(0)
    assert grid.grid.size == 64 and grid.grid.columns > wide


def test_hovering_a_picture_shows_it_large(panel, qtbot):
    click_view_button(panel, qtbot, GRID_VIEW)
    grid = panel.grid
    position = next(p for p in range(panel.model.rowCount())
                    if panel.model.table.status[panel.model.table_row(p)] == "ok")
    item_id = panel.model.item_id(position)
    qtbot.mouseMove(grid.viewport(), grid.visualRect(grid.grid.cell(position)).center())
    qtbot.waitUntil(lambda: grid.hovered_item() == item_id, timeout=5000)
    # the zoom fills in when the loader has decoded it: 28 px × 9, nearest neighbour
    qtbot.waitUntil(lambda: grid.zoom.pixmap() is not None and grid.zoom.pixmap().width() == 252, timeout=10000)
    assert grid.zoom.width() >= ZOOM_SIZE
    qtbot.mouseClick(grid.viewport(), Qt.LeftButton, pos=grid.visualRect(grid.grid.cell(position)).center())
    assert grid.hovered_item() is None  # a click puts it away


def test_map_places_every_readable_item_and_a_click_selects_it(panel, qtbot):
    click_view_button(panel, qtbot, MAP_VIEW)
    qtbot.waitUntil(lambda: panel.features is not None, timeout=60000)
    qtbot.waitUntil(lambda: not panel.job_row.isVisible(), timeout=5000)
    view = panel.map
    t = panel.model.table
    assert len(view.item_ids) == len(t) and np.array_equal(view.item_ids, t.ids)
    assert view.valid.sum() == N + 1 and not view.valid[t.status != "ok"].any()
    legend = dict(view.legend)
    assert any(text.startswith("3  (") for text in legend)

    target = np.flatnonzero(view.valid)[10]
    x, y = view.to_screen(view.coords[[target]])[0]
    assert 0 <= x < view.width() and 0 <= y < view.height()
    qtbot.mouseClick(view, Qt.LeftButton, pos=QPoint(round(x), round(y)))
    # the nearest point is picked: the item clicked, or one drawn on the same spot
    picked = panel.current_item_id()
    row = int(np.searchsorted(t.ids, picked))
    assert np.linalg.norm(view.to_screen(view.coords[[row]])[0] - [x, y]) <= 8
    assert view.current == row

    # a filter leaves the other points faint; clicking one clears the filter to show it
    label = str(t.label[row])
    other = int(np.flatnonzero(view.valid & (t.label != label))[0])
    panel.set_filter(label=label)
    assert np.array_equal(view.shown, t.label == label)
    ox, oy = view.to_screen(view.coords[[other]])[0]
    view.itemClicked.emit(int(t.ids[other]))
    assert panel.current_item_id() == int(t.ids[other]) and panel.model.filter.label is None

    # colour by problem: no scan yet, and it says so
    panel.map_colour.setCurrentIndex(panel.map_colour.findData("problem"))
    panel.map_colour.activated.emit(panel.map_colour.currentIndex())
    assert [text for text, _ in view.legend] == ["no quality scan yet"]


def test_map_draws_items_with_a_problem_over_clean_ones(qtbot):
    from aigc_desktop.qt.panels.data_map import CLEAN, ISSUE_COLOURS, ItemMap, problem_colours

    view = ItemMap()
    qtbot.addWidget(view)
    view.resize(200, 160)
    # items spread out, and a crowd of clean ones on the spot of the one with a problem (first in id order)
    n = 50
    coords = np.random.default_rng(0).normal(size=(n, 2)).astype(np.float32)
    coords[:10] = 0.0
    view.set_points(np.arange(n), coords)
    masks = {"dark": np.eye(1, n, 0, dtype=bool)[0], "blurry": np.zeros(n, bool)}
    colours, legend, flagged = problem_colours(masks, n, str)
    assert flagged.tolist() == masks["dark"].tolist()
    assert [text for text, _ in legend] == [f"no problem found  ({n - 1})", "dark  (1)"]

    def pixel(row):
        x, y = np.round(view.to_screen(view.coords[[row]])[0]).astype(int)
        return view.render_points().pixelColor(int(x), int(y)).name()

    view.set_colours(colours, legend, on_top=flagged)
    assert pixel(0) == ISSUE_COLOURS["dark"].lower()
    view.set_colours(colours, legend)  # without the order the later clean points cover it
    assert pixel(0) == CLEAN.lower()
    # a filter that hides the item with the problem puts it under the shown ones again
    view.set_colours(colours, legend, on_top=flagged)
    view.set_shown(~flagged)
    assert pixel(0) == CLEAN.lower()


def test_map_fit_keeps_the_farthest_outliers_on_screen(qtbot):
    from aigc_desktop.qt.panels.data_map import ItemMap

    view = ItemMap()
    qtbot.addWidget(view)
    view.resize(300, 200)
    # a crowd of 1,000 items and three far outliers: the ones a look at the map is for
    coords = np.random.default_rng(0).normal(size=(1003, 2)).astype(np.float32)
    coords[-3:] = [[40.0, 0.0], [0.0, -55.0], [-30.0, 25.0]]
    view.set_points(np.arange(len(coords)), coords)
    view.fit()
    screen = view.to_screen(view.coords)
    assert (screen[:, 0] >= 0).all() and (screen[:, 0] <= view.width()).all()
    assert (screen[:, 1] >= 0).all() and (screen[:, 1] <= view.height()).all()


def test_find_similar_lists_the_copy_first_and_clears(panel, qtbot, project):
    original = item_by_path(panel, next(p for p in panel.model.table.path if p.endswith("img_00007.png")))
    copy = item_by_path(panel, next(p for p in panel.model.table.path if p.endswith("copy_of_7.png")))
    panel.select_item(original)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key_F, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: bool(panel._similar), timeout=60000)
    rows = [panel.model.item_id(r) for r in range(panel.model.rowCount())]
    assert rows[:2] == [original, copy]  # the item, then the most similar
    assert len(rows) == N + 1  # every readable item is among the 48 nearest of 41
    assert panel.similar_chip.isVisible() and "img_00007.png" in panel.similar_chip.text()
    assert panel.current_item_id() == original
    corrupt = item_by_path(panel, "0/broken_0.png")
    assert corrupt not in rows

    qtbot.mouseClick(panel.similar_chip, Qt.LeftButton)
    assert not panel.similar_chip.isVisible() and panel.model.rowCount() == N + 2

    # an unreadable item has nothing to compare: a message, no filter
    messages = []
    panel.session._show_status = lambda text, timeout=0: messages.append(text)
    assert panel.find_similar(corrupt) is None
    assert messages and "cannot be read" in messages[0] and not panel._similar


def test_reveal_in_folder_shows_the_items_file(panel, qtbot, project, monkeypatch):
    import aigc_desktop.qt.reveal as reveal

    shown = []
    monkeypatch.setattr(reveal, "reveal_in_folder", lambda path, platform=None: shown.append(Path(path)) or True)
    item = item_by_path(panel, "0/broken_0.png")
    panel.select_item(item)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key_R, Qt.ControlModifier | Qt.ShiftModifier)
    assert shown == [project[1] / "0" / "broken_0.png"]


@pytest.mark.parametrize("platform, program, arguments", [
    ("win32", "explorer.exe", lambda p: [f"/select,{p}"]),
    ("darwin", "open", lambda p: ["-R", str(p)]),
])
def test_reveal_selects_the_file_where_the_platform_can(tmp_path, monkeypatch, platform, program, arguments):
    from PySide6.QtCore import QProcess

    import aigc_desktop.qt.reveal as reveal

    started = []
    monkeypatch.setattr(QProcess, "startDetached", staticmethod(lambda p, a: started.append((p, a)) or True))
    target = tmp_path / "a.png"
    target.write_bytes(b"x")
    assert reveal.reveal_in_folder(target, platform=platform)
    assert started == [(program, arguments(target))]
    assert not reveal.reveal_in_folder(tmp_path / "gone.png", platform=platform)
    assert len(started) == 1  # nothing opened for a file that is gone


def test_reveal_opens_the_folder_without_a_file_manager_service(tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    import aigc_desktop.qt.reveal as reveal

    opened = []
    monkeypatch.setattr(reveal, "_show_items_over_dbus", lambda path: False)
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    target = tmp_path / "sub" / "a.png"
    target.parent.mkdir()
    target.write_bytes(b"x")
    assert reveal.reveal_in_folder(target, platform="linux")
    assert reveal.reveal_in_folder(tmp_path / "sub", platform="linux")
    assert opened == [str(target.parent), str(target.parent)]
