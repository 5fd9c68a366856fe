"""The five dataset formats import the same 10,000 MNIST test digits with the same labels."""
from __future__ import annotations

import csv
import os
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.data.decode import decode_bytes, decode_file, pixel_hash
from aigc_desktop.core.data.sources import (FORMATS_ACCEPTED, CsvSource, FolderSource, IdxSource,
                                            ImageFolderSource, NpzSource, open_source)
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import run_job
from tests.jobs import context, imported


@pytest.fixture(scope="module")
def written(tmp_path_factory, mnist):
    """MNIST written out as a flat folder of PNGs, an ImageFolder tree (hard links to the same
    files), a CSV manifest beside the flat folder, and an .npz."""
    images, labels = mnist
    base = tmp_path_factory.mktemp("formats")
    flat, tree = base / "flat", base / "tree"
    flat.mkdir()
    for label in range(10):
        (tree / str(label)).mkdir(parents=True)
    rows = []
    for i, (image, label) in enumerate(zip(images, labels)):
        name = f"{i:05d}.png"
        Image.fromarray(image).save(flat / name, compress_level=1)
        os.link(flat / name, tree / str(label) / name)
        rows.append((f"flat/{name}", str(label), f"mnist-{i}"))
    with open(base / "manifest.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["path", "label", "origin"])
        writer.writerows(rows)
    np.savez(base / "mnist.npz", x=images, y=labels)
    return {"flat": flat, "tree": tree, "csv": base / "manifest.csv", "npz": base / "mnist.npz"}


def _multiset(records):
    return Counter((r.pixel_hash, r.label) for r in records)


@pytest.mark.slow  # three folders of 10k PNGs decoded: ~10 s on two cores
def test_all_five_formats_give_the_same_items(written, mnist_paths, mnist):
    images, labels = mnist
    expected = Counter((pixel_hash(np.ascontiguousarray(im)), str(y)) for im, y in zip(images, labels))
    sources = {
        "idx": open_source(mnist_paths[0]),
        "imagefolder": open_source(written["tree"]),
        "csv": open_source(written["csv"]),
        "npz": open_source(written["npz"]),
        "folder": open_source(written["flat"]),
    }
    assert {kind: type(s) for kind, s in sources.items()} == {
        "idx": IdxSource, "imagefolder": ImageFolderSource, "csv": CsvSource, "npz": NpzSource,
        "folder": FolderSource}
    for kind, source in sources.items():
        records = run_job(source.records(context(2)))
        assert len(records) == 10_000, kind
        assert source.summary.n_ok == 10_000 and source.summary.n_corrupt == 0, kind
        assert all(r.width == 28 and r.height == 28 and r.mode == "L" for r in records), kind
        if kind == "folder":  # unlabelled: only the pixels can agree
            assert all(r.label is None for r in records)
            assert Counter(r.pixel_hash for r in records) == Counter(h for h, _ in expected.elements())
        else:
            assert _multiset(records) == expected, kind
    # the IDX source keys items by index; the CSV keeps its extra columns
    idx_records = run_job(sources["idx"].records(context()))
    assert sources["idx"].name == "mnist-t10k"  # a readable name, not the file's
    assert idx_records[12].path == "mnist-t10k#000012"
    assert idx_records[12].label == str(labels[12])
    csv_first = run_job(sources["csv"].records(context(1)))[0]
    assert csv_first.path == "flat/00000.png" and csv_first.extra == {"origin": "mnist-0"}


def test_folder_items_come_in_sorted_order_and_load(written, mnist):
    images, _ = mnist
    source = open_source(written["tree"])
    paths = source.listing().all_items
    assert len(paths) == 10_000 and paths == sorted(paths)
    assert np.array_equal(source.load("7/00000.png"), images[0])


def test_idx_plain_and_label_file_found_beside_it(tmp_path, mnist_paths, mnist):
    import gzip

    images, labels = mnist
    for src in mnist_paths:  # the uncompressed twins, under the usual MNIST names
        (tmp_path / src.name[:-3]).write_bytes(gzip.decompress(src.read_bytes()))
    source = open_source(tmp_path / "mnist-t10k-images-idx3-ubyte")
    assert isinstance(source, IdxSource)
    assert source.labels_path == tmp_path / "mnist-t10k-labels-idx1-ubyte"
    records = run_job(source.records(context()))
    assert [r.label for r in records[:20]] == [str(v) for v in labels[:20]]
    assert np.array_equal(source.load(records[5].path), images[5])


def test_idx_without_label_file_is_unlabelled(tmp_path, mnist_paths):
    lone = tmp_path / "digits-images-idx3-ubyte.gz"
    lone.write_bytes(mnist_paths[0].read_bytes())
    records = run_job(open_source(lone).records(context()))
    assert len(records) == 10_000 and all(r.label is None for r in records)


def test_truncated_idx_and_label_file_as_dataset_are_user_errors(tmp_path, mnist_paths):
    import gzip

    raw = gzip.decompress(mnist_paths[0].read_bytes())
    cut = tmp_path / "cut-images-idx3-ubyte"
    cut.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(UserError, match="truncated"):
        run_job(open_source(cut).records(context()))
    with pytest.raises(UserError, match="labels, not images"):
        run_job(open_source(mnist_paths[1]).records(context()))


def test_npz_rgb_float_and_column_labels(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.random((5, 8, 6, 3)).astype(np.float32)  # floats in [0, 1]
    np.savez(tmp_path / "rgb.npz", x=x, y=np.array([[1.0], [2.0], [1.0], [3.0], [2.0]]))
    source = open_source(tmp_path / "rgb.npz")
    records = run_job(source.records(context()))
    assert [r.label for r in records] == ["1", "2", "1", "3", "2"]
    assert {(r.width, r.height, r.mode) for r in records} == {(6, 8, "RGB")}
    assert np.array_equal(source.load(records[0].path), np.rint(x[0] * 255).astype(np.uint8))


def test_npz_without_x_names_what_it_has(tmp_path):
    np.savez(tmp_path / "bad.npz", images=np.zeros((2, 4, 4), np.uint8))
    with pytest.raises(UserError, match="no array named x.*images"):
        run_job(open_source(tmp_path / "bad.npz").records(context()))


def test_csv_without_header_backslashes_and_missing_file(tmp_path):
    (tmp_path / "img").mkdir()
    Image.fromarray(np.full((4, 4), 9, np.uint8)).save(tmp_path / "img" / "a.png")
    (tmp_path / "list.csv").write_text("img\\a.png,cat\nimg/missing.png,dog\n")
    records = run_job(open_source(tmp_path / "list.csv").records(context()))
    assert [(r.path, r.label, r.status, r.reason) for r in records] == [
        ("img/a.png", "cat", "ok", ""), ("img/missing.png", "dog", "corrupt", "unreadable_path")]


def test_unknown_paths_are_user_errors_naming_the_formats(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "empty").mkdir()
    for path in (tmp_path / "notes.txt", tmp_path / "empty"):
        with pytest.raises(UserError) as info:
            open_source(path)
        assert FORMATS_ACCEPTED in str(info.value)
    with pytest.raises(UserError, match="does not exist"):
        open_source(tmp_path / "nowhere")


def test_png_and_bmp_of_the_same_pixels_hash_equal(tmp_path):
    pixels = np.arange(48, dtype=np.uint8).reshape(6, 8)
    Image.fromarray(pixels).save(tmp_path / "a.png")
    Image.fromarray(pixels).save(tmp_path / "a.bmp")
    png, bmp = decode_file(tmp_path / "a.png"), decode_file(tmp_path / "a.bmp")
    assert png.ok and bmp.ok
    assert pixel_hash(png.pixels) == pixel_hash(bmp.pixels) == pixel_hash(pixels)
    assert pixel_hash(pixels) != pixel_hash(pixels.reshape(8, 6))  # same bytes, another shape


@pytest.mark.parametrize("mode, expect_shape, expect_mode", [
    ("1", (5, 7), "1"), ("P", (5, 7, 3), "P"), ("LA", (5, 7, 4), "LA"), ("I;16", (5, 7), "I;16"),
    ("CMYK", (5, 7, 3), "CMYK"), ("RGBA", (5, 7, 4), "RGBA")])
def test_modes_are_converted_sensibly_and_keep_their_name(tmp_path, mode, expect_shape, expect_mode):
    image = Image.new(mode, (7, 5))
    path = tmp_path / "m.tif"
    image.save(path)
    decoded = decode_file(path)
    assert decoded.ok, decoded.detail
    assert decoded.pixels.shape == expect_shape and decoded.pixels.dtype == np.uint8
    assert decoded.mode == expect_mode and (decoded.width, decoded.height) == (7, 5)


def test_sixteen_bit_maps_full_range(tmp_path):
    values = np.array([[0, 257, 65535]], np.uint16)
    Image.fromarray(values).save(tmp_path / "deep.png")
    decoded = decode_file(tmp_path / "deep.png")
    assert decoded.pixels.tolist() == [[0, 1, 255]]


def test_import_into_catalog_keeps_items_and_labels(mnist_paths, mnist):
    images, labels = mnist
    with Catalog.in_memory() as catalog:
        dataset_id = imported(catalog, mnist_paths[0])
        table = catalog.items(dataset_id)
        assert len(table) == 10_000
        assert table.label.tolist() == [str(y) for y in labels]
        assert catalog.summary(dataset_id)["sizes"] == {"28x28": 10_000}
        assert np.array_equal(catalog.load_pixels(dataset_id, int(table.ids[9])), images[9])


def test_decode_bytes_matches_decode_file(written):
    path = written["flat"] / "00042.png"
    assert pixel_hash(decode_bytes(path.read_bytes()).pixels) == pixel_hash(decode_file(path).pixels)


def test_array_files_get_readable_names():
    from aigc_desktop.core.data.arrays import readable_stem

    assert readable_stem(Path("mnist-t10k-images-idx3-ubyte.gz")) == "mnist-t10k"
    assert readable_stem(Path("train-images.idx3-ubyte")) == "train"
    assert readable_stem(Path("fashion_images-idx3-ubyte.bz2")) == "fashion"
    assert readable_stem(Path("digits.npz")) == "digits"
    assert readable_stem(Path("images-idx3-ubyte.gz")) == "images"  # never an empty name
    assert readable_stem(Path(".npz")) == ".npz"


def test_items_keyed_under_an_older_name_still_read(tmp_path, mnist_paths, mnist):
    images, _ = mnist
    source = open_source(mnist_paths[0])
    old_key = mnist_paths[0].name + "#000007"  # how items were keyed before readable names
    assert np.array_equal(source.load(old_key), images[7])
