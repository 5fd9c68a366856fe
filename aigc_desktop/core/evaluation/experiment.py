"""The experiment: the same model, seed and budget trained three ways on one dirty dataset —
as is ("dirty"), after the default cleaning plan ("cleaned"), and as is but with suspect items
down-weighted by their scan scores ("robust") — and all three measured against one held-out split
of items the scan does not flag, set aside before any training.

The budget is optimizer steps, not epochs: ``epochs`` passes over the dirty training set fix the
number of steps, and the cleaned run (fewer images) takes as many steps, i.e. more passes over its
smaller set. Equal epochs would hand the dirty run more updates and bias the comparison towards it.

``run_experiment`` is a generator of events (:class:`ExperimentStage` progress, :class:`VariantEvent`
wrapping each trainer event) that yields, and returns, the :class:`ExperimentResult`; the CLI and
the GUI's wizard drive the same generator.
"""
from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.progress import CancelToken, Progress, ProgressCallback

VARIANTS = ("dirty", "cleaned", "robust")
RESULT_SCHEMA = "aigc-experiment/1"
DUPLICATE_TYPES = ("exact_duplicate", "near_duplicate")
LABEL_TYPES = ("label_conflict", "suspected_label_error", "missing_label")
MIN_WEIGHT = 0.05  # robust training keeps every readable item, however suspect


@dataclass(frozen=True)
class ExperimentStage(Progress):
    """A step of the experiment: scan, split, features, train <variant>, evaluate <variant>, done."""


@dataclass(frozen=True)
class VariantEvent:
    variant: str  # dirty | cleaned | robust
    event: object  # a trainer event (BatchEnd, EpochEnd, SampleGrid, TrainingWarning, RunFinished)


@dataclass
class VariantResult:
    name: str
    run_dir: str
    n_train: int
    description: str
    finished: str  # the trainer's reason: completed, diverged, ...
    metrics: dict = field(default_factory=dict)
    steps: int = 0  # optimizer steps the run took, read back from its last checkpoint
    batch_size: int = 0
    epochs: int = 0  # passes over its own training set it was allowed (the last may be partial)


@dataclass
class ExperimentResult:
    out_dir: str
    model: str
    epochs: int
    seed: int
    n_items: int
    n_held_out: int
    scan_counts: dict
    cleaning: str
    variants: dict  # name -> VariantResult
    summary_text: str = ""
    steps: int = 0  # the step budget of each run: ``epochs`` passes over the dirty training set
    batch_size: int = 0

    def metrics(self) -> dict:
        return {name: v.metrics for name, v in self.variants.items()}

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["schema"] = RESULT_SCHEMA
        return d


# ------------------------------------------------------------------------------ the three data sets
def held_out_rows(scan_result, rows_ok: np.ndarray, fraction: float, max_items: int, seed: int) -> np.ndarray:
    """Scan rows (of readable, included items no check flags) set aside for evaluation."""
    flagged = np.zeros(len(scan_result), bool)
    for issue_type in scan_result.checked:
        flagged |= scan_result.flagged(issue_type)
    candidates = rows_ok[~flagged[rows_ok]]
    n = min(max_items, int(round(fraction * len(rows_ok))), len(candidates))
    if n < 20:
        raise UserError(f"only {len(candidates)} items pass every check: too few to hold out a clean test split")
    return np.sort(np.random.default_rng(seed).choice(candidates, n, replace=False))


def cleaned_state(catalog, dataset_id: int, scan_result) -> tuple[np.ndarray, np.ndarray, str]:
    """(included bool (N,), labels object (N,), description) after the default cleaning plan, in
    scan row order, computed without writing anything into the catalog."""
    try:
        from aigc_desktop.core.cleaning.apply import outcome_summary, preview_plan
        from aigc_desktop.core.cleaning.plans import default_plan
    except ImportError:
        return _exclude_flagged(scan_result)
    outcome = preview_plan(catalog, dataset_id, scan_result, default_plan())
    after = outcome.after
    position = {int(i): r for r, i in enumerate(after.item_ids.tolist())}
    rows = np.array([position[int(i)] for i in np.asarray(scan_result.item_ids).tolist()])
    return (after.included[rows].astype(bool), after.label[rows].astype(object),
            "default cleaning plan (core/cleaning): " + outcome_summary(outcome))


def _exclude_flagged(scan_result) -> tuple[np.ndarray, np.ndarray, str]:
    """Fallback when core/cleaning is unavailable: drop every flagged item but one per duplicate group."""
    drop = np.zeros(len(scan_result), bool)
    for issue_type in scan_result.checked:
        flagged = scan_result.flagged(issue_type)
        if issue_type in scan_result.keepers:
            flagged &= ~scan_result.keepers[issue_type]
        drop |= flagged
    return (~drop, np.asarray(scan_result.labels, object),
            f"excluded {int(drop.sum())} flagged items (one kept per duplicate group)")


def robust_weights(scan_result, conditional: bool) -> np.ndarray:
    """float32 (N,) loss weights: for each issue type, falling linearly from 1 at score 0 to
    MIN_WEIGHT at the score where the scan flags the item (the lowest over types wins); and each
    duplicate group weighing as much as one item in total."""
    n = len(scan_result)
    weights = np.ones(n, np.float32)
    for issue_type, scores in scan_result.scores.items():
        if issue_type in DUPLICATE_TYPES or (issue_type in LABEL_TYPES and not conditional):
            continue  # duplicates are handled below; labels matter only to a conditional model
        threshold = max(scan_result.threshold(issue_type), 1e-6)
        relative = np.nan_to_num(scores.astype(np.float32)) / threshold
        weights = np.minimum(weights, np.clip(1.0 - relative, MIN_WEIGHT, 1.0))
    for issue_type in DUPLICATE_TYPES:
        groups = scan_result.groups.get(issue_type)
        if groups is None:
            continue
        members = groups >= 0
        sizes = np.bincount(groups[members]) if members.any() else np.zeros(0, int)
        weights[members] = np.minimum(weights[members], 1.0 / sizes[groups[members]])
    return weights.astype(np.float32)


def step_budget(n_items: dict, config) -> tuple[int, dict]:
    """(steps, {variant: (epochs, max_steps)}): ``config.epochs`` passes over the dirty set's
    training split fix the steps; every variant gets that many, in as many epochs as it needs."""
    from aigc_desktop.core.training.trainer import split_indices, steps_per_epoch

    def per_epoch(n: int) -> int:
        n_train = len(split_indices(n, config.val_fraction, config.seed)[0])
        return steps_per_epoch(n_train, config) if n_train else 0

    steps = config.epochs * per_epoch(n_items["dirty"])
    if steps < 1:
        raise UserError("the dirty training set is too small for one optimizer step")
    budgets = {}
    for name, n in n_items.items():
        if per_epoch(n) < 1:
            raise UserError(f"the {name} training set is too small for one optimizer step")
        budgets[name] = (math.ceil(steps / per_epoch(n)), steps)
    return steps, budgets


# ------------------------------------------------------------------------------ the experiment
def _open(dataset, progress):
    from aigc_desktop.core.data.catalog import Catalog, open_dataset

    if isinstance(dataset, tuple):
        return dataset[0], int(dataset[1]), False
    if isinstance(dataset, Catalog):
        datasets = dataset.datasets()
        if not datasets:
            raise UserError("the project holds no dataset")
        return dataset, datasets[-1].id, False
    catalog, dataset_id = open_dataset(dataset, progress=progress)
    return catalog, dataset_id, True


def run_experiment(dataset, model: str, epochs: int, out_dir, seed: int = 0,
                   progress: Optional[ProgressCallback] = None, cancel: Optional[CancelToken] = None,
                   conditional: bool = False, n_samples: int = 1000, held_out_fraction: float = 0.15,
                   max_held_out: int = 2000, config_overrides: Optional[dict] = None, scan_result=None,
                   feature_steps: int = 300):
    """Train ``model`` three ways on ``dataset`` (a path, a Catalog (its latest dataset) or a
    (catalog, dataset_id) pair) and compare them; a generator of events, returning the result."""
    from aigc_desktop.core.training.config import default_config
    from aigc_desktop.core.training.data import prepare_data, suggested_shape

    if epochs < 1:
        raise UserError("the experiment needs at least one epoch")
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        raise UserError(f"{out} is not empty: choose a new folder for the experiment")

    def stage(name: str, done: int, total: int, message: str = "") -> ExperimentStage:
        event = ExperimentStage(name, done, total, message)
        if progress is not None:
            progress(event)
        return event

    catalog, dataset_id, owned = _open(dataset, progress)
    try:
        if scan_result is None:
            from aigc_desktop.core.quality.scan import iter_scan

            yield stage("scan", 0, 1, "scanning the dirty data")
            for event in iter_scan(catalog, dataset_id, cancel=cancel):
                if isinstance(event, Progress):  # ScanProgress
                    if progress is not None:
                        progress(event)
                    yield event
                else:
                    scan_result = event
            yield stage("scan", 1, 1, "scan finished")
        items = catalog.items(dataset_id)
        size, channels = suggested_shape(items)
        # every readable, included item decoded once; the three training sets are row subsets of it
        everything = prepare_data(catalog, dataset_id, size, channels, progress=progress, cancel=cancel)
        included_after, label_after, cleaning = cleaned_state(catalog, dataset_id, scan_result)
        if cancel is not None:
            cancel.raise_if_cancelled()
    finally:
        if owned:
            catalog.close()

    scan_row = {int(i): r for r, i in enumerate(np.asarray(scan_result.item_ids).tolist())}
    rows = np.array([scan_row[int(i)] for i in everything.item_ids.tolist()])  # data row -> scan row
    pixels = everything.images.mul(255).round().byte().permute(0, 2, 3, 1).numpy()
    labels = np.asarray(scan_result.labels, object)[rows].astype(str)
    held = held_out_rows(scan_result, rows, held_out_fraction, max_held_out, seed)
    is_held = np.isin(rows, held)
    yield stage("split", 1, 1, f"{int(is_held.sum())} clean items held out for evaluation")
    weights = robust_weights(scan_result, conditional)[rows]
    selections = {
        "dirty": (~is_held, labels, None, "every readable item as imported"),
        "cleaned": (~is_held & included_after[rows], label_after[rows].astype(str), None, cleaning),
        "robust": (~is_held, labels, weights, "every readable item, suspect ones down-weighted by their scan "
                                              "scores (weight 1 at score 0 down to 0.05 at the flag threshold; "
                                              "a duplicate group weighs as one item)"),
    }
    has_labels = bool((labels != "").any())
    from aigc_desktop.core.training.data import _label_indices

    # one class order for all three runs, so class i means the same in each
    class_names = _label_indices(labels)[1] if has_labels else []
    overrides = dict(config_overrides or {})
    overrides.update(epochs=epochs, seed=seed, image_size=size, channels=channels,
                     conditional=conditional, n_classes=len(class_names))
    config = default_config(model, **overrides)

    # one feature extractor for all three, trained on the cleaned training images (never the held-out)
    from aigc_desktop.core.evaluation.features import train_feature_extractor

    clean_rows = selections["cleaned"][0]
    yield stage("features", 0, 1, "training the feature extractor")
    extractor = train_feature_extractor(pixels[clean_rows], selections["cleaned"][1][clean_rows] if has_labels
                                        else None, seed=seed, max_steps=feature_steps, cancel=cancel)
    yield stage("features", 1, 1, "feature extractor ready")
    held_pixels = pixels[is_held]
    held_features = extractor.features(held_pixels)
    paths = {int(i): str(p) for i, p in zip(np.asarray(scan_result.item_ids).tolist(), scan_result.paths.tolist())}

    # a conditional model leaves unlabelled images out, so they take no steps
    n_items = {name: int((mask & (names != "") if conditional else mask).sum())
               for name, (mask, names, _, _) in selections.items()}
    steps, budgets = step_budget(n_items, config)
    results: dict[str, VariantResult] = {}
    for name in VARIANTS:
        mask, variant_labels, variant_weights, description = selections[name]
        variant_epochs, max_steps = budgets[name]
        variant_config = dataclasses.replace(config, epochs=variant_epochs, max_steps=max_steps)
        variant = yield from _train_and_evaluate(
            name, out / name, variant_config, pixels[mask], variant_labels[mask] if has_labels else None,
            None if variant_weights is None else variant_weights[mask], class_names, everything.item_ids[mask],
            description, extractor, held_pixels, held_features, paths, scan_result, n_samples, seed, progress,
            cancel, stage)
        results[name] = variant

    from aigc_desktop.core.evaluation.comparison import summary_text

    result = ExperimentResult(str(out), model, epochs, seed, len(scan_result), int(is_held.sum()),
                              scan_result.counts(), cleaning, results, steps=steps, batch_size=config.batch_size)
    result.summary_text = summary_text(result.metrics(), result.n_held_out, seed, epochs,
                                       steps={name: v.steps for name, v in results.items()},
                                       batch_size=config.batch_size)
    write_experiment(result)
    yield stage("done", 1, 1, "experiment finished")
    yield result
    return result


def _train_and_evaluate(name, run_dir, config, images, labels, weights, class_names, item_ids, description, extractor,
                        held_pixels, held_features, paths, scan_result, n_samples, seed, progress, cancel, stage):
    from aigc_desktop.core.evaluation.evaluate import evaluate_samples
    from aigc_desktop.core.training.checkpoints import read_json
    from aigc_desktop.core.training.data import data_from_arrays
    from aigc_desktop.core.training.events import BatchEnd, RunFinished
    from aigc_desktop.core.training.runs import load_generator
    from aigc_desktop.core.training.trainer import train

    data = data_from_arrays(images, labels, weights=weights, class_names=class_names or None,
                            name=f"experiment {name}")
    data.item_ids = np.asarray(item_ids)
    finished = "unknown"
    yield stage(f"train {name}", 0, config.epochs, f"training on {len(data)} images for {config.max_steps} "
                                                   f"optimizer steps of batch {config.batch_size}")
    for event in train(data, config, run_dir, cancel=cancel):
        yield VariantEvent(name, event)
        if isinstance(event, BatchEnd) and progress is not None:
            progress(Progress(f"train {name}", event.epoch - 1, config.epochs,
                              f"epoch {event.epoch} step {event.step}/{event.total_steps}"))
        if isinstance(event, RunFinished):
            finished = event.reason
            if event.reason == "cancelled" and cancel is not None:
                cancel.raise_if_cancelled()
    yield stage(f"evaluate {name}", 0, 1, "generating and measuring samples")
    generator = load_generator(run_dir, "cpu")
    samples = generator.sample(n_samples, seed=seed + 1)
    evaluation = evaluate_samples(samples, held_pixels, extractor, train_images=images, train_item_ids=item_ids,
                                  paths=paths, scan_result=scan_result, held_out_for_baseline=held_pixels,
                                  seed=seed, real_features=held_features)
    yield stage(f"evaluate {name}", 1, 1, "measured")
    last = Path(run_dir) / "checkpoints" / "last.json"
    steps = int(read_json(last).get("global_step", 0)) if last.exists() else 0
    return VariantResult(name, str(run_dir), len(data), description, finished, evaluation.metrics,
                         steps=steps, batch_size=config.batch_size, epochs=config.epochs)


def write_experiment(result: ExperimentResult) -> None:
    from aigc_desktop.core.evaluation.comparison import markdown_table
    from aigc_desktop.core.evaluation.evaluate import NOTES
    from aigc_desktop.core.atomic import atomic_write as _atomic_write, write_json

    out = Path(result.out_dir)
    write_json(out / "experiment.json", json.loads(json.dumps(result.to_dict(), default=float)))
    lines = [f"# Experiment: dirty vs cleaned vs robust ({result.model.upper()}, {result.steps} optimizer steps "
             f"of batch {result.batch_size} = {result.epochs} epochs of the dirty data, seed {result.seed})", "",
             result.summary_text, "", markdown_table(result.metrics()), "", "## The three runs", ""]
    for v in result.variants.values():
        lines.append(f"- **{v.name}** (`{Path(v.run_dir).name}/`, {v.n_train} images, {v.steps} optimizer steps "
                     f"of batch {v.batch_size} in up to {v.epochs} epochs, {v.finished}): {v.description}")
    lines += ["", f"Held out for evaluation: {result.n_held_out} of {result.n_items} items, chosen at random "
              "among those no check flags, before any training.", "",
              "Scan findings: " + (", ".join(f"{k} {v}" for k, v in result.scan_counts.items() if v) or "none"),
              "", "## How each metric was computed", ""]
    lines += [f"- **{k}**: {text}" for k, text in NOTES.items()]
    text = "\n".join(lines) + "\n"
    _atomic_write(out / "summary.md", lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
