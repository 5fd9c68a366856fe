"""A run's status in the user's language (the core and the run files keep the machine names)."""
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
