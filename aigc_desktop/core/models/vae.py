"""A convolutional variational autoencoder, optionally class-conditional.

Kingma & Welling, "Auto-Encoding Variational Bayes", ICLR 2014; the KL weight ``beta`` follows
Higgins et al., "beta-VAE", ICLR 2017. Pixels are in [0, 1] and modelled as Bernoulli, like the
PyTorch examples VAE, so the loss is in nats per image and comparable with it.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from aigc_desktop.core.models import spatial_plan

EMBED_DIM = 16


class ConvVAE(nn.Module):
    def __init__(self, channels: int = 1, image_size: int = 28, latent_dim: int = 16, width: int = 32,
                 n_classes: int = 0):
        super().__init__()
        self.channels, self.image_size, self.latent_dim, self.n_classes = channels, image_size, latent_dim, n_classes
        base, stages = spatial_plan(image_size)
        widths = [width * 2**i for i in range(stages)]  # e.g. 28px: [32, 64]
        self._top = (widths[-1], base, base)
        features = widths[-1] * base * base
        cond = EMBED_DIM if n_classes else 0
        self.embed = nn.Embedding(n_classes, EMBED_DIM) if n_classes else None

        # (B, C, S, S) -> (B, widths[-1], base, base): each stage halves the side
        layers, c_in = [], channels
        for c_out in widths:
            layers += [nn.Conv2d(c_in, c_out, 4, 2, 1), nn.ReLU(inplace=True)]
            c_in = c_out
        self.encoder = nn.Sequential(*layers, nn.Flatten())
        # (B, features [+ embedding]) -> (B, latent) twice: mean and log-variance
        self.fc_mu = nn.Linear(features + cond, latent_dim)
        self.fc_logvar = nn.Linear(features + cond, latent_dim)

        # (B, latent [+ embedding]) -> (B, widths[-1], base, base)
        self.fc_decode = nn.Sequential(nn.Linear(latent_dim + cond, features), nn.ReLU(inplace=True))
        # (B, widths[-1], base, base) -> (B, C, S, S) logits: each stage doubles the side
        layers = []
        for c_in, c_out in zip(widths[::-1], widths[::-1][1:] + [channels]):
            layers.append(nn.ConvTranspose2d(c_in, c_out, 4, 2, 1))
            if c_out != channels:
                layers.append(nn.ReLU(inplace=True))
        self.decoder = nn.Sequential(*layers)

    def _condition(self, h: torch.Tensor, labels) -> torch.Tensor:
        if self.embed is None:
            return h
        if labels is None:
            raise ValueError("this VAE is class-conditional: pass labels")
        return torch.cat([h, self.embed(labels)], dim=1)

    def encode(self, x: torch.Tensor, labels=None) -> tuple[torch.Tensor, torch.Tensor]:
        h = self._condition(self.encoder(x), labels)
        return self.fc_mu(h), self.fc_logvar(h)

    def reparameterize(self, mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
        std = torch.exp(0.5 * logvar)
        return mu + torch.randn_like(std) * std

    def decode(self, z: torch.Tensor, labels=None) -> torch.Tensor:
        """Bernoulli logits (B, C, S, S); ``torch.sigmoid`` of them is the mean image."""
        h = self.fc_decode(self._condition(z, labels))
        return self.decoder(h.view(-1, *self._top))

    def forward(self, x: torch.Tensor, labels=None):
        mu, logvar = self.encode(x, labels)
        z = self.reparameterize(mu, logvar)
        return self.decode(z, labels), mu, logvar


def vae_loss(logits: torch.Tensor, x: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor,
             beta: float = 1.0) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-image (reconstruction, KL) in nats; the negative ELBO is ``recon + kl``.

    Reconstruction: Bernoulli negative log-likelihood summed over pixels. KL(q(z|x) || N(0, I)) in
    closed form, Kingma & Welling 2014, Appendix B. The training loss is ``recon + beta * kl``.
    """
    recon = F.binary_cross_entropy_with_logits(logits.float(), x.float(), reduction="none").flatten(1).sum(1)
    kl = -0.5 * torch.sum(1 + logvar.float() - mu.float().pow(2) - logvar.float().exp(), dim=1)
    return recon, kl
