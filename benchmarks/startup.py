#!/usr/bin/env python3
"""Process start -> main window shown (offscreen), median over several runs.

    python benchmarks/startup.py [--runs 7]

Side by side: a bare PySide6 QMainWindow in the same interpreter (the floor any Qt app pays), and
our window; the ratio says what the app adds. Also shows whether torch was imported at show time
(it must not be: torch loads on first use).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

OURS = r"""
import os, sys, time, json
t0 = float(sys.argv[1])
from aigc_desktop.qt.app import create_app
from aigc_desktop.qt.main_window import MainWindow
app = create_app(language="en")
w = MainWindow(probe_device=False)
w.show(); app.processEvents()
print(json.dumps({"shown_s": time.time() - t0, "torch": "torch" in sys.modules}))
"""

BARE = r"""
import sys, time, json
t0 = float(sys.argv[1])
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1200, 800)
w.show(); app.processEvents()
print(json.dumps({"shown_s": time.time() - t0, "torch": "torch" in sys.modules}))
"""


def measure(code: str, runs: int) -> tuple[float, bool]:
    times, torch_loaded = [], False
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        env["AIGC_SETTINGS_DIR"] = tmp
        env["AIGC_DATA_DIR"] = tmp
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", code, repr(time.time())], env=env,
                                 capture_output=True, text=True, check=True)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            times.append(result["shown_s"])
            torch_loaded |= result["torch"]
    return statistics.median(times), torch_loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bare, _ = measure(BARE, args.runs)
    ours, torch_loaded = measure(OURS, args.runs)
    print(f"{'':32}{'median s':>10}")
    print(f"{'bare QMainWindow (reference)':32}{bare:10.3f}")
    print(f"{'AIGC Desktop main window':32}{ours:10.3f}")
    print(f"ratio ours/bare: {ours / bare:.2f}x   torch imported at show: {torch_loaded}")


if __name__ == "__main__":
    main()
