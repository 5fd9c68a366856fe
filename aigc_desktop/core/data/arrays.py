"""Datasets stored as arrays: IDX files (the MNIST format, gzip or plain) and ``.npz`` files."""
from __future__ import annotations

import gzip
import math
import re
import zipfile
import zlib
from pathlib import Path
from typing import Optional

import numpy as np

from aigc_desktop.core.crash import describe
from aigc_desktop.core.data import bounded
from aigc_desktop.core.data.decode import to_uint8
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.guards import display

# IDX type byte -> big-endian numpy dtype (http://yann.lecun.com/exdb/mnist/, "the IDX file format")
IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
GZIP_MAGIC = b"\x1f\x8b"


def _open(path: Path):
    """A regular file (never a FIFO or a device), transparently un-gzipped."""
    raw = bounded.open_regular(path)
    try:
        gz = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
    except BaseException:
        raw.close()
        raise
    return gzip.GzipFile(fileobj=raw, mode="rb") if gz else raw


def looks_like_idx(path: Path) -> bool:
    """True when the file (gzip or plain) starts with a plausible IDX header."""
    try:
        with _open(path) as f:
            head = f.read(4)
    except (OSError, EOFError, zlib.error):
        return False
    return len(head) == 4 and head[:2] == b"\0\0" and head[2] in IDX_DTYPES and 1 <= head[3] <= 4


def read_idx(path: Path) -> np.ndarray:
    """The whole IDX array, native byte order. UserError when the file is damaged, or when the
    shape its header declares is beyond :data:`~bounded.MAX_ARRAY_BYTES` (checked before a byte of
    the data is inflated)."""
    name = display(path.name)
    try:
        with _open(path) as f:
            head = f.read(4)
            if len(head) < 4 or head[:2] != b"\0\0" or head[2] not in IDX_DTYPES:
                raise UserError(f"{name} is not an IDX file (bad magic number)")
            ndim = head[3]
            dims = f.read(4 * ndim)
            if len(dims) < 4 * ndim:
                raise UserError(f"{name} is truncated: its header is incomplete")
            shape = tuple(int.from_bytes(dims[4 * i:4 * i + 4], "big") for i in range(ndim))
            dtype = np.dtype(IDX_DTYPES[head[2]])
            expected = bounded.check_array_size(shape, dtype.itemsize, name)
            data = bounded.read_exactly(f, expected)
    except bounded.TooLarge as exc:
        raise UserError(str(exc)) from None
    except bounded.NotRegularFile as exc:
        raise UserError(f"{name} cannot be read: it is {exc}") from None
    except (OSError, EOFError, zlib.error) as exc:  # gzip raises these for a cut-off or damaged stream
        raise UserError(f"{name} cannot be read: {exc}") from None
    if len(data) < expected:
        entries = shape[0] if shape else 0
        raise UserError(f"{name} is truncated: the header promises {entries} entries of shape "
                        f"{shape[1:]} but the file holds {len(data)} of {expected} bytes")
    array = np.frombuffer(data, dtype, math.prod(shape)).reshape(shape)
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
    """Arrays ``x`` and ``y`` of an ``.npz``, read member by member from the zip: each array's
    declared shape is checked against the limit before it is inflated, and nothing is unpickled."""
    name = display(path.name)
    not_npz = f"{name} is not a valid .npz file (a zip of .npy arrays, as numpy.savez writes)"
    try:
        with bounded.open_regular(path) as raw, zipfile.ZipFile(raw) as archive:
            members = {m.filename[:-4] if m.filename.endswith(".npy") else m.filename: m
                       for m in archive.infolist()}
            if "x" not in members:
                raise UserError(f"{name} has no array named x (it has: {', '.join(sorted(members)) or 'none'})")
            x = _read_member(archive, members["x"], f"{name}: x")
            y = _read_member(archive, members["y"], f"{name}: y") if "y" in members else None
    except bounded.TooLarge as exc:
        raise UserError(str(exc)) from None
    except bounded.NotRegularFile as exc:
        raise UserError(f"{name} cannot be read: it is {exc}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        raise UserError(not_npz) from None
    except OSError as exc:
        raise UserError(f"{name} cannot be read: {exc.strerror or exc}") from None
    return x, y


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, what: str) -> np.ndarray:
    """One ``.npy`` member: header first (version, shape, dtype), then exactly its data."""
    fmt = np.lib.format
    with archive.open(member) as fh:
        try:
            version = fmt.read_magic(fh)
            if version == (1, 0):
                shape, fortran, dtype = fmt.read_array_header_1_0(fh, max_header_size=1 << 16)
            elif version in ((2, 0), (3, 0)):
                shape, fortran, dtype = fmt.read_array_header_2_0(fh, max_header_size=1 << 16)
            else:
                raise ValueError(f"unknown .npy version {version}")
        except (ValueError, EOFError, SyntaxError, TypeError) as exc:
            raise UserError(f"{what} is not a valid .npy array ({describe(exc)})") from None
        if dtype.hasobject:
            raise UserError(f"{what} holds Python objects, which are never unpickled; save numbers instead")
        size = bounded.check_array_size(shape, dtype.itemsize, what)
        data = bounded.read_exactly(fh, size)
    if len(data) < size:
        raise UserError(f"{what} is truncated: {len(data)} of its {size} bytes are there")
    array = np.frombuffer(data, dtype, math.prod(shape))
    return array.reshape(shape, order="F" if fortran else "C")
