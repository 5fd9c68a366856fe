"""Off-manifold hallucination on inputs of known quality, under the current test and the previous one
side by side: does it grade blur and runs of different quality, or read the same for all of them?

    python benchmarks/offmanifold.py [RUN_DIR ...]

Both tests flag a sample outside every real item's k-NN ball in the extractor's features or in
pixels. For the four image statistics (brightness, contrast, edge and Laplacian energy over
contrast) the previous test used k-NN balls too (k = 5, statistics in units of their spread); the
current one asks whether a statistic lies outside the range of 99% of real images of the class
the classifier gives the sample. Data: 5,000
MNIST test digits train the feature extractor, the other 5,000 are held out (the reference and a
floor of 1,000 real images); the sets measured are another draw of real digits, uniform noise, the
real digits blurred (Gaussian sigma 0.5, 1, 1.5 px), and 1,000 samples of each run given.
Printed: the share flagged, and the excess over the real floor's share (what the metric reports).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def blur(images: np.ndarray, sigma: float) -> np.ndarray:
    return np.stack([np.array(Image.fromarray(i).filter(ImageFilter.GaussianBlur(sigma))) for i in images])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="*", help="run folders (28x28 grey) whose samples are measured too")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(1)
    from aigc_desktop.core.data.mnist import load_mnist
    from aigc_desktop.core.evaluation import evaluate as ev
    from aigc_desktop.core.evaluation import hallucination as hal
    from aigc_desktop.core.evaluation import memorisation as mem
    from aigc_desktop.core.evaluation.distances import ball_membership, kth_neighbour_radii
    from aigc_desktop.core.evaluation.features import train_feature_extractor
    from aigc_desktop.core.evaluation.prdc import K, prdc_items
    from aigc_desktop.core.evaluation.run_evaluation import sample_run
    from aigc_desktop.core.jobs import JobContext, run_job
    from aigc_desktop.core.training.runs import load_generator

    images, labels = load_mnist()
    order = np.random.default_rng(0).permutation(len(images))
    train, held = order[:5000], order[5000:]
    extractor = run_job(train_feature_extractor(images[train], labels[train].astype(str), JobContext()))
    real = images[held]
    ref_rows, floor_rows = ev.split_held_out(len(real), 1000)
    raw = extractor.features(real)
    scale = ev.FeatureScale.fit(raw[ref_rows])
    reference = ev.Reference(scale(raw[ref_rows]), real[ref_rows], extractor.probabilities(real[ref_rows]), K,
                             10, 0)
    ref_statistics = hal.image_statistics(mem.thumbnail_images(real[ref_rows]))
    centre, spread = ref_statistics.mean(0), ref_statistics.std(0) + 1e-9
    previous_points = (ref_statistics - centre) / spread
    previous_radii = kth_neighbour_radii(previous_points, K)

    def flags(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(current test, previous test) per image."""
        in_features = prdc_items(reference.features, scale(extractor.features(x)), K,
                                 real_radii=reference.radii).fake_in_real_ball
        current = ~in_features | reference.outside(x, extractor.probabilities(x).argmax(1))
        thumbs = mem.thumbnail_images(x)
        pixels_out = ball_membership(thumbs.reshape(len(thumbs), -1), reference.pixels, reference.pixel_radii)[0] == 0
        statistics = (hal.image_statistics(thumbs) - centre) / spread
        previous = ~in_features | pixels_out | (ball_membership(statistics, previous_points, previous_radii)[0] == 0)
        return current, previous

    other = images[train[:1000]]
    sets = {"real digits (another draw)": other,
            "uniform noise": np.random.default_rng(5).integers(0, 256, (1000, 28, 28), dtype=np.uint8)}
    for sigma in (0.5, 1.0, 1.5):
        sets[f"real digits blurred, sigma {sigma:g}"] = blur(other, sigma)
    for run in args.runs:
        sets[f"samples of {Path(run).name}"] = sample_run(load_generator(run, "cpu", "last"), 1000, 0)[0][..., 0]
    floor_current, floor_previous = (f.mean() for f in flags(real[floor_rows]))
    print(f"\nReal floor (held-out digits): current test {floor_current:.1%}, previous {floor_previous:.1%}")
    print("| set | flagged, current | excess, current | flagged, previous | excess, previous |")
    print("| --- | --- | --- | --- | --- |")
    for name, x in sets.items():
        current, previous = (f.mean() for f in flags(x))
        print(f"| {name} | {current:.1%} | {current - floor_current:+.1%} | {previous:.1%} | "
              f"{previous - floor_previous:+.1%} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
