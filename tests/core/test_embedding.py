"""The dataset's feature space: a 2-D map that separates what differs, "find similar" that finds
copies and same-class items, the newest scan's vectors reused, cancel."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.data.mnist import load_mnist
from aigc_desktop.core.jobs import CancelToken, Cancelled, run_job
from aigc_desktop.core.quality.embedding import FeatureSpace, feature_space
from aigc_desktop.core.quality.scan import save_scan, scan
from aigc_desktop.core.quality.store import FEATURES, load_latest_scan, load_scan_features
from tests.jobs import collect, context, imported

CLASSES = (0, 1, 7)
PER_CLASS = 120


@pytest.fixture(scope="module")
def digits(tmp_path_factory):
    """An ImageFolder of 3 MNIST classes, a shifted copy of one digit and a truncated file."""
    images, labels = load_mnist()
    root = tmp_path_factory.mktemp("embed") / "digits"
    for c in CLASSES:
        (root / str(c)).mkdir(parents=True)
        for i in np.flatnonzero(labels == c)[:PER_CLASS]:
            Image.fromarray(images[i]).save(root / str(c) / f"img_{i:05d}.png")
    original = np.flatnonzero(labels == 7)[3]
    shifted = np.roll(images[original], 1, axis=1)
    Image.fromarray(shifted).save(root / "7" / "copy_of_original.png")
    good = (root / "0" / f"img_{np.flatnonzero(labels == 0)[0]:05d}.png").read_bytes()
    (root / "0" / "broken.png").write_bytes(good[: len(good) // 2])
    return root, f"7/img_{original:05d}.png"


@pytest.fixture()
def catalog(digits):
    root, _ = digits
    cat = Catalog.in_memory()
    dataset_id = imported(cat, root)
    yield cat, dataset_id
    cat.close()


def _row(catalog, dataset_id, path: str) -> int:
    items = catalog.items(dataset_id)
    return int(np.flatnonzero(items.path == path)[0])


def test_similar_finds_the_copy_first_and_the_same_class_next(catalog, digits):
    cat, dataset_id = catalog
    _, original_path = digits
    events, space = collect(feature_space(cat, dataset_id, context()))
    assert space.source == "pixels"
    assert any(e.stage == "pixels" for e in events)  # reading the pixels shows progress
    items = cat.items(dataset_id)
    assert len(space) == len(items) and np.array_equal(space.item_ids, items.ids)

    original = int(items.ids[_row(cat, dataset_id, original_path)])
    copy = int(items.ids[_row(cat, dataset_id, "7/copy_of_original.png")])
    ids, sims = space.similar(original, k=10)
    assert ids[0] == copy and sims[0] > 0.9
    assert original not in ids.tolist()
    assert np.all(np.diff(sims) <= 0)  # most similar first

    label_of = dict(zip(items.ids.tolist(), items.label.tolist()))
    for c in ("0", "1"):
        query = int(items.ids[np.flatnonzero((items.label == c) & (items.status == "ok"))[5]])
        ids, _ = space.similar(query, k=10)
        same = np.mean([label_of[int(i)] == c for i in ids])
        assert same >= 0.8, (c, same)


def test_unreadable_items_are_not_on_the_map_nor_similar(catalog):
    cat, dataset_id = catalog
    space = run_job(feature_space(cat, dataset_id, context()))
    items = cat.items(dataset_id)
    broken = _row(cat, dataset_id, "0/broken.png")
    assert not space.valid[broken]
    coords = space.map_2d()
    assert np.isnan(coords[broken]).all()
    assert np.isfinite(coords[space.valid]).all()
    ids, _ = space.similar(int(items.ids[0]), k=len(items))
    assert int(items.ids[broken]) not in ids.tolist()
    assert space.similar(int(items.ids[broken]))[0].size == 0
    assert space.similar(10**9)[0].size == 0  # an id the dataset does not hold


def test_the_map_separates_classes_and_is_the_same_every_time(catalog):
    cat, dataset_id = catalog
    space = run_job(feature_space(cat, dataset_id, context()))
    items = cat.items(dataset_id)
    coords = space.map_2d()
    again = run_job(feature_space(cat, dataset_id, context())).map_2d()
    assert np.array_equal(np.isnan(coords), np.isnan(again))
    np.testing.assert_allclose(coords[space.valid], again[space.valid], atol=1e-5)

    # "0" and "1" differ most among digits: nearest class centre on the map tells them apart
    zero, one = (items.label == "0") & space.valid, (items.label == "1") & space.valid
    c0, c1 = coords[zero].mean(axis=0), coords[one].mean(axis=0)
    points = np.concatenate([coords[zero], coords[one]])
    truth = np.r_[np.zeros(zero.sum()), np.ones(one.sum())]
    guess = np.linalg.norm(points - c1, axis=1) < np.linalg.norm(points - c0, axis=1)
    assert np.mean(guess == truth) > 0.9
    # spread on both axes: two distinct directions, not one line
    assert coords[space.valid].std(axis=0).min() > 0.05


def test_the_newest_scan_vectors_are_reused_and_only_they_are_kept(catalog):
    cat, dataset_id = catalog
    computed = run_job(feature_space(cat, dataset_id, context()))
    first = run_job(scan(cat, dataset_id, None, context()))
    assert first.features is not None and first.features.shape[0] == len(computed)
    save_scan(cat, dataset_id, first)
    stored = run_job(feature_space(cat, dataset_id, context()))
    assert stored.source == "scan"
    rows = np.flatnonzero(computed.valid)
    cos = (stored.vectors[rows] * computed.vectors[rows]).sum(axis=1)
    norms = np.linalg.norm(computed.vectors[rows], axis=1)
    assert np.all(cos[norms > 0] > 0.99)  # the same space (stored in half precision)
    np.testing.assert_array_equal(stored.valid, computed.valid)

    save_scan(cat, dataset_id, run_job(scan(cat, dataset_id, None, context())))
    n_kept = cat.connection.execute("SELECT COUNT(*) FROM scan_arrays WHERE name = ?", (FEATURES,)).fetchone()[0]
    assert n_kept == 1
    assert load_latest_scan(cat, dataset_id).features is None  # loading a scan does not read megabytes

    # quick checks build no neighbour graph: no vectors kept, they are computed from the pixels
    save_scan(cat, dataset_id, run_job(scan(cat, dataset_id, ["blank", "corrupt"], context())))
    assert load_scan_features(cat, dataset_id) is None
    assert run_job(feature_space(cat, dataset_id, context())).source == "pixels"


def test_cancel_stops_reading(catalog):
    cat, dataset_id = catalog
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        run_job(feature_space(cat, dataset_id, context(cancel=token)))


def test_small_spaces():
    one = FeatureSpace(1, np.array([5]), np.ones((1, 4), np.float32) / 2, np.array([True]), "pixels")
    assert one.map_2d().tolist() == [[0.0, 0.0]]
    assert one.similar(5)[0].size == 0
    none = FeatureSpace(1, np.array([1, 2]), np.zeros((2, 4), np.float32), np.array([False, False]), "pixels")
    assert np.isnan(none.map_2d()).all()
