"""What the samples are, class by class, as the locally trained classifier sees them.

* **Class coverage**: the share of the real data's classes that the samples cover, a class counting
  only when it holds at least ``MIN_SHARE`` of the samples the real class histogram would give it
  (and at least two), confidently classified: one stray sample of a class does not cover it.
* **Class KL**: KL(real || samples) between the real class histogram and the samples' (add-half
  smoothed), 0 when the samples have the real class mix.
* **Label consistency** (conditional models): the share of samples generated for class c that the
  classifier, trained on trusted data, assigns to c. "Asked for a 3, drew a 5" is the hallucination
  that flipped labels cause; chance is 1 / classes, and held-out real items give the ceiling.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

MIN_SHARE = 0.2
CONFIDENT = 0.5  # top softmax probability from which a sample counts for its class


@dataclass
class ClassItems:
    n_classes: int
    sample_class: np.ndarray  # int (N,): the classifier's answer
    sample_confident: np.ndarray  # bool (N,)
    real_class: np.ndarray  # int (N_real,): the classifier's answer on the real items
    asked: Optional[np.ndarray] = None  # int (N,): the class each sample was generated for (conditional)

    @property
    def consistent(self) -> Optional[np.ndarray]:
        return None if self.asked is None else self.sample_class == self.asked


def class_items(probabilities: np.ndarray, real_probabilities: np.ndarray,
                asked: Optional[np.ndarray] = None) -> ClassItems:
    p = np.asarray(probabilities)
    return ClassItems(p.shape[1], p.argmax(1), p.max(1) >= CONFIDENT, np.asarray(real_probabilities).argmax(1),
                      None if asked is None else np.asarray(asked, np.int64))


def class_values(items: ClassItems, weights: np.ndarray, real_weights: np.ndarray) -> tuple[dict, dict]:
    """({class_coverage, class_kl[, label_consistency]} each (B,), {per-class counts / consistency (B, C)})."""
    eye = np.eye(items.n_classes)
    n = weights.sum(1, keepdims=True)
    counts = weights @ (eye[items.sample_class] * items.sample_confident[:, None])
    real_share = real_weights @ eye[items.real_class] / real_weights.sum(1, keepdims=True)
    present = real_share > 0
    needed = np.maximum(2.0, MIN_SHARE * n * real_share)
    covered = (counts >= needed) & present
    sample_share = (counts + 0.5) / (counts.sum(1, keepdims=True) + 0.5 * items.n_classes)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = np.where(present, real_share * np.log(real_share / sample_share), 0.0).sum(1)
    values = {"class_coverage": covered.sum(1) / present.sum(1), "class_kl": kl}
    per_class = {"class_counts": counts}
    if items.asked is not None:
        asked = eye[items.asked]
        values["label_consistency"] = weights @ items.consistent / n[:, 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            per_class["label_consistency"] = (weights @ (asked * items.consistent[:, None])) / (weights @ asked)
    return values, per_class
