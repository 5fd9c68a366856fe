"""``--screenshot PNG``: grab the window once it has settled, save it, quit (docs, checks)."""
from __future__ import annotations

import os

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def schedule_screenshot(window: QWidget, path: str, delay_ms: int | None = None) -> None:
    delay = delay_ms if delay_ms is not None else int(os.environ.get("AIGC_SCREENSHOT_DELAY_MS", "4000"))

    def grab() -> None:
        window.grab().save(path)
        window.close()
        QApplication.quit()

    QTimer.singleShot(delay, grab)
