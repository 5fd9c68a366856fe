"""The exponential moving average of a network's weights, which the GAN's generator and the
diffusion network sample from."""
from __future__ import annotations

import torch
from torch import nn


def update_average(average: nn.Module, model: nn.Module, decay: float) -> None:
    """average <- decay * average + (1 - decay) * model, for parameters; buffers (batch-norm
    statistics) are copied.

    The average gives better samples than the last iterate: for GANs, Yazici et al., "The Unusual
    Effectiveness of Averaging in GAN Training", ICLR 2019; diffusion models sample from it too
    (Ho et al. 2020, Nichol & Dhariwal 2021).
    """
    with torch.no_grad():
        torch._foreach_lerp_(list(average.parameters()), [p.detach() for p in model.parameters()], 1.0 - decay)
        for a, b in zip(average.buffers(), model.buffers()):
            a.copy_(b)
