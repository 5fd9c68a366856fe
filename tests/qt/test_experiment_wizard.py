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


def open_wizard(window, project):
    assert window.open_project(project)
    panel = window.panels["gallery"]
    window.tabs.setCurrentWidget(panel)
    panel.open_experiment_wizard()
    wizard = panel.wizard
    wizard.config_overrides = {"width": 8, "batch_size": 64, "n_samples": 16, "latent_dim": 4}
    wizard.epochs_spin.setValue(1)
    wizard.samples_spin.setValue(64)
    return panel, wizard


@pytest.mark.slow
def test_runs_three_ways_and_shows_the_result_side_by_side(window, project, qtbot):
    panel, wizard = open_wizard(window, project)
    assert wizard.start_button.isEnabled() and "results go to" in wizard.dataset_label.text()
    with qtbot.waitSignal(wizard.finishedExperiment, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(wizard.start_button, Qt.LeftButton)
        assert wizard.pages.currentIndex() == 1
    qtbot.waitUntil(lambda: wizard.job is None, timeout=WAIT_MS)
    result = blocker.args[0]
    assert wizard.pages.currentIndex() == 2
    assert set(result.variants) == {"dirty", "cleaned", "robust"}
    assert result.variants["cleaned"].n_train < result.variants["dirty"].n_train  # the duplicates went
    # the table shows exactly what was measured, per variant, whichever way it went
    headers = [wizard.metrics_table.horizontalHeaderItem(c).text() for c in range(wizard.metrics_table.columnCount())]
    assert headers[0].startswith("Dirty") and headers[1] == "Cleaned"
    rows = [wizard.metrics_table.verticalHeaderItem(r).text() for r in range(wizard.metrics_table.rowCount())]
    fd_row = rows.index("local FD")
    for col, variant in enumerate(("dirty", "cleaned", "robust")):
        shown = wizard.metrics_table.item(fd_row, col).text()
        assert shown == f"{result.variants[variant].metrics['local_fd']:.4g}"
        assert wizard.metrics_table.item(0, col).text() == f"{result.variants[variant].n_train:,}"
        assert wizard.grid_labels[variant].pixmap() is not None and not wizard.grid_labels[variant].pixmap().isNull()
    assert wizard.summary_label.text() == result.summary_text and len(result.summary_text) > 40
    saved = json.loads((Path(result.out_dir) / "experiment.json").read_text())
    assert saved["variants"]["dirty"]["metrics"]["local_fd"] == pytest.approx(result.variants["dirty"].metrics["local_fd"])
    assert "epoch 1/1" in wizard.log.toPlainText()
    wizard.accept()
    panel.refresh_runs()  # the three runs are browsable in the gallery, named after their experiment
    names = [run.name for run in panel.runs]
    assert f"{Path(result.out_dir).name}/cleaned" in names and len(names) == 3


def test_cancel_stops_the_experiment_and_returns_to_setup(window, project, qtbot):
    panel, wizard = open_wizard(window, project)
    wizard.epochs_spin.setValue(50)
    job = wizard.start()
    qtbot.waitUntil(lambda: wizard.stage_label.text().startswith("Scanning"), timeout=WAIT_MS)
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
