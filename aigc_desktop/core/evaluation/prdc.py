"""Precision, recall, density and coverage of generated samples against real ones.

Naeem, Oh, Uh, Choi & Yoo, "Reliable Fidelity and Diversity Metrics for Generative Models",
ICML 2020, eq. 1-4 (precision and recall after Kynkäänniemi et al., NeurIPS 2019). Each real item
gets a ball reaching its k-th nearest real neighbour; each fake one a ball reaching its k-th nearest
fake neighbour.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from aigc_desktop.core.evaluation.distances import count_within, knn_distances


@dataclass(frozen=True)
class PRDC:
    precision: float  # share of fakes inside some real ball (fidelity)
    recall: float  # share of reals inside some fake ball (diversity)
    density: float  # mean number of real balls holding a fake, over k (fidelity, robust to outliers)
    coverage: float  # share of reals whose ball holds a fake (diversity, robust to outliers)
    k: int

    def to_dict(self) -> dict:
        return asdict(self)


def prdc(real: np.ndarray, fake: np.ndarray, k: int = 5) -> PRDC:
    real = np.asarray(real, np.float32)
    fake = np.asarray(fake, np.float32)
    k = min(k, len(real) - 1, len(fake) - 1)
    if k < 1:
        raise ValueError("precision/recall need at least two real and two generated items")
    real_radii = knn_distances(real, real, k, exclude_self=True)[0][:, -1]
    fake_radii = knn_distances(fake, fake, k, exclude_self=True)[0][:, -1]
    fakes_in_real = count_within(fake, real, real_radii)
    reals_in_fake = count_within(real, fake, fake_radii)
    nearest_fake = knn_distances(real, fake, 1)[0][:, 0]
    return PRDC(precision=float((fakes_in_real > 0).mean()), recall=float((reals_in_fake > 0).mean()),
                density=float(fakes_in_real.sum() / (k * len(fake))),
                coverage=float((nearest_fake <= real_radii).mean()), k=k)
