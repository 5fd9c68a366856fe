"""Driving the services' jobs in tests: on the test's own thread, to the end, the events kept."""
from __future__ import annotations

from typing import Any, Optional

from aigc_desktop.core.jobs import CancelToken, Job, JobContext, run_job


def context(workers: int = 1, cancel: Optional[CancelToken] = None) -> JobContext:
    """A job context with ``workers`` CPU workers (one by default: tests share the machine)."""
    return JobContext(cancel=cancel or CancelToken(), workers=workers)


def collect(job: Job) -> tuple[list[Any], Any]:
    """(every event the job yielded, what it returned)."""
    events: list[Any] = []
    result = run_job(job, events.append)
    return events, result


def imported(catalog, path, workers: int = 1) -> int:
    """Import ``path`` into ``catalog``; the new dataset's id."""
    return run_job(catalog.import_dataset(path, context(workers)))


def timeline(job: Job) -> list[Any]:
    """Every event the job yielded, then what it returned (the trainer's RunFinished comes last)."""
    events, result = collect(job)
    return events + [result]
