"""load_array: many items as one (N, H, W, C) uint8 array with an ok mask."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.data.pixels import load_array
from aigc_desktop.core.data.sources import open_source
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import CancelToken, Cancelled, run_job
from tests.jobs import context, imported


@pytest.fixture
def mixed(tmp_path):
    """Three 6x4 grey images, one 12x8 RGB image, one corrupt file."""
    root = tmp_path / "mixed"
    root.mkdir()
    for i in range(3):
        Image.fromarray(np.full((6, 4), 50 * (i + 1), np.uint8)).save(root / f"g{i}.png")
    rgb = np.zeros((12, 8, 3), np.uint8)
    rgb[..., 0] = 255
    Image.fromarray(rgb).save(root / "red.png")
    (root / "zz_bad.png").write_bytes(b"nope")
    return root


def test_item_table_to_dominant_size_with_corrupt_as_zeros(mixed):
    with Catalog.in_memory() as catalog:
        dataset_id = imported(catalog, mixed)
        table = catalog.items(dataset_id)
        assert table.path.tolist() == ["g0.png", "g1.png", "g2.png", "red.png", "zz_bad.png"]
        x, ok = run_job(load_array(catalog, table, context(2)))
    assert x.shape == (5, 6, 4, 1) and x.dtype == np.uint8
    assert ok.tolist() == [True, True, True, True, False]
    assert [int(v) for v in x[:3, 0, 0, 0]] == [50, 100, 150]
    assert np.all(x[3] == round(0.299 * 255)) and not x[4].any()  # red as luma, resized; corrupt zeros


def test_paths_with_a_source_rgb_and_explicit_size(mixed):
    source = open_source(mixed)
    x, ok = run_job(load_array(source, ["g1.png", "red.png", "missing.png"], context(), size=(3, 2), channels=3))
    assert x.shape == (3, 3, 2, 3) and ok.tolist() == [True, True, False]
    assert np.all(x[0] == 100) and np.all(x[1] == [255, 0, 0]) and not x[2].any()


def test_array_source_and_cancel(mnist_paths, mnist):
    images, _ = mnist
    with Catalog.in_memory() as catalog:
        dataset_id = imported(catalog, mnist_paths[0])
        table = catalog.items(dataset_id)
        x, ok = run_job(load_array(catalog, table, context()))
        assert ok.all() and np.array_equal(x[..., 0], images)
        token = CancelToken()
        token.cancel()
        with pytest.raises(Cancelled):
            run_job(load_array(catalog, table, context(cancel=token)))
        with pytest.raises(UserError, match="dataset id"):
            run_job(load_array(catalog, table.path.tolist(), context()))
