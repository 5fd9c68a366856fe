"""Sample quality of the default models against the PyTorch-examples recipes, at equal CPU time.

Data: the vendored MNIST test set (10,000 digits), split once: 9,000 to train every model (and the
judge) on, 1,000 held out for the real-vs-real row. Every contender trains on one CPU thread; CPU
time is process time, so other work on a shared machine does not count against a contender.

- **ours**: ``aigc train``'s defaults (the Balanced preset) through the product's own trainer;
  their CPU time is the budget of the reference they are compared with. ``--cpu-minutes M``
  trains each of ours (VAE, GAN, diffusion) for M CPU minutes instead, stopped when they are spent:
  the families compared at an equal budget.
- **references**, re-written here from their published descriptions (pytorch/examples):
  the VAE of ``vae/main.py`` (MLP 784-400-20, Adam 1e-3, batch 128, BCE + KL), and the DCGAN of
  ``dcgan/main.py`` (nz 100, ngf = ndf = 64, batch norm, BCE, Adam 2e-4 with beta1 0.5, batch 64)
  at 32x32 (one up/down-sampling block fewer than its 64x64 default, which would get far fewer
  steps in the same time), samples resized to 28x28.
- **judge**: ``benchmarks/digit_judge.py``, a classifier that shares no code with the product.
  Recognisable: top probability >= 0.9; class entropy: 1 = uniform over the 10 digits; label
  consistency (conditional models): the share drawn as the digit asked for.

Run:  .venv/bin/python benchmarks/quality.py [--only vae,gan,cvae,cgan] [--steps N | --cpu-minutes M] [--grids DIR]
      .venv/bin/python benchmarks/quality.py --only vae,gan,diffusion,cvae,cgan,cdiffusion --cpu-minutes 3
      .venv/bin/python benchmarks/quality.py --only diffusion-sc0,diffusion-sc20 --steps 270  (self-guidance or not)
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aigc_desktop.core.data.mnist import load_mnist  # noqa: E402
from aigc_desktop.core.training.config import default_config, with_budget  # noqa: E402
from aigc_desktop.core.training.data import data_from_arrays  # noqa: E402
from aigc_desktop.core.jobs import JobContext, run_job  # noqa: E402
from aigc_desktop.core.training.events import TrainingWarning  # noqa: E402
from aigc_desktop.core.training.runs import grid_image, load_generator  # noqa: E402
from aigc_desktop.core.training.trainer import train  # noqa: E402
from benchmarks.digit_judge import cached_judge, verdict  # noqa: E402
from benchmarks.train import ReferenceVAE, reference_loss  # noqa: E402  (pytorch/examples vae/main.py)

N_SAMPLES = 1000


@dataclass
class Trained:
    """What a contender leaves behind: a sampler and what it cost."""

    sample: Callable[[int, Optional[np.ndarray]], np.ndarray]  # (n, labels) -> (n, 28, 28) floats in [0, 1]
    cpu_s: float
    steps: int
    notes: dict = field(default_factory=dict)


@dataclass
class Contender:
    name: str
    key: str  # for --only and file names
    train: Callable[[np.ndarray, np.ndarray, Optional[float], argparse.Namespace], Trained]
    conditional: bool = False
    budget_of: Optional[str] = None  # the key of the contender whose CPU time this one gets


# ------------------------------------------------------------------------------------------- ours
def train_ours(model: str, conditional: bool = False, **overrides) -> Callable:
    """Our ``model`` with ``aigc train``'s defaults, but for the ``overrides`` (config fields)."""
    def run(images, labels, _budget, args) -> Trained:
        data = data_from_arrays(images, labels if conditional else None)
        config = default_config(model, device="cpu", seed=args.seed, conditional=conditional,
                                n_classes=len(data.class_names), num_threads=1, keep_epoch_checkpoints=False)
        config = dataclasses.replace(config, **overrides)
        cpu_budget = args.cpu_minutes * 60 if args.cpu_minutes else None
        if cpu_budget:  # an equal CPU budget for every family: trained until it is spent, then stopped
            config = with_budget(config, len(data), steps=10**7)
            config = dataclasses.replace(config, event_interval_s=0.0)
        else:
            config = with_budget(config, len(data), steps=args.steps)
        tmp = tempfile.TemporaryDirectory()
        ctx = JobContext(workers=1)
        start = time.process_time()
        warnings = []

        def on_event(event) -> None:
            if isinstance(event, TrainingWarning):
                warnings.append(event.kind)
            if cpu_budget and time.process_time() - start >= cpu_budget:
                ctx.cancel.cancel()  # the trainer stops at the next step and keeps its checkpoint

        finished = run_job(train(data, config, tmp.name, ctx), on_event)
        cpu = time.process_time() - start
        generator = load_generator(tmp.name)
        class_of = {int(name): i for i, name in enumerate(data.class_names)} if conditional else {}

        def sample(n: int, asked: Optional[np.ndarray]) -> np.ndarray:
            index = None if asked is None else np.array([class_of[int(a)] for a in asked])
            images_out = generator.sample(n, seed=args.seed + 1, labels=index)
            return images_out[..., 0].astype(np.float32) / 255.0

        steps = json.loads((Path(tmp.name) / "run.json").read_text())["global_step"]
        return Trained(sample, cpu, steps,
                       {"warnings": warnings, "finished": finished.reason,
                                                       "epochs": finished.epochs_done})
    return run


# ------------------------------------------------------------------------------ PyTorch-examples VAE
def train_examples_vae(images, _labels, budget_s: float, args) -> Trained:
    torch.manual_seed(args.seed)
    x = torch.from_numpy(images.reshape(-1, 784).astype(np.float32) / 255.0)
    model = ReferenceVAE()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    start, steps = time.process_time(), 0
    while time.process_time() - start < budget_s:
        for batch in torch.randperm(len(x)).split(128):
            recon, mu, logvar = model(x[batch])
            loss = reference_loss(recon, x[batch], mu, logvar)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            steps += 1
            if time.process_time() - start >= budget_s:
                break
    cpu = time.process_time() - start
    model.eval()

    def sample(n: int, _asked) -> np.ndarray:
        with torch.no_grad():
            z = torch.randn(n, 20, generator=torch.Generator().manual_seed(args.seed + 1))
            return model.decode(z).view(n, 28, 28).numpy()

    return Trained(sample, cpu, steps)


# ---------------------------------------------------------------------------- PyTorch-examples DCGAN
def _examples_init(m: nn.Module) -> None:
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


def examples_dcgan(size: int, nz: int = 100, ngf: int = 64, ndf: int = 64) -> tuple[nn.Module, nn.Module]:
    """pytorch/examples dcgan/main.py's networks; ``size`` 64 is its default, 32 drops one block."""
    blocks = {64: 3, 32: 2}[size]
    g = [nn.ConvTranspose2d(nz, ngf * 2**blocks, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 2**blocks), nn.ReLU(True)]
    for i in range(blocks, 0, -1):  # 4x4 -> size/2
        g += [nn.ConvTranspose2d(ngf * 2**i, ngf * 2**(i - 1), 4, 2, 1, bias=False),
              nn.BatchNorm2d(ngf * 2**(i - 1)), nn.ReLU(True)]
    g += [nn.ConvTranspose2d(ngf, 1, 4, 2, 1, bias=False), nn.Tanh()]
    d = [nn.Conv2d(1, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True)]
    for i in range(blocks):  # size/2 -> 4x4
        d += [nn.Conv2d(ndf * 2**i, ndf * 2**(i + 1), 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 2**(i + 1)),
              nn.LeakyReLU(0.2, inplace=True)]
    d += [nn.Conv2d(ndf * 2**blocks, 1, 4, 1, 0, bias=False), nn.Sigmoid()]
    generator, discriminator = nn.Sequential(*g), nn.Sequential(*d)
    generator.apply(_examples_init)
    discriminator.apply(_examples_init)
    return generator, discriminator


def train_examples_dcgan(images, _labels, budget_s: float, args) -> Trained:
    torch.manual_seed(args.seed)
    size, nz = args.reference_size, 100
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False) * 2 - 1
    G, D = examples_dcgan(size, nz)
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCELoss()
    start, steps = time.process_time(), 0
    while time.process_time() - start < budget_s:
        for batch in torch.randperm(len(x)).split(64):
            real = x[batch]
            ones, zeros = torch.ones(len(real)), torch.zeros(len(real))
            fake = G(torch.randn(len(real), nz, 1, 1))
            D.zero_grad()
            d_loss = bce(D(real).view(-1), ones) + bce(D(fake.detach()).view(-1), zeros)
            d_loss.backward()
            opt_d.step()
            G.zero_grad()
            bce(D(fake).view(-1), ones).backward()
            opt_g.step()
            steps += 1
            if time.process_time() - start >= budget_s:
                break
    cpu = time.process_time() - start
    G.eval()

    def sample(n: int, _asked) -> np.ndarray:
        with torch.no_grad():
            z = torch.randn(n, nz, 1, 1, generator=torch.Generator().manual_seed(args.seed + 1))
            out = (G(z) + 1) / 2
            return F.interpolate(out, size=(28, 28), mode="bilinear", align_corners=False).clamp(0, 1)[:, 0].numpy()

    return Trained(sample, cpu, steps)


CONTENDERS = [
    Contender("VAE, ours (defaults)", "vae", train_ours("vae")),
    Contender("VAE, PyTorch examples", "ref-vae", train_examples_vae, budget_of="vae"),
    Contender("GAN, ours (defaults)", "gan", train_ours("gan")),
    Contender("DCGAN, PyTorch examples", "ref-gan", train_examples_dcgan, budget_of="gan"),
    Contender("conditional VAE, ours", "cvae", train_ours("vae", conditional=True), conditional=True),
    Contender("conditional GAN, ours", "cgan", train_ours("gan", conditional=True), conditional=True),
    Contender("diffusion, ours (defaults)", "diffusion", train_ours("diffusion")),
    Contender("conditional diffusion, ours", "cdiffusion", train_ours("diffusion", conditional=True),
              conditional=True),
    # unconditional diffusion with and without self-guidance (20 clusters of the images), side by side
    Contender("diffusion, no self-conditioning", "diffusion-sc0", train_ours("diffusion", self_condition=0)),
    Contender("diffusion, 20 self-guided clusters", "diffusion-sc20", train_ours("diffusion", self_condition=20)),
]


# ------------------------------------------------------------------------------------------- main
def save_grid(path: Path, images: np.ndarray, columns: int = 10, zoom: int = 2) -> None:
    from PIL import Image

    tiles = (np.clip(images, 0, 1) * 255).round().astype(np.uint8)[..., None]
    tiled = Image.fromarray(grid_image(tiles, columns)[..., 0])
    path.parent.mkdir(parents=True, exist_ok=True)
    tiled.resize((tiled.width * zoom, tiled.height * zoom), Image.NEAREST).save(path, optimize=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default=None, help="comma-separated contender keys, trained in this order: "
                        + ", ".join(c.key for c in CONTENDERS) + " (a reference needs the one it is timed against, "
                        "earlier in the list)")
    parser.add_argument("--steps", type=int, default=None, help="our models' steps (default: the Balanced preset)")
    parser.add_argument("--cpu-minutes", type=float, default=None,
                        help="instead of steps: train each of our models for this much CPU time (one thread)")
    parser.add_argument("--reference-size", type=int, choices=(32, 64), default=32, help="DCGAN reference image side")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--samples", type=int, default=N_SAMPLES)
    parser.add_argument("--grids", type=Path, default=None, help="save a 10x10 sample grid per contender here")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "aigc-bench-cache",
                        help="where the judge's weights are kept between runs")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)
    by_name = {c.key: c for c in CONTENDERS}
    wanted = args.only.split(",") if args.only else list(by_name)  # trained in this order
    if set(wanted) - set(by_name):
        parser.error(f"unknown contender(s): {', '.join(sorted(set(wanted) - set(by_name)))}")
    torch.set_num_threads(1)

    images, labels = load_mnist()
    order = np.random.default_rng(args.seed).permutation(len(images))
    train_idx, held_idx = np.sort(order[:9000]), np.sort(order[9000:])
    x_train, y_train = np.array(images[train_idx]), np.array(labels[train_idx])
    x_held, y_held = np.array(images[held_idx]), np.array(labels[held_idx])
    judge = cached_judge(x_train, y_train, cache_dir=args.cache)

    rows = [{"name": "real held-out MNIST (real vs real)", "key": "real", "cpu_s": None, "steps": None,
             **verdict(judge, x_held, y_held)}]
    cpu_of: dict[str, float] = {}
    for contender in (by_name[k] for k in wanted):
        budget = cpu_of.get(contender.budget_of) if contender.budget_of else None
        if contender.budget_of and budget is None:
            print(f"skipping {contender.name}: it is timed against {contender.budget_of}, which did not run")
            continue
        print(f"training {contender.name}" + (f" for {budget:.0f} CPU s" if budget else "") + " …", flush=True)
        trained = contender.train(x_train, y_train, budget, args)
        cpu_of[contender.key] = trained.cpu_s
        asked = np.arange(args.samples) % 10 if contender.conditional else None
        samples = trained.sample(args.samples, asked)
        row = {"name": contender.name, "key": contender.key, "cpu_s": trained.cpu_s, "steps": trained.steps,
               **verdict(judge, samples, asked), **trained.notes}
        rows.append(row)
        print(f"  {row['cpu_s']:.0f} CPU s, {row['steps']} steps: recognisable {row['recognisable']:.1%}, "
              f"class entropy {row['class_entropy']:.3f}"
              + (f", label consistency {row['label_consistency']:.1%}" if "label_consistency" in row else ""),
              flush=True)
        if args.grids:
            order_10 = np.argsort(asked[:100], kind="stable") if asked is not None else np.arange(100)
            save_grid(args.grids / f"quality-{contender.key}.png", samples[:100][order_10])

    print()
    print(f"{'model':<36} {'CPU s':>6} {'steps':>6} {'recognisable':>13} {'class entropy':>14} {'label consistency':>18}")
    for row in rows:
        cpu = f"{row['cpu_s']:.0f}" if row["cpu_s"] is not None else "—"
        steps = f"{row['steps']}" if row["steps"] is not None else "—"
        consistency = f"{row['label_consistency']:.1%}" if "label_consistency" in row else "—"
        print(f"{row['name']:<36} {cpu:>6} {steps:>6} {row['recognisable']:>13.1%} {row['class_entropy']:>14.3f} "
              f"{consistency:>18}")
    by_key = {row["key"]: row for row in rows}

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.2f}×" if b >= 0.005 else "— (reference at 0)"

    print("\nratios, ours / PyTorch examples at the same CPU time (higher is better):")
    for ours, ref in (("vae", "ref-vae"), ("gan", "ref-gan")):
        if ours in by_key and ref in by_key:
            a, b = by_key[ours], by_key[ref]
            print(f"  {ours}: recognisable {ratio(a['recognisable'], b['recognisable'])}, "
                  f"class entropy {ratio(a['class_entropy'], b['class_entropy'])}")
    pairs = [(a, b) for a, b in (("diffusion", "vae"), ("diffusion", "gan"), ("cdiffusion", "cvae"),
                                 ("cdiffusion", "cgan")) if a in by_key and b in by_key]
    if pairs:
        print("ratios between our families" + (" at an equal CPU budget" if args.cpu_minutes else "") +
              " (higher: the diffusion model is better):")
    for a, b in pairs:
        x, y = by_key[a], by_key[b]
        text = (f"  {a} / {b}: recognisable {ratio(x['recognisable'], y['recognisable'])}, "
                f"class entropy {ratio(x['class_entropy'], y['class_entropy'])}")
        if "label_consistency" in x and "label_consistency" in y:
            text += f", label consistency {ratio(x['label_consistency'], y['label_consistency'])}"
        print(text)
    print("ratios, ours / real held-out digits:")
    real = rows[0]
    for row in rows[1:]:
        if row["key"] in ("vae", "gan", "diffusion", "cvae", "cgan", "cdiffusion"):
            text = f"  {row['key']}: recognisable {ratio(row['recognisable'], real['recognisable'])}"
            if "label_consistency" in row:
                text += f", label consistency {ratio(row['label_consistency'], real['label_consistency'])}"
            print(text)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
