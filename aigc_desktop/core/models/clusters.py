"""k-means (Lloyd 1982) with k-means++ seeding (Arthur & Vassilvitskii 2007), on torch tensors.

Used to seed the VAE's prior mixture (``prior.py``) and to find the clusters a self-conditioned GAN
or diffusion model is conditioned on (``gan.py``, ``diffusion.py``); ``SelfConditioned`` is how either
draws a cluster for a sample asked for without a label.
"""
from __future__ import annotations

import math

import torch


class SelfConditioned:
    """For a network conditioned on clusters of the training images rather than on labels (Liu et al.,
    "Diverse Image Generation via Self-Conditioned GANs", CVPR 2020): a sample drawn without a label
    takes its cluster from its own noise, in proportion to the clusters' sizes, so sampling stays a
    plain function of the noise (fixed noise, fixed clusters). The clusters' cumulative shares are the
    buffer ``cluster_cdf``, so checkpoints keep them; the trainer sets them from the data."""

    def register_clusters(self, n_clusters: int) -> None:
        self.register_buffer("cluster_cdf", torch.arange(1, n_clusters + 1, dtype=torch.float32) / n_clusters)

    def set_cluster_sizes(self, counts: torch.Tensor) -> None:
        """How many training images each cluster holds: samples without a label follow these shares."""
        cdf = torch.cumsum(counts.double(), 0)
        self.cluster_cdf.copy_((cdf / cdf[-1]).to(self.cluster_cdf))

    def clusters_of(self, noise: torch.Tensor) -> torch.Tensor:
        """(B, ...) standard normal noise -> (B,) clusters: the normal CDF of each row's first number
        (uniform in [0, 1]), cut at the cumulative shares."""
        u = 0.5 * (1 + torch.erf(noise.flatten(1)[:, :1].float() / math.sqrt(2)))
        return (u > self.cluster_cdf[:-1].unsqueeze(0)).sum(dim=1)


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
