"""The gallery's ``--self-test`` step: generate samples from a run of the demo project."""
from __future__ import annotations

from pathlib import Path

import numpy as np


def _train_tiny_vae(project, dataset_id: int, ctx):
    """One epoch of a narrow VAE on 256 demo items: the fallback when no earlier step trained a run.
    A job returning the run folder."""
    from aigc_desktop.core.project import TrainRequest, train_dataset

    run_dir = project.runs_folder / "selftest-vae"
    request = TrainRequest("vae", dict(epochs=1, batch_size=64, width=8, latent_dim=2, n_samples=16, device="cpu"),
                           image_size=28, item_limit=256)
    yield from train_dataset(project.dataset(dataset_id), request, run_dir, ctx)
    return str(run_dir)


def step_gallery_generate(window) -> dict:
    from aigc_desktop.core.project import Project
    from aigc_desktop.qt.selftest import SelfTestFailure, wait_for

    panel = window.panels.get("gallery")
    if panel is None:
        raise SelfTestFailure("the gallery panel is missing")
    panel.refresh_runs()
    wait_for(window, lambda: not panel.is_refreshing(), 60, "the runs to be listed")
    trained_here = False
    if not [r for r in panel.runs if r.has_checkpoint]:
        outcome: dict = {}
        project, dataset_id = Project(Path(window.project_path)), window.dataset_id
        window.runner.start(lambda ctx: _train_tiny_vae(project, dataset_id, ctx),
                            on_result=lambda run_dir: outcome.update(run=run_dir),
                            on_failed=lambda message: outcome.update(error=message))
        wait_for(window, lambda: outcome, 300, "a tiny VAE to train")
        if "error" in outcome:
            raise SelfTestFailure("training a tiny VAE failed: " + outcome["error"])
        panel.refresh_runs()
        wait_for(window, lambda: not panel.is_refreshing(), 60, "the runs to be listed")
        panel.select_run(outcome["run"])
        trained_here = True
    run = next(r for r in panel.runs if r.has_checkpoint)
    panel.select_run(run.run_dir)
    panel.count_spin.setValue(8)
    panel.seed_spin.setValue(0)
    before = len(panel.generated(run.run_dir))
    panel.last_error = ""
    panel.generate()
    wait_for(window, lambda: len(panel.generated(run.run_dir)) >= before + 8 or panel.last_error, 120,
             "8 generated samples")
    if panel.last_error:
        raise SelfTestFailure("generating failed: " + panel.last_error)
    images = np.stack([s.image for s in panel.generated(run.run_dir)[before:]])
    if images.dtype != np.uint8 or images.std() == 0:
        raise SelfTestFailure("the generated samples are blank")
    if panel.model.rowCount() < 8:
        raise SelfTestFailure("the generated samples are not shown in the grid")
    return {"run": Path(run.run_dir).name, "model": run.config.model, "trained_here": trained_here,
            "samples": int(len(images)), "shape": list(images.shape[1:])}
