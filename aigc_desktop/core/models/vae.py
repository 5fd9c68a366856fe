"""A convolutional variational autoencoder, optionally class-conditional.

Kingma & Welling, "Auto-Encoding Variational Bayes", ICLR 2014; the KL weight ``beta`` follows
Higgins et al., "beta-VAE", ICLR 2017. Pixels are in [0, 1] and modelled as Bernoulli, like the
PyTorch examples VAE, so the loss is in nats per image and comparable with it.

The decoder is wider than the encoder and ends in a 3x3 convolution at full resolution: a decoder
too weak to draw a digit is one way into the blurry, average-looking samples of a posterior
collapse. Samples are drawn from a Gaussian mixture fitted to the encodings
(``prior.py``) once the trainer has fitted it, and from N(0, I) before.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from aigc_desktop.core.models import spatial_plan
from aigc_desktop.core.models.prior import GaussianMixturePrior

EMBED_DIM = 16
PRIOR_COMPONENTS = 10  # unconditional: about one per mode of a digit-like dataset
PRIOR_COMPONENTS_PER_CLASS = 3


class ConvVAE(nn.Module):
    def __init__(self, channels: int = 1, image_size: int = 28, latent_dim: int = 16, width: int = 32,
                 n_classes: int = 0, decoder_width: int = 0):
        super().__init__()
        self.channels, self.image_size, self.latent_dim, self.n_classes = channels, image_size, latent_dim, n_classes
        base, stages = spatial_plan(image_size)
        widths = [width * 2**i for i in range(stages)]  # e.g. 28px: [32, 64]
        up = [(decoder_width or 2 * width) * 2**i for i in range(stages)][::-1]  # e.g. 28px: [128, 64]
        self._top = (up[0], base, base)
        features = widths[-1] * base * base
        cond = EMBED_DIM if n_classes else 0
        self.embed = nn.Embedding(n_classes, EMBED_DIM) if n_classes else None

        # (B, C, S, S) -> (B, widths[-1] * base * base): each stage halves the side
        layers, c_in = [], channels
        for c_out in widths:
            layers += [nn.Conv2d(c_in, c_out, 4, 2, 1), nn.ReLU(inplace=True)]
            c_in = c_out
        self.encoder = nn.Sequential(*layers, nn.Flatten())
        # (B, features [+ embedding]) -> (B, latent) twice: mean and log-variance
        self.fc_mu = nn.Linear(features + cond, latent_dim)
        self.fc_logvar = nn.Linear(features + cond, latent_dim)

        # (B, latent [+ embedding]) -> (B, up[0], base, base)
        self.fc_decode = nn.Sequential(nn.Linear(latent_dim + cond, up[0] * base * base), nn.ReLU(inplace=True))
        # (B, up[0], base, base) -> (B, up[-1] // 2, S, S): each stage doubles the side
        layers = []
        for c_in, c_out in zip(up, up[1:] + [up[-1] // 2]):
            layers += [nn.ConvTranspose2d(c_in, c_out, 4, 2, 1), nn.ReLU(inplace=True)]
        # (B, up[-1] // 2, S, S) -> (B, C, S, S) Bernoulli logits, from a 3x3 neighbourhood
        self.decoder = nn.Sequential(*layers, nn.Conv2d(up[-1] // 2, channels, 3, 1, 1))
        self.prior = GaussianMixturePrior(latent_dim, PRIOR_COMPONENTS_PER_CLASS if n_classes else PRIOR_COMPONENTS,
                                          max(1, n_classes))

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
    return recon, kl_per_dimension(mu, logvar).sum(1)


def kl_per_dimension(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """KL(q(z_d|x) || N(0, 1)) of each latent dimension, (B, latent), in nats."""
    return -0.5 * (1 + logvar.float() - mu.float().pow(2) - logvar.float().exp())


def free_bits_kl(kl_dims: torch.Tensor, free_bits: float) -> torch.Tensor:
    """The KL term with free bits (Kingma et al., "Improved Variational Inference with Inverse
    Autoregressive Flow", NeurIPS 2016, eq. 15): a dimension whose batch-mean KL is below
    ``free_bits`` nats costs that much anyway, so the optimiser gains nothing by switching it off.
    Returns a per-image tensor whose batch mean is the clamped objective."""
    if free_bits <= 0:
        return kl_dims.sum(1)
    clamped = torch.clamp(kl_dims.mean(0), min=free_bits)
    # per image: its own KL, shifted so the batch mean equals the clamped sum (the gradient of a
    # dimension below the floor is zero, as in the paper)
    below = kl_dims.mean(0) < free_bits
    return kl_dims.masked_fill(below, 0).sum(1) + clamped[below].sum()
