"""Robust statistics and grouping shared by the checks (numpy only).

Checks calibrate to the dataset itself: a measure's median and MAD over the readable items say what
is typical, and an item is scored by how many robust standard deviations it lies in the bad tail.
"""
from __future__ import annotations

import numpy as np

MAD_TO_SIGMA = 1.4826  # MAD of a normal distribution times this is its standard deviation


def robust_z(values: np.ndarray, valid: np.ndarray | None = None, floor: float = 0.0,
             lower_tail: bool = True) -> np.ndarray:
    """How far each value lies below (``lower_tail``) or above the median, in robust sigmas.

    ``floor`` bounds the scale from below, so a measure that barely varies across a clean dataset
    (MNIST's 99th-percentile brightness is 255 nearly everywhere) does not turn tiny deviations into
    huge z-scores. Invalid values get z = 0.
    """
    values = np.asarray(values, np.float64)
    valid = np.isfinite(values) if valid is None else (valid & np.isfinite(values))
    z = np.zeros(len(values), np.float64)
    if not valid.any():
        return z
    sample = values[valid]
    median = np.median(sample)
    scale = max(MAD_TO_SIGMA * np.median(np.abs(sample - median)), floor, 1e-12)
    z[valid] = (median - sample) / scale if lower_tail else (sample - median) / scale
    return z


def tail_score(z: np.ndarray, z_threshold: float) -> np.ndarray:
    """Map z >= 0 onto [0, 1) so that ``z_threshold`` maps to 0.5 (the default threshold)."""
    z = np.clip(np.asarray(z, np.float64), 0.0, None)
    return (z * z / (z * z + z_threshold * z_threshold)).astype(np.float32)


def connected_components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Group ids (int64, -1 for items on no edge) of the graph with edges ``a[k] -- b[k]``.

    Min-label propagation with pointer jumping: vectorised, a few passes even for long chains.
    Ids are renumbered 0.. in order of each group's smallest member, so they are deterministic.
    """
    a = np.asarray(a, np.int64)
    b = np.asarray(b, np.int64)
    groups = np.full(n, -1, np.int64)
    if len(a) == 0:
        return groups
    label = np.arange(n, dtype=np.int64)
    while True:
        low = np.minimum(label[a], label[b])
        before = label.copy()
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        label = label[label]
        if np.array_equal(label, before):
            break
    members = np.zeros(n, bool)
    members[a] = True
    members[b] = True
    roots = np.unique(label[members])
    groups[members] = np.searchsorted(roots, label[members])
    return groups
