"""Plant known issues of every type into a clean labelled image set, to measure the detectors.

``plant_issues`` writes an ImageFolder tree (one sub-folder per label) plus ``truth.json`` listing
every planted file, its issue type and, for copies, the original it was made ``of``; the truth is
returned, not written into the tree, so that it is not mistaken for a data file. The benchmark and
the tests build their dirty datasets with it; the same seed gives the same files.
"""
from __future__ import annotations

import gzip
import io
import os
import struct
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from aigc_desktop.core.jobs import Job, Progress, Throttle, run_job

TRUTH_SCHEMA = "aigc-planted/1"

# how many of each kind, as a fraction of the clean images (at least 2 each; a rate of 0 plants none)
DEFAULT_RATES = {
    "corrupt": 0.004, "exact_duplicate": 0.01, "near_duplicate": 0.02, "label_conflict": 0.006,
    "missing_label": 0.004, "suspected_label_error": 0.02, "odd_size": 0.004, "odd_mode": 0.004,
    "blank": 0.004, "dark": 0.006, "light": 0.006, "blurry": 0.006, "outlier": 0.006,
}


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """An IDX array (the MNIST format), gzip or not."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def shift(pixels: np.ndarray, dx: int, dy: int) -> np.ndarray:
    out = np.zeros_like(pixels)
    h, w = pixels.shape[:2]
    out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        pixels[max(-dy, 0):h - max(dy, 0), max(-dx, 0):w - max(dx, 0)]
    return out


def _jpeg(pixels: np.ndarray, quality: int) -> Image.Image:
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue()))


def near_copy(pixels: np.ndarray, kind: str, rng: np.random.Generator) -> tuple[Image.Image, str]:
    """A near-duplicate of ``pixels`` and the file format to save it in."""
    h, w = pixels.shape[:2]
    if kind == "jpeg":
        return Image.fromarray(pixels), "JPEG"
    if kind == "shift":
        dx, dy = rng.choice([-2, -1, 1, 2], 2)
        return Image.fromarray(shift(pixels, int(dx), int(dy))), "PNG"
    if kind == "brightness":
        delta = int(rng.choice([-15, -10, 10, 15]))
        return Image.fromarray(np.clip(pixels.astype(int) + delta, 0, 255).astype(np.uint8)), "PNG"
    if kind == "rescale":
        side = int(rng.integers(round(0.85 * w), round(0.95 * w) + 1))
        small = Image.fromarray(pixels).resize((side, side), Image.BILINEAR)
        return small.resize((w, h), Image.BILINEAR), "PNG"
    raise ValueError(kind)


NEAR_KINDS = ("jpeg", "shift", "brightness", "rescale")


def _outlier(kind: str, h: int, w: int, rng: np.random.Generator) -> np.ndarray:
    yy, xx = np.mgrid[:h, :w]
    if kind == "noise":
        return rng.integers(0, 256, (h, w), dtype=np.uint8)
    if kind == "checkerboard":
        cell = int(rng.integers(2, 6))
        return ((((yy // cell) + (xx // cell)) % 2) * 255).astype(np.uint8)
    if kind == "texture":
        fy, fx, ph = rng.uniform(2, 6), rng.uniform(2, 6), rng.uniform(0, 6)
        return ((np.sin(xx / fx + ph) + np.cos(yy / fy)) * 60 + 128).clip(0, 255).astype(np.uint8)
    if kind == "gradient":  # another domain: a smooth photo-like ramp with a soft blob
        cy, cx = rng.uniform(0, h), rng.uniform(0, w)
        blob = np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (0.1 * h * w))
        return (60 + 120 * xx / w + 70 * blob).clip(0, 255).astype(np.uint8)
    raise ValueError(kind)


OUTLIER_KINDS = ("noise", "checkerboard", "texture", "gradient")


def plant_issues(images: np.ndarray, labels: np.ndarray, out_dir: str | os.PathLike, seed: int = 0,
                 rates: dict[str, float] | None = None) -> dict:
    """:func:`plant_issues_job` run to its end: the truth."""
    return run_job(plant_issues_job(images, labels, out_dir, seed, rates))


def plant_issues_job(images: np.ndarray, labels: np.ndarray, out_dir: str | os.PathLike, seed: int = 0,
                     rates: dict[str, float] | None = None, stage: str = "planting") -> Job[dict]:
    """Write ``images`` (N, H, W) uint8 with ``labels`` as an ImageFolder tree with planted issues.

    Copies (duplicates, conflicts) are made of clean items, which stay. Items with a damaged form
    (flipped label, dark, blurry, ...) are written only damaged, so they have no clean twin.
    A job: it yields ``Progress`` (``stage``) while the images are written and returns the truth,
    ``{"planted": [{"path", "type", ...}], "n_clean", "n_files"}``.
    """
    rates = {**DEFAULT_RATES, **(rates or {})}
    rng = np.random.default_rng(seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n = len(images)
    count = {t: max(2, int(round(r * n))) if r > 0 else 0 for t, r in rates.items()}
    damaged_types = ("suspected_label_error", "missing_label", "dark", "light", "blurry", "odd_size",
                     "odd_mode")
    order = rng.permutation(n)
    n_damaged = sum(count[t] for t in damaged_types)
    damaged, clean_idx = order[:n_damaged], order[n_damaged:]
    h, w = images.shape[1:3]
    planted: list[dict] = []
    paths: dict[int, str] = {}

    def save(rel: str, image: Image.Image, fmt: str = "PNG", **kw) -> str:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "JPEG":
            kw.setdefault("quality", int(rng.integers(50, 91)))
        image.save(path, fmt, **kw)
        return rel

    report = Throttle()
    for k, i in enumerate(clean_idx):
        paths[i] = save(f"{labels[i]}/img_{i:05d}.png", Image.fromarray(images[i]))
        yield from report(Progress(stage, k, n, "writing images"))

    originals = iter(rng.permutation(clean_idx))
    spare = iter(damaged)

    def plant(rel: str, issue: str, **detail) -> None:
        planted.append({"path": rel, "type": issue, **detail})

    for k in range(count["exact_duplicate"]):
        i = next(originals)
        fmt, ext = (("BMP", "bmp"), ("PNG", "png"), ("TIFF", "tif"))[k % 3]
        plant(save(f"{labels[i]}/copy_{k:04d}.{ext}", Image.fromarray(images[i]), fmt),
              "exact_duplicate", of=paths[i])
    for k in range(count["near_duplicate"]):
        i = next(originals)
        kind = NEAR_KINDS[k % len(NEAR_KINDS)]
        image, fmt = near_copy(images[i], kind, rng)
        ext = "jpg" if fmt == "JPEG" else "png"
        plant(save(f"{labels[i]}/near_{k:04d}.{ext}", image, fmt), "near_duplicate", of=paths[i], how=kind)
    for k in range(count["label_conflict"]):
        i = next(originals)
        other = str((int(labels[i]) + 1 + rng.integers(9)) % 10) if str(labels[i]).isdigit() else "other"
        if k % 2:
            image, fmt = near_copy(images[i], "jpeg", rng)
        else:
            image, fmt = Image.fromarray(images[i]), "PNG"
        ext = "jpg" if fmt == "JPEG" else "png"
        plant(save(f"{other}/conflict_{k:04d}.{ext}", image, fmt), "label_conflict", of=paths[i],
              labels=[str(labels[i]), other])
    for k in range(count["suspected_label_error"]):
        i = next(spare)
        wrong = str((int(labels[i]) + 1 + rng.integers(9)) % 10)
        plant(save(f"{wrong}/img_{i:05d}.png", Image.fromarray(images[i])), "suspected_label_error",
              true_label=str(labels[i]), given_label=wrong)
    for k in range(count["missing_label"]):
        i = next(spare)
        plant(save(f"unlabelled_{k:04d}.png", Image.fromarray(images[i])), "missing_label",
              true_label=str(labels[i]))
    for k in range(count["dark"]):
        i = next(spare)
        factor = rng.uniform(0.08, 0.2)
        plant(save(f"{labels[i]}/dark_{k:04d}.png", Image.fromarray((images[i] * factor).astype(np.uint8))),
              "dark")
    for k in range(count["light"]):
        i = next(spare)
        base = rng.uniform(190, 215)
        px = (base + images[i].astype(float) * (255 - base) / 255).astype(np.uint8)
        plant(save(f"{labels[i]}/light_{k:04d}.png", Image.fromarray(px)), "light")
    for k in range(count["blurry"]):
        i = next(spare)
        radius = rng.uniform(1.6 * w / 28, 2.6 * w / 28)
        plant(save(f"{labels[i]}/blurry_{k:04d}.png", Image.fromarray(images[i]).filter(
            ImageFilter.GaussianBlur(radius))), "blurry", radius=round(radius, 2))
    for k in range(count["odd_size"]):
        i = next(spare)
        side = int(rng.choice([s for s in range(w // 2, 3 * w) if abs(s - w) > 2]))
        plant(save(f"{labels[i]}/size_{k:04d}.png", Image.fromarray(images[i]).resize((side, side),
              Image.BILINEAR)), "odd_size", size=[side, side])
    for k in range(count["odd_mode"]):
        i = next(spare)
        mode = ("RGB", "RGBA")[k % 2]
        plant(save(f"{labels[i]}/mode_{k:04d}.png", Image.fromarray(images[i]).convert(mode)), "odd_mode",
              mode=mode)
    for k in range(count["blank"]):
        value = int(rng.choice([0, 0, 255, int(rng.integers(1, 255))]))
        label = labels[int(rng.integers(n))]
        plant(save(f"{label}/blank_{k:04d}.png", Image.fromarray(np.full((h, w), value, np.uint8))), "blank",
              value=value)
    for k in range(count["outlier"]):
        kind = OUTLIER_KINDS[k % len(OUTLIER_KINDS)]
        label = labels[int(rng.integers(n))]
        plant(save(f"{label}/outlier_{k:04d}.png", Image.fromarray(_outlier(kind, h, w, rng))), "outlier",
              kind=kind)
    buf = io.BytesIO()
    Image.fromarray(images[clean_idx[0]]).save(buf, "PNG")
    png = buf.getvalue()
    corrupt = [("zero_bytes", b"", "png"), ("truncated", png[: len(png) // 2], "png"),
               ("not_an_image", b"plain text, not an image\n" * 4, "png"),
               ("truncated", b"\xff\xd8\xff\xe0" + rng.integers(0, 256, 300, dtype=np.uint8).tobytes(), "jpg")]
    for k in range(count["corrupt"]):
        reason, data, ext = corrupt[k % len(corrupt)]
        label = labels[int(rng.integers(n))]
        rel = f"{label}/broken_{k:04d}.{ext}"
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
        plant(rel, "corrupt", reason=reason)
    truth = {"schema": TRUTH_SCHEMA, "seed": seed, "n_clean": len(clean_idx),
             "n_files": len(clean_idx) + len(planted), "planted": planted}
    yield Progress(stage, n, n, "planting done")
    return truth
