"""Which objective should the diffusion model train with? Rectified flow against cosine-schedule
noise prediction (DDPM), on MNIST, at an equal CPU budget, judged by an independent classifier.

Both runs use the product's trainer and the default diffusion config (the same U-Net, batch size,
learning rate, label dropout and weight average), class-conditional, for the same number of
optimizer steps on one CPU thread; only the objective and its sampler differ:

- ``flow``: rectified flow / flow matching (Liu et al. 2023; Lipman et al. 2023), Euler steps;
- ``ddpm``: noise prediction with the cosine schedule (Nichol & Dhariwal 2021), deterministic DDIM.

Each model then draws the same number of samples (labels cycling over the 10 digits) at several
sampler step counts, unguided (scale 1) and with the default guidance. The judge
(``benchmarks/digit_judge.py``, shares no code with the product) reports the recognisable share
(top probability >= 0.9), class entropy (1 = uniform) and label consistency (drew the digit asked for).
The objective with the better figures at the fewest steps becomes the default (config.py).

Run:  .venv/bin/python benchmarks/diffusion_objective.py [--steps 600] [--samples 500] [--sampler-steps 10,20,50]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aigc_desktop.core.data.mnist import load_mnist  # noqa: E402
from aigc_desktop.core.jobs import JobContext, run_job  # noqa: E402
from aigc_desktop.core.training.config import default_config  # noqa: E402
from aigc_desktop.core.training.data import data_from_arrays  # noqa: E402
from aigc_desktop.core.training.runs import grid_image, load_generator  # noqa: E402
from aigc_desktop.core.training.steps import fixed_noise  # noqa: E402
from aigc_desktop.core.training.trainer import train  # noqa: E402
from benchmarks.digit_judge import cached_judge, verdict  # noqa: E402

SOLVER = {"flow": "euler", "ddpm": "ddim"}
N_TRAIN = 9000  # the judge and the models train on the same 9,000 digits; 1,000 stay out (real-vs-real row)


def train_objective(objective: str, data, args, folder: Path):
    config = default_config("diffusion", objective=objective, solver=SOLVER[objective], conditional=True,
                            n_classes=10, device="cpu", num_threads=1, seed=args.seed, epochs=10_000,
                            max_steps=args.steps, keep_epoch_checkpoints=False, val_fraction=0.0)
    start = time.process_time()
    finished = run_job(train(data, config, folder / objective, JobContext(workers=1)))
    cpu = time.process_time() - start
    if finished.reason != "completed":
        raise SystemExit(f"{objective}: training ended {finished.reason}: {finished.message}")
    return load_generator(folder / objective), cpu, config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=600, help="optimizer steps per objective (equal budget)")
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--sampler-steps", default="10,20,50")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--grids", default=None, help="folder for a sample grid per objective")
    args = parser.parse_args()
    torch.set_num_threads(1)
    images, labels = load_mnist()
    judge = cached_judge(images[:N_TRAIN], labels[:N_TRAIN], cache_dir=Path(tempfile.gettempdir()) / "aigc-bench")
    data = data_from_arrays(images[:N_TRAIN], labels[:N_TRAIN])
    real = verdict(judge, images[N_TRAIN:N_TRAIN + args.samples], labels[N_TRAIN:N_TRAIN + args.samples])
    sampler_steps = [int(s) for s in args.sampler_steps.split(",")]
    asked = np.arange(args.samples) % 10  # digits asked for, and the class indices that ask for them
    class_of = {int(name): i for i, name in enumerate(data.class_names)}
    asked_index = np.array([class_of[int(d)] for d in asked])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for objective in ("flow", "ddpm"):
            gen, cpu, config = train_objective(objective, data, args, Path(tmp))
            print(f"{objective}: {args.steps} steps in {cpu:.0f} s CPU", file=sys.stderr, flush=True)
            z = fixed_noise(args.samples, gen.latent_dim, args.seed + 1).numpy()
            for steps in sampler_steps:
                for guidance in (1.0, config.guidance):
                    start = time.process_time()
                    drawn = gen.decode(z, asked_index, guidance=guidance, steps=steps)
                    rows.append({"objective": objective, "train_cpu_s": cpu, "steps": steps, "guidance": guidance,
                                 "sample_cpu_s": time.process_time() - start,
                                 **verdict(judge, drawn[..., 0], asked)})
                    if args.grids and steps == max(sampler_steps) and guidance == config.guidance:
                        from PIL import Image

                        Path(args.grids).mkdir(parents=True, exist_ok=True)
                        Image.fromarray(grid_image(drawn[:100], 10)[..., 0]).save(
                            Path(args.grids) / f"objective_{objective}.png")

    print(f"\nMNIST, {N_TRAIN} training digits, class-conditional U-Net (default config), {args.steps} optimizer "
          f"steps each on one CPU thread, {args.samples} samples per row\n")
    print("| objective | train CPU s | sampler | guidance | recognisable | class entropy | label consistency |")
    print("|---|---|---|---|---|---|---|")
    print(f"| real held-out digits | — | — | — | {real['recognisable']:.3f} | {real['class_entropy']:.3f} | "
          f"{real['label_consistency']:.3f} |")
    for r in rows:
        print(f"| {r['objective']} | {r['train_cpu_s']:.0f} | {r['steps']} {SOLVER[r['objective']]} | "
              f"{r['guidance']:g} | {r['recognisable']:.3f} | {r['class_entropy']:.3f} | "
              f"{r['label_consistency']:.3f} |")
    print("\nratios flow / ddpm (recognisable, label consistency):")
    for steps in sampler_steps:
        for guidance in sorted({r["guidance"] for r in rows}):
            f, d = ([r for r in rows if r["objective"] == o and r["steps"] == steps and r["guidance"] == guidance][0]
                    for o in ("flow", "ddpm"))
            print(f"  {steps:3d} steps, guidance {guidance:g}: "
                  f"{f['recognisable'] / max(d['recognisable'], 1e-9):.2f}x, "
                  f"{f['label_consistency'] / max(d['label_consistency'], 1e-9):.2f}x")


if __name__ == "__main__":
    main()
