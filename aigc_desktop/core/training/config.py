"""A training run's hyper-parameters as one plain dataclass (saved as the run's config.json)."""
from __future__ import annotations

import math
import typing
from dataclasses import asdict, dataclass, fields, replace
from typing import Optional

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.models import DIFFUSION_SOLVERS
from aigc_desktop.core.validation import (AnyValue, Bool, Int, Nullable, Num, Record, Spec, Str, check_int, check_number,
                                          check_seed, validate)

GAN_LOSSES = ("hinge", "wgan-gp", "bce")
IMAGE_SIZES = (28, 32, 64)
# upper bounds of the sizes a user types or a run file carries: beyond them a run would only
# exhaust memory or never end, so they are refused with the rest of the checks
MAX_EPOCHS = 1_000_000
MAX_STEPS = 1 << 40
MAX_LATENT = 4096
MAX_BATCH = 1 << 16
MAX_CLASSES = 100_000
MAX_SAMPLER_STEPS = 1000
MAX_GUIDANCE = 20.0
SIGNED_PIXEL_MODELS = ("gan", "diffusion")  # trained on pixels in [-1, 1]; the VAE's are in [0, 1]
SELF_CONDITIONED_MODELS = ("gan", "diffusion")  # the families that can be conditioned on clusters of the images


@dataclass
class TrainConfig:
    model: str = "vae"
    epochs: int = 10
    max_steps: Optional[int] = None  # stop after this many optimizer steps in all, even mid-epoch
    max_seconds: Optional[float] = None  # stop after this much training time (per session, pauses excluded)
    batch_size: int = 64
    lr: float = 2e-3
    latent_dim: int = 16
    beta: float = 1.0  # KL weight; 1 is the plain VAE, >1 the beta-VAE of Higgins et al. 2017
    image_size: int = 28
    channels: int = 1
    conditional: bool = False
    n_classes: int = 0
    gan_loss: str = "hinge"
    width: int = 16  # channels of the first conv block; later blocks double it
    d_width: int = 0  # GAN: the critic's ``width``; 0 is the same as the generator's
    decoder_width: int = 0  # VAE: channels of the decoder's last block; 0 is twice ``width``
    kl_warmup_steps: int = 0  # VAE: beta ramps up from 0 over this many steps
    free_bits: float = 0.0  # VAE: nats per latent dimension the KL term charges at least
    fitted_prior: bool = True  # VAE: sample from a Gaussian mixture fitted to the encodings
    d_lr: Optional[float] = None  # GAN: the critic's learning rate (None: ``lr``)
    spectral_norm: bool = False  # GAN: spectrally normalised critic
    self_condition: int = 0  # unconditional GAN or diffusion: condition on this many clusters of the images; 0: none
    gp_weight: float = 10.0  # WGAN-GP's lambda (Gulrajani et al. 2017)
    objective: str = "flow"  # diffusion: "flow" (rectified flow) or "ddpm" (cosine-schedule noise prediction)
    solver: str = "euler"  # diffusion: the sampler ("euler" or "heun" for flow, "ddim" for ddpm)
    sampler_steps: int = 10  # diffusion: denoising steps per sample
    guidance: float = 2.0  # diffusion: classifier-free guidance scale; 0 unconditional, 1 plain conditional
    label_dropout: float = 0.1  # diffusion: share of labels dropped in training (for guidance)
    ema_decay: float = 0.0  # GAN, diffusion: decay of the weight average that draws the samples; 0: none
    adam_beta1: float = 0.9
    adam_beta2: float = 0.999
    seed: int = 0
    device: str = "auto"
    amp: bool = True  # mixed precision, used on CUDA only
    compile: bool = False  # diffusion: torch.compile the training network (worth it on a GPU, for long runs)
    val_fraction: float = 0.1
    early_stopping_patience: Optional[int] = None
    weight_decay: float = 0.0
    num_threads: Optional[int] = None  # CPU threads; None leaves torch's default (all cores)
    max_grad_norm: float = 1e4  # a gradient norm above this (or not finite) counts as divergence
    keep_epoch_checkpoints: bool = True
    n_samples: int = 64  # the fixed-noise grid
    event_interval_s: float = 0.25  # BatchEnd events at most this often

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict, where: str = "the run's config", path: str = "") -> "TrainConfig":
        """The config saved in a run file (at ``path`` in it), each field checked against its type (a
        hand-edited file gets one clear message, not a crash later); unknown keys (a newer
        version's) are ignored."""
        validate(data, config_schema(), where, path)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def validate(self) -> "TrainConfig":
        if self.model not in MODELS:
            raise UserError(f"unknown model {self.model!r} (choose from {', '.join(MODELS)})")
        if self.gan_loss not in GAN_LOSSES:
            raise UserError(f"unknown GAN loss {self.gan_loss!r} (choose from {', '.join(GAN_LOSSES)})")
        if self.image_size not in IMAGE_SIZES:
            raise UserError(f"image size must be one of {IMAGE_SIZES}, not {self.image_size}")
        if self.channels not in (1, 3):
            raise UserError(f"channels must be 1 or 3, not {self.channels}")
        check_int(self.epochs, "the number of epochs", 1, MAX_EPOCHS)
        check_int(self.batch_size, "the batch size", 1, MAX_BATCH)
        check_int(self.latent_dim, "the latent size", 1, MAX_LATENT)
        check_int(self.n_classes, "the number of classes", 0, MAX_CLASSES)
        if self.max_steps is not None:
            check_int(self.max_steps, "the step budget (max_steps)", 1, MAX_STEPS)
        if self.max_seconds is not None:
            check_number(self.max_seconds, "the time budget (seconds)", 0.0, min_open=True)
        if not 0.0 <= self.val_fraction < 1.0:
            raise UserError("the validation fraction must be in [0, 1)")
        check_number(self.lr, "the learning rate", 0.0)  # 0 freezes the weights (tests use it)
        check_number(self.beta, "beta (the KL weight)", 0.0)
        check_number(self.weight_decay, "the weight decay", 0.0)
        check_number(self.gp_weight, "the gradient penalty weight", 0.0)
        check_number(self.adam_beta1, "Adam's beta1", 0.0, 1.0)
        check_number(self.adam_beta2, "Adam's beta2", 0.0, 1.0)
        check_number(self.max_grad_norm, "the gradient norm limit", 0.0, min_open=True)
        check_seed(self.seed, "the seed")
        check_int(self.n_samples, "the number of fixed-noise samples", 1, 1024)
        check_int(self.width, "the network width", 1, 4096)
        check_int(self.self_condition, "the number of self-conditioning clusters", 0, MAX_CLASSES)
        if self.model == "diffusion":
            self._validate_diffusion()
        if self.conditional and self.n_classes < 2:
            raise UserError("a conditional model needs labelled data with at least 2 classes")
        return self

    def _validate_diffusion(self) -> None:
        solvers = DIFFUSION_SOLVERS.get(self.objective)
        if solvers is None:
            raise UserError(f"unknown diffusion objective {self.objective!r} "
                            f"(choose from {', '.join(DIFFUSION_SOLVERS)})")
        if self.solver not in solvers:
            raise UserError(f"the {self.objective!r} objective samples with {' or '.join(solvers)}, "
                            f"not {self.solver!r}")
        if not 1 <= self.sampler_steps <= MAX_SAMPLER_STEPS:
            raise UserError(f"the number of sampler steps must be between 1 and {MAX_SAMPLER_STEPS}")
        if not (math.isfinite(self.guidance) and 0 <= self.guidance <= MAX_GUIDANCE):
            raise UserError(f"the guidance scale must be between 0 and {MAX_GUIDANCE:g}")
        if not 0 <= self.label_dropout < 1:
            raise UserError("the label dropout must be in [0, 1)")
        if not 0 <= self.ema_decay < 1:
            raise UserError("the weight average's decay must be in [0, 1)")


_TYPE_SPECS = {int: Int(), float: Num(), bool: Bool(), str: Str()}


def _spec_of(hint) -> Spec:
    if typing.get_origin(hint) is typing.Union:  # Optional[X]
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return Nullable(_spec_of(inner[0]))
    return _TYPE_SPECS.get(hint, AnyValue())


def config_schema() -> Record:
    """Every field of TrainConfig with the JSON type its annotation asks for; all optional (an older
    run's config lacks the newer fields, which then take their defaults)."""
    hints = typing.get_type_hints(TrainConfig)
    return Record({}, {f.name: _spec_of(hints[f.name]) for f in fields(TrainConfig)})


@dataclass(frozen=True)
class ModelFamily:
    """A model family's tested defaults and its training budgets.

    ``preset_steps``: optimizer steps of each budget preset. ``seconds_per_step``: CPU seconds per
    step on one core of the reference machine (the 2-core machine the benchmarks run on), for 28x28
    grey images at the default batch size, measured by ``benchmarks/quality.py``; estimates scale it
    by image size and batch size.
    """

    defaults: dict
    preset_steps: dict
    seconds_per_step: float


FAMILIES = {
    # tuned on MNIST in benchmarks/quality.py; the loss stays in nats per image
    "vae": ModelFamily(
        dict(batch_size=64, lr=2e-3, latent_dim=16, beta=1.0, width=16, decoder_width=16, kl_warmup_steps=500),
        {"quick": 1200, "balanced": 3000, "best": 10000}, 0.043),
    # spectral norm, TTUR (the critic at 4x the generator's rate), a weight average of the generator,
    # self-conditioning on 20 clusters; high rates with Adam(0, 0.9): on a CPU budget of a few
    # thousand steps, the samples improve fastest this way (benchmarks/quality.py)
    "gan": ModelFamily(
        dict(batch_size=64, lr=1e-3, d_lr=4e-3, latent_dim=64, width=16, d_width=32, adam_beta1=0.0,
             adam_beta2=0.9, spectral_norm=True, ema_decay=0.999, self_condition=20),
        {"quick": 400, "balanced": 2000, "best": 6000}, 0.122),
    # rectified flow beat cosine-schedule noise prediction at equal CPU time, and 10 Euler steps sampled as
    # well as 20 (benchmarks/diffusion_objective.py); a step costs about 0.7 CPU s with the trainer's grids
    # and validation (270 steps in 180 s, 600 in 442 s: benchmarks/quality.py, diffusion_objective.py).
    # Quick is two minutes, not one: after 90 steps the samples were still blobs (12.7% recognisable,
    # conditional, guidance 2), after 180 rough digits (65.3%, label consistency 75.7%).
    # Unconditional, it is self-guided (Hu et al. 2023) on clusters of the images, as the GAN is
    # self-conditioned: at 270 steps 81.7% recognisable against 23.9% without (benchmarks/quality.py).
    # A guided sample comes out as one digit per cluster, so coarse clusters skew the class balance:
    # after 1,800 steps the class entropy was 0.990 with 20 clusters, 0.996 with 50 and 0.999 with
    # 100, at 92.5%, 92.1% and 90.3% recognisable (benchmarks/self_guidance.py)
    "diffusion": ModelFamily(
        dict(batch_size=64, lr=2e-3, width=16, objective="flow", solver="euler", sampler_steps=10,
             guidance=2.0, label_dropout=0.1, ema_decay=0.999, self_condition=100),
        {"quick": 180, "balanced": 400, "best": 1200}, 0.7),
}
MODELS = tuple(FAMILIES)
PRESETS = ("quick", "balanced", "best")
DEFAULT_PRESET = "balanced"


def cluster_count(config: TrainConfig) -> int:
    """Clusters an unconditional GAN or diffusion model is self-conditioned on (0: none)."""
    return int(config.self_condition) if config.model in SELF_CONDITIONED_MODELS and not config.conditional else 0


MIN_CLUSTER_IMAGES = 20  # self-conditioning: no fewer training images per cluster, on average


def clusters_to_fit(config: TrainConfig, n_train: int) -> int:
    """How many of the ``cluster_count`` clusters k-means fills on ``n_train`` training images: at
    most one per ``MIN_CLUSTER_IMAGES``, so no cluster is a handful of images a guided sample would
    copy. The rest stay empty, and a sample never draws an empty cluster."""
    return min(cluster_count(config), max(1, n_train // MIN_CLUSTER_IMAGES)) if cluster_count(config) else 0


def guided(config: TrainConfig) -> bool:
    """Whether a run's samples follow a guidance scale: a diffusion model conditioned on labels, or on
    clusters of the images (self-guidance)."""
    return config.model == "diffusion" and (config.conditional or cluster_count(config) > 0)


def noise_size(config: TrainConfig) -> int:
    """Numbers per sample of a model's input noise: the latent size, or every pixel for diffusion."""
    if config.model == "diffusion":
        return config.channels * config.image_size * config.image_size
    return config.latent_dim


def default_config(model: str, **overrides) -> TrainConfig:
    """The family's defaults; :func:`with_budget` then sets the training length for the data."""
    if model not in FAMILIES:
        raise UserError(f"unknown model {model!r} (choose from {', '.join(MODELS)})")
    config = TrainConfig(model=model, **FAMILIES[model].defaults)
    if "objective" in overrides and "solver" not in overrides and overrides["objective"] in DIFFUSION_SOLVERS:
        overrides = {**overrides, "solver": DIFFUSION_SOLVERS[overrides["objective"]][0]}  # the objective's sampler
    if overrides.get("gan_loss") == "wgan-gp" and "adam_beta1" not in overrides:
        overrides = {**overrides, "adam_beta1": 0.0, "adam_beta2": 0.9}  # the WGAN-GP paper's
    return replace(config, **overrides)


def preset_steps(model: str, preset: str) -> int:
    if preset not in PRESETS:
        raise UserError(f"unknown preset {preset!r} (choose from {', '.join(PRESETS)})")
    return int(FAMILIES[model].preset_steps[preset])


def train_count(n_images: int, val_fraction: float) -> int:
    """Images left for training after the validation split (the trainer's ``split_indices``)."""
    n_val = int(n_images * val_fraction)
    return n_images if n_images - n_val < 1 else n_images - n_val


def steps_per_epoch(n_train: int, config: TrainConfig) -> int:
    """Optimizer steps in one epoch over ``n_train`` training images (after the validation split)."""
    batch = max(1, min(config.batch_size, n_train))
    # GAN batch norm wants full batches; a VAE uses every image
    return max(1, n_train // batch if config.model == "gan" else -(-n_train // batch))


def with_budget(config: TrainConfig, n_images: int, epochs: Optional[int] = None, steps: Optional[int] = None,
                minutes: Optional[float] = None, preset: Optional[str] = None) -> TrainConfig:
    """``config`` with its training length set from one of: whole epochs, optimizer steps, minutes of
    training time, or a preset (the default, when none is given). Steps and presets end mid-epoch if
    need be; minutes end at the first step past the time."""
    given = [name for name, value in (("epochs", epochs), ("steps", steps), ("minutes", minutes),
                                      ("preset", preset)) if value is not None]
    if len(given) > 1:
        raise UserError(f"give one training length, not {' and '.join(given)}")
    per_epoch = steps_per_epoch(train_count(max(n_images, 1), config.val_fraction), config)
    if epochs is not None:
        return replace(config, epochs=int(epochs), max_steps=None, max_seconds=None)
    if minutes is not None:
        # the clock ends it; the epoch count is only a ceiling, at least three times the estimate
        estimate = minutes * 60 / max(estimate_seconds(config, 1), 1e-9)
        return replace(config, epochs=max(1, math.ceil(3 * estimate / per_epoch)), max_steps=None,
                       max_seconds=float(minutes) * 60)
    if steps is None:
        steps = preset_steps(config.model, preset or DEFAULT_PRESET)
    return replace(config, epochs=max(1, math.ceil(steps / per_epoch)), max_steps=int(steps), max_seconds=None)


def estimate_seconds(config: TrainConfig, steps: int, seconds_per_step: Optional[float] = None) -> float:
    """Training time of ``steps`` steps on one core of the reference machine (or at ``seconds_per_step``
    measured for this config), scaled by image size and batch size."""
    if seconds_per_step is None:
        family = FAMILIES[config.model]
        scale = (config.image_size / 28) ** 2 * (1 + (config.channels - 1) * 0.1)
        scale *= config.batch_size / family.defaults["batch_size"]
        scale *= (config.width / family.defaults["width"]) ** 2
        seconds_per_step = family.seconds_per_step * scale
    return steps * seconds_per_step
