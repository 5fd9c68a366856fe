"""The built-in demo dataset: real handwritten digits with planted dirt of every issue type.

The digits ship with the app (``resources/demo/digits.csv.gz``, 1,797 UCI digits, 8x8). They are
upscaled to 28x28 like MNIST and written as an ImageFolder tree; then dirt is planted and every
planted file is recorded in ``truth.json`` so a scan can be checked against it. The same seed gives
byte-identical files.
"""
from __future__ import annotations

import gzip
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np
from PIL import Image, ImageFilter

from aigc_desktop.core.atomic import staged_folder
from aigc_desktop.core.guards import check_output_folder
from aigc_desktop.core.paths import resources_dir
from aigc_desktop.core.jobs import Job, Progress, Throttle

TRUTH_SCHEMA = "aigc-demo-truth/1"
SIZE = 28


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The bundled digits as (N, 28, 28) uint8 images on black and (N,) int labels."""
    raw = np.loadtxt(gzip.open(resources_dir() / "demo" / "digits.csv.gz", "rt"), delimiter=",")
    small = (raw[:, :64].reshape(-1, 8, 8) * (255.0 / 16.0)).clip(0, 255).astype(np.uint8)
    labels = raw[:, 64].astype(int)
    images = np.empty((len(small), SIZE, SIZE), np.uint8)
    for i, digit in enumerate(small):
        # like MNIST: the digit fills a 20x20 box centred in 28x28
        box = Image.fromarray(digit).resize((20, 20), Image.BICUBIC)
        canvas = Image.new("L", (SIZE, SIZE), 0)
        canvas.paste(box, (4, 4))
        images[i] = np.asarray(canvas)
    return images, labels


@dataclass
class _Writer:
    root: Path
    truth: list = field(default_factory=list)

    def png(self, rel: str, pixels: np.ndarray) -> str:
        return self.save(rel, Image.fromarray(pixels), "PNG")

    def save(self, rel: str, image: Image.Image, fmt: str, **kw) -> str:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path, fmt, **kw)
        return rel

    def raw(self, rel: str, data: bytes) -> str:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return rel

    def plant(self, rel: str, issue: str, **detail) -> None:
        self.truth.append({"path": rel, "type": issue, **detail})


def _shift(pixels: np.ndarray, dx: int, dy: int) -> np.ndarray:
    out = np.zeros_like(pixels)
    h, w = pixels.shape
    out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        pixels[max(-dy, 0):h - max(dy, 0), max(-dx, 0):w - max(dx, 0)]
    return out


def write_demo(out_dir: str | os.PathLike, seed: int = 0, n_clean: Optional[int] = None) -> Job[dict]:
    """A job writing the demo dataset to ``out_dir`` (created; must not hold anything), returning its truth.

    The tree is built in a temporary sibling folder and renamed into place, so an interrupted run
    never leaves a half-written dataset behind.
    """
    out = check_output_folder(out_dir, "demo dataset")
    rng = np.random.default_rng(seed)
    images, labels = load_digits()
    order = rng.permutation(len(images))
    if n_clean is not None:
        order = order[:n_clean]
    with staged_folder(out) as tmp:
        w = _Writer(tmp)
        reserved = [(k, images[i], int(labels[i])) for k, i in enumerate(order[:N_RESERVED])]
        clean = {}
        total = len(order)
        report = Throttle()
        for k, i in enumerate(order[N_RESERVED:], start=N_RESERVED):
            clean[w.png(f"{labels[i]}/img_{k:05d}.png", images[i])] = (images[i], int(labels[i]))
            yield from report(Progress("demo", k, total, "writing digits"))
        _plant_dirt(w, rng, clean, reserved)
        truth = {
            "schema": TRUTH_SCHEMA,
            "seed": seed,
            "source": "UCI handwritten digits (8x8) upscaled to 28x28",
            "n_files": len(clean) + len(w.truth),
            "n_clean": len(clean),
            "planted": w.truth,
        }
        (tmp / "truth.json").write_text(json.dumps(truth, indent=1, sort_keys=True), "utf-8")
    yield Progress("demo", total, total, "done")
    return truth


def _plant_dirt(w: _Writer, rng: np.random.Generator, clean: dict, reserved: list) -> None:
    """Plant dirt. Copies are made of ``clean`` items (which stay); ``reserved`` digits are
    written only in their damaged form, so a flipped or darkened digit has no clean twin."""
    paths = sorted(clean)
    picks = iter(rng.permutation(len(paths)))
    spare = iter(reserved)

    def pick() -> tuple[str, np.ndarray, int]:
        p = paths[next(picks)]
        return p, clean[p][0], clean[p][1]

    # exact duplicates: same pixels, also in another container format (different bytes)
    for n in range(6):
        p, px, y = pick()
        if n % 2:
            rel = w.save(f"{y}/copy_{n:02d}.bmp", Image.fromarray(px), "BMP")
        else:
            rel = w.png(f"{y}/copy_{n:02d}.png", px)
        w.plant(rel, "exact_duplicate", of=p)
    # near duplicates: JPEG re-encoding, a 1-2 pixel shift, brightness change, small rescale
    for n in range(8):
        p, px, y = pick()
        kind = ("jpeg", "shift", "brighter", "rescale")[n % 4]
        if kind == "jpeg":
            rel = w.save(f"{y}/near_{n:02d}.jpg", Image.fromarray(px), "JPEG", quality=60)
        elif kind == "shift":
            rel = w.png(f"{y}/near_{n:02d}.png", _shift(px, 1 + n % 2, 1))
        elif kind == "brighter":
            rel = w.png(f"{y}/near_{n:02d}.png", np.clip(px.astype(int) + 15, 0, 255).astype(np.uint8))
        else:
            small = Image.fromarray(px).resize((26, 26), Image.BILINEAR).resize((SIZE, SIZE), Image.BILINEAR)
            rel = w.png(f"{y}/near_{n:02d}.png", np.asarray(small))
        w.plant(rel, "near_duplicate", of=p, how=kind)
    # label conflicts: the same image filed under a second label
    for n in range(4):
        p, px, y = pick()
        other = int((y + 1 + rng.integers(9)) % 10)
        rel = w.png(f"{other}/conflict_{n:02d}.png", px)
        w.plant(rel, "label_conflict", of=p, labels=[y, other])
    # flipped labels: a digit filed under a wrong class, named like its neighbours
    for n in range(12):
        k, px, y = next(spare)
        wrong = int((y + 1 + rng.integers(9)) % 10)
        rel = w.png(f"{wrong}/img_{k:05d}.png", px)
        w.plant(rel, "suspected_label_error", true_label=y, given_label=wrong)
    # missing labels: digits at the root of a class-folder tree
    for n in range(3):
        k, px, y = next(spare)
        rel = w.png(f"unlabelled_{n:02d}.png", px)
        w.plant(rel, "missing_label", true_label=y)
    # blank images
    for n, value in enumerate((0, 0, 255, 128)):
        rel = w.png(f"{n % 10}/blank_{n:02d}.png", np.full((SIZE, SIZE), value, np.uint8))
        w.plant(rel, "blank", value=value)
    # dark, light and blurry digits
    for n in range(4):
        k, px, y = next(spare)
        rel = w.png(f"{y}/dark_{n:02d}.png", (px.astype(float) * 0.12).astype(np.uint8))
        w.plant(rel, "dark")
    for n in range(4):
        k, px, y = next(spare)
        rel = w.png(f"{y}/light_{n:02d}.png", (200 + px.astype(float) * (55 / 255)).astype(np.uint8))
        w.plant(rel, "light")
    for n in range(4):
        k, px, y = next(spare)
        blurred = Image.fromarray(px).filter(ImageFilter.GaussianBlur(2.2))
        rel = w.save(f"{y}/blurry_{n:02d}.png", blurred, "PNG")
        w.plant(rel, "blurry")
    # outliers: noise, a pattern, and another domain (a smooth texture)
    yy, xx = np.mgrid[:SIZE, :SIZE]
    for n in range(6):
        y = int(rng.integers(10))
        if n % 3 == 0:
            px = rng.integers(0, 256, (SIZE, SIZE), dtype=np.uint8)
        elif n % 3 == 1:
            px = ((((yy + n) // 4 + xx // 4) % 2) * 255).astype(np.uint8)
        else:
            px = ((np.sin(xx / 3.0 + n) + np.cos(yy / 5.0)) * 60 + 128).clip(0, 255).astype(np.uint8)
        rel = w.png(f"{y}/outlier_{n:02d}.png", px)
        w.plant(rel, "outlier", kind=("noise", "checkerboard", "texture")[n % 3])
    # odd sizes and modes
    for n in range(3):
        k, px, y = next(spare)
        size = (40, 36, 64)[n]
        rel = w.png(f"{y}/big_{n:02d}.png", np.asarray(Image.fromarray(px).resize((size, size), Image.BILINEAR)))
        w.plant(rel, "odd_size", size=[size, size])
    for n in range(3):
        k, px, y = next(spare)
        rel = w.save(f"{y}/rgb_{n:02d}.png", Image.fromarray(px).convert("RGB"), "PNG")
        w.plant(rel, "odd_mode", mode="RGB")
    # corrupt files of several kinds
    buf = io.BytesIO()
    Image.fromarray(clean[paths[0]][0]).save(buf, "PNG")
    png = buf.getvalue()
    w.plant(w.raw("4/zero_bytes.png", b""), "corrupt", reason="zero_bytes")
    w.plant(w.raw("7/truncated.png", png[: len(png) // 2]), "corrupt", reason="truncated")
    w.plant(w.raw("2/not_an_image.png", b"this is a text file, not a PNG\n" * 4), "corrupt",
            reason="not_an_image")
    w.plant(w.raw("9/bad_header.jpg", b"\xff\xd8\xff\xe0" + bytes(rng.integers(0, 256, 300, dtype=np.uint8))),
            "corrupt", reason="truncated")


N_RESERVED = 12 + 3 + 4 * 3 + 3 + 3
