"""A compact U-Net that denoises images, for diffusion and flow matching, optionally class-conditional.

The shape follows Ho, Jain & Abbeel, "Denoising Diffusion Probabilistic Models", NeurIPS 2020 and
Nichol & Dhariwal, "Improved Denoising Diffusion Probabilistic Models", ICML 2021: residual blocks
with GroupNorm and a sinusoidal time embedding (scale-shift conditioning, zero-initialised output
layers), self-attention at the lowest resolution, skip connections from every encoder level. It is
small enough to train on a laptop CPU: one residual block per level and one skip per level.

Classes enter through an embedding added to the time embedding; index ``n_classes`` is the "no
label" token that classifier-free guidance trains with (Ho & Salimans 2022). A self-conditioned U-Net's
classes are k-means clusters of the training images instead of labels (Hu et al., "Self-Guided
Diffusion Models", CVPR 2023): the sampler draws a sample's cluster from its initial noise, in
proportion to the clusters' sizes (``clusters.SelfConditioned``), and guides towards it. Images are in [-1, 1].
What the network predicts (noise or velocity) is the objective's business: ``diffusion_process.py``.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from aigc_desktop.core.models import spatial_plan
from aigc_desktop.core.models.clusters import SelfConditioned

TIME_SCALE = 1000.0  # t in [0, 1] is embedded as t * 1000, the DDPM step range the sinusoids were made for


def timestep_embedding(t: torch.Tensor, dim: int, max_period: float = 10000.0) -> torch.Tensor:
    """(B,) times in [0, 1] -> (B, dim) sinusoids, Vaswani et al. 2017 as used by Ho et al. 2020."""
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    args = (t.float() * TIME_SCALE)[:, None] * freqs[None]
    emb = torch.cat([torch.cos(args), torch.sin(args)], dim=1)
    return F.pad(emb, (0, dim % 2))


def _norm(channels: int) -> nn.GroupNorm:
    """Up to 32 groups of at least 4 channels (diffusers' UNet2DModel uses 32 groups of 4 or more)."""
    groups = next(g for g in (32, 16, 8, 4, 2, 1) if channels % g == 0 and channels // g >= 4 or g == 1)
    return nn.GroupNorm(groups, channels)


def _zero(module: nn.Module) -> nn.Module:
    """Zero-initialised output layers make every block start as the identity (Nichol & Dhariwal 2021)."""
    for p in module.parameters():
        nn.init.zeros_(p)
    return module


class ResBlock(nn.Module):
    """GroupNorm-SiLU-conv twice; the time/class embedding scales and shifts the second norm."""

    def __init__(self, c_in: int, c_out: int, emb_dim: int, dropout: float = 0.0):
        super().__init__()
        self.norm1, self.conv1 = _norm(c_in), nn.Conv2d(c_in, c_out, 3, padding=1)
        self.emb = nn.Linear(emb_dim, 2 * c_out)
        self.norm2, self.drop = _norm(c_out), nn.Dropout(dropout)
        self.conv2 = _zero(nn.Conv2d(c_out, c_out, 3, padding=1))
        self.skip = nn.Conv2d(c_in, c_out, 1) if c_in != c_out else nn.Identity()

    def forward(self, x: torch.Tensor, emb: torch.Tensor) -> torch.Tensor:
        h = self.conv1(F.silu(self.norm1(x)))
        scale, shift = self.emb(F.silu(emb))[:, :, None, None].chunk(2, dim=1)
        h = self.norm2(h) * (1 + scale) + shift
        h = self.conv2(self.drop(F.silu(h)))
        return self.skip(x) + h


class AttentionBlock(nn.Module):
    """Multi-head self-attention over the pixels of a feature map, with a residual connection."""

    def __init__(self, channels: int, heads: int = 4):
        super().__init__()
        self.heads = heads if channels % heads == 0 else 1
        self.norm = _norm(channels)
        self.qkv = nn.Conv2d(channels, 3 * channels, 1)
        self.out = _zero(nn.Conv2d(channels, channels, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, h, w = x.shape
        # (B, 3C, H, W) -> three (B, heads, H*W, C/heads)
        q, k, v = self.qkv(self.norm(x)).reshape(b, 3, self.heads, c // self.heads, h * w).transpose(-1, -2).unbind(1)
        y = F.scaled_dot_product_attention(q, k, v)
        return x + self.out(y.transpose(-1, -2).reshape(b, c, h, w))


class Downsample(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, stride=2, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


class Upsample(nn.Module):
    """Nearest-neighbour doubling, then a conv down to the finer level's width.

    Narrowing here rather than after the next block halves the decoder's cost at the finer resolution.
    """

    def __init__(self, c_in: int, c_out: int):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, 3, padding=1)

    def forward(self, x: torch.Tensor, size) -> torch.Tensor:
        return self.conv(F.interpolate(x, size=size, mode="nearest"))


class UNet(SelfConditioned, nn.Module):
    """(B, C, S, S) noisy images, (B,) times in [0, 1] [, (B,) labels] -> (B, C, S, S) prediction.

    ``labels`` may hold ``n_classes`` (or be None) for "no label": the unconditional prediction. With
    ``self_conditioned``, the ``n_classes`` are clusters of the training images; the sampler
    (``diffusion_process.sample_steps``) draws one per sample from its initial noise with ``clusters_of``.
    """

    def __init__(self, channels: int = 1, image_size: int = 28, width: int = 16, n_classes: int = 0,
                 channel_mults: tuple = (), dropout: float = 0.0, attention_heads: int = 4,
                 self_conditioned: bool = False):
        super().__init__()
        self.channels, self.image_size, self.width, self.n_classes = channels, image_size, width, n_classes
        self.self_conditioned = self_conditioned and n_classes > 0
        if self.self_conditioned:
            self.register_clusters(n_classes)
        _, stages = spatial_plan(image_size)
        # narrow at full resolution, where convolutions cost the most: 28px (1, 2, 4) at 28, 14, 7
        mults = tuple(channel_mults) or (1,) + tuple(min(2**i, 4) for i in range(1, stages + 1))
        if len(mults) != stages + 1:
            raise ValueError(f"{image_size}px needs {stages + 1} channel multipliers, not {len(mults)}")
        widths = [width * m for m in mults]
        emb_dim = 4 * width
        # (B,) -> (B, emb_dim): sinusoids, then an MLP; a label embedding is added
        self.time_mlp = nn.Sequential(nn.Linear(width, emb_dim), nn.SiLU(), nn.Linear(emb_dim, emb_dim))
        self.label_embed = nn.Embedding(n_classes + 1, emb_dim) if n_classes else None

        # (B, C, S, S) -> (B, widths[0], S, S)
        self.stem = nn.Conv2d(channels, widths[0], 3, padding=1)
        # encoder: a residual block per level, then halve the side (not after the last level)
        self.down_blocks, self.downsamples = nn.ModuleList(), nn.ModuleList()
        c_prev = widths[0]
        for level, c in enumerate(widths):
            self.down_blocks.append(ResBlock(c_prev, c, emb_dim, dropout))
            self.downsamples.append(Downsample(c) if level < stages else nn.Identity())
            c_prev = c
        # bottleneck at the lowest resolution, e.g. 7x7 for 28px: residual, attention, residual
        self.mid1 = ResBlock(c_prev, c_prev, emb_dim, dropout)
        self.mid_attn = AttentionBlock(c_prev, attention_heads)
        self.mid2 = ResBlock(c_prev, c_prev, emb_dim, dropout)
        # decoder: concatenate the level's skip, a residual block, then double the side (not after the top level)
        self.up_blocks, self.upsamples = nn.ModuleList(), nn.ModuleList()
        for level in reversed(range(len(widths))):
            c = widths[level]
            self.up_blocks.append(ResBlock(c_prev + c, c, emb_dim, dropout))
            if level > 0:
                self.upsamples.append(Upsample(c, widths[level - 1]))
            c_prev = widths[level - 1]
        # (B, widths[0], S, S) -> (B, C, S, S)
        self.head = nn.Sequential(_norm(widths[0]), nn.SiLU(), _zero(nn.Conv2d(widths[0], channels, 3, padding=1)))

    def null_labels(self, n: int, device) -> torch.Tensor:
        """The "no label" token for ``n`` images (classifier-free guidance's unconditional branch)."""
        return torch.full((n,), self.n_classes, dtype=torch.long, device=device)

    def embed(self, t: torch.Tensor, labels) -> torch.Tensor:
        emb = self.time_mlp(timestep_embedding(t, self.width))
        if self.label_embed is not None:
            if labels is None:
                labels = self.null_labels(len(t), t.device)
            emb = emb + self.label_embed(labels)
        return emb

    def forward(self, x: torch.Tensor, t: torch.Tensor, labels=None) -> torch.Tensor:
        emb = self.embed(t, labels)
        h = self.stem(x)
        skips = []
        for block, down in zip(self.down_blocks, self.downsamples):
            h = block(h, emb)
            skips.append(h)
            h = down(h)
        h = self.mid2(self.mid_attn(self.mid1(h, emb)), emb)
        for i, block in enumerate(self.up_blocks):
            h = block(torch.cat([h, skips.pop()], dim=1), emb)
            if skips:  # 7 -> 14 -> 28 for 28px: the size of the next skip, so odd sides work too
                h = self.upsamples[i](h, skips[-1].shape[-2:])
        return self.head(h)
