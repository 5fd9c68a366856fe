"""The live loss plot batches redraws; the compare plot shows one curve per run; small helpers."""
import math

import numpy as np

from aigc_desktop.qt.panels.sample_view import grid_pixmap
from aigc_desktop.qt.panels.training_panel import format_duration
from aigc_desktop.qt.plots import ComparePlot, LivePlot


def test_live_plot_redraws_on_its_timer_not_per_point(qtbot):
    plot = LivePlot("epoch", "loss", interval_ms=50)
    qtbot.addWidget(plot)
    for i in range(500):
        plot.append("loss", i / 100, 100.0 - i / 10)
        plot.append("kl", i / 100, 1.0)
    plot.append("loss", 5.0, math.nan)  # dropped: a NaN would blank the curve
    assert plot.redraws == 0
    qtbot.waitUntil(lambda: plot.redraws >= 2, timeout=2000)
    assert plot.redraws == 2  # one setData per series for all 1000 points
    x, y = plot.drawn("loss")
    assert len(x) == 500 and y[0] == 100.0 and np.isfinite(y).all()
    plot.clear_series()
    assert plot.names() == [] and plot.series("loss") == ([], [])


def test_compare_plot_skips_missing_values(qtbot):
    plot = ComparePlot()
    qtbot.addWidget(plot)
    plot.set_runs([("a", [1, 2, 3], [3.0, None, 1.0]), ("b", [1], [None])], "val_loss")
    assert list(plot.curves) == ["a"]
    assert list(plot.curves["a"].getData()[0]) == [1.0, 3.0]


def test_format_duration():
    assert format_duration(59.4) == "0:59"
    assert format_duration(3725) == "1:02:05"
    assert format_duration(float("nan")) == "–"


def test_grid_pixmap_tiles_grey_and_colour_samples(qapp):
    grey = np.zeros((4, 28, 28, 1), np.uint8)
    grey[0] = 255
    pixmap = grid_pixmap(grey)
    assert (pixmap.width(), pixmap.height()) == (2 + 2 * 30, 2 + 2 * 30)  # 2 × 2 tiles with 2-pixel gaps
    image = pixmap.toImage()
    assert image.pixelColor(10, 10).value() == 255 and image.pixelColor(40, 10).value() == 0
    colour = np.zeros((9, 32, 32, 3), np.uint8)
    colour[..., 0] = 200  # red
    image = grid_pixmap(colour).toImage()
    assert (image.width(), image.height()) == (2 + 3 * 34, 2 + 3 * 34)
    assert image.pixelColor(5, 5).red() == 200 and image.pixelColor(5, 5).green() == 0
