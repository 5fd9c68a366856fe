"""The Training monitor driven like a user would: start, watch, pause, stop, close, compare runs.

Each test trains a real (tiny) model on 192 MNIST digits in the panel's worker thread.
"""
import json
import math
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, Qt

from aigc_desktop.qt.jobs import running_threads
from tests.jobs import imported

N_DIGITS = 192
QUICK = dict(batch_size=32, event_interval_s=0.0, val_fraction=0.125, width=8, latent_dim=4)


@pytest.fixture
def project(tmp_path, mnist):
    """A project holding one labelled dataset of MNIST digits."""
    from aigc_desktop.core.data.catalog import Catalog

    images, labels = mnist
    source = tmp_path / "digits.npz"
    np.savez(source, x=images[:N_DIGITS], y=labels[:N_DIGITS])
    path = tmp_path / "digits.aigc"
    with Catalog.open(path, create=True) as catalog:
        imported(catalog, str(source))
    return path


@pytest.fixture
def panel(window, project, qtbot):
    assert window.open_project(str(project))
    panel = window.panels["training"]
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: not panel.is_reading_history(), timeout=120000)
    return panel


def wait_idle(panel, qtbot, timeout=60000):
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=timeout)


def test_a_run_shows_losses_samples_and_lands_in_the_history(panel, qtbot):
    panel.form.epochs.setValue(2)
    assert panel.start_button.isEnabled() and not panel.stop_button.isEnabled()
    worker = panel.start(**QUICK)
    assert worker is not None and not panel.start_button.isEnabled() and not panel.form.isEnabled()
    qtbot.waitUntil(lambda: len(panel.loss_plot.series("loss")[0]) >= 3, timeout=60000)
    qtbot.waitUntil(lambda: len(panel.samples.pixmaps) >= 1, timeout=60000)
    wait_idle(panel, qtbot)

    finished = panel.last_finished
    assert finished.reason == "completed" and finished.epochs_done == 2
    xs, ys = panel.loss_plot.series("loss")
    assert all(math.isfinite(y) for y in ys) and xs == sorted(xs) and 0 < xs[0] and xs[-1] <= 2.0
    # the plot's curves got the points on the timer, not once per event
    qtbot.waitUntil(lambda: len(panel.loss_plot.drawn("loss")[0]) == len(xs), timeout=2000)
    assert sorted(panel.samples.pixmaps) == [1, 2]
    assert panel.samples.shown_epoch() == 2  # follows the newest grid
    assert not panel.samples.pixmaps[2].isNull() and panel.samples.pixmaps[2].width() > 28
    panel.samples.slider.setValue(1)
    assert "epoch 1 (the newest is epoch 2)" in panel.samples.title.text()
    assert "images/s" in panel.stats_label.text() and "ETA" in panel.stats_label.text()
    assert "Epoch 2/2" in panel.log.toPlainText()
    assert panel.progress_bar.value() == 1000

    run_dir = Path(finished.run_dir)
    assert run_dir.parent == panel.session.project.runs_folder
    assert run_dir.name.endswith("-vae") and (run_dir / "checkpoints" / "last.json").exists()
    config = json.loads((run_dir / "config.json").read_text())
    assert config["num_threads"] >= 1 and config["epochs"] == 2

    qtbot.waitUntil(lambda: not panel.is_reading_history() and len(panel.runs) == 1, timeout=120000)
    assert panel.history.list.count() == 1
    item = panel.history.list.item(0)
    assert item.checkState() == Qt.Checked and "2/2" in item.text() and "completed" in item.text()
    assert panel.compare.metric.currentData() == "val_loss"
    assert panel.compare.metric.currentText() == "validation loss"
    curve = panel.compare.plot.curves[f"{run_dir.name} (VAE)"]
    assert list(curve.getData()[0]) == [1.0, 2.0]
    assert panel.start_button.isEnabled() and not panel.stop_button.isEnabled()


def test_pause_holds_training_and_resume_continues(panel, qtbot):
    panel.form.epochs.setValue(200)
    panel.start(**QUICK)
    qtbot.waitUntil(lambda: panel.state == "training" and len(panel.loss_plot.series("loss")[0]) >= 2,
                    timeout=60000)
    # that a paused trainer takes no step is tested on the trainer itself (tests/core/test_train.py),
    # by counting its waits; here, that the buttons drive the job's pause token
    panel.pause_button.click()
    assert panel.state == "paused" and panel.pause_button.text() == "Resume" and panel.job.ctx.pause.paused
    assert panel.stop_button.isEnabled()
    panel.pause_button.click()
    assert panel.state == "training" and panel.pause_button.text() == "Pause" and not panel.job.ctx.pause.paused
    held = len(panel.loss_plot.series("loss")[0])
    qtbot.waitUntil(lambda: len(panel.loss_plot.series("loss")[0]) > held + 2, timeout=30000)
    panel.stop_button.click()
    wait_idle(panel, qtbot)
    assert panel.last_finished.reason == "cancelled"


def test_stop_while_paused_keeps_a_resumable_checkpoint_and_continue_finishes(panel, qtbot):
    panel.form.epochs.setValue(3)
    panel.start(**QUICK)
    qtbot.waitUntil(lambda: panel.state == "training" and len(panel.loss_plot.series("loss")[0]) >= 2,
                    timeout=60000)
    panel.pause()
    panel.stop()
    assert panel.state == "stopping" and not panel.stop_button.isEnabled()
    wait_idle(panel, qtbot)
    finished = panel.last_finished
    assert finished.reason == "cancelled"
    run_dir = Path(finished.run_dir)
    last = json.loads((run_dir / "checkpoints" / "last.json").read_text())
    assert last["has_state"] and json.loads((run_dir / "run.json").read_text())["status"] == "cancelled"

    qtbot.waitUntil(lambda: len(panel.runs) == 1 and not panel.is_reading_history(), timeout=120000)
    panel.history.list.setCurrentRow(0)
    assert "stopped" in panel.history.list.item(0).text()
    assert panel.history.continue_button.isEnabled()
    panel.history.continue_button.click()
    wait_idle(panel, qtbot)
    assert panel.last_finished.reason == "completed", panel.failure
    assert panel.last_finished.epochs_done == 3 and Path(panel.last_finished.run_dir) == run_dir


def test_closing_the_window_mid_training_stops_cleanly_and_keeps_the_checkpoint(window, project, qtbot):
    assert window.open_project(str(project))
    panel = window.panels["training"]
    panel.form.epochs.setValue(500)
    panel.start(**QUICK)
    qtbot.waitUntil(lambda: len(panel.samples.pixmaps) >= 1, timeout=60000)  # an epoch checkpoint exists
    run_dir = Path(panel.run_dir)
    window.close()  # the conftest then checks that no worker thread is left running
    QCoreApplication.processEvents()  # the jobs' queued outcomes arrive now and must not start anything new
    assert not running_threads() and not panel.job.running and panel.job.dropped  # its outcome went nowhere
    assert panel.start() is None and window.runner.start(lambda ctx: None) is None
    status = json.loads((run_dir / "run.json").read_text())
    assert status["status"] == "cancelled" and status["epochs_done"] >= 1
    last = json.loads((run_dir / "checkpoints" / "last.json").read_text())
    assert last["epochs_done"] >= 1 and last["has_state"]
    assert (run_dir / "checkpoints" / last["files"]["weights"]).stat().st_size > 0


def test_a_bad_setting_is_a_clear_message_not_a_crash(panel, qtbot):
    panel.form.conditional.setChecked(True)
    assert panel.form.conditional.isEnabled()  # MNIST is labelled
    panel.start(**QUICK, device="no-such-device")
    wait_idle(panel, qtbot)
    assert panel.failure and "no-such-device" in panel.failure
    assert "Training failed" in panel.log.toPlainText()
    assert panel.start_button.isEnabled() and panel.form.isEnabled()


def test_a_conditional_diffusion_run_end_to_end_with_its_own_settings(panel, qtbot):
    form = panel.form
    form.set_model("diffusion")
    assert form.objective.isEnabled() and form.sampler_steps.isEnabled() and not form.latent_dim.isEnabled()
    assert not form.beta.isEnabled() and not form.gan_loss.isEnabled()
    # unconditional, the default model is guided towards clusters of the images (self-guidance)
    assert form.guidance.isEnabled() and form.guidance.value() == 2.0
    form.set_model("vae")
    assert not form.guidance.isEnabled()
    form.set_model("diffusion")
    form.conditional.setChecked(True)
    assert form.guidance.isEnabled() and form.guidance.value() == 2.0
    form.objective.setCurrentIndex(form.objective.findData("ddpm"))
    form.sampler_steps.setValue(4)
    form.guidance.setValue(3.0)
    overrides = form.overrides()
    assert overrides["objective"] == "ddpm" and overrides["sampler_steps"] == 4 and overrides["guidance"] == 3.0
    assert "latent_dim" not in overrides and "gan_loss" not in overrides
    form.epochs.setValue(2)
    panel.start(**{k: v for k, v in QUICK.items() if k != "latent_dim"})
    wait_idle(panel, qtbot, timeout=120000)
    finished = panel.last_finished
    assert finished.reason == "completed" and finished.epochs_done == 2, panel.failure
    assert set(panel.loss_plot.names()) >= {"loss", "val_loss"} and "g_loss" not in panel.loss_plot.names()
    assert sorted(panel.samples.pixmaps) == [1, 2] and not panel.samples.pixmaps[2].isNull()
    assert ("Objective: Noise prediction, cosine schedule · Sampler: DDIM · Sampler steps: 4 · Guidance scale: 3"
            in panel.log.toPlainText())
    run_dir = Path(finished.run_dir)
    assert run_dir.name.endswith("-diffusion")
    config = json.loads((run_dir / "config.json").read_text())
    assert (config["objective"], config["solver"], config["sampler_steps"], config["guidance"]) == ("ddpm", "ddim", 4, 3.0)
    qtbot.waitUntil(lambda: not panel.is_reading_history() and len(panel.runs) == 1, timeout=120000)
    assert " · loss " in panel.history.list.item(0).text()  # the run's own loss, not a GAN's


def test_gan_run_plots_both_losses(panel, qtbot):
    panel.form.set_model("gan")
    assert not panel.form.beta.isEnabled() and panel.form.gan_loss.isEnabled()
    from aigc_desktop.core.training.config import default_config

    assert panel.form.lr.value() == pytest.approx(default_config("gan").lr)
    panel.form.epochs.setValue(1)
    panel.start(**QUICK)
    wait_idle(panel, qtbot)
    assert panel.last_finished.reason == "completed", panel.failure
    assert set(panel.loss_plot.names()) >= {"d_loss", "g_loss"}
    assert Path(panel.last_finished.run_dir).name.endswith("-gan")


@pytest.fixture
def two_datasets(tmp_path, mnist):
    """A project holding the digits (first) and their negatives (second, current when opened)."""
    from aigc_desktop.core.data.catalog import Catalog

    images, labels = mnist
    np.savez(tmp_path / "digits.npz", x=images[:N_DIGITS], y=labels[:N_DIGITS])
    np.savez(tmp_path / "negatives.npz", x=255 - images[N_DIGITS:2 * N_DIGITS], y=labels[N_DIGITS:2 * N_DIGITS])
    path = tmp_path / "two.aigc"
    with Catalog.open(path, create=True) as catalog:
        digits = imported(catalog, str(tmp_path / "digits.npz"))
        negatives = imported(catalog, str(tmp_path / "negatives.npz"))
    return path, digits, negatives


def test_the_panel_says_what_it_trains_on_and_files_runs_under_their_dataset(window, two_datasets, qtbot):
    path, digits, negatives = two_datasets
    assert window.open_project(str(path))
    panel = window.panels["training"]
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: not panel.is_reading_history(), timeout=120000)
    combo = panel.dataset_combo
    assert combo.count() == 2 and combo.currentData() == negatives and combo.isEnabled()
    assert panel.version_label.text() == f"version 0 (import) · {N_DIGITS} of {N_DIGITS} items included"
    window.catalog.set_included(negatives, window.catalog.items(negatives).ids[:3].tolist(), False)
    panel.session.notify_items_changed()
    assert f"{N_DIGITS - 3} of {N_DIGITS} items included" in panel.version_label.text()

    panel.form.epochs.setValue(1)
    panel.start(**QUICK)
    wait_idle(panel, qtbot)
    qtbot.waitUntil(lambda: len(panel.runs) == 1 and not panel.is_reading_history(), timeout=120000)
    negatives_run = panel.runs[0]
    assert negatives_run.dataset_name == window.catalog.dataset(negatives).name
    # the highlighted row is the run the monitor shows
    assert panel.history.selected_run().run_dir == negatives_run.run_dir and panel.shown_run is None

    combo.activated.emit(combo.findData(digits))  # as a user picks the other dataset
    assert panel.session.dataset_id == digits and window.panels["data"].dataset_combo.currentData() == digits
    assert panel.runs == [] and panel.history.list.count() == 0
    assert "1 more on the project's other datasets" in panel.history.hint.text()
    panel.start(**QUICK)
    wait_idle(panel, qtbot)
    qtbot.waitUntil(lambda: len(panel.runs) == 1 and not panel.is_reading_history(), timeout=120000)
    assert panel.runs[0].dataset_name == window.catalog.dataset(digits).name
    assert len(panel.history.all_runs) == 2

    # back on the negatives: a click on the highlighted run puts its curves and samples on the monitor
    combo.activated.emit(combo.findData(negatives))
    assert [r.run_dir for r in panel.runs] == [negatives_run.run_dir]
    item = panel.history.list.item(0)
    panel.history.list.setCurrentItem(item)
    panel.history.list.itemClicked.emit(item)
    assert panel.shown_run == negatives_run.run_dir
    epochs, losses = panel.loss_plot.series("loss")
    assert epochs == [1.0] and losses == [pytest.approx(negatives_run.history[0]["loss"])]
    for name in ("loss", "recon", "kl", "val_loss"):  # one epoch: drawn as dots, not invisible one-point lines
        assert panel.loss_plot.drawn(name)[0].tolist() == [1.0], name
        assert panel.loss_plot._curves[name].opts["symbol"] == "o", name
    assert sorted(panel.samples.pixmaps) == [1]


def test_compare_runs_gives_each_model_type_its_own_axis(qtbot):
    from aigc_desktop.qt.plots import ComparePlot

    plot = ComparePlot()
    qtbot.addWidget(plot)
    plot.set_runs([("a (VAE)", [1, 2], [190.0, 180.0], [10, 20], "VAE"), ("b (GAN)", [1, 2], [1.5, 1.4], None, "GAN"),
                   ("c (VAE)", [1], [200.0], [None], "VAE")], "val_loss")
    assert list(plot.plots) == ["VAE", "GAN"]
    assert plot.curves["a (VAE)"] in plot.plots["VAE"].listDataItems()
    assert plot.curves["b (GAN)"] in plot.plots["GAN"].listDataItems()
    low, high = plot.plots["GAN"].viewRange()[1]
    assert high < 10  # the GAN's curve is not flattened by the VAE's scale
    plot.set_runs([("a (VAE)", [1, 2], [190.0, 180.0], [10, 20], "VAE")], "val_loss")
    assert list(plot.plots) == ["VAE"] and plot.plots["VAE"].titleLabel.text == ""


def test_the_length_is_a_preset_in_steps_shown_as_epochs_of_these_data(panel):
    from aigc_desktop.core.training.config import DEFAULT_PRESET, preset_steps

    form = panel.form
    assert form.preset() == DEFAULT_PRESET
    # the panel told the form the dataset's size: 192 digits, 168 after the validation split, 3 steps an epoch
    steps = preset_steps("vae", DEFAULT_PRESET)
    assert form.epochs.value() == math.ceil(steps / 3)
    assert form.length_note.text().startswith(f"= {steps:,} steps, about ") and "min" in form.length_note.text()
    form.set_model("gan")  # another family, another budget
    assert form.epochs.value() == math.ceil(preset_steps("gan", DEFAULT_PRESET) / 2)  # full batches only
    form.set_preset("quick")
    assert f"= {preset_steps('gan', 'quick'):,} steps" in form.length_note.text()
    assert form.length() == {"preset": "quick"}
    form.epochs.setValue(7)  # a length of one's own
    assert form.preset() is None and form.length() == {"epochs": 7}
    assert form.length_note.text().startswith("= 14 steps")
    form.set_data_size(9000)
    assert form.length_note.text().startswith("= 882 steps")  # 7 epochs of 126 full batches


def test_a_step_budget_ends_mid_epoch_with_the_bar_full(panel, qtbot):
    panel.start(**QUICK, max_steps=8)  # 6 steps an epoch: the budget ends in epoch 2
    wait_idle(panel, qtbot)
    finished = panel.last_finished
    assert finished.reason == "completed" and "8 optimizer steps" in finished.message, panel.failure
    assert panel.progress_bar.value() == 1000
    status = json.loads((Path(finished.run_dir) / "run.json").read_text())
    assert status["global_step"] == 8 and status["epochs_done"] == 2


def test_health_warnings_show_above_the_plots_and_stay_with_the_run(panel, qtbot):
    panel.start(**QUICK, max_steps=36)  # cut short while still learning fast
    wait_idle(panel, qtbot)
    assert panel.last_finished.reason == "completed", panel.failure
    assert panel.warning_banner.isVisible() and "Still improving" in panel.warning_banner.text()
    assert "Warning: Still improving" in panel.log.toPlainText()
    # a later look at the run in the history shows its warnings again
    qtbot.waitUntil(lambda: len(panel.runs) == 1 and not panel.is_reading_history(), timeout=120000)
    panel.show_warnings([])
    assert not panel.warning_banner.isVisible()
    item = panel.history.list.item(0)  # a click on the run (highlighted already: it has just ended)
    panel.history.list.setCurrentItem(item)
    panel.history.list.itemClicked.emit(item)
    assert panel.warning_banner.isVisible() and "Still improving" in panel.warning_banner.text()
    # a past run on the monitor: the bar names it and how far it got
    run = panel.runs[0]
    panel.show_run(run)
    assert panel.progress_bar.format() == f"{run.name}: {run.epochs_done} of {run.config.epochs} epochs, completed"
    assert panel.progress_bar.value() == round(1000 * run.epochs_done / run.config.epochs)


def test_the_log_says_a_runs_settings_losses_and_end_in_chinese(panel, qapp):
    """What the monitor's log says of a run, from its first line to how it ended: the settings with the
    hyperparameter tables' names, the losses by name, the trainer's words said again in Chinese."""
    from aigc_desktop.core.project import TrainingStarted
    from aigc_desktop.core.training.config import default_config
    from aigc_desktop.core.training.devices import DeviceInfo
    from aigc_desktop.core.training.events import EpochEnd, RunFinished, completed_message
    from aigc_desktop.qt import i18n
    from tests.qt.test_chinese_everywhere import english_words

    i18n.install_translators(qapp, "zh_CN")
    try:
        before = panel.log.toPlainText()
        config = default_config("diffusion", conditional=True, n_classes=10, epochs=2, max_steps=40, guidance=3.0)
        panel._on_event(TrainingStarted("/runs/20261201-diffusion", config, 1000, [str(i) for i in range(10)],
                                        DeviceInfo("cpu", "CPU", None, "2.13.0+cpu", 1)))
        panel._on_event(EpochEnd(1, 2, {"loss": 0.1234}, 0.1301, 512.0, 10.0, None, 1.0))
        panel._on_run_finished(RunFinished("/runs/20261201-diffusion", "completed",
                                           completed_message(2, {"loss": 0.1111}, ("loss",), "steps", 40), 2))
        said = panel.log.toPlainText()[len(before):]
    finally:
        i18n.install_translators(qapp, "en")
    lines = [line for line in said.splitlines() if line.strip()]
    assert len(lines) == 4 and english_words([("log", line) for line in lines], set()) == []
    assert "整流流" in lines[0] and "欧拉" in lines[0] and "1,000" in lines[0] and "40" in lines[0]  # objective, sampler
    assert "0.1234" in lines[2] and "0.1301" in lines[2] and "512" in lines[2]
    assert "0.1111" in lines[3] and "40" in lines[3]
