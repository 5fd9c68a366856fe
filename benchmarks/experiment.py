"""The experiment on MNIST with planted dirt: does cleaning (or robust training) change what the
generator does? Prints, for each dirt rate, hallucination, memorisation and local FD of the dirty,
cleaned and robust runs, as measured.

    python benchmarks/experiment.py --n 5000 --rates 0,0.1,0.3 --model vae --epochs 5

Every run takes the optimizer steps of ``--epochs`` passes over the dirty set (the cleaned run, on
fewer images, makes more passes), so no variant wins by getting more updates.

The dirt, at rate r of the clean images, is a quarter each of:
  duplicates  copies (half pixel-exact, half lightly perturbed) of a few originals, each many times
              over, which is how real scraped data repeats itself and what generators learn to copy;
  noise       uniform-noise outliers;
  flipped     images given a wrong label;
  blanks      constant images.
The data are written as an .npz (x, y) and go through the same path as `aigc experiment`.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
COPIES_PER_ORIGINAL = 25


def load_mnist(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from aigc_desktop.core.data.mnist import load_mnist as bundled

    x, y = bundled()
    keep = np.random.default_rng(seed).permutation(len(x))[:n]
    return x[keep], y[keep]


def plant(x: np.ndarray, y: np.ndarray, rate: float, seed: int) -> tuple[np.ndarray, np.ndarray, dict]:
    rng = np.random.default_rng(seed + 1)
    n = len(x)
    k = int(round(rate * n / 4))
    counts = {"duplicates": 0, "noise": 0, "flipped": 0, "blanks": 0}
    if k == 0:
        return x, y, counts
    x, y = x.copy(), y.copy()
    flip = rng.choice(n, k, replace=False)
    y[flip] = (y[flip] + rng.integers(1, 10, k)) % 10
    originals = rng.choice(np.setdiff1d(np.arange(n), flip), max(1, k // COPIES_PER_ORIGINAL), replace=False)
    source = np.resize(originals, k)
    dup = x[source].copy()
    jitter = rng.integers(-12, 13, dup.shape)
    half = np.arange(k) % 2 == 1
    dup[half] = np.clip(dup[half].astype(int) + jitter[half], 0, 255).astype(np.uint8)
    noise = rng.integers(0, 256, (k, 28, 28), dtype=np.uint8)
    blanks = np.repeat(rng.choice([0, 0, 255, 128], k)[:, None, None], 28, 1).repeat(28, 2).astype(np.uint8)
    x = np.concatenate([x, dup, noise, blanks])
    y = np.concatenate([y, y[source], rng.integers(0, 10, k), rng.integers(0, 10, k)])
    counts.update(duplicates=k, noise=k, flipped=k, blanks=k, originals_copied=len(originals))
    order = rng.permutation(len(x))
    return x[order], y[order], counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=5000, help="clean MNIST images")
    parser.add_argument("--rates", default="0,0.1,0.3")
    parser.add_argument("--model", choices=["vae", "gan"], default="vae")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=None, help="training batch (default: the model's)")
    parser.add_argument("--feature-steps", type=int, default=300, help="training steps of the feature extractor")
    parser.add_argument("--out", default=None, help="keep the experiments here (default: a temporary folder)")
    parser.add_argument("--json", default=None, help="also write the table as JSON")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    os.environ.setdefault("AIGC_DATA_DIR", tempfile.mkdtemp(prefix="aigc-bench-data-"))
    from aigc_desktop.core.data.dataset_ref import DatasetRef
    from aigc_desktop.core.evaluation.experiment import ExperimentParams, ExperimentStage, run_experiment
    from aigc_desktop.core.jobs import JobContext, run_job

    base = Path(args.out or tempfile.mkdtemp(prefix="aigc-bench-exp-"))
    x, y = load_mnist(args.n, args.seed)
    overrides = {"device": "cpu", **({"batch_size": args.batch_size} if args.batch_size else {})}
    rows = []
    for rate in [float(r) for r in args.rates.split(",")]:
        dx, dy, planted = plant(x, y, rate, args.seed)
        folder = base / f"rate_{rate:g}"
        folder.mkdir(parents=True, exist_ok=True)
        np.savez(folder / "dirty.npz", x=dx, y=dy)
        started = time.perf_counter()
        params = ExperimentParams(args.model, args.epochs, seed=args.seed, n_samples=args.samples,
                                  config_overrides=overrides, feature_steps=args.feature_steps)

        def show(event, rate=rate, started=started) -> None:
            if isinstance(event, ExperimentStage):
                print(f"  [{time.perf_counter() - started:6.1f} s] rate {rate:g}: {event.stage} {event.message}",
                      file=sys.stderr, flush=True)

        result = run_job(run_experiment(DatasetRef(str(folder / "dirty.npz")), params, folder / "exp", JobContext()),
                         show)
        for name, v in result.variants.items():
            m = v.metrics
            rows.append({"rate": rate, "variant": name, "n_train": v.n_train, "steps": v.steps, "epochs": v.epochs,
                         "hallucination": m["hallucination"]["rate"],
                         "low_confidence": m["hallucination"]["low_confidence_rate"],
                         "memorisation": m["memorisation"]["rate"],
                         "memorised_from_duplicates": m["memorisation"]["from_duplicate_groups"],
                         "local_fd": m["local_fd"], "precision": m["precision"], "recall": m["recall"],
                         "planted": planted, "seconds": round(time.perf_counter() - started, 1)})
        print(f"rate {rate:g}: {result.summary_text}", file=sys.stderr, flush=True)
        print_table(rows, args)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


def print_table(rows: list, args) -> None:
    print(f"\nMNIST {args.n} clean images, {args.model.upper()}, the optimizer steps of {args.epochs} epochs over "
          f"the dirty set for every run, seed {args.seed}, {args.samples} samples per run, evaluated on a held-out "
          f"clean split")
    print("| dirt | run | train images | steps (epochs) | hallucination | low-confidence | memorisation (from dup. groups) "
          "| local FD | precision | recall |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| {100 * r['rate']:.0f}% | {r['variant']} | {r['n_train']} | {r['steps']} ({r['epochs']}) | "
              f"{100 * r['hallucination']:.1f}% | "
              f"{100 * r['low_confidence']:.1f}% | {100 * r['memorisation']:.1f}% ({r['memorised_from_duplicates']}) | "
              f"{r['local_fd']:.1f} | {r['precision']:.3f} | {r['recall']:.3f} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
