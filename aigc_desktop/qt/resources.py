"""Icons and the style sheet from ``resources/``."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon

from aigc_desktop.core.paths import resources_dir


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    path = resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def style_sheet() -> str:
    path = resources_dir() / "style.qss"
    return path.read_text("utf-8") if path.exists() else ""
