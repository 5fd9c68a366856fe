"""Where the app finds its resources and keeps the user's data (no Qt)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from aigc_desktop import APP_ID


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the package in a checkout, inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def user_data_dir() -> Path:
    """The per-user data folder (demo dataset, default projects); ``AIGC_DATA_DIR`` overrides it."""
    override = os.environ.get("AIGC_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))
