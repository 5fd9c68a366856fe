"""A run's status and the names of its per-epoch numbers in the user's language (the core and the
run files keep the machine names)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

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
