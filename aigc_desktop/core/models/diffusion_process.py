"""The two training objectives of the denoising U-Net, their samplers and classifier-free guidance.

- ``"flow"``: rectified flow / flow matching (Liu, Gong & Liu, ICLR 2023; Lipman et al., ICLR 2023).
  x_t = (1 - t) x_0 + t eps on a straight line from the data (t = 0) to noise (t = 1); the network
  predicts the velocity eps - x_0, and sampling integrates dx/dt = v from t = 1 to 0 (Euler or Heun).
- ``"ddpm"``: noise prediction with the cosine schedule of Nichol & Dhariwal (ICML 2021),
  alpha_bar(t) = cos^2(pi/2 (t + s)/(1 + s)) / cos^2(pi/2 s / (1 + s)) in continuous time; sampling is
  deterministic DDIM (Song, Meng & Ermon, ICLR 2021), eta = 0.

Both share the network: times are continuous in [0, 1]. Classifier-free guidance (Ho & Salimans 2022)
trains with labels dropped to the "no label" token and samples with
pred = pred_uncond + scale * (pred_cond - pred_uncond): scale 0 is unconditional sampling, 1 the plain
conditional model, above 1 trades diversity for fidelity to the label.

Sampling is a generator of ``SamplerStep``s, so a caller can show progress, keep a trajectory or stop.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator, Optional

import torch
import torch.nn.functional as F
from torch import nn

from aigc_desktop.core.models import DIFFUSION_SOLVERS as SOLVERS

OBJECTIVES = tuple(SOLVERS)
COSINE_S = 0.008
MIN_ALPHA_BAR = 1e-4  # alpha_bar(1) = 0 exactly; DDIM divides by sqrt(alpha_bar), so t = 1 is clipped here
# the memory layout of sampling: without gradients, channels-last convolutions are faster on the CPU
# as on CUDA (benchmarks/diffusion_speed.py); a sampling network is put in it by ``for_sampling``
SAMPLING_FORMAT = torch.channels_last


def cosine_alpha_bar(t: torch.Tensor) -> torch.Tensor:
    """Nichol & Dhariwal 2021, eq. 17, for t in [0, 1]: 1 at t = 0, MIN_ALPHA_BAR at t = 1."""
    def f(s: torch.Tensor) -> torch.Tensor:
        return torch.cos((s + COSINE_S) / (1 + COSINE_S) * math.pi / 2) ** 2

    t = t.float()
    return (f(t) / f(torch.zeros((), device=t.device))).clamp(MIN_ALPHA_BAR, 1.0)


def _expand(v: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    return v.reshape(-1, *([1] * (like.dim() - 1))).to(like.dtype)


def noisy_input(objective: str, x0: torch.Tensor, noise: torch.Tensor, t: torch.Tensor):
    """(x_t, the network's regression target) for clean images ``x0`` at times ``t``."""
    if objective == "flow":
        tt = _expand(t, x0)
        return (1 - tt) * x0 + tt * noise, noise - x0
    if objective == "ddpm":
        ab = _expand(cosine_alpha_bar(t), x0)
        return ab.sqrt() * x0 + (1 - ab).sqrt() * noise, noise
    raise ValueError(f"unknown objective {objective!r} (choose from {', '.join(OBJECTIVES)})")


def drop_labels(labels: Optional[torch.Tensor], null_label: int, p: float) -> Optional[torch.Tensor]:
    """Replace a fraction ``p`` of the labels with the "no label" token ``null_label`` (the model's
    ``n_classes``), so one network also learns the unconditional prediction (classifier-free guidance)."""
    if labels is None or p <= 0:
        return labels
    drop = torch.rand(labels.shape, device=labels.device) < p
    return torch.where(drop, torch.full_like(labels, null_label), labels)


def denoising_loss(model: nn.Module, x0: torch.Tensor, labels, objective: str, generator=None) -> torch.Tensor:
    """Per-image mean squared error of the prediction at a uniform random time, (B,).

    The times and noise come from ``generator`` (a CPU ``torch.Generator``) when given, else from the
    global RNG; validation passes a fixed generator so epochs compare.
    """
    b = x0.shape[0]
    if generator is None:
        t = torch.rand(b, device=x0.device)
        noise = torch.randn_like(x0)
    else:
        t = torch.rand(b, generator=generator).to(x0.device)
        noise = torch.randn(x0.shape, generator=generator).to(x0.device, x0.dtype)
    xt, target = noisy_input(objective, x0, noise, t)
    pred = model(xt, t, labels)
    return F.mse_loss(pred.float(), target.float(), reduction="none").flatten(1).mean(1)


def guided_prediction(model: nn.Module, x: torch.Tensor, t: torch.Tensor, labels, scale: float) -> torch.Tensor:
    """The classifier-free guided prediction; one forward pass when the scale needs only one branch."""
    if labels is None or getattr(model, "n_classes", 0) == 0 or scale == 0:
        return model(x, t, None)
    if scale == 1:
        return model(x, t, labels)
    both = model(torch.cat([x, x]), torch.cat([t, t]), torch.cat([labels, model.null_labels(len(x), x.device)]))
    cond, uncond = both.chunk(2)
    return uncond + scale * (cond - uncond)


def for_sampling(model: nn.Module) -> nn.Module:
    """``model`` with its weights in the sampling layout (in place), in eval mode."""
    return model.to(memory_format=SAMPLING_FORMAT).eval()


@dataclass
class SamplerStep:
    """After ``step`` of ``steps``: the current noisy images and the prediction of the clean ones, in [-1, 1]."""
    step: int
    steps: int
    x: torch.Tensor
    x0: torch.Tensor


def time_grid(steps: int, device="cpu") -> torch.Tensor:
    """steps + 1 times from 1 (noise) to 0 (data), evenly spaced."""
    return torch.linspace(1.0, 0.0, steps + 1, device=device)


@torch.no_grad()
def sample_steps(model: nn.Module, noise: torch.Tensor, labels=None, objective: str = "flow", steps: int = 20,
                 guidance: float = 1.0, solver: Optional[str] = None) -> Iterator[SamplerStep]:
    """Integrate from ``noise`` (t = 1) to images (t = 0) in ``steps`` steps, yielding after each.

    Deterministic: the same noise, labels and settings give the same images (fixed noise is the only seed).
    A self-conditioned model asked for no labels draws each sample's cluster from its noise and is
    guided towards it (self-guidance, Hu et al. 2023); at scale 0 it samples unconditionally.
    """
    if steps < 1:
        raise ValueError("the sampler needs at least one step")
    solver = solver or SOLVERS[objective][0]
    if solver not in SOLVERS.get(objective, ()):
        raise ValueError(f"solver {solver!r} does not fit the {objective!r} objective")
    if labels is None and getattr(model, "self_conditioned", False):
        labels = model.clusters_of(noise)
    grid = time_grid(steps, noise.device)
    x = noise.contiguous(memory_format=SAMPLING_FORMAT) if noise.dim() == 4 else noise
    for i in range(steps):
        t, t_next = grid[i], grid[i + 1]
        tb = t.expand(len(x))
        pred = guided_prediction(model, x, tb, labels, guidance).to(x.dtype)
        if objective == "flow":
            x0 = x - _expand(tb, x) * pred  # x_t = x_0 + t v on the straight path
            x_next = x + (t_next - t) * pred
            if solver == "heun" and t_next > 0:  # the trapezoid rule with a second evaluation at t_next
                pred_next = guided_prediction(model, x_next, t_next.expand(len(x)), labels, guidance).to(x.dtype)
                x_next = x + (t_next - t) * 0.5 * (pred + pred_next)
        else:
            ab, ab_next = cosine_alpha_bar(t), cosine_alpha_bar(t_next) if t_next > 0 else torch.ones(())
            x0 = ((x - (1 - ab).sqrt() * pred) / ab.sqrt()).clamp(-1, 1)
            eps = (x - ab.sqrt() * x0) / (1 - ab).sqrt()  # consistent with the clipped x0 (DDIM, eq. 12)
            x_next = ab_next.sqrt().to(x.dtype) * x0 + (1 - ab_next).sqrt().to(x.dtype) * eps
        x = x_next
        yield SamplerStep(i + 1, steps, x, x0)


def sampler_description(objective: str, solver: str, steps: int, guidance: float, clusters: int = 0) -> str:
    """How to turn the exported one-step network into images, in words and formulas (the model card's);
    ``clusters``: the number of image clusters a self-conditioned model's labels are."""
    start = ("Start from x ~ N(0, I) of the image's shape (C, H, W) at t = 1; take the times "
             f"t_i = 1 - i/{steps}, i = 0..{steps}, and at each step evaluate the network at (x, t_i, label) ")
    guide = (f"with guidance scale {guidance:g} (pred = pred(no label) + {guidance:g} * (pred(label) - pred(no "
             f"label)); the \"no label\" index is the number of classes; scale 0 is unconditional)")
    if objective == "flow":
        rule = ("x <- x + (t_{i+1} - t_i) * v" if solver == "euler" else
                "v' = network at (x + (t_{i+1} - t_i) v, t_{i+1}); x <- x + (t_{i+1} - t_i) * (v + v') / 2 "
                "(Heun; the last step is a plain Euler step)")
        what = f"rectified flow: the network predicts the velocity v = noise - image; {solver} steps: {rule}"
    else:
        what = ("cosine-schedule noise prediction: the network predicts the noise eps; deterministic DDIM steps: "
                "a_t = cos^2(pi/2 (t + 0.008)/1.008) / cos^2(pi/2 0.008/1.008) (at least 1e-4), "
                "x0 = clip((x - sqrt(1 - a_t) eps) / sqrt(a_t), -1, 1), eps' = (x - sqrt(a_t) x0) / sqrt(1 - a_t), "
                "x <- sqrt(a_next) x0 + sqrt(1 - a_next) eps' (a_next = 1 at t = 0)")
    own = (f" The labels are not classes but {clusters} k-means clusters of the training images (self-guided "
           "diffusion, Hu et al. 2023): a sample's label is how many of the clusters' cumulative shares "
           "(cluster_cdf, its last entry left out) lie below Phi(n), n the first number of its initial noise x "
           "and Phi the standard normal CDF, so each cluster is drawn in proportion to its size."
           if clusters else "")
    return f"{start}{guide}. {what}. The result, clipped to [-1, 1], maps to pixels as (x + 1) / 2.{own}"


def sample(model: nn.Module, noise: torch.Tensor, labels=None, objective: str = "flow", steps: int = 20,
           guidance: float = 1.0, solver: Optional[str] = None) -> torch.Tensor:
    """Images in [-1, 1] from ``noise``: ``sample_steps`` run to the end."""
    x = noise
    for state in sample_steps(model, noise, labels, objective, steps, guidance, solver):
        x = state.x
    return x.clamp(-1, 1)

