"""Speed of the diffusion model: sampling, memory layout, and the trainer against a bare loop.

(a) Sampling 64 images at 28x28 with the default sampler (Euler steps and classifier-free guidance
    of the default config) through the product's sampler (the guided and unguided predictions in one
    batched call, channels-last weights), against the same loop written bare: two network calls per
    step (with and without the label) in the default memory layout; and our sampler at the earlier
    default of 20 steps.
    Target: <= 10 s wall for 64 images on the 2-core reference machine.
(b) channels-last against the default memory layout, for a training step and a sampling forward
    pass at the default width and at twice it: the trainer uses the faster one on each device.
(c) The trainer's images/s against a bare loop over the same network, loss and optimizer
    (no events, checkpoints, averaging or divergence checks), same data and batch size.

Every figure is the median of a few repeats, wall and CPU (process) time, in one run. On a GPU
(``--device cuda``) the same parts run with bf16 autocast, as the trainer does there.

Run:  .venv/bin/python benchmarks/diffusion_speed.py [--part a|b|c|all] [--threads 2] [--device cpu]
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aigc_desktop.core.data.mnist import load_mnist  # noqa: E402
from aigc_desktop.core.jobs import JobContext, run_job  # noqa: E402
from aigc_desktop.core.models.diffusion import UNet  # noqa: E402
from aigc_desktop.core.models.diffusion_process import denoising_loss, drop_labels, for_sampling, sample  # noqa: E402
from aigc_desktop.core.training.config import default_config  # noqa: E402
from aigc_desktop.core.training.data import data_from_arrays  # noqa: E402
from aigc_desktop.core.training.events import EpochEnd  # noqa: E402
from aigc_desktop.core.training.trainer import train  # noqa: E402


def timed(fn, repeats: int, sync) -> tuple[float, float]:
    """Median (wall, CPU) seconds of ``fn()`` over ``repeats`` runs, after one warm-up run."""
    fn()
    sync()
    walls, cpus = [], []
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        fn()
        sync()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def trained_looking(net: torch.nn.Module) -> torch.nn.Module:
    """A fresh U-Net predicts exactly 0 (zero-initialised heads); give it weights of a trained size."""
    torch.manual_seed(0)
    with torch.no_grad():
        for p in net.parameters():
            if p.dim() > 1:
                p.normal_(0, 0.02)
    return net.eval()


def autocast(device):
    return torch.autocast("cuda", dtype=torch.bfloat16) if device.type == "cuda" else contextlib.nullcontext()


@torch.no_grad()
def bare_euler(net, noise, labels, steps: int, guidance: float):
    """The sampler as a tutorial writes it: conditional and unconditional calls one after the other."""
    x = noise
    null = torch.full_like(labels, net.n_classes)
    ts = torch.linspace(1.0, 0.0, steps + 1, device=noise.device)
    for i in range(steps):
        t = ts[i].expand(len(x))
        cond, uncond = net(x, t, labels), net(x, t, null)
        x = x + (ts[i + 1] - ts[i]) * (uncond + guidance * (cond - uncond))
    return x.clamp(-1, 1)


def part_a(args, device, sync) -> None:
    config = default_config("diffusion", conditional=True, n_classes=10)
    net = trained_looking(UNet(1, 28, config.width, 10)).to(device)
    bare_net = copy.deepcopy(net)  # the default memory layout, as a tutorial leaves it
    for_sampling(net)  # as the product loads a trained model: channels-last
    noise = torch.randn(64, 1, 28, 28, generator=torch.Generator().manual_seed(0)).to(device)
    labels = (torch.arange(64) % 10).to(device)
    steps = config.sampler_steps
    print(f"(a) sampling 64 images at 28x28: {steps} {config.solver} steps, guidance "
          f"{config.guidance:g} (default config), {args.threads} thread(s), {device}")
    rows = []
    with autocast(device):
        rows.append(("ours (batched guidance, channels-last)", timed(
            lambda: sample(net, noise, labels, config.objective, steps, config.guidance, config.solver),
            args.repeats, sync)))
        rows.append(("bare loop (two calls per step)", timed(
            lambda: bare_euler(bare_net, noise, labels, steps, config.guidance), args.repeats, sync)))
        if args.previous_steps and args.previous_steps != steps:
            rows.append((f"ours at {args.previous_steps} steps (the earlier default)", timed(
                lambda: sample(net, noise, labels, config.objective, args.previous_steps, config.guidance,
                               config.solver), args.repeats, sync)))
    for name, (wall, cpu) in rows:
        print(f"    {name:<44} {wall:6.2f} s wall, {cpu:6.2f} s CPU   {64 / wall:7.1f} images/s")
    ours, bare = rows[0][1], rows[1][1]
    print(f"    ours / bare: {bare[0] / ours[0]:.2f}x faster wall, {bare[1] / ours[1]:.2f}x CPU; target <= 10 s wall: "
          f"{'met' if ours[0] <= 10 else 'NOT met'}")


def part_b(args, device, sync) -> None:
    print(f"(b) memory layout, batch 64 at 28x28, {args.threads} thread(s), {device}; "
          f"{'wall' if device.type == 'cuda' else 'CPU'} time")
    for width in (16, 32):
        row = []
        for layout in (torch.contiguous_format, torch.channels_last):
            net = trained_looking(UNet(1, 28, width, 10)).to(device).to(memory_format=layout)
            net.train()
            opt = torch.optim.AdamW(net.parameters(), 1e-3)
            x = torch.rand(64, 1, 28, 28, device=device).contiguous(memory_format=layout) * 2 - 1
            y = torch.arange(64, device=device) % 10

            def train_step():
                with autocast(device):
                    loss = denoising_loss(net, x, drop_labels(y, 10, 0.1), "flow").mean()
                opt.zero_grad()
                loss.backward()
                opt.step()

            def forward():
                with torch.no_grad(), autocast(device):
                    net(torch.cat([x, x]), torch.rand(128, device=device), torch.cat([y, y]))

            clock = 0 if device.type == "cuda" else 1  # CPU time on the CPU: fair on a busy machine
            row.append((timed(train_step, args.repeats, sync)[clock], timed(forward, args.repeats, sync)[clock]))
        (c_train, c_fwd), (l_train, l_fwd) = row
        print(f"    width {width:2d}: train step {c_train * 1000:7.1f} ms default vs {l_train * 1000:7.1f} ms "
              f"channels-last ({c_train / l_train:.2f}x); guided forward {c_fwd * 1000:7.1f} vs "
              f"{l_fwd * 1000:7.1f} ms ({c_fwd / l_fwd:.2f}x)")
    print("    (a ratio above 1 means channels-last is faster)")


def part_c(args, device, sync) -> None:
    images, labels = load_mnist()
    n = args.images
    data = data_from_arrays(images[:n], labels[:n])
    config = default_config("diffusion", epochs=1, device=device.type, conditional=True, n_classes=10,
                            val_fraction=0.0, keep_epoch_checkpoints=False, num_threads=args.threads, n_samples=10,
                            sampler_steps=1)
    print(f"(c) training, {n} MNIST images, batch {config.batch_size}, one epoch, {args.threads} thread(s), {device}")
    rates = []
    with tempfile.TemporaryDirectory() as tmp:
        w = time.perf_counter()
        run_job(train(data, config, tmp, JobContext()),
                lambda e: rates.append(e.images_per_s) if isinstance(e, EpochEnd) else None)
        ours_total = time.perf_counter() - w

    torch.manual_seed(0)
    net = UNet(1, 28, config.width, 10).to(device).to(
        memory_format=torch.channels_last if device.type == "cuda" else torch.contiguous_format)
    opt = torch.optim.AdamW(net.parameters(), config.lr, betas=(config.adam_beta1, config.adam_beta2))
    x = (data.images * 2 - 1).to(device)
    y = data.labels.to(device)
    w = time.perf_counter()
    perm = torch.randperm(n, device=device)
    for i in range(0, n, config.batch_size):
        index = perm[i:i + config.batch_size]
        with autocast(device):
            loss = denoising_loss(net, x[index], drop_labels(y[index], 10, config.label_dropout), "flow").mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    sync()
    bare = n / (time.perf_counter() - w)
    print(f"    trainer: {rates[-1]:8.1f} images/s (training steps only; {ours_total:.1f} s with set-up, the "
          f"epoch's sample grid and checkpoint)")
    print(f"    bare loop: {bare:6.1f} images/s   ratio trainer/bare {rates[-1] / bare:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=["a", "b", "c", "all"], default="all")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--previous-steps", type=int, default=20,
                        help="(a): also time our sampler at this many steps (0: skip)")
    parser.add_argument("--images", type=int, default=1024, help="(c): images in the training epoch")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    sync = (lambda: torch.cuda.synchronize(device)) if device.type == "cuda" else (lambda: None)
    for name, part in (("a", part_a), ("b", part_b), ("c", part_c)):
        if args.part in (name, "all"):
            part(args, device, sync)


if __name__ == "__main__":
    main()
