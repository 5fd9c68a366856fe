"""Offline metrics on cases whose answer is known: the real set against itself, real against
noise, a generator that copies its training images."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from aigc_desktop.core.evaluation.evaluate import evaluate_samples
from aigc_desktop.core.evaluation.features import train_feature_extractor
from aigc_desktop.core.evaluation.metrics import frechet_distance, kernel_inception_distance
from aigc_desktop.core.evaluation.prdc import prdc
from aigc_desktop.core.jobs import run_job
from tests.jobs import context


@pytest.fixture(scope="module")
def split(mnist):
    torch.set_num_threads(1)
    images, labels = mnist
    rng = np.random.default_rng(0)
    order = rng.permutation(len(images))[:1500]
    train, held = order[:1000], order[1000:]
    return images[train], labels[train], images[held], labels[held]


@pytest.fixture(scope="module")
def extractor(split):
    train_x, train_y, _, _ = split
    # few steps: CI has two shared cores; the extractor is good enough for these tests by then
    return run_job(train_feature_extractor(train_x, train_y, context(), max_steps=60, batch_size=64, cache=False))


def test_frechet_distance_matches_closed_form_for_gaussians():
    rng = np.random.default_rng(1)
    a = rng.normal(0, 1, (4000, 3))
    b = rng.normal(0, 1, (4000, 3)) * 2 + 1  # mean 1, covariance 4I
    # closed form: |mu|^2 + tr(I + 4I - 2 * 2I) = 3 + 3
    assert frechet_distance(a, b) == pytest.approx(6.0, rel=0.08)
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-6)


def test_kid_is_zero_on_average_for_one_distribution_and_large_for_two():
    rng = np.random.default_rng(2)
    a, b = rng.normal(0, 1, (600, 8)), rng.normal(0, 1, (600, 8))
    same, _ = kernel_inception_distance(a, b, subsets=5, subset_size=300)
    apart, _ = kernel_inception_distance(a, b + 2, subsets=5, subset_size=300)
    assert abs(same) < 0.05 < apart


def test_feature_extractor_learns_the_labels(extractor, split):
    assert extractor.kind == "classifier"
    assert extractor.train_accuracy > 0.7
    _, _, held_x, held_y = split
    predicted = extractor.probabilities(held_x).argmax(1)
    names = np.array(extractor.class_names).astype(int)
    assert (names[predicted] == held_y).mean() > 0.7


def test_real_set_against_itself_is_perfect(extractor, split):
    train_x = split[0][:500]
    f = extractor.features(train_x)
    assert frechet_distance(f, f) == pytest.approx(0.0, abs=1e-4)
    result = prdc(f, f, k=5)
    assert result.precision == 1.0 and result.recall == 1.0 and result.coverage == 1.0
    assert result.density == pytest.approx(1.0, abs=0.2)


def test_noise_scores_high_hallucination_and_real_held_out_does_not(extractor, split):
    train_x, _, held_x, _ = split
    noise = np.random.default_rng(3).integers(0, 256, (300, 28, 28), dtype=np.uint8)
    on_noise = evaluate_samples(noise, held_x, extractor, kid_subsets=3).metrics
    on_real = evaluate_samples(train_x[:300], held_x, extractor, kid_subsets=3).metrics
    assert on_noise["hallucination"]["rate"] > 0.9
    assert on_real["hallucination"]["rate"] < 0.2
    assert on_noise["local_fd"] > 10 * on_real["local_fd"]
    assert on_noise["precision"] < 0.2 and on_noise["recall"] < 0.1 and on_noise["density"] < 0.1
    assert on_real["precision"] > 0.8 and on_real["recall"] > 0.8 and on_real["density"] > 0.7
    assert on_noise["class_coverage"]["coverage"] <= 1.0
    assert on_real["class_coverage"]["coverage"] == 1.0
    assert "not comparable to published FID" in on_real["notes"]["local_fd"]


def test_a_copying_generator_scores_high_memorisation_linked_to_its_sources(extractor, split):
    train_x, _, held_x, _ = split
    ids = np.arange(1000, 1000 + len(train_x))
    copies = np.clip(train_x[:200].astype(int) + np.random.default_rng(4).integers(-8, 9, (200, 28, 28)), 0, 255)
    copies = copies.astype(np.uint8)
    result = evaluate_samples(copies, held_x, extractor, train_images=train_x, train_item_ids=ids,
                              paths={int(i): f"img_{i}.png" for i in ids}, held_out_for_baseline=held_x[:300],
                              kid_subsets=3)
    memo = result.memorisation
    assert memo.rate > 0.95
    assert memo.real_baseline_rate < 0.05
    linked = {m.sample: m for m in memo.memorised}
    assert all(linked[s].train_index == s and linked[s].item_id == 1000 + s for s in list(linked)[:50])
    assert linked[0].path == "img_1000.png"
    fresh = evaluate_samples(held_x[:200], held_x[200:], extractor, train_images=train_x, kid_subsets=3)
    assert fresh.memorisation.rate < 0.05
