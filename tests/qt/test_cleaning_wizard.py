"""Click through the cleaning wizard on the demo dataset: scan, review, preview, apply, report; then revert."""
from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWizard

from aigc_desktop.core.cleaning.versions import list_versions
from aigc_desktop.qt.cleaning_wizard.review_model import GAP, THUMB

QUICK = {"corrupt", "exact_duplicate", "missing_label", "odd_size", "odd_mode", "blank", "dark", "light", "blurry"}


def data_panel_included(window):
    table = window.panels["data"].model.table
    return None if table is None else np.asarray(table.included)


def wait_data_panel_shows(qtbot, window, included) -> None:
    """The Data panel comes to show ``included`` (a big dataset's rows are read again by a job
    while the panel says "Loading…")."""
    qtbot.waitUntil(lambda: data_panel_included(window) is not None
                    and np.array_equal(data_panel_included(window), included), timeout=60000)


@pytest.fixture
def demo_window(window, qtbot):
    window.open_demo()
    qtbot.waitUntil(lambda: not window.is_importing() and window.dataset_id is not None, timeout=120000)
    return window


def click(qtbot, wizard, which):
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.LeftButton)


def test_walk_the_wizard_apply_and_revert(demo_window, qtbot, tmp_path):
    window = demo_window
    panel = window.panels["cleaning"]
    window.tabs.setCurrentWidget(panel)
    assert "Not scanned yet" in panel.scan_summary.text()
    assert panel.versions.topLevelItemCount() == 1  # version 0, the import
    qtbot.mouseClick(panel.wizard_button, Qt.LeftButton)
    wizard = panel.wizard
    qtbot.waitExposed(wizard)
    assert not hasattr(wizard.review_page, "table")  # built when reached, not while the wizard opens
    assert wizard.items is None  # the scan's job reads the items, not the GUI thread while the wizard opens

    # 1. checks: the quick ones (the neighbour graph and the classifier take minutes on two cores)
    page = wizard.checks_page
    page.select(exclude=[t for t in page.boxes if t not in QUICK])
    assert set(page.checks()) == QUICK
    click(qtbot, wizard, QWizard.NextButton)

    # 2. the scan runs in a worker; Next waits for it
    assert wizard.currentId() == wizard.PAGE_SCAN
    assert not wizard.button(QWizard.NextButton).isEnabled()
    qtbot.waitUntil(lambda: wizard.scan is not None, timeout=180000)
    scan = wizard.scan
    assert len(wizard.items) == window.catalog.dataset(window.dataset_id).n_items
    assert set(scan.checked) == QUICK
    assert "Found:" in wizard.scan_page.result_label.text()
    click(qtbot, wizard, QWizard.NextButton)

    # 3. review: live counts per threshold, groups side by side, per-item overrides
    review = wizard.review_page
    assert wizard.currentId() == wizard.PAGE_REVIEW
    counts = scan.counts()
    assert counts["corrupt"] == window.catalog.summary(window.dataset_id)["corrupt"] > 0
    assert counts["exact_duplicate"] >= 2
    for row, t in enumerate(review.issue_types()):
        assert f"({counts[t]:,})" in review.types.item(row).text()

    review.select_type("exact_duplicate")
    model = review.model
    assert model.grouped and model.rowCount() == len(np.unique(scan.groups["exact_duplicate"][scan.flagged("exact_duplicate")]))
    # a group of copies that nothing else excludes (two blank images are exact copies too)
    others = np.zeros(len(scan), bool)
    for t in QUICK - {"exact_duplicate"}:
        others |= scan.flagged(t)
    row = next(r for r, g in enumerate(model.rows) if not others[model.members[int(g)]].any())
    group = int(model.rows[row])
    members = model.members[group]
    keeper = int(scan.item_ids[members[scan.keepers["exact_duplicate"][members]][0]])
    assert model.kept(group) == {keeper}
    other = next(p for p, m in enumerate(members) if int(scan.item_ids[m]) != keeper)
    review.table.scrollTo(model.index(row, 1))
    rect = review.table.visualRect(model.index(row, 1))

    def click_member(position: int, modifier=Qt.NoModifier) -> None:
        qtbot.mouseClick(review.table.viewport(), Qt.LeftButton, modifier,
                         QPoint(rect.x() + GAP // 2 + position * (THUMB + GAP) + THUMB // 2, rect.y() + THUMB // 2))

    keeper_position = next(p for p, m in enumerate(members) if int(scan.item_ids[m]) == keeper)
    dropped_before = model.to_drop()
    click_member(other)  # a click keeps that copy instead of the suggested one
    assert model.kept(group) == {int(scan.item_ids[members[other]])}
    assert model.to_drop() == dropped_before
    click_member(other, Qt.ControlModifier)  # the last kept copy cannot be dropped: the group keeps one
    assert model.kept(group) == {int(scan.item_ids[members[other]])}
    assert "at least one" in review.count.text()
    click_member(keeper_position, Qt.ControlModifier)  # Ctrl+click keeps several
    both = {keeper, int(scan.item_ids[members[other]])}
    assert model.kept(group) == both  # now both copies stay
    assert model.to_drop() == dropped_before - 1
    assert f"{dropped_before - 1:,} copies dropped" in review.count.text()

    review.select_type("corrupt")  # a yes/no check: no threshold to move, short rows with real thumbnails
    assert review.threshold_widget.isHidden() and not review.yes_no_note.isHidden()
    assert review.table.verticalHeader().defaultSectionSize() < THUMB + 24
    assert review.table.iconSize().height() == THUMB

    review.select_type("blank")
    assert not review.threshold_widget.isHidden() and review.yes_no_note.isHidden()
    assert model.rowCount() == counts["blank"] and not model.grouped
    spared = int(scan.item_ids[model.rows[0]])
    model.setData(model.index(0, 0), Qt.Unchecked, Qt.CheckStateRole)  # leave this blank image alone
    review.set_threshold(0.0)  # everything scores at least 0: the live count follows
    assert model.rowCount() == scan.counts({"blank": 0.0})["blank"] == len(scan) > counts["blank"]
    assert f"{len(scan):,} flagged" in review.count.text()
    review.set_threshold(0.5)
    assert model.rowCount() == counts["blank"]
    assert wizard.plan.thresholds["blank"] == pytest.approx(0.5)
    click(qtbot, wizard, QWizard.NextButton)

    # 4. preview: numbers of the plan, nothing written yet
    assert wizard.currentId() == wizard.PAGE_PREVIEW
    outcome = wizard.outcome
    assert wizard.preview_page.numbers["excluded"].text() == f"{outcome.counts()['excluded']:,}"
    assert window.catalog.items(window.dataset_id).included.all()
    assert wizard.preview_page.chart.bars["after"].opts["height"]
    ids = outcome.after.item_ids
    row_of = {int(i): r for r, i in enumerate(ids)}
    assert outcome.after.included[row_of[spared]]  # the override holds
    assert all(outcome.after.included[row_of[i]] for i in both)

    # 5. apply (the commit button), then the reports
    click(qtbot, wizard, QWizard.CommitButton)
    apply_page = wizard.apply_page
    qtbot.waitUntil(lambda: apply_page.report is not None, timeout=60000)
    assert not wizard.button(QWizard.CancelButton).isVisible()  # applied: nothing left to cancel
    for fmt in ("md", "html", "json"):
        apply_page.save_report(str(tmp_path / f"report.{fmt}"), fmt)
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["schema"] == "aigc-clean/1" and report["version"]["number"] == 1
    assert "Cleaning report" in (tmp_path / "report.md").read_text()
    click(qtbot, wizard, QWizard.FinishButton)

    items = window.catalog.items(window.dataset_id)
    assert np.array_equal(items.included, wizard.outcome.after.included)
    assert int((~items.included).sum()) == report["counts"]["excluded"] > 0
    wait_data_panel_shows(qtbot, window, items.included)
    assert panel.versions.topLevelItemCount() == 2
    rules = panel.versions.topLevelItem(0).toolTip(6).split("\n")  # the plan's rules, as the wizard named them
    assert "Corrupt: Exclude" in rules and not any(rule.endswith(": exclude") for rule in rules)
    assert "Latest scan" in panel.scan_summary.text()

    # 6. revert to version 0 from the versions list
    version_0 = panel.versions.topLevelItem(1)
    assert version_0.text(0) == "0"
    panel.versions.setCurrentItem(version_0)
    qtbot.mouseClick(panel.revert_button, Qt.LeftButton)
    items = window.catalog.items(window.dataset_id)
    assert items.included.all() and list(items.label) == list(items.original_label)
    wait_data_panel_shows(qtbot, window, items.included)
    versions = list_versions(window.catalog, window.dataset_id)
    assert [(v.number, v.kind) for v in versions] == [(0, "import"), (1, "clean"), (2, "revert")]
    assert versions[-1].current and panel.versions.topLevelItemCount() == 3

    # 7. export the cleaned version from the panel (a worker), then check the files
    panel.versions.setCurrentItem(panel.versions.topLevelItem(1))
    assert panel.selected_version() == 1
    job = panel.export_version(1, str(tmp_path / "exported"))
    with qtbot.waitSignal(job.finished, timeout=60000):
        pass
    assert len(list((tmp_path / "exported").rglob("*.png"))) == versions[1].stats["included"]


def test_an_applied_version_refreshes_the_data_panel_even_when_the_wizard_closes_at_once(demo_window, qtbot):
    """Apply is one transaction: once it committed, closing the wizard must not lose its outcome."""
    window = demo_window
    panel = window.panels["cleaning"]
    wizard = panel.open_wizard()
    qtbot.waitExposed(wizard)
    wizard.checks_page.select(exclude=[t for t in wizard.checks_page.boxes if t not in ("corrupt", "exact_duplicate")])
    click(qtbot, wizard, QWizard.NextButton)
    qtbot.waitUntil(lambda: wizard.scan is not None, timeout=180000)
    click(qtbot, wizard, QWizard.NextButton)  # review
    click(qtbot, wizard, QWizard.NextButton)  # preview
    changed = []
    window.session.itemsChanged.connect(lambda: changed.append(True))
    click(qtbot, wizard, QWizard.CommitButton)
    job = wizard.apply_page.job
    wizard.reject()  # the user closes the wizard while the version is being written
    qtbot.waitUntil(lambda: not job.running, timeout=60000)
    assert job.outcome == "result" and changed
    items = window.catalog.items(window.dataset_id)
    assert (~items.included).sum() > 0  # the corrupt files and the extra copies were excluded
    wait_data_panel_shows(qtbot, window, items.included)
    assert panel.versions.topLevelItemCount() == 2


def test_label_suggestions_show_and_sort_by_the_classifiers_confidence(demo_window, qtbot):
    """The Score of a label-error row is the classifier's confidence in its suggestion, not a flat 1.00."""
    panel = demo_window.panels["cleaning"]
    wizard = panel.open_wizard()
    qtbot.waitExposed(wizard)
    try:
        wizard.checks_page.select(exclude=[t for t in wizard.checks_page.boxes if t != "suspected_label_error"])
        click(qtbot, wizard, QWizard.NextButton)
        qtbot.waitUntil(lambda: wizard.scan is not None, timeout=300000)
        click(qtbot, wizard, QWizard.NextButton)
        review, scan = wizard.review_page, wizard.scan
        review.select_type("suspected_label_error")
        model = review.model
        assert model.rowCount() >= 3
        assert model.headerData(4, Qt.Horizontal) == "Confidence" and not review.table.isColumnHidden(4)
        shown = [model.data(model.index(r, 4)) for r in range(model.rowCount())]
        confidences = [float(scan.suggested_confidence[r]) for r in model.rows]
        assert shown == [f"{c:.0%}" for c in confidences]
        assert confidences == sorted(confidences, reverse=True)  # most certain first
        assert len(set(shown)) > 1  # they differ: the column says how sure each suggestion is
        header = review.table.horizontalHeader()  # a click on the header: least certain first
        qtbot.mouseClick(header.viewport(), Qt.LeftButton,
                         pos=QPoint(header.sectionViewportPosition(4) + 5, header.height() // 2))
        least_first = [float(scan.suggested_confidence[r]) for r in model.rows]
        assert least_first == sorted(confidences) and model.data(model.index(0, 4)) == f"{least_first[0]:.0%}"
    finally:
        wizard.reject()
        qtbot.waitUntil(lambda: wizard.scan_page.job is None, timeout=60000)
