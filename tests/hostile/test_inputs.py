"""§4: hostile files and containers are bounded and never hang: FIFOs and devices, compressed
arrays that inflate beyond a limit, damaged .npz members, empty images, odd CSV headers, and
generation of more samples than fit in memory."""
from __future__ import annotations

import gzip
import io
import json
import os
import struct
import zipfile

import numpy as np
import pytest
from PIL import Image


from tests.hostile.helpers import HANG_S, assert_one_line_error, cli, make_images, run_aigc, text


def _manifest(root, rows: list[str], header: str = "path,label") -> os.PathLike:
    path = root / "m.csv"
    path.write_text((header + "\n" if header else "") + "\n".join(rows) + "\n")
    return path


def _info(capsys, dataset) -> dict:
    rc, out, err = cli(capsys, "info", dataset, "--json")
    assert rc == 0, err
    return json.loads(out)


# ---------------------------------------------------------------- FIFOs and devices
def test_a_manifest_row_naming_a_fifo_or_a_device_is_a_corrupt_item_not_a_hang(tmp_path):
    data = make_images(tmp_path / "data", per_class=3)
    os.mkfifo(data / "pipe.png")
    rows = [f"{p.relative_to(data)},{p.parent.name}" for p in sorted(data.rglob("img_*.png"))]
    csv = _manifest(data, rows + ["pipe.png,0", "/dev/zero,1", "/dev/urandom,1"])
    out = run_aigc("info", csv, "--json", timeout=HANG_S)
    assert out.returncode == 0, text(out.stderr)
    info = json.loads(out.stdout)
    assert info["items"] == 9 and info["corrupt"] == 3 and info["corrupt_by_reason"] == {"unreadable_path": 3}


@pytest.mark.parametrize("command", ["info", "scan", "import", "train"])
def test_a_fifo_given_as_the_dataset_is_refused_at_once(tmp_path, command):
    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)
    args = {"info": ["info", fifo], "scan": ["scan", fifo, "--report", tmp_path / "r.json"],
            "import": ["import", fifo, "--project", tmp_path / "p.aigc"],
            "train": ["train", fifo, "--model", "vae", "--epochs", "1", "--out", tmp_path / "run"]}[command]
    out = run_aigc(*args, timeout=HANG_S)
    assert_one_line_error(out.returncode, text(out.stderr), "FIFO")
    assert sorted(os.listdir(tmp_path)) == ["data.csv"]


def test_a_fifo_as_the_scan_report_of_clean_is_refused(dataset, tmp_path):
    fifo = tmp_path / "r.json"
    os.mkfifo(fifo)
    out = run_aigc("clean", dataset, "--report", fifo, "--out", tmp_path / "clean", timeout=HANG_S)
    assert_one_line_error(out.returncode, text(out.stderr), "FIFO")


# ---------------------------------------------------------------- arrays beyond the limit
def _idx_header(shape, dtype_code=0x08) -> bytes:
    return bytes([0, 0, dtype_code, len(shape)]) + b"".join(struct.pack(">I", n) for n in shape)


def test_a_small_gzip_idx_that_inflates_beyond_the_limit_is_refused_before_inflating(tmp_path, capsys):
    import resource

    path = tmp_path / "bomb-images-idx3-ubyte.gz"
    with gzip.open(path, "wb", compresslevel=9) as fh:  # 3M x 28 x 28 zeros: 2.35 GB declared
        fh.write(_idx_header((3_000_000, 28, 28)))
        zeros = bytes(1 << 20)
        for _ in range(64):  # 64 MB of them are enough to be a bomb in the small
            fh.write(zeros)
    assert path.stat().st_size < 2_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rc, _, err = cli(capsys, "info", path)
    assert_one_line_error(rc, err, "limit")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 200, f"the refused file still took {grown_mb:.0f} MB"


def test_an_idx_header_whose_product_wraps_around_is_refused(tmp_path, capsys):
    path = tmp_path / "wrap-images-idx3-ubyte"
    path.write_bytes(_idx_header((65536, 65536, 65536, 65536)) + bytes(64))
    assert int(np.prod(np.array([65536] * 4, np.int64))) == 0  # the trap: numpy wraps this to 0
    rc, _, err = cli(capsys, "info", path)
    assert_one_line_error(rc, err, "limit")


def _npz(path, members: dict) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_deflated_npz_bomb_is_refused_before_inflating(tmp_path, capsys):
    big = np.lib.format.header_data_from_array_1_0(np.zeros((1, 28, 28), np.uint8))
    big["shape"] = (4_000_000, 28, 28)  # 3.1 GB declared, 32 MB of zeros deflated to a few kB
    stream = io.BytesIO()
    np.lib.format.write_array_header_1_0(stream, big)
    body = stream.getvalue() + bytes(32 << 20)
    _npz(tmp_path / "bomb.npz", {"x.npy": body})
    assert (tmp_path / "bomb.npz").stat().st_size < 1_000_000
    rc, _, err = cli(capsys, "info", tmp_path / "bomb.npz")
    assert_one_line_error(rc, err, "limit")


@pytest.mark.parametrize("payload, expected", [
    (b"this is not a .npy file", "not a valid .npy"),
    (None, "not a valid .npz"),
])
def test_a_damaged_npz_says_so_without_numpys_pickle_advice(tmp_path, capsys, payload, expected):
    path = tmp_path / "bad.npz"
    if payload is None:
        path.write_bytes(b"PK\x03\x04 garbage that is no zip")
    else:
        _npz(path, {"x.npy": payload})
    rc, _, err = cli(capsys, "info", path)
    line = assert_one_line_error(rc, err, expected)
    assert "pickle" not in line.lower()


def test_an_npz_of_objects_is_refused_unread(tmp_path, capsys):
    path = tmp_path / "objects.npz"
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    _npz(path, {"x.npy": buffer.getvalue()})
    rc, _, err = cli(capsys, "info", path)
    assert_one_line_error(rc, err, "never unpickled")


def test_empty_images_are_corrupt_items_with_a_reason(tmp_path, capsys):
    np.savez(tmp_path / "empty.npz", x=np.zeros((5, 0, 0), np.uint8), y=np.arange(5))
    info = _info(capsys, tmp_path / "empty.npz")
    assert info["items"] == 5 and info["readable"] == 0 and info["corrupt_by_reason"] == {"not_an_image": 5}
    rc, _, err = cli(capsys, "train", tmp_path / "empty.npz", "--model", "vae", "--epochs", "1",
                     "--out", tmp_path / "run")
    assert_one_line_error(rc, err, "no readable images")


# ---------------------------------------------------------------- CSV headers
@pytest.mark.parametrize("header", ["image_path,cls", "filename_of_image,category_name", "img,target"])
def test_an_unrecognised_csv_header_is_detected_not_read_as_a_row(tmp_path, capsys, header):
    data = make_images(tmp_path / "data", per_class=4)
    rows = [f"{p.relative_to(data)},{p.parent.name}" for p in sorted(data.rglob("*.png"))]
    info = _info(capsys, _manifest(data, rows, header))
    assert info["items"] == 8 and info["corrupt"] == 0
    assert info["labels"] == {"0": 4, "1": 4}


def test_a_csv_without_a_header_and_the_paths_second(tmp_path, capsys):
    data = make_images(tmp_path / "data", per_class=3)
    rows = [f"{p.parent.name},{p.relative_to(data)}" for p in sorted(data.rglob("*.png"))]
    info = _info(capsys, _manifest(data, rows, header=""))
    assert info["items"] == 6 and info["corrupt"] == 0 and info["labels"] == {"0": 3, "1": 3}


# ---------------------------------------------------------------- bounded generation
def test_generation_runs_in_bounded_batches(run_copy, tmp_path, capsys, monkeypatch):
    from aigc_desktop.core.training import runs, sampling

    run, _ = run_copy
    largest = {"n": 0}
    decode = runs.TrainedGenerator.decode

    def counting(self, z, labels=None, start=0):
        largest["n"] = max(largest["n"], len(z))
        return decode(self, z, labels, start)

    monkeypatch.setattr(runs.TrainedGenerator, "decode", counting)
    monkeypatch.setattr(sampling, "GENERATE_CHUNK", 64)
    rc, _, err = cli(capsys, "generate", run, "-n", "300", "--seed", "5", "--out", tmp_path / "many")
    assert rc == 0, err
    assert largest["n"] <= 64 + 16
    manifest = json.loads((tmp_path / "many" / "manifest.json").read_text())
    assert manifest["n"] == 300 and len(manifest["files"]) == 300
    assert [f["index"] for f in manifest["files"]] == list(range(300))
    # the batched samples are the samples of one draw: the same command in a single batch
    monkeypatch.setattr(runs.TrainedGenerator, "decode", decode)
    monkeypatch.setattr(sampling, "GENERATE_CHUNK", 10 ** 6)
    rc, _, err = cli(capsys, "generate", run, "-n", "300", "--seed", "5", "--out", tmp_path / "whole")
    assert rc == 0, err
    for name in ("sample_0000.png", "sample_0150.png", "sample_0299.png"):
        with Image.open(tmp_path / "many" / name) as batched, Image.open(tmp_path / "whole" / name) as whole:
            assert np.array_equal(np.asarray(batched), np.asarray(whole)), name


@pytest.mark.parametrize("flag, value", [("-n", "0"), ("-n", "-3"), ("-n", "99999999999")])
def test_sample_counts_are_checked_when_parsed(run_copy, tmp_path, capsys, flag, value):
    run, _ = run_copy
    with pytest.raises(SystemExit) as exit_info:
        cli(capsys, "generate", run, flag, value, "--out", tmp_path / "x")
    assert exit_info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
