"""The diffusion model on CUDA: bf16/fp16 autocast, channels-last, torch.compile, exact-enough resume
and sampling on the device. Skipped without a GPU."""
import dataclasses

import numpy as np
import pytest
import torch

from aigc_desktop.core.training.config import default_config
from aigc_desktop.core.training.data import data_from_arrays
from aigc_desktop.core.training.events import EpochEnd
from aigc_desktop.core.training.runs import load_generator
from tests.jobs import context, timeline

pytestmark = [pytest.mark.cuda, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")]


@pytest.mark.parametrize("compile_net", [False, True])
def test_diffusion_trains_and_samples_on_cuda(mnist, tmp_path, compile_net):
    from aigc_desktop.core.training.trainer import train

    images, labels = mnist
    data = data_from_arrays(images[:2048], labels[:2048])
    config = default_config("diffusion", epochs=2, device="cuda", amp=True, conditional=True, n_classes=10,
                            compile=compile_net)
    events = timeline(train(data, config, tmp_path / "run", context()))
    assert events[-1].reason == "completed", events[-1].message
    ends = [e for e in events if isinstance(e, EpochEnd)]
    assert all(np.isfinite(v) for e in ends for v in e.losses.values())
    assert ends[-1].losses["loss"] < ends[0].losses["loss"]
    resumed = timeline(train(data, dataclasses.replace(config, epochs=3), tmp_path / "run", context(), resume=True))
    assert resumed[-1].reason == "completed" and resumed[-1].epochs_done == 3
    gen = load_generator(tmp_path / "run", device="cuda")
    assert gen.sample(8).shape == (8, 28, 28, 1)
