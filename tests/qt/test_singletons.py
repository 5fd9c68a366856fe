"""Redrawing plots many times must not abort the interpreter (PySide6 miscounts bools; see
aigc_desktop/qt/singletons.py)."""
from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import aigc_desktop.qt  # pins the singletons, as every GUI start does
from PySide6.QtWidgets import QApplication
app = QApplication([])
import pyqtgraph as pg
plot = pg.PlotWidget()
for _ in range(400):  # about 20 references to True are lost per redraw; a few thousand exist
    plot.getPlotItem().clear()
    plot.plot([1.0, 2.0], [1.0, 2.0], name="run", symbol="o")
print("survived")
"""


def test_hundreds_of_plot_redraws_do_not_abort():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0 and "survived" in done.stdout, done.stderr[-2000:]
