"""The MNIST test set that ships with the app (resources/data/mnist, CC BY-SA 3.0; see its README)."""
from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

import numpy as np

from aigc_desktop.core.paths import resources_dir

IMAGES_NAME = "mnist-t10k-images-idx3-ubyte.gz"
LABELS_NAME = "mnist-t10k-labels-idx1-ubyte.gz"


def mnist_dir() -> Path:
    return resources_dir() / "data" / "mnist"


def mnist_paths() -> tuple[Path, Path]:
    """The bundled IDX image and label files (gzip)."""
    folder = mnist_dir()
    return folder / IMAGES_NAME, folder / LABELS_NAME


@lru_cache(maxsize=1)
def _load() -> tuple[np.ndarray, np.ndarray]:
    images_path, labels_path = mnist_paths()
    with gzip.open(images_path, "rb") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(labels_path, "rb") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    if len(images) != len(labels):
        raise RuntimeError("the bundled MNIST files disagree on the number of images")
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def load_mnist() -> tuple[np.ndarray, np.ndarray]:
    """(10000, 28, 28) uint8 images and (10000,) int64 labels, read-only."""
    return _load()
