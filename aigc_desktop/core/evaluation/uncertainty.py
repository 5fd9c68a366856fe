"""Noise estimates: bootstrap 95% confidence intervals, paired differences, and verdicts that are
only given when the interval of a difference excludes 0.

One evaluation: every metric is recomputed on ``REPLICATES`` bootstrap resamples of the generated
samples, of the real reference items and of the held-out real items used for baselines, each
drawn as multinomial item weights. The weights depend only on the seed, the stream and the set's
size, so two runs measured against the same reference get the *same* reference resamples: their
difference is paired on the reference, and its noise comes from the samples.

The interval is the bootstrap percentile interval shifted so that it is centred where the
resamples' bias says it should be (a resample with repeated items reads, for instance, a larger FD
than the data it came from; the shift takes that bias out).

Several seeds: each seed gives a difference; their mean is reported with a t interval on
``seeds - 1`` degrees of freedom whose standard error is the larger of the spread between seeds and
the sampling noise the bootstrap measured within them. With one seed, training noise is not in the
interval at all, and the result says so.
"""
from __future__ import annotations

import math
from typing import Optional, Sequence

import numpy as np

REPLICATES = 200
STREAMS = {"samples": 1, "reference": 2, "floor": 3}
NO_CLEAR_DIFFERENCE = "no clear difference"
# two-sided 97.5% quantiles of Student's t by degrees of freedom (1..30); beyond, the normal 1.96
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
         2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
         2.045, 2.042)


def t975(dof: int) -> float:
    return _T975[dof - 1] if 1 <= dof <= len(_T975) else 1.96


def bootstrap_weights(n: int, replicates: int = REPLICATES, seed: int = 0, stream: str = "samples") -> np.ndarray:
    """float (replicates, n): how often each of ``n`` items is drawn in each resample of size ``n``."""
    rng = np.random.default_rng([seed, STREAMS[stream], n])
    draws = rng.integers(0, n, (replicates, n)) + np.arange(replicates)[:, None] * n
    return np.bincount(draws.ravel(), minlength=replicates * n).reshape(replicates, n).astype(np.float64)


def interval(estimate: float, replicates: np.ndarray, recentre: bool = False) -> Optional[list]:
    """[low, high] 95% percentile interval of ``estimate`` from its bootstrap ``replicates``; None when
    undefined. ``recentre``: for a statistic that resampling itself biases (a resample repeats items,
    which raises FD, KID and KL, and leaves others out, which lowers recall and coverage), the interval
    is moved by the replicates' mean minus the estimate."""
    reps = np.asarray(replicates, np.float64)
    reps = reps[np.isfinite(reps)]
    if estimate is None or not np.isfinite(estimate) or len(reps) < 10:
        return None
    if recentre:
        reps = reps - (reps.mean() - estimate)
    low, high = np.percentile(reps, [2.5, 97.5])
    return [float(low), float(high)]


def combine_seeds(estimates: Sequence[Optional[float]], replicates: Sequence[np.ndarray],
                  recentre: bool = False) -> tuple[Optional[float], Optional[list]]:
    """Mean over seeds of one quantity (a metric, or a paired difference) and its 95% interval: the
    bootstrap interval for one seed, else a t interval on seeds - 1 degrees of freedom whose standard
    error is the larger of the spread between seeds and the noise the bootstrap measured within them."""
    pairs = [(float(x), np.asarray(r, np.float64)) for x, r in zip(estimates, replicates)
             if x is not None and np.isfinite(x)]
    if not pairs:
        return None, None
    if len(pairs) == 1:
        x, reps = pairs[0]
        return x, interval(x, reps, recentre)
    values = np.array([x for x, _ in pairs])
    within = [np.var(r[np.isfinite(r)], ddof=1) for _, r in pairs if np.isfinite(r).sum() >= 10]
    spread = max(float(np.var(values, ddof=1)), float(np.mean(within)) if within else 0.0)
    half = t975(len(values) - 1) * math.sqrt(spread / len(values))
    mean = float(values.mean())
    return mean, [mean - half, mean + half]


def seeded_difference(a: Sequence[Optional[float]], b: Sequence[Optional[float]], a_replicates: Sequence[np.ndarray],
                      b_replicates: Sequence[np.ndarray]) -> tuple[Optional[float], Optional[list]]:
    """Mean over seeds of ``b - a`` (seed i of a paired with seed i of b) and its 95% interval; two
    sets of equal size carry the same resampling bias, which cancels in each difference."""
    differences, replicates = [], []
    for x, y, rx, ry in zip(a, b, a_replicates, b_replicates):
        if x is None or y is None:
            continue
        rx, ry = np.asarray(rx, np.float64), np.asarray(ry, np.float64)
        differences.append(y - x)
        replicates.append(ry - rx if len(rx) == len(ry) else np.zeros(0))
    return combine_seeds(differences, replicates)


def verdict(ci: Optional[Sequence[float]], higher_is_better: bool) -> str:
    """"better" / "worse" for b against a when the interval of ``b - a`` excludes 0, else no verdict."""
    if ci is None or not (ci[0] > 0 or ci[1] < 0):
        return NO_CLEAR_DIFFERENCE
    return "better" if (ci[0] > 0) == higher_is_better else "worse"
