"""Evaluate one trained run: sample it and measure the samples against a dataset, as
``aigc evaluate`` and the Gallery's Compare Runs both do (through ``core/project.evaluate``).

The datasets are named by :class:`~aigc_desktop.core.data.dataset_ref.DatasetRef`: a path of any
dataset (a project file means its latest dataset), or a project file with a dataset id.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import numpy as np

from aigc_desktop.core.data.dataset_ref import DatasetRef
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import Job, JobContext, Progress


def _load(ref: DatasetRef, size: int, channels: int, scan_duplicates: bool, ctx: JobContext) -> Job[tuple]:
    """A job returning (data, {item id: path}, name, scan result or None) of ``ref`` at the generator's shape."""
    from aigc_desktop.core.quality.scan import scan
    from aigc_desktop.core.training.data import prepare_data

    catalog, dataset_id = yield from ref.open(ctx, read_only=True)
    with catalog:
        data = yield from prepare_data(catalog, dataset_id, size, channels, ctx)
        items = catalog.items(dataset_id)
        paths = {int(i): str(p) for i, p in zip(items.ids.tolist(), items.path.tolist())}
        name = catalog.dataset(dataset_id).name if ref.dataset_id is not None else str(ref.path)
        scan_result = None
        if scan_duplicates:
            scan_result = yield from scan(catalog, dataset_id, ["exact_duplicate", "near_duplicate"], ctx)
        return data, paths, name, scan_result


def pixels(data) -> np.ndarray:
    """uint8 (N, H, W, C) images of prepared training data."""
    return data.images.mul(255).round().byte().permute(0, 2, 3, 1).numpy()


def label_names(data) -> Optional[np.ndarray]:
    if data.labels is None:
        return None
    names = np.array(list(data.class_names) + [""], object)
    return names[data.labels.numpy()]  # -1 (no label) -> ""


def evaluate_run(run_dir, data: DatasetRef, ctx: JobContext, train: Optional[DatasetRef] = None, *,
                 checkpoint: str = "last", device: str = "cpu", n_samples: int = 1000, seed: int = 0,
                 max_real: Optional[int] = None, scan_duplicates: bool = True, generator=None, out=None) -> Job[dict]:
    """A job returning the metrics (``aigc-metrics/1`` plus where they came from) of ``n_samples``
    samples of the run against ``data``; memorisation against ``train`` (default: ``data``).
    ``max_real`` caps the real images (a seeded random subset); ``generator`` reuses an already
    loaded one; ``out`` is written atomically as JSON when given."""
    from aigc_desktop.core.evaluation.evaluate import evaluate_samples
    from aigc_desktop.core.evaluation.features import train_feature_extractor
    from aigc_desktop.core.training.runs import load_generator, load_run

    if n_samples < 2:
        raise UserError("evaluate at least 2 samples")
    info = load_run(run_dir)
    gen = generator if generator is not None else load_generator(run_dir, device, checkpoint)
    size, channels = gen.image_size, gen.channels
    yield Progress("data", 0, 0, "reading the dataset")
    # without separate training data the evaluation data are scanned, as the training set
    real, paths, data_name, scan_result = yield from _load(data, size, channels, scan_duplicates and train is None,
                                                           ctx)
    train_data, train_name = real, data_name
    if train is not None:
        train_data, paths, train_name, scan_result = yield from _load(train, size, channels, scan_duplicates, ctx)
    real_pixels, real_labels = pixels(real), label_names(real)
    if max_real is not None and len(real_pixels) > max_real:
        keep = np.sort(np.random.default_rng(seed).choice(len(real_pixels), max_real, replace=False))
        real_pixels = real_pixels[keep]
        real_labels = None if real_labels is None else real_labels[keep]
    ctx.cancel.raise_if_cancelled()
    yield Progress("features", 0, 0, "training the feature extractor")
    extractor = yield from train_feature_extractor(real_pixels, real_labels, ctx, seed=seed)
    ctx.cancel.raise_if_cancelled()
    yield Progress("samples", 0, 0, "sampling the run")
    samples = gen.sample(n_samples, seed=seed)
    ctx.cancel.raise_if_cancelled()
    yield Progress("metrics", 0, 0, "measuring")
    evaluation = evaluate_samples(samples, real_pixels, extractor, train_images=pixels(train_data),
                                  train_item_ids=train_data.item_ids, paths=paths, scan_result=scan_result,
                                  held_out_for_baseline=None if train is None else real_pixels, seed=seed)
    same = bool(info.fingerprint) and train_data.fingerprint == info.fingerprint
    metrics = {"run_dir": str(Path(run_dir).resolve()), "checkpoint": checkpoint, "model": gen.kind,
               "epochs_done": info.epochs_done, "seed": seed, "sample_seed": seed, "data": data_name,
               "dataset": data_name, "train_data": train_name, **evaluation.metrics}
    metrics["notes"] = dict(metrics["notes"], data=(
        "samples are compared with the evaluation data (data); memorisation with the training data (train_data, "
        "default: the evaluation data)"
        + (f", {len(real_pixels)} of {len(real)} real images chosen at random" if len(real_pixels) < len(real) else "")
        + ". "
        + ("The run's recorded data fingerprint matches the training data, so it is the run's own training set."
           if same else "The run's recorded data fingerprint does not match these data: they may not be "
                        "the run's training set.")
        + ("" if train is not None else " With the evaluation data as the training set, FD/precision/recall measure "
                                        "fit to the training data, not generalisation: evaluate on a held-out set "
                                        "and pass the training set separately for that.")),
        duplicate_groups="memorised samples are linked to duplicate groups of a scan of the training data"
        if scan_result is not None else "no scan: memorised samples are not linked to duplicate groups")
    if out is not None:
        from aigc_desktop.core.quality.result import write_report

        write_report(metrics, out)
    return metrics
