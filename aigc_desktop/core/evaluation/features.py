"""The feature extractor behind every distribution metric, trained here on the real data.

No pretrained weights are downloaded (PRODUCT.md, "offline and honest metrics"). A small CNN
encoder is trained as an autoencoder and, when there are labels, at the same time as a classifier
(its softmax gives the class confidence used for hallucination and class coverage). The 64-d code
is the feature vector: the classification loss makes it semantic, the reconstruction loss keeps it
from collapsing images the classifier has never seen (noise, blanks) onto the classes.
Inputs are resized to 32x32 so one architecture fits 28, 32 and 64 pixel data. A
trained extractor is cached per data fingerprint in the user data folder as safetensors + JSON.
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.paths import user_data_dir
from aigc_desktop.core.jobs import Job, JobContext, Progress, Throttle

FEATURE_VERSION = "eval-features/8"
SIDE = 32
FEATURE_DIM = 64


@dataclass(frozen=True)
class FeatureProgress(Progress):
    """Steps of the feature extractor's training done, with the epoch and an estimate of the time left."""

    epoch: int = 0
    epochs: int = 0
    eta_s: float = 0.0


def _network(channels: int, n_classes: int):
    import torch
    from torch import nn

    class FeatureNet(nn.Module):
        def __init__(self):
            super().__init__()
            # (B, C, 32, 32) -> (B, 64 * 4 * 4): strided, small on purpose: it trains on the CPU before the
            # first evaluation of a dataset version (about 13 s of one core for MNIST's 10k images)
            self.body = nn.Sequential(
                nn.Conv2d(channels, 16, 3, 2, 1), nn.ReLU(inplace=True),  # -> (B, 16, 16, 16)
                nn.Conv2d(16, 32, 3, 2, 1), nn.ReLU(inplace=True),  # -> (B, 32, 8, 8)
                nn.Conv2d(32, 64, 3, 2, 1), nn.ReLU(inplace=True), nn.Flatten())  # -> (B, 64 * 4 * 4)
            # (B, 1024) -> (B, FEATURE_DIM): the features, taken before any non-linearity
            self.embed = nn.Linear(64 * 4 * 4, FEATURE_DIM)
            # (B, FEATURE_DIM) -> (B, classes) logits, when there are labels
            self.head = nn.Sequential(nn.ReLU(), nn.Dropout(0.2), nn.Linear(FEATURE_DIM, n_classes)) \
                if n_classes else None
            # (B, FEATURE_DIM) -> (B, C, 32, 32) logits: reconstructing the input keeps what a classifier
            # alone would discard (noise, blanks, blur, strokes it has never seen must land away from the
            # real images); linear, because a convolutional decoder would double the training time
            self.decoder = nn.Sequential(nn.ReLU(), nn.Linear(FEATURE_DIM, channels * SIDE * SIDE),
                                         nn.Unflatten(1, (channels, SIDE, SIDE)))

        def forward(self, x):
            return self.embed(self.body(x))

    return FeatureNet()


def to_input(images: np.ndarray, channels: int):
    """uint8 (N, H, W[, C]) -> float (N, C, 32, 32) in [0, 1]."""
    import torch
    import torch.nn.functional as F

    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., None]
    if images.shape[-1] != channels:
        images = images[..., :1].repeat(3, -1) if channels == 3 else \
            np.rint(images[..., :3].astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32))[..., None]
    x = torch.from_numpy(np.array(images.transpose(0, 3, 1, 2), np.float32)).div_(255.0)
    if x.shape[-2:] != (SIDE, SIDE):
        x = F.interpolate(x, size=(SIDE, SIDE), mode="bilinear", align_corners=False, antialias=True)
    return x


@dataclass
class FeatureExtractor:
    net: object  # the FeatureNet, in eval mode on the CPU
    channels: int
    class_names: list  # empty for an autoencoder
    kind: str  # "classifier" | "autoencoder"
    fingerprint: str
    train_accuracy: Optional[float] = None  # classifier only: on a held-back tenth of its data

    def _batches(self, images: np.ndarray, batch: int = 512):
        for start in range(0, len(images), batch):
            yield to_input(images[start:start + batch], self.channels)

    def features(self, images: np.ndarray) -> np.ndarray:
        """float32 (N, 64) features of uint8 images (N, H, W[, C])."""
        import torch

        out = []
        with torch.no_grad():
            for x in self._batches(images):
                out.append(self.net(x).numpy())
        return np.concatenate(out) if out else np.zeros((0, FEATURE_DIM), np.float32)

    def probabilities(self, images: np.ndarray) -> Optional[np.ndarray]:
        """float32 (N, classes) softmax of the classifier; None for an autoencoder."""
        import torch

        if self.kind != "classifier":
            return None
        out = []
        with torch.no_grad():
            for x in self._batches(images):
                out.append(torch.softmax(self.net.head(self.net(x)), 1).numpy())
        return np.concatenate(out)


class _Adam:
    """Adam (Kingma & Ba 2015, default betas and epsilon) for the extractor's dozen parameter tensors.
    ``torch.optim`` imports torch's compiler stack on first use, about 2.4 s of CPU: a tenth of a first
    evaluation from the command line, for an optimizer that is these few lines."""

    def __init__(self, params: list, lr: float, betas: tuple = (0.9, 0.999), eps: float = 1e-8) -> None:
        import torch

        self.params, self.lr, self.betas, self.eps, self.t = params, lr, betas, eps, 0
        self.m = [torch.zeros_like(p) for p in params]
        self.v = [torch.zeros_like(p) for p in params]

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    def step(self) -> None:
        import torch

        self.t += 1
        b1, b2 = self.betas
        step_size = self.lr / (1 - b1 ** self.t)
        root_correction = (1 - b2 ** self.t) ** 0.5
        with torch.no_grad():
            for p, m, v in zip(self.params, self.m, self.v):
                if p.grad is None:
                    continue
                m.mul_(b1).add_(p.grad, alpha=1 - b1)
                v.mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                p.addcdiv_(m, v.sqrt().div_(root_correction).add_(self.eps), value=-step_size)


def _degrade(x, generator):
    """A training batch with the harmless degradations a generator's samples show: a quarter blurred
    (one Gaussian sigma in [0.5, 2] per batch) and a quarter moved by up to 2 pixels. The classifier
    learns that a blurred or shifted 3 is still a 3, so "it cannot say what this is" (semantic
    hallucination) is not set off by blur; blur itself is judged by the image statistics."""
    import torch
    import torch.nn.functional as F

    n = len(x)
    pick = torch.randperm(n, generator=generator)
    blurred, moved = pick[:n // 4], pick[n // 4:n // 2]
    x = x.clone()
    sigma = 0.5 + 1.5 * float(torch.rand(1, generator=generator))
    taps = torch.arange(-3, 4, dtype=x.dtype)
    kernel = torch.exp(-taps ** 2 / (2 * sigma ** 2))
    kernel = kernel / kernel.sum()
    c = x.shape[1]
    rows = x[blurred]
    rows = F.conv2d(F.pad(rows, (3, 3, 0, 0), mode="replicate"), kernel.view(1, 1, 1, 7).repeat(c, 1, 1, 1), groups=c)
    rows = F.conv2d(F.pad(rows, (0, 0, 3, 3), mode="replicate"), kernel.view(1, 1, 7, 1).repeat(c, 1, 1, 1), groups=c)
    x[blurred] = rows
    dy, dx = (int(v) for v in torch.randint(-2, 3, (2,), generator=generator))
    x[moved] = torch.roll(x[moved], (dy, dx), (2, 3))
    return x


def _cache_path(fingerprint: str, channels: int, kind: str, epochs: int, seed: int) -> Path:
    key = hashlib.sha256(f"{FEATURE_VERSION}|{fingerprint}|{channels}|{kind}|{epochs}|{seed}".encode()).hexdigest()
    return user_data_dir() / "cache" / f"features_{key[:32]}"


def _fingerprint(images: np.ndarray, labels) -> str:
    digest = hashlib.sha256(np.ascontiguousarray(images).tobytes())
    digest.update(repr((images.shape, None if labels is None else [str(v) for v in labels])).encode())
    return digest.hexdigest()[:32]


def train_feature_extractor(images: np.ndarray, labels: Optional[Sequence], ctx: JobContext,
                            epochs: Optional[int] = None, seed: int = 0, cache: bool = True, max_steps: int = 300,
                            batch_size: int = 128) -> Job[FeatureExtractor]:
    """A job training (or loading from the cache) the extractor on uint8 ``images`` and optional ``labels``.

    Items without a label ("" or None) are ignored by the classifier; with fewer than two classes
    an autoencoder is trained instead. ``epochs`` defaults to what fits in ``max_steps`` batches.
    """
    from aigc_desktop.core.training.devices import torch_threads

    images = np.asarray(images)
    if images.dtype != np.uint8 or images.ndim not in (3, 4) or len(images) < 2:
        raise UserError("the feature extractor needs at least two uint8 images")
    channels = 1 if images.ndim == 3 else images.shape[-1]
    names: list = []
    y = None
    if labels is not None:
        text = np.array(["" if v is None else str(v) for v in labels], object)
        names = sorted({t for t in text if t}, key=lambda n: (len(n), n) if n.isdigit() else (1 << 30, n))
        if len(names) >= 2:
            index = {n: i for i, n in enumerate(names)}
            y = np.array([index.get(t, -1) for t in text], np.int64)
            images, y = images[y >= 0], y[y >= 0]
        else:
            names = []
    kind = "classifier" if y is not None else "autoencoder"
    fingerprint = _fingerprint(images, None if y is None else y)
    batch = batch_size
    if epochs is None:
        epochs = int(np.clip(max_steps // max(1, -(-len(images) // batch)), 1, 20))
    path = _cache_path(fingerprint, channels, kind, epochs, seed)
    if cache:
        loaded = _load(path, fingerprint)
        if loaded is not None:
            return loaded

    # one thread: the network and its batches are so small that intra-op threads spend more time
    # synchronising than computing (six times the CPU time per step with two threads on a busy 2-core machine)
    with torch_threads(1):
        extractor = yield from _train(images, y, names, channels, kind, fingerprint, epochs, seed, batch, ctx)
    if cache:
        _save(path, extractor)
    return extractor


def _train(images: np.ndarray, y: Optional[np.ndarray], names: list, channels: int, kind: str, fingerprint: str,
           epochs: int, seed: int, batch: int, ctx: JobContext) -> Job[FeatureExtractor]:
    import torch
    import torch.nn.functional as F

    generator = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    net = _network(channels, len(names))
    x_all = to_input(images, channels)
    y_all = None if y is None else torch.from_numpy(y)
    order = torch.randperm(len(x_all), generator=generator)
    n_check = len(x_all) // 10 if kind == "classifier" and len(x_all) >= 50 else 0
    check, fit = order[:n_check], order[n_check:]
    optimizer = _Adam(list(net.parameters()), lr=2e-3)
    steps_per_epoch = -(-len(fit) // batch)
    total = epochs * steps_per_epoch
    started = time.monotonic()
    report = Throttle(0.25)
    net.train()
    for epoch in range(epochs):
        perm = fit[torch.randperm(len(fit), generator=generator)]
        for step in range(steps_per_epoch):
            ctx.check()
            idx = perm[step * batch:(step + 1) * batch]
            x = _degrade(x_all[idx], generator)
            features = net(x)
            loss = F.binary_cross_entropy_with_logits(net.decoder(features), x)
            if kind == "classifier":
                loss = loss + F.cross_entropy(net.head(features), y_all[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            done = epoch * steps_per_epoch + step + 1
            left = (time.monotonic() - started) / done * (total - done)
            yield from report(FeatureProgress("features", done, total, f"training the feature extractor: epoch "
                                              f"{epoch + 1} of {epochs}, about {left:.0f} s left", epoch + 1, epochs,
                                              left))
    net.eval()
    accuracy = None
    if n_check:
        with torch.no_grad():
            accuracy = float((net.head(net(x_all[check])).argmax(1) == y_all[check]).float().mean())
    return FeatureExtractor(net, channels, names, kind, fingerprint, accuracy)


def _save(path: Path, extractor: FeatureExtractor) -> None:
    from safetensors.torch import save_file

    from aigc_desktop.core.atomic import atomic_write as _atomic_write, write_json

    state = {k: v.contiguous() for k, v in extractor.net.state_dict().items()}
    _atomic_write(path.with_suffix(".safetensors"), lambda tmp: save_file(state, tmp))
    write_json(path.with_suffix(".json"), {"version": FEATURE_VERSION, "fingerprint": extractor.fingerprint,
                                          "channels": extractor.channels, "class_names": extractor.class_names,
                                          "kind": extractor.kind, "train_accuracy": extractor.train_accuracy})


def _load(path: Path, fingerprint: str) -> Optional[FeatureExtractor]:
    from safetensors.torch import load_file

    meta_path, weights_path = path.with_suffix(".json"), path.with_suffix(".safetensors")
    if not (meta_path.exists() and weights_path.exists()):
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("version") != FEATURE_VERSION or meta.get("fingerprint") != fingerprint:
            return None
        net = _network(int(meta["channels"]), len(meta["class_names"]))
        net.load_state_dict(load_file(str(weights_path)))
    except (OSError, ValueError, KeyError, RuntimeError):
        return None  # a damaged cache entry is retrained, never trusted
    net.eval()
    return FeatureExtractor(net, int(meta["channels"]), list(meta["class_names"]), meta["kind"], fingerprint,
                            meta.get("train_accuracy"))
