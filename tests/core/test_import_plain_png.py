"""The quick path for plain PNGs decodes exactly what ``Image.open`` decodes, or steps aside."""
from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, PngImagePlugin

from aigc_desktop.core.data import decode as decode_module
from aigc_desktop.core.data import plain_png
from aigc_desktop.core.data.decode import decode_bytes


def png_bytes(image: Image.Image, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", **params)
    return out.getvalue()


def through_pil(data: bytes, monkeypatch) -> decode_module.Decoded:
    with monkeypatch.context() as m:
        m.setattr(plain_png, "decode", lambda data, max_pixels: None)
        return decode_bytes(data)


def same(a: decode_module.Decoded, b: decode_module.Decoded) -> bool:
    fields = ("width", "height", "mode", "nbytes", "status", "reason", "detail")
    if any(getattr(a, f) != getattr(b, f) for f in fields):
        return False
    if a.pixels is None or b.pixels is None:
        return a.pixels is None and b.pixels is None
    return (a.pixels.dtype == b.pixels.dtype and a.pixels.shape == b.pixels.shape
            and np.array_equal(a.pixels, b.pixels))


def with_ihdr_byte(data: bytes, offset: int, value: int) -> bytes:
    """The PNG with one IHDR field byte changed and the chunk's CRC made right again."""
    ihdr = bytearray(data[16:29])
    ihdr[offset] = value
    body = b"IHDR" + bytes(ihdr)
    return data[:12] + body + struct.pack(">I", zlib.crc32(body)) + data[33:]


@pytest.fixture
def digit(mnist):
    return mnist[0][1]


def variants(digit) -> dict[str, bytes]:
    rng = np.random.default_rng(0)
    rgb = np.dstack([digit, 255 - digit, rng.integers(0, 256, digit.shape, dtype=np.uint8)])
    rgba = np.dstack([rgb, digit])
    text = PngImagePlugin.PngInfo()
    text.add_text("source", "test")
    return {
        "L": png_bytes(Image.fromarray(digit)),
        "L odd width": png_bytes(Image.fromarray(digit[:, :27])),
        "RGB": png_bytes(Image.fromarray(rgb)),
        "RGBA": png_bytes(Image.fromarray(rgba)),
        "L uncompressed": png_bytes(Image.fromarray(digit), compress_level=0),
        "L with text": png_bytes(Image.fromarray(digit), pnginfo=text),
        "L interlace flag": with_ihdr_byte(png_bytes(Image.fromarray(digit)), 12, 1),
        "LA": png_bytes(Image.fromarray(digit).convert("LA")),
        "P": png_bytes(Image.fromarray(rgb).convert("P")),
        "P transparent": png_bytes(Image.fromarray(digit).convert("P"), transparency=0),
        "1": png_bytes(Image.fromarray(digit).convert("1")),
        "I;16": png_bytes(Image.fromarray(digit.astype(np.uint16) * 257)),
        "RGB with tRNS": png_bytes(Image.fromarray(rgb), transparency=(0, 255, 0)),
    }


def test_quick_path_takes_only_plain_pngs_and_matches_pil(digit, monkeypatch):
    taken = []
    for name, data in variants(digit).items():
        if plain_png.decode(data, decode_module.MAX_PIXELS) is not None:
            taken.append(name)
        assert same(decode_bytes(data), through_pil(data, monkeypatch)), name
    assert taken == ["L", "L odd width", "RGB", "RGBA", "L uncompressed"]


def test_many_idat_chunks(digit, monkeypatch):
    """A writer may split the pixel data over many IDAT chunks; they are joined."""
    data = png_bytes(Image.fromarray(digit))
    (n,) = struct.unpack(">I", data[33:37])
    assert data[37:41] == b"IDAT"
    payload = data[41:41 + n]
    chunks = b""
    for i in range(0, len(payload), 7):
        part = payload[i:i + 7]
        crc = struct.pack(">I", zlib.crc32(b"IDAT" + part))
        chunks += struct.pack(">I", len(part)) + b"IDAT" + part + crc
    split = data[:33] + chunks + data[41 + n + 4:]
    assert plain_png.decode(split, decode_module.MAX_PIXELS) is not None
    assert same(decode_bytes(split), through_pil(split, monkeypatch))
    assert np.array_equal(decode_bytes(split).pixels, digit)


def test_every_truncation_and_byte_flip_reads_as_through_pil(digit, monkeypatch):
    """Damaged files leave the quick path and get PIL's verdict, reason and detail included."""
    data = png_bytes(Image.fromarray(digit))
    damaged = [data[:n] for n in range(1, len(data))]
    for i in range(len(data)):
        for delta in (1, 0x80):
            flipped = bytearray(data)
            flipped[i] = (flipped[i] + delta) % 256
            damaged.append(bytes(flipped))
    (n,) = struct.unpack(">I", data[33:37])
    for i in range(41, 41 + n):  # damaged pixel data under a correct CRC: only zlib can tell
        flipped = bytearray(data)
        flipped[i] ^= 0x10
        flipped[41 + n:45 + n] = struct.pack(">I", zlib.crc32(bytes(flipped[37:41 + n])))
        damaged.append(bytes(flipped))
    differing = [d for d in damaged if not same(decode_bytes(d), through_pil(d, monkeypatch))]
    assert differing == []
    assert any(not decode_bytes(d).ok for d in damaged)  # the damage is seen, not papered over


def test_pixel_limits_are_left_to_the_general_path(digit):
    data = png_bytes(Image.fromarray(digit))
    assert plain_png.decode(data, 28 * 28 - 1) is None
    assert decode_bytes(data, max_pixels=28 * 28 - 1).reason == "too_large"
