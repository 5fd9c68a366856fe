"""The run's health checks, each built on purpose: posterior collapse, mode collapse, a run that
ended still improving; and the healthy runs they must leave alone."""
import json

import numpy as np
import pytest
import torch

from aigc_desktop.core.training import diagnostics, trainer
from aigc_desktop.core.training.config import default_config
from aigc_desktop.core.training.data import data_from_arrays
from aigc_desktop.core.training.events import RunFinished, TrainingWarning
from aigc_desktop.core.training.runs import load_run
from tests.jobs import context, timeline

torch.set_num_threads(1)


def warnings_of(events):
    return [e for e in events if isinstance(e, TrainingWarning)]


@pytest.fixture(scope="module")
def digits(mnist):
    images, labels = mnist
    return images[:1000], labels[:1000]


# ----------------------------------------------------------------------------- posterior collapse
def test_a_kl_weight_that_crushes_the_code_is_named_posterior_collapse(digits, tmp_path):
    images, _ = digits
    config = default_config("vae", epochs=20, max_steps=diagnostics.MIN_STEPS + 20, batch_size=32, beta=200.0,
                            kl_warmup_steps=0, latent_dim=4, device="cpu")
    events = timeline(trainer.train(data_from_arrays(images), config, tmp_path / "run", context()))
    found = [w for w in warnings_of(events) if w.kind == "posterior_collapse"]
    assert len(found) == 1, "once per run, not once per epoch"
    assert "Posterior collapse" in found[0].message and "nats" in found[0].message
    # the code really is empty: every dimension's KL is near 0, the reconstructions barely vary
    info = load_run(tmp_path / "run")
    assert sum(info.history[-1]["kl_per_dimension"]) < diagnostics.COLLAPSED_CODE_NATS
    assert info.history[-1]["reconstruction_diversity"] < diagnostics.RECONSTRUCTION_DEPENDENCE
    assert [w["kind"] for w in info.warnings] == ["posterior_collapse"]  # kept in run.json


def test_the_default_vae_is_not_called_collapsed(digits, tmp_path):
    images, _ = digits
    warmup = default_config("vae").kl_warmup_steps
    config = default_config("vae", epochs=20, max_steps=max(diagnostics.MIN_STEPS, warmup) + 20, batch_size=32,
                            latent_dim=4, device="cpu")
    events = timeline(trainer.train(data_from_arrays(images), config, tmp_path / "run", context()))
    assert not [w for w in warnings_of(events) if w.kind == "posterior_collapse"]
    last = load_run(tmp_path / "run").history[-1]
    assert sum(last["kl_per_dimension"]) > 5 and last["reconstruction_diversity"] > 0.5


def test_reconstructions_that_ignore_the_input_are_collapse_even_with_kl():
    entry = {"epoch": 3, "kl_per_dimension": [2.0, 1.5], "reconstruction_diversity": 0.05}
    assert "as varied as their inputs" in diagnostics.posterior_collapse(entry, global_step=1000)
    assert diagnostics.posterior_collapse(entry, global_step=100) is None  # an untrained decoder is no collapse
    assert diagnostics.posterior_collapse(entry, global_step=400, warmup_steps=500) is None
    entry["reconstruction_diversity"] = 0.8
    assert diagnostics.posterior_collapse(entry, global_step=1000) is None


# ---------------------------------------------------------------------------------- mode collapse
def _deaf_generator(monkeypatch):
    """Generators built with their input weights at 0 and a learning rate too small to move them:
    every z (and every cluster a self-conditioned generator is given) yields the same image, the
    purest mode collapse."""
    build = trainer.build_networks

    def build_deaf(config):
        nets = build(config)
        for name in ("generator", "generator_ema"):
            if name in nets:
                with torch.no_grad():
                    nets[name].project[0].weight.zero_()
        return nets

    monkeypatch.setattr(trainer, "build_networks", build_deaf)


def test_a_generator_that_ignores_its_noise_is_named_mode_collapse(digits, tmp_path, monkeypatch):
    images, _ = digits
    _deaf_generator(monkeypatch)
    config = default_config("gan", epochs=40, max_steps=diagnostics.MIN_STEPS + 20, lr=1e-12, batch_size=16,
                            width=8, d_width=8, device="cpu", keep_epoch_checkpoints=False)
    events = timeline(trainer.train(data_from_arrays(images[:256]), config, tmp_path / "run", context()))
    found = [w for w in warnings_of(events) if w.kind == "mode_collapse"]
    assert len(found) == 1 and "Mode collapse" in found[0].message
    assert load_run(tmp_path / "run").history[-1]["sample_diversity"] < 0.05


def test_samples_as_uniform_as_the_data_are_no_collapse(tmp_path, monkeypatch):
    """The yardstick is the data's own diversity: near-identical training images, near-identical samples."""
    _deaf_generator(monkeypatch)
    base = np.zeros((28, 28), np.uint8)
    base[8:20, 12:16] = 255
    rng = np.random.default_rng(0)
    images = np.clip(base[None].astype(int) + rng.integers(-2, 3, (256, 28, 28)), 0, 255).astype(np.uint8)
    config = default_config("gan", epochs=40, max_steps=diagnostics.MIN_STEPS + 20, lr=1e-12, batch_size=16,
                            width=8, d_width=8, device="cpu", keep_epoch_checkpoints=False)
    events = timeline(trainer.train(data_from_arrays(images), config, tmp_path / "run", context()))
    ratio = load_run(tmp_path / "run").history[-1]["sample_diversity"]
    assert not [w for w in warnings_of(events) if w.kind == "mode_collapse"], ratio


def test_conditional_collapse_is_judged_within_each_class():
    entry = {"epoch": 5, "sample_diversity": 0.9, "class_sample_diversity": 0.1}
    message = diagnostics.mode_collapse(entry, global_step=1000, conditional=True)
    assert message and "within each class" in message
    assert diagnostics.mode_collapse(entry, global_step=1000, conditional=False) is None
    assert diagnostics.mode_collapse({**entry, "class_sample_diversity": 0.1}, 10, True) is None  # too early


# ------------------------------------------------------------------------------ still improving
def test_a_run_cut_short_while_learning_says_train_longer(digits, tmp_path):
    images, _ = digits
    config = default_config("vae", epochs=4, max_steps=60, batch_size=32, device="cpu")
    events = timeline(trainer.train(data_from_arrays(images[:500]), config, tmp_path / "run", context()))
    found = [w for w in warnings_of(events) if w.kind == "still_improving"]
    assert len(found) == 1 and "Train longer" in found[0].message
    assert events[-1].reason == "completed" and isinstance(events[-1], RunFinished)
    status = json.loads((tmp_path / "run" / "run.json").read_text())
    assert [w["kind"] for w in status["warnings"]] == ["still_improving"]


@pytest.mark.parametrize("values,improving", [
    ([200, 150, 120, 110, 104, 100], True),      # still falling by 4-6 % per third
    ([200, 120, 101, 100.5, 100.2, 100.1], False),  # flat at the end
    ([100, 101, 100.5, 102, 101.5, 101.8], False),  # noise around a plateau, or getting worse
])
def test_still_improving_reads_the_last_third_of_the_curve(values, improving):
    history = [{"epoch": i + 1, "step": 100 * (i + 1), "val_loss": v} for i, v in enumerate(values)]
    assert (diagnostics.still_improving(history, "vae") is not None) == improving
    gan_history = [{"epoch": h["epoch"], "step": h["step"], "sample_distance": h["val_loss"]} for h in history]
    assert (diagnostics.still_improving(gan_history, "gan") is not None) == improving
    assert diagnostics.still_improving(history[:2], "vae") is None  # too few points to tell
