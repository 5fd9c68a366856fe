"""Precision, recall, density and coverage of generated samples against real ones.

Naeem, Oh, Uh, Choi & Yoo, "Reliable Fidelity and Diversity Metrics for Generative Models",
ICML 2020, eq. 1-4; precision and recall are the k-NN precision and recall of Kynkäänniemi et al.
(NeurIPS 2019). Each real item gets a ball reaching its k-th nearest real neighbour, each generated
one a ball reaching its k-th nearest generated neighbour; "inside" is strict (``<``), as in the
reference code (github.com/clovaai/generative-evaluation-prdc), and radii and memberships come from
one distance computation (``distances.py``).

The per-item indicators are kept (:class:`PRDCItems`) so that the bootstrap can reweight items
without recomputing any distance.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aigc_desktop.core.evaluation.distances import ball_pairs, kth_neighbour_radii

K = 5


@dataclass
class PRDCItems:
    k: int
    n_fake: int
    n_real: int
    fake_real: tuple  # (generated rows, real rows): the generated item lies in the real item's ball
    real_fake: tuple  # (real rows, generated rows): the real item lies in the generated item's ball
    real_radii: np.ndarray  # float64 (N_real,)

    @property
    def real_balls_holding(self) -> np.ndarray:
        """int (N_fake,): how many real balls hold each generated item."""
        return np.bincount(self.fake_real[0], minlength=self.n_fake)

    @property
    def fake_in_real_ball(self) -> np.ndarray:
        return self.real_balls_holding > 0


def covered(pairs: tuple, n_covered: int, covering_weights: np.ndarray) -> np.ndarray:
    """bool (B, n_covered): item j is covered by some item of the other set that the resample holds,
    for ``pairs`` (covered rows, covering rows) and (B, N_covering) weights."""
    rows, by = pairs
    out = np.zeros((len(covering_weights), n_covered), bool)
    if len(rows):
        order = np.argsort(rows, kind="stable")
        rows, by = rows[order], by[order]
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        present = (covering_weights[:, by] > 0).astype(np.int32)
        out[:, rows[starts]] = np.add.reduceat(present, starts, axis=1) > 0
    return out


def prdc_items(real: np.ndarray, fake: np.ndarray, k: int = K, real_radii=None) -> PRDCItems:
    """``real_radii`` (of these ``real`` rows, for this ``k``) skips their computation when given."""
    if real_radii is None:
        k = min(k, len(real) - 1, len(fake) - 1)
    if k < 1:
        raise ValueError("precision/recall need at least two real and two generated items")
    if real_radii is None:
        real_radii = kth_neighbour_radii(real, k)
    fake_radii = kth_neighbour_radii(fake, k)
    return PRDCItems(k, len(fake), len(real), ball_pairs(fake, real, real_radii), ball_pairs(real, fake, fake_radii),
                     real_radii)


def prdc_values(items: PRDCItems, fake_weights: np.ndarray, real_weights: np.ndarray) -> dict:
    """{precision, recall, density, coverage}, each (B,), for B rows of item weights (bootstrap
    multiplicities; rows of ones give the plain estimate). The real-side two count a real item only
    while the resample still holds a generated item that covers it."""
    nf, nr = fake_weights.sum(1), real_weights.sum(1)
    holding = items.real_balls_holding
    ball_holds = covered(items.fake_real[::-1], items.n_real, fake_weights)
    in_fake_ball = covered(items.real_fake, items.n_real, fake_weights)
    return {"precision": fake_weights @ (holding > 0) / nf,
            "recall": (real_weights * in_fake_ball).sum(1) / nr,
            "density": fake_weights @ holding / (items.k * nf),
            "coverage": (real_weights * ball_holds).sum(1) / nr}


def prdc(real: np.ndarray, fake: np.ndarray, k: int = K) -> dict:
    """Plain PRDC of two feature sets: {precision, recall, density, coverage, k}."""
    items = prdc_items(np.asarray(real), np.asarray(fake), k)
    values = prdc_values(items, np.ones((1, len(fake))), np.ones((1, len(real))))
    return {**{name: float(v[0]) for name, v in values.items()}, "k": items.k}
