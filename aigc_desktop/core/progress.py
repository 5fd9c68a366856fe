"""Plain-Python progress reporting and cancellation shared by every long service.

A long service is a generator of small event dataclasses (or takes a ``progress`` callback) and a
:class:`CancelToken` it checks every batch. The same service then drives the CLI's progress line
and the GUI's progress bar.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable, Optional


@dataclass(frozen=True)
class Progress:
    """``done`` of ``total`` units of ``stage`` finished; ``total`` 0 means unknown."""

    stage: str
    done: int
    total: int
    message: str = ""

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


ProgressCallback = Callable[[Progress], None]


class Cancelled(Exception):
    """Raised inside a service when its cancel token was set."""


class CancelToken:
    """A thread-safe flag a worker sets and a service checks every batch."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


class Throttle:
    """Pass on at most one progress event per ``interval`` seconds, plus the last one.

    Throttling at the source keeps the GUI's event queue short (ARCHITECTURE.md, habit 4).
    """

    def __init__(self, callback: Optional[ProgressCallback], interval: float = 0.1) -> None:
        self._callback = callback
        self._interval = interval
        self._last = 0.0

    def __call__(self, event: Progress, force: bool = False) -> None:
        if self._callback is None:
            return
        now = time.monotonic()
        final = event.total and event.done >= event.total
        if force or final or now - self._last >= self._interval:
            self._last = now
            self._callback(event)


class PauseToken:
    """Set by the GUI; the trainer blocks between batches while paused, still honouring cancel."""

    def __init__(self) -> None:
        self._running = threading.Event()
        self._running.set()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def wait(self, timeout: float) -> bool:
        return self._running.wait(timeout)
