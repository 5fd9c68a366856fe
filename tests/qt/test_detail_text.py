"""The scan's per-item details (what the core writes into its report, in English) are shown in the
user's language in the detail pane and the review, with their numbers, sizes and paths kept."""
from __future__ import annotations

import numpy as np

from aigc_desktop.core.quality import integrity
from aigc_desktop.qt.issue_text import detail_text
from tests.qt.test_chinese_everywhere import english_words


def every_detail() -> list[str]:
    """Details of each form: size and mode ones built by the core's own functions (both branches of
    the size check); the others in the wordings of core/quality/checks.py."""
    ok = np.ones(40, bool)
    width, height = np.full(40, 28), np.full(40, 28)
    width[0] = 30  # one odd size among a dominant 28x28
    _, dominant = integrity.odd_size_scores(width, height, ok)
    spread = np.arange(28, 68)  # no dominant size: the far outlier is judged by area and aspect
    spread_w = spread.copy()
    spread_w[0] = 600
    _, unusual = integrity.odd_size_scores(spread_w, spread, ok)
    modes = np.array(["L"] * 39 + ["RGB"], object)
    _, mode = integrity.odd_mode_scores(modes, ok)
    made = [str(dominant[0]), str(next(t for t in unusual if t)), str(mode[-1])]
    assert all(made), made  # each branch really wrote its detail
    return made + ["3 files with identical pixels", "like 3/img_00012.png", "labels 3, 5",
                   "unreadable now (changed or removed since the import)"]


def test_details_come_back_unchanged_in_english(qapp):
    from aigc_desktop.qt import i18n

    i18n.install_translators(qapp, "en")
    for detail in every_detail():
        assert detail_text(detail) == detail
    assert detail_text("something the scan may say one day") == "something the scan may say one day"


def test_in_chinese_every_detail_is_chinese_and_keeps_its_parts(qapp):
    from aigc_desktop.qt import i18n

    i18n.install_translators(qapp, "zh_CN")
    try:
        for detail in every_detail():
            said = detail_text(detail)
            assert said != detail
            assert english_words([("detail", said)], {"png", "img", "rgb", "x"}) == [], said
        assert "30x28" in detail_text(every_detail()[0]) and "28x28" in detail_text(every_detail()[0])
        assert "3/img_00012.png" in detail_text("like 3/img_00012.png")
        # a path that itself holds a placeholder is shown as it is
        assert "a%2b.png" in detail_text("like a%2b.png")
    finally:
        i18n.install_translators(qapp, "en")
