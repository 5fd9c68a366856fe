"""Shared fixtures. Qt runs offscreen; settings and user data go to a temporary folder per test."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Never touch the real user's settings or data folder."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("AIGC_SETTINGS_DIR", str(base / "settings"))
    monkeypatch.setenv("AIGC_DATA_DIR", str(base / "data"))
    yield


@pytest.fixture(scope="session")
def mnist_paths() -> tuple[Path, Path]:
    """The MNIST test set vendored in resources/data/mnist (IDX, gzip)."""
    from aigc_desktop.core.data.mnist import mnist_paths as bundled

    return bundled()


@pytest.fixture(scope="session")
def mnist():
    """The MNIST test set as (10000, 28, 28) uint8 images and (10000,) int64 labels."""
    from aigc_desktop.core.data.mnist import load_mnist

    return load_mnist()
