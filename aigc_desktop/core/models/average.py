"""An exponential moving average of a network's weights, which draws the samples of the GAN and the
diffusion model: it is much less noisy than the last iterate (Yazici et al., "The Unusual
Effectiveness of Averaging in GAN Training", ICLR 2019; Ho et al. 2020 and Nichol & Dhariwal 2021
sample diffusion models from one)."""
from __future__ import annotations

import torch
from torch import nn


def average_decay(decay: float, updates: int) -> float:
    """The average's decay after ``updates`` updates: min(decay, (1 + n) / (10 + n)), so a short
    run's average is not dominated by its random initialisation (TensorFlow's ExponentialMovingAverage
    with ``num_updates``)."""
    return min(decay, (1 + updates) / (10 + updates))


@torch.no_grad()
def update_average(average: nn.Module, model: nn.Module, decay: float) -> None:
    """average <- decay * average + (1 - decay) * model for parameters; buffers (batch-norm
    statistics) are copied."""
    torch._foreach_lerp_(list(average.parameters()), [p.detach() for p in model.parameters()], 1.0 - decay)
    for a, b in zip(average.buffers(), model.buffers()):
        a.copy_(b)
