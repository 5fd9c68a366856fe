"""The one job protocol of every long service (docs/ARCHITECTURE.md, "The job protocol").

A long service is a generator: it yields small event dataclasses (a :class:`Progress`, or a
service's own events such as the trainer's ``EpochEnd``) and *returns* its result. It takes one
:class:`JobContext` with the cancel token, the pause token and the worker budget::

    def scan(catalog, dataset_id, checks, ctx: JobContext) -> Job[ScanResult]:
        ...
        yield from report(Progress("pixels", done, total, "reading pixels"))
        ...
        return result

    result = yield from scan(catalog, dataset_id, checks, ctx)        # inside another job
    result = run_job(scan(catalog, dataset_id, checks, ctx), line)    # at the edge: CLI, tests
    runner.start(lambda ctx: scan(catalog, dataset_id, checks, ctx))  # the GUI's JobRunner

The job itself decides when it may stop: it checks ``ctx`` between units of work and raises
:class:`Cancelled` (or, like the trainer, stops cleanly and returns a result that says so).
Whoever drives the generator never closes it from outside, so a job that committed its work
returns its result even when a cancel arrives late. Progress is throttled at the source, by the
job, with :class:`Throttle`; the same events drive the CLI's progress line and the GUI's bar.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Generator, Iterator, Optional, TypeVar

T = TypeVar("T")
Job = Generator[Any, None, T]
"""A running service: yields events, returns its result (``Job[ScanResult]``)."""


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

    @property
    def final(self) -> bool:
        return bool(self.total) and self.done >= self.total


@dataclass(frozen=True)
class JobWarning:
    """Something the user should know that does not stop the job (the CLI prints it, the GUI shows it)."""

    message: str


class Cancelled(Exception):
    """Raised inside a job when its cancel token was set: nothing it was doing is kept."""


class CancelToken:
    """A thread-safe flag the GUI (or Ctrl+C) sets and a job checks between units of work."""

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


class PauseToken:
    """Set by the GUI; a job that supports pausing waits between units of work while paused."""

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


def default_workers() -> int:
    """Every core: what a job gets when nobody decided otherwise (the CLI)."""
    return os.cpu_count() or 1


@dataclass
class JobContext:
    """What a job is given: cancel, pause, and how many CPU workers (threads, processes) it may use.

    The CLI gives every core; the GUI's JobRunner keeps one for the interface.
    """

    cancel: CancelToken = field(default_factory=CancelToken)
    pause: PauseToken = field(default_factory=PauseToken)
    workers: int = field(default_factory=default_workers)

    @property
    def cancelled(self) -> bool:
        return self.cancel.cancelled

    def wait_while_paused(self) -> float:
        """Block while paused (a cancel ends the wait); the seconds spent waiting."""
        if not self.pause.paused:
            return 0.0
        started = time.perf_counter()
        while self.pause.paused and not self.cancel.cancelled:
            self.pause.wait(0.1)
        return time.perf_counter() - started

    def check(self) -> None:
        """Between two units of work: wait while paused, then raise :class:`Cancelled` if cancelled."""
        self.wait_while_paused()
        self.cancel.raise_if_cancelled()


class Throttle:
    """The one throttle: at most one event per ``interval`` seconds, plus the first and the final one.

    Jobs throttle their progress at the source, so the GUI's event queue stays short
    (docs/ARCHITECTURE.md, "Throttle at the source"); the CLI's progress line throttles its redraws.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self._last: Optional[float] = None

    def due(self, final: bool = False) -> bool:
        """True (and the clock restarts) for the first call, a final one, or once the interval passed."""
        now = time.monotonic()
        if final or self._last is None or now - self._last >= self.interval:
            self._last = now
            return True
        return False

    def passes(self, event: Any) -> bool:
        """A :class:`Progress` passes when due (its final event always); any other event always."""
        return self.due(event.final) if isinstance(event, Progress) else True

    def __call__(self, event: Any) -> Iterator[Any]:
        """``yield from report(event)`` inside a job: the event, when it passes."""
        if self.passes(event):
            yield event


def run_job(job: Job[T], on_event: Optional[Callable[[Any], None]] = None) -> T:
    """Drive ``job`` to its end on this thread; every event goes to ``on_event``; its result is returned."""
    while True:
        try:
            event = next(job)
        except StopIteration as stop:
            return stop.value
        if on_event is not None:
            on_event(event)


def lower_thread_priority(niceness: int = 5) -> bool:
    """Make the calling thread (and the threads and processes it starts) yield the CPU to the
    interface. On Linux the nice value is per thread; elsewhere this does nothing.

    Measured with benchmarks/gui_stall.py on a busy 2-core machine: without it the GUI thread
    waits behind the trainer for hundreds of milliseconds at a time.
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "setpriority"):
        return False
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + niceness))
        return True
    except OSError:
        return False
