"""How long an evaluation takes, first (the feature extractor trains) and cached (it is loaded), on the
MNIST test set's 10,000 images, against the targets (first <= 30 s, cached <= 5 s on the project's
2-core machine), and the feature extractor's training against the previous extractor's (a deeper
convolutional encoder with a convolutional decoder) on the same images, steps and batch.

    python benchmarks/evaluation.py [--threads 2] [--samples 1000]

The run being evaluated is a small VAE trained here first (not timed) on the same 10,000 images;
``aigc evaluate`` then measures 1000 of its samples against its validation split, with memorisation
against its training split. Wall and process CPU time are both printed, with the load average:
others share the machine. The evaluation runs its torch work on one thread whatever ``--threads``
says (``devices.torch_threads``); the extractors are compared on one thread each.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_FIRST_S, TARGET_CACHED_S = 30.0, 5.0


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def previous_extractor_training(images: np.ndarray, labels: np.ndarray, steps: int, batch: int) -> None:
    """The extractor before this one (eval-features/6): three 3x3 convolutions at full resolution with
    max-pooling, and a transposed-convolution decoder; trained the same way, without augmentation."""
    import torch
    import torch.nn.functional as F
    from torch import nn

    from aigc_desktop.core.evaluation.features import to_input

    torch.manual_seed(0)
    body = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1),
                         nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(64 * 16, 64))
    head = nn.Sequential(nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 10))
    decoder = nn.Sequential(nn.ReLU(), nn.Linear(64, 16 * 8 * 8), nn.ReLU(), nn.Unflatten(1, (16, 8, 8)),
                            nn.ConvTranspose2d(16, 8, 4, 2, 1), nn.ReLU(), nn.ConvTranspose2d(8, 1, 4, 2, 1))
    params = [p for m in (body, head, decoder) for p in m.parameters()]
    optimizer = torch.optim.Adam(params, lr=2e-3)
    x, y = to_input(images, 1), torch.as_tensor(np.array(labels, np.int64))
    g = torch.Generator().manual_seed(0)
    for _ in range(steps):
        idx = torch.randint(0, len(x), (batch,), generator=g)
        f = body(x[idx])
        loss = F.cross_entropy(head(f), y[idx]) + F.binary_cross_entropy_with_logits(decoder(f), x[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--samples", type=int, default=1000)
    args = parser.parse_args()
    os.environ["AIGC_DATA_DIR"] = tempfile.mkdtemp(prefix="aigc-bench-eval-")  # an empty extractor cache

    import torch

    from aigc_desktop.core.data.dataset_ref import DatasetRef
    from aigc_desktop.core.data.mnist import load_mnist
    from aigc_desktop.core.evaluation.features import train_feature_extractor
    from aigc_desktop.core.evaluation.run_evaluation import evaluate_run
    from aigc_desktop.core.jobs import JobContext, run_job
    from aigc_desktop.core.project import TrainRequest, train_dataset
    from aigc_desktop.core.training.devices import torch_threads

    torch.set_num_threads(args.threads)
    work = Path(tempfile.mkdtemp(prefix="aigc-bench-eval-run-"))
    images, labels = load_mnist()
    np.savez(work / "mnist10k.npz", x=images, y=labels)
    data = DatasetRef(str(work / "mnist10k.npz"))
    ctx = JobContext(workers=args.threads)
    print(f"setting up: a small VAE on the {len(images)} MNIST test images (not timed)", file=sys.stderr, flush=True)
    run_job(train_dataset(data, TrainRequest("vae", {"epochs": 1, "max_steps": 60, "device": "cpu"}),
                          work / "run", ctx))
    # the training data's decoded pixels are cached by then, as they are for a run trained in the app

    def evaluate():
        return run_job(evaluate_run(work / "run", data, ctx, n_samples=args.samples, scan_duplicates=False))

    first, first_wall, first_cpu = timed(evaluate)
    cached, cached_wall, cached_cpu = timed(evaluate)
    assert first["local_fd"] == cached["local_fd"], "the cached extractor must give the same numbers"

    steps, batch = 300, 128
    names = np.array([str(v) for v in labels], object)
    os.environ["AIGC_DATA_DIR"] = tempfile.mkdtemp(prefix="aigc-bench-eval-x-")
    _, new_wall, new_cpu = timed(lambda: run_job(train_feature_extractor(images, names, ctx, epochs=None,
                                                                         max_steps=steps, batch_size=batch,
                                                                         cache=False)))
    with torch_threads(1):
        _, old_wall, old_cpu = timed(lambda: previous_extractor_training(images, labels, steps, batch))

    print(f"\nEvaluation of {args.samples} samples on MNIST 10k ({first['n_reference']} reference + "
          f"{first['n_floor']} floor images of the run's validation split, {first['n_train']} training images), "
          f"{args.threads} thread(s), {first['bootstrap']['replicates']} bootstrap replicates, load average "
          f"{os.getloadavg()[0]:.1f} (1 min) on {os.cpu_count()} cores")
    print("| what | wall s | CPU s | target s | wall / target |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| first evaluation (extractor trained) | {first_wall:.1f} | {first_cpu:.1f} | {TARGET_FIRST_S:.0f} | "
          f"{first_wall / TARGET_FIRST_S:.2f} |")
    print(f"| cached evaluation (extractor loaded) | {cached_wall:.1f} | {cached_cpu:.1f} | {TARGET_CACHED_S:.0f} | "
          f"{cached_wall / TARGET_CACHED_S:.2f} |")
    print(f"\nFeature extractor training, {steps} steps of batch {batch} on the same images:")
    print("| extractor | wall s | CPU s | CPU ratio to the previous |")
    print("| --- | --- | --- | --- |")
    print(f"| this one (strided encoder, linear decoder, augmentation) | {new_wall:.1f} | {new_cpu:.1f} | "
          f"{new_cpu / old_cpu:.2f} |")
    print(f"| previous (pooled encoder, transposed-convolution decoder) | {old_wall:.1f} | {old_cpu:.1f} | 1.00 |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
