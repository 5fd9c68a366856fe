"""Checkpoints: exact resume on the CPU, divergence keeps the last good checkpoint, no pickle ever."""
import dataclasses
import json
import pickle

import numpy as np
import pytest
import torch

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import CancelToken, run_job
from aigc_desktop.core.training import steps
from aigc_desktop.core.training.checkpoints import load_checkpoint, tensor_files
from aigc_desktop.core.training.config import default_config
from aigc_desktop.core.training.data import data_from_arrays
from aigc_desktop.core.training.events import BatchEnd, RunFinished
from aigc_desktop.core.training.runs import load_generator, load_run
from aigc_desktop.core.training.trainer import train
from tests.jobs import context, timeline

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def data(mnist):
    images, labels = mnist
    return data_from_arrays(images[:200], labels[:200])


def weights(run_dir, tag="last"):
    return load_checkpoint(run_dir / "checkpoints", tag)[0]


def assert_same_weights(a, b):
    assert a.keys() == b.keys()
    for key in a:
        assert torch.equal(a[key], b[key]), key


def metrics(run_dir):
    """The run's per-epoch metrics without the timings."""
    return [{k: v for k, v in h.items() if k not in ("images_per_s", "elapsed_s")} for h in load_run(run_dir).history]


def cancel_after(job, cancel, n_batches):
    """Drive the job, cancelling once ``n_batches`` BatchEnd events were seen; its events, then its result."""
    seen = []

    def watch(event):
        seen.append(event)
        if isinstance(event, BatchEnd) and sum(isinstance(e, BatchEnd) for e in seen) == n_batches:
            cancel.cancel()

    return seen + [run_job(job, watch)]


CONFIGS = {
    "vae": dict(model="vae", batch_size=32),
    "gan-wgan-gp-conditional": dict(model="gan", batch_size=32, gan_loss="wgan-gp", conditional=True, n_classes=10),
    # label dropout, noise, times and the weight average all continue exactly
    "diffusion-conditional": dict(model="diffusion", batch_size=32, width=8, conditional=True, n_classes=10,
                                  sampler_steps=2, n_samples=4),
    # self-guided: the clusters of the images and their shares come back with the checkpoint
    "diffusion-self-conditioned": dict(model="diffusion", batch_size=32, width=8, self_condition=4,
                                       sampler_steps=2, n_samples=4),
}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_resume_after_an_epoch_or_mid_epoch_is_exact(data, tmp_path, name):
    options = dict(CONFIGS[name])
    config = default_config(options.pop("model"), epochs=2, device="cpu", event_interval_s=0.0, **options)
    straight = timeline(train(data, config, tmp_path / "straight", context()))
    assert straight[-1].reason == "completed"

    # 1 epoch, then resume for the second
    one = dataclasses.replace(config, epochs=1)
    timeline(train(data, one, tmp_path / "split", context()))
    resumed = timeline(train(data, config, tmp_path / "split", context(), resume=True))
    assert resumed[-1].reason == "completed" and resumed[-1].epochs_done == 2
    assert_same_weights(weights(tmp_path / "straight"), weights(tmp_path / "split"))

    # stopped mid-epoch 2 after its step 3, then resumed from that very step
    steps_per_epoch = next(e for e in straight if isinstance(e, BatchEnd)).total_steps
    cancel = CancelToken()
    stopped = cancel_after(train(data, config, tmp_path / "mid", context(cancel=cancel)), cancel, steps_per_epoch + 3)
    assert stopped[-1].reason == "cancelled" and "epoch 2 at step 3" in stopped[-1].message
    after = timeline(train(data, config, tmp_path / "mid", context(), resume=True))
    first_batch = next(e for e in after if isinstance(e, BatchEnd))
    assert (first_batch.epoch, first_batch.step) == (2, 4)
    assert_same_weights(weights(tmp_path / "straight"), weights(tmp_path / "mid"))
    assert metrics(tmp_path / "mid") == metrics(tmp_path / "straight")  # epoch 2's means include steps 1-3


def test_resume_refuses_other_data_or_architecture(data, mnist, tmp_path):
    config = default_config("vae", epochs=1, device="cpu")
    timeline(train(data, config, tmp_path / "run", context()))
    bigger = default_config("vae", epochs=2, device="cpu")
    other = data_from_arrays(mnist[0][200:400], mnist[1][200:400])
    with pytest.raises(UserError, match="training data differ"):
        timeline(train(other, bigger, tmp_path / "run", context(), resume=True))
    with pytest.raises(UserError, match="latent_dim"):
        timeline(train(data, default_config("vae", epochs=2, latent_dim=3, device="cpu"), tmp_path / "run", context(),
                           resume=True))
    with pytest.raises(UserError, match="no checkpoint"):
        timeline(train(data, bigger, tmp_path / "empty", context(), resume=True))


def test_injected_nan_stops_the_run_and_keeps_the_last_good_checkpoint(data, tmp_path, monkeypatch):
    config = default_config("vae", epochs=3, batch_size=32, device="cpu")
    calls_per_epoch = 6 + 1  # ceil(180 training images / 32) steps, then one validation batch
    real_loss, calls = steps.vae_loss, {"n": 0}

    def poisoned(logits, x, mu, logvar, beta=1.0):
        calls["n"] += 1
        recon, kl = real_loss(logits, x, mu, logvar, beta)
        return (recon * float("nan"), kl) if calls["n"] == calls_per_epoch + 2 else (recon, kl)

    monkeypatch.setattr(steps, "vae_loss", poisoned)
    events = timeline(train(data, config, tmp_path / "run", context()))
    finished = events[-1]
    assert isinstance(finished, RunFinished) and finished.reason == "diverged" and finished.epochs_done == 1
    assert "epoch 2 at step 2" in finished.message and "NaN" in finished.message
    assert "last good checkpoint (epoch 1)" in finished.message
    last = weights(tmp_path / "run")
    assert_same_weights(last, weights(tmp_path / "run", "epoch_0001"))
    assert all(torch.isfinite(t).all() for t in last.values())
    info = load_run(tmp_path / "run")
    assert info.status == "diverged" and info.epochs_done == 1
    assert np.isfinite(load_generator(tmp_path / "run").sample(4).astype(float)).all()


def test_exploding_gradients_stop_the_run(data, tmp_path):
    config = default_config("gan", epochs=1, batch_size=32, device="cpu", max_grad_norm=1e-6)
    finished = timeline(train(data, config, tmp_path / "run", context()))[-1]
    assert finished.reason == "diverged" and "gradient norm exploded" in finished.message
    with pytest.raises(UserError, match="no checkpoint"):
        load_generator(tmp_path / "run")


class _Exploit:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_malicious_pickle_in_place_of_a_checkpoint_is_refused_unread(data, tmp_path):
    config = default_config("vae", epochs=1, device="cpu")
    timeline(train(data, config, tmp_path / "run", context()))
    marker = tmp_path / "pwned"
    payload = pickle.dumps({"state_dict": _Exploit(str(marker))})
    ckpt = tmp_path / "run" / "checkpoints"
    for name in tensor_files(ckpt, "last").values():
        (ckpt / name).write_bytes(payload)
    with pytest.raises(UserError, match="not a valid safetensors checkpoint"):
        load_generator(tmp_path / "run")
    bigger = default_config("vae", epochs=2, device="cpu")
    with pytest.raises(UserError, match="never unpickled"):
        timeline(train(data, bigger, tmp_path / "run", context(), resume=True))
    assert not marker.exists()
    pickle.loads(payload)  # the payload is live: unpickling it would have run code
    assert marker.exists()


def test_a_checkpoint_half_written_is_detected(data, tmp_path):
    config = default_config("vae", epochs=2, device="cpu")
    timeline(train(data, config, tmp_path / "run", context()))
    ckpt = tmp_path / "run" / "checkpoints"
    meta = json.loads((ckpt / "last.json").read_text())
    meta["global_step"] -= 1  # the JSON of an older step beside newer tensors
    (ckpt / "last.json").write_text(json.dumps(meta))
    with pytest.raises(UserError, match="does not match"):
        load_generator(tmp_path / "run")
