"""The built-in demo dataset: deterministic, and its truth file matches the files written."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.data.demo import DEMO_SIZE, TRUTH_SCHEMA, write_demo
from aigc_desktop.core.data.mnist import load_mnist
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import run_job


def _tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "digits"
    return out, run_job(write_demo(out, seed=0))


def test_the_clean_digits_are_real_mnist_digits_under_their_labels(demo):
    out, truth = demo
    images, labels = load_mnist()
    by_bytes = {image.tobytes(): int(label) for image, label in zip(images, labels)}
    planted = {t["path"] for t in truth["planted"]}
    clean = [p for p in out.rglob("*.png") if p.relative_to(out).as_posix() not in planted]
    assert len(clean) == truth["n_clean"] > 0.85 * DEMO_SIZE
    for path in clean[::25]:
        with Image.open(path) as im:
            pixels = np.asarray(im)
        assert pixels.shape == (28, 28) and by_bytes[pixels.tobytes()] == int(path.parent.name), path
    assert {p.parent.name for p in clean} == {str(d) for d in range(10)}
    assert "MNIST" in truth["source"]


def test_same_seed_gives_identical_files(tmp_path, demo):
    out, _ = demo
    again = tmp_path / "again"
    run_job(write_demo(again, seed=0))
    assert _tree_digest(out) == _tree_digest(again)
    other = tmp_path / "other"
    run_job(write_demo(other, seed=1))
    assert _tree_digest(other) != _tree_digest(out)


def test_truth_matches_the_files(demo):
    out, truth = demo
    on_disk = json.loads((out / "truth.json").read_text("utf-8"))
    assert on_disk == json.loads(json.dumps(truth))
    assert on_disk["schema"] == TRUTH_SCHEMA
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"truth.json"}
    assert len(files) == truth["n_files"]
    planted = {t["path"]: t for t in truth["planted"]}
    assert len(planted) == len(truth["planted"]), "a file is planted twice"
    assert set(planted) <= files
    assert len(files - set(planted)) == truth["n_clean"]


def test_every_issue_type_is_planted(demo):
    _, truth = demo
    types = {t["type"] for t in truth["planted"]}
    assert types >= {"corrupt", "exact_duplicate", "near_duplicate", "label_conflict", "missing_label",
                     "suspected_label_error", "odd_size", "odd_mode", "blank", "dark", "light",
                     "blurry", "outlier"}


def test_planted_files_are_what_truth_says(demo):
    out, truth = demo
    for t in truth["planted"]:
        path = out / t["path"]
        if t["type"] == "corrupt":
            with pytest.raises(Exception):
                with Image.open(path) as im:
                    im.load()
            continue
        with Image.open(path) as im:
            px = np.asarray(im.convert("L"))
            if t["type"] == "exact_duplicate":
                with Image.open(out / t["of"]) as orig:
                    assert np.array_equal(px, np.asarray(orig)), t
            elif t["type"] == "label_conflict":  # the same digit filed twice (once perhaps as a JPEG)
                with Image.open(out / t["of"]) as orig:
                    difference = np.abs(px.astype(int) - np.asarray(orig).astype(int)).mean()
                    assert difference == 0 if t["path"].endswith(".png") else difference < 8, t
                assert t["path"].split("/")[0] != t["of"].split("/")[0]
            elif t["type"] == "odd_size":
                assert list(im.size) == t["size"]
            elif t["type"] == "odd_mode":
                assert im.mode in ("RGB", "RGBA")
            elif t["type"] == "blank":
                assert px.min() == px.max()
            elif t["type"] == "suspected_label_error":
                assert t["path"].split("/")[0] == str(t["given_label"]) != str(t["true_label"])
            elif t["type"] == "missing_label":
                assert "/" not in t["path"]


def test_refuses_to_write_into_a_folder_with_files(tmp_path):
    (tmp_path / "keep.txt").write_text("user data")
    with pytest.raises(UserError):
        run_job(write_demo(tmp_path))
    assert (tmp_path / "keep.txt").read_text() == "user data"
