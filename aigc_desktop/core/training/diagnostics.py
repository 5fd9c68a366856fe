"""A run's health, named: posterior collapse, mode collapse, and a run that ended still improving;
and the other warnings of a run (unlabelled images left out, files changed since the import).

The GUI recognises each wording and says it in the user's language (``qt/warning_text.py``): change
a message here and ``tests/qt/test_warning_text.py`` says which one it no longer recognises.

Each check reads the metrics the trainer records per epoch (``history.json``) and returns a
message a person can act on, or None. The trainer yields them as ``TrainingWarning`` events, so
they reach the monitor, the log and the CLI's stderr the same way, and keeps them in ``run.json``.
"""
from __future__ import annotations

from typing import Optional

# posterior collapse: a dimension whose mean KL is below this carries no information about the image
ACTIVE_DIMENSION_NATS = 0.02
# ... and a code that carries less than this in all carries none (a digit needs several nats)
COLLAPSED_CODE_NATS = 0.5
# reconstructions less varied than this share of their inputs do not depend on the input
RECONSTRUCTION_DEPENDENCE = 0.25
# samples less varied than this share of the training images (per class, when conditional) have collapsed
MODE_COLLAPSE_RATIO = 0.5
# ... unless the training images hardly vary themselves (root-mean-square pixel difference of two of
# them, pixels in [0, 1]): then one image drawn over and over is what the data are
MIN_DATA_SPREAD = 0.02
# before this many steps (and before the KL warm-up ends) a model is still finding its feet: an
# untrained decoder or generator draws near-average images, which is no collapse yet
MIN_STEPS = 300
# a run still improving: its progress metric fell by more than this share over the last third of
# the run (calibrated in benchmarks/quality.py: the Quick preset trips it, Balanced does not)
STILL_IMPROVING_FRACTION = 0.02

# the per-epoch metric that tells whether a model family is still getting better (lower is better)
PROGRESS_METRIC = {"vae": "val_loss", "gan": "sample_distance"}


def posterior_collapse(entry: dict, global_step: int, warmup_steps: int = 0) -> Optional[str]:
    """A VAE whose code carries nothing: KL per latent dimension near 0, or reconstructions that do
    not depend on the input."""
    if global_step < max(MIN_STEPS, warmup_steps):
        return None
    kl = entry.get("kl_per_dimension")
    spread = entry.get("reconstruction_diversity")
    if not kl and spread is None:
        return None
    total = sum(kl or [])
    active = sum(1 for value in kl or [] if value >= ACTIVE_DIMENSION_NATS)
    empty_code = bool(kl) and total < COLLAPSED_CODE_NATS
    blind = spread is not None and spread < RECONSTRUCTION_DEPENDENCE
    if not (empty_code or blind):
        return None
    what = []
    if kl:
        what.append(f"the code carries {total:.2f} nats ({active} of {len(kl)} latent dimensions active, "
                    f"KL per dimension {total / len(kl):.3f} nats)")
    if spread is not None:
        what.append(f"reconstructions are {spread:.0%} as varied as their inputs")
    return (f"Posterior collapse in epoch {entry.get('epoch')}: {'; '.join(what)}. The decoder draws the same "
            f"average image whatever the input. Lower β (KL weight), keep the KL warm-up or free bits on, "
            f"or train longer.")


def mode_collapse(entry: dict, global_step: int, conditional: bool) -> Optional[str]:
    """A GAN whose samples are much less varied than the data (within each class, when conditional)."""
    if global_step < MIN_STEPS or entry.get("data_spread", 1.0) < MIN_DATA_SPREAD:
        return None
    ratio = entry.get("class_sample_diversity") if conditional else None
    scope = "within each class " if ratio is not None else ""
    if ratio is None:
        ratio = entry.get("sample_diversity")
    if ratio is None or ratio >= MODE_COLLAPSE_RATIO:
        return None
    return (f"Mode collapse in epoch {entry.get('epoch')}: the samples {scope}are only {ratio:.0%} as varied as "
            f"the training images, so the generator draws a few shapes over and over. Try a lower learning "
            f"rate, the WGAN-GP loss, or more data.")


def still_improving(history: list, model: str) -> Optional[str]:
    """The run ended while its progress metric was still falling: more steps would likely help."""
    key = PROGRESS_METRIC.get(model)
    points = [(h.get("step", i + 1), h[key]) for i, h in enumerate(history) if h.get(key) is not None]
    if key is None or len(points) < 3:
        return None
    last_step, last = points[-1]
    first_step = points[0][0]
    # the measurement nearest to two thirds of the way through
    mark = first_step + (last_step - first_step) * 2 / 3
    _, earlier = min(points[:-1], key=lambda p: abs(p[0] - mark))
    gain = (earlier - last) / max(abs(last), 1e-12)
    if gain <= STILL_IMPROVING_FRACTION:
        return None
    what = "validation loss" if key == "val_loss" else "distance of the samples to real images"
    return (f"Still improving: the {what} fell by {gain:.1%} over the last third of the run. "
            f"Train longer (a bigger step budget, or the next preset) for better samples.")


def unlabelled_left_out(n: int) -> str:
    """Conditional training reads labelled images only."""
    return f"{n} unlabelled images left out of conditional training"


def files_changed(shown_paths: list) -> str:
    """Files that changed or disappeared since the import (their display paths; the first five are named)."""
    shown = ", ".join(shown_paths[:5]) + (" …" if len(shown_paths) > 5 else "")
    return (f"{len(shown_paths)} files changed or disappeared since the dataset was imported ({shown}); training "
            "reads them as they are now (a missing file is left out). Import the dataset again to scan them.")
