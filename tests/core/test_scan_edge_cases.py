"""Scans of awkward datasets never crash: tiny, all corrupt, unlabelled colour photos of mixed sizes."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.quality.registry import ISSUE_TYPES
from aigc_desktop.core.quality.scan import scan
from aigc_desktop.core.jobs import run_job
from tests.jobs import context, imported


def _scan_folder(root):
    with Catalog.in_memory() as catalog:
        dataset_id = imported(catalog, root)
        return run_job(scan(catalog, dataset_id, None, context()))


def test_single_image(tmp_path):
    Image.fromarray(np.arange(64, dtype=np.uint8).reshape(8, 8)).save(tmp_path / "only.png")
    result = _scan_folder(tmp_path)
    assert len(result) == 1 and result.checked == list(ISSUE_TYPES)
    assert sum(result.counts().values()) == 0
    assert result.to_report()["items"] == [{"path": "only.png", "label": "", "issues": []}]


def test_all_corrupt(tmp_path):
    (tmp_path / "a.png").write_bytes(b"")
    (tmp_path / "b.jpg").write_bytes(b"\xff\xd8\xff\xe0 broken")
    result = _scan_folder(tmp_path)
    assert result.counts()["corrupt"] == 2
    assert {k for k, v in result.counts().items() if v} == {"corrupt"}


def test_unlabelled_colour_photos_of_mixed_sizes(tmp_path):
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[:96, :128]
    for i in range(40):
        # smooth random "photos": a few colour blobs, 128x96 mostly, some other sizes
        img = np.zeros((96, 128, 3))
        for _ in range(4):
            cy, cx, r = rng.uniform(0, 96), rng.uniform(0, 128), rng.uniform(10, 40)
            img += np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * r * r))[..., None] * rng.uniform(0, 255, 3)
        img = np.clip(img + rng.normal(0, 4, img.shape), 0, 255).astype(np.uint8)
        size = (128, 96) if i % 10 else (200, 150)
        Image.fromarray(img).resize(size).save(tmp_path / f"photo_{i:02d}.jpg", quality=90)
    result = _scan_folder(tmp_path)
    assert len(result) == 40
    assert result.counts()["missing_label"] == 0          # nothing is labelled: nothing is missing
    assert result.counts()["suspected_label_error"] == 0
    assert result.flagged("odd_size").sum() == 4
    for t in ("near_duplicate", "exact_duplicate", "blank", "dark", "light", "blurry"):
        assert result.counts()[t] <= 2, t


@pytest.mark.parametrize("n_classes", [1, 2])
def test_few_classes(tmp_path, mnist, n_classes):
    images, labels = mnist
    for i in range(60):
        label = labels[i] % n_classes
        (tmp_path / str(label)).mkdir(exist_ok=True)
        Image.fromarray(images[i]).save(tmp_path / str(label) / f"{i}.png")
    result = _scan_folder(tmp_path)
    assert len(result) == 60
    assert np.isfinite(result.scores["suspected_label_error"]).all()
