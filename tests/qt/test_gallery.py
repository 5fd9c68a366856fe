"""The Gallery panel driven like a user: pick a run, see its epoch grid, generate, interpolate,
explore a VAE's latent plane, reconstruct, export with provenance."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QItemSelectionModel, Qt

from tests.qt.gallery_fixtures import make_project, train_tiny_run

WAIT_MS = 60000


@pytest.fixture(scope="module")
def tiny_project(tmp_path_factory, mnist):
    images, labels = mnist
    images, labels = images[:256], labels[:256]
    folder = tmp_path_factory.mktemp("gallery")
    project = make_project(folder, images[:128], labels[:128])
    vae = train_tiny_run(project, "a-vae", "vae", images, labels, latent_dim=2)
    gan = train_tiny_run(project, "b-gan", "gan", images, labels, conditional=True, latent_dim=8)
    return project, vae, gan


@pytest.fixture
def gallery(window, tiny_project, qtbot):
    project, vae, gan = tiny_project
    assert window.open_project(project)
    window.tabs.setCurrentWidget(window.panels["gallery"])
    panel = window.panels["gallery"]
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=WAIT_MS)  # the newest run's epoch grid
    return panel


def pick(panel, name):
    assert panel.select_run(str(panel.session.project.runs_folder / name))


def select_rows(view, rows):
    selection = view.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(view.model().index(row, 0), QItemSelectionModel.Select)


def test_lists_runs_and_cuts_the_epoch_grid_into_samples(gallery):
    assert gallery.stack.currentIndex() == 1
    assert gallery.run_combo.count() == 2
    assert gallery.show_combo.currentData() == 1  # the epoch-1 grid, not the empty "generated" list
    first = gallery.model.sample(0)
    assert first.origin == "epoch grid" and first.image.shape == (28, 28, 1)
    assert gallery.model.rowCount() == 16
    tiles = np.stack([gallery.model.sample(i).image for i in range(16)])
    assert tiles.std() > 0  # real pixels, not the gaps between tiles
    pixmap = gallery.model.data(gallery.model.index(0, 0), Qt.DecorationRole)
    assert pixmap.width() == gallery.model.icon_side


def test_generate_a_class_with_a_seed_is_reproducible(gallery, qtbot):
    pick(gallery, "b-gan")
    assert gallery.class_combo.isEnabled()
    gallery.class_combo.setCurrentIndex(gallery.class_combo.findData(7))
    gallery.count_spin.setValue(5)
    gallery.seed_spin.setValue(42)
    with qtbot.waitSignal(gallery.samplesChanged, timeout=WAIT_MS):
        qtbot.mouseClick(gallery.generate_button, Qt.LeftButton)
    assert gallery.show_combo.currentData() == -1
    assert gallery.model.rowCount() == 5
    samples = gallery.model.samples()
    assert {s.label for s in samples} == {7} and all(s.seed == 42 and s.z.shape == (8,) for s in samples)
    assert gallery.seed_spin.value() == 43
    gallery.seed_spin.setValue(42)
    with qtbot.waitSignal(gallery.samplesChanged, timeout=WAIT_MS):
        gallery.generate()
    again = gallery.model.samples()[5:]
    assert len(again) == 5 and all(np.array_equal(a.image, b.image) for a, b in zip(samples, again))
    assert [s.index for s in gallery.model.samples()] == list(range(10))


def test_interpolate_between_two_grid_samples(gallery, qtbot):
    pick(gallery, "a-vae")
    qtbot.waitUntil(lambda: gallery.model.rowCount() == 16 and gallery.model.sample(0).run_dir.endswith("a-vae"),
                    timeout=WAIT_MS)
    assert not gallery.interpolate_button.isEnabled()
    select_rows(gallery.grid, [2, 9])
    assert gallery.interpolate_button.isEnabled()
    gallery.steps_spin.setValue(6)
    with qtbot.waitSignal(gallery.interpolated, timeout=WAIT_MS):
        qtbot.mouseClick(gallery.interpolate_button, Qt.LeftButton)
    strip = gallery.strip_model.samples()
    assert len(strip) == 6 and gallery.strip_box.isVisible()
    # the ends decode the two chosen samples' own latent codes (same checkpoint, same z)
    a, b = gallery.model.sample(2), gallery.model.sample(9)
    assert np.abs(strip[0].image.astype(int) - a.image.astype(int)).max() <= 1
    assert np.abs(strip[-1].image.astype(int) - b.image.astype(int)).max() <= 1
    assert not np.array_equal(strip[2].image, strip[0].image)


def test_export_writes_pngs_with_provenance(gallery, qtbot, tmp_path):
    pick(gallery, "b-gan")
    gallery.count_spin.setValue(4)
    with qtbot.waitSignal(gallery.samplesChanged, timeout=WAIT_MS):
        gallery.generate()
    select_rows(gallery.grid, [1, 3])
    (tmp_path / "b-gan_0001.png").write_bytes(b"already here")
    with qtbot.waitSignal(gallery.exported, timeout=WAIT_MS) as blocker:
        gallery.export_selected(str(tmp_path))
    paths = blocker.args[0]
    assert len(paths) == 2 and (tmp_path / "b-gan_0001.png").read_bytes() == b"already here"
    for path, row in zip(paths, (1, 3)):
        sample = gallery.model.sample(row)
        with Image.open(path) as png:
            assert np.array_equal(np.asarray(png), sample.image[..., 0])
            text = dict(png.text)
        assert text["AI-Generated"] == "true" and text["Run"] == "b-gan" and text["Model"] == "gan"
        assert text["Seed"] == str(sample.seed) and text["Label"] == sample.class_name
        assert "trainedAlgorithmicMedia" in text["XML:com.adobe.xmp"]
        meta = json.loads(text["aigc:provenance"])
        assert meta["run_dir"] == sample.run_dir and meta["label"] == sample.label
        assert np.allclose(meta["z"], sample.z, atol=1e-5)


def test_export_the_interpolation_strip_with_a_badge(gallery, qtbot, tmp_path):
    pick(gallery, "a-vae")
    qtbot.waitUntil(lambda: gallery.model.rowCount() == 16 and gallery.model.sample(0).run_dir.endswith("a-vae"),
                    timeout=WAIT_MS)
    select_rows(gallery.grid, [0, 1])
    with qtbot.waitSignal(gallery.interpolated, timeout=WAIT_MS):
        gallery.interpolate()
    gallery.grid.selectionModel().clearSelection()
    gallery.badge_check.setChecked(True)
    with qtbot.waitSignal(gallery.exported, timeout=WAIT_MS) as blocker:
        gallery.export_selected(str(tmp_path))
    paths = blocker.args[0]
    assert len(paths) == gallery.steps_spin.value()
    with Image.open(paths[0]) as png:
        pixels, text = np.asarray(png), dict(png.text)
    assert "Seed" not in text and text["Origin"] == "interpolation"
    assert pixels[-2, -2] == 255 or (pixels[-7:, -9:] == 255).any()  # the white-on-black badge
    assert not np.array_equal(pixels, gallery.strip_model.sample(0).image[..., 0])


def test_latent_plane_decodes_the_dragged_point(gallery, qtbot):
    pick(gallery, "a-vae")
    explorer = gallery.explorer
    with qtbot.waitSignal(explorer.manifoldReady, timeout=WAIT_MS):
        gallery.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: explorer.last_image is not None, timeout=WAIT_MS)
    assert "whole 2-D latent space" in explorer.note.text()
    centre = explorer.last_image.copy()
    plane = explorer.plane
    corner = plane.to_widget(2.5, -2.5)
    with qtbot.waitSignal(explorer.decoded, timeout=WAIT_MS):
        qtbot.mousePress(plane, Qt.LeftButton, pos=corner.toPoint())
    assert plane.point[0] == pytest.approx(2.5, abs=0.05) and plane.point[1] == pytest.approx(-2.5, abs=0.05)
    qtbot.waitUntil(lambda: not explorer.busy(), timeout=WAIT_MS)
    from aigc_desktop.core.training.sampling import decode_points

    expected = decode_points(explorer.run_dir, [plane.point])[0]
    assert np.array_equal(explorer.last_image, expected)
    assert not np.array_equal(centre, expected)


def test_reconstructions_sit_beside_their_inputs(gallery, qtbot):
    pick(gallery, "a-vae")
    gallery.tabs.setCurrentIndex(2)
    gallery.recon_count.setValue(6)
    with qtbot.waitSignal(gallery.reconstructed, timeout=WAIT_MS):
        qtbot.mouseClick(gallery.recon_button, Qt.LeftButton)
    tiles = gallery.recon_model.samples()
    assert len(tiles) == 6 and tiles[0].image.shape == (28, 28 * 2 + 2, 1)
    project_images = np.load(Path(gallery.session.project_path).parent / "digits.npz")["x"]
    for tile in tiles:  # the left half is a real dataset item
        left = tile.image[:, :28, 0]
        assert (np.abs(project_images.astype(int) - left.astype(int)).reshape(len(project_images), -1)
                .max(1) == 0).any()


def test_switching_to_the_gallery_reads_the_runs_in_a_job_and_shows_them_when_done(window, tiny_project, qtbot,
                                                                                 monkeypatch):
    import threading

    from aigc_desktop.core.project import Project
    from aigc_desktop.core.training import sampling

    project, vae, gan = tiny_project
    readers = []  # the threads that listed runs, epoch grids and metrics
    for owner, name in ((Project, "runs"), (sampling, "epoch_grids")):
        original = getattr(owner, name)

        def spy(*args, _original=original, **kwargs):
            readers.append(threading.current_thread())
            return _original(*args, **kwargs)

        monkeypatch.setattr(owner, name, spy)
    assert window.open_project(project)
    panel = window.panels["gallery"]
    with qtbot.waitSignal(panel.runsRefreshed, timeout=WAIT_MS):
        window.tabs.setCurrentWidget(panel)
    assert readers and threading.main_thread() not in readers
    assert [run.name for run in panel.runs] == ["b-gan", "a-vae"]  # newest first
    assert panel.run_combo.count() == 2 and panel.stack.currentIndex() == 1
    assert panel.show_combo.count() == 2  # "generated here" and the epoch-1 grid the job listed
    qtbot.waitUntil(lambda: panel.model.rowCount() == 16 and not panel.busy(), timeout=WAIT_MS)
    # an unchanged project listed again leaves the grid on screen alone
    shown = panel.model.sample(0)
    with qtbot.waitSignal(panel.runsRefreshed, timeout=WAIT_MS):
        panel.refresh_runs()
    assert panel.model.sample(0) is shown


def test_the_grid_paints_tiles_its_job_scaled_and_scales_here_only_after_a_zoom(gallery, qtbot, monkeypatch):
    from aigc_desktop.qt.models import sample_grid_model

    scaled_here = []
    real = sample_grid_model.scaled_pixmap
    monkeypatch.setattr(sample_grid_model, "scaled_pixmap", lambda *a: scaled_here.append(a) or real(*a))
    pick(gallery, "b-gan")
    qtbot.waitUntil(lambda: not gallery.busy(), timeout=WAIT_MS)
    with qtbot.waitSignal(gallery.samplesChanged, timeout=WAIT_MS):
        pick(gallery, "a-vae")  # its epoch grid is read and scaled by a job
    gallery.grid.viewport().grab()  # paints the visible tiles
    side = gallery.model.icon_side
    pixmap = gallery.model.data(gallery.model.index(0, 0), Qt.DecorationRole)
    assert (pixmap.width(), pixmap.height()) == (side, side) and not pixmap.toImage().isNull()
    assert scaled_here == []
    gallery.set_zoom(side + 16)  # a new size: the visible tiles are scaled again, here
    pixmap = gallery.model.data(gallery.model.index(0, 0), Qt.DecorationRole)
    assert pixmap.height() == side + 16 and len(scaled_here) == 1


def test_gan_run_explains_that_it_has_no_latent_plane(gallery):
    pick(gallery, "b-gan")
    assert "GAN" in gallery.latent_hint.text()
    assert not gallery.recon_button.isEnabled()


def test_empty_project_says_what_to_do(window, tmp_path, qtbot):
    assert window.open_project(str(tmp_path / "empty.aigc"), create=True)
    panel = window.panels["gallery"]
    assert panel.is_refreshing() and "Reading" in panel.empty.text()  # not "no runs" before they are read
    qtbot.waitUntil(lambda: not panel.is_refreshing(), timeout=WAIT_MS)
    assert panel.stack.currentIndex() == 0 and "Training tab" in panel.empty.text()
    panel.refresh_runs()
    qtbot.waitUntil(lambda: not panel.is_refreshing(), timeout=WAIT_MS)
    assert panel.stack.currentIndex() == 0 and "Training tab" in panel.empty.text()


def test_compare_runs_shows_cached_metrics_with_intervals_and_overlays_curves(gallery, tiny_project, qtbot):
    project, vae, gan = tiny_project
    metrics = {"schema": "aigc-metrics/2", "local_fd": 12.5, "precision": 0.75, "hallucination_offmanifold": 0.125,
               "ci95": {"local_fd": [10.0, 15.0], "precision": [0.7, 0.8], "hallucination_offmanifold": [0.1, 0.15]},
               "real_floor": {"local_fd": 0.5, "precision": 0.97, "hallucination_offmanifold": 0.0},
               "details": {"hallucination_offmanifold_rate": 0.2}, "notes": {"local_fd": "text"}}
    (Path(vae) / "metrics.json").write_text(json.dumps(metrics))
    try:
        with qtbot.waitSignal(gallery.runsRefreshed, timeout=WAIT_MS):
            gallery.refresh_runs()
        compare = gallery.compare
        table = compare.table
        headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        # readable names, in the headline order, nothing else (no interval or floor columns)
        assert headers[6:] == ["off-manifold hallucination", "local FD", "precision"]
        row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "a-vae")
        other = 1 - row
        fd = table.item(row, headers.index("local FD"))
        assert fd.text() == "12.5" and "10 to 15" in fd.toolTip() and "floor: 0.5" in fd.toolTip()
        assert table.item(row, headers.index("precision")).text() == "75.0%"
        assert table.item(other, headers.index("local FD")).text() == "–"
        assert table.cellWidget(row, 5).text() == "Re-evaluate" and table.cellWidget(other, 5).text() == "Evaluate"
        compare.metric_combo.setCurrentIndex(compare.metric_combo.findData("precision"))
        assert compare.bars_shown == [("a-vae", 0.75)]
        compare.curves.metric.setCurrentIndex(compare.curves.metric.findData("val_loss"))
        assert set(compare.curves.plot.curves) == {"a-vae (VAE)", "b-gan (GAN)"}
        xs, ys = compare.curves.plot.curves["a-vae (VAE)"].getData()
        assert list(xs) == [1] and ys[0] == pytest.approx(json.loads((Path(vae) / "history.json").read_text())[0]["val_loss"])
    finally:
        (Path(vae) / "metrics.json").unlink()


def test_two_selected_runs_are_compared_with_a_verdict_only_where_the_interval_excludes_zero(gallery, tiny_project,
                                                                                           qtbot):
    project, vae, gan = tiny_project
    rng = np.random.default_rng(0)
    for run, fd, precision in ((vae, 10.0, 0.80), (gan, 20.0, 0.81)):
        (Path(run) / "metrics.json").write_text(json.dumps({
            "schema": "aigc-metrics/2", "local_fd": fd, "precision": precision, "reference": None, "n_reference": 100,
            "bootstrap": {"samples": {"local_fd": rng.normal(fd, 0.5, 200).tolist(),
                                      "precision": rng.normal(precision, 0.02, 200).tolist()}}}))
    try:
        with qtbot.waitSignal(gallery.runsRefreshed, timeout=WAIT_MS):
            gallery.refresh_runs()
        compare = gallery.compare
        compare.table.selectAll()
        text = compare.comparison.text()
        assert "local FD" in text and ("worse" in text or "better" in text)  # FD 10 against 20: a clear verdict
        assert "precision" not in text  # 0.80 against 0.81 with its noise: no verdict
    finally:
        for run in (vae, gan):
            (Path(run) / "metrics.json").unlink()


@pytest.mark.slow
def test_evaluate_button_measures_the_run_with_progress_and_caches_it(gallery, tiny_project, qtbot):
    project, vae, gan = tiny_project
    gallery.tabs.setCurrentWidget(gallery.compare)
    table = gallery.compare.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "a-vae")
    stages = []
    original = gallery.compare._on_progress
    gallery.compare._on_progress = lambda event: (stages.append(gallery.compare.progress_label.text()),
                                                  original(event))
    try:
        with qtbot.waitSignal(gallery.compare.evaluated, timeout=300000):
            qtbot.mouseClick(table.cellWidget(row, 5), Qt.LeftButton)
            assert gallery.compare.cancel_button.isVisible() or not gallery.compare.evaluating()
        qtbot.waitUntil(lambda: not gallery.compare.evaluating(), timeout=WAIT_MS)
        saved = json.loads((Path(vae) / "metrics.json").read_text())
        assert saved["schema"] == "aigc-metrics/2" and 0 <= saved["precision"] <= 1
        headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "a-vae")
        assert table.item(row, headers.index("local FD")).text() == f"{saved['local_fd']:.4g}"
        assert not gallery.compare.progress.isVisible()
        assert any("about" in text and "s left" in text for text in stages + [gallery.compare.progress_label.text()]) \
            or any("Measuring" in text for text in stages)
    finally:
        (Path(vae) / "metrics.json").unlink(missing_ok=True)


def test_memorised_samples_are_shown_beside_the_training_image_they_copy(qtbot):
    from aigc_desktop.qt.memorised_dialog import MemorisedDialog

    digit = np.zeros((28, 28, 1), np.uint8)
    digit[8:20, 12:16] = 255
    pairs = [(digit, digit, {"sample": 3, "train_index": 7, "path": "1/img_7.png", "via": "feature+pixel",
                             "feature_ratio": 0.0, "pixel_ratio": 0.0, "shift": [0, 1], "duplicate_group": 4,
                             "duplicate_type": "exact_duplicate"}),
             (digit, None, {"sample": 5, "train_index": 9, "via": "feature", "feature_ratio": 0.21,
                            "pixel_ratio": 0.9, "shift": [0, 0]})]
    dialog = MemorisedDialog("run-a", pairs)
    qtbot.addWidget(dialog)
    (shown, source, text), (_, missing, other) = dialog.rows
    assert not shown.pixmap().isNull() and not source.pixmap().isNull()
    assert "sample 3 → training image 1/img_7.png" in text.text() and "moved by (1, 0) px" in text.text()
    assert "duplicate group 4 (exact duplicate)" in text.text()
    assert missing.text() == "not in this dataset" and "feature-space copy; ratio 0.21" in other.text()


def test_the_latent_planes_axis_ends_stay_readable_over_white_pictures(qtbot):
    from aigc_desktop.qt.panels.latent_explorer import LatentPlane

    plane = LatentPlane()
    qtbot.addWidget(plane)
    plane.resize(300, 300)
    plane.set_background(np.full((336, 336), 255, np.uint8))  # a decoded plane of white pictures
    image = plane.grab().toImage()
    r = plane.square()
    metrics = plane.fontMetrics()
    for text, x, y in ((f"z₂ = {plane.extent:+.0f}", r.left() + 4, r.top() + 2),
                       (f"z₁ = {plane.extent:+.0f}", r.right() - 4 - metrics.horizontalAdvance("z₁ = +3"),
                        r.bottom() - 2 - metrics.height())):
        box = [image.pixelColor(int(x) + dx, int(y) + dy).lightness()
               for dx in range(0, metrics.horizontalAdvance(text), 2) for dy in range(0, metrics.height(), 2)]
        # light text on a dark plate: a good share of the label's box is dark, not white on white
        assert sum(v < 80 for v in box) > len(box) // 3, text
