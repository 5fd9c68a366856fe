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
