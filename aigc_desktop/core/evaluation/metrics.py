"""Distribution distances on locally trained features: "local FD" and "local KID".

These are the formulas of FID (Heusel et al., NeurIPS 2017) and KID (Bińkowski et al., ICLR 2018),
computed on the features of the app's own feature extractor (``features.py``), not Inception-v3.
The numbers compare runs evaluated with the same extractor; they are NOT comparable to published
FID/KID values, and every report says so (``LOCAL_NOTE``).
"""
from __future__ import annotations

import numpy as np

LOCAL_NOTE = ("local FD/KID (not comparable to published FID): computed on features of a network trained "
              "locally on the real data, not on Inception-v3")


def _moments(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(features, np.float64)
    if x.ndim != 2 or len(x) < 2:
        raise ValueError("need at least two feature rows (N, D)")
    return x.mean(0), np.cov(x, rowvar=False)


def _sqrt_psd(matrix: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
    return (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T


def frechet_distance(features_a: np.ndarray, features_b: np.ndarray) -> float:
    """|mu_a - mu_b|^2 + tr(S_a + S_b - 2 (S_a S_b)^(1/2)) of Gaussians fitted to two feature sets.

    tr((S_a S_b)^(1/2)) is computed as the sum of square roots of the eigenvalues of the symmetric
    S_a^(1/2) S_b S_a^(1/2) (same spectrum), which avoids scipy's complex sqrtm and its round-off.
    """
    mu_a, cov_a = _moments(features_a)
    mu_b, cov_b = _moments(features_b)
    root_a = _sqrt_psd(cov_a)
    middle = root_a @ cov_b @ root_a
    trace_sqrt = np.sqrt(np.clip(np.linalg.eigvalsh((middle + middle.T) / 2), 0, None)).sum()
    value = float(((mu_a - mu_b) ** 2).sum() + np.trace(cov_a) + np.trace(cov_b) - 2.0 * trace_sqrt)
    return max(value, 0.0)


def _polynomial_mmd2(a: np.ndarray, b: np.ndarray) -> float:
    """Unbiased MMD^2 with the cubic kernel k(x, y) = (x.y / d + 1)^3 (Bińkowski et al. 2018)."""
    d = a.shape[1]
    k_aa = (a @ a.T / d + 1) ** 3
    k_bb = (b @ b.T / d + 1) ** 3
    k_ab = (a @ b.T / d + 1) ** 3
    m, n = len(a), len(b)
    return float((k_aa.sum() - np.trace(k_aa)) / (m * (m - 1)) + (k_bb.sum() - np.trace(k_bb)) / (n * (n - 1))
                 - 2 * k_ab.mean())


def kernel_inception_distance(features_a: np.ndarray, features_b: np.ndarray, subsets: int = 10,
                              subset_size: int = 1000, seed: int = 0) -> tuple[float, float]:
    """(mean, std) of the unbiased polynomial-kernel MMD^2 over random subsets of both sets."""
    a = np.asarray(features_a, np.float64)
    b = np.asarray(features_b, np.float64)
    size = min(subset_size, len(a), len(b))
    if size < 2:
        raise ValueError("need at least two feature rows in each set")
    rng = np.random.default_rng(seed)
    values = [_polynomial_mmd2(a[rng.choice(len(a), size, replace=False)],
                               b[rng.choice(len(b), size, replace=False)]) for _ in range(subsets)]
    return float(np.mean(values)), float(np.std(values))
