"""Blank, dark, light and blurry images, judged against the dataset's own typical image.

Fixed thresholds on absolute brightness (CleanVision's approach) flag most clean MNIST digits as
dark or low-information, because MNIST *is* white strokes on black. Here each measure is compared
with its median over the dataset, in robust standard deviations (median / MAD, see robust.py).
"""
from __future__ import annotations

import numpy as np

from aigc_desktop.core.quality.robust import robust_z, tail_score

# z-scores (in robust sigmas of log-measures) that map to the default threshold 0.5
DARK_Z = LIGHT_Z = 3.0
BLURRY_Z = 4.0
# log-measures barely vary on clean uniform datasets; these floors keep z meaningful there
LOG_FLOOR = 0.25
# a blank image spreads its pixels over less than this share of the typical spread (or 6 levels)
BLANK_SHARE = 0.04


def _ratio(values: np.ndarray, ok: np.ndarray) -> np.ndarray:
    median = np.nanmedian(values[ok]) if ok.any() else 1.0
    return values / max(float(median), 1e-3)


def appearance_scores(stats: dict[str, np.ndarray], ok: np.ndarray) -> dict[str, np.ndarray]:
    """Scores of ``blank``, ``dark``, ``light`` and ``blurry`` (float32 (N,), 0 where not ok)."""
    ok = np.asarray(ok, bool)
    spread = np.nan_to_num(stats["spread"].astype(np.float64), nan=0.0)
    typical_spread = float(np.median(spread[ok])) if ok.any() else 255.0
    blank_level = max(6.0, BLANK_SHARE * typical_spread)
    blank = np.clip(1.0 - spread / (2.0 * blank_level), 0.0, 1.0).astype(np.float32)

    # brightness: the brighter of the highlights and the mean, relative to the dataset's typical;
    # a thin digit has a low mean but bright strokes, a dimmed one loses both
    with np.errstate(invalid="ignore", divide="ignore"):
        bright = np.maximum(_ratio(stats["p_high"], ok), _ratio(stats["mean"], ok))
        shade = np.maximum(_ratio(255.0 - stats["p_low"], ok), _ratio(255.0 - stats["mean"], ok))
        log_bright = np.log(np.clip(bright, 1e-3, None))
        log_shade = np.log(np.clip(shade, 1e-3, None))
        log_sharp = np.log(np.clip(stats["sharpness"].astype(np.float64), 1e-4, None))
    dark = tail_score(robust_z(log_bright, ok, floor=LOG_FLOOR), DARK_Z)
    light = tail_score(robust_z(log_shade, ok, floor=LOG_FLOOR), LIGHT_Z)
    sharp_ok = ok & np.isfinite(stats["sharpness"])
    blurry = tail_score(robust_z(log_sharp, sharp_ok, floor=LOG_FLOOR), BLURRY_Z)
    # a blank image is reported as blank, not also as dark/light/blurry
    not_blank = 1.0 - blank
    out = {"blank": blank, "dark": dark * not_blank, "light": light * not_blank, "blurry": blurry * not_blank}
    for scores in out.values():
        scores[~ok] = 0.0
    return {k: v.astype(np.float32) for k, v in out.items()}
