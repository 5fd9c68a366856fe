"""α-precision and β-recall as curves (Alaa, van Breugel, Saveliev & van der Schaar, "How Faithful is
your Synthetic Data?", ICML 2022), following the authors' code (ahmedmalaa/evaluating-generative-models).

α-precision P(α): the share of generated samples inside the α-support of the real data, the ball
around the real features' centre that holds a fraction α of the real items. A generator matching the
real distribution gives P(α) = α, so the curve is read against the diagonal; too high means its
samples crowd the typical region, too low that they fall outside it.

β-recall R(β): the share of real items whose nearest generated sample is nearer than their nearest
other real item and lies in the β-support of the generated samples (the ball around their centre
holding a fraction β of those nearest samples).

Each curve is summarised by the integrated measures of the paper, IP_α = 1 - 2 ∫|P(α) - α| dα and
IR_β = 1 - 2 ∫|R(β) - β| dβ (1 is best). The paper embeds the data with a one-class network first;
here the locally trained, normalised features are used as they are, so a real-vs-real floor stands
beside every value.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aigc_desktop.core.evaluation.distances import knn_distances

LEVELS = np.linspace(0.0, 1.0, 21)


@dataclass
class FidelityItems:
    levels: np.ndarray  # (L,) the α (and β) grid
    fake_in_alpha_support: np.ndarray  # bool (N_fake, L)
    real_in_beta_recall: np.ndarray  # bool (N_real, L)
    nearest_fake: np.ndarray  # int (N_real,): the generated sample that decides each real item


def fidelity_items(real: np.ndarray, fake: np.ndarray, levels: np.ndarray = LEVELS) -> FidelityItems:
    real, fake = np.asarray(real, np.float64), np.asarray(fake, np.float64)
    centre = real.mean(0)
    radii = np.quantile(np.linalg.norm(real - centre, axis=1), levels)
    fake_to_centre = np.linalg.norm(fake - centre, axis=1)
    real_to_real = knn_distances(real, real, 1, exclude_self=True)[0][:, 0]
    real_to_fake, nearest_fake = knn_distances(real, fake, 1)
    closest_to_fake_centre = np.linalg.norm(fake[nearest_fake[:, 0]] - fake.mean(0), axis=1)
    beta_radii = np.quantile(closest_to_fake_centre, levels)
    return FidelityItems(levels, fake_to_centre[:, None] <= radii[None, :],
                         (real_to_fake[:, 0] <= real_to_real)[:, None]
                         & (closest_to_fake_centre[:, None] <= beta_radii[None, :]), nearest_fake[:, 0])


def integrated(curves: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """1 - 2 ∫|curve - level| over the levels, per row of ``curves`` (B, L)."""
    return 1.0 - 2.0 * np.abs(curves - levels[None, :]).mean(1) * (levels[-1] - levels[0])


def fidelity_values(items: FidelityItems, fake_weights: np.ndarray, real_weights: np.ndarray) -> tuple[dict, dict]:
    """({alpha_precision, beta_recall} each (B,), {the same: curves (B, L)}) under item weights."""
    precision = fake_weights @ items.fake_in_alpha_support / fake_weights.sum(1, keepdims=True)
    # a real item counts while the resample still holds the generated sample that decides it
    held = (fake_weights[:, items.nearest_fake] > 0) * real_weights  # (B, N_real)
    recall = held @ items.real_in_beta_recall / real_weights.sum(1, keepdims=True)
    return ({"alpha_precision": integrated(precision, items.levels), "beta_recall": integrated(recall, items.levels)},
            {"alpha_precision": precision, "beta_recall": recall})
