"""Export with provenance: sample PNGs carry the metadata, the exported generator files reproduce
the PyTorch generator on the CPU, and the model card covers what it must."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import torch
from PIL import Image

from aigc_desktop.core.evaluation.export import (DIGITAL_SOURCE_TYPE, XMP_KEY, add_ai_badge, export_generator,
                                                 read_png_metadata, write_samples)
from aigc_desktop.core.evaluation.model_card import model_card
from aigc_desktop.core.jobs import run_job
from aigc_desktop.core.training.config import default_config
from aigc_desktop.core.training.data import data_from_arrays
from aigc_desktop.core.training.runs import load_generator, load_run
from aigc_desktop.core.training.sampling import generate
from aigc_desktop.core.training.trainer import train
from tests.jobs import context, timeline

torch.set_num_threads(1)


def tiny_run(mnist, run_dir, model: str, conditional: bool = False):
    images, labels = mnist
    data = data_from_arrays(images[:128], labels[:128])
    config = default_config(model, epochs=1, batch_size=64, width=8, latent_dim=8, device="cpu",
                            conditional=conditional, n_classes=10, n_samples=4, val_fraction=0.0)
    events = timeline(train(data, config, run_dir, context()))
    assert events[-1].reason == "completed"
    return run_dir


@pytest.fixture(scope="module")
def vae_run(mnist, tmp_path_factory):
    return tiny_run(mnist, tmp_path_factory.mktemp("vae") / "run", "vae")


@pytest.fixture(scope="module")
def cgan_run(mnist, tmp_path_factory):
    return tiny_run(mnist, tmp_path_factory.mktemp("gan") / "run", "gan", conditional=True)


def test_samples_are_pngs_with_provenance_and_a_manifest(vae_run, tmp_path):
    manifest = write_samples(run_job(generate(vae_run, 5, 7, context())), tmp_path / "out")
    assert [f["file"] for f in manifest["files"]] == [f"sample_{i:04d}.png" for i in range(5)]
    assert json.loads((tmp_path / "out" / "manifest.json").read_text()) == manifest
    meta = read_png_metadata(tmp_path / "out" / "sample_0003.png")
    assert meta["AI-Generated"] == "true" and meta["Model"] == "vae" and meta["Seed"] == "7"
    assert meta["Run"] == "run" and meta["Checkpoint"] == "last" and meta["Sample Index"] == "3"
    assert meta["DigitalSourceType"] == DIGITAL_SOURCE_TYPE and meta["Creation Time"]
    root = ET.fromstring(meta[XMP_KEY].split("?>", 1)[1].rsplit("<?xpacket", 1)[0])
    ns = "{http://iptc.org/std/Iptc4xmpExt/2008-02-29/}DigitalSourceType"
    (description,) = [e for e in root.iter() if ns in e.attrib]
    assert description.attrib[ns] == DIGITAL_SOURCE_TYPE
    # the pixels are the generator's own samples for that seed
    expected = load_generator(vae_run).sample(5, seed=7)
    with Image.open(tmp_path / "out" / "sample_0003.png") as im:
        assert np.array_equal(np.asarray(im), expected[3, ..., 0])


def test_same_seed_same_files_and_badge_marks_the_corner(vae_run, tmp_path):
    a = write_samples(run_job(generate(vae_run, 3, 1, context())), tmp_path / "a")
    b = write_samples(run_job(generate(vae_run, 3, 1, context())), tmp_path / "b", badge=True)
    pa = np.asarray(Image.open(tmp_path / "a" / "sample_0000.png"))
    pb = np.asarray(Image.open(tmp_path / "b" / "sample_0000.png"))
    assert np.array_equal(pa[:20], pb[:20])  # untouched above the badge
    assert not np.array_equal(pa[-7:, -9:], pb[-7:, -9:])
    assert set(np.unique(pb[-7:, -9:])) == {0, 255}
    assert b["badge"] is True and a["files"][0]["sha256"] != b["files"][0]["sha256"]
    big = add_ai_badge(np.full((96, 96, 3), 128, np.uint8))
    assert (big[:-14] == 128).all() and (big[-14:, -18:] == 255).any()


@pytest.mark.parametrize("which", ["vae_run", "cgan_run"])
def test_torchscript_and_onnx_reproduce_the_generator(which, request, tmp_path):
    run_dir = request.getfixturevalue(which)
    result = export_generator(run_dir, tmp_path / "export")
    assert set(result.files) == {"safetensors", "torchscript", "onnx"}
    assert result.max_abs_error["torchscript"] < 1e-5
    assert result.max_abs_error["onnx"] < 1e-4
    # independently of the export's own check: new noise, a different batch size
    import onnxruntime

    from aigc_desktop.core.evaluation.export import sampler_module

    generator = load_generator(run_dir)
    z = torch.randn(7, generator.latent_dim)
    inputs = (z, torch.arange(7) % 10) if generator.conditional else (z,)
    with torch.no_grad():
        expected = sampler_module(generator)(*inputs).numpy()
    scripted = torch.jit.load(result.files["torchscript"])
    assert np.abs(scripted(*inputs).detach().numpy() - expected).max() < 1e-5
    session = onnxruntime.InferenceSession(result.files["onnx"], providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    got = session.run(None, {n: t.numpy() for n, t in zip(names, inputs)})[0]
    assert got.shape == expected.shape == (7, 1, 28, 28)
    assert np.abs(got - expected).max() < 1e-4
    from safetensors.torch import load_file

    weights = load_file(result.files["safetensors"])
    assert set(weights) == set(generator.model.state_dict())


def test_model_card_names_data_cleaning_metrics_and_risks(vae_run):
    metrics = {"local_fd": 12.5, "precision": 0.8, "recall": 0.7, "memorisation_rate": 0.03,
               "ci95": {"local_fd": [11.0, 14.25], "memorisation_rate": [0.01, 0.05]},
               "real_floor": {"local_fd": 0.75},
               "details": {"n_memorised": 2, "from_duplicate_groups": 1},
               "notes": {"local_fd": "local FD/KID (not comparable to published FID)"}}
    card = model_card(load_run(vae_run), metrics, data_version="v2 (cleaned)",
                      cleaning="excluded 12 duplicates")
    assert "| local FD (lower is better) | 12.5 | 11 to 14.25 | 0.75 |" in card
    assert "| memorisation rate (lower is better) | 3.0% | 1.0% to 5.0% | n/a |" in card
    assert "2 near-copies, 1 of them of duplicated training images" in card
    for needle in ("v2 (cleaned)", "excluded 12 duplicates", "12.5", "0.03", "## Intended use",
                   "## Limitations", "## Ethical considerations", "Memorisation and privacy", "Misuse",
                   "not comparable to published FID", load_run(vae_run).fingerprint):
        assert needle in card, needle
