"""The Gallery with a diffusion run: guidance and steps, sampling with a progress bar and Cancel,
the denoising trajectory of a sample, interpolation through the noise, export with the sampler."""
from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt

from tests.qt.gallery_fixtures import make_project, train_tiny_run
from tests.qt.test_gallery import WAIT_MS, select_rows


@pytest.fixture(scope="module")
def diffusion_project(tmp_path_factory, mnist):
    images, labels = mnist
    folder = tmp_path_factory.mktemp("gallery-diffusion")
    project = make_project(folder, images[:96], labels[:96])
    run = train_tiny_run(project, "c-diffusion", "diffusion", images[:96], labels[:96], conditional=True,
                         sampler_steps=4)
    return project, run


def open_gallery(window, project, qtbot):
    """The project open on the Gallery, its run's samples listed."""
    assert window.open_project(project)
    window.tabs.setCurrentWidget(window.panels["gallery"])
    panel = window.panels["gallery"]
    qtbot.waitUntil(lambda: panel.model.rowCount() == 16, timeout=WAIT_MS)
    return panel


@pytest.fixture
def gallery(window, diffusion_project, qtbot):
    return open_gallery(window, diffusion_project[0], qtbot)


def test_a_diffusion_run_shows_its_sampler_settings(gallery):
    assert gallery.sampler_box.isVisible()
    assert gallery.guidance_spin.value() == 2.0 and gallery.guidance_spin.isEnabled()
    assert gallery.denoise_spin.value() == 4
    assert "is a Diffusion." in gallery.latent_hint.text() and not gallery.recon_button.isEnabled()
    assert not gallery.trajectory_button.isEnabled()  # nothing selected yet


def test_generate_shows_denoising_progress_and_uses_the_guidance(gallery, qtbot):
    gallery.class_combo.setCurrentIndex(gallery.class_combo.findData(3))
    gallery.count_spin.setValue(3)
    gallery.seed_spin.setValue(11)
    gallery.guidance_spin.setValue(0.0)
    gallery.denoise_spin.setValue(5)
    seen = []
    gallery.progress.valueChanged.connect(lambda v: seen.append((v, gallery.progress.maximum())))
    with qtbot.waitSignal(gallery.samplesChanged, timeout=WAIT_MS):
        qtbot.mouseClick(gallery.generate_button, Qt.LeftButton)
        assert gallery.progress.isVisible() and gallery.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not gallery.progress.isVisible(), timeout=WAIT_MS)
    assert seen and max(v for v, _ in seen) > 0
    samples = gallery.model.samples()
    assert len(samples) == 3 and samples[0].sampler["guidance"] == 0.0 and samples[0].sampler["steps"] == 5
    # guidance 0 is unconditional: another class gives the same images from the same seed
    gallery.class_combo.setCurrentIndex(gallery.class_combo.findData(8))
    gallery.seed_spin.setValue(11)
    with qtbot.waitSignal(gallery.samplesChanged, timeout=WAIT_MS):
        gallery.generate()
    again = gallery.model.samples()[3:]
    assert all(np.array_equal(a.image, b.image) for a, b in zip(samples, again))


def test_trajectory_of_a_selected_sample_and_its_export(gallery, qtbot, tmp_path):
    select_rows(gallery.grid, [4])
    assert gallery.trajectory_button.isEnabled()
    gallery.steps_spin.setValue(5)
    with qtbot.waitSignal(gallery.trajectoryShown, timeout=WAIT_MS):
        qtbot.mouseClick(gallery.trajectory_button, Qt.LeftButton)
    frames = gallery.strip_model.samples()
    assert [f.sampler["trajectory_step"] for f in frames] == [0, 1, 2, 3, 4]
    assert np.array_equal(frames[-1].image, gallery.model.sample(4).image)  # it ends in the grid's sample
    assert "trajectory" in gallery.strip_title.text()
    gallery.grid.selectionModel().clearSelection()
    with qtbot.waitSignal(gallery.exported, timeout=WAIT_MS) as blocker:
        gallery.export_selected(str(tmp_path))
    with Image.open(blocker.args[0][2]) as png:
        meta = json.loads(dict(png.text)["aigc:provenance"])
    assert meta["origin"] == "trajectory" and meta["sampler"]["trajectory_step"] == 2


def test_interpolation_runs_through_the_initial_noise(gallery, qtbot):
    select_rows(gallery.grid, [0, 10])
    gallery.steps_spin.setValue(4)
    with qtbot.waitSignal(gallery.interpolated, timeout=WAIT_MS):
        gallery.interpolate()
    strip = gallery.strip_model.samples()
    assert len(strip) == 4 and strip[0].z.shape == (28 * 28,)
    assert np.array_equal(strip[0].image, gallery.model.sample(0).image)
    assert np.array_equal(strip[-1].image, gallery.model.sample(10).image)


def test_cancel_stops_sampling_between_denoising_steps(gallery, qtbot):
    before = gallery.model.rowCount()
    gallery.count_spin.setValue(512)
    gallery.denoise_spin.setValue(200)
    gallery.generate()
    qtbot.waitUntil(lambda: gallery.progress.isVisible() and gallery.progress.value() > 0, timeout=WAIT_MS)
    qtbot.mouseClick(gallery.cancel_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not gallery.progress.isVisible(), timeout=WAIT_MS)
    assert gallery.status.text() == "Cancelled."
    assert gallery.model.rowCount() == before and gallery.generate_button.isEnabled()


@pytest.fixture(scope="module")
def self_guided_project(tmp_path_factory, mnist):
    """A labelled dataset trained unconditionally: the model is guided towards clusters of the images."""
    images, labels = mnist
    folder = tmp_path_factory.mktemp("gallery-self-guided")
    project = make_project(folder, images[:96], labels[:96])
    run = train_tiny_run(project, "u-diffusion", "diffusion", images[:96], sampler_steps=3, self_condition=4)
    return project, run


def test_a_self_guided_run_offers_its_guidance_but_not_its_clusters_as_classes(window, self_guided_project, qtbot):
    gallery = open_gallery(window, self_guided_project[0], qtbot)
    assert not gallery.class_combo.isEnabled() and gallery.class_combo.count() == 1
    assert gallery.class_combo.currentData() is None
    assert gallery.guidance_spin.isEnabled() and gallery.guidance_spin.value() == 2.0
    gallery.count_spin.setValue(3)
    gallery.seed_spin.setValue(5)
    gallery.denoise_spin.setValue(3)
    with qtbot.waitSignal(gallery.samplesChanged, timeout=WAIT_MS):
        gallery.generate()
    guided = gallery.model.samples()[-3:]
    assert all(s.label is None and s.sampler["guidance"] == 2.0 for s in guided)
    gallery.guidance_spin.setValue(0.0)
    with qtbot.waitSignal(gallery.samplesChanged, timeout=WAIT_MS):
        gallery.generate()
    unguided = gallery.model.samples()[-3:]
    assert all(s.sampler["guidance"] == 0.0 for s in unguided)
    assert any(not np.array_equal(a.image, b.image) for a, b in zip(guided, unguided))
