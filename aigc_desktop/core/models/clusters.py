"""k-means (Lloyd 1982) with k-means++ seeding (Arthur & Vassilvitskii 2007), on torch tensors.

Used to seed the VAE's prior mixture (``prior.py``) and to find the clusters a self-conditioned GAN
is conditioned on (``gan.py``).
"""
from __future__ import annotations

import torch


def kmeans_plus_plus(points: torch.Tensor, k: int, generator: torch.Generator) -> torch.Tensor:
    """``k`` starting centres spread over ``points`` (N, D): each drawn with probability proportional
    to its squared distance from the centres chosen so far."""
    centres = points[torch.randint(len(points), (1,), generator=generator)]
    for _ in range(1, k):
        nearest = torch.cdist(points, centres).min(dim=1).values.pow(2)
        centres = torch.cat([centres, points[torch.multinomial(nearest.float() + 1e-12, 1, generator=generator)]])
    return centres


def kmeans(points: torch.Tensor, k: int, iterations: int = 25, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """(centres (k, D), the cluster of each point (N,)); the same seed gives the same clusters."""
    points = points.float()
    k = max(1, min(k, len(points)))
    centres = kmeans_plus_plus(points, k, torch.Generator().manual_seed(seed))
    labels = torch.cdist(points, centres).argmin(dim=1)
    for _ in range(iterations):
        sums = torch.zeros_like(centres).index_add_(0, labels, points)
        counts = torch.bincount(labels, minlength=k).unsqueeze(1)
        centres = torch.where(counts > 0, sums / counts.clamp_min(1), centres)  # an empty cluster stays put
        new = torch.cdist(points, centres).argmin(dim=1)
        if torch.equal(new, labels):
            break
        labels = new
    return centres, labels
