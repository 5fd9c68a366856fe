"""Conditional generation obeys: a sample asked for digit c is a c, as judged by a digit classifier
trained on real MNIST (``benchmarks/digit_judge.py``, which shares no code with the product)."""
import numpy as np
import pytest
import torch

from aigc_desktop.core.training.config import default_config, with_budget
from aigc_desktop.core.training.data import data_from_arrays
from aigc_desktop.core.training.runs import load_generator
from aigc_desktop.core.training.trainer import train
from benchmarks.digit_judge import cached_judge, verdict
from tests.jobs import context, timeline

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def judge(mnist, request, tmp_path_factory):
    images, labels = mnist
    # trained on digits the generators never see; kept in pytest's cache between runs (when the
    # cache is on: `-p no:cacheprovider` turns it off)
    cache = (request.config.cache.mkdir("digit-judge") if getattr(request.config, "cache", None) is not None
             else tmp_path_factory.mktemp("digit-judge"))
    return cached_judge(np.array(images[5000:9000]), np.array(labels[5000:9000]), cache_dir=cache)


def test_the_judge_knows_real_digits(judge, mnist):
    images, labels = mnist
    real = verdict(judge, images[9000:9500], labels[9000:9500])
    assert real["label_consistency"] > 0.95 and real["recognisable"] > 0.85 and real["class_entropy"] > 0.98
    noise = np.random.default_rng(0).integers(0, 256, (200, 28, 28), dtype=np.uint8)
    assert verdict(judge, noise)["recognisable"] < 0.3


@pytest.mark.slow
@pytest.mark.parametrize("model,steps", [("vae", 600), ("gan", 600)])
def test_a_sample_asked_for_digit_c_is_a_c(judge, mnist, tmp_path, model, steps):
    images, labels = mnist
    data = data_from_arrays(images[:4000], labels[:4000])
    config = default_config(model, conditional=True, n_classes=len(data.class_names), device="cpu",
                            keep_epoch_checkpoints=False)
    timeline(train(data, with_budget(config, len(data), steps=steps), tmp_path / "run", context()))
    generator = load_generator(tmp_path / "run")
    asked = np.arange(300) % 10
    samples = generator.sample(len(asked), seed=1, labels=asked)
    result = verdict(judge, samples[..., 0], asked)
    assert result["label_consistency"] >= 0.85, result
    # and the classes are all there, not one shape per class drawn ten times
    assert result["class_entropy"] > 0.95, result
