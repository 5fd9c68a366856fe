"""Imports through worker processes give exactly the records of a single-threaded import."""
from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.data import processes, sources
from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.data.decode import decode_summaries
from aigc_desktop.core.data.sources import open_source
from aigc_desktop.core.jobs import CancelToken, Cancelled, run_job
from tests.jobs import context, imported

METHODS = [m for m in ("spawn", "forkserver") if m in multiprocessing.get_all_start_methods()]
N_DIGITS = 300
_calls_here = []  # tasks this (the parent) process decoded itself
_waiting = {"until": 0.0}


def worker_marker(root) -> Path:
    """The file a worker process adds a byte to per task it decodes: beside the imported folder, so
    a worker finds it from its task alone (a forkserver started by an earlier test keeps the
    environment it was started with, so an environment variable would not reach it)."""
    return Path(root).parent / "worker-decoded"


def in_worker() -> bool:
    return multiprocessing.parent_process() is not None


def decode_slowly_here(root, paths):
    """decode_summaries, but before each of its tasks the parent waits until the worker processes
    have decoded more tasks than it has, so they get a share however busy the machine (a worker
    can take seconds to start). Each worker task adds a byte to the marker file."""
    marker = worker_marker(root)
    if in_worker():
        with open(marker, "ab") as f:
            f.write(b"x")
    else:
        while (marker.stat().st_size if marker.exists() else 0) <= len(_calls_here) \
                and time.monotonic() < _waiting["until"]:  # a pool that never starts: stop waiting
            time.sleep(0.01)
        _calls_here.append(len(paths))
    return decode_summaries(root, paths)


def reset_counts(root) -> None:
    _calls_here.clear()
    _waiting["until"] = time.monotonic() + 60
    worker_marker(root).unlink(missing_ok=True)


def square_or_die(x: int) -> tuple[int, bool]:
    if in_worker() and x == 23:  # the first task a worker takes (they start from the end)
        os._exit(3)  # a worker killed mid-import (out of memory, a crashing decoder)
    if not in_worker():
        time.sleep(0.05)
    return x * x, in_worker()


@pytest.fixture
def digit_tree(tmp_path, mnist):
    """N_DIGITS PNGs in one folder per class, plus broken files in among them."""
    images, labels = mnist
    root = tmp_path / "digits"
    for i in range(N_DIGITS):
        folder = root / str(labels[i])
        folder.mkdir(parents=True, exist_ok=True)
        Image.fromarray(images[i]).save(folder / f"{i:04d}.png")
    Image.fromarray(np.dstack([images[0]] * 3)).save(root / "3" / "rgb.png")
    (root / "3" / "zero.png").write_bytes(b"")
    (root / "3" / "text.png").write_bytes(b"not an image at all")
    data = (root / "3" / "rgb.png").read_bytes()
    (root / "4" / "truncated.png").write_bytes(data[:len(data) // 2])
    os.symlink(root / "missing.png", root / "5" / "broken_link.png")
    return root


@pytest.fixture(params=METHODS)
def forced_pool(request, monkeypatch, digit_tree):
    """Every import of this test goes through one worker process started with ``method``."""
    monkeypatch.setattr(processes, "processes_for", lambda n_items, workers: 1)
    monkeypatch.setattr(processes, "start_method", lambda: request.param)
    monkeypatch.setattr(sources, "_PROCESS_BATCH", 8)
    monkeypatch.setattr(sources, "decode_summaries", decode_slowly_here)
    reset_counts(digit_tree)
    return request.param


def test_process_pool_gives_the_records_of_one_thread(digit_tree, forced_pool):
    one_thread = open_source(digit_tree)
    expected = run_job(one_thread.records(context(1)))
    reset_counts(digit_tree)
    pooled = open_source(digit_tree)
    got = run_job(pooled.records(context(2)))
    assert got == expected
    assert pooled.summary == one_thread.summary
    assert pooled.summary.corrupt_by_reason == {"zero_bytes": 1, "not_an_image": 1, "truncated": 1,
                                                "unreadable_path": 1}
    n_tasks = -(-(len(expected) - 1) // 8)  # the broken link is known from the walk, never decoded
    assert 0 < len(_calls_here) < n_tasks, "the worker process decoded none of the files"


def test_catalog_import_through_the_pool_and_cancel(digit_tree, forced_pool, tmp_path):
    with Catalog.open(tmp_path / "p.aigc", create=True) as catalog:
        dataset_id = imported(catalog, digit_tree, 2)
        table = catalog.items(dataset_id)
        assert len(table) == N_DIGITS + 5 and (table.status == "ok").sum() == N_DIGITS + 1
        token = CancelToken()

        def cancel_when_started(event):
            if event.done > 0:
                token.cancel()

        started = time.monotonic()
        with pytest.raises(Cancelled):
            run_job(catalog.import_dataset(digit_tree, context(2, token)), cancel_when_started)
        assert time.monotonic() - started < 10
        assert [d.id for d in catalog.datasets()] == [dataset_id]


def test_dead_worker_and_no_pool_still_give_every_result():
    tasks = list(range(24))
    expected = [x * x for x in tasks]
    results = list(processes.process_map(square_or_die, tasks, 2, method=METHODS[0]))
    assert [r for r, _ in results] == expected
    assert not results[-1][1]  # the task that killed its worker was done again here
    no_pool = list(processes.process_map(square_or_die, tasks, 2, method="no-such-start-method"))
    assert [r for r, _ in no_pool] == expected and not any(by_worker for _, by_worker in no_pool)


def test_processes_only_for_big_jobs_on_idle_cores(monkeypatch):
    monkeypatch.setattr(processes, "spare_cpus", lambda: 3)
    assert processes.processes_for(100, 8) == 0  # too small to pay for a process start
    assert processes.processes_for(processes.MIN_TASKS_FOR_PROCESSES, 1) == 0
    assert processes.processes_for(processes.MIN_TASKS_FOR_PROCESSES, 8) == 3
    assert processes.processes_for(processes.MIN_TASKS_FOR_PROCESSES, 2) == 1  # the caller is one of 2
    monkeypatch.setattr(processes, "spare_cpus", lambda: 0)
    assert processes.processes_for(10 ** 6, 8) == 0  # every core busy: a process would only add its start
