"""The app's QSettings: one INI file per user; ``AIGC_SETTINGS_DIR`` moves it (tests, self-test)."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from aigc_desktop import APP_ID, ORG_NAME

MAX_RECENT = 8


def app_settings() -> QSettings:
    override = os.environ.get("AIGC_SETTINGS_DIR")
    if override:
        return QSettings(str(Path(override) / f"{APP_ID}.ini"), QSettings.IniFormat)
    return QSettings(QSettings.IniFormat, QSettings.UserScope, ORG_NAME, APP_ID)


def recent_projects() -> list[str]:
    value = app_settings().value("recent/projects", [])
    if isinstance(value, str):  # QSettings gives a plain string for a one-item list
        value = [value]
    return [v for v in (value or []) if v]


def remember_project(path: str) -> list[str]:
    path = str(Path(path).resolve())
    items = [path] + [p for p in recent_projects() if p != path]
    app_settings().setValue("recent/projects", items[:MAX_RECENT])
    return items[:MAX_RECENT]


def forget_project(path: str) -> None:
    app_settings().setValue("recent/projects", [p for p in recent_projects() if p != path])
