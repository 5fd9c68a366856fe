"""Fixtures of the hostile-input suite: a small dataset, a tiny trained run, a snapshot of both."""
from __future__ import annotations

import shutil

import pytest

from tests.hostile.helpers import make_images, tree_state


@pytest.fixture
def dataset(tmp_path):
    """A fresh ImageFolder dataset per test; the test's end asserts it was not changed."""
    root = make_images(tmp_path / "ds")
    before = tree_state(root)
    yield root
    assert tree_state(root) == before, "the source dataset was changed"


@pytest.fixture(scope="session")
def trained_run(tmp_path_factory):
    """A one-epoch VAE run (a pristine copy per session; tests that change it use ``run_copy``)."""
    from aigc_desktop.cli import main

    base = tmp_path_factory.mktemp("trained")
    data = make_images(base / "data", per_class=16)
    with pytest.MonkeyPatch.context() as mp:  # the user's own data folder is never touched
        mp.setenv("AIGC_DATA_DIR", str(base / "user"))
        rc = main(["train", str(data), "--model", "vae", "--epochs", "1", "--out", str(base / "run"),
                   "--device", "cpu", "--latent", "4", "--batch-size", "16"])
    assert rc == 0
    return base / "run", data


@pytest.fixture
def run_copy(trained_run, tmp_path):
    """A copy of the trained run the test may tamper with, and the data it was trained on."""
    run, data = trained_run
    target = tmp_path / "run"
    shutil.copytree(run, target)
    return target, data
