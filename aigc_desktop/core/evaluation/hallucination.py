"""Hallucination: generated samples that lie off the real data's manifold, or that the locally
trained classifier cannot place in any class.

Off-manifold follows the k-NN support estimate of Kynkäänniemi et al. (NeurIPS 2019) with one
global radius per space: a sample is off the manifold when its nearest real neighbour is farther
than the 95th percentile of the real items' own nearest-real-neighbour distances. It is checked in
two spaces, and a sample off in either counts: the local feature space (semantics: a digit-like
blob that is no digit) and pixel space on small thumbnails (a learned encoder can map inputs unlike
anything it was trained on, such as noise, close to real ones: the out-of-distribution blind spot of
every learned feature). The same rule applied to the real items, leave-one-out, gives
``real_baseline_rate`` (5-10% by construction): read the sample rate against it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Optional

import numpy as np

from aigc_desktop.core.evaluation.distances import knn_distances

PERCENTILE = 95.0
LOW_CONFIDENCE = 0.5  # a softmax maximum below this: the classifier cannot tell which class it is


@dataclass
class Hallucination:
    rate: float  # share of samples off the real manifold (in feature or pixel space)
    feature_rate: float  # ... in feature space only
    pixel_rate: Optional[float]  # ... in pixel space only (None without pixels)
    feature_threshold: float  # nearest-real-neighbour distance separating on from off, per space
    pixel_threshold: Optional[float]
    real_baseline_rate: float  # the same rule applied to the real items, leave-one-out
    low_confidence_rate: Optional[float]  # share of samples classified with max softmax < 0.5
    either_rate: Optional[float]  # off-manifold or low confidence
    off_manifold: np.ndarray  # bool (N_samples,)

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("off_manifold")
        return d


def _off(real: np.ndarray, samples: np.ndarray, percentile: float) -> tuple[np.ndarray, np.ndarray, float]:
    """(samples off, real items off (leave-one-out), threshold) in one space."""
    real_nn = knn_distances(real, real, 1, exclude_self=True)[0][:, 0]
    threshold = float(np.percentile(real_nn, percentile))
    sample_nn = knn_distances(samples, real, 1)[0][:, 0]
    return sample_nn > threshold, real_nn > threshold, threshold


def hallucination(real_features: np.ndarray, sample_features: np.ndarray,
                  sample_probabilities: Optional[np.ndarray] = None, real_pixels: Optional[np.ndarray] = None,
                  sample_pixels: Optional[np.ndarray] = None, percentile: float = PERCENTILE,
                  low_confidence: float = LOW_CONFIDENCE) -> Hallucination:
    """``*_pixels``: flattened thumbnails (``memorisation.thumbnails``) for the pixel-space check."""
    off, real_off, feature_threshold = _off(real_features, sample_features, percentile)
    feature_rate = float(off.mean())
    pixel_rate = pixel_threshold = None
    if real_pixels is not None and sample_pixels is not None:
        pixel_off, real_pixel_off, pixel_threshold = _off(real_pixels, sample_pixels, percentile)
        pixel_rate = float(pixel_off.mean())
        off, real_off = off | pixel_off, real_off | real_pixel_off
    low = either = None
    if sample_probabilities is not None:
        unsure = np.asarray(sample_probabilities).max(1) < low_confidence
        low, either = float(unsure.mean()), float((unsure | off).mean())
    return Hallucination(float(off.mean()), feature_rate, pixel_rate, feature_threshold, pixel_threshold,
                         float(real_off.mean()), low, either, off)
