"""The CUDA path: mixed precision, the data tensor on the device, exact-enough resume. Skipped without a GPU."""
import dataclasses

import numpy as np
import pytest
import torch

from aigc_desktop.core.training.config import default_config
from aigc_desktop.core.training.data import data_from_arrays
from aigc_desktop.core.training.devices import memory_used_mb, probe_device
from aigc_desktop.core.training.events import EpochEnd
from aigc_desktop.core.training.runs import load_generator
from aigc_desktop.core.training.trainer import train
from tests.jobs import context, timeline

pytestmark = [pytest.mark.cuda, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")]


@pytest.mark.parametrize("model,gan_loss", [("vae", "hinge"), ("gan", "hinge"), ("gan", "wgan-gp")])
def test_amp_training_on_cuda(mnist, tmp_path, model, gan_loss):
    images, labels = mnist
    data = data_from_arrays(images[:2048], labels[:2048])
    config = default_config(model, epochs=2, device="cuda", amp=True, gan_loss=gan_loss, conditional=True,
                            n_classes=10)
    events = timeline(train(data, config, tmp_path / "run", context()))
    assert events[-1].reason == "completed", events[-1].message
    ends = [e for e in events if isinstance(e, EpochEnd)]
    assert all(np.isfinite(v) for e in ends for v in e.losses.values())
    assert ends[-1].memory_mb is not None and ends[-1].memory_mb > 0
    if model == "vae":
        assert ends[-1].losses["loss"] < ends[0].losses["loss"]
    resumed = timeline(train(data, dataclasses.replace(config, epochs=3), tmp_path / "run", context(), resume=True))
    assert resumed[-1].reason == "completed" and resumed[-1].epochs_done == 3
    assert load_generator(tmp_path / "run", device="cuda").sample(8).shape == (8, 28, 28, 1)


def test_probe_reports_the_gpu():
    info = probe_device("auto")
    assert info.kind == "cuda" and info.memory_total_mb > 0
    assert memory_used_mb(torch.device("cuda")) is not None
