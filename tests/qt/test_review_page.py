"""The wizard's review page: a histogram of scores beside the threshold, and review with single keys."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt

from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.jobs import run_job
from aigc_desktop.core.quality.scan import scan
from aigc_desktop.qt.cleaning_wizard.review_model import GAP, THUMB
from aigc_desktop.qt.cleaning_wizard.score_histogram import BINS, score_histogram
from tests.jobs import context
from tests.qt.data_fixtures import import_now, write_digit_folder

CHECKS = ["corrupt", "exact_duplicate", "blank", "dark", "light", "blurry"]


@pytest.fixture
def wizard(window, qtbot, tmp_path, mnist):
    images, labels = mnist
    folder = write_digit_folder(tmp_path / "digits", images, labels, 60, corrupt=1)
    for i in range(3):  # three pairs of copies, three dimmed digits
        Image.fromarray(images[i]).save(folder / str(int(labels[i])) / f"copy_{i}.bmp")
        Image.fromarray((images[10 + i] * (0.2 + 0.1 * i)).astype(np.uint8)).save(
            folder / str(int(labels[10 + i])) / f"dim_{i}.png")
    project = tmp_path / "p.aigc"
    import_now(project, folder)
    assert window.open_project(str(project))
    with Catalog.open(str(project)) as catalog:
        result = run_job(scan(catalog, window.dataset_id, CHECKS, context()))
    from aigc_desktop.qt.cleaning_wizard.wizard import CleaningWizard

    wiz = CleaningWizard(window.session, window)
    wiz.scan = result
    wiz.setStartId(wiz.PAGE_REVIEW)
    qtbot.addWidget(wiz)
    wiz.show()
    qtbot.waitExposed(wiz)
    yield wiz
    wiz.reject()


def test_histogram_counts_the_scores_and_splits_at_the_threshold(wizard, qtbot):
    page, result = wizard.review_page, wizard.scan
    page.select_type("dark")
    histogram = page.histogram
    assert histogram.isVisible()
    scores = result.scores["dark"]
    assert histogram.counts.sum() == np.isfinite(scores).sum() == len(result)
    for threshold in (0.5, 0.2, 0.05, 0.9):
        page.set_threshold(threshold)
        assert histogram.threshold == pytest.approx(threshold)
        # the bars at and above the threshold are exactly the flagged items
        assert histogram.flagged_count() == result.counts({"dark": threshold})["dark"] == page.model.rowCount()

    # a click on the histogram moves the threshold there, and the list follows
    r = histogram._plot_rect()
    qtbot.mouseClick(histogram, Qt.LeftButton, pos=QPoint(round(r.left() + 0.3 * r.width()), histogram.height() // 2))
    assert page.spin.value() == pytest.approx(0.3, abs=0.011)
    assert page.model.rowCount() == result.counts({"dark": page.spin.value()})["dark"]

    # a yes/no check has nothing to spread: no histogram
    page.select_type("corrupt")
    assert not histogram.isVisible()


def test_histogram_bins_follow_the_scans_comparison():
    scores = np.array([0.0, 0.0, 0.29, 0.295, 0.5, 1.0, np.nan], np.float32)
    counts = score_histogram(scores)
    assert counts.sum() == 6 and counts[0] == 2 and counts[29] == 2 and counts[50] == 1 and counts[BINS - 1] == 1


def test_a_single_flagged_item_shows_beside_thousands_of_zeros(qapp):
    from aigc_desktop.qt.cleaning_wizard.score_histogram import MIN_BAR, ScoreHistogram

    histogram = ScoreHistogram()
    scores = np.concatenate([np.zeros(20000), np.full(30, 0.4), [0.9, 0.91]]).astype(np.float32)
    histogram.set_scores(scores)
    bars = histogram.bar_heights(50.0)
    assert bars[0] == pytest.approx(50.0)                       # the fullest bin fills the plot
    assert bars[90] >= MIN_BAR and bars[91] == bars[90]          # one item: still a visible bar
    assert bars[90] < bars[40] < bars[0]                         # more items, taller bars
    assert bars[40] > 0.3 * 50                                   # 30 of 20,000 is not lost on the scale
    assert np.all(bars[[i for i in range(BINS) if i not in (0, 40, 90, 91)]] == 0)  # empty bins draw nothing


def test_keys_accept_or_reject_and_move_on(wizard, qtbot):
    page, plan, result = wizard.review_page, wizard.plan, wizard.scan
    page.select_type("dark")
    page.set_threshold(0.05)
    model, table = page.model, page.table
    assert model.rowCount() >= 3
    table.setFocus()
    table.setCurrentIndex(model.index(0, 2))
    ids = [int(result.item_ids[model.rows[r]]) for r in range(3)]

    qtbot.keyClick(table, Qt.Key_R)  # reject: the rule leaves it alone
    assert plan.exempt["dark"] == {ids[0]} and table.currentIndex().row() == 1
    assert model.data(model.index(0, 0), Qt.CheckStateRole) == Qt.Unchecked
    qtbot.keyClick(table, Qt.Key_A)  # accept: nothing to undo, next
    assert plan.exempt["dark"] == {ids[0]} and table.currentIndex().row() == 2
    qtbot.keyClick(table, Qt.Key_Up)
    qtbot.keyClick(table, Qt.Key_Up)
    qtbot.keyClick(table, Qt.Key_A)  # changed my mind: the rule acts on it again
    assert plan.exempt["dark"] == set() and model.accepted(0)
    assert f"{model.rowCount():,} flagged" in page.count.text() and "left alone" not in page.count.text()

    # groups: R keeps every copy, A goes back to the scan's keeper, digits toggle one picture
    page.select_type("exact_duplicate")
    assert model.grouped and model.rowCount() >= 3
    table.setFocus()
    table.setCurrentIndex(model.index(0, 0))
    group = int(model.rows[0])
    members = {int(i) for i in result.item_ids[model.members[group]]}
    keeper = model.kept(group)
    assert len(keeper) == 1 and model.accepted(0)
    qtbot.keyClick(table, Qt.Key_R)
    assert model.kept(group) == members and not model.accepted(0) and table.currentIndex().row() == 1
    qtbot.keyClick(table, Qt.Key_Up)
    qtbot.keyClick(table, Qt.Key_A)
    assert model.kept(group) == keeper and model.accepted(0)
    first, second = (int(result.item_ids[model.members[group][k]]) for k in (0, 1))
    qtbot.keyClick(table, Qt.Key_Up)
    qtbot.keyClick(table, Qt.Key_2)  # as a click: the second picture is the one kept
    assert model.kept(group) == {second} and table.currentIndex().row() == 0
    qtbot.keyClick(table, Qt.Key_1, Qt.ControlModifier)  # as Ctrl+click: the first stays too
    assert model.kept(group) == {first, second}
    qtbot.keyClick(table, Qt.Key_2, Qt.ControlModifier)  # ... and the second goes
    assert model.kept(group) == {first}
    qtbot.keyClick(table, Qt.Key_1, Qt.ControlModifier)  # a group keeps at least one picture
    assert model.kept(group) == {first}
    assert "A accept" in page.keys_hint.text() and "R reject" in table.toolTip().replace("R rejects", "R reject")


def test_group_header_hint_and_tooltips_say_what_a_click_does(wizard):
    page = wizard.review_page
    page.select_type("exact_duplicate")
    model = page.model
    assert model.grouped and model.rowCount()
    texts = {"header": model.headerData(1, Qt.Horizontal),
             "header tooltip": model.headerData(1, Qt.Horizontal, Qt.ToolTipRole),
             "cell tooltip": model.data(model.index(0, 1), Qt.ToolTipRole),
             "page hint": page.subTitle()}
    assert "green = kept" in texts["header"]  # the header stays short enough to show whole
    for where in ("header tooltip", "cell tooltip", "page hint"):  # a click keeps one copy; Ctrl+click adds or drops
        assert "keep only that one" in texts[where] and "Ctrl+click adds it or drops it" in texts[where], where
    assert "keep only its n-th picture" in page.table.toolTip() and "Ctrl+1–9 add it or drop it" in page.table.toolTip()
    assert str(wizard.scan.paths[model.members[int(model.rows[0])][0]]) in texts["cell tooltip"]


def header_cut(table) -> list[str]:
    """The header titles of ``table`` that do not fit their column (shown cut off on both sides)."""
    header, model = table.horizontalHeader(), table.model()
    cut = []
    for col in range(model.columnCount()):
        text = str(model.headerData(col, Qt.Horizontal))
        need = header.fontMetrics().horizontalAdvance(text) + 8  # the section's margins
        if header.sectionSize(col) < need:
            cut.append(f"{text!r}: {header.sectionSize(col)} px of {need}")
    return cut


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_header_shows_whole_in_a_wizard_as_wide_as_a_small_screen_allows(wizard, qapp, monkeypatch, language):
    from aigc_desktop.qt import i18n
    from aigc_desktop.qt.widgets import SCREEN_SHARE

    i18n.install_translators(qapp, language)
    try:
        wizard.resize(int(1024 * SCREEN_SHARE), int(700 * SCREEN_SHARE))
        page = wizard.review_page
        page.select_type("exact_duplicate")  # grouped: the members' column
        assert page.model.grouped
        qapp.processEvents()
        assert header_cut(page.table) == []
        page.select_type("dark")
        assert not page.model.grouped
        qapp.processEvents()
        assert header_cut(page.table) == []
        # label suggestions rank by the classifier's confidence, a longer title than "Score"
        monkeypatch.setattr(page.model, "shows_confidence", lambda: True)
        page.select_type("blurry")
        qapp.processEvents()
        assert page.model.headerData(4, Qt.Horizontal) == page.model.tr("Confidence")
        assert header_cut(page.table) == []
    finally:
        i18n.install_translators(qapp, "en")


def test_reveal_in_folder_shows_the_rows_file_or_the_picture_under_the_pointer(wizard, qtbot, tmp_path, monkeypatch):
    import aigc_desktop.qt.reveal as reveal

    shown = []
    monkeypatch.setattr(reveal, "reveal_in_folder", lambda path, platform=None: shown.append(Path(path)) or True)
    page, result = wizard.review_page, wizard.scan
    folder = tmp_path / "digits"
    page.select_type("dark")
    model, table = page.model, page.table
    table.setFocus()
    table.setCurrentIndex(model.index(1, 2))
    page.reveal_action.trigger()  # Ctrl+Shift+R: the current row's file
    assert shown == [folder / str(result.paths[model.rows[1]])] and shown[-1].exists()
    menu = page.context_menu(table.visualRect(model.index(0, 2)).center())
    assert [a.text() for a in menu.actions()] == ["Reveal in Folder"] and table.currentIndex().row() == 0
    menu.actions()[0].trigger()
    assert shown[-1] == folder / str(result.paths[model.rows[0]])

    # in a group: the picture the menu was opened on
    page.select_type("exact_duplicate")
    assert model.grouped
    cell = table.visualRect(model.index(0, 1))
    members = model.members[int(model.rows[0])]
    for position in (1, 0):
        x = cell.x() + GAP // 2 + position * (THUMB + GAP) + THUMB // 2
        page.context_menu(QPoint(x, cell.center().y())).actions()[0].trigger()
        assert shown[-1] == folder / str(result.paths[members[position]])
    # a file that is gone: one line says so, nothing opens
    monkeypatch.setattr(reveal, "reveal_in_folder", lambda path, platform=None: False)
    page.reveal_action.trigger()
    assert "no longer exists" in page.count.text()



def test_the_score_column_shows_only_on_pages_whose_scores_say_something(wizard):
    """A graded check (dark) shows each row's score, most flagged first; a yes/no check (corrupt,
    exact duplicates as a list) flags with 1.00 on every row, so its page has no Score column."""
    page, scan = wizard.review_page, wizard.scan
    model, table = page.model, page.table
    page.select_type("dark")
    assert model.rowCount() >= 3 and not table.isColumnHidden(4)
    shown = [model.data(model.index(r, 4)) for r in range(model.rowCount())]
    assert shown == [f"{float(scan.scores['dark'][r]):.2f}" for r in model.rows]
    assert [float(s) for s in shown] == sorted((float(s) for s in shown), reverse=True) and len(set(shown)) > 1

    page.select_type("corrupt")
    assert model.rowCount() == 1 and table.isColumnHidden(4)
    assert model.data(model.index(0, 4)) == "–"
    wizard.plan.actions["exact_duplicate"] = "exclude"  # every copy a row of its own
    page.select_type("exact_duplicate")
    assert not model.grouped and model.rowCount() >= 6 and table.isColumnHidden(4)
    page.select_type("dark")  # and back: the column shows again
    assert not table.isColumnHidden(4)


def click_header(qtbot, table, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(x, header.height() // 2))


def shown_column(model, column: int) -> list:
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_a_click_on_a_header_sorts_the_list_and_the_order_stays_for_the_next_type(wizard, qtbot):
    page, scan = wizard.review_page, wizard.scan
    model, table, header = page.model, page.table, page.table.horizontalHeader()
    page.select_type("dark")
    scores = [float(s) for s in shown_column(model, 4)]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) > 1  # most flagged first, to begin with
    click_header(qtbot, table, 4)
    assert header.sortIndicatorSection() == 4 and header.sortIndicatorOrder() == Qt.AscendingOrder
    assert [float(s) for s in shown_column(model, 4)] == sorted(scores)  # least flagged first

    click_header(qtbot, table, 2)
    ascending = header.sortIndicatorOrder() == Qt.AscendingOrder
    paths = shown_column(model, 2)
    assert header.sortIndicatorSection() == 2 and paths == sorted(paths, reverse=not ascending)
    click_header(qtbot, table, 2)
    assert shown_column(model, 2) == sorted(paths, reverse=ascending)  # a second click turns the order round

    page.select_type("blurry")  # another type: its list in the order chosen
    page.set_threshold(0.0)  # every item flagged
    blurry = shown_column(model, 2)
    assert len(blurry) == len(scan) and blurry == sorted(blurry, reverse=ascending)
    page.decide_current(False)  # keys act on the row shown first
    assert int(scan.item_ids[model.rows[0]]) in wizard.plan.exempt["blurry"]


def test_a_corrupt_files_reason_is_said_in_chinese_and_the_decoders_words_in_its_tooltip(wizard, window, qapp):
    from aigc_desktop.qt import i18n
    from tests.qt.test_chinese_everywhere import english_words

    wizard.items = window.catalog.items(window.dataset_id)  # what the scan's job hands over with its result
    i18n.install_translators(qapp, "zh_CN")
    try:
        page = wizard.review_page
        page.select_type("corrupt")
        model = page.model
        assert model.rowCount() == 1
        r = int(model.rows[0])
        decoder = str(wizard.items.detail[r])
        assert decoder  # the image library's own words, in English
        why = model.data(model.index(0, 5))
        assert why and english_words([("why", why)], set()) == []
        tip = model.data(model.index(0, 5), Qt.ToolTipRole)
        assert decoder in tip and english_words([("tip", tip.replace(decoder, ""))], set()) == []
    finally:
        i18n.install_translators(qapp, "en")
