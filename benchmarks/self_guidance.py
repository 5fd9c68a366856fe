"""How many clusters should self-guided diffusion use? Class balance and legibility, side by side.

An unconditional diffusion model is self-guided (Hu et al. 2023): trained on k-means clusters of
the training images as its labels, each sample draws a cluster from its noise in proportion to the
clusters' sizes and is guided towards it. A guided sample comes out as one digit per cluster, so
the clusters' granularity sets the class balance: a cluster that mixes 4s and 9s gives all its
share to one of them. This script trains the default unconditional diffusion model with each
number of clusters for the same number of optimizer steps (one thread), draws 1,000 samples at
each guidance scale (seed 1, as ``benchmarks/quality.py``), and prints, side by side, what the
independent judge (``benchmarks/digit_judge.py``) makes of them: the recognisable share, the class
entropy (1 = every digit equally often) and the share of the most and least drawn digits.

Data as ``benchmarks/quality.py``: the vendored MNIST test set, 9,000 digits to train on (split
with seed 0). Trained runs are kept in ``--runs`` and reused when the same clusters and steps are
asked again, so the analysis can be repeated without training.

Run:  .venv/bin/python benchmarks/self_guidance.py --clusters 20,50 --steps 1800 --runs /tmp/self-guidance
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aigc_desktop.core.data.mnist import load_mnist  # noqa: E402
from aigc_desktop.core.jobs import JobContext, run_job  # noqa: E402
from aigc_desktop.core.training.config import default_config, with_budget  # noqa: E402
from aigc_desktop.core.training.data import data_from_arrays  # noqa: E402
from aigc_desktop.core.training.runs import load_generator  # noqa: E402
from aigc_desktop.core.training.trainer import train  # noqa: E402
from benchmarks.digit_judge import cached_judge, probabilities, verdict  # noqa: E402

N_SAMPLES = 1000


def trained_run(folder: Path, clusters: int, steps: int, x_train: np.ndarray) -> tuple[Path, float]:
    """The run folder of the default unconditional diffusion model on ``clusters`` clusters after
    ``steps`` steps, trained unless ``folder`` already holds that run; (folder, CPU s of training)."""
    run = folder / f"clusters-{clusters}-steps-{steps}"
    if (run / "run.json").exists() and json.loads((run / "run.json").read_text()).get("global_step") == steps:
        return run, float("nan")
    data = data_from_arrays(x_train, None)
    config = default_config("diffusion", device="cpu", seed=0, conditional=False,
                            n_classes=len(data.class_names), num_threads=1, keep_epoch_checkpoints=False)
    config = with_budget(dataclasses.replace(config, self_condition=clusters), len(data), steps=steps)
    start = time.process_time()
    run_job(train(data, config, str(run), JobContext(workers=1)), lambda _event: None)
    return run, time.process_time() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clusters", default="20,50", help="comma-separated numbers of clusters")
    parser.add_argument("--steps", type=int, default=1800, help="optimizer steps of every run")
    parser.add_argument("--guidance", default="1.5,2", help="comma-separated guidance scales to sample at")
    parser.add_argument("--runs", type=Path, default=Path(tempfile.gettempdir()) / "aigc-self-guidance",
                        help="where the trained runs are kept (and reused)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "aigc-bench-cache",
                        help="where the judge's weights are kept between runs")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    ks = [int(k) for k in args.clusters.split(",")]
    scales = [float(s) for s in args.guidance.split(",")]

    images, labels = load_mnist()
    order = np.random.default_rng(0).permutation(len(images))
    train_idx = np.sort(order[:9000])
    x_train, y_train = np.array(images[train_idx]), np.array(labels[train_idx])
    judge = cached_judge(x_train, y_train, cache_dir=args.cache)
    real_share = np.bincount(y_train, minlength=10) / len(y_train)

    rows = []
    for k in ks:
        run, cpu = trained_run(args.runs, k, args.steps, x_train)
        generator = load_generator(run)
        for scale in scales:
            samples = np.concatenate([batch for _, _, batch in
                                      generator.sample_batches(N_SAMPLES, seed=1, guidance=scale)])
            samples = samples[..., 0].astype(np.float32) / 255.0
            judged = verdict(judge, samples)
            drawn = np.bincount(probabilities(judge, samples).argmax(dim=1).numpy(), minlength=10) / N_SAMPLES
            rows.append({"clusters": k, "guidance": scale, "cpu_s": cpu, **judged, "shares": drawn})
            print(f"{k} clusters, guidance {scale:g}: recognisable {judged['recognisable']:.1%}, class entropy "
                  f"{judged['class_entropy']:.3f}, digits drawn {np.round(drawn * 100).astype(int).tolist()} %",
                  flush=True)

    print(f"\n{args.steps} steps each, {N_SAMPLES} samples judged; training digits: "
          f"{np.round(real_share * 100, 1).tolist()} %")
    print(f"{'clusters':>8} {'guidance':>8} {'CPU s':>6} {'recognisable':>13} {'class entropy':>14} "
          f"{'most drawn':>14} {'least drawn':>14}")
    for row in rows:
        shares = row["shares"]
        most, least = int(shares.argmax()), int(shares.argmin())
        cpu = "reused" if row["cpu_s"] != row["cpu_s"] else f"{row['cpu_s']:.0f}"
        print(f"{row['clusters']:>8} {row['guidance']:>8g} {cpu:>6} {row['recognisable']:>13.1%} "
              f"{row['class_entropy']:>14.3f} {f'{most}: {shares[most]:.1%}':>14} {f'{least}: {shares[least]:.1%}':>14}")
    base = {row["guidance"]: row for row in rows if row["clusters"] == ks[0]}
    if len(ks) > 1:
        print(f"ratios against {ks[0]} clusters at the same guidance (recognisable, class entropy):")
        for row in rows:
            if row["clusters"] != ks[0] and row["guidance"] in base:
                b = base[row["guidance"]]
                print(f"  {row['clusters']} clusters, guidance {row['guidance']:g}: "
                      f"{row['recognisable'] / b['recognisable']:.3f}×, {row['class_entropy'] / b['class_entropy']:.3f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
