"""Background imports step aside while the GUI thread is busy, and only then."""
from __future__ import annotations

import sys
import threading
import time

import pytest


@pytest.fixture
def pulse(qapp):
    from aigc_desktop.qt.gui_pulse import GuiPulse

    pulse = GuiPulse()
    yield pulse
    pulse._timer.stop()
    pulse.deleteLater()


@pytest.fixture
def module(tmp_path, monkeypatch):
    """A module whose body records when it ran."""
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "pulse_probe_mod.py").write_text("import time\nRAN_AT = time.monotonic()\n", "utf-8")
    yield "pulse_probe_mod"
    sys.modules.pop("pulse_probe_mod", None)


def _import_in_a_worker(pulse, name: str, go: threading.Event, cancelled=lambda: False):
    """A thread that, once ``go`` is set and the GUI has been blocked a while, imports ``name``
    stepping aside for the GUI."""
    from aigc_desktop.qt.gui_pulse import stepping_aside

    class Ctx:
        @property
        def cancelled(self) -> bool:
            return cancelled()

    errors = []

    def run() -> None:
        try:
            with stepping_aside(pulse, Ctx()):
                assert go.wait(10)
                time.sleep(0.15)  # the GUI thread is blocked by now: its beats are late
                __import__(name)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_an_import_waits_until_the_gui_thread_is_idle_again(qtbot, pulse, module):
    go = threading.Event()
    thread, errors = _import_in_a_worker(pulse, module, go)
    qtbot.waitUntil(lambda: pulse._timer.isActive(), timeout=5000)  # it beats while someone watches
    qtbot.waitUntil(lambda: not pulse.busy(), timeout=5000)  # beats on time: idle
    go.set()
    time.sleep(0.6)  # the GUI thread is busy: no event loop, no beats
    busy_until = time.monotonic()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10000)
    assert not errors
    assert sys.modules[module].RAN_AT > busy_until  # it ran after the GUI was free, not during its work
    qtbot.waitUntil(lambda: not pulse._timer.isActive(), timeout=5000)  # nobody watches: no more beats


def test_a_job_waits_for_the_end_of_the_turn_that_started_it(qtbot, pulse, module):
    """The GUI thread starts a job and goes on with its turn (fills a table, say): the job's
    imports wait until that turn is over, though the GUI had been idle before."""
    from aigc_desktop.qt.gui_pulse import stepping_aside

    class Ctx:
        cancelled = False

    with pulse.watching():  # the pulse has been beating on time: idle
        qtbot.waitUntil(lambda: pulse._timer.isActive() and not pulse.busy(), timeout=5000)
        errors = []

        def run() -> None:
            try:
                with stepping_aside(pulse, Ctx()):
                    __import__(module)
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                errors.append(exc)

        thread = threading.Thread(target=run)
        thread.start()
        time.sleep(0.3)  # the rest of the turn: no event loop, no beats
        busy_until = time.monotonic()
        qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10000)
    assert not errors
    assert sys.modules[module].RAN_AT > busy_until


@pytest.mark.parametrize("why", ["the job was cancelled", "another thread waits for an import"])
def test_no_wait_for_a_cancelled_job_or_while_another_thread_waits_for_an_import(qtbot, pulse, module, monkeypatch,
                                                                                 why):
    from aigc_desktop.qt import gui_pulse

    # a paused import holds its module's lock: the GUI thread importing that module would wait on it
    monkeypatch.setattr(gui_pulse, "another_thread_waits_for_an_import", lambda: why.startswith("another"))
    go = threading.Event()
    thread, errors = _import_in_a_worker(pulse, module, go, cancelled=lambda: why.endswith("cancelled"))
    qtbot.waitUntil(lambda: pulse._timer.isActive(), timeout=5000)
    go.set()
    time.sleep(0.6)  # busy: a job that was not cancelled would still be waiting
    busy_until = time.monotonic()
    thread.join(10)
    assert not errors
    assert sys.modules[module].RAN_AT < busy_until


def test_the_wait_has_a_budget(qtbot, pulse, module):
    from aigc_desktop.qt.gui_pulse import stepping_aside

    class Ctx:
        cancelled = False

    with pulse.watching():  # a GUI that never beats (this test never lets its event loop run)
        time.sleep(0.1)
        assert pulse.busy()
        started = time.monotonic()
        with stepping_aside(pulse, Ctx(), budget_s=0.2):
            __import__(module)
    waited = sys.modules[module].RAN_AT - started
    assert 0.15 < waited < 5  # it waited, for its budget and not until the GUI beat again


def test_the_process_pulse_beats_on_the_gui_thread_wherever_it_was_first_asked_for(qapp):
    from aigc_desktop.qt import gui_pulse as module

    old = module._pulse
    module._pulse = None
    try:
        made = []
        thread = threading.Thread(target=lambda: made.append(module.gui_pulse()))
        thread.start()
        thread.join(10)
        assert made[0].thread() is qapp.thread()
        assert module.gui_pulse() is made[0]
    finally:
        module._pulse = old
