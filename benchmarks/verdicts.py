"""Does a comparison call noise a difference? Pairs of sample sets drawn from the *same* real MNIST
images are compared metric by metric, under this project's rule (a verdict only where the bootstrap
95% interval of the difference excludes 0) and under the previous rule (a fixed band: a change of
more than 5% of the first value, or 1 percentage point for shares, was called "better" or
"worse"). Then the same rules on pairs that do differ (the second set with a share of its images
blurred), to show the interval rule still sees a real change.

    python benchmarks/verdicts.py [--pairs 20] [--size 200] [--blurred 0.3] [--threads 1]

Each pair: two disjoint draws of ``--size`` images from MNIST test images the extractor did not
train on, both measured against the same held-out reference images. A rule that is right calls
"no clear difference" on same-data pairs in at least 95% of the comparisons.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAME_RELATIVE = 0.05  # the previous rule's band


def band_verdict(before: float, after: float, higher_is_better: bool, percent: bool) -> str:
    """The previous rule, as it was: a fixed relative band around the first value."""
    delta = after - before
    if abs(delta) <= SAME_RELATIVE * max(abs(before), 1e-12) or (percent and abs(delta) < 0.01):
        return "no clear difference"
    return "better" if (delta > 0) == higher_is_better else "worse"


def blur(images: np.ndarray, share: float, seed: int) -> np.ndarray:
    from PIL import Image, ImageFilter

    out = images.copy()
    chosen = np.random.default_rng(seed).permutation(len(images))[:round(share * len(images))]
    for i in chosen:
        out[i] = np.array(Image.fromarray(images[i]).filter(ImageFilter.GaussianBlur(1.5)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--size", type=int, default=200, help="images per sample set")
    parser.add_argument("--blurred", type=float, default=0.3, help="share of the second set blurred in the "
                                                                   "pairs that differ")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    import torch

    from aigc_desktop.core.data.mnist import load_mnist
    from aigc_desktop.core.evaluation.comparison import compare
    from aigc_desktop.core.evaluation.evaluate import evaluate_samples
    from aigc_desktop.core.evaluation.features import train_feature_extractor
    from aigc_desktop.core.evaluation.metric_info import BY_KEY, KEYS
    from aigc_desktop.core.jobs import JobContext, run_job

    torch.set_num_threads(args.threads)
    wall, cpu = time.perf_counter(), time.process_time()
    images, labels = load_mnist()
    names = labels.astype(str)
    order = np.random.default_rng(0).permutation(len(images))
    train, held, pool = order[:3000], order[3000:4000], order[4000:]
    print("training the feature extractor on 3000 images (not part of any pair)", file=sys.stderr, flush=True)
    extractor = run_job(train_feature_extractor(images[train], names[train], JobContext(workers=args.threads),
                                                max_steps=150, cache=False))

    def measure(rows: np.ndarray, pixels: np.ndarray | None = None) -> dict:
        return evaluate_samples(images[rows] if pixels is None else pixels, images[held], extractor,
                                sample_labels=names[rows], real_labels=names[held]).metrics

    counts = {kind: {rule: {k: 0 for k in KEYS} for rule in ("interval", "band")} for kind in ("same", "blurred")}
    seen = {k: 0 for k in KEYS}
    for pair in range(args.pairs):
        draw = np.random.default_rng(100 + pair).permutation(pool)[:2 * args.size]
        a_rows, b_rows = draw[:args.size], draw[args.size:]
        a = measure(a_rows)
        for kind, b in (("same", measure(b_rows)),
                        ("blurred", measure(b_rows, blur(images[b_rows], args.blurred, pair)))):
            for c in compare("a", [a], "b", [b]):
                meta = BY_KEY[c.metric]
                counts[kind]["interval"][c.metric] += c.verdict != "no clear difference"
                counts[kind]["band"][c.metric] += band_verdict(c.a_mean, c.b_mean, meta.higher_is_better,
                                                               meta.percent) != "no clear difference"
                seen[c.metric] += kind == "same"
        print(f"  pair {pair + 1}/{args.pairs} measured", file=sys.stderr, flush=True)

    keys = [k for k in KEYS if seen[k]]
    print(f"\nVerdicts ('better' or 'worse') in {args.pairs} pairs of {args.size} MNIST images each; interval rule: "
          f"the 95% bootstrap interval of the difference excludes 0; band rule: a change beyond "
          f"{SAME_RELATIVE:.0%} (1 point for shares)")
    print("| metric | same data: interval rule | same data: band rule | "
          f"{args.blurred:.0%} blurred: interval rule | {args.blurred:.0%} blurred: band rule |")
    print("| --- | --- | --- | --- | --- |")
    for key in keys:
        print(f"| {BY_KEY[key].label} | {counts['same']['interval'][key]}/{seen[key]} | "
              f"{counts['same']['band'][key]}/{seen[key]} | {counts['blurred']['interval'][key]}/{seen[key]} | "
              f"{counts['blurred']['band'][key]}/{seen[key]} |")
    total = sum(seen[k] for k in keys)
    same_interval = sum(counts["same"]["interval"].values())
    same_band = sum(counts["same"]["band"].values())
    print(f"| all metrics | {same_interval}/{total} ({same_interval / total:.1%}) | {same_band}/{total} "
          f"({same_band / total:.1%}) | {sum(counts['blurred']['interval'].values())}/{total} | "
          f"{sum(counts['blurred']['band'].values())}/{total} |")
    ratio = same_band / same_interval if same_interval else float("inf")
    print(f"\nsame-data pairs called different: band rule / interval rule = {ratio:.1f}x; "
          f"'no clear difference' under the interval rule in {1 - same_interval / total:.1%} of comparisons "
          f"(target >= 95%)")
    print(f"{time.perf_counter() - wall:.0f} s wall, {time.process_time() - cpu:.0f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
