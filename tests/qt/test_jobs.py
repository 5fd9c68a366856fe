"""The JobRunner: jobs on their own threads, callbacks on the GUI thread, progress bar and cancel
button, the newest request winning, a finished job never reported as cancelled, and shutdown."""
from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QProgressBar, QPushButton, QWidget

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import Progress
from aigc_desktop.qt.jobs import JobRunner, gui_workers, running_threads

WAIT_MS = 20000
_NEVER = threading.Event()  # waited on by jobs as their unit of work


@pytest.fixture
def runner(qtbot):
    runner = JobRunner()
    yield runner
    runner.shutdown()


def test_a_job_runs_off_the_gui_thread_and_reports_on_it(runner, qtbot):
    gui = threading.get_ident()
    seen = {}

    def job(ctx):
        seen["job_thread"] = threading.get_ident()
        seen["workers"] = ctx.workers
        yield Progress("step", 1, 2)
        yield "an event of the job's own"
        return 42

    events = []
    handle = runner.start(job, on_progress=events.append,
                          on_result=lambda value: seen.update(result=value, result_thread=threading.get_ident()))
    with qtbot.waitSignal(handle.finished, timeout=WAIT_MS):
        pass
    assert seen["result"] == 42 and seen["result_thread"] == gui != seen["job_thread"]
    assert seen["workers"] == gui_workers() == max(1, (__import__("os").cpu_count() or 2) - 1)
    assert events == [Progress("step", 1, 2), "an event of the job's own"]
    assert handle.outcome == "result" and not handle.running


def test_a_finished_job_is_never_reported_as_cancelled(runner, qtbot):
    """A cancel that arrives after the job committed its work (here: at its very end) changes nothing."""
    outcome = []

    def job(ctx):
        yield Progress("commit", 1, 1)
        ctx.cancel.cancel()  # the user pressed Cancel just as the work was committed
        return "committed"

    handle = runner.start(job, on_result=lambda v: outcome.append(("result", v)),
                          on_cancelled=lambda: outcome.append(("cancelled",)))
    with qtbot.waitSignal(handle.finished, timeout=WAIT_MS):
        pass
    assert outcome == [("result", "committed")]


def test_failures_arrive_as_one_line(runner, qtbot):
    messages = []

    def refuses(ctx):
        raise UserError("the folder is empty")

    def breaks(ctx):
        return 1 / 0

    for job in (refuses, breaks):
        handle = runner.start(job, on_failed=messages.append)
        with qtbot.waitSignal(handle.finished, timeout=WAIT_MS):
            pass
    assert messages == ["the folder is empty", "ZeroDivisionError: division by zero"]


def test_progress_bar_and_cancel_button_are_driven_and_given_back(runner, qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    bar, button = QProgressBar(parent), QPushButton("Cancel", parent)
    bar.hide()
    button.hide()
    parent.show()
    started, values = threading.Event(), []

    def job(ctx):
        yield Progress("load", 3, 10)
        started.set()
        while not ctx.cancelled:
            _NEVER.wait(0.01)  # a unit of work
        ctx.cancel.raise_if_cancelled()

    def on_progress(event):
        values.append((bar.isVisible(), button.isVisible(), bar.maximum(), bar.value()))

    cancelled = []
    handle = runner.start(job, on_progress=on_progress, on_cancelled=lambda: cancelled.append(True),
                          progress_bar=bar, cancel_button=button)
    qtbot.waitUntil(lambda: bool(values), timeout=WAIT_MS)
    assert values[0] == (True, True, 10, 3)
    with qtbot.waitSignal(handle.finished, timeout=WAIT_MS):
        button.click()
    assert cancelled == [True] and handle.outcome == "cancelled"
    assert not bar.isVisible() and not button.isVisible()  # hidden again, as they were


def test_the_newest_request_wins(runner, qtbot):
    """A, then B and C of the same key while A runs: A is cancelled and its late result dropped,
    B never runs, C runs after A and is the only result the call site sees."""
    release, a_started = threading.Event(), threading.Event()
    results, ran = [], []

    def slow(name):
        def job(ctx):
            ran.append(name)
            a_started.set()
            release.wait(WAIT_MS / 1000)  # ignores the cancel on purpose: its result comes anyway
            return name
        return job

    def quick(name):
        def job(ctx):
            ran.append(name)
            return name
        return job

    a = runner.start(slow("a"), on_result=results.append, latest_wins=True, key="grid")
    assert a_started.wait(WAIT_MS / 1000)
    b = runner.start(quick("b"), on_result=results.append, latest_wins=True, key="grid")
    c = runner.start(quick("c"), on_result=results.append, latest_wins=True, key="grid")
    assert a.ctx.cancelled and a.dropped and b.dropped and not b.running
    assert runner.is_running("grid")
    with qtbot.waitSignal(c.finished, timeout=WAIT_MS):
        release.set()
    assert results == ["c"] and ran == ["a", "c"] and not runner.is_running("grid")


def test_a_callback_of_a_deleted_widget_is_not_called(runner, qtbot):
    class Receiver(QWidget):
        got = []

        def on_result(self, value):
            self.got.append(value)

    receiver = Receiver()
    release = threading.Event()
    handle = runner.start(lambda ctx: release.wait(WAIT_MS / 1000), on_result=receiver.on_result)
    shiboken6.delete(receiver)  # the dialog that asked was closed and deleted meanwhile
    with qtbot.waitSignal(handle.finished, timeout=WAIT_MS):
        release.set()
    assert Receiver.got == [] and handle.outcome == "result"


def test_shutdown_cancels_and_waits_for_every_job_and_refuses_new_ones(qtbot):
    runner = JobRunner()
    running = threading.Event()

    def forever(ctx):
        running.set()
        while not ctx.cancelled:
            _NEVER.wait(0.01)  # a unit of work
        return "stopped"

    handles = [runner.start(forever) for _ in range(3)]
    assert running.wait(WAIT_MS / 1000)
    assert runner.shutdown(timeout_ms=WAIT_MS)
    assert running_threads() == [] and all(h.ctx.cancelled for h in handles)
    assert runner.start(forever) is None


def test_what_a_job_returns_after_shutdown_reaches_no_call_site(qtbot):
    """The window closed: a result still on its way must not reach a panel whose project is gone."""
    runner = JobRunner()
    got = []
    handle = runner.start(lambda ctx: "late", on_result=got.append, on_finished=lambda: got.append("finished"))
    assert runner.shutdown(timeout_ms=WAIT_MS)
    qtbot.waitUntil(lambda: not handle.running, timeout=WAIT_MS)  # the queued outcome arrives now
    assert got == [] and handle.dropped
