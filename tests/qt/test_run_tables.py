"""Runs side by side: the hyper-parameter table in the run history and in Compare, "Reveal in Folder"
on runs and on exports, and the optimizer step each epoch records."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from tests.qt.gallery_fixtures import make_project, train_tiny_run

WAIT_MS = 120000


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory, mnist):
    images, labels = mnist
    folder = tmp_path_factory.mktemp("runs")
    project = make_project(folder, images[:128], labels[:128])
    vae = train_tiny_run(project, "a-vae", "vae", images[:256], labels[:256], latent_dim=2)
    gan = train_tiny_run(project, "b-gan", "gan", images[:256], labels[:256], latent_dim=8)
    return project, vae, gan


@pytest.fixture
def revealed(monkeypatch):
    import aigc_desktop.qt.reveal as reveal

    shown: list[Path] = []
    monkeypatch.setattr(reveal, "reveal_in_folder", lambda path, platform=None: shown.append(Path(path)) or True)
    return shown


@pytest.fixture
def training(window, two_runs, qtbot):
    assert window.open_project(two_runs[0])
    panel = window.panels["training"]
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: len(panel.runs) == 2, timeout=WAIT_MS)
    return panel


def headers(table) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def test_every_epoch_records_its_optimizer_step(training):
    for run in training.runs:
        steps = [entry["step"] for entry in run.history]
        # 256 digits, a tenth held out for validation, batches of 64 (a GAN drops the short last one)
        assert steps[0] in (230 // 64, -(-230 // 64))
        assert steps == [steps[0] * e for e in range(1, len(steps) + 1)]


def test_run_history_has_a_hyperparameter_table(training, qtbot, two_runs, revealed):
    _, vae, gan = two_runs
    tab = training.hyperparameters
    assert not tab.isVisible() and tab.fills == 0  # filled only once it is looked at
    training.bottom_tabs.setCurrentWidget(tab)
    assert tab.fills == 1
    table = tab.table
    assert table.rowCount() == 2
    assert [table.item(r, 0).text() for r in range(2)] == ["b-gan", "a-vae"]  # newest first, as the history
    shown = headers(table)
    assert shown[0] == "Run" and {"Model", "Latent size", "Learning rate", "β (KL weight)", "GAN loss"} <= set(shown)
    assert "Seed" not in shown and "Image size" not in shown  # the same in both runs
    model = shown.index("Model")
    assert {table.item(r, model).text() for r in range(2)} == {"VAE", "GAN"}
    beta = shown.index("β (KL weight)")
    gan_row = 0
    assert table.item(gan_row, beta).text() == "–"  # a GAN has no β

    tab.only_differences.setChecked(False)
    assert {"Seed", "Image size", "Epochs"} <= set(headers(table))

    # double-click a run: it becomes the history's current run
    table.itemDoubleClicked.emit(table.item(1, 0))
    assert Path(training.history.selected_run().run_dir) == Path(vae)

    # right-click menu of the history and of the table: Reveal in Folder shows the run's folder
    training.history.reveal_action.trigger()
    table.selectRow(0)
    tab.reveal_action.trigger()
    assert revealed == [Path(vae), Path(gan)]

    # Ctrl+Shift+R acts on the list or table that has the focus, though both are on screen
    assert training.history.list.isVisible() and table.isVisible()
    for widget, expected in ((training.history.list, vae), (table, gan)):
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus, timeout=5000)
        qtbot.keyClick(widget, Qt.Key_R, Qt.ControlModifier | Qt.ShiftModifier)
        assert revealed[-1] == Path(expected)
    assert len(revealed) == 4


def open_compare(window, project, qtbot):
    """The project open on the Gallery's Compare Runs tab, both runs loaded: (gallery, compare)."""
    assert window.open_project(project)
    gallery = window.panels["gallery"]
    window.tabs.setCurrentWidget(gallery)
    qtbot.waitUntil(lambda: len(gallery.compare.runs) == 2, timeout=WAIT_MS)
    gallery.tabs.setCurrentWidget(gallery.compare)
    return gallery, gallery.compare


def test_compare_runs_has_the_table_and_reveals_runs(window, two_runs, qtbot, revealed):
    gallery, compare = open_compare(window, two_runs[0], qtbot)
    compare.lower_tabs.setCurrentWidget(compare.hyperparameters)
    assert compare.hyperparameters.table.rowCount() == 2
    assert "Model" in headers(compare.hyperparameters.table)
    row = next(r for r in range(compare.table.rowCount()) if compare.table.item(r, 0).text() == "a-vae")
    compare.table.selectRow(row)
    compare.reveal_action.trigger()
    assert revealed == [Path(two_runs[1])]

    # the curves' options: steps on the x axis use the step each epoch recorded
    controls = compare.curves.controls
    controls.x_axis.setCurrentIndex(controls.x_axis.findData("step"))
    xs = {name: list(curve.getData()[0]) for name, curve in compare.curves.plot.curves.items()}
    assert xs == {compare.curves.legend(run): [float(run.history[0]["step"])] for run in compare.runs}


def test_compare_names_the_runs_under_the_plots_and_says_why_the_metric_chart_is_empty(window, two_runs, qtbot):
    gallery, compare = open_compare(window, two_runs[0], qtbot)
    curves = compare.curves
    # one plot per model type, none with a legend over its curves: the names stand in the key below
    assert sorted(curves.plot.plots) == ["GAN", "VAE"]
    assert all(plot.legend is None for plot in curves.plot.plots.values())
    assert curves.key.isVisible()
    for run in compare.runs:
        assert curves.legend(run).replace(" ", "&nbsp;") in curves.key.text()
    assert [name for name, _ in curves.plot.legend_entries()] == list(curves.plot.curves)
    # no run evaluated: no empty axes and no blank metric choice, but what would fill them
    assert not any(compare.metrics.values())
    assert not compare.bars.isVisible() and compare.bars_empty.isVisible()
    assert "Evaluate" in compare.bars_empty.text()
    assert not compare.metric_combo.isEnabled() and compare.metric_combo.currentIndex() == -1
    # a measured metric fills the chart
    run = compare.runs[0]
    compare.metrics[run.run_dir] = {"precision": 0.75}
    compare._fill_metric_combo(compare.metric_names())
    compare.metric_combo.setCurrentIndex(compare.metric_combo.findData("precision"))
    assert compare.bars.isVisible() and not compare.bars_empty.isVisible()
    assert compare.bars_shown == [(run.name, 0.75)] and compare.metric_combo.isEnabled()


def test_exports_offer_reveal_in_folder(window, two_runs, qtbot, tmp_path, revealed):
    assert window.open_project(two_runs[0])
    cleaning = window.panels["cleaning"]
    window.tabs.setCurrentWidget(cleaning)
    assert not cleaning.export_note.isVisible()
    out = tmp_path / "export"
    job = cleaning.export_version(0, str(out))
    qtbot.waitUntil(lambda: not job.running, timeout=WAIT_MS)
    assert cleaning.export_note.isVisible() and "Reveal in Folder" in cleaning.export_note.text()
    cleaning.export_note.linkActivated.emit("reveal")
    assert revealed == [out]

    gallery = window.panels["gallery"]
    window.tabs.setCurrentWidget(gallery)
    qtbot.waitUntil(lambda: gallery.model.rowCount() > 0, timeout=WAIT_MS)
    gallery.grid.selectionModel().select(gallery.model.index(0, 0), QItemSelectionModel.Select)
    (tmp_path / "samples").mkdir()
    with qtbot.waitSignal(gallery.exported, timeout=WAIT_MS) as blocker:
        gallery.export_selected(str(tmp_path / "samples"))
    first = Path(blocker.args[0][0])
    assert "Reveal in Folder" in gallery.status.text()
    gallery.status.linkActivated.emit("reveal")
    assert revealed == [out, first]
    gallery._say("something else")
    assert gallery.status.path is None and "Reveal" not in gallery.status.text()


def test_settings_are_named_in_chinese_the_same_in_the_form_and_the_tables(qapp, qtbot):
    """Every word-valued setting of a run (TrainConfig's str fields: model, GAN loss, objective,
    sampler, device) reads in Chinese, and a table of runs names it as the Training form offers it."""
    import dataclasses
    from types import SimpleNamespace

    from aigc_desktop.core.models import DIFFUSION_SOLVERS
    from aigc_desktop.core.training.config import GAN_LOSSES, MODELS, TrainConfig, default_config
    from aigc_desktop.qt import i18n
    from aigc_desktop.qt.hyperparameter_table import HyperparameterTable, field_title, format_value
    from aigc_desktop.qt.panels.training_form import DEVICES, TrainingForm
    from tests.qt.test_chinese_everywhere import english_words

    values = {"model": MODELS, "gan_loss": GAN_LOSSES, "objective": tuple(DIFFUSION_SOLVERS),
              "solver": tuple(s for solvers in DIFFUSION_SOLVERS.values() for s in solvers), "device": DEVICES}
    assert {f.name for f in dataclasses.fields(TrainConfig) if f.type in (str, "str")} == set(values)
    i18n.install_translators(qapp, "zh_CN")
    try:
        said = [(f"{field}={value}", format_value(value, field)) for field, options in values.items() for value in options]
        assert english_words(said, set()) == []
        assert len({text for _, text in said}) == len(said)  # no two values named alike

        runs = [SimpleNamespace(name=f"run-{i}", run_dir=f"/runs/run-{i}", config=config) for i, config in enumerate((
            default_config("gan", device="auto"), default_config("gan", gan_loss="wgan-gp", device="cpu"),
            default_config("diffusion", device="cuda"), default_config("diffusion", objective="ddpm", solver="ddim"),
            default_config("diffusion", solver="heun"), default_config("vae")))]
        table = HyperparameterTable()
        qtbot.addWidget(table)
        table.set_runs(runs)
        table.show()
        shown = {table.table.horizontalHeaderItem(c).text(): c for c in range(table.table.columnCount())}
        cells = {field: [table.table.item(r, shown[field_title(field)]).text() for r in range(len(runs))]
                 for field in values}
        assert english_words([(f, t) for f, texts in cells.items() for t in texts], set()) == []
        device = shown[field_title("device")]
        table.table.sortItems(device)  # a click on the header: the names in order as they read, not the values
        column = [table.table.item(r, device).text() for r in range(len(runs))]
        assert column == sorted(column) and len(set(column)) == 3

        form = TrainingForm()
        qtbot.addWidget(form)
        offered = {"model": form.model, "gan_loss": form.gan_loss, "objective": form.objective, "device": form.device}
        for field, combo in offered.items():
            for r, run in enumerate(runs):
                value = getattr(run.config, field)
                if cells[field][r] == "–":  # a setting this run's model does not read
                    continue
                entry = combo.itemText(combo.findData(value))
                assert cells[field][r] in entry, (field, value, cells[field][r], entry)  # the form's own name
                assert entry == cells[field][r] or field in ("model", "objective")  # with more said in the form
    finally:
        i18n.install_translators(qapp, "en")
