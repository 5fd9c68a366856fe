"""A DCGAN (Radford, Metz & Chintala, ICLR 2016) for 28, 32 and 64 pixel images, optionally
class-conditional, with three losses: hinge (default; Lim & Ye 2017, Miyato et al. 2018),
WGAN-GP (Gulrajani et al. 2017) and the original non-saturating GAN loss (Goodfellow et al. 2014).
The critic is spectrally normalised and, when conditional, a projection discriminator; samples
come from an exponential moving average of the generator.

Images are in [-1, 1] (the generator ends in tanh).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from aigc_desktop.core.models import spatial_plan
from aigc_desktop.core.models.clusters import SelfConditioned

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


class Generator(SelfConditioned, nn.Module):
    """With ``self_conditioned``, the ``n_classes`` are clusters of the training images rather than
    labels (``SelfConditioned``): a sample drawn without a label takes its cluster from its own noise
    z, so the generator is still a plain function of z for everyone who samples from it."""

    def __init__(self, latent_dim: int = 64, channels: int = 1, image_size: int = 28, width: int = 32,
                 n_classes: int = 0, self_conditioned: bool = False):
        super().__init__()
        self.latent_dim, self.channels, self.image_size, self.n_classes = latent_dim, channels, image_size, n_classes
        self.self_conditioned = self_conditioned and n_classes > 0
        if self.self_conditioned:
            self.register_clusters(n_classes)
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
                if not self.self_conditioned:
                    raise ValueError("this generator is class-conditional: pass labels")
                labels = self.clusters_of(z)
            z = torch.cat([z, self.embed(labels)], dim=1)
        return self.main(self.project(z))


class Discriminator(nn.Module):
    """No batch norm: WGAN-GP's penalty is per sample, and batch statistics would couple them.

    With ``spectral_norm`` every layer's weight is divided by its largest singular value (Miyato
    et al., "Spectral Normalization for Generative Adversarial Networks", ICLR 2018), which keeps
    the critic Lipschitz and its gradients useful to the generator. A conditional critic uses the
    projection of Miyato & Koyama ("cGANs with Projection Discriminator", ICLR 2018): the score
    gains the inner product of the features with a learned class embedding, so it cannot ignore
    the label, and neither can the generator.
    """

    def __init__(self, channels: int = 1, image_size: int = 28, width: int = 32, n_classes: int = 0,
                 spectral_norm: bool = True):
        super().__init__()
        base, stages = spatial_plan(image_size)
        widths = [width * 2**i for i in range(stages)]  # e.g. 28px: [32, 64]
        # (B, C, S, S) -> (B, widths[-1] * base * base): each stage halves the side
        layers, c_in = [], channels
        for c_out in widths:
            layers += [nn.Conv2d(c_in, c_out, 4, 2, 1), nn.LeakyReLU(0.2, inplace=True)]
            c_in = c_out
        self.main = nn.Sequential(*layers, nn.Flatten())
        features = widths[-1] * base * base
        # (B, features) -> (B,) scores, plus <embed(y), features> when conditional
        self.score = nn.Linear(features, 1)
        self.embed = nn.Embedding(n_classes, features) if n_classes else None
        self.apply(dcgan_init)
        if spectral_norm:
            for module in list(self.modules()):
                if isinstance(module, (nn.Conv2d, nn.Linear, nn.Embedding)):
                    nn.utils.parametrizations.spectral_norm(module)

    def forward(self, x: torch.Tensor, labels=None) -> torch.Tensor:
        h = self.main(x)
        score = self.score(h).squeeze(1)
        if self.embed is not None:
            if labels is None:
                raise ValueError("this discriminator is class-conditional: pass labels")
            score = score + (self.embed(labels) * h).sum(1)
        return score


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
