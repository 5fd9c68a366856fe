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


class NotShown(Exception):
    """What a screenshot should show did not arrive: the shot is not taken (a stale picture of an
    empty view would be worse than none)."""


def wait(app, condition, timeout_s: float = 600, settle_s: float = 0.4) -> bool:
    """Process events until ``condition()`` holds or ``timeout_s`` has passed, then ``settle_s`` more
    (the last repaints); whether it held."""
    deadline = time.monotonic() + timeout_s
    held = condition()
    while not held and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.03)
        held = condition()
    end = time.monotonic() + settle_s
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    return held


def need(held: bool, what: str) -> None:
    if not held:
        raise NotShown(what)


def wait_for_job(app, job, what: str, timeout_s: float = 1800) -> None:
    """Wait for ``job`` (a runner's Job) to finish with a result; under a loaded machine a job can
    take minutes, so the limit is generous, and running out of it is an error, not a shot."""
    if job is None:
        raise NotShown(f"{what}: the job did not start")
    if not wait(app, lambda: job.done, timeout_s, 0):
        raise NotShown(f"{what}: no result after {timeout_s:.0f} s")
    if job.outcome != "result":
        raise NotShown(f"{what}: the job ended with {job.outcome or 'no outcome'}")


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


def similar_query(data) -> int:
    """The item Find Similar is shown for: the demo's first exact copy of a picture (its original and
    the other look-alikes come first). The first row is a blank picture, which nothing resembles."""
    t = data.model.table
    for row, path in enumerate(t.path):
        if "/copy_" in str(path) and t.status[row] == "ok":
            return int(t.ids[row])
    raise NotShown("Find Similar: the demo has no readable copy_ item")


def shoot_data_views(app, window, save) -> None:
    """The Data panel's grid and map (its features read from the images), and Find Similar."""
    from aigc_desktop.qt.panels.data_panel import GRID_VIEW, MAP_VIEW, TABLE_VIEW

    data = window.panels["data"]
    window.tabs.setCurrentWidget(data)
    data.view.selectRow(0)
    data.show_view(GRID_VIEW)
    save(window, "data-grid")
    data.show_view(MAP_VIEW)
    if not wait(app, lambda: data.features is not None and not data.job_row.isVisible(), 1800, 1.0):
        raise NotShown("data-map: the items were not placed after 1800 s")
    save(window, "data-map")
    data.show_view(GRID_VIEW)
    query = similar_query(data)
    data.select_item(query)
    wait_for_job(app, data.find_similar(), "data-grid-similar")
    # shown: the "Like …" chip (set by the result alone), the query selected, the job row gone
    if not wait(app, lambda: data.similar_chip.isVisible() and data.current_item_id() == query
                and not data.job_row.isVisible(), 30, 1.0):
        raise NotShown("data-grid-similar: the result arrived but the grid does not show it")
    save(window, "data-grid-similar")
    data.clear_filters()
    data.show_view(TABLE_VIEW)


def shoot(project: str, language: str, size: tuple[int, int], out: Path, saved: list[Path],
          problems: list[str]) -> None:
    """Every shot of one size and language into ``out`` (listed in ``saved``); what could not be shown
    goes to ``problems``."""
    from PySide6.QtWidgets import QApplication

    from aigc_desktop.qt import i18n
    from aigc_desktop.qt.app import create_app
    from aigc_desktop.qt.main_window import MainWindow
    from aigc_desktop.qt.widgets import SCREEN_SHARE

    app = create_app(language=language)
    i18n.install_translators(app, language)
    out.mkdir(parents=True, exist_ok=True)

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
    need(wait(app, lambda: "…" not in window.device_label.text(), 300), "empty-state: the device was not found")
    save(window, "empty-state")
    window.open_project(project)
    training = window.panels["training"]
    need(wait(app, lambda: not training.is_reading_history(), 1800), "the run history was not read")
    # the monitor shows the VAE run: its curves, warnings and samples
    vae_run = next((run for run in training.history.runs if run.config.model == "vae"), None)
    if vae_run is not None:
        training.history.select(vae_run.run_dir)
    for key, panel in window.panels.items():
        window.tabs.setCurrentWidget(panel)
        need(wait(app, lambda: not training.is_reading_history(), 1800, 1.0), f"panel-{key}: the history was not read")
        save(window, f"panel-{key}")
    data = window.panels["data"]
    window.tabs.setCurrentWidget(data)
    data.set_filter(status="corrupt")
    data.select_position(0)  # the detail says why the first one cannot be read
    save(window, "data-corrupt")
    data.clear_filters()
    try:
        shoot_data_views(app, window, save)
    except NotShown as error:  # the other shots do not depend on it
        problems.append(str(error))
        data.clear_filters()
    window.tabs.setCurrentWidget(training)
    training.bottom_tabs.setCurrentWidget(training.hyperparameters)
    save(window, "training-hyperparameters")
    training.bottom_tabs.setCurrentIndex(0)

    gallery = window.panels["gallery"]
    window.tabs.setCurrentWidget(gallery)
    need(wait(app, lambda: not gallery.is_refreshing(), 1800, 0), "the Gallery did not list the runs")  # a job
    vae = next((i for i, run in enumerate(gallery.runs) if run.config.model == "vae"), 0)
    gallery.run_combo.setCurrentIndex(vae)
    for tab, name in enumerate(("samples", "latent", "reconstructions", "compare")):
        gallery.tabs.setCurrentIndex(tab)
        if name == "reconstructions":
            gallery.reconstruct()
        need(wait(app, lambda: not gallery.busy(), 1800, 1.0), f"gallery-{name}: still busy after 1800 s")
        save(window, f"gallery-{name}")
    gallery.compare.lower_tabs.setCurrentWidget(gallery.compare.hyperparameters)
    save(window, "gallery-compare-hyperparameters")
    gallery.compare.lower_tabs.setCurrentIndex(0)
    gallery.tabs.setCurrentIndex(0)

    wizard = window.panels["cleaning"].open_wizard()
    need(wait(app, lambda: wizard.isVisible(), 300), "the cleaning wizard did not open")
    fit(wizard)
    save(wizard, "cleaning-1-checks")
    wizard.next()
    need(wait(app, lambda: wizard.scan is not None or wizard.scan_page.job is None, 1800),
         "cleaning-2-scan: the scan did not finish")
    save(wizard, "cleaning-2-scan")
    wizard.next()
    for issue_type in ("near_duplicate", "suspected_label_error", "corrupt"):
        if issue_type in wizard.review_page.issue_types():
            wizard.review_page.select_type(issue_type)
            save(wizard, f"cleaning-3-review-{issue_type}")
    wizard.next()
    save(wizard, "cleaning-4-preview")
    wizard.next()
    need(wait(app, lambda: wizard.apply_page.report is not None, 1800), "cleaning-5-applied: not applied")
    save(wizard, "cleaning-5-applied")
    wizard.accept()

    gallery.open_experiment_wizard()
    need(wait(app, lambda: gallery.wizard.isVisible(), 300), "the experiment dialog did not open")
    fit(gallery.wizard)
    save(gallery.wizard, "experiment-setup")
    gallery.wizard.reject()
    window.show_about()
    need(wait(app, lambda: window.about_dialog.isVisible(), 300), "the About dialog did not open")
    fit(window.about_dialog)
    save(window.about_dialog, "about")
    window.about_dialog.reject()
    window.close()
    QApplication.processEvents()


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
    failed = False
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
                saved: list[Path] = []
                problems: list[str] = []
                try:
                    shoot(str(copy / "demo.aigc"), language, size, Path(args.out) / size_text / language,
                          saved, problems)
                except NotShown as error:  # the rest of this pass would show the wrong state
                    problems.append(f"{error}; the rest of this pass was not taken")
                    close_windows()
                print(f"{size_text} {language}: {len(saved)} screenshots", file=sys.stderr)
                for problem in problems:
                    print(f"{size_text} {language}: NOT TAKEN: {problem}", file=sys.stderr)
                failed = failed or bool(problems)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 1 if failed else 0


def close_windows() -> None:
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        widget.close()
    QApplication.processEvents()


if __name__ == "__main__":
    sys.exit(main())
