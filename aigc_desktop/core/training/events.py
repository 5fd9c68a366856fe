"""The trainer's progress events: small dataclasses the CLI prints and the GUI plots (no torch)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from aigc_desktop.core.jobs import JobWarning


@dataclass(frozen=True)
class BatchEnd:
    epoch: int  # 1-based
    step: int  # 1-based within the epoch
    total_steps: int  # steps per epoch
    losses: dict  # name -> mean over the batches since the last BatchEnd
    images_per_s: float


@dataclass(frozen=True)
class EpochEnd:
    epoch: int
    epochs: int
    losses: dict  # name -> mean over the epoch
    val_loss: Optional[float]
    images_per_s: float
    eta_s: float
    memory_mb: Optional[float]
    elapsed_s: float  # training time so far, pauses excluded


@dataclass(frozen=True)
class SampleGrid:
    epoch: int
    images: np.ndarray  # uint8 (N, H, W, C) from the same fixed noise every epoch


@dataclass(frozen=True)
class TrainingWarning(JobWarning):
    """A warning of the trainer: a health check's finding (see ``diagnostics.py``) or unlabelled
    images left out of conditional training."""

    kind: str = ""  # "posterior_collapse" | "mode_collapse" | "still_improving" | "" (anything else)


@dataclass(frozen=True)
class RunFinished:
    run_dir: str
    reason: str  # "completed" | "cancelled" | "diverged" | "early_stopped"
    message: str
    epochs_done: int
