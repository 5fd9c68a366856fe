"""The trainer's progress events: small dataclasses the CLI prints and the GUI plots (no torch)."""
from __future__ import annotations

import math
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


# the words of a RunFinished's message (and of run.json's), in one place: the GUI recognises each
# form to say it in the user's language (qt/run_text.py finish_text), the CLI prints it as it is
def completed_message(epochs_done: int, last: dict, loss_names, stopped_by: Optional[str] = None,
                      steps: int = 0) -> str:
    """"Trained 3 epochs; loss 0.1234" (the last epoch's losses), and why it stopped before its epochs
    were done: ``stopped_by`` "steps" (the step budget) or "time" (the time budget)."""
    losses = ", ".join(f"{k} {last[k]:.4g}" for k in loss_names if k in last)
    message = f"Trained {epochs_done} epochs" + (f"; {losses}" if losses else "")
    if stopped_by == "steps":
        message += f" (stopped at the step budget: {steps} optimizer steps)"
    elif stopped_by == "time":
        message += f" (stopped at the time budget after {steps} optimizer steps)"
    return message


def early_stop_message(epoch: int, patience: int, best_epoch: int) -> str:
    return (f"Early stopping after epoch {epoch}: the validation loss has not improved for {patience} epochs "
            f"(best: epoch {best_epoch}).")


def divergence_reason(bad_loss: bool, norm: float, limit: float) -> str:
    """Why a run diverged: its loss (or another process's, when neither is true here) or its gradient norm."""
    if bad_loss:
        return "the loss became NaN or infinite"
    if not math.isfinite(norm) or norm > limit:
        return f"the gradient norm exploded ({norm:.3g} > {limit:.3g})"
    return "another process's loss became NaN or infinite"


def diverged_message(epoch: int, step: int, why: str, kept_epoch: int) -> str:
    return (f"Training diverged in epoch {epoch} at step {step}: {why}. The run was stopped; the last good "
            f"checkpoint (epoch {kept_epoch}) is kept. Try a lower learning rate.")


def cancelled_message(epoch: int, step: int, steps: int) -> str:
    return f"Stopped in epoch {epoch} at step {step} of {steps}; resume continues there."


def cancelled_status(epoch: int, step: int) -> str:
    """What run.json says of a run stopped mid-epoch."""
    return f"stopped in epoch {epoch} at step {step}"
