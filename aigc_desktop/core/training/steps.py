"""One optimisation step, the validation loss and the fixed-noise samples of each model family.

The trainer (``trainer.py``) owns the loop, timing, checkpoints and events; a *step* object owns the
networks and optimizers of one model family and nothing else.
"""
from __future__ import annotations

import contextlib
import copy

import torch

from aigc_desktop.core.models.diffusion import UNet
from aigc_desktop.core.models.average import average_decay, update_average
from aigc_desktop.core.models.diffusion_process import SAMPLING_FORMAT, denoising_loss, drop_labels, sample
from aigc_desktop.core.models.gan import Discriminator, Generator, discriminator_loss, generator_loss, gradient_penalty
from aigc_desktop.core.models.vae import ConvVAE, free_bits_kl, kl_per_dimension, vae_loss
from aigc_desktop.core.training.config import TrainConfig, cluster_count, clusters_to_fit  # noqa: F401 (re-exported)

# a weight average (not trained by gradient descent) -> the network it follows
AVERAGED = {"generator_ema": "generator", "unet_ema": "unet"}
# networks that only training needs: samples come from the others (per-epoch checkpoints leave them out)
TRAINING_ONLY = ("discriminator", "unet")


def build_networks(config: TrainConfig) -> dict:
    """name -> nn.Module for a config (the names prefix the checkpoint's tensors)."""
    n_classes = config.n_classes if config.conditional else 0
    clusters = cluster_count(config)
    if config.model == "diffusion":
        unet = UNet(config.channels, config.image_size, config.width, n_classes or clusters,
                    self_conditioned=bool(clusters))
        return {"unet": unet, "unet_ema": copy.deepcopy(unet).requires_grad_(False)}
    if config.model == "vae":
        return {"vae": ConvVAE(config.channels, config.image_size, config.latent_dim, config.width, n_classes,
                               config.decoder_width)}
    nets = {"generator": Generator(config.latent_dim, config.channels, config.image_size, config.width,
                                   n_classes or clusters, self_conditioned=bool(clusters)),
            "discriminator": Discriminator(config.channels, config.image_size, config.d_width or config.width,
                                           n_classes or clusters, config.spectral_norm)}
    if config.ema_decay > 0:
        nets["generator_ema"] = copy.deepcopy(nets["generator"]).requires_grad_(False)
    return nets


def image_clusters(images: torch.Tensor, k: int, seed: int, fit_images: int = 10_000):
    """k-means clusters of images (N, C, S, S), on a 12x12 thumbnail of each: (centres, a function
    mapping images to their nearest centre). Fitted on at most ``fit_images`` of them."""
    from aigc_desktop.core.models.clusters import kmeans

    def thumbnails(x):
        return torch.cat([torch.nn.functional.adaptive_avg_pool2d(x[i:i + 1024].float(), 12).flatten(1)
                          for i in range(0, len(x), 1024)]) if len(x) else torch.zeros(0, x.shape[1] * 144)

    rows = torch.randperm(len(images), generator=torch.Generator().manual_seed(seed))[:fit_images]
    centres, _ = kmeans(thumbnails(images[rows.to(images.device)]).cpu(), k, seed=seed)

    def assign(x):
        return torch.cdist(thumbnails(x).cpu(), centres).argmin(dim=1) if len(x) else torch.zeros(0, dtype=torch.long)

    return centres, assign


def sampling_network(nets: dict) -> str:
    """The name of the network samples are drawn from: the weight average when there is one."""
    for name in ("unet_ema", "generator_ema", "generator", "vae"):
        if name in nets:
            return name
    raise KeyError("no sampling network")


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


def fixed_uniforms(n: int, seed: int, device="cpu") -> torch.Tensor:
    """Uniforms that pick a prior's mixture component for each row of ``fixed_noise(n, ., seed)``."""
    generator = torch.Generator().manual_seed(int(seed) + 104_729)
    return torch.rand(n, generator=generator).to(device)


def pairwise_spread(images: torch.Tensor) -> float:
    """Mean pairwise Euclidean distance between images."""
    flat = images.flatten(1).float()
    return float(torch.pdist(flat).mean()) if len(flat) > 1 else 0.0


def latent_codes(model, noise: torch.Tensor, uniforms: torch.Tensor, labels=None) -> torch.Tensor:
    """The codes a sampling network decodes: a VAE's fitted prior reshapes the noise; a GAN takes it as is."""
    prior = getattr(model, "prior", None)
    if prior is None or not bool(prior.fitted):
        return noise
    return prior.latents(noise, uniforms, labels)


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

    def _adam(self, module, weight_decay: float, lr=None):
        c = self.config
        return torch.optim.AdamW(module.parameters(), lr=lr or c.lr, betas=(c.adam_beta1, c.adam_beta2),
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

    def end_epoch(self, x_train, y_train) -> None:
        """Work between epochs, before the samples and the checkpoint (the networks are in eval mode)."""

    def health(self, x, labels, samples) -> dict:
        """Per-epoch metrics for ``diagnostics``, from real images ``x`` in [0, 1] and the epoch's samples."""
        return {}


class VAEStep(_Step):
    loss_names = ("loss", "recon", "kl")
    prior_fit_images = 10_000  # encodings the prior is fitted to, at most

    def _make_optimizers(self):
        return {"vae": self._adam(self.nets["vae"], self.config.weight_decay)}

    def kl_weight(self) -> float:
        """beta, ramped up linearly over the first ``kl_warmup_steps`` (Bowman et al., "Generating
        Sentences from a Continuous Space", CoNLL 2016): the decoder learns to use the code before
        the KL term can pull every code to the prior."""
        warmup = self.config.kl_warmup_steps
        return self.config.beta * (min(1.0, (self.global_step + 1) / warmup) if warmup > 0 else 1.0)

    def step(self, x, labels, weights):
        with self.autocast():
            logits, mu, logvar = self.train_nets["vae"](x, labels)
        recon, kl = vae_loss(logits, x, mu, logvar)
        kl_term = free_bits_kl(kl_per_dimension(mu, logvar), self.config.free_bits)
        per_image = recon + self.kl_weight() * kl_term
        objective = (per_image * weights).mean() if weights is not None else per_image.mean()
        norm = self._backward_step(objective, self.optimizers["vae"], self.nets["vae"].parameters())
        self.global_step += 1
        # reported: the plain loss (recon + beta * KL) in nats per image, whatever the warm-up
        loss = (recon + self.config.beta * kl).detach()
        loss = (loss * weights).mean() if weights is not None else loss.mean()
        return {"loss": loss, "recon": recon.detach().mean(), "kl": kl.detach().mean()}, norm

    @torch.no_grad()
    def val_loss(self, x, labels, generator) -> torch.Tensor:
        """The training objective (recon + beta KL) on held-out images, summed over them."""
        vae = self.nets["vae"]
        mu, logvar = vae.encode(x, labels)
        eps = torch.randn(mu.shape, generator=generator, device="cpu").to(mu.device)
        recon, kl = vae_loss(vae.decode(mu + eps * torch.exp(0.5 * logvar), labels), x, mu, logvar)
        return (recon + self.config.beta * kl).sum()

    @torch.no_grad()
    def encode_means(self, x, labels) -> torch.Tensor:
        vae = self.nets["vae"]
        return torch.cat([vae.encode(x[i:i + 512].to(self.device),
                                     None if labels is None else labels[i:i + 512].to(self.device))[0].float()
                          for i in range(0, len(x), 512)])

    @torch.no_grad()
    def end_epoch(self, x_train, y_train) -> None:
        if not self.config.fitted_prior:
            return
        count = min(len(x_train), self.prior_fit_images)
        # the same images every epoch, drawn without touching the training random stream
        rows = torch.randperm(len(x_train), generator=torch.Generator().manual_seed(self.config.seed))[:count]
        x, y = x_train[rows.to(x_train.device)], None if y_train is None else y_train[rows.to(y_train.device)]
        means = self.encode_means(x, y).cpu()
        self.nets["vae"].prior.fit(means, None if y is None else y.cpu(), seed=self.config.seed)

    @torch.no_grad()
    def health(self, x, labels, samples) -> dict:
        """KL of each latent dimension, averaged over ``x``, and how much the reconstructions of
        ``x`` vary against how much ``x`` varies (near 0: the decoder ignores the code)."""
        vae = self.nets["vae"]
        mu, logvar = vae.encode(x, labels)
        kl = kl_per_dimension(mu, logvar).mean(0)
        recon = torch.sigmoid(vae.decode(mu, labels).float())
        n = min(len(x), 64)
        spread = pairwise_spread(recon[:n]) / max(pairwise_spread(x[:n]), 1e-12)
        return {"kl_per_dimension": [round(float(v), 5) for v in kl], "reconstruction_diversity": spread}

    @torch.no_grad()
    def sample(self, noise, labels, uniforms=None) -> torch.Tensor:
        vae = self.nets["vae"]
        z = noise if uniforms is None else latent_codes(vae, noise, uniforms, labels)
        return torch.sigmoid(vae.decode(z, labels).float())


class GANStep(_Step):
    loss_names = ("d_loss", "g_loss")

    def _make_optimizers(self):
        # weight decay regularises the critic only; decaying the generator just blurs its samples
        # two time-scale update rule (Heusel et al., NeurIPS 2017): the critic learns faster
        return {"generator": self._adam(self.nets["generator"], 0.0),
                "discriminator": self._adam(self.nets["discriminator"], self.config.weight_decay,
                                            self.config.d_lr)}

    def step(self, x, labels, weights):
        kind, G, D = self.config.gan_loss, self.train_nets["generator"], self.train_nets["discriminator"]
        z = torch.randn(x.shape[0], self.config.latent_dim, device=x.device)
        # one generator forward serves both updates: the critic's update leaves the generator's
        # weights as they were, so a second forward of the same z would give the same images
        with self.autocast():
            generated = G(z, labels)
        fake = generated.detach()
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
            g_loss = generator_loss(kind, D(generated, labels))
        g_norm = self._backward_step(g_loss, self.optimizers["generator"], self.nets["generator"].parameters())
        if freeze:
            self.nets["discriminator"].requires_grad_(True)
        self.global_step += 1
        if "generator_ema" in self.nets:
            decay = average_decay(self.config.ema_decay, self.global_step)
            update_average(self.nets["generator_ema"], self.nets["generator"], decay)
        return {"d_loss": d_loss.detach(), "g_loss": g_loss.detach()}, torch.maximum(d_norm, g_norm)

    @torch.no_grad()
    def val_loss(self, x, labels, generator) -> torch.Tensor:
        """The critic's loss (without penalty) on held-out images against fresh samples, summed."""
        z = torch.randn(x.shape[0], self.config.latent_dim, generator=generator).to(x.device)
        G, D = self.nets["generator"], self.nets["discriminator"]
        return discriminator_loss(self.config.gan_loss, D(x, labels), D(G(z, labels), labels)) * x.shape[0]

    @torch.no_grad()
    def health(self, x, labels, samples) -> dict:
        """The mean distance from each sample to its nearest real image: it falls while the samples
        get more realistic, so its trend tells whether training is still improving."""
        nearest = torch.cdist(samples.flatten(1).float(), x.flatten(1).float()).min(dim=1).values
        return {"sample_distance": float(nearest.mean())}

    @torch.no_grad()
    def end_epoch(self, x_train, y_train) -> None:
        if "generator_ema" in self.nets:
            recalibrate_batch_norm(self.nets["generator_ema"], self.config, y_train, self.device)

    @torch.no_grad()
    def sample(self, noise, labels, uniforms=None) -> torch.Tensor:
        return (self.nets[sampling_network(self.nets)](noise, labels).float() + 1) / 2


@torch.no_grad()
def recalibrate_batch_norm(generator, config: TrainConfig, y_train, device, batches: int = 8) -> None:
    """Batch-norm statistics for averaged weights: the running means and variances were collected
    by the trained generator, not by its average, so they are re-estimated by forward passes of the
    average ("standing statistics", Brock et al., "Large Scale GAN Training", ICLR 2019, appendix C).
    The noise comes from its own seeded stream, so training's random stream is untouched."""
    norms = [m for m in generator.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    if not norms:
        return
    momenta = [m.momentum for m in norms]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # a plain average over the passes
    stream = torch.Generator().manual_seed(config.seed + 31337)
    was_training = generator.training
    generator.train(True)
    n_classes = config.n_classes if config.conditional else 0
    for _ in range(batches):
        z = torch.randn(config.batch_size, config.latent_dim, generator=stream).to(device)
        labels = None
        if n_classes:
            labels = y_train[torch.randint(len(y_train), (config.batch_size,), generator=stream)].to(device)
        generator(z, labels)
    generator.train(was_training)
    for m, momentum in zip(norms, momenta):
        m.momentum = momentum


class DiffusionStep(_Step):
    """The denoising U-Net (``diffusion_process``), its weight average and classifier-free guidance.

    Labels are dropped to the "no label" token at ``label_dropout`` so the one network also learns
    the unconditional prediction; samples come from the weight average with the configured sampler,
    steps and guidance scale. The samplers are deterministic: the fixed noise alone fixes the grid.
    """
    loss_names = ("loss",)
    compile_backend = "inductor"  # the CPU tests use "eager": the same code path without a compiler

    def __init__(self, config: TrainConfig, nets: dict, device, amp_dtype=None, scaler=None, wrap=None):
        # channels-last convolutions are faster on CUDA; on the CPU they gain little in training at the
        # default width, but sampling (no gradients) is clearly faster in them (benchmarks/diffusion_speed.py),
        # so the weight average, which draws the samples, is channels-last everywhere
        self.memory_format = torch.channels_last if device.type == "cuda" else torch.contiguous_format
        for name, net in nets.items():
            net.to(memory_format=SAMPLING_FORMAT if name == "unet_ema" else self.memory_format)
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
        x = x.contiguous(memory_format=SAMPLING_FORMAT)
        with self.autocast():
            return denoising_loss(self.nets["unet_ema"], x, labels, self.config.objective, generator).sum()

    @torch.no_grad()
    def sample(self, noise, labels, uniforms=None) -> torch.Tensor:
        c = self.config
        x = noise.reshape(len(noise), c.channels, c.image_size, c.image_size).contiguous(memory_format=SAMPLING_FORMAT)
        with self.autocast():
            images = sample(self.nets["unet_ema"], x, labels, c.objective, c.sampler_steps, c.guidance, c.solver)
        return (images.float() + 1) / 2


STEPS = {"vae": VAEStep, "gan": GANStep, "diffusion": DiffusionStep}


def make_step(config: TrainConfig, nets: dict, device, amp_dtype=None, scaler=None, wrap=None) -> _Step:
    cls = STEPS[config.model]
    return cls(config, nets, device, amp_dtype, scaler, wrap)
