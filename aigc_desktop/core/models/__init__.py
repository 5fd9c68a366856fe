"""The generative models as plain ``nn.Module``s (no training logic here).

``vae.py``: a convolutional (conditional) VAE. ``gan.py``: a (conditional) DCGAN and its losses.
``diffusion.py``: a denoising U-Net; ``diffusion_process.py``: its objectives, samplers and guidance.
This package's ``__init__`` imports no torch: the GUI reads these tables at start-up.
"""
from __future__ import annotations

# diffusion objective -> the samplers that fit it (the first is the default)
DIFFUSION_SOLVERS = {"flow": ("euler", "heun"), "ddpm": ("ddim",)}


def spatial_plan(image_size: int) -> tuple[int, int]:
    """(smallest feature map side, number of stride-2 stages) for a 28, 32 or 64 pixel image."""
    base = 7 if image_size % 7 == 0 else 4
    stages = {28: 2, 32: 3, 64: 4}.get(image_size)
    if stages is None or base * 2**stages != image_size:
        raise ValueError(f"image size must be 28, 32 or 64, not {image_size}")
    return base, stages
