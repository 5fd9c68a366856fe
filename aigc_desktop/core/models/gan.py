"""A DCGAN (Radford, Metz & Chintala, ICLR 2016) for 28, 32 and 64 pixel images, optionally
class-conditional, with three losses: hinge (default; Lim & Ye 2017, Miyato et al. 2018),
WGAN-GP (Gulrajani et al. 2017) and the original non-saturating GAN loss (Goodfellow et al. 2014).

Images are in [-1, 1] (the generator ends in tanh).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from aigc_desktop.core.models import spatial_plan

EMBED_DIM = 16


def dcgan_init(module: nn.Module) -> None:
    """Weights from N(0, 0.02), batch-norm scales from N(1, 0.02), as in the DCGAN paper."""
    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
        nn.init.normal_(module.weight, 0.0, 0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, nn.BatchNorm2d):
        nn.init.normal_(module.weight, 1.0, 0.02)
        nn.init.zeros_(module.bias)


class Generator(nn.Module):
    def __init__(self, latent_dim: int = 64, channels: int = 1, image_size: int = 28, width: int = 32,
                 n_classes: int = 0):
        super().__init__()
        self.latent_dim, self.channels, self.image_size, self.n_classes = latent_dim, channels, image_size, n_classes
        base, stages = spatial_plan(image_size)
        widths = [width * 2**(stages - i) for i in range(stages)]  # e.g. 28px: [128, 64]
        self._top = (widths[0], base, base)
        self.embed = nn.Embedding(n_classes, EMBED_DIM) if n_classes else None
        cond = EMBED_DIM if n_classes else 0
        # (B, latent [+ embedding]) -> (B, widths[0], base, base)
        self.project = nn.Sequential(
            nn.Linear(latent_dim + cond, widths[0] * base * base, bias=False),
            nn.Unflatten(1, self._top), nn.BatchNorm2d(widths[0]), nn.ReLU(True))
        # (B, widths[0], base, base) -> (B, C, S, S): each stage doubles the side
        layers = []
        for c_in, c_out in zip(widths, widths[1:]):
            layers += [nn.ConvTranspose2d(c_in, c_out, 4, 2, 1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU(True)]
        layers += [nn.ConvTranspose2d(widths[-1], channels, 4, 2, 1), nn.Tanh()]
        self.main = nn.Sequential(*layers)
        self.apply(dcgan_init)

    def forward(self, z: torch.Tensor, labels=None) -> torch.Tensor:
        if self.embed is not None:
            if labels is None:
                raise ValueError("this generator is class-conditional: pass labels")
            z = torch.cat([z, self.embed(labels)], dim=1)
        return self.main(self.project(z))


class Discriminator(nn.Module):
    """No batch norm: WGAN-GP's penalty is per sample, and batch statistics would couple them."""

    def __init__(self, channels: int = 1, image_size: int = 28, width: int = 32, n_classes: int = 0):
        super().__init__()
        base, stages = spatial_plan(image_size)
        widths = [width * 2**i for i in range(stages)]  # e.g. 28px: [32, 64]
        # (B, C, S, S) -> (B, widths[-1] * base * base): each stage halves the side
        layers, c_in = [], channels
        for c_out in widths:
            layers += [nn.Conv2d(c_in, c_out, 4, 2, 1), nn.LeakyReLU(0.2, inplace=True)]
            c_in = c_out
        self.main = nn.Sequential(*layers, nn.Flatten())
        self.embed = nn.Embedding(n_classes, EMBED_DIM) if n_classes else None
        # (B, features [+ embedding]) -> (B,) scores
        self.score = nn.Linear(widths[-1] * base * base + (EMBED_DIM if n_classes else 0), 1)
        self.apply(dcgan_init)

    def forward(self, x: torch.Tensor, labels=None) -> torch.Tensor:
        h = self.main(x)
        if self.embed is not None:
            if labels is None:
                raise ValueError("this discriminator is class-conditional: pass labels")
            h = torch.cat([h, self.embed(labels)], dim=1)
        return self.score(h).squeeze(1)


def _weighted_mean(values: torch.Tensor, weights) -> torch.Tensor:
    return values.mean() if weights is None else (values * weights).mean()


def discriminator_loss(kind: str, real_scores: torch.Tensor, fake_scores: torch.Tensor,
                       real_weights=None) -> torch.Tensor:
    """The critic's loss; ``real_weights`` down-weights suspect training images."""
    real_scores, fake_scores = real_scores.float(), fake_scores.float()
    if kind == "hinge":
        return _weighted_mean(F.relu(1 - real_scores), real_weights) + F.relu(1 + fake_scores).mean()
    if kind == "wgan-gp":
        return fake_scores.mean() - _weighted_mean(real_scores, real_weights)
    if kind == "bce":
        return _weighted_mean(F.softplus(-real_scores), real_weights) + F.softplus(fake_scores).mean()
    raise ValueError(f"unknown GAN loss {kind!r}")


def generator_loss(kind: str, fake_scores: torch.Tensor) -> torch.Tensor:
    fake_scores = fake_scores.float()
    if kind == "bce":  # the non-saturating form, Goodfellow et al. 2014, section 3
        return F.softplus(-fake_scores).mean()
    return -fake_scores.mean()


def gradient_penalty(scores: torch.Tensor, inputs: torch.Tensor) -> torch.Tensor:
    """(||grad_x D(x)||_2 - 1)^2 at ``inputs`` (random interpolates), Gulrajani et al. 2017, eq. 3."""
    (grads,) = torch.autograd.grad(scores.float().sum(), inputs, create_graph=True)
    return ((grads.flatten(1).norm(2, dim=1) - 1) ** 2).mean()
