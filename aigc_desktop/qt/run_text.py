"""A run's status and the names of its per-epoch numbers in the user's language (the core and the
run files keep the machine names)."""
from __future__ import annotations

import re
from typing import Optional

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

from aigc_desktop.qt.i18n import fill, translate_matching

_STATUS = {
    "completed": QT_TRANSLATE_NOOP("RunStatus", "completed"),
    "cancelled": QT_TRANSLATE_NOOP("RunStatus", "stopped"),
    "diverged": QT_TRANSLATE_NOOP("RunStatus", "diverged"),
    "early_stopped": QT_TRANSLATE_NOOP("RunStatus", "stopped early"),
    "running": QT_TRANSLATE_NOOP("RunStatus", "interrupted"),
}


def run_status(status: str) -> str:
    """``completed`` -> "completed" (translated); an unknown status is shown as it is."""
    text = _STATUS.get(status)
    return QCoreApplication.translate("RunStatus", text) if text else status.replace("_", " ")


_HISTORY = {
    "loss": QT_TRANSLATE_NOOP("RunText", "loss"),
    "recon": QT_TRANSLATE_NOOP("RunText", "reconstruction loss"),
    "kl": QT_TRANSLATE_NOOP("RunText", "KL divergence"),
    "val_loss": QT_TRANSLATE_NOOP("RunText", "validation loss"),
    "d_loss": QT_TRANSLATE_NOOP("RunText", "discriminator loss"),
    "g_loss": QT_TRANSLATE_NOOP("RunText", "generator loss"),
    "images_per_s": QT_TRANSLATE_NOOP("RunText", "images/s"),
    "sample_diversity": QT_TRANSLATE_NOOP("RunText", "sample diversity"),
    "sample_distance": QT_TRANSLATE_NOOP("RunText", "sample distance"),
    "class_sample_diversity": QT_TRANSLATE_NOOP("RunText", "class sample diversity"),
    "reconstruction_diversity": QT_TRANSLATE_NOOP("RunText", "reconstruction diversity"),
}


def history_name(key: str) -> str:
    """A per-epoch number of a run's history (``val_loss`` -> "validation loss"), in the user's
    language; an unknown key is shown with spaces for its underscores."""
    text = _HISTORY.get(key)
    return QCoreApplication.translate("RunText", text) if text else key.replace("_", " ")


# the settings of a run that take one of a few words (TrainConfig's str fields), named once for
# every place that shows them: the Training form's choices, the tables of runs, the training log.
# Names that read the same in every language (VAE, CPU, Euler) are not marked for translation.
_OPTIONS = {
    "model": {"vae": "VAE", "gan": "GAN", "diffusion": QT_TRANSLATE_NOOP("RunText", "Diffusion")},
    "gan_loss": {"hinge": QT_TRANSLATE_NOOP("RunText", "Hinge"), "wgan-gp": "WGAN-GP",
                 "bce": QT_TRANSLATE_NOOP("RunText", "Binary cross-entropy")},
    "objective": {"flow": QT_TRANSLATE_NOOP("RunText", "Rectified flow"),
                  "ddpm": QT_TRANSLATE_NOOP("RunText", "Noise prediction, cosine schedule")},
    "solver": {"euler": QT_TRANSLATE_NOOP("RunText", "Euler"), "heun": "Heun", "ddim": "DDIM"},
    "device": {"auto": QT_TRANSLATE_NOOP("RunText", "Auto (CUDA when present)"), "cpu": "CPU",
               "cuda": QT_TRANSLATE_NOOP("RunText", "CUDA GPU")},
}


def option_name(field: str, value: str) -> str:
    """A setting's value (``objective`` ``flow`` -> "Rectified flow") in the user's language; a value
    this version does not name (a newer version's, a device such as ``cuda:1``) is shown as it is."""
    text = _OPTIONS.get(field, {}).get(value)
    return QCoreApplication.translate("RunText", text) if text else str(value)


def model_name(model: str) -> str:
    """A run's model family (``diffusion`` -> "Diffusion"), as every panel names it."""
    return option_name("model", model)


# how a run ended, as the trainer words it (core/training/events.py: completed_message and the rest)
_TRAINED = re.compile(r"Trained (\d+) epochs(?:; (.*?))?"
                      r"(?: \(stopped at the step budget: (\d+) optimizer steps\)"
                      r"| \(stopped at the time budget after (\d+) optimizer steps\))?")
_LOSS = re.compile(r"(\w+) (\S+)")
_DIVERGED = re.compile(r"Training diverged in epoch (\d+) at step (\d+): (.+)\. The run was stopped; the last good "
                       r"checkpoint \(epoch (\d+)\) is kept\. Try a lower learning rate\.")
_WHY = (
    (re.compile(r"the loss became NaN or infinite"), QT_TRANSLATE_NOOP("RunText", "the loss became NaN or infinite")),
    (re.compile(r"the gradient norm exploded \((\S+) > (\S+)\)"),
     QT_TRANSLATE_NOOP("RunText", "the gradient norm exploded (%1 > %2)")),
    (re.compile(r"another process's loss became NaN or infinite"),
     QT_TRANSLATE_NOOP("RunText", "another process's loss became NaN or infinite")),
)
_ENDINGS = (
    (re.compile(r"Early stopping after epoch (\d+): the validation loss has not improved for (\d+) epochs "
                r"\(best: epoch (\d+)\)\."),
     QT_TRANSLATE_NOOP("RunText", "Stopped early after epoch %1: the validation loss had not improved for %2 "
                                  "epochs (best: epoch %3).")),
    (re.compile(r"Stopped in epoch (\d+) at step (\d+) of (\d+); resume continues there\."),
     QT_TRANSLATE_NOOP("RunText", "Stopped in epoch %1 at step %2 of %3; “Continue” resumes there.")),
    (re.compile(r"stopped in epoch (\d+) at step (\d+)"),
     QT_TRANSLATE_NOOP("RunText", "stopped in epoch %1 at step %2")),
)


def _trained(match: re.Match) -> Optional[str]:
    epochs, losses, steps_budget, time_budget = match.groups()
    parts = [QCoreApplication.translate("RunText", "Epochs trained: %1").replace("%1", epochs)]
    if losses:
        pairs = [_LOSS.fullmatch(part) for part in losses.split(", ")]
        if not all(pairs):
            return None
        parts.append(" · ".join(f"{history_name(p[1])} {p[2]}" for p in pairs))
    if steps_budget:
        parts.append(QCoreApplication.translate("RunText", "stopped at the step budget after %1 optimizer steps")
                     .replace("%1", steps_budget))
    elif time_budget:
        parts.append(QCoreApplication.translate("RunText", "stopped at the time budget after %1 optimizer steps")
                     .replace("%1", time_budget))
    return QCoreApplication.translate("RunText", "; ").join(parts)


def finish_text(message: str) -> str:
    """How a run ended (the trainer's English: RunFinished.message, run.json's "message"), in the
    user's language with the same numbers; a message of another form is shown as it is."""
    trained = _TRAINED.fullmatch(message)
    if trained:
        return _trained(trained) or message
    diverged = _DIVERGED.fullmatch(message)
    if diverged:
        epoch, step, why, kept = diverged.groups()
        why = translate_matching(why, _WHY, "RunText") or why
        return fill(QCoreApplication.translate("RunText", "Training diverged in epoch %1 at step %2: %3. The run was "
                                                          "stopped; the last good checkpoint (epoch %4) is kept. Try "
                                                          "a lower learning rate."), epoch, step, why, kept)
    return translate_matching(message, _ENDINGS, "RunText") or message
