"""Outliers: items unlike the rest of the dataset, by three complementary measures.

* residual: the share of an item's (standardised thumbnail's) energy outside the dataset's leading
  principal directions; noise and synthetic patterns keep almost all of theirs outside;
* isolation: the distance to its k nearest distinct neighbours in the projected space;
* atypicality: the Mahalanobis distance from the dataset's bulk in the projected space (one
  Gaussian with a shrunk covariance). A dozen pictures from another domain are each other's
  nearest neighbours, so isolation misses them, but they sit where the dataset has no mass.

Each is compared with its own distribution over the dataset (median / MAD of its logarithm), so a
dataset of varied photos tolerates more spread than a dataset of centred digits; an item is as
much an outlier as its largest z-score says.
"""
from __future__ import annotations

import numpy as np

from aigc_desktop.core.quality.neighbors import Neighbors
from aigc_desktop.core.quality.robust import robust_z, tail_score

K_OUTLIER = 5
OUTLIER_Z = 3.4
LOG_FLOOR = 0.1
SHRINK = 0.1


def mahalanobis(x: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Distance of each row from the mean of the valid rows, under their shrunk covariance."""
    x = x.astype(np.float64)
    d = x.shape[1]
    mu = x[valid].mean(axis=0)
    cov = np.cov(x[valid].T) if valid.sum() > 1 else np.eye(d)
    cov = (1 - SHRINK) * cov + SHRINK * (np.trace(cov) / d) * np.eye(d) + 1e-9 * np.eye(d)
    diff = x - mu
    return np.sqrt(np.maximum(((diff @ np.linalg.inv(cov)) * diff).sum(axis=1), 0.0))


def outlier_scores(residual: np.ndarray, neighbors: Neighbors, valid: np.ndarray,
                   embedding: np.ndarray) -> np.ndarray:
    """float32 (N,) scores; ``valid`` rows are the ones the neighbours were searched among."""
    sim = neighbors.similarity[:, :K_OUTLIER].astype(np.float64)
    usable = valid & np.isfinite(sim).all(axis=1)
    scores = np.zeros(len(sim), np.float32)
    if usable.sum() < 3:
        return scores
    distance = np.ones(len(sim))
    distance[usable] = 1.0 - np.clip(sim[usable], -1.0, 1.0).mean(axis=1)

    def z(values: np.ndarray) -> np.ndarray:
        return robust_z(np.log(np.clip(values, 1e-4, None)), usable, floor=LOG_FLOOR, lower_tail=False)

    worst = np.maximum.reduce([z(distance), z(residual), z(mahalanobis(embedding, usable))])
    scores = tail_score(worst, OUTLIER_Z)
    scores[~usable] = 0.0
    return scores
