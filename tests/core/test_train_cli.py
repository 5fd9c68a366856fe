"""``aigc train`` end to end: the demo dataset, --resume, and 2 CPU processes under torchrun."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from aigc_desktop.cli import main
from aigc_desktop.core.data.demo import write_demo
from aigc_desktop.core.training.checkpoints import load_checkpoint
from aigc_desktop.core.training.runs import load_generator, load_run
from aigc_desktop.core.jobs import run_job


def last_json_line(text):
    return json.loads(text.strip().splitlines()[-1])


@pytest.mark.slow
def test_train_on_the_demo_dataset_then_resume(tmp_path, capsys):
    torch.set_num_threads(1)
    run_job(write_demo(tmp_path / "demo"))
    run_dir = tmp_path / "run"
    assert main(["train", str(tmp_path / "demo"), "--model", "vae", "--epochs", "1", "--out", str(run_dir),
                 "--device", "cpu", "--latent", "2"]) == 0
    out = capsys.readouterr()
    summary = last_json_line(out.out)
    assert summary["reason"] == "completed" and summary["epochs_done"] == 1 and summary["model"] == "vae"
    assert summary["n_images"] > 1700 and np.isfinite(summary["losses"]["loss"])
    assert "epoch 1/1 done" in out.err
    assert main(["train", str(tmp_path / "demo"), "--model", "vae", "--epochs", "2", "--out", str(run_dir),
                 "--device", "cpu", "--resume"]) == 0
    summary = last_json_line(capsys.readouterr().out)
    assert summary["epochs_done"] == 2
    info = load_run(run_dir)
    assert info.status == "completed" and info.config.latent_dim == 2 and len(info.history) == 2
    assert info.history[1]["val_loss"] < info.history[0]["val_loss"]
    assert load_generator(run_dir).sample(8).shape == (8, 28, 28, 1)


def test_train_refuses_a_run_folder_in_use_and_a_missing_dataset(tmp_path, capsys, mnist):
    np.savez(tmp_path / "d.npz", x=mnist[0][:64], y=mnist[1][:64])
    args = ["train", str(tmp_path / "d.npz"), "--model", "gan", "--epochs", "1", "--out", str(tmp_path / "run"),
            "--device", "cpu"]
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 1
    assert "already holds a training run" in capsys.readouterr().err
    assert main(["train", str(tmp_path / "missing"), "--model", "vae", "--epochs", "1", "--out",
                 str(tmp_path / "r2")]) == 1


@pytest.mark.slow
@pytest.mark.parametrize("model", ["vae", "gan", "diffusion"])
def test_two_cpu_processes_under_torchrun(tmp_path, mnist, model):
    np.savez(tmp_path / "d.npz", x=mnist[0][:512], y=mnist[1][:512])
    run_dir = tmp_path / "run"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
         "-m", "aigc_desktop.cli", "train", str(tmp_path / "d.npz"), "--model", model, "--epochs", "2",
         "--out", str(run_dir), "--device", "cpu", "--batch-size", "32", "--conditional",
         *(["--sampler-steps", "2"] if model == "diffusion" else [])],
        capture_output=True, text=True, timeout=240, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1  # only rank 0 prints
    summary = json.loads(lines[0])
    assert summary["world_size"] == 2 and summary["reason"] == "completed" and summary["epochs_done"] == 2
    assert all(np.isfinite(v) for v in summary["losses"].values())
    weights, meta, _ = load_checkpoint(run_dir / "checkpoints", "last")
    assert meta["world_size"] == 2 and all(torch.isfinite(t).all() for t in weights.values() if t.is_floating_point())
    history = load_run(run_dir).history
    assert len(history) == 2 and all(np.isfinite(h["val_loss"]) for h in history)
    # each rank trains on its half of the 460 training images: 230 -> 8 batches of 32 (GAN: 7 full ones)
    steps = 7 if model == "gan" else 8
    assert f"epoch 1/2: {steps}/{steps} (100%)" in result.stderr
    assert load_generator(run_dir).sample(10, labels=3).shape == (10, 28, 28, 1)
