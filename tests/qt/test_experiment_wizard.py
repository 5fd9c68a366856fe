"""The experiment wizard on a tiny budget: 1 epoch of a narrow VAE on 160 digits, three ways."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.qt.gallery_fixtures import make_project

WAIT_MS = 300000


@pytest.fixture
def project(tmp_path, mnist):
    images, labels = mnist
    images, labels = images[:160].copy(), labels[:160].copy()
    images[150:160] = images[0:10]  # planted exact duplicates, so the cleaned run differs from the dirty one
    return make_project(tmp_path / "exp", images, labels)


def open_wizard(window, project, seeds="0"):
    assert window.open_project(project)
    panel = window.panels["gallery"]
    window.tabs.setCurrentWidget(panel)
    panel.open_experiment_wizard()
    wizard = panel.wizard
    wizard.config_overrides = {"width": 8, "batch_size": 64, "n_samples": 16, "latent_dim": 4}
    wizard.feature_steps = 40
    wizard.epochs_spin.setValue(1)
    wizard.samples_spin.setValue(64)
    wizard.seeds_edit.setText(seeds)
    return panel, wizard


def test_refuses_to_compare_a_version_with_itself_and_shows_both_counts(window, project, qtbot):
    panel, wizard = open_wizard(window, project)
    # nothing cleaned yet: version 0 against the default plan, whose count the scan will tell
    assert wizard.dirty_combo.currentData() == 0 and "160 items" in wizard.counts_label.text()
    assert wizard.start_button.isEnabled()
    wizard.cleaned_combo.setCurrentIndex(wizard.cleaned_combo.findData(0))
    assert not wizard.start_button.isEnabled() and "nothing to compare" in wizard.counts_label.text()
    assert wizard.start() is None
    wizard.seeds_edit.setText("0,x")
    assert "Seeds are whole numbers" in wizard.counts_label.text()
    wizard.seeds_edit.setText("0,1")
    wizard.plant_edit.setText("0,0.2")  # a dose-response takes the dataset as clean: versions do not apply
    assert wizard.start_button.isEnabled() and not wizard.cleaned_combo.isEnabled()
    params = wizard.params()
    assert params.plant == (0.0, 0.2) and params.seeds == (0, 1) and params.cleaned_version is None


@pytest.mark.slow
def test_runs_every_variant_and_shows_the_result_with_intervals(window, project, qtbot):
    panel, wizard = open_wizard(window, project)
    assert wizard.start_button.isEnabled() and "results go to" in wizard.dataset_label.text()
    steps, show = [], wizard._on_progress  # what the experiment says it is doing, as it goes
    wizard._on_progress = lambda event: steps.append(event) or show(event)
    with qtbot.waitSignal(wizard.finishedExperiment, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(wizard.start_button, Qt.LeftButton)
        assert wizard.pages.currentIndex() == 1
    qtbot.waitUntil(lambda: wizard.job is None, timeout=WAIT_MS)
    result = blocker.args[0]
    assert wizard.pages.currentIndex() == 2
    assert set(result.variants) == {"dirty", "cleaned", "robust"}
    assert result.variants["cleaned"].n_train < result.variants["dirty"].n_train  # the duplicates went
    # the table shows exactly what was measured, per variant, whichever way it went
    table = wizard.view.metrics_table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[0].startswith("Dirty") and headers[1] == "Cleaned" and "Real floor" in headers
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    fd_row = rows.index("local FD")
    for col, variant in enumerate(("dirty", "cleaned", "robust")):
        entry = result.variants[variant].summary["local_fd"]
        shown = table.item(fd_row, col).text()
        assert shown.startswith(f"{entry['mean']:.4g}") and "[" in shown
        assert table.item(0, col).text() == f"{result.variants[variant].n_train:,}"
        pixmap = wizard.view.grid_labels[variant].pixmap()
        assert pixmap is not None and not pixmap.isNull()
    assert all(line in wizard.view.summary_label.text() for line in result.summary[-2:])
    saved = json.loads((Path(result.out_dir) / "experiment.json").read_text())
    assert saved["variants"]["dirty"]["summary"]["local_fd"]["mean"] == pytest.approx(
        result.variants["dirty"].summary["local_fd"]["mean"])
    assert "epoch 1/1" in wizard.log.toPlainText()
    said_in_chinese(steps, saved, wizard.view)
    wizard.accept()
    qtbot.waitUntil(lambda: not panel.is_refreshing(), timeout=60000)  # the wizard's finish listed them again
    names = [run.name for run in panel.runs]
    assert f"{Path(result.out_dir).name}/cleaned-seed0" in names and len(names) == 3
    # and the experiment itself in the Gallery's experiment view
    assert panel.experiment_combo.currentData() == result.out_dir
    assert panel.experiment_view.metrics_table.rowCount() == table.rowCount()


def test_the_gallery_shows_an_experiment_run_from_the_command_line(window, project, tmp_path, qtbot):
    from aigc_desktop.core.project import Project

    folder = Project.at(project).experiments_folder / "20990101-000000-vae"
    folder.mkdir(parents=True)
    summary = {"label_consistency": {"mean": 0.62, "ci95": [0.5, 0.7], "per_seed": [0.62]}}
    cleaned = {"label_consistency": {"mean": 0.91, "ci95": [0.88, 0.94], "per_seed": [0.91]}}
    dose = lambda rate, s: {"rate": rate, "real_floor": {"label_consistency": 0.97}, "comparisons": [  # noqa: E731
        {"a": "dirty", "b": "cleaned", "metric": "label_consistency", "difference": 0.29, "ci95": [0.2, 0.4],
         "verdict": "better"}], "variants": {"dirty": {"n_train": 100, "runs": [], "summary": s},
                                              "cleaned": {"n_train": 80, "runs": [], "summary": cleaned}}}
    (folder / "experiment.json").write_text(json.dumps({
        "schema": "aigc-experiment/2", "out_dir": str(folder), "summary": ["Cleaned data vs dirty data: better."],
        "doses": [dose(0.0, summary), dose(0.3, summary)]}))
    from aigc_desktop.core.evaluation.plot import Panel, Series, render

    render([Panel("label consistency", [0.0, 0.3], [Series("dirty", [0.9, 0.6], [0.8, 0.5], [1.0, 0.7])])],
           "dose").save(folder / "dose_response.png")
    assert window.open_project(project)
    panel = window.panels["gallery"]
    with qtbot.waitSignal(panel.runsRefreshed, timeout=60000):
        panel.refresh_experiments()
    view = panel.experiment_view
    assert panel.experiment_combo.currentData() == str(folder)
    assert "better" in view.summary_label.text() and not view.plot_label.pixmap().isNull()
    assert view.dose_combo.count() == 2 and view.dose_combo.currentText() == "0.3"
    table = view.metrics_table
    assert table.item(1, 0).text().startswith("62.0%") and table.item(1, 1).text().startswith("91.0%")
    assert table.item(1, 3).text() == "better"


def test_cancel_stops_the_experiment_and_returns_to_setup(window, project, qtbot):
    panel, wizard = open_wizard(window, project)
    wizard.epochs_spin.setValue(50)
    job = wizard.start()
    qtbot.waitUntil(lambda: wizard.stage_label.text().startswith(("Scanning", "Reading", "Training")),
                    timeout=WAIT_MS)
    with qtbot.waitSignal(job.cancelled, timeout=WAIT_MS):
        qtbot.mouseClick(wizard.cancel_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: wizard.job is None, timeout=WAIT_MS)
    assert wizard.result is None and "Cancelled" in wizard.stage_label.text()
    qtbot.mouseClick(wizard.cancel_button, Qt.LeftButton)  # now "Back"
    assert wizard.pages.currentIndex() == 0


def test_without_a_dataset_it_says_what_to_do(window, qtbot):
    from aigc_desktop.qt.experiment_wizard import ExperimentWizard

    wizard = ExperimentWizard(window.session, window)
    qtbot.addWidget(wizard)
    wizard.show()
    assert not wizard.start_button.isEnabled() and "Open a dataset first" in wizard.dataset_label.text()
    assert wizard.start() is None


def said_in_chinese(events, saved: dict, view) -> None:
    """Each step the experiment reported reads in Chinese, and so does the result's summary, which the
    view builds from experiment.json's numbers (its "summary" is the core's English)."""
    from PySide6.QtWidgets import QApplication

    from aigc_desktop.core.evaluation.experiment import ExperimentStage
    from aigc_desktop.qt import i18n
    from aigc_desktop.qt.experiment_wizard import ExperimentWizard
    from tests.qt.test_chinese_everywhere import english_words

    from tests.qt.test_chinese_everywhere import _plain

    messages = {e.message for e in events if isinstance(e, ExperimentStage) and e.message}
    assert any(m.startswith("seed 0: epoch 1 step") for m in messages) and len(messages) >= 8
    i18n.install_translators(QApplication.instance(), "zh_CN")
    try:
        assert english_words([(m, ExperimentWizard.step_text(m)) for m in sorted(messages)], set()) == []
        view.show_data(saved)
        summary = _plain(view.summary_label.text())
        assert len(summary) > 100 and english_words([("summary", summary)], set()) == []
        assert all(str(n) in summary for n in (saved["steps"], saved["batch_size"]))
        table = view.metrics_table  # what each variant trained on, on its count of training images
        trained_on = [table.item(0, col).toolTip() for col in range(3)]
        assert all(trained_on) and english_words([("trained on", t) for t in trained_on], set()) == []
    finally:
        i18n.install_translators(QApplication.instance(), "en")
