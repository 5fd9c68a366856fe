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
    assert messages[0] == "the folder is empty"
    # a bug is one line that names it and the crash log holding its traceback
    bug = messages[1]
    assert "\n" not in bug and bug.startswith("Internal error: ZeroDivisionError: division by zero; details in ")
    log_file = bug.rsplit(" ", 1)[1]
    assert "Traceback" in open(log_file, encoding="utf-8").read()


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


def test_a_job_that_cannot_be_cancelled_is_kept_alive_past_shutdown(qtbot):
    """A job stuck where a cancel cannot reach it (the first ``import torch``): shutdown gives up
    waiting, but the thread's objects live on until it ends (destroying a running QThread aborts)."""
    import gc

    from aigc_desktop.qt import jobs

    runner = JobRunner()
    release, running = threading.Event(), threading.Event()

    def stuck(ctx):
        running.set()
        release.wait(WAIT_MS / 1000)  # deaf to ctx.cancelled
        return "done"

    runner.start(stuck)
    assert running.wait(WAIT_MS / 1000)
    assert not runner.shutdown(timeout_ms=50)
    runner.deleteLater()
    del runner
    gc.collect()
    assert len(running_threads()) == 1 and running_threads()[0] in [t for t, _ in jobs._abandoned]
    release.set()
    qtbot.waitUntil(lambda: running_threads() == [], timeout=WAIT_MS)


def test_the_app_leaves_at_once_when_a_job_is_stuck_at_exit(tmp_path):
    """After the window closed, a stuck job thread neither hangs nor aborts the process: it leaves
    with the window's exit code and no Qt abort message."""
    import os
    import subprocess
    import sys
    import textwrap

    script = tmp_path / "stuck.py"
    script.write_text(textwrap.dedent("""
        import threading, time
        from aigc_desktop.qt.app import create_app, leave_if_jobs_are_stuck
        from aigc_desktop.qt.jobs import JobRunner
        app = create_app()
        runner = JobRunner()
        started = threading.Event()
        def stuck(ctx):
            started.set()
            time.sleep(600)  # deaf to cancel
        runner.start(stuck)
        started.wait(60)
        runner.shutdown(timeout_ms=50)
        del runner
        leave_if_jobs_are_stuck(7)
        print("not reached")
    """))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 7, done.stderr
    assert "not reached" not in done.stdout and "QThread: Destroyed" not in done.stderr
