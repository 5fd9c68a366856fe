"""Offline metrics on inputs whose answer is known: real against real, exact and shifted copies,
noise, blur, one image repeated, shuffled labels; and the formulas against their definitions."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image, ImageFilter

from aigc_desktop.core.evaluation.evaluate import evaluate_samples
from aigc_desktop.core.evaluation.features import train_feature_extractor
from aigc_desktop.core.evaluation.metrics import FeatureScale, frechet_distance, kernel_inception_distance
from aigc_desktop.core.evaluation.prdc import prdc
from aigc_desktop.core.jobs import JobContext, run_job
from aigc_desktop.core.quality.planting import shift


@pytest.fixture(scope="module")
def split(mnist):
    torch.set_num_threads(1)
    images, labels = mnist
    order = np.random.default_rng(0).permutation(len(images))
    train, held, other = order[:3000], order[3000:4000], order[4000:]
    return images[train], labels[train].astype(str), images[held], labels[held].astype(str), images[other], \
        labels[other].astype(str)


@pytest.fixture(scope="module")
def extractor(split):
    train_x, train_y = split[:2]
    # fewer steps than the default: CI has two shared cores, and the tests only need a usable classifier
    return run_job(train_feature_extractor(train_x, train_y, JobContext(), max_steps=150, cache=False))


def measure(samples, split, extractor, labels=None, train=True, seed=0, replicates=200):
    train_x, _, held_x, held_y = split[:4]
    return evaluate_samples(samples, held_x, extractor, sample_labels=labels, real_labels=held_y,
                            train_images=train_x if train else None, seed=seed, replicates=replicates).metrics


def blur(images, sigma):
    return np.stack([np.array(Image.fromarray(i).filter(ImageFilter.GaussianBlur(sigma))) for i in images])


# ------------------------------------------------------------------------------ formulas
def test_frechet_distance_matches_closed_form_for_gaussians():
    rng = np.random.default_rng(1)
    a = rng.normal(0, 1, (4000, 3))
    b = rng.normal(0, 1, (4000, 3)) * 2 + 1  # mean 1, covariance 4I
    # closed form: |mu|^2 + tr(I + 4I - 2 * 2I) = 3 + 3
    assert frechet_distance(a, b) == pytest.approx(6.0, rel=0.08)
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-6)


def test_kid_on_normalised_features_is_about_zero_for_one_distribution_whatever_the_scale():
    rng = np.random.default_rng(2)
    # raw features with a norm of about 130, as the extractor's were
    a, b = rng.normal(0, 16, (600, 64)), rng.normal(0, 16, (600, 64))
    scale = FeatureScale.fit(a)
    same, _ = kernel_inception_distance(scale(a), scale(b), subsets=5, subset_size=300)
    apart, _ = kernel_inception_distance(scale(a), scale(b + 8), subsets=5, subset_size=300)
    assert abs(same) < 0.02 < apart


def reference_prdc(real, fake, k):
    """The reference implementation (clovaai/generative-evaluation-prdc) on full distance matrices."""
    def dist(x, y):
        return np.sqrt(((x[:, None, :] - y[None, :, :]) ** 2).sum(-1))

    real_radii = np.sort(dist(real, real), axis=1)[:, k]
    fake_radii = np.sort(dist(fake, fake), axis=1)[:, k]
    d = dist(real, fake)
    return {"precision": (d < real_radii[:, None]).any(0).mean(), "recall": (d < fake_radii[None, :]).any(1).mean(),
            "density": (1.0 / k) * (d < real_radii[:, None]).sum(0).mean(),
            "coverage": (d.min(1) < real_radii).mean()}


def test_prdc_matches_the_reference_code_including_exact_copies():
    rng = np.random.default_rng(3)
    real = rng.normal(0, 1, (300, 8))
    fake = np.concatenate([rng.normal(0.3, 1.2, (150, 8)), real[:50]])  # 50 exact copies of real items
    ours, ref = prdc(real, fake, k=5), reference_prdc(real, fake, 5)
    for key in ("precision", "recall", "density", "coverage"):
        assert ours[key] == pytest.approx(ref[key], abs=1e-12), key
    # an item on the edge of a ball is outside it (strict <): a set against itself sits on its own radii
    assert prdc(real, real, k=5)["density"] == pytest.approx(reference_prdc(real, real, 5)["density"])


# ------------------------------------------------------------------------------ controlled inputs
def test_real_against_real_sits_on_the_floor(split, extractor):
    other_x, other_y = split[4][:600], split[5][:600]
    m = measure(other_x, split, extractor, labels=other_y)
    for key in ("local_fd", "local_kid"):
        low, high = m["ci95"][key]
        floor_low, floor_high = m["real_floor_ci95"][key]
        assert low <= floor_high and floor_low <= high, key  # the two intervals overlap
    assert m["ci95"]["local_kid"][0] < 0 < m["ci95"]["local_kid"][1] or abs(m["local_kid"]) < 0.01
    for key in ("hallucination_offmanifold", "hallucination_semantic"):
        assert m["ci95"][key][0] <= 0 <= m["ci95"][key][1], key
    assert m["memorisation_rate"] <= 0.01 and m["class_coverage"] == 1.0
    assert m["label_consistency"] > 0.85 and abs(m["label_consistency"] - m["real_floor"]["label_consistency"]) < 0.05
    assert "not comparable to published FID" in m["notes"]["local_fd"]


def test_held_out_real_ones_and_twos_get_no_hallucination_beyond_their_own_baseline(split, extractor):
    other_x, other_y = split[4], split[5]
    for digit in ("1", "2"):
        images = other_x[other_y == digit][:300]
        m = measure(images, split, extractor, labels=np.full(len(images), digit), train=False)
        excess = m["per_class"]["hallucination_offmanifold"][digit]
        assert abs(excess) < 0.1, (digit, excess)
        assert m["ci95"]["hallucination_offmanifold"][0] <= 0 <= m["ci95"]["hallucination_offmanifold"][1], digit


def test_exact_and_shifted_copies_are_memorised_and_linked_to_their_sources(split, extractor):
    train_x = split[0]
    copies = train_x[:200]
    for dx, dy in ((0, 0), (1, 0), (-2, 2)):
        moved = np.stack([shift(i, dx, dy) for i in copies])
        result = evaluate_samples(moved, split[2], extractor, train_images=train_x, train_item_ids=np.arange(3000) + 7,
                                  paths={i + 7: f"img_{i}.png" for i in range(3000)})
        m = result.metrics
        assert m["memorisation_rate"] >= 0.95, (dx, dy, m["memorisation_rate"])
        assert m["real_floor"]["memorisation_rate"] <= 0.02
        linked = {s.sample: s for s in result.memorised}
        hits = [linked[s].train_index == s for s in range(200) if s in linked]
        assert np.mean(hits) > 0.95 and linked[0].item_id == 7 and linked[0].path == "img_0.png"
        if (dx, dy) != (0, 0):
            assert tuple(linked[0].shift) != (0, 0) and "pixel" in linked[0].via
    assert m["details"]["n_memorised"] >= 190


def test_data_copying_test_flags_copies_and_not_fresh_real_images(split, extractor):
    copies = measure(split[0][:400], split, extractor)
    fresh = measure(split[4][:400], split, extractor)
    assert copies["ct_score"] < -3 < fresh["ct_score"] < 3


def test_noise_is_entirely_off_the_manifold(split, extractor):
    noise = np.random.default_rng(5).integers(0, 256, (400, 28, 28), dtype=np.uint8)
    m = measure(noise, split, extractor, train=False)
    assert m["details"]["hallucination_offmanifold_rate"] == 1.0
    assert m["ci95"]["hallucination_offmanifold"][0] > 0.7
    # k-NN precision lives in the learned features only, where an encoder can place noise among real images
    # (its blind spot); density, recall, coverage and FD see it
    assert m["density"] < 0.6 and m["recall"] < 0.05 and m["coverage"] < 0.05
    assert m["local_fd"] > 20 * m["real_floor"]["local_fd"]


def test_blur_is_off_manifold_but_mostly_not_semantic(split, extractor):
    other_x, other_y = split[4][:400], split[5][:400]
    m = measure(blur(other_x, 1.5), split, extractor, labels=other_y, train=False)
    assert m["details"]["hallucination_offmanifold_rate"] > 0.9
    assert m["hallucination_semantic"] < 0.5 * m["hallucination_offmanifold"]
    assert m["label_consistency"] > 0.75  # still recognisable digits
    # graded, not saturated: a blur no eye sees reads far less than a visible one
    faint = measure(blur(other_x, 0.5), split, extractor, labels=other_y, train=False, replicates=50)
    soft = measure(blur(other_x, 1.0), split, extractor, labels=other_y, train=False, replicates=50)
    assert faint["hallucination_offmanifold"] < 0.25
    assert faint["hallucination_offmanifold"] < soft["hallucination_offmanifold"] - 0.5


def test_one_image_repeated_collapses_coverage_recall_and_class_coverage(split, extractor):
    m = measure(np.repeat(split[4][:1], 400, 0), split, extractor, train=False)
    assert m["recall"] < 0.02 and m["coverage"] < 0.02
    assert m["class_coverage"] <= 0.1 + 1e-9 and m["class_kl"] > 1.0
    assert m["ci95"]["coverage"][1] < m["real_floor_ci95"]["coverage"][0]


def test_shuffled_labels_give_chance_label_consistency(split, extractor):
    other_x, other_y = split[4][:600], split[5][:600]
    shuffled = measure(other_x, split, extractor, labels=np.random.default_rng(6).permutation(other_y), train=False)
    right = measure(other_x, split, extractor, labels=other_y, train=False)
    assert abs(shuffled["label_consistency"] - 0.1) < 0.04
    assert shuffled["ci95"]["label_consistency"][0] < 0.1 < shuffled["ci95"]["label_consistency"][1] + 0.02
    assert right["label_consistency"] > 0.85


def test_intervals_are_reproducible_and_cover_the_estimate(split, extractor):
    a = measure(split[4][:300], split, extractor, train=False, seed=3)
    b = measure(split[4][:300], split, extractor, train=False, seed=3)
    assert a["ci95"] == b["ci95"] and a["bootstrap"] == b["bootstrap"]
    for key, (low, high) in a["ci95"].items():
        assert low <= a[key] + 1e-9 and a[key] - 1e-9 <= high, key


def test_twenty_pairs_of_real_draws_get_no_clear_difference(split, extractor):
    from aigc_desktop.core.evaluation.comparison import compare

    pool_x, pool_y = split[4], split[5]
    called, total = {}, 0
    for seed in range(20):
        order = np.random.default_rng(100 + seed).permutation(len(pool_x))[:400]
        a, b = order[:200], order[200:]
        # the seed draws the pair; the bootstrap's own seed stays, so the reference's resamples are shared
        ma = measure(pool_x[a], split, extractor, labels=pool_y[a], train=False)
        mb = measure(pool_x[b], split, extractor, labels=pool_y[b], train=False)
        for c in compare("a", [ma], "b", [mb]):
            called[c.metric] = called.get(c.metric, 0) + (c.verdict != "no clear difference")
            total += 1
    assert sum(called.values()) <= 0.05 * total, called
    assert max(called.values()) <= 3, called  # no metric calls noise a difference more than 3 times in 20
    assert called["local_fd"] <= 1 and called["hallucination_offmanifold"] <= 1, called


@pytest.mark.slow
def test_a_conditional_model_trained_on_shuffled_labels_draws_at_chance(split, extractor, tmp_path):
    from aigc_desktop.core.evaluation.comparison import compare
    from aigc_desktop.core.evaluation.run_evaluation import sample_run
    from aigc_desktop.core.training.config import default_config
    from aigc_desktop.core.training.data import data_from_arrays
    from aigc_desktop.core.training.runs import load_generator
    from aigc_desktop.core.training.trainer import train

    images, labels = split[4][:2000], split[5][:2000]
    shuffled = np.random.default_rng(7).permutation(labels)
    measured = {}
    for name, given in (("right", labels), ("shuffled", shuffled)):
        config = default_config("vae", conditional=True, n_classes=10, epochs=20, max_steps=400, device="cpu",
                                seed=0)
        finished = run_job(train(data_from_arrays(images, given), config, tmp_path / name, JobContext(workers=1)))
        assert finished.reason == "completed"
        samples, asked = sample_run(load_generator(tmp_path / name), 500, seed=0)
        measured[name] = measure(samples, split, extractor, labels=asked, train=False)
    chance = measured["shuffled"]["label_consistency"]
    low, high = measured["shuffled"]["ci95"]["label_consistency"]
    assert abs(chance - 0.1) < 0.06 and low < 0.1 + 0.03 and high > 0.1 - 0.03, (chance, low, high)
    assert measured["right"]["label_consistency"] > 0.4
    [c] = compare("shuffled", [measured["shuffled"]], "right", [measured["right"]], keys=["label_consistency"])
    assert c.verdict == "better"


def test_the_extractors_adam_takes_the_steps_of_torch_adam():
    from aigc_desktop.core.evaluation.features import _Adam

    torch.manual_seed(0)
    ours, theirs = torch.nn.Linear(5, 3), torch.nn.Linear(5, 3)
    theirs.load_state_dict(ours.state_dict())
    start = ours.weight.detach().clone()
    mine, reference = _Adam(list(ours.parameters()), lr=2e-3), torch.optim.Adam(theirs.parameters(), lr=2e-3)
    x = torch.randn(16, 5)
    for _ in range(30):
        for net, optimizer in ((ours, mine), (theirs, reference)):
            optimizer.zero_grad()
            (net(x) ** 2).mean().backward()
            optimizer.step()
    assert (ours.weight - start).abs().min() > 1e-3  # every weight moved
    for a, b in zip(ours.parameters(), theirs.parameters()):
        torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-7)


def test_the_extractors_training_reports_its_epoch_and_time_left_and_stops_on_cancel(split):
    from aigc_desktop.core.evaluation.features import FeatureProgress
    from aigc_desktop.core.jobs import Cancelled

    ctx = JobContext()
    job = train_feature_extractor(split[0][:600], split[1][:600], ctx, epochs=3, cache=False)
    first = next(job)
    assert isinstance(first, FeatureProgress) and (first.epoch, first.epochs) == (1, 3) and first.eta_s >= 0
    assert first.total == 3 * -(-540 // 128) and "epoch 1 of 3" in first.message and "s left" in first.message
    ctx.cancel.cancel()
    with pytest.raises(Cancelled):
        for _ in job:
            pass
