"""A Gaussian mixture fitted to a trained VAE's encoded training means, used to sample from it.

Ex-post density estimation (Ghosh et al., "From Variational to Deterministic Autoencoders",
ICLR 2020, section 4): the encodings of real images do not fill the N(0, I) prior evenly, and
decoding codes from the holes gives the blurry in-between shapes VAE samples are known for.
Sampling from a mixture fitted to where the encodings really are costs one EM fit and sharpens
the samples. A class-conditional VAE gets one mixture per class.

The mixture is a module of buffers, so it travels in the checkpoint next to the VAE's weights.
"""
from __future__ import annotations

import math
from typing import Optional

import torch
from torch import nn

from aigc_desktop.core.models.clusters import kmeans_plus_plus


class GaussianMixturePrior(nn.Module):
    """``groups`` mixtures (one per class, or one) of ``components`` full-covariance Gaussians."""

    def __init__(self, latent_dim: int, components: int, groups: int = 1):
        super().__init__()
        self.latent_dim, self.components, self.groups = latent_dim, components, groups
        # an unfitted prior is N(0, I): every component the standard normal
        self.register_buffer("log_weights", torch.full((groups, components), -math.log(components)))
        self.register_buffer("means", torch.zeros(groups, components, latent_dim))
        self.register_buffer("scale_tril", torch.eye(latent_dim).repeat(groups, components, 1, 1))
        self.register_buffer("fitted", torch.zeros((), dtype=torch.bool))

    @torch.no_grad()
    def fit(self, z: torch.Tensor, labels: Optional[torch.Tensor] = None, seed: int = 0) -> None:
        """Fit each group's mixture to its rows of ``z`` (N, latent) by EM; groups with no rows keep N(0, I)."""
        for g in range(self.groups):
            rows = z if labels is None or self.groups == 1 else z[labels == g]
            if len(rows) < 2:
                continue
            log_w, means, tril = fit_gaussian_mixture(rows.double(), self.components, seed=seed + g)
            k = len(log_w)
            self.log_weights[g] = -math.inf
            self.log_weights[g, :k] = log_w.to(self.log_weights)
            self.means[g, :k] = means.to(self.means)
            self.scale_tril[g, :k] = tril.to(self.scale_tril)
        self.fitted.fill_(True)

    def latents(self, noise: torch.Tensor, uniforms: torch.Tensor,
                labels: Optional[torch.Tensor] = None) -> torch.Tensor:
        """Map standard normal ``noise`` (N, latent) and ``uniforms`` (N,) in [0, 1) to draws from the
        mixture: the uniform picks the component, the noise is scaled and shifted by it."""
        group = torch.zeros(len(noise), dtype=torch.long, device=noise.device)
        if labels is not None and self.groups > 1:
            group = labels.to(noise.device).long().clamp(0, self.groups - 1)
        cdf = torch.cumsum(self.log_weights.exp(), dim=1)[group]  # (N, components)
        cdf = cdf / cdf[:, -1:]
        component = torch.searchsorted(cdf, uniforms.to(cdf).unsqueeze(1)).squeeze(1).clamp_max(self.components - 1)
        tril = self.scale_tril[group, component]
        return self.means[group, component] + (tril @ noise.unsqueeze(-1).to(tril)).squeeze(-1)


def _log_gaussians(z: torch.Tensor, means: torch.Tensor, tril: torch.Tensor) -> torch.Tensor:
    """log N(z_n | mean_k, L_k L_k^T) as a (K, N) tensor."""
    diff = (z.unsqueeze(0) - means.unsqueeze(1)).transpose(1, 2)  # (K, D, N)
    solved = torch.linalg.solve_triangular(tril, diff, upper=False)
    mahalanobis = solved.pow(2).sum(1)
    log_det = 2 * torch.log(torch.diagonal(tril, dim1=1, dim2=2)).sum(1, keepdim=True)
    return -0.5 * (mahalanobis + log_det + z.shape[1] * math.log(2 * math.pi))


def fit_gaussian_mixture(z: torch.Tensor, components: int, iterations: int = 60, seed: int = 0,
                         tolerance: float = 1e-5) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """EM for a full-covariance Gaussian mixture (Dempster, Laird & Rubin 1977), k-means++ seeded.

    Returns (log weights (K,), means (K, D), Cholesky factors of the covariances (K, D, D)); K is
    at most ``components`` and at most a tenth of the rows, so each component has data to fit.
    """
    n, d = z.shape
    k = max(1, min(components, n // 10))
    means = kmeans_plus_plus(z, k, torch.Generator().manual_seed(seed))  # spread over the data
    floor = 1e-4 * z.var(dim=0).mean().clamp_min(1e-12)  # keeps every covariance invertible
    eye = torch.eye(d, dtype=z.dtype)
    tril = torch.linalg.cholesky(z.T.cov().reshape(d, d) + floor * eye).expand(k, d, d).clone()
    log_w = torch.full((k,), -math.log(k), dtype=z.dtype)
    previous = -math.inf
    for _ in range(iterations):
        joint = log_w.unsqueeze(1) + _log_gaussians(z, means, tril)  # (K, N)
        total = torch.logsumexp(joint, dim=0)
        responsibility = (joint - total).exp()
        mass = responsibility.sum(1) + 1e-10
        log_w = torch.log(mass / n)
        means = (responsibility @ z) / mass.unsqueeze(1)
        diff = z.unsqueeze(0) - means.unsqueeze(1)  # (K, N, D)
        cov = torch.einsum("kn,kni,knj->kij", responsibility, diff, diff) / mass.view(-1, 1, 1)
        tril = torch.linalg.cholesky(cov + floor * eye)
        likelihood = float(total.mean())
        if likelihood - previous < tolerance * abs(likelihood):
            break
        previous = likelihood
    return log_w, means, tril
