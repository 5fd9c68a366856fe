"""The job protocol: a generator of events that returns its result, one context, one throttle."""
from __future__ import annotations

import pytest

from aigc_desktop.core.jobs import (CancelToken, Cancelled, JobContext, PauseToken, Progress, Throttle,
                                    default_workers, run_job)


def counting(n: int, ctx: JobContext):
    """A job of ``n`` units that checks its context between them."""
    for i in range(n):
        ctx.check()
        yield Progress("count", i + 1, n)
    return n * 10


def test_a_job_yields_events_and_returns_its_result():
    events = []
    assert run_job(counting(3, JobContext()), events.append) == 30
    assert [e.done for e in events] == [1, 2, 3] and events[-1].final and not events[0].final
    assert run_job(counting(2, JobContext())) == 20  # the events may go nowhere


def test_a_job_inside_a_job_passes_its_events_and_result_up():
    def outer(ctx):
        inner = yield from counting(2, ctx)
        yield Progress("after", 1, 1)
        return inner + 1

    events = []
    assert run_job(outer(JobContext()), events.append) == 21
    assert [e.stage for e in events] == ["count", "count", "after"]


def test_the_job_stops_itself_on_cancel():
    ctx = JobContext()
    seen = []

    def cancel_at_two(event):
        seen.append(event)
        if event.done == 2:
            ctx.cancel.cancel()

    with pytest.raises(Cancelled):
        run_job(counting(5, ctx), cancel_at_two)
    assert [e.done for e in seen] == [1, 2]


class _CountedPause(PauseToken):
    """Paused until waited on ``waits`` times: a pause observed by counting, not by the clock."""

    def __init__(self, waits: int) -> None:
        super().__init__()
        self.waits, self.seen = waits, 0
        self.pause()

    def wait(self, timeout: float) -> bool:
        self.seen += 1
        if self.seen >= self.waits:
            self.resume()
        return not self.paused


def test_a_paused_context_holds_the_job_until_resumed_and_a_cancel_ends_the_wait():
    pause = _CountedPause(4)
    ctx = JobContext(pause=pause)
    assert run_job(counting(1, ctx)) == 10 and pause.seen == 4  # it waited until resumed

    cancel = CancelToken()
    held = _CountedPause(10 ** 9)  # never resumes by itself
    held.wait = lambda timeout: cancel.cancel() or False
    with pytest.raises(Cancelled):
        run_job(counting(1, JobContext(cancel=cancel, pause=held)))


def test_the_throttle_passes_the_first_and_the_final_event_and_every_other_kind():
    slow = Throttle(interval=3600.0)
    events = [Progress("x", i, 10) for i in range(11)]
    passed = [e.done for e in events if slow.passes(e)]
    assert passed == [0, 10]
    assert slow.passes("an epoch's sample grid") and list(slow(Progress("x", 5, 10))) == []
    eager = Throttle(interval=0.0)
    assert all(eager.passes(e) for e in events)


def test_the_context_gives_every_core_unless_told_otherwise():
    assert JobContext().workers == default_workers() >= 1
    assert JobContext(workers=1).workers == 1
