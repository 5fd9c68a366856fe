"""The dirty / cleaned / robust experiment: end to end through ``aigc experiment`` (several seeds, and a
dose-response), and its building blocks: the two versions, the held-out split, the robust weights,
the step budget, the paired comparisons and the summary."""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
import torch
from PIL import Image

from aigc_desktop.cli import main
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.evaluation import experiment_data as xd
from aigc_desktop.core.evaluation.comparison import Comparison, bullets, compare, markdown_table, summarise
from aigc_desktop.core.evaluation.experiment import ExperimentParams, run_experiment, step_budget
from aigc_desktop.core.evaluation.metric_info import BY_KEY
from aigc_desktop.core.evaluation.uncertainty import combine_seeds, seeded_difference, verdict
from aigc_desktop.core.jobs import CancelToken, Cancelled, run_job
from tests.jobs import context, timeline

torch.set_num_threads(1)
N_CLEAN = 300
TINY = {"width": 8, "latent_dim": 8, "batch_size": 64, "device": "cpu"}


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


@pytest.fixture
def tiny_experiment(monkeypatch):
    """Tiny networks and a short feature extractor: these tests are about the plumbing, the benchmark
    about the numbers."""
    import aigc_desktop.core.evaluation.experiment as experiment

    original = experiment.run_experiment

    def small(dataset, params, out_dir, ctx, **kwargs):
        params = dataclasses.replace(params, feature_steps=40, config_overrides=TINY)
        return original(dataset, params, out_dir, ctx, **kwargs)

    monkeypatch.setattr(experiment, "run_experiment", small)


@pytest.mark.slow
def test_aigc_experiment_trains_every_variant_per_seed_and_compares_them(dirty_npz, tmp_path, tiny_experiment,
                                                                         capsys):
    out = tmp_path / "exp"
    assert main(["experiment", str(dirty_npz), "--model", "vae", "--steps", "12", "--seeds", "0,1", "--out",
                 str(out), "--samples", "64", "--conditional"]) == 0
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(printed["runs"]) == {"dirty", "cleaned", "robust"}
    report = json.loads((out / "experiment.json").read_text())
    assert report["schema"] == "aigc-experiment/2" and report["seeds"] == [0, 1] and report["conditional"]
    variants = report["variants"]
    for name in ("dirty", "cleaned", "robust"):
        runs = variants[name]["runs"]
        assert [r["seed"] for r in runs] == [0, 1]
        for run in runs:
            assert (out / f"{name}-seed{run['seed']}" / "checkpoints" / "last.json").exists()
            assert run["finished"] == "completed" and run["steps"] == report["steps"] == 12
            saved = json.loads((out / f"{name}-seed{run['seed']}" / "metrics.json").read_text())
            assert saved["schema"] == "aigc-metrics/2" and saved["n_samples"] == 64
            assert 0 <= run["metrics"]["label_consistency"] <= 1 and "ci95" in run["metrics"]
        summary = variants[name]["summary"]
        assert summary["label_consistency"]["per_seed"] == [r["metrics"]["label_consistency"] for r in runs]
        low, high = summary["local_fd"]["ci95"]
        assert low <= summary["local_fd"]["mean"] <= high
    # one comparison per metric and challenger, each with the difference, its interval and a verdict
    comparisons = report["comparisons"]
    assert {(c["a"], c["b"]) for c in comparisons} == {("dirty", "cleaned"), ("dirty", "robust")}
    for c in comparisons:
        assert set(c) >= {"a", "b", "metric", "difference", "ci95", "verdict"}
        assert c["verdict"] == verdict(c["ci95"], c["metric"] not in (
            "hallucination_offmanifold", "hallucination_semantic", "memorisation_rate", "local_fd", "local_kid",
            "class_kl"))
    # cleaning drops the noise, the blanks and all but one copy; robust keeps every item, down-weighted
    held = int(report["held_out"].split()[0])
    assert report["counts"]["dirty"] == N_CLEAN + 40 and 20 <= held
    assert variants["dirty"]["n_train"] == variants["robust"]["n_train"] == N_CLEAN + 40 - held
    assert variants["cleaned"]["n_train"] <= N_CLEAN + 40 - held - 19 - 10 - 8
    assert "shares the cleaning's judgement" in report["held_out"]
    text = (out / "summary.md").read_text()
    assert all(line in text for line in report["summary"])
    assert any("12 optimizer steps of batch 64" in line for line in report["summary"])


@pytest.mark.slow
def test_dose_response_plants_dirt_and_plots_each_metric_against_the_rate(mnist, tmp_path, tiny_experiment, capsys):
    images, labels = mnist
    clean = tmp_path / "clean.npz"
    np.savez(clean, x=images[:360], y=labels[:360])
    out = tmp_path / "dose"
    assert main(["experiment", str(clean), "--model", "vae", "--steps", "6", "--seeds", "0", "--plant", "0,0.5",
                 "--out", str(out), "--samples", "48", "--conditional"]) == 0
    report = json.loads((out / "experiment.json").read_text())
    assert [d["rate"] for d in report["doses"]] == [0, 0.5]
    clean_dose, dirty_dose = report["doses"]
    # planting adds copies and damages items: the dirty data at 0.5 are larger than the clean ones at 0
    assert dirty_dose["counts"]["dirty"] > clean_dose["counts"]["dirty"]
    assert "set aside before any dirt was planted" in clean_dose["held_out"]
    assert {c["rate"] for c in report["comparisons"]} == {0, 0.5}
    with Image.open(out / "dose_response.png") as plot:
        assert plot.size[0] >= 800 and plot.size[1] >= 600
    assert (out / "dirt0.5-cleaned-seed0" / "metrics.json").exists()
    assert "dose_response.png" in (out / "summary.md").read_text()


@pytest.fixture(scope="module")
def dirty_scan(dirty_npz):
    from aigc_desktop.core.data.dataset_ref import DatasetRef
    from aigc_desktop.core.quality.scan import scan

    catalog, dataset_id = run_job(DatasetRef(str(dirty_npz)).open(context()))
    with catalog:
        return run_job(scan(catalog, dataset_id, None, context()))


def test_robust_weights_count_a_duplicate_group_once_and_sink_suspects(dirty_scan):
    weights = xd.robust_weights(dirty_scan, conditional=False)
    assert weights.shape == (N_CLEAN + 40,) and (weights > 0).all() and (weights <= 1).all()
    group = dirty_scan.groups["exact_duplicate"][N_CLEAN]
    members = dirty_scan.groups["exact_duplicate"] == group
    assert members.sum() == 21  # the original and its 20 copies
    assert weights[members].sum() == pytest.approx(1.0, abs=0.01)
    noise_and_blanks = slice(N_CLEAN + 20, N_CLEAN + 40)
    assert weights[noise_and_blanks].max() < 0.5 < np.median(weights[:N_CLEAN])


def _versions(n, excluded=(), relabelled=()):
    included = np.ones(n, bool)
    included[list(excluded)] = False
    labels = np.array([str(i % 10) for i in range(n)])
    dirty = (np.ones(n, bool), labels.copy())
    labels[list(relabelled)] = "9"
    return dirty, (included, labels)


def test_held_out_images_come_from_items_both_versions_keep_and_no_run_trains_on_them(dirty_scan):
    n = len(dirty_scan)
    pixels = np.zeros((n, 4, 4, 1), np.uint8)
    item_ids = np.asarray(dirty_scan.item_ids)
    dirty, cleaned = _versions(n, excluded=range(300, 340))
    data = xd.build(pixels, item_ids, dirty, cleaned, "test", dirty_scan, {}, None, False, 0.15, 2000, seed=0)
    again = xd.build(pixels, item_ids, dirty, cleaned, "test", dirty_scan, {}, None, False, 0.15, 2000, seed=0)
    assert len(data.held_out.pixels) == round(0.15 * n)
    held = ~data.variants["dirty"].rows
    assert np.array_equal(data.variants["dirty"].rows, again.variants["dirty"].rows)
    assert not held[300:340].any()  # never an item the cleaning excluded
    for v in data.variants.values():
        assert v.rows.sum() <= n - len(data.held_out.pixels)
    assert data.counts == {"dirty": n, "cleaned": n - 40}


def test_identical_versions_are_refused_and_a_relabelling_is_not(dirty_scan):
    n = len(dirty_scan)
    pixels = np.zeros((n, 4, 4, 1), np.uint8)
    same = _versions(n)
    with pytest.raises(UserError, match="the same"):
        xd.build(pixels, np.asarray(dirty_scan.item_ids), same[0], same[0], "x", dirty_scan, {}, None, False, 0.15,
                 2000, 0)
    relabelled = _versions(n, relabelled=range(10))
    data = xd.build(pixels, np.asarray(dirty_scan.item_ids), *relabelled, "x", dirty_scan, {}, None, False, 0.15,
                    2000, 0)
    assert data.counts["dirty"] == data.counts["cleaned"] == n


def test_dirty_is_version_zero_and_cleaned_the_current_version_of_a_project(dirty_npz, tmp_path):
    from aigc_desktop.core.cleaning.plans import default_plan
    from aigc_desktop.core.data.dataset_ref import DatasetRef
    from aigc_desktop.core.project import Project, apply_plan_in_project, import_into_project, scan_in_project

    project = Project.at(tmp_path / "p.aigc")
    dataset_id = run_job(import_into_project(project, dirty_npz, context()))
    with project.open() as catalog:
        dirty, cleaned = xd.version_choice(catalog, dataset_id, None, None)
    assert (dirty, cleaned) == (0, None)  # nothing cleaned yet: the default plan stands in
    scan_result = run_job(scan_in_project(project, dataset_id, None, context()))
    apply_plan_in_project(project, dataset_id, scan_result, default_plan())
    pixels, ids, dirty, cleaned, description, _, _ = run_job(xd.load_versions(
        DatasetRef(str(project.path), dataset_id), None, None, scan_result, context()))
    assert dirty[0].sum() == N_CLEAN + 40 and cleaned[0].sum() < N_CLEAN + 40 - 30
    assert description.startswith("version 1")
    with pytest.raises(UserError, match="no version 7"):
        run_job(xd.load_versions(DatasetRef(str(project.path), dataset_id), 0, 7, scan_result, context()))


def test_cancel_stops_the_experiment(dirty_npz, tmp_path):
    from aigc_desktop.core.data.dataset_ref import DatasetRef

    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        run_job(run_experiment(DatasetRef(str(dirty_npz)), ExperimentParams("vae", epochs=1), tmp_path / "exp",
                               context(cancel=token)))


def test_parameters_are_checked_before_any_work(dirty_npz, tmp_path):
    from aigc_desktop.core.data.dataset_ref import DatasetRef

    for bad, message in ((dict(seeds=()), "seeds"), (dict(seeds=(1, 1)), "distinct"), (dict(steps=0), "step"),
                         (dict(plant=(0.1, -1)), "dirt rates"), (dict(plant=(0.1,), dirty_version=0), "versions")):
        with pytest.raises(UserError, match=message):
            run_job(run_experiment(DatasetRef(str(dirty_npz)), ExperimentParams("vae", **bad), tmp_path / "x",
                                   context()))


# ------------------------------------------------------------------------------ comparisons
def _metrics(value: float, spread: float, seed: int, key: str = "label_consistency") -> dict:
    reps = np.random.default_rng(seed).normal(value, spread, 200)
    return {key: value, "bootstrap": {"samples": {key: reps.tolist()}}}


def test_a_verdict_only_where_the_interval_of_the_difference_excludes_zero():
    dirty = [_metrics(0.60, 0.01, s) for s in range(3)]
    clearly = [_metrics(0.80 + 0.01 * s, 0.01, 10 + s) for s in range(3)]
    barely = [_metrics(0.60 + 0.02 * (s - 1), 0.01, 20 + s) for s in range(3)]
    [better] = compare("dirty", dirty, "cleaned", clearly, keys=["label_consistency"])
    assert better.verdict == "better" and better.ci95[0] > 0 and better.difference == pytest.approx(0.21)
    [same] = compare("dirty", dirty, "cleaned", barely, keys=["label_consistency"])
    assert same.verdict == "no clear difference" and same.ci95[0] < 0 < same.ci95[1]
    worse = [_metrics(0.10, 0.01, 30, "memorisation_rate")], [_metrics(0.30, 0.01, 31, "memorisation_rate")]
    [c] = compare("dirty", worse[0], "cleaned", worse[1], keys=["memorisation_rate"])
    assert c.verdict == "worse"  # memorisation is lower-is-better


def test_seed_intervals_use_the_spread_between_seeds_and_never_less_than_the_bootstrap():
    # three seeds that agree closely still carry each measurement's own noise
    mean, (low, high) = combine_seeds([0.5, 0.5, 0.5], [np.random.default_rng(s).normal(0.5, 0.05, 200)
                                                         for s in range(3)])
    assert mean == 0.5 and high - low > 2 * 4.303 * 0.045 / np.sqrt(3)
    # seeds that disagree widen the interval (t with 2 degrees of freedom)
    _, (low, high) = combine_seeds([0.3, 0.5, 0.7], [np.full(200, v) for v in (0.3, 0.5, 0.7)])
    assert high - low == pytest.approx(2 * 4.303 * 0.2 / np.sqrt(3), rel=1e-3)
    d, ci = seeded_difference([0.5], [0.7], [np.random.default_rng(1).normal(0.5, 0.02, 200)],
                              [np.random.default_rng(2).normal(0.7, 0.02, 200)])
    assert d == pytest.approx(0.2) and 0.1 < ci[0] < ci[1] < 0.3


def test_bullets_are_whole_sentences_and_the_table_shows_means_intervals_and_verdicts():
    comparisons = [Comparison("dirty", "cleaned", "label_consistency", 0.29, [0.21, 0.37], "better", 0.62, 0.91),
                   Comparison("dirty", "cleaned", "local_fd", 0.5, [-1.0, 2.0], "no clear difference", 10.0, 10.5),
                   Comparison("dirty", "robust", "local_fd", -0.1, [-2.0, 1.8], "no clear difference", 10.0, 9.9)]
    lines = bullets(comparisons)
    assert lines[0] == ("Cleaned data vs dirty data: label consistency 62.0% → 91.0% (difference +29.0%, "
                        "95% CI +21.0% to +37.0%): better.")
    assert lines[1].startswith("Cleaned data vs dirty data: no clear difference in local FD")
    assert lines[2].startswith("Robust training vs dirty data: no clear difference in local FD")
    assert not any("on balance" in line.lower() for line in lines)
    runs = {"dirty": [_metrics(0.62, 0.01, 1)], "cleaned": [_metrics(0.91, 0.01, 2)]}
    table = markdown_table({name: summarise(r) for name, r in runs.items()}, comparisons[:1],
                           floor={"label_consistency": 0.97})
    row = next(line for line in table.splitlines() if line.startswith("| label consistency"))
    assert "62.0% [" in row and "91.0% [" in row and "97.0%" in row and "cleaned: better" in row


@pytest.mark.parametrize("model", ["vae", "gan"])
def test_a_smaller_cleaned_set_gets_as_many_optimizer_steps_as_the_dirty_one(mnist, tmp_path, model):
    from aigc_desktop.core.training.checkpoints import read_json
    from aigc_desktop.core.training.config import default_config
    from aigc_desktop.core.training.data import data_from_arrays
    from aigc_desktop.core.training.trainer import train

    images, labels = mnist
    sizes = {"dirty": 340, "cleaned": 250, "robust": 340}  # cleaning dropped about a quarter
    config = default_config(model, epochs=2, batch_size=32, width=8, latent_dim=8, device="cpu")
    steps, epochs = step_budget(sizes, config)
    taken = {}
    for name, n in sizes.items():
        run_config = default_config(model, epochs=epochs[name], max_steps=steps, batch_size=32, width=8,
                                    latent_dim=8, device="cpu")
        events = timeline(train(data_from_arrays(images[:n], labels[:n]), run_config, tmp_path / name, context()))
        assert events[-1].reason == "completed"
        taken[name] = read_json(tmp_path / name / "checkpoints" / "last.json")["global_step"]
    # 2 epochs of the dirty set's 306 training images
    assert steps == 2 * (306 // 32 if model == "gan" else -(-306 // 32))
    assert all(abs(n - steps) <= 1 for n in taken.values()), taken
    # with the same number of epochs instead, the cleaned run would have had a quarter fewer updates
    assert epochs["cleaned"] == 3 and 2 * (225 // 32 if model == "gan" else -(-225 // 32)) < steps - 1
    assert step_budget(sizes, config, steps=50) == (50, {"dirty": 5 if model == "vae" else 6,
                                                         "cleaned": 7 if model == "vae" else 8,
                                                         "robust": 5 if model == "vae" else 6})


def test_data_copying_nearer_zero_is_better_from_either_side():
    """C_T is about 0 for real data: below it copies, above it underfits; a move towards 0 is better."""
    underfit = [_metrics(5.0 + 0.1 * s, 0.2, 40 + s, "ct_score") for s in range(3)]
    nearer = [_metrics(3.0 + 0.1 * s, 0.2, 50 + s, "ct_score") for s in range(3)]
    copying = [_metrics(-4.0 + 0.1 * s, 0.2, 60 + s, "ct_score") for s in range(3)]
    [c] = compare("dirty", underfit, "cleaned", nearer, keys=["ct_score"])
    assert c.verdict == "better" and c.difference == pytest.approx(-2.0) and c.ci95[1] < 0
    [c] = compare("dirty", nearer, "cleaned", copying, keys=["ct_score"])
    assert c.verdict == "worse"  # farther from 0, on the copying side
    mirrored = [_metrics(-3.0 - 0.1 * s, 0.2, 70 + s, "ct_score") for s in range(3)]
    [c] = compare("dirty", nearer, "cleaned", mirrored, keys=["ct_score"])
    assert c.verdict == "no clear difference"  # as far from 0 on the other side
    assert BY_KEY["ct_score"].heading == "data-copying C_T (closer to 0 is better)"


def test_dose_plot_ticks_keep_small_shares_apart():
    from aigc_desktop.core.evaluation.plot import tick_labels

    assert tick_labels([0.0, 0.0005, 0.001, 0.0015], True) == ["0.00%", "0.05%", "0.10%", "0.15%"]
    assert tick_labels([0.5, 0.6, 0.7], True) == ["50%", "60%", "70%"]
    assert tick_labels([0.0, 2.5, 5.0], False) == ["0.0", "2.5", "5.0"]
