"""Small real datasets for the Data panel and GUI import tests (MNIST digits written as files)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image


def write_digit_folder(folder: Path, images: np.ndarray, labels: np.ndarray, n: int,
                       corrupt: int = 1) -> Path:
    """An ImageFolder tree of ``n`` PNG digits (one sub-folder per label) plus ``corrupt``
    truncated PNGs in class "0"."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sub = folder / str(int(labels[i]))
        sub.mkdir(exist_ok=True)
        Image.fromarray(images[i]).save(sub / f"img_{i:05d}.png")
    (folder / "0").mkdir(exist_ok=True)
    good = (folder / str(int(labels[0])) / "img_00000.png").read_bytes()
    for k in range(corrupt):
        (folder / "0" / f"broken_{k}.png").write_bytes(good[: len(good) // 2])
    return folder


def import_now(project: Path, dataset: Path) -> int:
    """Import synchronously into ``project`` (created); returns the dataset id."""
    from aigc_desktop.core.data.catalog import Catalog
    from tests.jobs import imported

    with Catalog.open(str(project), create=True) as catalog:
        return imported(catalog, str(dataset))


def wait_idle(window, qtbot, timeout: int = 60000) -> None:
    qtbot.waitUntil(lambda: not window.is_importing(), timeout=timeout)
