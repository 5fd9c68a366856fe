"""An independent digit classifier that judges generated samples.

It shares no code with ``aigc_desktop.core.evaluation``: a small CNN (two 3x3 conv blocks, one
hidden layer, dropout), trained here on real MNIST digits with small random shifts, in the style of
the PyTorch ``mnist`` example. Its verdicts:

- *recognisable*: the share of samples whose top class probability is at least 0.9;
- *class entropy*: the entropy of the predicted classes over the samples, divided by log(10)
  (1 = every digit equally often, 0 = one digit only);
- *label consistency*: for class-conditional samples, the share predicted as the class asked for.

The benchmark (``benchmarks/quality.py``) and the tests of conditional generation use it.
"""
from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Optional

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

CONFIDENT = 0.9


class DigitJudge(nn.Module):
    def __init__(self):
        super().__init__()
        # (B, 1, 28, 28) -> (B, 64, 7, 7)
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        # (B, 64 * 7 * 7) -> (B, 10) logits
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(0.25), nn.Linear(64 * 7 * 7, 128), nn.ReLU(),
                                  nn.Dropout(0.5), nn.Linear(128, 10))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


def _as_batch(images) -> torch.Tensor:
    """uint8 (N, 28, 28) or float in [0, 1] of shape (N, 28, 28) / (N, 1, 28, 28) -> float (N, 1, 28, 28)."""
    x = torch.as_tensor(np.array(images))  # a copy: the input may be read-only
    x = x.float() / 255.0 if x.dtype == torch.uint8 else x.float()
    return x.reshape(len(x), 1, 28, 28)


def _random_shift(x: torch.Tensor, generator: torch.Generator, max_shift: int = 2) -> torch.Tensor:
    padded = F.pad(x, (max_shift,) * 4)
    dx, dy = torch.randint(0, 2 * max_shift + 1, (2,), generator=generator).tolist()
    return padded[:, :, dy:dy + 28, dx:dx + 28]


def train_judge(images: np.ndarray, labels: np.ndarray, epochs: int = 4, seed: int = 0,
                batch_size: int = 128) -> DigitJudge:
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    x, y = _as_batch(images), torch.as_tensor(np.asarray(labels), dtype=torch.long)
    model = DigitJudge()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    steps = epochs * math.ceil(len(x) / batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-3, total_steps=steps)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(x), generator=generator)
        for start in range(0, len(x), batch_size):
            index = order[start:start + batch_size]
            loss = F.cross_entropy(model(_random_shift(x[index], generator)), y[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
    return model.eval()


def cached_judge(images: np.ndarray, labels: np.ndarray, cache_dir: Optional[Path] = None, **kw) -> DigitJudge:
    """``train_judge``, with the weights kept in ``cache_dir`` under a hash of the data and settings."""
    if cache_dir is None:
        return train_judge(images, labels, **kw)
    key = hashlib.sha256(np.ascontiguousarray(images).tobytes() + np.ascontiguousarray(labels).tobytes()
                         + repr(sorted(kw.items())).encode() + Path(__file__).read_bytes()).hexdigest()[:16]
    path = Path(cache_dir) / f"digit-judge-{key}.pt"
    if path.exists():
        model = DigitJudge()
        model.load_state_dict(torch.load(path, weights_only=True))
        return model.eval()
    model = train_judge(images, labels, **kw)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    torch.save(model.state_dict(), tmp)
    tmp.replace(path)
    return model


@torch.no_grad()
def probabilities(judge: DigitJudge, images) -> torch.Tensor:
    x = _as_batch(images)
    return torch.cat([F.softmax(judge(x[i:i + 1000]), dim=1) for i in range(0, len(x), 1000)])


def verdict(judge: DigitJudge, images, asked: Optional[np.ndarray] = None) -> dict:
    """recognisable, class_entropy and (with ``asked`` labels) label_consistency of ``images``."""
    p = probabilities(judge, images)
    top, predicted = p.max(dim=1)
    counts = torch.bincount(predicted, minlength=10).double()
    share = counts / counts.sum()
    entropy = max(0.0, float(-(share[share > 0] * share[share > 0].log()).sum() / math.log(10)))
    out = {"n": len(p), "recognisable": float((top >= CONFIDENT).double().mean()), "class_entropy": entropy}
    if asked is not None:
        asked = torch.as_tensor(np.asarray(asked), dtype=torch.long)
        out["label_consistency"] = float((predicted == asked).double().mean())
    return out
