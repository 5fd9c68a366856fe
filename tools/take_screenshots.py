#!/usr/bin/env python3
"""Screenshots of every panel, Gallery tab, wizard page and dialog, at 1024×700 and 1920×1080, in
English and Simplified Chinese, into ``docs/screenshots/<width>x<height>/<language>/``.

    xvfb-run -a -s "-screen 0 1920x1080x24" python tools/take_screenshots.py \
        [--sizes 1024x700,1920x1080] [--languages en,zh_CN] [--cache DIR]

It builds a scratch project from the demo dataset and trains the default VAE and GAN with the
Training panel's Quick preset first, so the Gallery shows the samples a user gets; nothing outside a
temporary folder is written except the PNGs. With ``--cache DIR`` the trained project is kept in
DIR and reused by the next run (delete DIR to retrain). Look at each one: no cut-off text, no outer
scrollbar, no untranslated English.
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def wait(app, condition, timeout_s: float = 600, settle_s: float = 0.4) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.03)
    end = time.monotonic() + settle_s
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def save_small_png(image, path: Path) -> None:
    """``image`` (a QImage) as a 256-colour PNG: the screenshots live in git, and an interface's
    flat colours, text and grey digits survive the palette."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    picture = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True)


def prepare(scratch: Path, preset: str) -> str:
    """The demo imported into a project, with the default VAE and GAN trained at ``preset``; an
    earlier run's project in ``scratch`` is reused when both runs finished."""
    from aigc_desktop.core.data.demo import write_demo
    from aigc_desktop.core.jobs import JobContext, run_job
    from aigc_desktop.core.project import Project, TrainRequest, import_into_project, train_in_project

    done = scratch / "trained"
    project_path = scratch / "demo.aigc"
    if done.exists() and project_path.exists():
        return str(project_path)
    for stale in (scratch / "demo", project_path, project_path.with_suffix(".runs")):
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()
    print("training the runs the Gallery shows…", file=sys.stderr)
    run_job(write_demo(str(scratch / "demo")))
    project = Project.at(project_path)
    dataset_id = run_job(import_into_project(project, str(scratch / "demo"), JobContext(workers=2)))
    for model in ("vae", "gan"):
        request = TrainRequest(model, {"device": "cpu"}, length={"preset": preset})
        run_job(train_in_project(project, dataset_id, request, JobContext(workers=2)))
    done.write_text("ok\n")
    return str(project.path)


def shoot_data_views(app, window, save) -> None:
    """The Data panel's grid and map (its features read from the images), and Find Similar."""
    from aigc_desktop.qt.panels.data_panel import GRID_VIEW, MAP_VIEW, TABLE_VIEW

    data = window.panels["data"]
    window.tabs.setCurrentWidget(data)
    data.view.selectRow(0)
    data.show_view(GRID_VIEW)
    save(window, "data-grid")
    data.show_view(MAP_VIEW)
    wait(app, lambda: data.features is not None and not data.job_row.isVisible(), 300, 1.0)
    save(window, "data-map")
    data.show_view(GRID_VIEW)
    data.find_similar()
    wait(app, lambda: data.similar_chip.isVisible() and not data.job_row.isVisible(), 300, 1.0)
    save(window, "data-grid-similar")
    data.clear_filters()
    data.show_view(TABLE_VIEW)


def shoot(project: str, language: str, size: tuple[int, int], out: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from aigc_desktop.qt import i18n
    from aigc_desktop.qt.app import create_app
    from aigc_desktop.qt.main_window import MainWindow
    from aigc_desktop.qt.widgets import SCREEN_SHARE

    app = create_app(language=language)
    i18n.install_translators(app, language)
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def save(widget, name: str) -> None:
        wait(app, lambda: True, 0, 0.5)
        path = out / f"{name}.png"
        save_small_png(widget.grab().toImage(), path)
        saved.append(path)

    def fit(dialog) -> None:
        """A dialog as large as it would open on a screen of this size (``fit_to_screen``)."""
        dialog.resize(min(dialog.width(), int(size[0] * SCREEN_SHARE)),
                      min(dialog.height(), int(size[1] * SCREEN_SHARE)))
        wait(app, lambda: True, 0, 0.3)

    window = MainWindow(probe_device=True)
    window.resize(*size)
    window.show()
    wait(app, lambda: "…" not in window.device_label.text(), 60)
    save(window, "empty-state")
    window.open_project(project)
    training = window.panels["training"]
    wait(app, lambda: not training.is_reading_history(), 300)
    # the monitor shows the VAE run: its curves, warnings and samples
    vae_run = next((run for run in training.history.runs if run.config.model == "vae"), None)
    if vae_run is not None:
        training.history.select(vae_run.run_dir)
    for key, panel in window.panels.items():
        window.tabs.setCurrentWidget(panel)
        wait(app, lambda: not training.is_reading_history(), 300, 1.0)
        save(window, f"panel-{key}")
    data = window.panels["data"]
    window.tabs.setCurrentWidget(data)
    data.set_filter(status="corrupt")
    save(window, "data-corrupt")
    data.clear_filters()
    shoot_data_views(app, window, save)
    window.tabs.setCurrentWidget(training)
    training.bottom_tabs.setCurrentWidget(training.hyperparameters)
    save(window, "training-hyperparameters")
    training.bottom_tabs.setCurrentIndex(0)

    gallery = window.panels["gallery"]
    window.tabs.setCurrentWidget(gallery)
    wait(app, lambda: not gallery.is_refreshing(), 120, 0)  # the runs are listed by a job
    vae = next((i for i, run in enumerate(gallery.runs) if run.config.model == "vae"), 0)
    gallery.run_combo.setCurrentIndex(vae)
    for tab, name in enumerate(("samples", "latent", "reconstructions", "compare")):
        gallery.tabs.setCurrentIndex(tab)
        if name == "reconstructions":
            gallery.reconstruct()
        wait(app, lambda: not gallery.busy(), 300, 1.0)
        save(window, f"gallery-{name}")
    gallery.compare.lower_tabs.setCurrentWidget(gallery.compare.hyperparameters)
    save(window, "gallery-compare-hyperparameters")
    gallery.compare.lower_tabs.setCurrentIndex(0)
    gallery.tabs.setCurrentIndex(0)

    wizard = window.panels["cleaning"].open_wizard()
    wait(app, lambda: wizard.isVisible(), 30)
    fit(wizard)
    save(wizard, "cleaning-1-checks")
    wizard.next()
    wait(app, lambda: wizard.scan is not None or wizard.scan_page.job is None, 900)
    save(wizard, "cleaning-2-scan")
    wizard.next()
    for issue_type in ("near_duplicate", "suspected_label_error", "corrupt"):
        if issue_type in wizard.review_page.issue_types():
            wizard.review_page.select_type(issue_type)
            save(wizard, f"cleaning-3-review-{issue_type}")
    wizard.next()
    save(wizard, "cleaning-4-preview")
    wizard.next()
    wait(app, lambda: wizard.apply_page.report is not None, 120)
    save(wizard, "cleaning-5-applied")
    wizard.accept()

    gallery.open_experiment_wizard()
    wait(app, lambda: gallery.wizard.isVisible(), 30)
    fit(gallery.wizard)
    save(gallery.wizard, "experiment-setup")
    gallery.wizard.reject()
    window.show_about()
    wait(app, lambda: window.about_dialog.isVisible(), 30)
    fit(window.about_dialog)
    save(window.about_dialog, "about")
    window.about_dialog.reject()
    window.close()
    QApplication.processEvents()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1024x700,1920x1080")
    parser.add_argument("--languages", default="en,zh_CN")
    parser.add_argument("--preset", default="quick", choices=("quick", "balanced", "best"),
                        help="training budget of the VAE and GAN the Gallery shows")
    parser.add_argument("--cache", help="keep the trained project here and reuse it next time")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="aigc-screens-"))
    cache = Path(args.cache).resolve() if args.cache else scratch / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    os.environ["AIGC_DATA_DIR"] = str(cache / "data")
    os.environ["AIGC_SETTINGS_DIR"] = str(scratch / "settings")
    try:
        project = prepare(cache, args.preset)
        for size_text in args.sizes.split(","):
            size = tuple(int(v) for v in size_text.split("x"))
            for language in args.languages.split(","):
                # each pass on a fresh copy: the wizard applies a version
                copy = scratch / f"{size_text}-{language}"
                copy.mkdir()
                shutil.copy(project, copy / "demo.aigc")
                runs = Path(project).with_suffix(".runs")
                if runs.exists():
                    shutil.copytree(runs, copy / "demo.runs")
                saved = shoot(str(copy / "demo.aigc"), language, size, Path(args.out) / size_text / language)
                print(f"{size_text} {language}: {len(saved)} screenshots", file=sys.stderr)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
