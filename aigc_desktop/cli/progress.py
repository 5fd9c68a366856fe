"""A progress line on stderr for long CLI work, fed by the services' Progress events."""
from __future__ import annotations

import sys
import time
from typing import TextIO

from aigc_desktop.core.progress import Progress


class ProgressLine:
    """Redraws one line in a terminal; prints a line every few seconds when stderr is a file."""

    def __init__(self, stream: TextIO | None = None, interval: float = 0.2) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.interval = interval if self.tty else 5.0
        self._last = 0.0
        self._width = 0

    def __call__(self, event: Progress) -> None:
        now = time.monotonic()
        final = bool(event.total) and event.done >= event.total
        if not final and now - self._last < self.interval:
            return
        self._last = now
        if event.total:
            text = f"{event.stage}: {event.done}/{event.total} ({100 * event.done / event.total:.0f}%)"
        else:
            text = f"{event.stage}: {event.done}"
        if event.message:
            text += f"  {event.message}"
        if self.tty:
            self.stream.write("\r" + text.ljust(self._width))
            self._width = len(text)
            if final:
                self.stream.write("\n")
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self._width:
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0
