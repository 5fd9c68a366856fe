"""Preprocessing a dataset into the training tensor: filtering, conversion, labels, the disk cache."""
import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.data import pixels
from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.paths import user_data_dir
from aigc_desktop.core.training.data import data_from_arrays, prepare_data, suggested_shape
from aigc_desktop.core.jobs import run_job
from tests.jobs import context, imported


def test_arrays_become_unit_range_nchw_with_class_indices(mnist):
    images, labels = mnist
    data = data_from_arrays(images[:20], [str(v) for v in labels[:20]], size=32, channels=3)
    assert data.images.shape == (20, 3, 32, 32) and data.images.dtype.is_floating_point
    assert 0.0 <= data.images.min() and data.images.max() <= 1.0 and data.images.max() > 0.9
    assert data.class_names == sorted({str(v) for v in labels[:20]}, key=int)
    assert [data.class_names[i] for i in data.labels] == [str(v) for v in labels[:20]]


def test_numeric_class_names_sort_as_numbers_and_missing_labels_are_minus_one():
    images = np.zeros((4, 28, 28), np.uint8)
    data = data_from_arrays(images, ["10", "9", "", "cat"])
    assert data.class_names == ["9", "10", "cat"]
    assert data.labels.tolist() == [1, 0, -1, 2]
    assert data_from_arrays(images, ["", "", "", ""]).labels is None


def test_fingerprint_follows_content(mnist):
    images, labels = mnist
    a = data_from_arrays(images[:10], labels[:10])
    assert a.fingerprint == data_from_arrays(images[:10].copy(), labels[:10]).fingerprint
    assert a.fingerprint != data_from_arrays(images[:10], np.roll(labels[:10], 1)).fingerprint
    assert a.fingerprint != data_from_arrays(images[1:11], labels[:10]).fingerprint


@pytest.fixture
def image_folder(tmp_path, mnist):
    images, labels = mnist
    root = tmp_path / "folder"
    for i in range(30):
        (root / str(labels[i])).mkdir(parents=True, exist_ok=True)
        Image.fromarray(images[i]).save(root / str(labels[i]) / f"{i:03d}.png")
    (root / "7" / "broken.png").write_bytes(b"\x89PNG not really")
    Image.fromarray(np.stack([images[40]] * 3, -1)).resize((40, 40)).save(root / "1" / "rgb_big.png")
    return root


def test_prepare_data_skips_corrupt_and_excluded_items_and_caches(image_folder, monkeypatch):
    catalog = Catalog.in_memory()
    dataset = imported(catalog, image_folder)
    items = catalog.items(dataset)
    assert suggested_shape(items) == (28, 1)
    assert (items.status != "ok").sum() == 1
    excluded = items.ids[items.status == "ok"][:3].tolist()
    catalog.set_included(dataset, excluded, False)
    weights = {int(items.ids[5]): 0.25}
    data = run_job(prepare_data(catalog, dataset, 28, 1, context(), weights=weights))
    assert len(data) == 32 - 1 - 3  # 30 digits, an RGB one and a corrupt file, minus it and the excluded
    assert data.images.shape == (28, 1, 28, 28)
    assert not set(excluded) & set(data.item_ids.tolist())
    assert data.weights[data.item_ids.tolist().index(int(items.ids[5]))] == 0.25
    assert sorted(data.class_names, key=int) == data.class_names
    cached = list((user_data_dir() / "cache").glob("train_*.npz"))
    assert len(cached) == 1

    def no_decoding(*a, **k):
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(pixels, "load_array", no_decoding)
    again = run_job(prepare_data(catalog, dataset, 28, 1, context()))
    assert again.fingerprint == data.fingerprint
    # a relabel changes the key: decoded again (here: refused by the patch)
    catalog.set_labels(dataset, [int(data.item_ids[0])], ["3"])
    with pytest.raises(AssertionError, match="cache"):
        run_job(prepare_data(catalog, dataset, 28, 1, context()))


def test_prepare_data_refuses_an_empty_selection(image_folder):
    catalog = Catalog.in_memory()
    dataset = imported(catalog, image_folder)
    catalog.set_included(dataset, catalog.items(dataset).ids.tolist(), False)
    with pytest.raises(UserError, match="no included"):
        run_job(prepare_data(catalog, dataset, 28, 1, context()))
