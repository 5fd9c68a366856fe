"""The dirty / cleaned / robust experiment, end to end through ``aigc experiment`` on a small dirty
MNIST set, and its building blocks on the scan of that set."""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
import torch

from aigc_desktop.cli import main
from aigc_desktop.core.evaluation.comparison import markdown_table, summary_text
from aigc_desktop.core.evaluation.experiment import ExperimentParams, robust_weights, run_experiment, step_budget
from aigc_desktop.core.jobs import CancelToken, Cancelled, run_job
from tests.jobs import context, timeline

torch.set_num_threads(1)
N_CLEAN = 300


@pytest.fixture(scope="module")
def dirty_npz(mnist, tmp_path_factory):
    """300 digits + 20 copies of one digit + 10 noise images + 10 blanks, labels kept."""
    images, labels = mnist
    rng = np.random.default_rng(0)
    x, y = images[:N_CLEAN], labels[:N_CLEAN]
    copies = np.repeat(x[:1], 20, 0)
    noise = rng.integers(0, 256, (10, 28, 28), dtype=np.uint8)
    blanks = np.zeros((10, 28, 28), np.uint8)
    all_x = np.concatenate([x, copies, noise, blanks])
    all_y = np.concatenate([y, np.repeat(y[:1], 20), rng.integers(0, 10, 20)])
    path = tmp_path_factory.mktemp("dirty") / "dirty.npz"
    np.savez(path, x=all_x, y=all_y)
    return path


@pytest.mark.slow
def test_aigc_experiment_trains_three_runs_and_reports_them(dirty_npz, tmp_path, monkeypatch, capsys):
    import aigc_desktop.core.evaluation.experiment as experiment

    # tiny networks and one epoch: the test is about the plumbing, the benchmark about the numbers
    original = experiment.run_experiment

    def small(dataset, params, out_dir, ctx, **kwargs):
        params = dataclasses.replace(params, feature_steps=40, config_overrides={
            "width": 8, "latent_dim": 8, "batch_size": 64, "device": "cpu"})
        return original(dataset, params, out_dir, ctx, **kwargs)

    monkeypatch.setattr(experiment, "run_experiment", small)
    out = tmp_path / "exp"
    assert main(["experiment", str(dirty_npz), "--model", "vae", "--epochs", "1", "--out", str(out),
                 "--samples", "64"]) == 0
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(printed["runs"]) == {"dirty", "cleaned", "robust"}
    report = json.loads((out / "experiment.json").read_text())
    assert report["schema"] == "aigc-experiment/1"
    variants = report["variants"]
    for name in ("dirty", "cleaned", "robust"):
        assert (out / name / "checkpoints" / "last.safetensors").exists()
        assert variants[name]["finished"] == "completed"
        m = variants[name]["metrics"]
        assert m["n_samples"] == 64 and m["n_real"] == report["n_held_out"]
        assert 0 <= m["hallucination"]["rate"] <= 1 and 0 <= m["memorisation"]["rate"] <= 1
        assert "not comparable to published FID" in m["notes"]["local_fd"]
    n_items = N_CLEAN + 40
    held = report["n_held_out"]
    assert report["n_items"] == n_items and 20 <= held <= 0.2 * n_items
    # robust keeps every non-held-out item; cleaning drops the noise, the blanks and all but one copy
    assert variants["dirty"]["n_train"] == variants["robust"]["n_train"] == n_items - held
    assert variants["cleaned"]["n_train"] <= n_items - held - 19 - 10 - 8
    # the budget is optimizer steps: the smaller cleaned set gets as many as the dirty one, not fewer
    assert report["steps"] >= 1 and report["batch_size"] == 64
    for name in ("dirty", "cleaned", "robust"):
        assert abs(variants[name]["steps"] - report["steps"]) <= 1, name
    assert variants["cleaned"]["epochs"] > variants["dirty"]["epochs"] == 1
    assert f"each run took {report['steps']} optimizer steps of batch 64" in report["summary_text"]
    summary = (out / "summary.md").read_text()
    assert report["summary_text"] in summary and "| hallucination rate" in summary
    assert "cleaned data" in report["summary_text"] and "robust training" in report["summary_text"]


@pytest.fixture(scope="module")
def dirty_scan(dirty_npz):
    from aigc_desktop.core.data.dataset_ref import DatasetRef
    from aigc_desktop.core.quality.scan import scan

    catalog, dataset_id = run_job(DatasetRef(str(dirty_npz)).open(context()))
    with catalog:
        return run_job(scan(catalog, dataset_id, None, context()))


def test_robust_weights_count_a_duplicate_group_once_and_sink_suspects(dirty_scan):
    weights = robust_weights(dirty_scan, conditional=False)
    assert weights.shape == (N_CLEAN + 40,) and (weights > 0).all() and (weights <= 1).all()
    group = dirty_scan.groups["exact_duplicate"][N_CLEAN]
    members = dirty_scan.groups["exact_duplicate"] == group
    assert members.sum() == 21  # the original and its 20 copies
    assert weights[members].sum() == pytest.approx(1.0, abs=0.01)
    noise_and_blanks = slice(N_CLEAN + 20, N_CLEAN + 40)
    assert weights[noise_and_blanks].max() < 0.5 < np.median(weights[:N_CLEAN])


def test_held_out_split_holds_only_unflagged_items_and_is_seeded(dirty_scan):
    from aigc_desktop.core.evaluation.experiment import held_out_rows

    rows = np.arange(len(dirty_scan))
    a = held_out_rows(dirty_scan, rows, 0.15, 2000, seed=0)
    b = held_out_rows(dirty_scan, rows, 0.15, 2000, seed=0)
    assert np.array_equal(a, b) and len(a) == round(0.15 * len(rows))
    for issue_type in dirty_scan.checked:
        assert not dirty_scan.flagged(issue_type)[a].any(), issue_type


def test_cancel_stops_the_experiment(dirty_npz, tmp_path):
    from aigc_desktop.core.data.dataset_ref import DatasetRef

    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        run_job(run_experiment(DatasetRef(str(dirty_npz)), ExperimentParams("vae", 1), tmp_path / "exp",
                               context(cancel=token)))


def test_summary_reports_what_was_measured_either_way():
    dirty = {"hallucination": {"rate": 0.20}, "memorisation": {"rate": 0.10}, "local_fd": 50.0}
    cleaner = {"hallucination": {"rate": 0.10}, "memorisation": {"rate": 0.02}, "local_fd": 40.0}
    worse = {"hallucination": {"rate": 0.30}, "memorisation": {"rate": 0.10}, "local_fd": 70.0}
    text = summary_text({"dirty": dirty, "cleaned": cleaner, "robust": worse}, 100, 0, 3)
    assert "hallucination rate fell from 20.0% to 10.0% (better)" in text
    assert "memorisation rate fell from 10.0% to 2.0% (better)" in text
    assert "hallucination rate rose from 20.0% to 30.0% (worse)" in text
    assert "memorisation rate about the same" in text
    assert "cleaned data run did better" in text and "robust training run did worse" in text
    table = markdown_table({"dirty": dirty, "cleaned": cleaner})
    assert "| hallucination rate (lower is better) | 20.0% | 10.0% |" in table


@pytest.mark.parametrize("model", ["vae", "gan"])
def test_a_smaller_cleaned_set_gets_as_many_optimizer_steps_as_the_dirty_one(mnist, tmp_path, model):
    from aigc_desktop.core.training.checkpoints import read_json
    from aigc_desktop.core.training.config import default_config
    from aigc_desktop.core.training.data import data_from_arrays
    from aigc_desktop.core.training.trainer import train

    images, labels = mnist
    sizes = {"dirty": 340, "cleaned": 250, "robust": 340}  # cleaning dropped about a quarter
    config = default_config(model, epochs=2, batch_size=32, width=8, latent_dim=8, device="cpu")
    steps, budgets = step_budget(sizes, config)
    taken = {}
    for name, n in sizes.items():
        epochs, max_steps = budgets[name]
        run_config = default_config(model, epochs=epochs, max_steps=max_steps, batch_size=32, width=8,
                                    latent_dim=8, device="cpu")
        events = timeline(train(data_from_arrays(images[:n], labels[:n]), run_config, tmp_path / name, context()))
        assert events[-1].reason == "completed"
        taken[name] = read_json(tmp_path / name / "checkpoints" / "last.json")["global_step"]
    # 2 epochs of the dirty set's 306 training images
    assert steps == 2 * (306 // 32 if model == "gan" else -(-306 // 32))
    assert all(abs(n - steps) <= 1 for n in taken.values()), taken
    # with the same number of epochs instead, the cleaned run would have had a quarter fewer updates
    assert budgets["cleaned"][0] == 3 and 2 * (225 // 32 if model == "gan" else -(-225 // 32)) < steps - 1


def test_summary_states_the_optimizer_steps_each_run_took():
    metrics = {"hallucination": {"rate": 0.2}, "memorisation": {"rate": 0.1}, "local_fd": 50.0}
    results = {"dirty": metrics, "cleaned": metrics, "robust": metrics}
    text = summary_text(results, 100, 0, 3, steps={"dirty": 120, "cleaned": 120, "robust": 120}, batch_size=64)
    assert "each run took 120 optimizer steps of batch 64, 3 epochs of the dirty data" in text
    uneven = summary_text(results, 100, 0, 3, steps={"dirty": 120, "cleaned": 80, "robust": 120}, batch_size=64)
    assert "each run took" not in uneven and "dirty 120, cleaned 80, robust 120" in uneven
