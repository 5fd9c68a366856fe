"""Training benchmarks against reference implementations (CPU by default).

(a) Trainer overhead: images/s of ``aigc_desktop.core.training.train`` against a minimal hand-written
    loop over the same model, the same tensors and the same batch size, in one process.
    Target: ratio >= 0.95. For the GAN, the same hand-written step with one generator forward for
    both updates (what the trainer does) against two (the textbook loop): the step's own speed-up.
(b) Default VAE vs the PyTorch-examples VAE (MLP 784-400-20, batch 128, Adam 1e-3, BCE + KL) on the
    MNIST test set split 90/10: held-out negative ELBO in nats per image (Bernoulli likelihood for
    both, the same estimator) after the same wall time. Target: ours lower.
(c) GUI stall while training: the GUI engineer's, in ``benchmarks/gui_stall.py``.

Run:  .venv/bin/python benchmarks/train.py [--part a|b|all] [--seconds 60] [--threads N]
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from aigc_desktop.core.jobs import CancelToken, JobContext, run_job
from aigc_desktop.core.training.config import default_config
from aigc_desktop.core.training.data import data_from_arrays
from aigc_desktop.core.training.events import BatchEnd, EpochEnd
from aigc_desktop.core.training.runs import load_generator
from aigc_desktop.core.training.steps import build_networks, cluster_count, image_clusters
from aigc_desktop.core.training.trainer import split_indices, train

from aigc_desktop.core.data.mnist import mnist_dir

DATA = mnist_dir()


def load_mnist(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    with gzip.open(folder / "mnist-t10k-images-idx3-ubyte.gz", "rb") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(folder / "mnist-t10k-labels-idx1-ubyte.gz", "rb") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    return images, labels


# with one thread, process CPU time equals wall time on an idle machine, and stays fair on a busy one
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


# ----------------------------------------------------------------------------- (a) overhead
def hand_written_loop(config, x: torch.Tensor, epochs: int, generator_forwards: int = 1):
    """The plainest loop over the same networks, losses and optimizer; yields images after each step.

    A GAN step here does what the trainer's does: the critic's and the generator's update, with the
    self-conditioning clusters as labels and the generator's weight average. ``generator_forwards=2``
    runs the generator a second time for its own update (the textbook loop: the same images again,
    through a second forward), the formulation the trainer's step used before it kept one."""
    from aigc_desktop.core.models.average import update_average
    from aigc_desktop.core.models.gan import discriminator_loss, generator_loss
    from aigc_desktop.core.models.vae import vae_loss

    torch.manual_seed(config.seed)
    nets = build_networks(config)
    adam = dict(lr=config.lr, betas=(config.adam_beta1, config.adam_beta2), weight_decay=config.weight_decay)
    n, batch = len(x), config.batch_size
    if config.model == "vae":
        vae = nets["vae"]
        opt = torch.optim.AdamW(vae.parameters(), **adam)
        for _ in range(epochs):
            perm = torch.randperm(n)
            for i in range(0, n, batch):
                xb = x[perm[i:i + batch]]
                logits, mu, logvar = vae(xb)
                recon, kl = vae_loss(logits, xb, mu, logvar)
                loss = (recon + config.beta * kl).mean()
                opt.zero_grad()
                loss.backward()
                opt.step()
                yield len(xb)
        return
    G, D, average = nets["generator"], nets["discriminator"], nets.get("generator_ema")
    opt_g = torch.optim.AdamW(G.parameters(), **adam)
    opt_d = torch.optim.AdamW(D.parameters(), **{**adam, "lr": config.d_lr or config.lr})
    y = None
    if cluster_count(config):
        _, assign = image_clusters(x, cluster_count(config), config.seed)
        y = assign(x)
    for _ in range(epochs):
        perm = torch.randperm(n)
        for s in range(n // batch):
            rows = perm[s * batch:(s + 1) * batch]
            xb, yb = x[rows], None if y is None else y[rows]
            z = torch.randn(batch, config.latent_dim)
            if generator_forwards == 1:
                generated = G(z, yb)
                fake = generated.detach()
            else:
                with torch.no_grad():
                    fake = G(z, yb)
            real_s, fake_s = D(torch.cat([xb, fake]), None if yb is None else torch.cat([yb, yb])).chunk(2)
            d_loss = discriminator_loss(config.gan_loss, real_s, fake_s)
            opt_d.zero_grad()
            d_loss.backward()
            opt_d.step()
            D.requires_grad_(False)
            if generator_forwards != 1:
                generated = G(z, yb)
            g_loss = generator_loss(config.gan_loss, D(generated, yb))
            opt_g.zero_grad()
            g_loss.backward()
            opt_g.step()
            D.requires_grad_(True)
            if average is not None:
                update_average(average, G, config.ema_decay)
            yield batch


def _run_hand(config, x, epochs, clock, generator_forwards: int = 1) -> tuple[float, int]:
    start = clock()
    images = sum(hand_written_loop(config, x, epochs, generator_forwards))
    return clock() - start, images


def _run_trainer(config, data, clock) -> tuple[float, int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        start = clock()
        steps, reported = [], []

        def count(event) -> None:
            steps.append(isinstance(event, BatchEnd))
            if isinstance(event, EpochEnd):
                reported.append(event.images_per_s)

        run_job(train(data, config, tmp, JobContext()), count)
        return clock() - start, sum(steps), float(np.median(reported))


def part_a(images: np.ndarray, epochs: int, n_images: int, repeats: int, clock_name: str,
           models=("vae", "gan")) -> dict:
    """Alternating runs, best of ``repeats`` each, so a burst of load from other processes hits one
    run, not one side. The trainer's time includes its set-up, per-step checks, one BatchEnd per
    step (more than it ever sends), and every epoch's checkpoints, sample grid and history file."""
    clock = CLOCKS[clock_name]
    results = {}
    for model in models:
        data = data_from_arrays(images[:n_images])
        config = default_config(model, epochs=epochs, device="cpu", val_fraction=0.0, event_interval_s=0.0)
        x = data.images if model == "vae" else data.images * 2 - 1
        hand, ours, reported, two = [], [], [], []
        for _ in range(repeats):
            t_hand, n = _run_hand(config, x, epochs, clock)
            if model == "gan":
                two.append(n / _run_hand(config, x, epochs, clock, generator_forwards=2)[0])
            t_ours, steps, rep = _run_trainer(config, data, clock)
            batch = config.batch_size
            assert steps == (-(-n_images // batch) if model == "vae" else n_images // batch) * epochs
            hand.append(n / t_hand)
            ours.append(n / t_ours)  # the same steps over the same tensor: the same images
            reported.append(rep)
        results[model] = {"hand_written_img_s": max(hand), "trainer_img_s": max(ours),
                          "trainer_reported_img_s": max(reported), "ratio": max(ours) / max(hand),
                          "clock": clock_name}
        if two:
            results[model].update(two_forwards_img_s=max(two), one_over_two_forwards=max(hand) / max(two))
    return results


# ------------------------------------------------------------------- (b) default vs reference VAE
class ReferenceVAE(nn.Module):
    """pytorch/examples vae/main.py, unchanged: 784-400-20 MLP, sigmoid output."""

    def __init__(self):
        super().__init__()
        self.fc1, self.fc21, self.fc22 = nn.Linear(784, 400), nn.Linear(400, 20), nn.Linear(400, 20)
        self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)

    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        return mu + torch.randn_like(std) * std

    def decode(self, z):
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z))))

    def forward(self, x):
        mu, logvar = self.encode(x.view(-1, 784))
        return self.decode(self.reparameterize(mu, logvar)), mu, logvar


def reference_loss(recon_x, x, mu, logvar):
    bce = F.binary_cross_entropy(recon_x, x.view(-1, 784), reduction="sum")
    return bce - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())


@torch.no_grad()
def negative_elbo(encode, decode_probs, x: torch.Tensor, samples: int = 10) -> float:
    """Held-out -ELBO in nats per image: Bernoulli NLL + KL, z averaged over ``samples`` draws."""
    g = torch.Generator().manual_seed(1234)
    total = 0.0
    for start in range(0, len(x), 500):
        xb = x[start:start + 500]
        mu, logvar = encode(xb)
        kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=1)
        nll = torch.zeros(len(xb))
        for _ in range(samples):
            z = mu + torch.exp(0.5 * logvar) * torch.randn(mu.shape, generator=g)
            p = decode_probs(z).reshape(len(xb), -1).clamp(1e-7, 1 - 1e-7)
            target = xb.reshape(len(xb), -1)
            nll += -(target * p.log() + (1 - target) * (1 - p).log()).sum(1)
        total += float((nll / samples + kl).sum())
    return total / len(x)


def train_reference(x_train: torch.Tensor, seconds: float, seed: int, clock) -> tuple[ReferenceVAE, int]:
    torch.manual_seed(seed)
    model = ReferenceVAE()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    start, epochs = clock(), 0
    while clock() - start < seconds:
        perm = torch.randperm(len(x_train))
        for i in range(0, len(x_train), 128):
            data = x_train[perm[i:i + 128]]
            recon, mu, logvar = model(data)
            loss = reference_loss(recon, data, mu, logvar)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if clock() - start >= seconds:
                break
        epochs += 1
    return model.eval(), epochs


def train_ours(images: np.ndarray, seconds: float, seed: int, clock, **overrides) -> tuple[object, int]:
    config = default_config("vae", epochs=10_000, device="cpu", seed=seed, val_fraction=0.1, **overrides)
    cancel = CancelToken()
    with tempfile.TemporaryDirectory() as tmp:
        start = clock()
        seen = []

        def stop_in_time(event) -> None:
            if isinstance(event, EpochEnd):
                seen.append(event.epoch)
            if isinstance(event, (BatchEnd, EpochEnd)) and clock() - start >= seconds:
                cancel.cancel()  # the trainer stops at the next step and keeps its checkpoint

        run_job(train(data_from_arrays(images), config, tmp, JobContext(cancel=cancel)), stop_in_time)
        return load_generator(tmp), (seen[-1] if seen else 0)


def part_b(images: np.ndarray, seconds: float, seed: int = 0, clock_name: str = "wall", **overrides) -> dict:
    clock = CLOCKS[clock_name]
    x = torch.from_numpy(images.copy()).float().div(255).unsqueeze(1)
    train_idx, val_idx = split_indices(len(x), 0.1, seed)  # the trainer's own split, for both
    reference, ref_epochs = train_reference(x[train_idx].view(-1, 784), seconds, seed, clock)
    ref_nelbo = negative_elbo(lambda xb: reference.encode(xb.view(-1, 784)), reference.decode, x[val_idx])
    ours, our_epochs = train_ours(images, seconds, seed, clock, **overrides)
    vae = ours.model
    our_nelbo = negative_elbo(vae.encode, lambda z: torch.sigmoid(vae.decode(z)), x[val_idx])
    return {"seconds": seconds, "clock": clock_name, "reference": {"held_out_neg_elbo_nats": ref_nelbo, "epochs": ref_epochs},
            "ours": {"held_out_neg_elbo_nats": our_nelbo, "epochs": our_epochs,
                     "config": {k: getattr(ours.config, k) for k in ("latent_dim", "width", "batch_size", "lr")}},
            "ratio_ours_over_reference": our_nelbo / ref_nelbo}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=["a", "b", "all"], default="all")
    parser.add_argument("--seconds", type=float, default=60.0, help="(b) wall-time budget per model")
    parser.add_argument("--clock", choices=list(CLOCKS), default="wall",
                        help="time in wall seconds, or in process CPU seconds (fair on a shared machine with --threads 1)")
    parser.add_argument("--epochs", type=int, default=2, help="(a) epochs per measurement")
    parser.add_argument("--models", default="vae,gan", help="(a) which models to measure")
    parser.add_argument("--repeats", type=int, default=3, help="(a) alternating repeats, best kept")
    parser.add_argument("--images", type=int, default=10000, help="(a) how many MNIST images to train on")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's)")
    parser.add_argument("--data", type=Path, default=DATA, help="folder with the MNIST t10k IDX files")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    images, _ = load_mnist(args.data)
    results = {"threads": torch.get_num_threads(), "torch": torch.__version__}
    if args.part in ("a", "all"):
        results["a"] = part_a(images, args.epochs, args.images, args.repeats, args.clock, args.models.split(","))
        print(f"(a) trainer vs hand-written loop, images/s ({args.clock} clock, whole run incl. checkpoints)")
        for model, r in results["a"].items():
            print(f"    {model}: hand-written {r['hand_written_img_s']:8.0f}   trainer {r['trainer_img_s']:8.0f}"
                  f"   ratio {r['ratio']:.3f}   (target >= 0.95; trainer reports {r['trainer_reported_img_s']:.0f})")
            if "two_forwards_img_s" in r:
                print(f"    {model} step, one generator forward vs two: {r['hand_written_img_s']:8.0f} vs "
                      f"{r['two_forwards_img_s']:8.0f} images/s   ratio {r['one_over_two_forwards']:.3f}")
    if args.part in ("b", "all"):
        results["b"] = b = part_b(images, args.seconds, clock_name=args.clock)
        print(f"(b) held-out -ELBO after {args.seconds:.0f} s ({args.clock} clock) of CPU training, nats/image "
              f"(lower is better)")
        print(f"    reference MLP VAE {b['reference']['held_out_neg_elbo_nats']:8.2f}  ({b['reference']['epochs']} epochs)")
        print(f"    default conv VAE  {b['ours']['held_out_neg_elbo_nats']:8.2f}  ({b['ours']['epochs']} epochs)"
              f"   ratio {b['ratio_ours_over_reference']:.3f} (target < 1)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
