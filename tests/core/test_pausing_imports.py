"""Imports that pause between modules: only the thread that asked pauses, and never breaks an import."""
from __future__ import annotations

import sys
import threading
import time

import pytest

from aigc_desktop.core.pausing_imports import another_thread_waits_for_an_import, pausing_imports


@pytest.fixture
def modules(tmp_path, monkeypatch):
    """Write modules ``name -> source`` into a folder on sys.path; forget them afterwards."""
    monkeypatch.syspath_prepend(str(tmp_path))
    written = []

    def write(**sources: str) -> None:
        for name, source in sources.items():
            (tmp_path / f"{name}.py").write_text(source, "utf-8")
            written.append(name)

    yield write
    for name in written:
        sys.modules.pop(name, None)


def test_each_new_module_of_this_thread_pauses_first(modules):
    modules(pause_a="import pause_b\nVALUE = pause_b.VALUE + 1", pause_b="VALUE = 41")
    paused = []
    with pausing_imports(lambda: paused.append(sorted(m for m in sys.modules if m.startswith("pause_")))):
        import pause_a  # noqa: F401
        import pause_a as again  # already imported: no pause
    assert again.VALUE == 42
    # a pause before pause_a, then one before pause_b (pause_a is being imported then)
    assert paused == [[], ["pause_a"]]


def test_other_threads_and_later_imports_do_not_pause(modules):
    modules(other_thread_mod="X = 1", after_mod="X = 2")
    paused = []
    with pausing_imports(lambda: paused.append(1)):
        thread = threading.Thread(target=lambda: __import__("other_thread_mod"))
        thread.start()
        thread.join()
    import after_mod  # noqa: F401
    assert "other_thread_mod" in sys.modules
    assert paused == []


def test_a_failing_pause_or_one_that_imports_never_breaks_the_import(modules):
    modules(broken_pause_mod="X = 3", imported_in_pause="Y = 4")
    calls = []

    def pause() -> None:
        calls.append(1)
        import imported_in_pause  # noqa: F401  (does not pause again: no recursion)
        raise RuntimeError("a pause that fails")

    with pausing_imports(pause):
        import broken_pause_mod
    assert broken_pause_mod.X == 3
    assert calls == [1]


def test_another_thread_blocked_on_an_import_lock_is_seen(modules):
    """A paused import holds its module's lock: a second thread importing that module waits for it."""
    modules(slow_mod="import threading, time\nSTARTED.set()\nRELEASE.wait(10)\nX = 5")
    started, release = threading.Event(), threading.Event()
    import builtins

    builtins.STARTED, builtins.RELEASE = started, release  # the module's body reads them
    try:
        first = threading.Thread(target=lambda: __import__("slow_mod"))
        first.start()
        assert started.wait(10)
        assert not another_thread_waits_for_an_import()  # the first holds the lock; nobody waits yet
        second = threading.Thread(target=lambda: __import__("slow_mod"))
        second.start()
        deadline = time.monotonic() + 10
        while not another_thread_waits_for_an_import() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert another_thread_waits_for_an_import()
        release.set()
        first.join(10)
        second.join(10)
        assert not another_thread_waits_for_an_import()
        assert sys.modules["slow_mod"].X == 5
    finally:
        release.set()
        del builtins.STARTED, builtins.RELEASE
