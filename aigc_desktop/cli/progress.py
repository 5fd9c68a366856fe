"""Driving a job from the command line: its progress on one line of stderr, its warnings as lines."""
from __future__ import annotations

import sys
from typing import Any, Callable, Optional, TextIO

from aigc_desktop.core.jobs import Job, JobWarning, Progress, T, Throttle, run_job


class ProgressLine:
    """Redraws one line in a terminal; prints a line every few seconds when stderr is a file."""

    def __init__(self, stream: TextIO | None = None, interval: float = 0.2) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.throttle = Throttle(interval if self.tty else 5.0)
        self._width = 0

    def __call__(self, event: Progress) -> None:
        if not self.throttle.passes(event):
            return
        if event.total:
            text = f"{event.stage}: {event.done}/{event.total} ({100 * event.done / event.total:.0f}%)"
        else:
            text = f"{event.stage}: {event.done}"
        if event.message:
            text += f"  {event.message}"
        if self.tty:
            self.stream.write("\r" + text.ljust(self._width))
            self._width = len(text)
            if event.final:
                self.stream.write("\n")
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def print(self, text: str) -> None:
        """A line of its own, below the progress line."""
        self.close()
        print(text, file=self.stream, flush=True)

    def close(self) -> None:
        if self.tty and self._width:
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0


def run_command_job(job: Job[T], command: str, line: Optional[ProgressLine] = None,
                    on_event: Optional[Callable[[Any], None]] = None) -> T:
    """Drive ``job`` for ``aigc COMMAND``: progress on ``line`` (None: not shown), each warning as
    ``aigc COMMAND: warning: ...``, every other event to ``on_event``; returns the job's result."""

    def show(event: Any) -> None:
        if isinstance(event, Progress):
            if line is not None:
                line(event)
        elif isinstance(event, JobWarning):
            if line is not None:
                line.close()
            print(f"aigc {command}: warning: {event.message}", file=sys.stderr, flush=True)
        elif on_event is not None:
            on_event(event)

    try:
        return run_job(job, show)
    finally:
        if line is not None:
            line.close()
