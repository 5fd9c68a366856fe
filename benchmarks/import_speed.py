"""Import throughput (items/s): the app's importer against a naive single-threaded reference.

Two datasets: the MNIST test set as IDX (10k items), and the same digits written by this script
as a folder of 10k PNGs in a temporary directory. For each, the median over ``--runs`` runs of:

- reference: a plain loop, one thread (PNG: ``Image.open(f).load()`` per file; IDX: read the
  array, then ``Image.fromarray(...)`` and a hash per item — the per-item work of a naive importer)
- app, records only: ``open_source(path).records(workers=W)`` (decode, hash, every check)
- app, full import: ``Catalog.in_memory().import_dataset(path, workers=W)`` (+ SQLite)

Usage: python benchmarks/import_speed.py [--runs 3] [--n 10000] [--workers 1,2] [--json out.json]
The files are read once before timing, so every run sees a warm page cache.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.data.sources import open_source

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
IDX_IMAGES = DATA / "mnist-t10k-images-idx3-ubyte.gz"


def naive_png(files: list[Path]) -> int:
    for f in files:
        with Image.open(f) as image:
            image.load()
    return len(files)


def naive_idx(path: Path) -> int:
    with gzip.open(path, "rb") as f:
        data = f.read()
    n, h, w = (int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(3))
    images = np.frombuffer(data, np.uint8, n * h * w, 16).reshape(n, h, w)
    for image in images:
        pixels = np.asarray(Image.fromarray(image))
        hashlib.blake2b(pixels.tobytes(), digest_size=16).hexdigest()
    return n


def app_records(path: Path, workers: int) -> int:
    return sum(1 for _ in open_source(path).records(workers=workers))


def app_import(path: Path, workers: int) -> int:
    with Catalog.in_memory() as catalog:
        return catalog.dataset(catalog.import_dataset(path, workers=workers)).n_items


def median_rate(fn, runs: int) -> tuple[float, float]:
    """(median items/s, median seconds)."""
    times, n = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        n = fn()
        times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    return n / seconds, seconds


def write_pngs(out: Path, n: int) -> list[Path]:
    with gzip.open(IDX_IMAGES, "rb") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)[:n]
    files = []
    for i, image in enumerate(images):
        files.append(out / f"{i:05d}.png")
        Image.fromarray(image).save(files[-1])
    return files


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--n", type=int, default=10_000, help="PNG files to write")
    parser.add_argument("--workers", default=f"1,{os.cpu_count() or 1}", help="comma-separated thread counts")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)
    workers = sorted({int(w) for w in args.workers.split(",")})
    results = []

    def row(dataset, method, rate_seconds, reference_rate):
        rate, seconds = rate_seconds
        results.append({"dataset": dataset, "method": method, "items_per_s": round(rate, 1),
                        "median_s": round(seconds, 4), "vs_reference": round(rate / reference_rate, 2)})
        print(f"{dataset:<10} {method:<28} {rate:>10.0f} items/s {seconds:>8.3f} s  x{rate / reference_rate:.2f}")

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, median of {args.runs} runs")
    print(f"{'dataset':<10} {'method':<28} {'throughput':>16} {'median':>10}  vs reference")
    ref = median_rate(lambda: naive_idx(IDX_IMAGES), args.runs)
    row("idx", "reference (naive loop)", ref, ref[0])
    row("idx", "app records", median_rate(lambda: app_records(IDX_IMAGES, 1), args.runs), ref[0])
    row("idx", "app full import", median_rate(lambda: app_import(IDX_IMAGES, 1), args.runs), ref[0])

    with tempfile.TemporaryDirectory(prefix="aigc-bench-") as tmp:
        folder = Path(tmp) / "pngs"
        folder.mkdir()
        files = write_pngs(folder, args.n)
        naive_png(files)  # warm the page cache
        ref = median_rate(lambda: naive_png(files), args.runs)
        row("png", "reference (PIL open+load)", ref, ref[0])
        for w in workers:
            row("png", f"app records, {w} thread(s)", median_rate(lambda: app_records(folder, w), args.runs), ref[0])
            row("png", f"app full import, {w} thread(s)", median_rate(lambda: app_import(folder, w), args.runs), ref[0])
    if args.json:
        Path(args.json).write_text(json.dumps({"cpus": os.cpu_count(), "runs": args.runs, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
