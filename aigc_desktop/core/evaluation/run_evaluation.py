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
from aigc_desktop.core.guards import check_output_file, display, protected_dataset, protected_run_and_data
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


def _check_informative(images: np.ndarray, what: str, name: str) -> None:
    """The metrics compare images with one another: at least two must not be one flat colour."""
    flat = images.reshape(len(images), -1)
    informative = int((flat.max(axis=1) != flat.min(axis=1)).sum()) if len(flat) else 0
    if informative < 2:
        raise UserError(f"the {what} ({display(name)}) hold {informative} image(s) that are not blank (one flat "
                        f"colour) among {len(images)}; at least 2 are needed to measure a run against them")


def pixels(data) -> np.ndarray:
    """uint8 (N, H, W, C) images of prepared training data."""
    return data.images.mul(255).round().byte().permute(0, 2, 3, 1).numpy()


def label_names(data) -> Optional[np.ndarray]:
    if data.labels is None:
        return None
    names = np.array(list(data.class_names) + [""], object)
    return names[data.labels.numpy()]  # -1 (no label) -> ""


def sample_run(gen, n: int, seed: int) -> tuple[np.ndarray, Optional[np.ndarray]]:
    """(uint8 samples, the class name each was generated for, or None): a conditional generator is
    asked for its classes in turn, and the labels are kept for label consistency."""
    from aigc_desktop.core.training.devices import torch_threads

    with torch_threads(1):  # batches of a small generator: one thread is faster than two on a busy machine
        if not gen.conditional:
            return gen.sample(n, seed=seed), None
        asked = np.arange(n) % max(1, gen.config.n_classes)
        names = np.array([gen.class_names[i] if i < len(gen.class_names) else str(i) for i in asked], object)
        return gen.sample(n, seed=seed, labels=asked), names


def _held_out(train, info, max_real: Optional[int], seed: int) -> tuple[np.ndarray, np.ndarray, str]:
    """(held-out rows, training rows, how they were chosen) of the run's data when there is no reference."""
    from aigc_desktop.core.training.trainer import data_split

    n = len(train)
    if info.fingerprint and train.fingerprint == info.fingerprint:
        train_rows, val_rows = data_split(train.labels, n, info.config)
        if len(val_rows) >= 20:
            how = (f"no reference given: the samples are measured against the run's own validation split "
                   f"({len(val_rows)} images it never trained on)")
            return val_rows, train_rows, how
    rng = np.random.default_rng(seed)
    order = rng.permutation(n)
    n_held = min(max(20, int(round(0.15 * n))), n // 2)
    how = (f"no reference given and these are not the run's recorded training data (or its validation split is "
           f"too small): {n_held} images chosen at random stand in for held-out data; the run may have trained "
           f"on them, so memorisation and C_T can read too high")
    return np.sort(order[:n_held]), np.sort(order[n_held:]), how


def evaluate_run(run_dir, data: DatasetRef, ctx: JobContext, reference: Optional[DatasetRef] = None, *,
                 checkpoint: str = "last", device: str = "cpu", n_samples: int = 1000, seed: int = 0,
                 max_real: Optional[int] = 5000, scan_duplicates: bool = True, generator=None,
                 out=None) -> Job[dict]:
    """A job returning the metrics (``aigc-metrics/2`` plus where they came from) of ``n_samples``
    samples of the run. ``data`` is the run's training data: memorisation and C_T compare the samples
    with it. ``reference`` is a trusted held-out dataset the samples are measured against, whose
    classifier also judges label consistency; without one, the run's validation split of ``data``
    plays that part. ``max_real`` caps the held-out images (a seeded random subset); ``generator``
    reuses an already loaded one; ``out`` is written atomically as JSON when given."""
    from aigc_desktop.core.evaluation.evaluate import evaluate_samples
    from aigc_desktop.core.evaluation.features import train_feature_extractor
    from aigc_desktop.core.training.runs import load_generator, load_run

    if n_samples < 8:
        raise UserError("evaluate at least 8 samples")
    if out is not None:  # before any work: never into a dataset or over the run's own files
        protect = protected_run_and_data(run_dir).extend(protected_dataset(data.path))
        if reference is not None:
            protect.extend(protected_dataset(reference.path))
        out = check_output_file(out, "metrics file", protect)
    info = load_run(run_dir)
    gen = generator if generator is not None else load_generator(run_dir, device, checkpoint)
    size, channels = gen.image_size, gen.channels
    yield Progress("data", 0, 0, "reading the training data")
    train, paths, data_name, scan_result = yield from _load(data, size, channels, scan_duplicates, ctx)
    train_pixels, train_labels = pixels(train), label_names(train)
    _check_informative(train_pixels, "training data", data_name)
    if reference is not None:
        yield Progress("data", 0, 0, "reading the reference data")
        held, _, reference_name, _ = yield from _load(reference, size, channels, False, ctx)
        real_pixels, real_labels = pixels(held), label_names(held)
        _check_informative(real_pixels, "reference data", reference_name)
        train_rows = np.arange(len(train_pixels))
        how = f"measured against the reference dataset {reference_name}, which the run did not train on"
        # the classifier that judges the samples is trained on the trusted data
        extractor_images, extractor_labels = real_pixels, real_labels
    else:
        held_rows, train_rows, how = _held_out(train, info, max_real, seed)
        real_pixels = train_pixels[held_rows]
        real_labels = None if train_labels is None else train_labels[held_rows]
        reference_name = None
        extractor_images, extractor_labels = train_pixels, train_labels
    if max_real is not None and len(real_pixels) > max_real:
        keep = np.sort(np.random.default_rng(seed).choice(len(real_pixels), max_real, replace=False))
        real_pixels = real_pixels[keep]
        real_labels = None if real_labels is None else real_labels[keep]
    if len(real_pixels) < 16:
        raise UserError(f"only {len(real_pixels)} held-out real images: the evaluation needs at least 16 "
                        "(pass a larger --reference dataset)")
    ctx.check()
    # cached per dataset content: evaluating another run of the same data version reuses it
    extractor = yield from train_feature_extractor(extractor_images, extractor_labels, ctx)
    ctx.check()
    yield Progress("samples", 0, 0, "sampling the run")
    samples, sample_labels = sample_run(gen, n_samples, seed)
    ctx.check()
    yield Progress("metrics", 0, 0, "measuring the samples")
    try:
        evaluation = evaluate_samples(samples, real_pixels, extractor, sample_labels=sample_labels,
                                      real_labels=real_labels, train_images=train_pixels[train_rows],
                                      train_item_ids=train.item_ids[train_rows], paths=paths, scan_result=scan_result,
                                      seed=seed)
    except ValueError as exc:  # the metrics' own "not enough to measure" checks
        raise UserError(f"cannot evaluate on these data: {exc}") from None
    same = bool(info.fingerprint) and train.fingerprint == info.fingerprint
    metrics = {"run_dir": str(Path(run_dir).resolve()), "checkpoint": checkpoint, "model": gen.kind,
               "epochs_done": info.epochs_done, "seed": seed, "sample_seed": seed, "data": data_name,
               "reference": reference_name, **evaluation.metrics}
    metrics["notes"] = dict(metrics["notes"], data=(
        how + ". " + ("The run's recorded data fingerprint matches the training data." if same else
                      "The run's recorded data fingerprint does not match these data: they may not be the run's "
                      "training set.")
        + ("" if reference is not None else " Without a trusted reference, the classifier behind label consistency "
                                            "and semantic hallucination learnt these data's own labels.")),
        duplicate_groups="memorised samples are linked to duplicate groups of a scan of the training data"
        if scan_result is not None else "no scan: memorised samples are not linked to duplicate groups")
    if out is not None:
        from aigc_desktop.core.quality.result import write_report

        write_report(metrics, out)
    return metrics


def memorised_pairs(run_dir, data: DatasetRef, ctx: JobContext, metrics: Optional[dict] = None,
                    limit: int = 48) -> Job[list]:
    """A job returning, for the samples an evaluation flagged as memorised (``metrics``, by default
    ``RUN_DIR/metrics.json``), the sample beside its nearest training image: [(sample uint8 (H, W, C),
    training image or None, record)]. The samples are drawn again with the evaluation's seed; the
    training images are read from ``data`` by item id (None for an item that is not in it)."""
    from aigc_desktop.core.training.data import prepare_data
    from aigc_desktop.core.training.run_files import read_json
    from aigc_desktop.core.training.runs import load_generator

    if metrics is None:
        path = Path(run_dir) / "metrics.json"
        if not path.exists():
            raise UserError(f"{Path(run_dir).name} has not been evaluated yet")
        metrics = read_json(path)
    records = ((metrics.get("details") or {}).get("memorised") or [])[:limit]
    if not records:
        return []
    gen = load_generator(run_dir, "cpu", metrics.get("checkpoint", "last"))
    yield Progress("samples", 0, 0, "drawing the samples again")
    samples, _ = sample_run(gen, int(metrics["n_samples"]), int(metrics.get("sample_seed", metrics.get("seed", 0))))
    wanted = [int(r["item_id"]) for r in records if "item_id" in r]
    images: dict = {}
    if wanted:
        catalog, dataset_id = yield from data.open(ctx, read_only=True)
        with catalog:
            known = set(np.asarray(catalog.items(dataset_id).ids).tolist())
            ids = [i for i in wanted if i in known]
            if ids:
                train = yield from prepare_data(catalog, dataset_id, gen.image_size, gen.channels, ctx, item_ids=ids,
                                                only_included=False)
                images = dict(zip(np.asarray(train.item_ids).tolist(), pixels(train)))
    return [(samples[int(r["sample"])], images.get(r.get("item_id")), r) for r in records]
