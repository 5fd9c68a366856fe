"""Hallucination, split in two and read against real data of the same classes.

*Off-manifold* (low fidelity): a sample outside every real item's k-NN ball, the per-sample support
estimate of Kynkäänniemi et al. (NeurIPS 2019), in the local features (what a digit is) or in pixels
on thumbnails (a learned encoder can place what it never saw, such as noise, among real images); or
a sample with one of four image statistics (brightness, contrast, and edge and Laplacian energy
relative to contrast), measured from the median of real images of its class, outside the range
that all but ``TAIL`` of real images fall in at either end:
blur moves a sample out of that range, while it stays close to its class in the other two spaces.
The k-NN radii are local, so a class whose images lie close together (ones) is judged as strictly as
one that is spread out (twos). The statistics are judged by a range, not by k-NN balls: real images
crowd a thin curve of that four-number space and any systematic shift leaves its balls, so a blur no
eye sees (Gaussian sigma 0.5 px) put 98% of MNIST digits outside them and every VAE, blobs or good
digits, read 97-100% (``benchmarks/offmanifold.py``). Against the ranges, all tests together flag
15% of digits blurred by sigma 0.5 (real digits: 10-11%), 93% at sigma 1 and 100% at sigma 1.5.

*Semantic*: off-manifold **and** the locally trained classifier cannot say what it is (its top
probability below ``UNSURE``) or mixes classes (its second probability above ``MIXED``): a chimera,
half of one digit and half of another, or a shape that is no digit at all. Needs labelled real data.

Each is reported as the sample rate minus the rate that held-out real items get from the same test
(the "real baseline"), per class and overall; the overall baseline weighs the per-class real rates
by the samples' own class mix, so a generator is not rewarded for drawing only the easy classes. A
sample's class is the label it was generated for (conditional models) or the classifier's answer.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

UNSURE = 0.8  # top softmax probability below this: the classifier cannot say what the sample is
MIXED = 0.2  # second softmax probability above this: the sample mixes two classes
TAIL = 0.005  # each image statistic's typical range leaves out this share of real images at either end
MIN_PER_CLASS = 20  # real images of a class needed for a centre of its own (else the centre of all of them)


def image_statistics(thumbs: np.ndarray) -> np.ndarray:
    """float64 (N, 4) of thumbnails (N, h, w, C) in [0, 1]: mean, standard deviation, mean absolute
    gradient over the standard deviation, mean absolute Laplacian over the standard deviation."""
    t = np.asarray(thumbs, np.float64).mean(-1)
    mean, std = t.mean((1, 2)), t.std((1, 2))
    contrast = std + 1e-3
    gradient = np.abs(np.diff(t, axis=2)).mean((1, 2)) + np.abs(np.diff(t, axis=1)).mean((1, 2))
    laplacian = np.abs(4 * t[:, 1:-1, 1:-1] - t[:, :-2, 1:-1] - t[:, 2:, 1:-1] - t[:, 1:-1, :-2]
                       - t[:, 1:-1, 2:]).mean((1, 2))
    return np.stack([mean, std, gradient / contrast, laplacian / contrast], 1)


def typical_ranges(statistics: np.ndarray, classes: Optional[np.ndarray] = None, tail: float = TAIL) -> dict:
    """The typical range of each statistic around its class: {"centres": {class index: (S,) medians of
    the real images of that class (None: of all of them)}, "bounds": (2, S) the low and high ``tail``
    quantiles over all real images of their statistics minus their class's median}. A one is thinner
    than a two and is judged around the ones' median, while the range's tails come from every class
    (a tail quantile of one class's few images would be little more than its extreme)."""
    statistics = np.asarray(statistics, np.float64)
    centres = {None: np.median(statistics, axis=0)}
    if classes is not None:
        for c in np.unique(classes):
            rows = classes == c
            if rows.sum() >= MIN_PER_CLASS:
                centres[int(c)] = np.median(statistics[rows], axis=0)
    centred = statistics - _centres(centres, classes, len(statistics))
    return {"centres": centres, "bounds": np.quantile(centred, [tail, 1.0 - tail], axis=0)}


def _centres(centres: dict, classes: Optional[np.ndarray], n: int) -> np.ndarray:
    out = np.broadcast_to(centres[None], (n, len(centres[None]))).copy()
    if classes is not None:
        for c, centre in centres.items():
            if c is not None:
                out[np.asarray(classes) == c] = centre
    return out


def outside_ranges(statistics: np.ndarray, ranges: dict, classes: Optional[np.ndarray] = None) -> np.ndarray:
    """bool (N,): some statistic, less the median of the item's class (``classes``; of all real images
    where the class has none, or without classes), lies outside the typical range."""
    centred = np.asarray(statistics, np.float64) - _centres(ranges["centres"], classes, len(statistics))
    return ((centred < ranges["bounds"][0]) | (centred > ranges["bounds"][1])).any(1)


def ambiguous(probabilities: np.ndarray, unsure: float = UNSURE, mixed: float = MIXED) -> np.ndarray:
    """bool (N,): the classifier cannot place the item, or places it in two classes at once."""
    top2 = np.sort(np.asarray(probabilities), axis=1)[:, -2:]
    return (top2[:, 1] < unsure) | (top2[:, 0] > mixed)


def semantic_flags(off_manifold: np.ndarray, probabilities: Optional[np.ndarray]) -> Optional[np.ndarray]:
    return None if probabilities is None else off_manifold & ambiguous(probabilities)


def class_matched_rates(flags: np.ndarray, classes: np.ndarray, real_flags: np.ndarray, real_classes: np.ndarray,
                        n_classes: int, weights: np.ndarray, real_weights: np.ndarray) -> dict:
    """Sample rate, class-matched real baseline and their difference (each (B,)), and the per-class
    difference (B, C) (NaN where a class has no sample or no real item), under item weights."""
    onehot = np.eye(n_classes)[classes]  # (N, C)
    real_onehot = np.eye(n_classes)[real_classes]
    n = weights.sum(1)
    sample_count = weights @ onehot  # (B, C)
    sample_hits = weights @ (onehot * flags[:, None])
    real_count = real_weights @ real_onehot
    real_hits = real_weights @ (real_onehot * real_flags[:, None])
    overall_real = (real_weights @ real_flags) / real_weights.sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        real_rate = np.where(real_count > 0, real_hits / real_count, overall_real[:, None])
        per_class = np.where((sample_count > 0) & (real_count > 0), sample_hits / sample_count - real_rate, np.nan)
    rate = weights @ flags / n
    baseline = (sample_count * real_rate).sum(1) / n
    return {"rate": rate, "baseline": baseline, "excess": rate - baseline, "per_class": per_class}
