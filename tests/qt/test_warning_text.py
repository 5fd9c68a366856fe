"""Training warnings and loss names in the user's language: every warning the core can raise is
recognised and said in Chinese, and the same text comes back unchanged in English."""
from __future__ import annotations

import pytest

from aigc_desktop.core.training import diagnostics
from aigc_desktop.qt.warning_text import is_known, warning_text
from tests.qt.test_chinese_everywhere import english_words


def every_warning() -> list[str]:
    """Each wording the core produces, built by the core's own functions (every branch)."""
    kl_dead = {"epoch": 7, "kl_per_dimension": [0.001] * 16}
    blind = {"epoch": 8, "reconstruction_diversity": 0.1}
    both = {"epoch": 9, "kl_per_dimension": [0.001] * 8, "reconstruction_diversity": 0.05}
    samey = {"epoch": 4, "sample_diversity": 0.2, "class_sample_diversity": 0.3}
    vae_history = [{"step": s, "val_loss": v} for s, v in ((100, 200.0), (200, 150.0), (300, 120.0))]
    gan_history = [{"step": s, "sample_distance": v} for s, v in ((100, 9.0), (200, 7.0), (300, 5.0))]
    messages = [
        diagnostics.posterior_collapse(kl_dead, 1000),
        diagnostics.posterior_collapse(blind, 1000),
        diagnostics.posterior_collapse(both, 1000),
        diagnostics.mode_collapse(samey, 1000, conditional=False),
        diagnostics.mode_collapse(samey, 1000, conditional=True),
        diagnostics.still_improving(vae_history, "vae"),
        diagnostics.still_improving(gan_history, "gan"),
        diagnostics.unlabelled_left_out(1234),
        diagnostics.files_changed(["a/1.png"]),
        diagnostics.files_changed([f"digits/{i}.png" for i in range(7)]),
    ]
    assert all(isinstance(m, str) and m for m in messages)  # each branch really raised its warning
    return messages


def test_every_warning_of_the_core_is_recognised_and_english_comes_back_unchanged(qapp):
    from aigc_desktop.qt import i18n

    i18n.install_translators(qapp, "en")
    for message in every_warning():
        assert is_known(message), message
        assert warning_text(message) == message
    assert not is_known("Something else happened")
    assert warning_text("Something else happened") == "Something else happened"


def test_in_chinese_every_warning_is_chinese_with_its_numbers(qapp):
    from aigc_desktop.qt import i18n

    i18n.install_translators(qapp, "zh_CN")
    try:
        for message in every_warning():
            said = warning_text(message)
            assert said != message
            assert english_words([("warning", said)], {"png", "digits"}) == [], said
        said = warning_text(diagnostics.posterior_collapse({"epoch": 9, "kl_per_dimension": [0.001] * 8,
                                                             "reconstruction_diversity": 0.05}, 1000))
        assert "9" in said and "0.01" in said and "5%" in said
        assert "1234" in warning_text(diagnostics.unlabelled_left_out(1234))
    finally:
        i18n.install_translators(qapp, "en")


@pytest.mark.parametrize("language, expected", [("en", "validation loss"), ("zh_CN", "验证损失")])
def test_the_loss_plot_legend_names_its_curves_in_the_users_language(qapp, qtbot, language, expected):
    from aigc_desktop.qt import i18n
    from aigc_desktop.qt.plots import LivePlot

    i18n.install_translators(qapp, language)
    try:
        plot = LivePlot("epoch", "loss")
        qtbot.addWidget(plot)
        plot.append("val_loss", 1, 2.0)
        plot.append("val_loss", 2, 1.5)
        plot.flush()
        labels = [label.text for _, label in plot.legend.items]
        assert expected in labels and "val_loss" not in labels
    finally:
        i18n.install_translators(qapp, "en")
