"""One pass over the pixels: per-item statistics and a small aligned grey thumbnail.

Every readable item is decoded once, converted to grey and brought to the dataset's *analysis
size* (its dominant size, capped), so that brightness, contrast and sharpness compare like with
like: an image upscaled from 28 to 64 pixels is not "blurry" just because its pixels are
interpolated. The thumbnail (at most 32x32) is shifted so that its centre of mass sits in the
middle: copies of a picture that differ by a small translation then line up, and the duplicate and
outlier searches compare shapes rather than positions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

THUMB_MAX = 32
ANALYSIS_MAX = 160
STAT_NAMES = ("mean", "std", "p_low", "p_high", "spread", "sharpness")


@dataclass
class ImageFeatures:
    """Columnar features of N items; rows of unreadable items hold NaN / zeros and ``ok`` False."""

    ok: np.ndarray                 # bool (N,)
    stats: dict[str, np.ndarray]   # name -> float32 (N,), see measure()
    thumbs: np.ndarray             # uint8 (N, th, tw), centre-of-mass aligned to whole pixels
    remainder: np.ndarray          # float32 (N, 2), the sub-pixel rest of the alignment shift

    @classmethod
    def empty(cls, n: int, thumb_shape: tuple[int, int]) -> "ImageFeatures":
        return cls(ok=np.zeros(n, bool),
                   stats={k: np.full(n, np.nan, np.float32) for k in STAT_NAMES},
                   thumbs=np.zeros((n, *thumb_shape), np.uint8), remainder=np.zeros((n, 2), np.float32))

    def put(self, rows: np.ndarray, gray: np.ndarray) -> None:
        """Measure a chunk of grey images (n, H, W) at analysis size and store them at ``rows``."""
        if len(rows) == 0:
            return
        for name, values in measure(gray).items():
            self.stats[name][rows] = values
        self.thumbs[rows], self.remainder[rows] = aligned_thumbnails(gray, self.thumbs.shape[1:])
        self.ok[rows] = True


def analysis_size(heights: np.ndarray, widths: np.ndarray) -> tuple[int, int]:
    """The most common (height, width), scaled down to at most ANALYSIS_MAX on its longer side."""
    heights = np.asarray(heights, np.int64)
    widths = np.asarray(widths, np.int64)
    keep = (heights > 0) & (widths > 0)
    if not keep.any():
        return (THUMB_MAX, THUMB_MAX)
    pairs, counts = np.unique(np.stack([heights[keep], widths[keep]], 1), axis=0, return_counts=True)
    h, w = (int(v) for v in pairs[np.argmax(counts)])
    scale = min(1.0, ANALYSIS_MAX / max(h, w))
    return max(1, round(h * scale)), max(1, round(w * scale))


def thumb_shape(size: tuple[int, int]) -> tuple[int, int]:
    h, w = size
    if max(h, w) <= THUMB_MAX:
        return h, w
    return THUMB_MAX, THUMB_MAX


def measure(gray: np.ndarray) -> dict[str, np.ndarray]:
    """Brightness, contrast and sharpness of each grey image in a chunk (n, H, W) uint8."""
    g = gray.reshape(len(gray), -1).astype(np.float32)
    p1, p5, p99 = np.percentile(g, [1, 5, 99], axis=1)
    var = g.var(axis=1)
    img = gray.astype(np.float32)
    if img.shape[1] >= 3 and img.shape[2] >= 3:
        lap = (4 * img[:, 1:-1, 1:-1] - img[:, :-2, 1:-1] - img[:, 2:, 1:-1]
               - img[:, 1:-1, :-2] - img[:, 1:-1, 2:])
        # fine detail relative to the image's own contrast: dimming or lightening does not change it
        sharpness = lap.reshape(len(img), -1).var(axis=1) / np.maximum(var, 1e-6)
        sharpness[var < 1.0] = np.nan
    else:
        sharpness = np.full(len(img), np.nan)
    return {"mean": g.mean(axis=1), "std": np.sqrt(var), "p_low": p5, "p_high": p99,
            "spread": p99 - p1, "sharpness": sharpness.astype(np.float32)}


def resize_gray(gray: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Resize a chunk of grey images (n, H, W) uint8 (PIL, antialiased); a no-op at the same size."""
    if gray.shape[1:] == tuple(size):
        return gray
    from PIL import Image

    out = np.empty((len(gray), *size), np.uint8)
    for i, image in enumerate(gray):
        out[i] = np.asarray(Image.fromarray(image).resize((size[1], size[0]), Image.BILINEAR))
    return out


def shift_whole(t: np.ndarray, sy: np.ndarray, sx: np.ndarray, fill: np.ndarray) -> np.ndarray:
    """out[i, y, x] = t[i, y + sy[i], x + sx[i]] for whole-pixel shifts, ``fill[i]`` outside.

    Images are grouped by shift and copied with slices: a per-pixel gather is ten times slower.
    """
    n, th, tw = t.shape
    out = np.empty_like(t)
    out[:] = fill.astype(t.dtype)[:, None, None]
    pairs, inverse = np.unique(np.stack([sy, sx], 1).astype(np.int64), axis=0, return_inverse=True)
    for g, (dy, dx) in enumerate(pairs):
        if abs(dy) >= th or abs(dx) >= tw:
            continue
        members = np.flatnonzero(inverse.ravel() == g)
        out[members, max(0, -dy):th - max(0, dy), max(0, -dx):tw - max(0, dx)] = \
            t[members, max(0, dy):th - max(0, -dy), max(0, dx):tw - max(0, -dx)]
    return out


def shift_images(t: np.ndarray, dy: np.ndarray, dx: np.ndarray, fill: np.ndarray) -> np.ndarray:
    """Sample each image (n, h, w) float32 at (y + dy, x + dx), bilinearly; ``fill`` outside."""
    y0, x0 = np.floor(dy), np.floor(dx)
    fy, fx = (dy - y0).astype(np.float32), (dx - x0).astype(np.float32)
    if not fy.any() and not fx.any():
        return shift_whole(t, y0, x0, fill)
    out = np.zeros(t.shape, np.float32)
    for oy, wy in ((0, 1 - fy), (1, fy)):
        for ox, wx in ((0, 1 - fx), (1, fx)):
            out += (wy * wx)[:, None, None] * shift_whole(t, y0 + oy, x0 + ox, fill)
    return out


def aligned_thumbnails(gray: np.ndarray, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Thumbnails (n, th, tw) uint8 shifted by whole pixels so the centre of mass of the
    foreground is central, and the sub-pixel remainder of each shift (n, 2) float32.

    The foreground is what lies clearly above the image's median (a fifth of the way to its 99th
    percentile), so neither a brightness offset nor JPEG ringing moves it. Shifts are bounded to
    1/8 of the side; the uncovered band takes the background (median) level, since repeating the
    border would smear any stroke that touches it. Two copies whose centres straddle a half pixel
    round to shifts one pixel apart: the duplicate verification searches one pixel around, and the
    neighbour search applies the remainder (neighbors.embed).
    """
    thumbs = resize_gray(gray, shape)
    n, th, tw = thumbs.shape
    t = thumbs.astype(np.float32)
    flat = t.reshape(n, -1)
    background = np.median(flat, axis=1)
    level = background + 0.2 * (np.percentile(flat, 99, axis=1) - background)
    w = np.clip(t - level[:, None, None], 0, None)
    mass = w.sum(axis=(1, 2))
    has_mass = mass > 0
    mass = np.where(has_mass, mass, 1.0)
    cy = (w.sum(axis=2) * np.arange(th)).sum(axis=1) / mass
    cx = (w.sum(axis=1) * np.arange(tw)).sum(axis=1) / mass
    dy = np.where(has_mass, np.clip(cy - (th - 1) / 2, -(th // 8), th // 8), 0.0)
    dx = np.where(has_mass, np.clip(cx - (tw - 1) / 2, -(tw // 8), tw // 8), 0.0)
    whole_y, whole_x = np.floor(dy + 0.5), np.floor(dx + 0.5)
    shifted = shift_images(t, whole_y, whole_x, background)
    remainder = np.stack([dy - whole_y, dx - whole_x], axis=1).astype(np.float32)
    return np.clip(np.round(shifted), 0, 255).astype(np.uint8), remainder


def standardized(thumbs: np.ndarray) -> np.ndarray:
    """Flattened thumbnails with zero mean and unit norm (float32); constant images become zeros.

    Dot products of these vectors are Pearson correlations: blind to brightness and contrast.
    """
    f = thumbs.reshape(len(thumbs), -1).astype(np.float32)
    f -= f.mean(axis=1, keepdims=True)
    norm = np.linalg.norm(f, axis=1, keepdims=True)
    return np.divide(f, norm, out=np.zeros_like(f), where=norm > 1e-3)


def features_from_arrays(images, size: tuple[int, int] | None = None) -> ImageFeatures:
    """Features of in-memory images (each (H, W) or (H, W, C) uint8, or None when unreadable)."""
    from PIL import Image

    images = list(images)
    shapes = [im.shape[:2] if im is not None else (0, 0) for im in images]
    if size is None:
        size = analysis_size(np.array([s[0] for s in shapes]), np.array([s[1] for s in shapes]))
    feats = ImageFeatures.empty(len(images), thumb_shape(size))
    rows, gray = [], []
    for i, im in enumerate(images):
        if im is None:
            continue
        pil = Image.fromarray(im)
        if pil.mode != "L":
            pil = pil.convert("L")
        if pil.size != (size[1], size[0]):
            pil = pil.resize((size[1], size[0]), Image.BILINEAR)
        rows.append(i)
        gray.append(np.asarray(pil))
    if rows:
        feats.put(np.array(rows), np.stack(gray))
    return feats
