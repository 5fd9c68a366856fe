"""Distribution distances on locally trained features: "local FD" and "local KID".

These are the formulas of FID (Heusel et al., NeurIPS 2017) and KID (Bińkowski et al., ICLR 2018),
computed on the features of the app's own feature extractor (``features.py``), not Inception-v3.
The numbers compare runs evaluated with the same extractor; they are NOT comparable to published
FID/KID values, and every report says so (``LOCAL_NOTE``).

Features are first centred on the real data's mean and divided by its RMS (:class:`FeatureScale`),
so that both numbers have a scale of one whatever the extractor's: the cubic kernel of KID then sees
inner products of order one and KID reads about 0 for two draws of the same data.

Both take optional item weights (bootstrap multiplicities, one row per replicate) so that the
bootstrap reuses one code path and, for KID, one kernel matrix.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

LOCAL_NOTE = ("local FD/KID (not comparable to published FID): computed on features of a network trained "
              "locally on the real data, not on Inception-v3, centred on the real features' mean and divided "
              "by their RMS")


@dataclass(frozen=True)
class FeatureScale:
    """Centre and scale fitted on the real features: ``(f - mean) / rms``."""

    mean: np.ndarray
    rms: float

    @classmethod
    def fit(cls, real_features: np.ndarray) -> "FeatureScale":
        x = np.asarray(real_features, np.float64)
        mean = x.mean(0)
        rms = float(np.sqrt(((x - mean) ** 2).mean()))
        return cls(mean, rms if rms > 0 else 1.0)

    def __call__(self, features: np.ndarray) -> np.ndarray:
        return (np.asarray(features, np.float64) - self.mean) / self.rms


def _ones(n: int) -> np.ndarray:
    return np.ones((1, n))


@dataclass
class Moments:
    """Means (B, D) and unbiased covariances (B, D, D), torch float64, of a feature set under B weight rows."""

    means: object
    covariances: object
    _root: object = None

    @property
    def root(self):
        """The covariances' symmetric square roots (B, D, D), computed once."""
        import torch

        if self._root is None:
            values, vectors = torch.linalg.eigh((self.covariances + self.covariances.transpose(-1, -2)) / 2)
            self._root = (vectors * values.clamp_min(0).sqrt()[:, None, :]) @ vectors.transpose(-1, -2)
        return self._root

    @classmethod
    def of(cls, features: np.ndarray, weights: Optional[np.ndarray] = None, chunk: int = 1024) -> "Moments":
        import torch

        x = torch.as_tensor(np.asarray(features, np.float64))
        if x.ndim != 2 or len(x) < 2:
            raise ValueError("need at least two feature rows (N, D)")
        w = torch.as_tensor(_ones(len(x)) if weights is None else np.asarray(weights, np.float64))
        n = w.sum(1, keepdim=True)
        centre = x.mean(0)
        xc = x - centre  # centred first: the second moments below then lose nothing to cancellation
        means = w @ xc / n
        d = x.shape[1]
        second = torch.zeros(len(w), d * d, dtype=torch.float64)
        for start in range(0, len(x), chunk):  # sum_n w_bn x_n x_n^T as one product per chunk of items
            rows = xc[start:start + chunk]
            second += w[:, start:start + chunk] @ (rows[:, :, None] * rows[:, None, :]).reshape(len(rows), -1)
        cov = second.reshape(-1, d, d) / n[:, :, None] - means[:, :, None] * means[:, None, :]
        # unbiased, as numpy's cov: scale by N / (N - 1)
        return cls(means + centre, cov * (n / (n - 1).clamp_min(1))[:, :, None])


def frechet_from_moments(a: Moments, b: Moments) -> np.ndarray:
    """(B,) |mu_a - mu_b|^2 + tr(S_a + S_b - 2 (S_a S_b)^(1/2)), one per pair of weight rows (a row of one
    side broadcasts against all rows of the other). ``b``'s square roots are computed once and kept:
    pass the reference, which every measured set shares, as ``b``."""
    import torch

    # tr((S_a S_b)^(1/2)) as the sum of square roots of the eigenvalues of the symmetric
    # S_b^(1/2) S_a S_b^(1/2) (same spectrum): no complex sqrtm, no round-off from it
    middle = b.root @ a.covariances @ b.root
    middle = (middle + middle.transpose(-1, -2)) / 2
    trace_sqrt = torch.linalg.eigvalsh(middle).clamp_min(0).sqrt().sum(-1)
    trace = torch.diagonal(a.covariances, dim1=-2, dim2=-1).sum(-1) + \
        torch.diagonal(b.covariances, dim1=-2, dim2=-1).sum(-1)
    value = ((a.means - b.means) ** 2).sum(-1) + trace - 2.0 * trace_sqrt
    return value.clamp_min(0.0).numpy()


def frechet_distances(features_a: np.ndarray, features_b: np.ndarray, weights_a: Optional[np.ndarray] = None,
                      weights_b: Optional[np.ndarray] = None) -> np.ndarray:
    """(B,) Fréchet distances of Gaussians fitted to two feature sets, one per row of item weights."""
    return frechet_from_moments(Moments.of(features_a, weights_a), Moments.of(features_b, weights_b))


def frechet_distance(features_a: np.ndarray, features_b: np.ndarray) -> float:
    return float(frechet_distances(features_a, features_b)[0])


def _kernel(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a @ b.T / a.shape[1] + 1) ** 3


def _within(kernel: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Mean kernel value over pairs of distinct positions of each weighted (multi)set:
    w'Kw minus each position paired with itself, over m (m - 1)."""
    m = weights.sum(1)
    pairs = np.einsum("bi,bi->b", weights @ kernel, weights) - weights @ np.diag(kernel)
    return pairs / (m * (m - 1))


def kernel_within(features: np.ndarray, weights: Optional[np.ndarray] = None) -> np.ndarray:
    """(B,) one set's own term of the unbiased MMD^2, under weight rows: what a reference shares with
    every set measured against it (``KernelMMD.values(..., b_within=...)``)."""
    x = np.asarray(features, np.float64)
    return _within(_kernel(x, x), _ones(len(x)) if weights is None else weights)


class KernelMMD:
    """Unbiased MMD^2 with the cubic polynomial kernel k(x, y) = (x.y / d + 1)^3 (Bińkowski et al. 2018),
    its kernel matrices computed once and reweighted per bootstrap replicate. ``reference_within``
    (from :meth:`within`) reuses the reference's own term across sets measured against it."""

    def __init__(self, features_a: np.ndarray, features_b: np.ndarray) -> None:
        a, b = np.asarray(features_a, np.float64), np.asarray(features_b, np.float64)
        if len(a) < 2 or len(b) < 2:
            raise ValueError("need at least two feature rows in each set")
        self.k_aa, self.k_ab = _kernel(a, a), _kernel(a, b)
        self.b = b
        self._k_bb = None

    def within_b(self, weights_b: Optional[np.ndarray] = None) -> np.ndarray:
        if self._k_bb is None:
            self._k_bb = _kernel(self.b, self.b)
        return _within(self._k_bb, _ones(len(self.b)) if weights_b is None else weights_b)

    def values(self, weights_a: Optional[np.ndarray] = None, weights_b: Optional[np.ndarray] = None,
               b_within: Optional[np.ndarray] = None) -> np.ndarray:
        wa = _ones(len(self.k_aa)) if weights_a is None else weights_a
        wb = _ones(len(self.b)) if weights_b is None else weights_b
        cross = np.einsum("bi,bi->b", wa @ self.k_ab, wb) / (wa.sum(1) * wb.sum(1))
        return _within(self.k_aa, wa) + (self.within_b(wb) if b_within is None else b_within) - 2 * cross


def kernel_inception_distance(features_a: np.ndarray, features_b: np.ndarray, subsets: int = 10,
                              subset_size: int = 1000, seed: int = 0) -> tuple[float, float]:
    """(mean, std) of the unbiased polynomial-kernel MMD^2 over random subsets of both sets, as in
    the KID paper; the evaluation itself uses :class:`KernelMMD` on one subset with the bootstrap."""
    a = np.asarray(features_a, np.float64)
    b = np.asarray(features_b, np.float64)
    size = min(subset_size, len(a), len(b))
    if size < 2:
        raise ValueError("need at least two feature rows in each set")
    rng = np.random.default_rng(seed)
    values = [KernelMMD(a[rng.choice(len(a), size, replace=False)],
                        b[rng.choice(len(b), size, replace=False)]).values()[0] for _ in range(subsets)]
    return float(np.mean(values)), float(np.std(values))
