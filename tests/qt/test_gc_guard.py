"""The GUI thread's garbage collector: collects what gc would, and keeps full collections cheap."""
from __future__ import annotations

import gc
import sys
import weakref

import pytest


class _Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collector(qapp):
    """A collector whose timer never fires during the test: the test calls ``check`` itself."""
    from aigc_desktop.qt.gc_guard import GuiThreadCollector

    collector = GuiThreadCollector(interval_ms=60000)
    yield collector
    collector.timer.stop()
    collector.deleteLater()


def test_full_collections_skip_what_was_imported_and_still_free_new_cycles(collector, monkeypatch):
    from aigc_desktop.qt.gc_guard import GuiThreadCollector

    before = gc.get_freeze_count()
    # as if torch had just been imported: many new modules since the collector last froze the heap
    collector._modules_at_freeze = len(sys.modules) - GuiThreadCollector.FREEZE_AFTER_MODULES
    monkeypatch.setattr(gc, "get_count", lambda: (701, 11, 11))  # every threshold crossed
    collector.check()
    assert gc.get_freeze_count() > before  # the long-lived heap left out of later full collections
    frozen = gc.get_freeze_count()

    fresh = _Cycle()
    fresh_gone = weakref.ref(fresh)
    del fresh
    collector.check()  # no new imports: no new freeze, and a new cycle is collected
    assert gc.get_freeze_count() == frozen
    assert fresh_gone() is None


def test_full_collections_are_spaced_out_and_young_cycles_still_go_at_once(collector, monkeypatch):
    from aigc_desktop.qt.gc_guard import GuiThreadCollector

    collected = []
    real_collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or real_collect(generation))
    monkeypatch.setattr(gc, "get_count", lambda: (701, 11, 11))  # every threshold crossed, as during a scan
    collector.check()
    fresh = _Cycle()
    fresh_gone = weakref.ref(fresh)
    del fresh
    collector.check()
    assert collected == [2, 1]  # the second full collection waits; the young generations do not
    assert fresh_gone() is None
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, 11))  # only the oldest generation is due
    collector.check()
    assert collected == [2, 1]
    collector._last_full -= GuiThreadCollector.FULL_EVERY_S
    collector.check()
    assert collected == [2, 1, 2]


def test_a_young_collection_after_a_big_import_leaves_the_imported_objects_out(collector, monkeypatch):
    from aigc_desktop.qt.gc_guard import GuiThreadCollector

    imported = [_Cycle() for _ in range(1000)]  # as if a module had just been imported in a worker
    before = gc.get_freeze_count()
    collector._modules_at_freeze = len(sys.modules) - GuiThreadCollector.FREEZE_AFTER_MODULES
    monkeypatch.setattr(gc, "get_count", lambda: (701, 0, 0))  # only the youngest generation is due
    collector.check()
    assert gc.get_freeze_count() >= before + len(imported)  # frozen: no collection walks them again
    assert collector._modules_at_freeze == len(sys.modules)
