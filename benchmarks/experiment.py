"""The dose-response experiment on MNIST: does dirt planted into clean digits make a conditional
generator hallucinate, and does cleaning help? Prints, for each dirt rate, the headline metrics of the
dirty, cleaned and robust runs (mean over the seeds with its 95% interval) and each verdict against
the dirty runs, as measured, whichever way they go.

    python benchmarks/experiment.py [--n 6000] [--rates 0,0.1,0.3] [--seeds 0,1,2] [--steps 600]

It is ``aigc experiment MNIST.npz --model vae --conditional --plant RATES --seeds SEEDS`` through the
same service: the planting module plants its mix of dirt (duplicates, label errors and conflicts,
missing labels, blanks, dark, light and blurry images, outliers, odd sizes and modes, corrupt files)
at each rate, 0.1 meaning as many dirty files as 10% of the clean images; 15% of the clean images
are set aside before any planting as the held-out real images; every run gets the same optimizer
steps. Keep the output folder with ``--out`` to look at ``dose_response.png`` and the runs.
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
SHOWN = ("label_consistency", "hallucination_semantic", "hallucination_offmanifold", "memorisation_rate", "local_fd")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=6000, help="clean MNIST images (before holding out and planting)")
    parser.add_argument("--rates", default="0,0.1,0.3")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--model", choices=["vae", "gan"], default="vae")
    parser.add_argument("--steps", type=int, default=600, help="optimizer steps per run")
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads (on a busy 2-core machine two threads measured far slower than one)")
    parser.add_argument("--out", default=None, help="keep the experiment here (default: a temporary folder)")
    parser.add_argument("--json", default=None, help="also write the table as JSON")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    os.environ.setdefault("AIGC_DATA_DIR", tempfile.mkdtemp(prefix="aigc-bench-data-"))
    from aigc_desktop.core.data.dataset_ref import DatasetRef
    from aigc_desktop.core.data.mnist import load_mnist
    from aigc_desktop.core.evaluation.experiment import ExperimentParams, ExperimentStage, run_experiment
    from aigc_desktop.core.evaluation.metric_info import BY_KEY, show
    from aigc_desktop.core.jobs import JobContext, run_job

    x, y = load_mnist()
    keep = np.random.default_rng(0).permutation(len(x))[:args.n]
    work = Path(tempfile.mkdtemp(prefix="aigc-bench-exp-"))
    np.savez(work / "mnist.npz", x=x[keep], y=y[keep])
    out = Path(args.out) if args.out else work / "experiment"
    params = ExperimentParams(args.model, steps=args.steps, seeds=tuple(int(s) for s in args.seeds.split(",")),
                              conditional=True, n_samples=args.samples,
                              plant=tuple(float(r) for r in args.rates.split(",")),
                              config_overrides={"device": "cpu"})
    started, cpu = time.perf_counter(), time.process_time()

    def show_stage(event) -> None:
        if isinstance(event, ExperimentStage) and (event.done == 0 or event.stage in ("split", "done")):
            print(f"  [{time.perf_counter() - started:7.1f} s] {event.stage}: {event.message}", file=sys.stderr,
                  flush=True)

    result = run_job(run_experiment(DatasetRef(str(work / "mnist.npz")), params, out,
                                    JobContext(workers=args.threads)), show_stage)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu

    rows = []
    print(f"\nMNIST, {args.n} clean images, conditional {args.model.upper()}, {result.steps} optimizer steps of batch "
          f"{result.batch_size} per run, seeds {args.seeds}, {args.samples} samples per run; mean [95% interval] "
          f"over the seeds; verdict against the dirty runs only where the interval of the difference excludes 0")
    print("| dirt | run | train images | " + " | ".join(BY_KEY[k].label for k in SHOWN) + " |")
    print("| --- | --- | --- |" + " --- |" * len(SHOWN))
    for dose in result.doses:
        verdicts = {(c.b, c.metric): c.verdict for c in dose.comparisons}
        for name, v in dose.variants.items():
            cells = []
            for key in SHOWN:
                entry = v.summary.get(key) or {}
                ci = entry.get("ci95")
                text = show(key, entry.get("mean")) + ("" if ci is None else f" [{show(key, ci[0])}, "
                                                                            f"{show(key, ci[1])}]")
                verdict = verdicts.get((name, key))
                if verdict and verdict != "no clear difference":
                    text += f" **{verdict}**"
                cells.append(text)
                rows.append({"rate": dose.rate, "variant": name, "metric": key, "mean": entry.get("mean"),
                             "ci95": ci, "verdict": verdict})
            print(f"| {dose.rate:g} | {name} | {v.n_train} | " + " | ".join(cells) + " |", flush=True)
    floor = result.doses[0].real_floor
    print("| | real floor | | " + " | ".join(show(k, floor.get(k)) for k in SHOWN) + " |")
    print("\n" + result.summary_text)
    print(f"\n{len(result.doses) * 3 * len(result.seeds)} runs in {wall / 60:.1f} min wall, {cpu / 60:.1f} min CPU "
          f"of this process; plot: {out / 'dose_response.png'}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
