"""Import throughput (items/s): the app's importer against a naive single-threaded reference.

Two datasets: the MNIST test set as IDX (10k items), and the same digits written by this script
as a folder of 10k PNGs in a temporary directory. For each, the median over ``--runs`` runs of:

- reference: a plain loop, one thread (PNG: ``Image.open(f).load()`` per file; IDX: read the
  array, then ``Image.fromarray(...)`` and a hash per item — the per-item work of a naive importer)
- app, records only: ``open_source(path).records(JobContext(workers=W))`` (decode, hash, every check)
- app, full import: ``Catalog.in_memory().import_dataset(path, JobContext(workers=W))`` (+ SQLite)

For the PNG folder each app row is measured twice, side by side: with the decoding in threads
and with it in this process plus W-1 worker processes (the pool is forced here; the app itself
adds processes only for big jobs on idle cores, see ``aigc_desktop.core.data.processes``). With
W = 1 both are the same single-threaded path. ``cpu s`` is the CPU time of this process and its
reaped children (spawned workers are children; forkserver workers are not, so the pool is
started with ``--method spawn`` by default: the slowest start, the one Windows and macOS use).
Wall time on a shared machine depends on what else runs: the load average is printed.

Usage: python benchmarks/import_speed.py [--runs 3] [--n 10000] [--workers 1,2] [--method spawn]
       [--json out.json]
The files are read once before timing, so every run sees a warm page cache.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from PIL import Image

from aigc_desktop.core.data import processes
from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.data.sources import open_source
from aigc_desktop.core.jobs import JobContext, run_job

from aigc_desktop.core.data.mnist import mnist_paths

IDX_IMAGES = mnist_paths()[0]


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
    return len(run_job(open_source(path).records(JobContext(workers=workers))))


def app_import(path: Path, workers: int) -> int:
    with Catalog.in_memory() as catalog:
        return catalog.dataset(run_job(catalog.import_dataset(path, JobContext(workers=workers)))).n_items


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(fn, runs: int) -> tuple[float, float, float]:
    """(median items/s, median wall seconds, median CPU seconds)."""
    walls, cpus, n = [], [], 0
    for _ in range(runs):
        cpu, start = cpu_seconds(), time.perf_counter()
        n = fn()
        walls.append(time.perf_counter() - start)
        cpus.append(cpu_seconds() - cpu)
    wall = statistics.median(walls)
    return n / wall, wall, statistics.median(cpus)


@contextmanager
def decoding_in(where: str, workers: int, method: str):
    """Force the app's decoding into threads or into this process plus workers-1 processes."""
    saved = processes.processes_for, processes.start_method
    extra = max(0, workers - 1) if where == "processes" else 0
    processes.processes_for = lambda n_items, w: extra
    processes.start_method = lambda: method
    try:
        yield
    finally:
        processes.processes_for, processes.start_method = saved


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
    parser.add_argument("--workers", default=f"1,{os.cpu_count() or 1}", help="comma-separated worker counts")
    parser.add_argument("--method", default="spawn", help="start method of the forced process pool")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)
    workers = sorted({int(w) for w in args.workers.split(",")})
    results = []

    def cell(rate_wall_cpu, reference_rate) -> str:
        rate, wall, cpu = rate_wall_cpu
        return f"{rate:>8.0f} {wall:>7.3f} {cpu:>6.2f}  x{rate / reference_rate:<5.2f}"

    def record(dataset, method, w, where, rate_wall_cpu, reference_rate):
        rate, wall, cpu = rate_wall_cpu
        results.append({"dataset": dataset, "method": method, "workers": w, "decoding": where,
                        "items_per_s": round(rate, 1), "median_s": round(wall, 4), "cpu_s": round(cpu, 3),
                        "vs_reference": round(rate / reference_rate, 2)})

    def load() -> str:
        return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, median of {args.runs} runs, {load()}")
    unit = f"{'items/s':>8} {'wall s':>7} {'cpu s':>6}  vs ref"
    print(f"{'dataset':<8} {'method':<26} {'W':>2}  | threads: {unit} | processes ({args.method}): {unit}")
    ref = measure(lambda: naive_idx(IDX_IMAGES), args.runs)
    print(f"{'idx':<8} {'reference (naive loop)':<26} {1:>2}  | {'':9}{cell(ref, ref[0])}")
    record("idx", "reference", 1, "", ref, ref[0])
    for method, fn in (("app records", app_records), ("app full import", app_import)):
        r = measure(lambda: fn(IDX_IMAGES, 1), args.runs)
        print(f"{'idx':<8} {method:<26} {1:>2}  | {'':9}{cell(r, ref[0])}")
        record("idx", method, 1, "", r, ref[0])

    with tempfile.TemporaryDirectory(prefix="aigc-bench-") as tmp:
        folder = Path(tmp) / "pngs"
        folder.mkdir()
        files = write_pngs(folder, args.n)
        naive_png(files)  # warm the page cache
        ref = measure(lambda: naive_png(files), args.runs)
        print(f"{'png':<8} {'reference (PIL open+load)':<26} {1:>2}  | {'':9}{cell(ref, ref[0])}")
        record("png", "reference", 1, "", ref, ref[0])
        for method, fn in (("app records", app_records), ("app full import", app_import)):
            for w in workers:
                cells = []
                for where in ("threads", "processes") if w > 1 else ("threads",):
                    with decoding_in(where, w, args.method):
                        r = measure(lambda: fn(folder, w), args.runs)
                    record("png", method, w, where, r, ref[0])
                    cells.append(cell(r, ref[0]))
                print(f"{'png':<8} {method:<26} {w:>2}  | {'':9}{cells[0]} | {' ' * 19}"
                      f"{cells[1] if len(cells) > 1 else '(the same single-threaded path)'}")
    print(load())
    if args.json:
        Path(args.json).write_text(json.dumps({"cpus": os.cpu_count(), "runs": args.runs,
                                               "load": os.getloadavg(), "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
