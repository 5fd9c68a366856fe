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


# ------------------------------------------------------------------------------- training length
def _npz(tmp_path, mnist, n=500):
    path = tmp_path / "d.npz"
    np.savez(path, x=mnist[0][:n], y=mnist[1][:n])
    return str(path)


def test_a_step_budget_and_the_warning_it_earns_on_stderr(tmp_path, capsys, mnist):
    torch.set_num_threads(1)
    run_dir = tmp_path / "run"
    assert main(["train", _npz(tmp_path, mnist), "--model", "vae", "--steps", "60", "--batch-size", "32",
                 "--out", str(run_dir), "--device", "cpu"]) == 0
    out = capsys.readouterr()
    summary = last_json_line(out.out)
    assert summary["max_steps"] == 60 and summary["epochs"] == 4  # 450 training images: 15 steps an epoch
    assert "step budget: 60 optimizer steps" in summary["message"]
    assert "aigc train: VAE for 60 steps (4 epochs" in out.err
    # a run cut this short is still learning, and says so on stderr and in the summary
    assert "aigc train: warning: Still improving" in out.err
    assert [w["kind"] for w in summary["warnings"]] == ["still_improving"]
    assert json.loads((run_dir / "run.json").read_text())["global_step"] == 60


def test_a_time_budget_stops_at_the_clock(tmp_path, capsys, mnist):
    run_dir = tmp_path / "run"
    assert main(["train", _npz(tmp_path, mnist), "--model", "vae", "--minutes", "0.01", "--out", str(run_dir),
                 "--device", "cpu", "--batch-size", "16"]) == 0
    summary = last_json_line(capsys.readouterr().out)
    assert summary["max_seconds"] == pytest.approx(0.6) and "time budget" in summary["message"]
    steps = json.loads((run_dir / "run.json").read_text())["global_step"]
    assert 1 <= steps < summary["epochs"] * 29  # stopped by the clock, long before its epoch ceiling


def test_the_default_length_is_the_guis_default_preset(tmp_path):
    from aigc_desktop.cli import build_parser
    from aigc_desktop.cli.training import _request
    from aigc_desktop.core.project import training_config
    from aigc_desktop.core.training.config import DEFAULT_PRESET, preset_steps
    from aigc_desktop.core.training.data import data_from_arrays

    data = data_from_arrays(np.zeros((9000, 28, 28), np.uint8), np.arange(9000) % 10)
    for model in ("vae", "gan"):
        args = build_parser().parse_args(["train", "x", "--model", model, "--out", str(tmp_path / model)])
        config = training_config(_request(args), data, 28, 1)
        assert config.max_steps == preset_steps(model, DEFAULT_PRESET) and config.max_seconds is None
        assert config.epochs * 126 >= config.max_steps  # enough epochs of 8,100 training images
        args = build_parser().parse_args(["train", "x", "--model", model, "--preset", "quick", "--out", "o"])
        assert training_config(_request(args), data, 28, 1).max_steps == preset_steps(model, "quick")


@pytest.mark.parametrize("flags", [
    ["--steps", "0"], ["--steps", "-3"], ["--steps", "many"], ["--minutes", "0"], ["--minutes", "nan"],
    ["--minutes", "inf"], ["--epochs", "0"], ["--steps", "5", "--epochs", "2"], ["--preset", "slow"],
])
def test_bad_training_lengths_are_refused_at_parse_time(flags):
    result = subprocess.run([sys.executable, "-m", "aigc_desktop", "train", "x", "--model", "vae", "--out", "o",
                             *flags], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.strip().count("\n") == 0, result.stderr


def test_help_shows_the_presets_of_every_model():
    result = subprocess.run([sys.executable, "-m", "aigc_desktop", "train", "--help"], capture_output=True,
                            text=True, timeout=60)
    from aigc_desktop.core.training.config import FAMILIES

    assert result.returncode == 0
    for preset in ("quick", "balanced", "best"):
        line = next(line for line in result.stdout.splitlines() if line.split()[:1] == [preset] and "steps" in line)
        for family in FAMILIES.values():
            assert f"{family.preset_steps[preset]:,} steps" in line
    assert "--steps N" in result.stdout and "--minutes M" in result.stdout
