"""One optimisation step, the validation loss and the fixed-noise samples of each model family.

The trainer (``trainer.py``) owns the loop, timing, checkpoints and events; a *step* object owns the
networks and optimizers of one model family and nothing else.
"""
from __future__ import annotations

import contextlib
import copy

import torch

from aigc_desktop.core.models.diffusion import UNet
from aigc_desktop.core.models.diffusion_process import average_decay, denoising_loss, drop_labels, sample, update_average
from aigc_desktop.core.models.gan import (Discriminator, Generator, discriminator_loss, generator_loss,
                                          gradient_penalty)
from aigc_desktop.core.models.vae import ConvVAE, vae_loss
from aigc_desktop.core.training.config import TrainConfig


# a weight average (not trained by gradient descent) -> the network it follows
AVERAGED = {"unet_ema": "unet"}
# networks that only training needs: samples come from the others (per-epoch checkpoints leave them out)
TRAINING_ONLY = ("discriminator", "unet")


def build_networks(config: TrainConfig) -> dict:
    """name -> nn.Module for a config (the names prefix the checkpoint's tensors)."""
    n_classes = config.n_classes if config.conditional else 0
    if config.model == "diffusion":
        unet = UNet(config.channels, config.image_size, config.width, n_classes)
        return {"unet": unet, "unet_ema": copy.deepcopy(unet).requires_grad_(False)}
    if config.model == "vae":
        return {"vae": ConvVAE(config.channels, config.image_size, config.latent_dim, config.width, n_classes)}
    return {"generator": Generator(config.latent_dim, config.channels, config.image_size, config.width, n_classes),
            "discriminator": Discriminator(config.channels, config.image_size, config.width, n_classes)}


def fixed_noise(n: int, latent_dim: int, seed: int, device="cpu") -> torch.Tensor:
    """The same latent codes for the same seed on every device (drawn on the CPU)."""
    generator = torch.Generator().manual_seed(int(seed))
    return torch.randn(n, latent_dim, generator=generator).to(device)


def noise_batches(n: int, latent_dim: int, seed: int, batch: int = 256):
    """``fixed_noise(n, latent_dim, seed)`` in batches of about ``batch`` rows: (first row, rows).

    The concatenation equals the single draw bit for bit: torch fills normal samples in blocks of
    16 values, so every batch but the last holds a multiple of 16 values and the last is never
    below 16 (a shorter tail would take another code path and other numbers)."""
    generator = torch.Generator().manual_seed(int(seed))
    size = max(1, int(batch))
    while (size * latent_dim) % 16:
        size += 1
    start = 0
    while start < n:
        rows = min(size, n - start)
        rest = n - start - rows
        if 0 < rest and rest * latent_dim < 16:
            rows += rest
        yield start, torch.randn(rows, latent_dim, generator=generator)
        start += rows


def _grad_norm(parameters) -> torch.Tensor:
    grads = [p.grad for p in parameters if p.grad is not None]
    return torch.nn.utils.get_total_norm(grads) if grads else torch.zeros(())


class _Step:
    """Networks (``nets``, possibly DDP-wrapped in ``train_nets``) and their optimizers."""

    def __init__(self, config: TrainConfig, nets: dict, device, amp_dtype=None, scaler=None, wrap=None):
        self.config, self.nets, self.device = config, nets, device
        self.train_nets = {k: (wrap(v) if wrap and k not in AVERAGED else v) for k, v in nets.items()}
        self.global_step = 0  # the trainer sets it on resume
        self.amp_dtype, self.scaler = amp_dtype, scaler
        self.distributed = wrap is not None
        self.optimizers = self._make_optimizers()

    def _adam(self, module, weight_decay: float):
        c = self.config
        return torch.optim.AdamW(module.parameters(), lr=c.lr, betas=(c.adam_beta1, c.adam_beta2),
                                 weight_decay=weight_decay)

    def autocast(self):
        if self.amp_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(self.device.type, dtype=self.amp_dtype)

    def _backward_step(self, loss, optimizer, parameters) -> torch.Tensor:
        optimizer.zero_grad(set_to_none=True)
        if self.scaler is not None:
            self.scaler.scale(loss).backward()
            self.scaler.unscale_(optimizer)
            norm = _grad_norm(parameters)
            self.scaler.step(optimizer)
            self.scaler.update()
        else:
            loss.backward()
            norm = _grad_norm(parameters)
            optimizer.step()
        return norm

    def train(self, mode: bool = True) -> None:
        for net in self.nets.values():
            net.train(mode)


class VAEStep(_Step):
    loss_names = ("loss", "recon", "kl")

    def _make_optimizers(self):
        return {"vae": self._adam(self.nets["vae"], self.config.weight_decay)}

    def step(self, x, labels, weights):
        with self.autocast():
            logits, mu, logvar = self.train_nets["vae"](x, labels)
        recon, kl = vae_loss(logits, x, mu, logvar)
        per_image = recon + self.config.beta * kl
        loss = (per_image * weights).mean() if weights is not None else per_image.mean()
        norm = self._backward_step(loss, self.optimizers["vae"], self.nets["vae"].parameters())
        return {"loss": loss.detach(), "recon": recon.detach().mean(), "kl": kl.detach().mean()}, norm

    @torch.no_grad()
    def val_loss(self, x, labels, generator) -> torch.Tensor:
        """The training objective (recon + beta KL) on held-out images, summed over them."""
        vae = self.nets["vae"]
        mu, logvar = vae.encode(x, labels)
        eps = torch.randn(mu.shape, generator=generator, device="cpu").to(mu.device)
        recon, kl = vae_loss(vae.decode(mu + eps * torch.exp(0.5 * logvar), labels), x, mu, logvar)
        return (recon + self.config.beta * kl).sum()

    @torch.no_grad()
    def sample(self, z, labels) -> torch.Tensor:
        return torch.sigmoid(self.nets["vae"].decode(z, labels).float())


class GANStep(_Step):
    loss_names = ("d_loss", "g_loss")

    def _make_optimizers(self):
        # weight decay regularises the critic only; decaying the generator just blurs its samples
        return {"generator": self._adam(self.nets["generator"], 0.0),
                "discriminator": self._adam(self.nets["discriminator"], self.config.weight_decay)}

    def step(self, x, labels, weights):
        kind, G, D = self.config.gan_loss, self.train_nets["generator"], self.train_nets["discriminator"]
        z = torch.randn(x.shape[0], self.config.latent_dim, device=x.device)
        with torch.no_grad(), self.autocast():
            fake = G(z, labels)
        # one critic forward per backward, so DistributedDataParallel sees each module once per step
        both = None if labels is None else torch.cat([labels] * (3 if kind == "wgan-gp" else 2))
        with self.autocast():
            if kind == "wgan-gp":
                t = torch.rand(x.shape[0], 1, 1, 1, device=x.device)
                mixed = (t * x + (1 - t) * fake.float()).requires_grad_(True)
                real_s, fake_s, mixed_s = D(torch.cat([x, fake.to(x.dtype), mixed]), both).chunk(3)
                d_loss = discriminator_loss(kind, real_s, fake_s, weights)
                d_total = d_loss + self.config.gp_weight * gradient_penalty(mixed_s, mixed)
            else:
                real_s, fake_s = D(torch.cat([x, fake.to(x.dtype)]), both).chunk(2)
                d_total = d_loss = discriminator_loss(kind, real_s, fake_s, weights)
        d_norm = self._backward_step(d_total, self.optimizers["discriminator"], self.nets["discriminator"].parameters())

        freeze = not self.distributed  # DDP expects every parameter to get a gradient
        if freeze:
            self.nets["discriminator"].requires_grad_(False)
        with self.autocast():
            g_loss = generator_loss(kind, D(G(z, labels), labels))
        g_norm = self._backward_step(g_loss, self.optimizers["generator"], self.nets["generator"].parameters())
        if freeze:
            self.nets["discriminator"].requires_grad_(True)
        return {"d_loss": d_loss.detach(), "g_loss": g_loss.detach()}, torch.maximum(d_norm, g_norm)

    @torch.no_grad()
    def val_loss(self, x, labels, generator) -> torch.Tensor:
        """The critic's loss (without penalty) on held-out images against fresh samples, summed."""
        z = torch.randn(x.shape[0], self.config.latent_dim, generator=generator).to(x.device)
        G, D = self.nets["generator"], self.nets["discriminator"]
        return discriminator_loss(self.config.gan_loss, D(x, labels), D(G(z, labels), labels)) * x.shape[0]

    @torch.no_grad()
    def sample(self, z, labels) -> torch.Tensor:
        return (self.nets["generator"](z, labels).float() + 1) / 2


class DiffusionStep(_Step):
    """The denoising U-Net (``diffusion_process``), its weight average and classifier-free guidance.

    Labels are dropped to the "no label" token at ``label_dropout`` so the one network also learns
    the unconditional prediction; samples come from the weight average with the configured sampler,
    steps and guidance scale. The samplers are deterministic: the fixed noise alone fixes the grid.
    """
    loss_names = ("loss",)
    compile_backend = "inductor"  # the CPU tests use "eager": the same code path without a compiler

    def __init__(self, config: TrainConfig, nets: dict, device, amp_dtype=None, scaler=None, wrap=None):
        # channels-last convolutions are faster on CUDA; on the CPU they measured slower at the default
        # width (benchmarks/diffusion_speed.py), so the CPU keeps the default layout
        self.memory_format = torch.channels_last if device.type == "cuda" else torch.contiguous_format
        for net in nets.values():
            net.to(memory_format=self.memory_format)
        super().__init__(config, nets, device, amp_dtype, scaler, wrap)
        if config.compile:
            self.train_nets["unet"] = torch.compile(self.train_nets["unet"], backend=self.compile_backend)

    def _make_optimizers(self):
        return {"unet": self._adam(self.nets["unet"], self.config.weight_decay)}

    def _null_label(self) -> int:
        return self.nets["unet"].n_classes

    def step(self, x, labels, weights):
        c = self.config
        x = x.contiguous(memory_format=self.memory_format)
        labels = drop_labels(labels, self._null_label(), c.label_dropout)
        with self.autocast():
            per_image = denoising_loss(self.train_nets["unet"], x, labels, c.objective)
        loss = (per_image * weights).mean() if weights is not None else per_image.mean()
        norm = self._backward_step(loss, self.optimizers["unet"], self.nets["unet"].parameters())
        self.global_step += 1
        decay = average_decay(c.ema_decay, self.global_step) if c.ema_decay > 0 else 0.0
        update_average(self.nets["unet_ema"], self.nets["unet"], decay)
        return {"loss": loss.detach()}, norm

    @torch.no_grad()
    def val_loss(self, x, labels, generator) -> torch.Tensor:
        """The averaged network's denoising error on held-out images at seeded times and noise, summed."""
        with self.autocast():
            return denoising_loss(self.nets["unet_ema"], x, labels, self.config.objective, generator).sum()

    @torch.no_grad()
    def sample(self, noise, labels) -> torch.Tensor:
        c = self.config
        x = noise.reshape(len(noise), c.channels, c.image_size, c.image_size).contiguous(memory_format=self.memory_format)
        with self.autocast():
            images = sample(self.nets["unet_ema"], x, labels, c.objective, c.sampler_steps, c.guidance, c.solver)
        return (images.float() + 1) / 2


STEPS = {"vae": VAEStep, "gan": GANStep, "diffusion": DiffusionStep}


def make_step(config: TrainConfig, nets: dict, device, amp_dtype=None, scaler=None, wrap=None) -> _Step:
    cls = STEPS[config.model]
    return cls(config, nets, device, amp_dtype, scaler, wrap)
