"""The built-in demo dataset: real handwritten digits with planted dirt of every issue type.

The digits are MNIST's (the test set ships with the app, ``resources/data/mnist``, CC BY-SA 3.0):
a seeded choice of ``DEMO_SIZE`` of them is written as an ImageFolder tree of 28x28 PNGs, dirt of
all 13 issue types is planted among them (``core/quality/planting.py``), and every planted file
is recorded in ``truth.json`` so that a scan can be checked against it. The same seed gives
byte-identical files. Enough digits that the default VAE and GAN learn legible digits from them.
"""
from __future__ import annotations

import json
import os
from typing import Optional

import numpy as np

from aigc_desktop.core.atomic import staged_folder
from aigc_desktop.core.data.mnist import load_mnist
from aigc_desktop.core.guards import check_output_folder
from aigc_desktop.core.jobs import Job
from aigc_desktop.core.quality.planting import plant_issues_job

TRUTH_SCHEMA = "aigc-demo-truth/1"
DEMO_SIZE = 5000
SOURCE = "MNIST test set (LeCun, Cortes & Burges; CC BY-SA 3.0), 28x28"


def write_demo(out_dir: str | os.PathLike, seed: int = 0, n_clean: Optional[int] = None) -> Job[dict]:
    """A job writing the demo dataset to ``out_dir`` (created; must not hold anything), returning its truth.

    ``n_clean`` digits (default ``DEMO_SIZE``) are drawn from the bundled MNIST test set. The tree
    is built in a temporary sibling folder and renamed into place, so an interrupted run never
    leaves a half-written dataset behind.
    """
    out = check_output_folder(out_dir, "demo dataset")
    images, labels = load_mnist()
    n = min(len(images), n_clean or DEMO_SIZE)
    chosen = np.sort(np.random.default_rng(seed).permutation(len(images))[:n])
    with staged_folder(out) as tmp:
        planted = yield from plant_issues_job(images[chosen], labels[chosen], tmp, seed=seed, stage="demo")
        truth = {"schema": TRUTH_SCHEMA, "seed": seed, "source": SOURCE, **{k: planted[k] for k in (
            "n_files", "n_clean", "planted")}}
        (tmp / "truth.json").write_text(json.dumps(truth, indent=1, sort_keys=True), "utf-8")
    return truth
