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
    """All metrics with their notes; a generator that emits the duplicated training digit is caught
    and tied to its duplicate group."""
    from aigc_desktop.core.training import runs

    train_x = np.load(trained / "train.npz")["x"]
    original = runs.TrainedGenerator.sample

    def copying(self, n, seed=0, labels=None):
        images = original(self, n, seed, labels)
        images[: n // 2] = train_x[0][..., None]
        return images

    monkeypatch.setattr(runs.TrainedGenerator, "sample", copying)
    target = tmp_path / "metrics.json"
    assert main(["evaluate", str(trained / "run"), "--data", str(trained / "held.npz"), "--train",
                 str(trained / "train.npz"), "--json", str(target), "-n", "40"]) == 0
    printed = json.loads(capsys.readouterr().out)
    metrics = json.loads(target.read_text())
    assert printed["local_fd"] == metrics["local_fd"] >= 0
    assert metrics["n_samples"] == 40 and metrics["n_real"] == 300 and metrics["n_train"] == 315
    for key in ("local_fd", "local_kid", "precision_recall_density_coverage", "hallucination", "memorisation",
                "class_coverage", "feature_extractor", "data", "duplicate_groups"):
        assert metrics["notes"][key], key
    assert "not comparable to published FID" in metrics["notes"]["local_fd"]
    assert metrics["class_coverage"]["n_classes"] == 10
    assert "does not match" in metrics["notes"]["data"]  # the run trained on 300 images, not these 315
    memo = metrics["memorisation"]
    assert memo["real_baseline_rate"] is not None
    assert memo["rate"] >= 0.5 and memo["n_memorised"] >= 20
    copied = [m for m in memo["memorised"] if m["distance"] < 1e-6]
    assert len(copied) == 20
    assert all(m["duplicate_type"] == "exact_duplicate" and "duplicate_group" in m for m in copied)
    assert len({m["duplicate_group"] for m in copied}) == 1
    assert memo["from_duplicate_groups"] >= 20


def test_evaluate_refuses_a_folder_that_is_not_a_run(tmp_path, trained, capsys):
    code = main(["evaluate", str(tmp_path), "--data", str(trained / "held.npz"), "--json", str(tmp_path / "m.json")])
    assert code == 1
    assert "is not a training run" in capsys.readouterr().err
