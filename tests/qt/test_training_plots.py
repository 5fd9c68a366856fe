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


def test_a_hidden_compare_plot_draws_only_when_it_is_shown(qtbot):
    plot = ComparePlot()
    qtbot.addWidget(plot)
    for n in range(3):  # a panel refreshing its runs while the plot is on another tab
        plot.set_runs([("a", [1, 2], [3.0, 2.0 + n])], "loss")
    assert plot.fills == 0
    plot.show()
    qtbot.waitExposed(plot)
    assert plot.fills == 1 and list(plot.curves["a"].getData()[1]) == [3.0, 4.0]  # the last runs given
    plot.set_runs([("b", [1], [1.0])], "loss")  # shown: drawn at once
    assert plot.fills == 2 and list(plot._curves) == ["b"]
    plot.hide()
    plot.set_runs([("c", [1], [1.0])], "loss")
    assert plot.fills == 2
    assert list(plot.curves) == ["c"] and plot.fills == 3  # asking for the curves draws them


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


def test_ema_is_tensorboards_debiased_average():
    from aigc_desktop.qt.plots import ema

    out = ema([1.0, 2.0, math.nan, 3.0], 0.5)
    assert out[0] == 1.0  # debiased: the first value is not pulled towards 0
    assert out[1] == np.float64(1.25 / 0.75)
    assert math.isnan(out[2])  # skipped, and the average goes on past it
    assert out[3] == np.float64(2.125 / 0.875)
    assert np.array_equal(ema([4.0, 5.0], 0.0), [4.0, 5.0])


def test_live_plot_smooths_logs_and_counts_steps(qtbot):
    from aigc_desktop.qt.plots import PlotControls

    plot = LivePlot("epoch", "loss", interval_ms=10000)
    qtbot.addWidget(plot)
    controls = PlotControls(smoothing=0.0)
    qtbot.addWidget(controls)
    controls.changed.connect(plot.set_options)
    rng = np.random.default_rng(0)
    noisy = 10.0 * np.exp(-np.arange(200) / 50) + rng.normal(0, 0.5, 200)
    for i, y in enumerate(noisy):
        plot.append("loss", i / 20, float(y))
    plot.append("val_loss", 1.0, 4.0)
    plot.set_style("val_loss", "#000000", dashed=True, symbol="o")
    plot.set_steps_per_epoch(20)
    plot.flush()
    x, y = plot.shown("loss")
    assert np.allclose(y, noisy) and plot._raw["loss"].getData()[0] is None or len(plot._raw["loss"].xData) == 0

    controls.smoothing.setValue(0.9)  # TensorBoard-style smoothing
    x, smooth = plot.shown("loss")
    assert np.abs(np.diff(smooth)).mean() < 0.3 * np.abs(np.diff(noisy)).mean()
    assert len(plot._raw["loss"].xData) == 200  # the raw values stay, faint, behind
    assert plot.shown("val_loss")[1].tolist() == [4.0]  # validation dots are not smoothed

    controls.x_axis.setCurrentIndex(controls.x_axis.findData("step"))
    x, _ = plot.shown("loss")
    assert x[20] == 20.0 and x[-1] == 199.0 and plot.shown("val_loss")[0].tolist() == [20.0]
    assert plot.getPlotItem().getAxis("bottom").labelText == "step"

    plot.append("d_loss", 0.0, -1.0)
    plot.append("d_loss", 0.05, 2.0)
    controls.smoothing.setValue(0.0)
    controls.log.setChecked(True)
    assert plot.getPlotItem().getAxis("left").logMode and plot._curves["d_loss"].opts["logMode"][1]
    _, y = plot.shown("d_loss")
    assert math.isnan(y[0]) and y[1] == 2.0  # a negative loss has no place on a log scale


def test_compare_plot_steps_axis_and_smoothing(qtbot):
    from aigc_desktop.qt.plots import PlotOptions

    plot = ComparePlot()
    qtbot.addWidget(plot)
    plot.set_runs([("new", [1, 2, 3], [3.0, 2.0, 1.5], [50, 100, 150]), ("old", [1, 2], [4.0, 3.0])], "loss")
    assert set(plot.curves) == {"new", "old"}
    plot.set_options(PlotOptions(x_axis="step", x_label="step"))
    assert list(plot.curves) == ["new"]  # a run from before steps were recorded has no step axis
    assert list(plot.curves["new"].getData()[0]) == [50.0, 100.0, 150.0]
    plot.set_options(PlotOptions(smoothing=0.5))
    assert plot.curves["new"].getData()[1][1] == np.float64((0.25 * 3.0 + 0.5 * 2.0) / 0.75)


def _coloured_pixels(widget, color: str) -> int:
    from PySide6.QtGui import QColor

    image = widget.grab().toImage()
    want = QColor(color)
    return sum(1 for y in range(0, image.height(), 1) for x in range(0, image.width(), 1)
               if abs(image.pixelColor(x, y).red() - want.red()) < 40
               and abs(image.pixelColor(x, y).green() - want.green()) < 40
               and abs(image.pixelColor(x, y).blue() - want.blue()) < 40)


def shown_plot(qtbot, loss_color: str) -> LivePlot:
    """A loss plot on screen with a loss line and validation dots, as the Training panel has."""
    from aigc_desktop.qt.plots import PALETTE

    plot = LivePlot("epoch", "loss")
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    plot.show()
    qtbot.waitExposed(plot)
    plot.set_style("loss", loss_color)
    plot.set_style("val_loss", PALETTE[6], dashed=True, symbol="o")
    return plot


def test_a_past_run_of_one_epoch_shows_its_losses(qtbot):
    """A finished run's history has one point per epoch: one epoch must still be seen, not an empty plot."""
    from aigc_desktop.qt.plots import PALETTE

    plot = shown_plot(qtbot, PALETTE[1])
    plot.append("loss", 1.0, 0.5)
    plot.flush()
    plot.getPlotItem().vb.autoRange()
    plot.legend.setVisible(False)  # the legend's sample line is in the curve's colour too
    assert _coloured_pixels(plot, PALETTE[1]) >= 10
    plot.append("loss", 2.0, 0.4)  # a line from two points on: no dots on the live curves
    plot.flush()
    assert plot.drawn("loss")[0].tolist() == [1.0, 2.0] and plot._curves["loss"].opts["symbol"] is None


def test_log_scale_leaves_out_what_it_cannot_draw_without_a_warning(qtbot):
    import warnings

    from aigc_desktop.qt.plots import PALETTE, PlotOptions

    plot = shown_plot(qtbot, PALETTE[0])
    for epoch, value in enumerate([1.0, 0.0, -2.0, 0.5], start=1):
        plot.append("loss", epoch, value)
    plot.append("val_loss", 1, 0.0)  # nothing on this series can go on a log axis
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for smoothing in (0.5, 0.0):  # the smoothed curve first, then the raw values
            plot.set_options(PlotOptions(log_y=True, smoothing=smoothing))
            plot.grab()
    assert [str(w.message) for w in caught] == []
    x, y = plot.drawn("loss")
    assert x.tolist() == [1.0, 4.0] and np.isfinite(y).all()
    assert plot.drawn("val_loss")[0].tolist() == []
    plot.set_options(PlotOptions(log_y=False))  # on a linear axis every point is back
    assert plot.drawn("loss")[0].tolist() == [1.0, 2.0, 3.0, 4.0]


def test_compare_plots_of_several_kinds_stand_side_by_side_when_stacked_ones_would_be_too_short(qtbot):
    plot = ComparePlot()
    qtbot.addWidget(plot)
    runs = [("a (VAE)", [1, 2], [190.0, 180.0], None, "VAE"), ("b (GAN)", [1, 2], [1.5, 1.4], None, "GAN")]
    plot.resize(900, 220)  # as in the Gallery's Compare Runs at 1024x700: two stacked plots of 110 px
    plot.show()
    qtbot.waitExposed(plot)
    plot.set_runs(runs, "val_loss")
    layout = plot.ci
    assert layout.getItem(0, 0) is plot.plots["VAE"] and layout.getItem(0, 1) is plot.plots["GAN"]
    plot.resize(500, 700)  # tall: stacked, one above the other
    qtbot.waitUntil(lambda: plot.ci.getItem(1, 0) is not None, timeout=5000)
    assert plot.ci.getItem(0, 0) is plot.plots["VAE"] and plot.ci.getItem(1, 0) is plot.plots["GAN"]
    assert plot.curves["b (GAN)"] in plot.plots["GAN"].listDataItems()


def _legend(plot) -> list[str]:
    return [label.text for _sample, label in plot.legend.items]


def test_styled_curves_are_made_after_the_turn_that_styles_them_in_their_order(qtbot):
    """A run's curves are made in the turns after its start, one per turn, and keep the order
    they were styled in (the legend's order), whether the event loop or the first redraw makes them."""
    from PySide6.QtGui import QColor

    from aigc_desktop.qt.plots import PALETTE
    from aigc_desktop.qt.run_text import history_name

    names = ["d_loss", "g_loss", "recon", "val_loss"]
    for first_redraw in (False, True):
        plot = LivePlot("epoch", "loss", interval_ms=10000)
        qtbot.addWidget(plot)
        for name, color in zip(names, PALETTE):
            plot.set_style(name, color, symbol="o" if name == "val_loss" else None)
        assert plot._curves == {}  # not in the turn that styled them
        if first_redraw:  # the last one's point is drawn before the event loop made any
            plot.append("val_loss", 1.0, 2.0)
            plot.flush()
            assert plot.drawn("val_loss")[1].tolist() == [2.0]
        else:
            qtbot.waitUntil(lambda: len(plot._curves) == len(names), timeout=5000)
        assert _legend(plot) == [history_name(name) for name in names]
        assert [plot._curves[name].opts["pen"].color() for name in names] == [QColor(c) for c in PALETTE[:4]]
        assert plot._curves["val_loss"].opts["symbol"] == "o" and plot._curves["d_loss"].opts["symbol"] is None
        plot.clear_series()
        plot.set_style("loss", PALETTE[0])
        plot.clear_series()  # styled, then cleared before the event loop ran: nothing is made
        qtbot.wait(50)
        assert plot._curves == {} and _legend(plot) == []
