"""The project layer: folders, every run listed once (experiments' too), and the services the CLI and
the GUI share, with one set of checks."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest
import torch

from aigc_desktop.cli import main
from aigc_desktop.core.data.dataset_ref import DatasetRef
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import run_job
from aigc_desktop.core.project import Project, TrainingStarted, TrainRequest, resume, train_dataset
from aigc_desktop.core.training.events import EpochEnd
from aigc_desktop.core.training.runs import load_run
from tests.jobs import context, timeline

torch.set_num_threads(1)
TINY = dict(epochs=1, batch_size=32, width=8, latent_dim=4, device="cpu", val_fraction=0.0)


def fake_run(folder, model="vae", epochs_done=1, mtime=None):
    """A run folder as the trainer leaves it, JSON only (listing runs never needs torch)."""
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps({"model": model, "epochs": 2}))
    (folder / "run.json").write_text(json.dumps({"status": "completed", "epochs_done": epochs_done}))
    if mtime is not None:
        os.utime(folder, (mtime, mtime))
    return folder


def test_folders_sit_beside_the_project_and_new_ones_never_collide(tmp_path):
    project = Project.at(tmp_path / "digits.aigc")
    assert project.runs_folder == tmp_path / "digits.runs"
    assert project.experiments_folder == tmp_path / "digits.experiments"
    first = project.new_run_dir("vae")
    first.mkdir(parents=True)
    second = project.new_run_dir("vae")
    assert second != first and second.parent == first.parent
    assert second.name.split("-")[2:] in (["vae"], ["vae", "2"])  # numbered only within the same second


def test_the_project_lists_its_runs_and_its_experiments_runs_oldest_first(tmp_path):
    project = Project.at(tmp_path / "p.aigc")
    fake_run(project.runs_folder / "20240101-000000-vae", mtime=1000)
    fake_run(project.experiments_folder / "20240102-000000-gan" / "cleaned", model="gan", mtime=3000)
    fake_run(project.runs_folder / "20240103-000000-gan", model="gan", mtime=2000)
    (project.runs_folder / "not-a-run").mkdir()
    damaged = project.runs_folder / "damaged"
    damaged.mkdir()
    (damaged / "config.json").write_text("{ half written")
    runs = project.runs()
    assert [r.name for r in runs] == ["20240101-000000-vae", "20240103-000000-gan", "20240102-000000-gan/cleaned"]
    assert [r.config.model for r in runs] == ["vae", "gan", "gan"] and not any(r.has_checkpoint for r in runs)
    assert [p.name for p in project.experiments()] == ["20240102-000000-gan"]


@pytest.fixture(scope="module")
def digits(mnist, tmp_path_factory):
    images, labels = mnist
    folder = tmp_path_factory.mktemp("digits")
    labelled, unlabelled = folder / "labelled.npz", folder / "unlabelled.npz"
    np.savez(labelled, x=images[:96], y=labels[:96])
    np.savez(unlabelled, x=images[:96])
    return labelled, unlabelled


def test_conditional_training_on_unlabelled_data_is_refused_the_same_way_everywhere(digits, tmp_path, capsys):
    _, unlabelled = digits
    request = TrainRequest("vae", {**TINY, "conditional": True})
    with pytest.raises(UserError, match="at least 2 classes") as refused:
        run_job(train_dataset(DatasetRef(str(unlabelled)), request, tmp_path / "run", context()))
    assert main(["train", str(unlabelled), "--model", "vae", "--epochs", "1", "--out", str(tmp_path / "cli"),
                 "--conditional", "--device", "cpu"]) == 1
    assert str(refused.value) in capsys.readouterr().err
    assert not (tmp_path / "run").exists() and not (tmp_path / "cli").exists()


def test_training_reports_its_start_and_resume_uses_the_runs_own_image_size(digits, tmp_path, capsys):
    labelled, _ = digits
    run_dir = tmp_path / "run"
    events = timeline(train_dataset(DatasetRef(str(labelled)), TrainRequest("vae", TINY, image_size=32), run_dir,
                                    context()))
    (started,) = [e for e in events if isinstance(e, TrainingStarted)]
    assert started.n_images == 96 and not started.resumed
    assert started.config.image_size == 32 and started.class_names == [str(i) for i in range(10)]
    assert started.config.epochs == 1 and started.config.max_steps is None  # TINY's epochs, not a preset
    assert events[-1].reason == "completed"
    # the data suggest 28 pixels; the run trained at 32: resuming from the CLI without --size still works
    assert main(["train", str(labelled), "--model", "vae", "--epochs", "2", "--out", str(run_dir), "--resume",
                 "--device", "cpu"]) == 0, capsys.readouterr().err
    info = load_run(run_dir)
    assert info.epochs_done == 2 and info.config.image_size == 32
    again = timeline(resume(DatasetRef(str(labelled)), run_dir, context(), length={"epochs": 3}))
    assert [e.resumed for e in again if isinstance(e, TrainingStarted)] == [True] and [e.epoch for e in again if isinstance(e, EpochEnd)] == [3]
    with pytest.raises(UserError, match="unconditional run as a conditional"):
        run_job(resume(DatasetRef(str(labelled)), run_dir, context(), conditional=True))
