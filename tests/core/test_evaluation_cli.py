"""``aigc generate`` and ``aigc evaluate`` on a tiny trained run."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PIL import Image

from aigc_desktop.cli import main
from aigc_desktop.core.evaluation.export import DIGITAL_SOURCE_TYPE, XMP_KEY
from aigc_desktop.core.training.config import default_config
from aigc_desktop.core.training.data import data_from_arrays
from aigc_desktop.core.training.trainer import train
from tests.jobs import context, timeline

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def trained(mnist, tmp_path_factory):
    images, labels = mnist
    base = tmp_path_factory.mktemp("cli")
    train_x, train_y = images[:300], labels[:300]
    # the training set repeats one digit 15 times: a model that copies would copy that one
    np.savez(base / "train.npz", x=np.concatenate([train_x, np.repeat(train_x[:1], 15, 0)]),
             y=np.concatenate([train_y, np.repeat(train_y[:1], 15)]))
    np.savez(base / "held.npz", x=images[5000:5300], y=labels[5000:5300])
    data = data_from_arrays(train_x, train_y)
    config = default_config("vae", epochs=1, batch_size=64, width=8, latent_dim=8, device="cpu", n_samples=4)
    events = timeline(train(data, config, base / "run", context()))
    assert events[-1].reason == "completed"
    return base


def test_generate_writes_pngs_with_provenance_and_a_manifest(trained, tmp_path, capsys):
    out = tmp_path / "samples"
    assert main(["generate", str(trained / "run"), "-n", "6", "--seed", "3", "--out", str(out), "--badge"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["n"] == 6 and printed["model"] == "vae"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 3 and manifest["badge"] is True and len(manifest["files"]) == 6
    with Image.open(out / manifest["files"][5]["file"]) as im:
        assert im.size == (28, 28)
        assert im.text["AI-Generated"] == "true" and im.text["Seed"] == "3"
        assert DIGITAL_SOURCE_TYPE in im.text[XMP_KEY]


def test_generate_can_export_the_model_with_a_card(trained, tmp_path, capsys):
    export = tmp_path / "model"
    assert main(["generate", str(trained / "run"), "-n", "2", "--out", str(tmp_path / "s"),
                 "--export-model", str(export)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert {p.name for p in export.iterdir()} >= {"generator.safetensors", "generator.json", "generator.pt",
                                                  "generator.onnx", "MODEL_CARD.md", "export.json"}
    assert printed["export"]["max_abs_error"]["onnx"] < 1e-4
    assert "## Ethical considerations" in (export / "MODEL_CARD.md").read_text()


@pytest.mark.slow
def test_evaluate_writes_metrics_and_links_copies_to_duplicate_groups(trained, tmp_path, monkeypatch, capsys):
    """Every headline metric with its interval and real floor; a generator that emits the duplicated
    training digit is caught and tied to its duplicate group."""
    from aigc_desktop.core.evaluation.metric_info import KEYS
    from aigc_desktop.core.training import runs

    train_x = np.load(trained / "train.npz")["x"]
    original = runs.TrainedGenerator.sample

    def copying(self, n, seed=0, labels=None):
        images = original(self, n, seed, labels)
        images[: n // 2] = train_x[0][..., None]
        return images

    monkeypatch.setattr(runs.TrainedGenerator, "sample", copying)
    target = tmp_path / "metrics.json"
    assert main(["evaluate", str(trained / "run"), "--data", str(trained / "train.npz"), "--reference",
                 str(trained / "held.npz"), "--json", str(target), "-n", "40"]) == 0
    printed = json.loads(capsys.readouterr().out)
    metrics = json.loads(target.read_text())
    assert metrics["schema"] == "aigc-metrics/2"
    assert printed["local_fd"] == metrics["local_fd"] >= 0 and printed["ci95"] == metrics["ci95"]
    assert metrics["n_samples"] == 40 and metrics["n_reference"] + metrics["n_floor"] == 300
    assert metrics["n_train"] == 315
    for key in KEYS:
        if key == "label_consistency":  # an unconditional run
            assert key not in metrics
            continue
        assert metrics[key] is not None and metrics["notes"][key], key
        low, high = metrics["ci95"][key]
        assert low <= high and key in metrics["real_floor"], key
    assert "not comparable to published FID" in metrics["notes"]["local_fd"]
    assert "reference dataset" in metrics["notes"]["data"] and "does not match" in metrics["notes"]["data"]
    assert metrics["memorisation_rate"] >= 0.5 and metrics["real_floor"]["memorisation_rate"] <= 0.05
    copied = [m for m in metrics["details"]["memorised"] if m["pixel_ratio"] < 1e-6]
    assert len(copied) == 20
    assert all(m["duplicate_type"] == "exact_duplicate" and "duplicate_group" in m for m in copied)
    assert len({m["duplicate_group"] for m in copied}) == 1
    assert metrics["details"]["from_duplicate_groups"] >= 20
    # each flagged sample beside the training image it copies, drawn again with the evaluation's seed
    from aigc_desktop.core.data.dataset_ref import DatasetRef
    from aigc_desktop.core.evaluation.run_evaluation import memorised_pairs
    from aigc_desktop.core.jobs import run_job

    pairs = run_job(memorised_pairs(trained / "run", DatasetRef(str(trained / "train.npz")), context(), metrics))
    exact = [(sample, train) for sample, train, record in pairs if record["pixel_ratio"] < 1e-6]
    assert len(exact) == 20 and all(np.array_equal(s[..., 0], train_x[0]) and np.array_equal(t, s)
                                    for s, t in exact)


@pytest.mark.slow
def test_evaluate_without_a_reference_uses_the_runs_own_validation_split(trained, mnist, tmp_path, capsys):
    images, labels = mnist
    own = tmp_path / "own.npz"
    np.savez(own, x=images[:300], y=labels[:300])  # exactly the data the run trained on
    target = tmp_path / "metrics.json"
    assert main(["evaluate", str(trained / "run"), "--data", str(own), "--json", str(target), "-n", "32",
                 "--no-scan"]) == 0
    metrics = json.loads(target.read_text())
    assert "validation split (30 images it never trained on)" in metrics["notes"]["data"]
    assert metrics["n_reference"] + metrics["n_floor"] == 30 and metrics["n_train"] == 270
    assert "matches the training data" in metrics["notes"]["data"]


def test_evaluate_refuses_a_folder_that_is_not_a_run(tmp_path, trained, capsys):
    code = main(["evaluate", str(tmp_path), "--data", str(trained / "held.npz"), "--json", str(tmp_path / "m.json")])
    assert code == 1
    assert "is not a training run" in capsys.readouterr().err
