"""What the Training panel's worker thread runs: prepare a project's dataset, then train on it.

Plain Python (no Qt), called by :class:`~aigc_desktop.qt.workers.Worker` with ``progress`` and
``cancel``. It is a function, not a generator, on purpose: the worker checks its cancel token before
pulling each event from a generator and would close the trainer at that point, so the trainer
would never see the cancel, save its mid-epoch checkpoint and say ``RunFinished("cancelled")``.
Iterating the trainer here and forwarding every event lets it finish that clean-up itself.
Torch is imported inside the functions: the GUI imports this module at start-up.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.progress import Cancelled
from aigc_desktop.core.training.config import TrainConfig
from aigc_desktop.core.training.devices import DeviceInfo


@dataclass(frozen=True)
class TrainingStarted:
    """The data are ready and the trainer starts: everything the monitor shows before the first batch."""

    run_dir: str
    config: TrainConfig
    n_images: int
    class_names: list
    device: DeviceInfo
    pause: Any  # the trainer's PauseToken, created here so the GUI never imports torch for it
    resumed: bool = False


def runs_folder(project_path) -> Path:
    """``<project dir>/<project stem>.runs``: runs live beside the project, never inside user data."""
    project = Path(project_path)
    return project.with_name(project.stem + ".runs")


def new_run_dir(project_path, model: str) -> Path:
    folder = runs_folder(project_path)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"{stamp}-{model}"
    n = 2
    while path.exists():  # two runs started in the same second
        path = folder / f"{stamp}-{model}-{n}"
        n += 1
    return path


def cpu_threads() -> int:
    """All cores but one, so the interface keeps a core to itself (ARCHITECTURE.md, habit 4)."""
    return max(1, (os.cpu_count() or 2) - 1)


def lower_thread_priority(niceness: int = 5) -> bool:
    """Make the calling thread (and the threads it starts: decoders, torch's intra-op pool) yield
    the CPU to the interface. On Linux the nice value is per thread; elsewhere this does nothing.

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


def _load(project_path: str, dataset_id: int, size: Optional[int], channels: Optional[int],
          item_limit: Optional[int], progress, cancel):
    import numpy as np

    from aigc_desktop.core.data.catalog import Catalog
    from aigc_desktop.core.training.data import prepare_data, suggested_shape

    # SQLite connections belong to one thread: this worker opens its own
    with Catalog.open(project_path) as catalog:
        items = catalog.items(dataset_id)
        auto_size, auto_channels = suggested_shape(items)
        item_ids = None
        if item_limit:
            usable = (np.asarray(items.status) == "ok") & np.asarray(items.included, bool)
            item_ids = np.asarray(items.ids)[usable][:item_limit]
        data = prepare_data(catalog, dataset_id, size or auto_size, channels or auto_channels,
                            progress=progress, cancel=cancel, item_ids=item_ids)
    if cancel is not None and cancel.cancelled:
        raise Cancelled()
    return data, size or auto_size, channels or auto_channels


def _run(data, config: TrainConfig, run_dir: Path, resume: bool, progress, cancel):
    from aigc_desktop.core.training.devices import probe_device
    from aigc_desktop.core.training.events import RunFinished
    from aigc_desktop.core.training.trainer import PauseToken, train

    device = probe_device(config.device)
    if device.kind == "cpu":
        config.num_threads = cpu_threads()
    pause = PauseToken()
    progress(TrainingStarted(str(run_dir), config, len(data), list(data.class_names), device, pause, resume))
    finished = None
    for event in train(data, config, run_dir, cancel=cancel, pause=pause, resume=resume):
        progress(event)
        if isinstance(event, RunFinished):
            finished = event
    return finished


def train_in_project(project_path: str, dataset_id: int, model: str, overrides: dict, run_dir: str,
                     image_size: Optional[int] = None, item_limit: Optional[int] = None,
                     progress=None, cancel=None):
    """Train a new run on the included, readable items of a project's dataset; returns RunFinished.

    ``image_size`` None takes the size the data suggest; ``item_limit`` trains on the first N usable
    items only (the self-test's quick run).
    """
    from aigc_desktop.core.training.config import default_config

    progress = progress or (lambda event: None)
    lower_thread_priority()
    data, size, channels = _load(project_path, dataset_id, image_size, None, item_limit, progress, cancel)
    if overrides.get("conditional") and len(data.class_names) < 2:
        raise UserError("A conditional model needs labelled data with at least 2 classes; "
                        "untick “Conditional” or label the images first.")
    config = default_config(model, image_size=size, channels=channels, n_classes=len(data.class_names),
                            **overrides).validate()
    return _run(data, config, Path(run_dir), False, progress, cancel)


def continue_in_project(project_path: str, dataset_id: int, run_dir: str, progress=None, cancel=None):
    """Resume a stopped run from its last checkpoint, on the same data, to its planned epochs."""
    from aigc_desktop.core.training.runs import load_run

    progress = progress or (lambda event: None)
    lower_thread_priority()
    info = load_run(run_dir)
    config = info.config
    data, _, _ = _load(project_path, dataset_id, config.image_size, config.channels, None, progress, cancel)
    return _run(data, config, Path(run_dir), True, progress, cancel)
