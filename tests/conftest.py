"""Shared fixtures. Qt runs offscreen; settings and user data go to a temporary folder per test."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Never touch the real user's settings or data folder."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("AIGC_SETTINGS_DIR", str(base / "settings"))
    monkeypatch.setenv("AIGC_DATA_DIR", str(base / "data"))
    yield


@pytest.fixture(scope="session")
def mnist_paths() -> tuple[Path, Path]:
    images = SHARED_DATA / "mnist-t10k-images-idx3-ubyte.gz"
    labels = SHARED_DATA / "mnist-t10k-labels-idx1-ubyte.gz"
    if not images.exists():
        pytest.fail(f"MNIST test set not found at {images}")
    return images, labels


@pytest.fixture(scope="session")
def mnist(mnist_paths):
    """The MNIST test set as (10000, 28, 28) uint8 images and (10000,) int64 labels."""
    import gzip

    import numpy as np

    images_path, labels_path = mnist_paths
    with gzip.open(images_path, "rb") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(labels_path, "rb") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    return images, labels


