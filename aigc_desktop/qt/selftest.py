"""``--self-test``: start the GUI offscreen, open the demo, check the panels, print one JSON line.

Each step is a function ``step(window) -> dict`` that raises on failure; later features append
their own steps (scan, a training step, a generated sample). Everything is written to a temporary
folder, never to the user's data or settings, and removed afterwards.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from typing import Callable

from PySide6.QtCore import QEventLoop, QTimer

from aigc_desktop.qt.cleaning_wizard.selftest import step_scan
from aigc_desktop.qt.panels.data_selftest import step_data_panel
from aigc_desktop.qt.panels.gallery_selftest import step_gallery_generate
from aigc_desktop.qt.panels.training_selftest import step_train


class SelfTestFailure(Exception):
    pass


def wait_for(window, condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Run the event loop until ``condition()`` holds; fail after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    while not condition():
        if time.monotonic() > deadline:
            raise SelfTestFailure(f"timed out after {timeout_s:.0f} s waiting for {what}")
        QTimer.singleShot(50, loop.quit)
        loop.exec()


def step_window(window) -> dict:
    if not window.isVisible():
        raise SelfTestFailure("the main window is not visible")
    return {"title": window.windowTitle(), "panels": list(window.panels)}


def step_open_demo(window) -> dict:
    worker = window.open_demo()
    if worker is None:
        raise SelfTestFailure("the demo dataset could not be opened")
    failures: list[str] = []
    worker.failed.connect(failures.append)
    wait_for(window, lambda: not window.is_importing(), 180, "the demo import")
    if failures:
        raise SelfTestFailure("demo import failed: " + failures[0])
    if window.dataset_id is None:
        raise SelfTestFailure("no dataset is open after importing the demo")
    summary = window.catalog.summary(window.dataset_id)
    if summary["items"] < 1000 or summary["corrupt"] < 1:
        raise SelfTestFailure(f"unexpected demo counts: {summary['items']} items, {summary['corrupt']} corrupt")
    if window.stack.currentWidget() is not window.tabs:
        raise SelfTestFailure("the panels are not shown after opening the demo")
    return {"items": summary["items"], "corrupt": summary["corrupt"], "labels": len(summary["labels"])}


STEPS: list[tuple[str, Callable]] = [
    ("window", step_window),
    ("demo", step_open_demo),
    ("data", step_data_panel),
    ("scan", step_scan),
    ("training", step_train),
    ("gallery", step_gallery_generate),
]


def run_self_test(language: str | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    scratch = tempfile.mkdtemp(prefix="aigc-selftest-")
    os.environ["AIGC_DATA_DIR"] = os.path.join(scratch, "data")
    os.environ["AIGC_SETTINGS_DIR"] = os.path.join(scratch, "settings")
    start = time.monotonic()
    report: dict = {"ok": False, "steps": {}}
    window = None
    try:
        from aigc_desktop.qt.app import create_app
        from aigc_desktop.qt.main_window import MainWindow

        create_app(language=language)
        window = MainWindow(probe_device=False)
        window.show()
        for name, step in STEPS:
            try:
                report["steps"][name] = step(window)
            except Exception as exc:  # report which step failed and why, then stop
                report["failed_step"] = name
                report["error"] = f"{type(exc).__name__}: {exc}"
                if not isinstance(exc, SelfTestFailure):
                    traceback.print_exc(file=sys.stderr)
                break
        else:
            report["ok"] = True
    except Exception as exc:
        report["error"] = f"{type(exc).__name__}: {exc}"
        traceback.print_exc(file=sys.stderr)
    finally:
        if window is not None:
            window.close()
        shutil.rmtree(scratch, ignore_errors=True)
    report["seconds"] = round(time.monotonic() - start, 2)
    print(json.dumps(report))
    return 0 if report["ok"] else 1
