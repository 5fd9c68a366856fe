"""Datasets stored as arrays: IDX files (the MNIST format, gzip or plain) and ``.npz`` files."""
from __future__ import annotations

import gzip
import re
import zipfile
from pathlib import Path
from typing import Optional

import numpy as np

from aigc_desktop.core.data.decode import to_uint8
from aigc_desktop.core.errors import UserError

# IDX type byte -> big-endian numpy dtype (http://yann.lecun.com/exdb/mnist/, "the IDX file format")
IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
GZIP_MAGIC = b"\x1f\x8b"


def _open(path: Path):
    with open(path, "rb") as f:
        gz = f.read(2) == GZIP_MAGIC
    return gzip.open(path, "rb") if gz else open(path, "rb")


def looks_like_idx(path: Path) -> bool:
    """True when the file (gzip or plain) starts with a plausible IDX header."""
    try:
        with _open(path) as f:
            head = f.read(4)
    except (OSError, EOFError):
        return False
    return len(head) == 4 and head[:2] == b"\0\0" and head[2] in IDX_DTYPES and 1 <= head[3] <= 4


def read_idx(path: Path) -> np.ndarray:
    """The whole IDX array, native byte order. UserError when the file is damaged."""
    try:
        with _open(path) as f:
            data = f.read()
    except (OSError, EOFError) as exc:  # gzip raises these for a cut-off or damaged stream
        raise UserError(f"{path.name} cannot be read: {exc}") from None
    if len(data) < 4 or data[:2] != b"\0\0" or data[2] not in IDX_DTYPES:
        raise UserError(f"{path.name} is not an IDX file (bad magic number)")
    ndim = data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise UserError(f"{path.name} is truncated: its header is incomplete")
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    dtype = np.dtype(IDX_DTYPES[data[2]])
    expected = int(np.prod(shape)) * dtype.itemsize
    if len(data) - header < expected:
        raise UserError(f"{path.name} is truncated: the header promises {shape[0]} entries of shape "
                        f"{shape[1:]} but the file holds {len(data) - header} of {expected} bytes")
    array = np.frombuffer(data, dtype, int(np.prod(shape)), header).reshape(shape)
    return array.astype(dtype.newbyteorder("="), copy=False)


_COMPRESSED = (".gz", ".bz2", ".xz")
_ARRAY_SUFFIX = re.compile(r"([-_.]idx\d?)?([-_.]ubyte)?$|\.idx$|\.npz$", re.IGNORECASE)
_IMAGES_SUFFIX = re.compile(r"[-_.]images$", re.IGNORECASE)


def readable_stem(path: Path) -> str:
    """A dataset name a person reads, from an array file's name: ``mnist-t10k-images-idx3-ubyte.gz`` ->
    ``mnist-t10k``, ``digits.npz`` -> ``digits``; the file's own name when nothing would be left."""
    name = Path(path).name
    stem = name
    for suffix in _COMPRESSED:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    stem = _ARRAY_SUFFIX.sub("", stem, count=1)
    shorter = _IMAGES_SUFFIX.sub("", stem)
    stem = shorter or stem
    return stem.strip("-_. ") or name


def find_idx_labels(images: Path) -> Optional[Path]:
    """The label file beside an IDX image file: ``*-images-idx3-ubyte[.gz]`` -> ``*-labels-idx1-ubyte[.gz]``."""
    name = images.name
    candidates = []
    swapped = re.sub(r"images?(?=[-._]idx3)", "labels", name)
    swapped = swapped.replace("idx3", "idx1")
    if swapped != name:
        candidates.append(swapped)
    if "images" in name:
        candidates.append(name.replace("images", "labels"))
    for candidate in list(candidates):
        candidates.append(candidate[:-3] if candidate.endswith(".gz") else candidate + ".gz")
    for candidate in candidates:
        path = images.with_name(candidate)
        if candidate != name and path.is_file():
            return path
    return None


def as_images(x: np.ndarray, what: str) -> np.ndarray:
    """(N,H,W) or (N,H,W,C) with C in 1, 3, 4 -> uint8, a single channel squeezed to (N,H,W)."""
    if x.ndim == 4 and x.shape[-1] == 1:
        x = x[..., 0]
    if not (x.ndim == 3 or (x.ndim == 4 and x.shape[-1] in (3, 4))):
        raise UserError(f"{what} has shape {x.shape}; expected (N, H, W) or (N, H, W, C) with C = 1, 3 or 4")
    if not (np.issubdtype(x.dtype, np.number) or x.dtype == np.bool_):
        raise UserError(f"{what} holds {x.dtype} values, not numbers")
    return np.ascontiguousarray(to_uint8(x))


def label_strings(y: np.ndarray, n: int, what: str) -> list[Optional[str]]:
    """Labels as strings ("3", not "3.0"); the count must match the images."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1 or len(y) != n:
        raise UserError(f"{what} has shape {y.shape}; expected one label for each of the {n} images")
    if np.issubdtype(y.dtype, np.floating) and np.all(np.isfinite(y)) and np.all(y == np.round(y)):
        y = y.astype(np.int64)
    return [None if (isinstance(v, str) and v == "") else str(v) for v in y.tolist()]


def read_npz(path: Path) -> tuple[np.ndarray, Optional[np.ndarray]]:
    try:
        with np.load(path, allow_pickle=False) as npz:
            keys = set(npz.files)
            if "x" not in keys:
                raise UserError(f"{path.name} has no array named x (it has: {', '.join(sorted(keys)) or 'none'})")
            x = npz["x"]
            y = npz["y"] if "y" in keys else None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise UserError(f"{path.name} cannot be read as an .npz file: {exc}") from None
    return x, y
