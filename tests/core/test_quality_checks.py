"""The quality checks one by one, on in-memory arrays (no catalog): real MNIST digits plus
damaged copies made here."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageFilter

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.quality import appearance, duplicates, integrity, label_errors
from aigc_desktop.core.quality.features import aligned_thumbnails, features_from_arrays
from aigc_desktop.core.quality.planting import near_copy, shift
from aigc_desktop.core.quality.registry import ISSUE_TYPES, all_checks, get_check, parse_checks
from aigc_desktop.core.quality.robust import connected_components, robust_z, tail_score


def test_registry_covers_every_issue_type_of_the_contract():
    assert [c.issue_type for c in all_checks()] == list(ISSUE_TYPES)
    assert {c.issue_type for c in all_checks() if c.grouped} == {"exact_duplicate", "near_duplicate",
                                                                 "label_conflict"}
    assert get_check("blurry").default_threshold == 0.5
    with pytest.raises(UserError, match="unknown issue type"):
        get_check("smudged")
    assert parse_checks(" blank, dark ") == ["blank", "dark"]
    assert parse_checks("") is None


def test_robust_helpers():
    assert tail_score(np.array([0.0, 3.0, -2.0]), 3.0).tolist() == [0.0, 0.5, 0.0]
    z = robust_z(np.array([10.0, 10, 10, 10, 0]), floor=1.0)
    assert z[:4].tolist() == [0, 0, 0, 0] and z[4] == 10.0  # MAD 0: the floor keeps z finite
    groups = connected_components(7, np.array([5, 0, 3, 4]), np.array([6, 1, 4, 2]))
    assert groups.tolist() == [0, 0, 1, 1, 1, 2, 2]


def test_alignment_undoes_small_shifts(mnist):
    images, _ = mnist
    digits = images[:50]
    moved = np.stack([shift(d, 2, -1) for d in digits])
    (a, rest_a), (b, rest_b) = aligned_thumbnails(digits, (28, 28)), aligned_thumbnails(moved, (28, 28))
    same = [np.array_equal(x, y) for x, y in zip(a, b)]
    assert np.mean(same) > 0.9
    assert np.mean(np.abs(rest_a - rest_b).max(axis=1) < 0.01) > 0.9  # digits cut by the border differ


def _damaged(digits: np.ndarray, rng) -> dict[str, list[np.ndarray]]:
    return {
        "blank": [np.full((28, 28), v, np.uint8) for v in (0, 255, 77)],
        "dark": [(d * 0.12).astype(np.uint8) for d in digits[:5]],
        "light": [(205 + d * (50 / 255)).astype(np.uint8) for d in digits[5:10]],
        "blurry": [np.asarray(Image.fromarray(d).filter(ImageFilter.GaussianBlur(2.0))) for d in digits[10:15]],
    }


def test_appearance_is_calibrated_to_the_dataset(mnist):
    """MNIST is white on black: nothing clean may be called dark or blank (CleanVision flags most)."""
    images, _ = mnist
    rng = np.random.default_rng(0)
    clean = list(images[1000:1600])
    damaged = _damaged(images[:20], rng)
    planted = [im for ims in damaged.values() for im in ims]
    feats = features_from_arrays(clean + planted)
    scores = appearance.appearance_scores(feats.stats, feats.ok)
    start = len(clean)
    for issue, ims in damaged.items():
        flagged = scores[issue] >= 0.5
        assert flagged[start:start + len(ims)].all(), issue
        assert flagged[:len(clean)].sum() == 0, issue
        start += len(ims)
    # a blank image is blank, not also dark or light
    assert scores["dark"][len(clean)] == 0 and scores["light"][len(clean) + 1] == 0


@pytest.mark.parametrize("kind", ["jpeg", "shift", "brightness", "rescale"])
def test_near_copies_verify_and_distinct_digits_do_not(mnist, kind):
    images, labels = mnist
    rng = np.random.default_rng(1)
    originals = images[:120]
    copies = []
    for d in originals:
        image, fmt = near_copy(d, kind, rng)
        if fmt == "JPEG":
            buf = io.BytesIO()
            image.save(buf, "JPEG", quality=50)
            image = Image.open(buf)
        copies.append(np.asarray(image.convert("L")))
    thumbs, _ = aligned_thumbnails(np.concatenate([originals, np.stack(copies)]), (28, 28))
    n = len(originals)
    pairs = np.stack([np.arange(n), np.arange(n) + n], 1)
    score = duplicates.match_score(duplicates.verify_pairs(thumbs, pairs))  # MNIST's cut: 0.02
    assert (score >= 0.5).mean() >= 0.95
    # the most correlated *different* digit of the same class stays below the threshold
    flat = thumbs[:n].reshape(n, -1).astype(np.float32)
    flat -= flat.mean(1, keepdims=True)
    flat /= np.linalg.norm(flat, axis=1, keepdims=True)
    sim = flat @ flat.T
    np.fill_diagonal(sim, -1)
    sim[labels[:n, None] != labels[None, :n]] = -1
    other = np.stack([np.arange(n), sim.argmax(1)], 1)
    assert (duplicates.match_score(duplicates.verify_pairs(thumbs, other)) >= 0.5).mean() <= 0.02


def test_exact_groups_follow_pixel_hashes():
    hashes = np.array(["a", "b", "a", "", "c", "b", "a"], object)
    ok = np.array([True, True, True, False, True, True, True])
    groups, rep = duplicates.exact_groups(hashes, ok)
    assert groups.tolist() == [0, 1, 0, -1, -1, 1, 0]
    assert rep[[0, 2, 6]].tolist() == [0, 0, 0] and rep[[1, 5]].tolist() == [1, 1]


def test_integrity_checks():
    ok = np.array([True] * 6 + [False])
    w = np.array([28, 28, 28, 28, 40, 28, 0])
    h = np.array([28, 28, 28, 28, 40, 28, 0])
    size, text = integrity.odd_size_scores(w, h, ok)
    assert size.tolist() == [0, 0, 0, 0, 1, 0, 0] and "28x28" in text[4]
    modes = np.array(["L", "L", "RGB", "L", "L", "L", ""], object)
    mode, _ = integrity.odd_mode_scores(modes, ok)
    assert mode.tolist() == [0, 0, 1, 0, 0, 0, 0]
    labels = np.array(["1", "2", "", "1", "2", "1", "3"], object)
    assert integrity.missing_label_scores(labels, ok).tolist() == [0, 0, 1, 0, 0, 0, 0]
    # a set that is mostly unlabelled has no "missing" labels
    assert integrity.missing_label_scores(np.array(["", "", "1"], object), ok[:3]).sum() == 0
    scores, why = integrity.corrupt_scores(np.array(["ok", "corrupt"], object), np.array(["", "zero_bytes"], object),
                                           np.array(["", "0 bytes"], object))
    assert scores.tolist() == [0, 1] and why[1] == "zero bytes: 0 bytes"


def test_confident_learning_finds_flipped_labels():
    rng = np.random.default_rng(0)
    n, k = 600, 3
    true = rng.integers(0, k, n)
    probs = np.full((n, k), 0.05)
    probs[np.arange(n), true] = 0.9
    probs += rng.uniform(0, 0.05, probs.shape)
    probs /= probs.sum(1, keepdims=True)
    given = true.copy()
    flipped = rng.choice(n, 30, replace=False)
    given[flipped] = (true[flipped] + 1) % k
    found = set(np.flatnonzero(label_errors.confident_learning(probs, given)).tolist())
    assert found <= set(flipped.tolist())       # no clean item accused
    assert len(found) >= 0.9 * len(flipped)     # the joint's counts are estimates, not exact
