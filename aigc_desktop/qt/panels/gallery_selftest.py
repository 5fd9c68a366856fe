"""The gallery's ``--self-test`` step: generate samples from a run of the demo project."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Slot


def _train_tiny_vae(project_path: str, dataset_id: int, cancel=None) -> str:
    """One epoch of a narrow VAE on 256 demo items: the fallback when no earlier step trained a run."""
    from aigc_desktop.core.data.catalog import Catalog
    from aigc_desktop.core.training.config import default_config
    from aigc_desktop.core.training.data import prepare_data
    from aigc_desktop.core.training.trainer import train
    from aigc_desktop.qt.panels.training_job import cpu_threads, runs_folder

    with Catalog.open(project_path, read_only=True) as catalog:
        items = catalog.items(dataset_id)
        ok = np.asarray(items.ids)[(np.asarray(items.status) == "ok") & np.asarray(items.included, bool)]
        data = prepare_data(catalog, dataset_id, 28, 1, item_ids=ok[:256].tolist(), cache=False, cancel=cancel)
    run_dir = runs_folder(project_path) / "selftest-vae"
    config = default_config("vae", epochs=1, batch_size=64, width=8, latent_dim=2, n_samples=16, device="cpu",
                            num_threads=cpu_threads())
    for event in train(data, config, run_dir, cancel=cancel):
        pass
    return str(run_dir)


class _Outcome(QObject):
    """Receives a worker's result on the GUI thread (a lambda would run in the worker's thread)."""

    def __init__(self) -> None:
        super().__init__()
        self.value: dict = {}

    @Slot(object)
    def on_result(self, run_dir) -> None:
        self.value["run"] = run_dir

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.value["error"] = message


def step_gallery_generate(window) -> dict:
    from aigc_desktop.qt.selftest import SelfTestFailure, wait_for
    from aigc_desktop.qt.workers import Worker

    panel = window.panels.get("gallery")
    if panel is None:
        raise SelfTestFailure("the gallery panel is missing")
    panel.refresh_runs()
    trained_here = False
    if not [r for r in panel.runs if r.has_checkpoint]:
        receiver = _Outcome()
        outcome = receiver.value
        worker = Worker(_train_tiny_vae, window.project_path, window.dataset_id)
        worker.result.connect(receiver.on_result)
        worker.failed.connect(receiver.on_failed)
        window.pool.start(worker)
        wait_for(window, lambda: outcome, 300, "a tiny VAE to train")
        if "error" in outcome:
            raise SelfTestFailure("training a tiny VAE failed: " + outcome["error"])
        panel.refresh_runs()
        panel.select_run(outcome["run"])
        trained_here = True
    run = next(r for r in panel.runs if r.has_checkpoint)
    panel.select_run(run.run_dir)
    panel.count_spin.setValue(8)
    panel.seed_spin.setValue(0)
    before = len(panel._generated.get(run.run_dir, []))
    panel.last_error = ""
    panel.generate()
    wait_for(window, lambda: len(panel._generated.get(run.run_dir, [])) >= before + 8 or panel.last_error, 120,
             "8 generated samples")
    if panel.last_error:
        raise SelfTestFailure("generating failed: " + panel.last_error)
    images = np.stack([s.image for s in panel._generated[run.run_dir][before:]])
    if images.dtype != np.uint8 or images.std() == 0:
        raise SelfTestFailure("the generated samples are blank")
    if panel.model.rowCount() < 8:
        raise SelfTestFailure("the generated samples are not shown in the grid")
    return {"run": Path(run.run_dir).name, "model": run.config.model, "trained_here": trained_here,
            "samples": int(len(images)), "shape": list(images.shape[1:])}
