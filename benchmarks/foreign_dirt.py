"""The experiment on dirt the product did not plant: a recipe of its own, written here without the
planting module, put into an ImageFolder of MNIST digits, then ``aigc experiment`` run on it from the
command line as a user would, against a trusted reference set of clean digits.

    python benchmarks/foreign_dirt.py [--n 4500] [--seeds 0,1,2] [--steps 600] [--out DIR]

The recipe, on ``--n`` clean MNIST test digits (a disjoint 1,500 are the trusted ``--reference``):

- **confusable label flips**: a quarter of the 4s, 9s, 3s, 5s, 7s and 1s are given the other digit
  of their pair (4<->9, 3<->5, 7<->1): the errors a tired annotator makes;
- **JPEG near-duplicates**: 10% of the images get one to three extra copies, each re-encoded as JPEG
  at a random quality from 30 to 70 (a re-upload of the same picture), saved as ``.jpg``;
- **rotated images**: 5% more images, copies turned by 90, 180 or 270 degrees, keeping their label
  (a scanner that fed pages sideways).

The dirty folder is ``aigc experiment``'s DATASET: "dirty" trains on it as it is, "cleaned" on what
the default cleaning plan keeps and relabels, "robust" on everything with suspects down-weighted.
Prints the headline metrics per variant, mean over the seeds [95% interval], and the verdicts.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PAIRS = ((4, 9), (3, 5), (7, 1))
SHOWN = ("label_consistency", "hallucination_semantic", "hallucination_offmanifold", "memorisation_rate", "local_fd")


def write_folder(folder: Path, images: np.ndarray, labels: np.ndarray, names: list) -> None:
    for image, label, name in zip(images, labels, names):
        (folder / str(label)).mkdir(parents=True, exist_ok=True)
        Image.fromarray(image).save(folder / str(label) / name)


def plant(images: np.ndarray, labels: np.ndarray, folder: Path, rng: np.random.Generator) -> dict:
    """Write the clean digits with this recipe's dirt into ``folder`` (one sub-folder per label)."""
    labels = labels.astype(int).copy()
    flipped = 0
    for a, b in PAIRS:
        for source, target in ((a, b), (b, a)):
            rows = np.flatnonzero(labels == source)
            pick = rng.choice(rows, len(rows) // 4, replace=False)
            labels[pick] = -target - 1  # marked, so the second direction does not flip them back
            flipped += len(pick)
    labels = np.where(labels < 0, -labels - 1, labels)
    write_folder(folder, images, labels, [f"img_{i:05d}.png" for i in range(len(images))])

    n_dup = 0
    for i in rng.choice(len(images), len(images) // 10, replace=False):
        for copy in range(int(rng.integers(1, 4))):
            path = folder / str(labels[i]) / f"img_{i:05d}_copy{copy}.jpg"
            Image.fromarray(images[i]).save(path, quality=int(rng.integers(30, 71)))
            n_dup += 1

    rotated = rng.choice(len(images), len(images) // 20, replace=False)
    turns = rng.integers(1, 4, len(rotated))
    write_folder(folder, np.stack([np.rot90(images[i], int(t)) for i, t in zip(rotated, turns)]), labels[rotated],
                 [f"img_{i:05d}_rot{90 * int(t)}.png" for i, t in zip(rotated, turns)])
    return {"clean": len(images), "label_flips": flipped, "jpeg_copies": n_dup, "rotated": len(rotated)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=4500, help="clean MNIST digits the dirt is planted among")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--model", choices=["vae", "gan"], default="vae")
    parser.add_argument("--out", default=None, help="keep the data and the experiment here")
    args = parser.parse_args()

    from aigc_desktop.core.data.mnist import load_mnist
    from aigc_desktop.core.evaluation.metric_info import BY_KEY, show

    x, y = load_mnist()
    order = np.random.default_rng(12345).permutation(len(x))
    reference, train = order[:1500], order[1500:1500 + args.n]
    work = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="aigc-foreign-dirt-"))
    work.mkdir(parents=True, exist_ok=True)
    write_folder(work / "reference", x[reference], y[reference], [f"ref_{i:05d}.png" for i in reference])
    counts = plant(x[train], y[train], work / "dirty", np.random.default_rng(2024))
    print(f"planted into {work / 'dirty'}: {counts}", file=sys.stderr, flush=True)

    env = dict(os.environ, AIGC_DATA_DIR=os.environ.get("AIGC_DATA_DIR") or str(work / "app-data"))
    command = [sys.executable, "-m", "aigc_desktop", "experiment", str(work / "dirty"), "--model", args.model,
               "--conditional", "--steps", str(args.steps), "--seeds", args.seeds,
               "--reference", str(work / "reference"), "--out", str(work / "experiment")]
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    children = os.times()
    result = json.loads((work / "experiment" / "experiment.json").read_text(encoding="utf-8"))

    verdicts = {(c["b"], c["metric"]): c["verdict"] for c in result["comparisons"]}
    print(f"\nMNIST, {counts['clean']} clean digits + this recipe's dirt ({counts['label_flips']} confusable label "
          f"flips, {counts['jpeg_copies']} JPEG copies, {counts['rotated']} rotated), conditional "
          f"{args.model.upper()}, {result['steps']} steps of batch {result['batch_size']} per run, seeds "
          f"{args.seeds}, measured against 1,500 trusted digits; mean [95% interval]; verdict against dirty")
    print("| run | train images | " + " | ".join(BY_KEY[k].label for k in SHOWN) + " |")
    print("| --- | --- |" + " --- |" * len(SHOWN))
    for name, v in result["variants"].items():
        cells = []
        for key in SHOWN:
            entry = v["summary"].get(key) or {}
            ci = entry.get("ci95")
            text = show(key, entry.get("mean")) + ("" if ci is None else f" [{show(key, ci[0])}, {show(key, ci[1])}]")
            verdict = verdicts.get((name, key))
            if verdict and verdict != "no clear difference":
                text += f" **{verdict}**"
            cells.append(text)
        print(f"| {name} | {v['n_train']} | " + " | ".join(cells) + " |")
    floor = result["doses"][0]["real_floor"]
    print("| real floor | | " + " | ".join(show(k, floor.get(k)) for k in SHOWN) + " |")
    print("\nCleaning: " + result["cleaning"])
    print("\n".join(f"- {line}" for line in result["summary"]))
    print(f"\n{wall / 60:.1f} min wall, {(children.children_user + children.children_system) / 60:.1f} min CPU "
          f"of the experiment; {work / 'experiment'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
