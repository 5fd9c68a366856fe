"""A tree of broken files: every file is accounted for with the right reason, nothing crashes,
and the source tree is byte-identical afterwards."""
from __future__ import annotations

import hashlib
import io
import os
import stat
import struct
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.data import bounded as bounded_module
from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.data.decode import REASONS, decode_bytes, decode_file
from aigc_desktop.core.data.sources import open_source
from aigc_desktop.core.jobs import run_job
from tests.jobs import context, imported

NON_UTF8 = os.fsdecode(b"caf\xe9.png")  # a Latin-1 name: not valid UTF-8
DEPTH = 1100  # deeper than Python's default recursion limit


def _png(pixels: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, "PNG")
    return buf.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _bomb_png(side: int = 30_000) -> bytes:
    """A tiny file whose header claims side x side pixels."""
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + _chunk(b"IEND", b""))


def _tree_state(root: Path) -> dict:
    """Names, modes, bytes and link targets of everything under root, walked without recursion."""
    state, stack = {}, [os.fsencode(root)]
    while stack:
        folder = stack.pop()
        for entry in os.scandir(folder):
            st = entry.stat(follow_symlinks=False)
            key = entry.path[len(os.fsencode(root)):]
            if stat.S_ISLNK(st.st_mode):
                state[key] = ("link", os.readlink(entry.path))
            elif stat.S_ISDIR(st.st_mode):
                state[key] = ("dir", st.st_mode)
                stack.append(entry.path)
            elif stat.S_ISREG(st.st_mode):
                with open(entry.path, "rb") as f:
                    state[key] = ("file", st.st_mode, hashlib.sha256(f.read()).hexdigest())
            else:
                state[key] = ("special", st.st_mode)
    return state


def _remove_deep_chain(top: Path) -> None:
    """Delete the DEPTH-deep folder chain without recursion (Python 3.11's shutil.rmtree, which
    pytest uses to clear old temporary folders, would hit the recursion limit), one level at a
    time relative to an open folder so no call resolves the whole long path."""
    fd = os.open(top, os.O_RDONLY)
    depth = 0
    while _has_dir(fd, "d"):
        child = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd, depth = child, depth + 1
    for name in os.listdir(fd):
        os.unlink(name, dir_fd=fd)
    for _ in range(depth):
        parent = os.open("..", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        os.rmdir("d", dir_fd=parent)
        fd = parent
    os.close(fd)
    os.rmdir(top)


def _has_dir(fd: int, name: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        return False


@pytest.fixture
def broken_tree(tmp_path):
    """The corpus, and the expected (status, reason) of each item by relative path."""
    if sys.platform == "win32":
        pytest.skip("symbolic links and FIFOs need a POSIX file system")
    root = tmp_path / "broken"
    (root / "sub").mkdir(parents=True)
    digit = np.tile(np.arange(16, dtype=np.uint8) * 16, (16, 1))
    png = _png(digit)
    (root / "good.png").write_bytes(png)
    Image.fromarray(digit).save(root / "sub" / "ok.bmp")
    (root / "zero.png").write_bytes(b"")
    (root / "trunc.png").write_bytes(png[: len(png) // 2])
    (root / "bad_header.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    (root / "text.png").write_bytes(b"this is a text file, not a PNG\n" * 4)
    Image.new("LAB", (8, 8), (50, 10, 20)).save(root / "lab.tif")
    (root / "bomb.png").write_bytes(_bomb_png())
    (root / "secret.png").write_bytes(png)
    os.symlink(root / "nowhere.png", root / "broken.png")
    os.mkfifo(root / "fifo.png")
    try:
        (root / NON_UTF8).write_bytes(png)
        odd_name = {NON_UTF8: ("ok", "")}
    except OSError:  # macOS file systems refuse names that are not UTF-8
        odd_name = {}
    deep = os.fspath(root)
    for _ in range(DEPTH):
        deep += "/d"
        os.mkdir(deep)
    Path(deep, "deep.png").write_bytes(png)
    # not items, but counted
    (root / "notes.txt").write_text("notes")
    (root / "data.json").write_text("{}")
    (root / "README").write_text("readme")
    (root / ".hidden.png").write_bytes(png)
    (root / ".git").mkdir()
    (root / ".git" / "inside.png").write_bytes(png)
    os.symlink("..", root / "sub" / "up")  # a folder loop
    os.symlink("selfloop.png", root / "selfloop.png")  # a link to itself
    expected = {
        "good.png": ("ok", ""), "sub/ok.bmp": ("ok", ""), "zero.png": ("corrupt", "zero_bytes"),
        "trunc.png": ("corrupt", "truncated"), "bad_header.jpg": ("corrupt", "truncated"),
        "text.png": ("corrupt", "not_an_image"), "lab.tif": ("corrupt", "unsupported_mode"),
        "bomb.png": ("corrupt", "too_large"), "secret.png": ("corrupt", "permission_denied"),
        "broken.png": ("corrupt", "unreadable_path"), "fifo.png": ("corrupt", "unreadable_path"),
        "d/" * DEPTH + "deep.png": ("ok", ""), **odd_name,
    }
    yield root, expected
    _remove_deep_chain(root / "d")


@pytest.fixture
def deny_secret(monkeypatch):
    """Reading secret.png raises PermissionError (chmod 000 does not stop root, who runs the tests)."""
    real_open = bounded_module.open_regular

    def guarded_open(path, *args, **kwargs):
        if os.fsdecode(path).endswith("secret.png"):
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(bounded_module, "open_regular", guarded_open)


def test_every_broken_file_is_an_item_with_its_reason(broken_tree, deny_secret, tmp_path):
    root, expected = broken_tree
    before = _tree_state(root)
    with Catalog.open(tmp_path / "p.aigc", create=True) as catalog:
        dataset_id = imported(catalog, root, 2)
        table = catalog.items(dataset_id)
        got = {p: (s, r) for p, s, r in zip(table.path, table.status, table.reason)}
        assert got == expected
        assert set(table.reason.tolist()) - {""} <= set(REASONS)
        assert all(d for d, s in zip(table.detail, table.status) if s == "corrupt")  # a message for each
        summary = catalog.summary(dataset_id)
        assert summary["skipped_non_image"] == {".txt": 1, ".json": 1, "(none)": 1}
        assert summary["skipped_hidden"] == 2
        assert summary["skipped_symlink_loops"] == 2
        assert summary["corrupt"] == 9 and summary["readable"] == 3 + len([p for p in expected if p == NON_UTF8])
        if NON_UTF8 in expected:  # the non-UTF-8 name came back from SQLite unchanged and opens the file
            odd = int(table.ids[table.path.tolist().index(NON_UTF8)])
            assert catalog.load_pixels(dataset_id, odd).shape == (16, 16)
            assert (root / table.path[table.path.tolist().index(NON_UTF8)]).read_bytes()[:4] == b"\x89PNG"
        labels = dict(zip(table.path, table.label))
        assert labels["sub/ok.bmp"] == "sub" and labels["good.png"] == "" and labels["d/" * DEPTH + "deep.png"] == "d"
    assert _tree_state(root) == before


def test_source_summary_counts_the_same(broken_tree, deny_secret):
    root, expected = broken_tree
    source = open_source(root)
    records = run_job(source.records(context(1)))
    assert [r.path for r in records] == sorted(expected)
    assert source.summary.n_items == len(expected)
    assert source.summary.corrupt_by_reason == {
        "zero_bytes": 1, "truncated": 2, "not_an_image": 1, "unsupported_mode": 1, "too_large": 1,
        "permission_denied": 1, "unreadable_path": 2}


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="chmod 000 does not stop root from reading; the monkeypatched test covers it")
def test_chmod_000_is_permission_denied(tmp_path):
    path = tmp_path / "locked.png"
    path.write_bytes(_png(np.zeros((4, 4), np.uint8)))
    path.chmod(0)
    try:
        assert decode_file(path).reason == "permission_denied"
    finally:
        path.chmod(0o644)


def test_pixel_limit_is_per_call_and_leaves_pil_global_alone():
    limit = Image.MAX_IMAGE_PIXELS
    data = _png(np.zeros((40, 50), np.uint8))
    small = decode_bytes(data, max_pixels=1000)
    assert small.reason == "too_large" and (small.width, small.height) == (50, 40)
    assert decode_bytes(data).ok
    assert Image.MAX_IMAGE_PIXELS == limit


def test_directory_named_like_an_image_and_missing_path(tmp_path):
    (tmp_path / "folder.png").mkdir()
    assert decode_file(tmp_path / "folder.png").reason == "unreadable_path"
    assert decode_file(tmp_path / "missing.png").reason == "unreadable_path"
