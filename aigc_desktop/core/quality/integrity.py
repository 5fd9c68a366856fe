"""Checks on what the import recorded: corrupt files, missing labels, odd sizes and colour modes.

No pixels are needed: the catalog already holds each item's status, reason, size and mode.
"""
from __future__ import annotations

import numpy as np

from aigc_desktop.core.quality.robust import robust_z, tail_score

# a size or mode shared by at least this share of the readable items is the dataset's standard
DOMINANT_SHARE = 0.5
# a mode this rare is odd even when no mode dominates
RARE_SHARE = 0.1
SIZE_Z = 4.0


def corrupt_scores(status: np.ndarray, reason: np.ndarray, detail: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    bad = status.astype(str) != "ok"
    text = np.full(len(status), "", object)
    for i in np.flatnonzero(bad):
        why = str(reason[i]).replace("_", " ")
        text[i] = f"{why}: {detail[i]}" if detail[i] else why
    return bad.astype(np.float32), text


def missing_label_scores(labels: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """1 for unlabelled items when most items are labelled; a wholly unlabelled set has no issue."""
    unlabelled = labels.astype(str) == ""
    if len(labels) == 0 or unlabelled.mean() > 1 - DOMINANT_SHARE:
        return np.zeros(len(labels), np.float32)
    return unlabelled.astype(np.float32)


def _dominant(keys: np.ndarray) -> tuple[object, float]:
    values, counts = np.unique(keys, return_counts=True)
    best = int(np.argmax(counts))
    return values[best], counts[best] / counts.sum()


def odd_size_scores(width: np.ndarray, height: np.ndarray, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Against the dominant size when there is one; else by robust z of log area and aspect ratio."""
    n = len(width)
    scores = np.zeros(n, np.float32)
    text = np.full(n, "", object)
    if not ok.any():
        return scores, text
    key = height.astype(np.int64) * 1_000_000 + width.astype(np.int64)
    dominant, share = _dominant(key[ok])
    dh, dw = divmod(int(dominant), 1_000_000)
    if share >= DOMINANT_SHARE:
        odd = ok & (key != dominant)
        scores[odd] = 1.0
        for i in np.flatnonzero(odd):
            text[i] = f"{width[i]}x{height[i]}, most items are {dw}x{dh}"
        return scores, text
    area = np.log(np.maximum(width.astype(float) * height, 1.0))
    aspect = np.log(np.maximum(width, 1) / np.maximum(height, 1.0))
    z = np.maximum(np.abs(robust_z(area, ok, floor=0.1)), np.abs(robust_z(aspect, ok, floor=0.1)))
    scores = tail_score(z, SIZE_Z)
    scores[~ok] = 0
    for i in np.flatnonzero(scores >= 0.5):
        text[i] = f"{width[i]}x{height[i]}, unusual area or aspect ratio for this dataset"
    return scores, text


def odd_mode_scores(mode: np.ndarray, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = len(mode)
    scores = np.zeros(n, np.float32)
    text = np.full(n, "", object)
    if not ok.any():
        return scores, text
    modes = mode.astype(str)
    dominant, share = _dominant(modes[ok])
    values, counts = np.unique(modes[ok], return_counts=True)
    rare = set(values[counts / counts.sum() < RARE_SHARE])
    for i in np.flatnonzero(ok & (modes != dominant)):
        if share >= DOMINANT_SHARE or modes[i] in rare:
            scores[i] = 1.0
            text[i] = f"{modes[i]}, most items are {dominant}"
    return scores, text
