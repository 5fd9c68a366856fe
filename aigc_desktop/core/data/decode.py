"""Decode one image file into pixels, or say precisely why it cannot be decoded.

Nothing here raises for a bad file: a file that cannot be read becomes a :class:`Decoded` with
``status == "corrupt"`` and one of :data:`REASONS`, so an import accounts for every file.

Plain 8-bit PNGs (most of a folder of small images) skip ``Image.open``: see
:mod:`~aigc_desktop.core.data.plain_png`, which hands every other file back to the path below.

PIL's process-wide settings (``Image.MAX_IMAGE_PIXELS``, ``ImageFile.LOAD_TRUNCATED_IMAGES``) are
left alone: the pixel limit is checked here per call, so a decompression bomb is reported as
``too_large`` without hiding PIL's own guard from the rest of the process.
"""
from __future__ import annotations

import errno
import hashlib
import io
import os
import re
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np
from PIL import Image, UnidentifiedImageError

from aigc_desktop.core.data import bounded, plain_png

REASONS = ("zero_bytes", "truncated", "not_an_image", "unsupported_mode", "too_large",
           "permission_denied", "unreadable_path")
IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp",
                              ".ppm", ".pgm", ".pbm"})
# Below PIL's default warning threshold (~89 Mpx), so a bomb is refused before PIL warns about it.
MAX_PIXELS = 64 * 1024 * 1024

# Modes with a faithful conversion to L / RGB / RGBA. LAB and HSV are left out on purpose: turning
# them into RGB without a colour profile would silently change the colours the user trains on.
_AS_IS = {"L": "L", "RGB": "RGB", "RGBA": "RGBA"}
_CONVERT = {"1": "L", "LA": "RGBA", "La": "RGBA", "PA": "RGBA", "RGBa": "RGBA", "RGBX": "RGB",
            "CMYK": "RGB", "YCbCr": "RGB"}
_NUMERIC = {"I", "I;16", "I;16L", "I;16B", "I;16N", "F"}
_SUPPORTED = {*_AS_IS, *_CONVERT, *_NUMERIC, "P"}

# Leading bytes of the formats PIL reads; a file that starts like an image but fails to open is
# damaged (reported as truncated), anything else is not an image at all.
_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"BM", b"GIF8", b"II*\x00", b"MM\x00*", b"RIFF",
               b"P1", b"P2", b"P3", b"P4", b"P5", b"P6", b"P7")


@dataclass
class Decoded:
    """The result of reading one image; ``pixels`` is None when the file is corrupt."""

    pixels: Optional[np.ndarray]
    width: int
    height: int
    mode: str
    nbytes: int
    status: str
    reason: str
    detail: str

    @property
    def ok(self) -> bool:
        return self.status == "ok"


_OBJECT_REPR = re.compile(r"\s*<[\w.]+ object at 0x[0-9a-fA-F]+>")


def corrupt(reason: str, detail: str, nbytes: int = 0, width: int = 0, height: int = 0,
            mode: str = "") -> Decoded:
    assert reason in REASONS, reason
    # PIL names the in-memory stream it read ("<_io.BytesIO object at 0x...>"): noise to a user,
    # and it differs from one read of the same file to the next
    detail = _OBJECT_REPR.sub("", detail)
    return Decoded(None, width, height, mode, nbytes, "corrupt", reason, detail)


def decode_file(path, max_pixels: int = MAX_PIXELS) -> Decoded:
    """Read and decode ``path`` (str, bytes or PathLike). Never raises for a bad file."""
    try:
        data = bounded.read_limited(path, bounded.MAX_FILE_BYTES)
    except PermissionError as exc:
        return corrupt("permission_denied", exc.strerror or str(exc))
    except bounded.NotRegularFile as exc:  # a FIFO would block forever, a device never ends
        return corrupt("unreadable_path", str(exc))
    except bounded.TooLarge as exc:
        return corrupt("too_large", str(exc))
    except MemoryError:
        return corrupt("too_large", "not enough memory to read the file")
    except OSError as exc:  # missing, a directory, a symlink loop, a name too long, an I/O error
        return corrupt("unreadable_path", exc.strerror or errno.errorcode.get(exc.errno or 0, str(exc)))
    except ValueError:  # a NUL in a manifest's path
        return corrupt("unreadable_path", "the path holds a NUL character")
    return decode_bytes(data, max_pixels=max_pixels)


def decode_bytes(data: bytes, max_pixels: int = MAX_PIXELS) -> Decoded:
    """Decode an image held in memory. Never raises for bad data."""
    nbytes = len(data)
    if nbytes == 0:
        return corrupt("zero_bytes", "the file is empty")
    if data.startswith(plain_png.SIGNATURE):
        plain = plain_png.decode(data, max_pixels)
        if plain is not None:
            raw, shape, mode = plain
            return Decoded(np.frombuffer(raw, np.uint8).reshape(shape), shape[1], shape[0], mode, nbytes,
                           "ok", "", "")
    try:
        image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        return corrupt("too_large", str(exc), nbytes)
    except UnidentifiedImageError as exc:
        if data.startswith(_SIGNATURES):
            return corrupt("truncated", f"damaged header: {exc}", nbytes)
        return corrupt("not_an_image", "not an image file PIL can identify", nbytes)
    except Exception as exc:  # a plugin choking on a damaged header
        return corrupt("truncated", f"damaged header: {exc}", nbytes)
    width, height = image.size
    mode = image.mode
    if width * height > max_pixels:
        return corrupt("too_large", f"{width}x{height} pixels exceeds the limit of {max_pixels}",
                       nbytes, width, height, mode)
    if mode not in _SUPPORTED:
        return corrupt("unsupported_mode", f"image mode {mode} is not supported", nbytes,
                       width, height, mode)
    try:
        image.load()
        pixels = to_pixels(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        return corrupt("too_large", str(exc), nbytes, width, height, mode)
    except OSError as exc:
        text = str(exc)
        if "decoder" in text and "not available" in text:
            return corrupt("unsupported_mode", text, nbytes, width, height, mode)
        return corrupt("truncated", text, nbytes, width, height, mode)
    except (ValueError, SyntaxError, EOFError, IndexError, MemoryError) as exc:
        return corrupt("truncated", f"{type(exc).__name__}: {exc}", nbytes, width, height, mode)
    return Decoded(pixels, width, height, mode, nbytes, "ok", "", "")


def to_pixels(image: Image.Image) -> np.ndarray:
    """A loaded PIL image as (H,W) L, (H,W,3) RGB or (H,W,4) RGBA uint8 pixels."""
    mode = image.mode
    if mode in _AS_IS:
        return np.asarray(image)
    if mode in _CONVERT:
        return np.asarray(image.convert(_CONVERT[mode]))
    if mode == "P":
        transparent = "transparency" in image.info
        return np.asarray(image.convert("RGBA" if transparent else "RGB"))
    if mode in _NUMERIC:
        return to_uint8(np.asarray(image))
    raise ValueError(f"image mode {mode} is not supported")


def to_uint8(array: np.ndarray) -> np.ndarray:
    """Scale an integer, float or bool image array to uint8 the way a viewer would show it.

    16-bit integers map their full range, floats in [0, 1] are taken as fractions, anything else
    outside [0, 255] is stretched from its minimum to its maximum.
    """
    if array.dtype == np.uint8:
        return array
    if array.dtype == np.bool_:
        return array.astype(np.uint8) * 255
    if array.size == 0:
        return array.astype(np.uint8)
    if array.dtype == np.uint16:
        return ((array.astype(np.uint32) * 255 + 32767) // 65535).astype(np.uint8)
    lo, hi = float(np.nanmin(array)), float(np.nanmax(array))
    values = np.nan_to_num(array.astype(np.float64))
    if np.issubdtype(array.dtype, np.floating) and lo >= 0.0 and hi <= 1.0:
        values = values * 255.0
    elif lo < 0.0 or hi > 255.0:
        if hi > 255.0 and lo >= 0.0 and hi <= 65535.0 and np.issubdtype(array.dtype, np.integer):
            values = values * (255.0 / 65535.0)
        else:
            values = (values - lo) * (255.0 / (hi - lo) if hi > lo else 0.0)
    return np.clip(np.rint(values), 0, 255).astype(np.uint8)


_hash_headers: dict[tuple, bytes] = {}  # repr((shape, dtype)) costs as much as hashing a small image


def pixel_hash(pixels: np.ndarray) -> str:
    """blake2b-128 over shape, dtype and bytes: the same pixels hash equal whatever the container."""
    key = (pixels.shape, pixels.dtype.str)
    header = _hash_headers.get(key)
    if header is None:
        header = repr(key).encode()
        if len(_hash_headers) < 1024:
            _hash_headers[key] = header
    h = hashlib.blake2b(header, digest_size=16)
    h.update(pixels.data if pixels.flags.c_contiguous else np.ascontiguousarray(pixels).data)
    return h.hexdigest()


def summary_of(decoded: Decoded) -> tuple:
    """(width, height, mode, nbytes, pixel hash, status, reason, detail): an import's view of a file."""
    d = decoded
    return (d.width, d.height, d.mode, d.nbytes, pixel_hash(d.pixels) if d.pixels is not None else "",
            d.status, d.reason, d.detail)


def decode_summaries(root: str, paths: Sequence[str]) -> list[tuple]:
    """:func:`summary_of` each ``root/path``: what a worker process sends back, never pixels."""
    return [summary_of(decode_file(os.path.join(root, path))) for path in paths]
