"""Tiny projects with trained runs (a VAE, a conditional GAN, a conditional diffusion model) for the gallery tests."""
from __future__ import annotations

from pathlib import Path

import numpy as np


def make_project(folder: Path, images: np.ndarray, labels: np.ndarray) -> str:
    """A project holding one small labelled dataset (an .npz), imported synchronously."""
    from aigc_desktop.core.data.catalog import Catalog
    from tests.jobs import imported

    folder.mkdir(parents=True, exist_ok=True)
    npz = folder / "digits.npz"
    np.savez(npz, x=images, y=labels.astype(str))
    project = folder / "tiny.aigc"
    with Catalog.open(str(project), create=True) as catalog:
        imported(catalog, str(npz))
    return str(project)


def train_tiny_run(project: str, name: str, model: str, images: np.ndarray, labels=None, conditional=False,
                   latent_dim: int = 2, **overrides) -> str:
    """One epoch of a narrow model: seconds on one CPU core, enough to load, sample and decode."""
    import torch

    from aigc_desktop.core.training.config import default_config
    from aigc_desktop.core.training.data import data_from_arrays
    from aigc_desktop.core.jobs import run_job
    from aigc_desktop.core.project import Project
    from aigc_desktop.core.training.trainer import train
    from tests.jobs import context

    torch.set_num_threads(1)
    run_dir = Project.at(project).runs_folder / name
    config = default_config(model, epochs=1, batch_size=64, device="cpu", latent_dim=latent_dim, width=8,
                            n_samples=16, conditional=conditional, n_classes=10 if conditional else 0, **overrides)
    finished = run_job(train(data_from_arrays(images, labels if conditional else None), config, run_dir, context()))
    assert finished.reason == "completed", finished
    return str(run_dir)
