"""The experiment: the same model, seed and budget trained three ways on one dirty dataset —
as is ("dirty"), after the default cleaning plan ("cleaned"), and as is but with suspect items
down-weighted by their scan scores ("robust") — and all three measured against one held-out split
of items the scan does not flag, set aside before any training.

The budget is optimizer steps, not epochs: ``epochs`` passes over the dirty training set fix the
number of steps, and the cleaned run (fewer images) takes as many steps, i.e. more passes over its
smaller set. Equal epochs would hand the dirty run more updates and bias the comparison towards it.

``run_experiment`` is a job (:mod:`aigc_desktop.core.jobs`): it yields :class:`ExperimentStage`
progress and :class:`VariantEvent` (each trainer event, tagged with its variant) and returns the
:class:`ExperimentResult`. The CLI and the GUI's wizard drive the same job, through
``core/project.experiment_in_project`` in a project.
"""
from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np

from aigc_desktop.core.data.dataset_ref import DatasetRef
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import Job, JobContext, Progress

VARIANTS = ("dirty", "cleaned", "robust")
RESULT_SCHEMA = "aigc-experiment/1"
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
    from aigc_desktop.core.cleaning.apply import outcome_summary, preview_plan
    from aigc_desktop.core.cleaning.plans import default_plan

    outcome = preview_plan(catalog, dataset_id, scan_result, default_plan())
    after = outcome.after
    position = {int(i): r for r, i in enumerate(after.item_ids.tolist())}
    rows = np.array([position[int(i)] for i in np.asarray(scan_result.item_ids).tolist()])
    return (after.included[rows].astype(bool), after.label[rows].astype(object),
            "default cleaning plan (core/cleaning): " + outcome_summary(outcome))


def robust_weights(scan_result, conditional: bool) -> np.ndarray:
    """float32 (N,) loss weights: for each issue type, falling linearly from 1 at score 0 to
    MIN_WEIGHT at the score where the scan flags the item (the lowest over types wins); and each
    duplicate group weighing as much as one item in total."""
    from aigc_desktop.core.quality.registry import get_check

    n = len(scan_result)
    weights = np.ones(n, np.float32)
    specs = {t: get_check(t) for t in scan_result.scores}
    copies = [t for t, spec in specs.items() if spec.grouped and not spec.about_labels]  # duplicate groups
    for issue_type, scores in scan_result.scores.items():
        if issue_type in copies or (specs[issue_type].about_labels and not conditional):
            continue  # duplicates are handled below; labels matter only to a conditional model
        threshold = max(scan_result.threshold(issue_type), 1e-6)
        relative = np.nan_to_num(scores.astype(np.float32)) / threshold
        weights = np.minimum(weights, np.clip(1.0 - relative, MIN_WEIGHT, 1.0))
    for issue_type in copies:
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
@dataclass
class ExperimentParams:
    """What the user chose: the model, the budget in epochs of the dirty data, the seed, and how
    the runs are measured. ``config_overrides`` sets further TrainConfig fields."""

    model: str
    epochs: int
    seed: int = 0
    conditional: bool = False
    n_samples: int = 1000
    held_out_fraction: float = 0.15
    max_held_out: int = 2000
    config_overrides: dict = field(default_factory=dict)
    feature_steps: int = 300

    def check(self) -> None:
        if self.epochs < 1:
            raise UserError("the experiment needs at least one epoch")
        if self.n_samples < 2:
            raise UserError("the experiment needs at least 2 samples per run")


@dataclass
class _Variant:
    """One of the three training sets: rows of the decoded data, with their labels and weights."""

    name: str
    rows: np.ndarray                 # bool (N,) over the decoded data
    labels: np.ndarray               # object (N,) labels as this variant sees them
    weights: Optional[np.ndarray]    # float32 (N,) loss weights, None for all ones
    description: str


@dataclass
class _Measure:
    """What every run is measured with: one extractor and one held-out split, shared by all three."""

    extractor: object
    held_pixels: np.ndarray
    held_features: np.ndarray
    paths: dict          # item id -> path, for naming memorised training images
    scan_result: object
    n_samples: int
    seed: int


def _scan_and_decode(dataset: DatasetRef, scan_result, ctx: JobContext) -> Job[tuple]:
    """A job returning (scan result, every readable included item decoded, the cleaning plan's
    labels and inclusion in scan row order, its description)."""
    from aigc_desktop.core.quality.scan import scan
    from aigc_desktop.core.training.data import prepare_data, suggested_shape

    catalog, dataset_id = yield from dataset.open(ctx)
    with catalog:
        if scan_result is None:
            yield ExperimentStage("scan", 0, 1, "scanning the dirty data")
            scan_result = yield from scan(catalog, dataset_id, None, ctx)
            yield ExperimentStage("scan", 1, 1, "scan finished")
        size, channels = suggested_shape(catalog.items(dataset_id))
        # every readable, included item decoded once; the three training sets are row subsets of it
        everything = yield from prepare_data(catalog, dataset_id, size, channels, ctx)
        included_after, label_after, cleaning = cleaned_state(catalog, dataset_id, scan_result)
    ctx.cancel.raise_if_cancelled()
    return scan_result, everything, included_after, label_after, cleaning


def run_experiment(dataset: DatasetRef, params: ExperimentParams, out_dir, ctx: JobContext,
                   scan_result=None) -> Job[ExperimentResult]:
    """Train ``params.model`` three ways on ``dataset`` and compare them: a job yielding stages and
    variant events, returning the result (also written to ``out_dir``). ``scan_result`` reuses a
    scan of the dataset instead of scanning it again."""
    from aigc_desktop.core.project import TrainRequest, training_config
    from aigc_desktop.core.evaluation.features import train_feature_extractor

    params.check()
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        raise UserError(f"{out} is not empty: choose a new folder for the experiment")
    scan_result, everything, included_after, label_after, cleaning = yield from _scan_and_decode(
        dataset, scan_result, ctx)

    scan_row = {int(i): r for r, i in enumerate(np.asarray(scan_result.item_ids).tolist())}
    rows = np.array([scan_row[int(i)] for i in everything.item_ids.tolist()])  # data row -> scan row
    pixels = everything.images.mul(255).round().byte().permute(0, 2, 3, 1).numpy()
    labels = np.asarray(scan_result.labels, object)[rows].astype(str)
    held = held_out_rows(scan_result, rows, params.held_out_fraction, params.max_held_out, params.seed)
    is_held = np.isin(rows, held)
    yield ExperimentStage("split", 1, 1, f"{int(is_held.sum())} clean items held out for evaluation")
    variants = {
        "dirty": _Variant("dirty", ~is_held, labels, None, "every readable item as imported"),
        "cleaned": _Variant("cleaned", ~is_held & included_after[rows], label_after[rows].astype(str), None,
                            cleaning),
        "robust": _Variant("robust", ~is_held, labels, robust_weights(scan_result, params.conditional)[rows],
                           "every readable item, suspect ones down-weighted by their scan scores (weight 1 at "
                           "score 0 down to 0.05 at the flag threshold; a duplicate group weighs as one item)"),
    }
    has_labels = bool((labels != "").any())
    # one class order for all three runs (that of all the data), so class i means the same in each
    class_names = list(everything.class_names)
    # the same checks as any training in a project (a conditional model needs two classes, ...)
    request = TrainRequest(params.model, {**params.config_overrides, "epochs": params.epochs, "seed": params.seed,
                                          "conditional": params.conditional})
    config = training_config(request, everything, everything.images.shape[2], everything.images.shape[1])

    # one feature extractor for all three, trained on the cleaned training images (never the held-out)
    cleaned = variants["cleaned"]
    yield ExperimentStage("features", 0, 1, "training the feature extractor")
    extractor = yield from train_feature_extractor(pixels[cleaned.rows],
                                                   cleaned.labels[cleaned.rows] if has_labels else None, ctx,
                                                   seed=params.seed, max_steps=params.feature_steps)
    yield ExperimentStage("features", 1, 1, "feature extractor ready")
    measure = _Measure(extractor, pixels[is_held], extractor.features(pixels[is_held]),
                       {int(i): str(p) for i, p in zip(np.asarray(scan_result.item_ids).tolist(),
                                                       scan_result.paths.tolist())},
                       scan_result, params.n_samples, params.seed)

    # a conditional model leaves unlabelled images out, so they take no steps
    n_items = {v.name: int((v.rows & (v.labels != "") if params.conditional else v.rows).sum())
               for v in variants.values()}
    steps, budgets = step_budget(n_items, config)
    results: dict[str, VariantResult] = {}
    for name in VARIANTS:
        variant = variants[name]
        variant_epochs, max_steps = budgets[name]
        data = _variant_data(variant, pixels, everything.item_ids, class_names if has_labels else None)
        variant_config = dataclasses.replace(config, epochs=variant_epochs, max_steps=max_steps)
        results[name] = yield from _train_and_evaluate(variant, data, pixels[variant.rows], variant_config,
                                                       out / name, measure, ctx)

    from aigc_desktop.core.evaluation.comparison import summary_text

    result = ExperimentResult(str(out), params.model, params.epochs, params.seed, len(scan_result),
                              int(is_held.sum()), scan_result.counts(), cleaning, results, steps=steps,
                              batch_size=config.batch_size)
    result.summary_text = summary_text(result.metrics(), result.n_held_out, params.seed, params.epochs,
                                       steps={name: v.steps for name, v in results.items()},
                                       batch_size=config.batch_size)
    write_experiment(result)
    yield ExperimentStage("done", 1, 1, "experiment finished")
    return result


def _variant_data(variant: _Variant, pixels: np.ndarray, item_ids: np.ndarray, class_names: Optional[list]):
    """The variant's training set as TrainData (labels only when the data have any)."""
    from aigc_desktop.core.training.data import data_from_arrays

    rows = variant.rows
    data = data_from_arrays(pixels[rows], None if class_names is None else variant.labels[rows],
                            weights=None if variant.weights is None else variant.weights[rows],
                            class_names=class_names or None, name=f"experiment {variant.name}")
    data.item_ids = np.asarray(item_ids)[rows]
    return data


def _train_and_evaluate(variant: _Variant, data, train_images: np.ndarray, config, run_dir: Path,
                        measure: _Measure, ctx: JobContext) -> Job[VariantResult]:
    """Train one variant for its step budget, then sample and measure it against the held-out split."""
    from aigc_desktop.core.evaluation.evaluate import evaluate_samples
    from aigc_desktop.core.training.checkpoints import read_json
    from aigc_desktop.core.training.events import BatchEnd
    from aigc_desktop.core.training.runs import load_generator
    from aigc_desktop.core.training.trainer import train

    name = variant.name
    yield ExperimentStage(f"train {name}", 0, config.epochs, f"training on {len(data)} images for "
                                                              f"{config.max_steps} optimizer steps of batch "
                                                              f"{config.batch_size}")
    job = train(data, config, run_dir, ctx)
    while True:
        try:
            event = next(job)
        except StopIteration as stop:
            finished = stop.value
            break
        yield VariantEvent(name, event)
        if isinstance(event, BatchEnd):
            yield ExperimentStage(f"train {name}", event.epoch - 1, config.epochs,
                                  f"epoch {event.epoch} step {event.step}/{event.total_steps}")
    yield VariantEvent(name, finished)
    if finished.reason == "cancelled":
        ctx.cancel.raise_if_cancelled()
    yield ExperimentStage(f"evaluate {name}", 0, 1, "generating and measuring samples")
    generator = load_generator(run_dir, "cpu")
    samples = generator.sample(measure.n_samples, seed=measure.seed + 1)
    evaluation = evaluate_samples(samples, measure.held_pixels, measure.extractor, train_images=train_images,
                                  train_item_ids=data.item_ids, paths=measure.paths, scan_result=measure.scan_result,
                                  held_out_for_baseline=measure.held_pixels, seed=measure.seed,
                                  real_features=measure.held_features)
    yield ExperimentStage(f"evaluate {name}", 1, 1, "measured")
    last = Path(run_dir) / "checkpoints" / "last.json"
    steps = int(read_json(last).get("global_step", 0)) if last.exists() else 0
    return VariantResult(name, str(run_dir), len(data), variant.description, finished.reason, evaluation.metrics,
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
