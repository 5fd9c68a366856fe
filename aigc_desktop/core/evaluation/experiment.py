"""The experiment: does dirty data make the generator hallucinate, and does cleaning help?

The same model is trained on the dirty data ("dirty", version 0 unless chosen), on the cleaned data
("cleaned") and on the dirty data with suspect items down-weighted ("robust"), for several seeds,
each run with the same number of optimizer steps (equal epochs would hand the larger dirty set more
updates), and every run is measured against the same held-out real images (``experiment_data``).
Per variant the metrics are averaged over the seeds with a 95% interval; cleaned and robust are
compared with dirty seed by seed, and a verdict is given only where the interval of the difference
excludes 0 (``comparison``).

Dose-response mode (``plant``): a *clean* dataset gets dirt planted at each rate by the planting
module, and the three variants are trained at every rate; ``dose_response.png`` plots each headline
metric against the rate with its interval band.

``run_experiment`` is a job (:mod:`aigc_desktop.core.jobs`): it yields :class:`ExperimentStage`
progress and :class:`VariantEvent` (each trainer event, tagged with its variant and seed) and returns
the :class:`ExperimentResult`, written as ``experiment.json`` (schema ``aigc-experiment/2``),
``summary.md`` and, for a dose-response, ``dose_response.png``.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np

from aigc_desktop.core.data.dataset_ref import DatasetRef
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.validation import check_seed
from aigc_desktop.core.evaluation import experiment_data as xd
from aigc_desktop.core.jobs import Job, JobContext, Progress

VARIANTS = ("dirty", "cleaned", "robust")
RESULT_SCHEMA = "aigc-experiment/2"
DEFAULT_SEEDS = (0, 1, 2)


@dataclass(frozen=True)
class ExperimentStage(Progress):
    """A step of the experiment: plant, scan, split, features, train <variant>, evaluate <variant>, done."""


@dataclass(frozen=True)
class VariantEvent:
    variant: str  # dirty | cleaned | robust
    event: object  # a trainer event (BatchEnd, EpochEnd, SampleGrid, TrainingWarning, RunFinished)
    seed: int = 0
    rate: Optional[float] = None  # the dirt rate, in dose-response mode


@dataclass
class ExperimentParams:
    """What the user chose. The budget is ``steps`` optimizer steps per run, or, when not given,
    ``epochs`` passes over the dirty training set (the model's default epochs when neither is)."""

    model: str
    epochs: Optional[int] = None
    steps: Optional[int] = None
    seeds: tuple = DEFAULT_SEEDS
    conditional: bool = False
    n_samples: int = 1000
    held_out_fraction: float = 0.15
    max_held_out: int = 2000
    config_overrides: dict = field(default_factory=dict)
    feature_steps: int = 300
    reference: Optional[DatasetRef] = None  # trusted held-out images (e.g. a test set)
    plant: tuple = ()  # dirt rates: dose-response mode, on a clean dataset
    dirty_version: Optional[int] = None  # default: version 0, the import
    cleaned_version: Optional[int] = None  # default: the current version (the default plan if that is 0)

    def check(self) -> None:
        if self.epochs is not None and self.epochs < 1:
            raise UserError("the experiment needs at least one epoch")
        if self.steps is not None and self.steps < 1:
            raise UserError("the experiment needs at least one optimizer step per run")
        if not self.seeds or len(set(self.seeds)) != len(self.seeds):
            raise UserError("give one or more distinct seeds, e.g. 0,1,2")
        for seed in self.seeds:
            check_seed(seed, "each seed")
        if self.n_samples < 16:
            raise UserError("the experiment needs at least 16 samples per run")
        if any(not 0 <= r <= 5 for r in self.plant) or len(set(self.plant)) != len(self.plant):
            raise UserError("dirt rates are distinct numbers from 0 to 5 (0.1 = as many dirty files as 10% of the "
                            "clean images), e.g. 0,0.1,0.3")
        if self.plant and (self.dirty_version is not None or self.cleaned_version is not None):
            raise UserError("a dose-response plants its own dirt: do not choose versions with it")


@dataclass
class RunResult:
    seed: int
    run_dir: str
    steps: int  # optimizer steps the run took, read back from its last checkpoint
    epochs: int  # passes over its own training set it was allowed (the last may be partial)
    finished: str  # the trainer's reason: completed, diverged, ...
    metrics: dict  # the headline keys with their intervals and floors (everything: RUN_DIR/metrics.json)


@dataclass
class VariantResult:
    name: str
    description: str
    n_train: int
    runs: list = field(default_factory=list)  # RunResult, one per seed
    summary: dict = field(default_factory=dict)  # metric -> {mean, ci95, per_seed}


@dataclass
class DoseResult:
    rate: Optional[float]  # the planted dirt rate; None for a dataset as it is
    counts: dict  # items in the dirty and the cleaned data
    cleaning: str
    held_out: str
    scan_counts: dict
    variants: dict  # name -> VariantResult
    comparisons: list = field(default_factory=list)  # comparison.Comparison
    real_floor: dict = field(default_factory=dict)  # metric -> value, from the first run


@dataclass
class ExperimentResult:
    out_dir: str
    model: str
    conditional: bool
    seeds: list
    steps: int  # the step budget of each run
    batch_size: int
    reference: Optional[str]
    doses: list  # DoseResult; one for a dataset as it is
    summary: list = field(default_factory=list)  # bullet sentences

    @property
    def variants(self) -> dict:
        return self.doses[0].variants

    @property
    def summary_text(self) -> str:
        return "\n".join(f"- {line}" for line in self.summary)

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["schema"] = RESULT_SCHEMA
        d["comparisons"] = [{**c, "rate": dose["rate"]} for dose in d["doses"] for c in dose["comparisons"]]
        if len(self.doses) == 1 and self.doses[0].rate is None:
            d.update({k: d["doses"][0][k] for k in ("variants", "counts", "cleaning", "held_out", "scan_counts")})
        return d


def step_budget(n_items: dict, config, steps: Optional[int] = None) -> tuple[int, dict]:
    """(steps, {variant: epochs}): ``steps`` per run, by default ``config.epochs`` passes over the
    dirty set's training split; every variant gets that many, in as many epochs as it needs."""
    from aigc_desktop.core.training.trainer import split_indices, steps_per_epoch

    def per_epoch(n: int) -> int:
        n_train = len(split_indices(n, config.val_fraction, config.seed)[0])
        return steps_per_epoch(n_train, config) if n_train else 0

    steps = steps if steps is not None else config.epochs * per_epoch(n_items["dirty"])
    if steps < 1:
        raise UserError("the dirty training set is too small for one optimizer step")
    epochs = {}
    for name, n in n_items.items():
        if per_epoch(n) < 1:
            raise UserError(f"the {name} training set is too small for one optimizer step")
        epochs[name] = math.ceil(steps / per_epoch(n))
    return steps, epochs


def _compact(metrics: dict) -> dict:
    from aigc_desktop.core.evaluation.metric_info import KEYS

    return {**{k: metrics[k] for k in KEYS if k in metrics},
            **{k: metrics[k] for k in ("ci95", "real_floor", "details") if k in metrics}}


# ------------------------------------------------------------------------------ the experiment
def run_experiment(dataset: DatasetRef, params: ExperimentParams, out_dir, ctx: JobContext,
                   scan_result=None) -> Job[ExperimentResult]:
    """Train ``params.model`` three ways per seed (and dirt rate) and compare them: a job yielding stages
    and variant events, returning the result (also written to ``out_dir``). ``scan_result`` reuses a
    scan of the dataset instead of scanning it again."""
    from aigc_desktop.core.evaluation.features import train_feature_extractor
    from aigc_desktop.core.evaluation.report import write_experiment

    from aigc_desktop.core.guards import check_output_folder, protected_dataset

    params.check()  # bad settings fail now, not after the first run has trained
    protect = protected_dataset(dataset.path)
    if params.reference is not None:
        protect.extend(protected_dataset(params.reference.path))
    out = check_output_folder(out_dir, "experiment", protect)
    if params.plant:
        yield ExperimentStage("data", 0, 1, "reading the clean data")
        clean_pixels, clean_labels = yield from xd.load_clean(dataset, ctx)
        reference = yield from _load_reference(params.reference, clean_pixels.shape, ctx)
        held_out, keep = _held_out_of_clean(clean_pixels, clean_labels, reference, params)
        clean_pixels, clean_labels = clean_pixels[keep], clean_labels[keep]
        extractor_images, extractor_labels = clean_pixels, clean_labels
    else:
        yield ExperimentStage("data", 0, 1, "reading the two versions and scanning them")
        pixels, item_ids, dirty, cleaned, cleaning, scan_result, paths = yield from xd.load_versions(
            dataset, params.dirty_version, params.cleaned_version, scan_result, ctx)
        reference = yield from _load_reference(params.reference, pixels.shape, ctx)
        data = xd.build(pixels, item_ids, dirty, cleaned, cleaning, scan_result, paths, reference, params.conditional,
                        params.held_out_fraction, params.max_held_out, params.seeds[0])
        held_out = data.held_out
        extractor_images, extractor_labels = held_out.trusted_pixels, held_out.trusted_labels
    yield ExperimentStage("split", 1, 1, held_out.description)
    has_labels = held_out.trusted_labels is not None and bool((held_out.trusted_labels != "").any())
    yield ExperimentStage("features", 0, 1, "training the feature extractor on trusted images")
    extractor = yield from train_feature_extractor(extractor_images, extractor_labels if has_labels else None, ctx,
                                                   max_steps=params.feature_steps)
    held_features = extractor.features(held_out.pixels)
    yield ExperimentStage("features", 1, 1, "feature extractor ready")

    doses, budget, batch_size = [], 0, 0
    for rate in (params.plant or (None,)):
        if rate is not None:
            folder = out / "data" / f"dirt-{rate:g}"
            data = yield from xd.planted(clean_pixels, clean_labels, rate, folder, held_out, params.conditional,
                                         params.seeds[0], ctx)
        dose, budget, batch_size = yield from _dose(data, rate, params, extractor, held_features, out, ctx)
        doses.append(dose)

    from aigc_desktop.core.evaluation.report import summary_bullets

    result = ExperimentResult(str(out), params.model, params.conditional, list(params.seeds), budget, batch_size,
                              None if params.reference is None else str(params.reference.path), doses)
    result.summary = summary_bullets(result)
    write_experiment(result)
    yield ExperimentStage("done", 1, 1, "experiment finished")
    return result


def _load_reference(ref: Optional[DatasetRef], shape: tuple, ctx: JobContext) -> Job[Optional[xd.HeldOut]]:
    """The reference dataset's included images, decoded at the experiment's ``shape`` (N, H, W, C),
    as the held-out images and as the trusted images the classifier learns; None without one."""
    from aigc_desktop.core.training.data import prepare_data

    if ref is None:
        return None
    yield ExperimentStage("reference", 0, 1, "reading the reference data")
    catalog, dataset_id = yield from ref.open(ctx, read_only=True)
    with catalog:
        data = yield from prepare_data(catalog, dataset_id, shape[1], shape[-1], ctx)
    pixels = data.images.mul(255).round().byte().permute(0, 2, 3, 1).numpy()
    labels = None if data.labels is None else \
        np.array(list(data.class_names) + [""], object)[data.labels.numpy()].astype(str)
    return xd.HeldOut(pixels, labels, f"{len(pixels)} images of the reference dataset {ref.path}, which no run "
                                      "trains on", pixels, labels)


def _held_out_of_clean(pixels: np.ndarray, labels: np.ndarray, reference, params: ExperimentParams):
    """(HeldOut, rows of the clean data left for planting) in dose-response mode: the reference when
    given, else clean images set aside before any dirt is planted."""
    keep = np.ones(len(pixels), bool)
    if reference is not None:
        # the classifier still learns the clean training images: trusted, and apart from the reference
        return dataclasses.replace(reference, trusted_pixels=pixels, trusted_labels=labels), keep
    n = min(params.max_held_out, int(round(params.held_out_fraction * len(pixels))))
    if n < xd.MIN_HELD_OUT:
        raise UserError(f"the clean dataset has {len(pixels)} images: too few to hold out {xd.MIN_HELD_OUT}")
    held = np.random.default_rng(params.seeds[0]).choice(len(pixels), n, replace=False)
    keep[held] = False
    return xd.HeldOut(pixels[held], labels[held], f"{n} images of the clean dataset set aside before any dirt was "
                                                  "planted or any training", pixels[keep], labels[keep]), keep


def _dose(data: xd.ExperimentData, rate: Optional[float], params: ExperimentParams, extractor, held_features,
          out: Path, ctx: JobContext) -> Job[tuple]:
    """Train and measure every variant for every seed on one data set; returns (DoseResult, steps, batch)."""
    from types import SimpleNamespace

    from aigc_desktop.core.evaluation.comparison import compare, summarise
    from aigc_desktop.core.project import TrainRequest, training_config
    from aigc_desktop.core.training.data import class_order

    # one class order for every run (that of all the data), so class i means the same in each
    labels_all = np.concatenate([v.labels[v.rows] for v in data.variants.values()])
    class_names = class_order(labels_all) if data.has_labels else []
    size, channels = data.pixels.shape[1], data.pixels.shape[-1]
    # the same checks as any training in a project (a conditional model needs two classes, ...)
    request = TrainRequest(params.model, {**params.config_overrides, "seed": params.seeds[0],
                                          "conditional": params.conditional,
                                          **({"epochs": params.epochs} if params.epochs else {})})
    base = training_config(request, SimpleNamespace(class_names=class_names), size, channels)
    # a conditional model leaves unlabelled images out, so they take no steps
    n_items = {name: int((v.rows & (v.labels != "") if params.conditional else v.rows).sum())
               for name, v in data.variants.items()}
    steps, epochs = step_budget(n_items, base, params.steps)
    prefix = "" if rate is None else f"dirt{rate:g}-"
    runs: dict = {name: [] for name in VARIANTS}
    full: dict = {name: [] for name in VARIANTS}
    for seed in params.seeds:
        for name in VARIANTS:
            config = dataclasses.replace(base, seed=seed, epochs=epochs[name], max_steps=steps)
            run, metrics = yield from _train_and_evaluate(data, data.variants[name], class_names, config,
                                                          out / f"{prefix}{name}-seed{seed}", extractor, held_features,
                                                          params, rate, ctx)
            runs[name].append(run)
            full[name].append(metrics)
    variants = {name: VariantResult(name, data.variants[name].description, n_items[name], runs[name],
                                    summarise(full[name])) for name in VARIANTS}
    comparisons = compare("dirty", full["dirty"], "cleaned", full["cleaned"]) + \
        compare("dirty", full["dirty"], "robust", full["robust"])
    scan_counts = data.scan_result.counts() if hasattr(data.scan_result, "counts") else {}
    dose = DoseResult(rate, data.counts, data.cleaning, data.held_out.description, scan_counts, variants, comparisons,
                      dict(full["dirty"][0].get("real_floor") or {}))
    return dose, steps, base.batch_size


def _train_and_evaluate(data: xd.ExperimentData, variant: xd.Variant, class_names: list, config, run_dir: Path,
                        extractor, held_features, params: ExperimentParams, rate, ctx: JobContext) -> Job[tuple]:
    """Train one variant for one seed, then sample it and measure the samples; (RunResult, full metrics)."""
    from aigc_desktop.core.atomic import write_json
    from aigc_desktop.core.evaluation.evaluate import evaluate_samples
    from aigc_desktop.core.evaluation.run_evaluation import sample_run
    from aigc_desktop.core.training.checkpoints import read_json
    from aigc_desktop.core.training.data import data_from_arrays
    from aigc_desktop.core.training.events import BatchEnd
    from aigc_desktop.core.training.runs import load_generator
    from aigc_desktop.core.training.trainer import train

    name, seed = variant.name, config.seed
    where = "" if rate is None else f" at {rate:g} dirt"
    rows = variant.rows
    train_data = data_from_arrays(data.pixels[rows], variant.labels[rows] if class_names else None,
                                  weights=None if variant.weights is None else variant.weights[rows],
                                  class_names=class_names or None, name=f"experiment {name}")
    train_data.item_ids = data.item_ids[rows]
    yield ExperimentStage(f"train {name}", 0, config.epochs, f"seed {seed}{where}: training on {len(train_data)} "
                                                              f"images for {config.max_steps} optimizer steps of "
                                                              f"batch {config.batch_size}")
    job = train(train_data, config, run_dir, ctx)
    while True:
        try:
            event = next(job)
        except StopIteration as stop:
            finished = stop.value
            break
        yield VariantEvent(name, event, seed, rate)
        if isinstance(event, BatchEnd):
            yield ExperimentStage(f"train {name}", event.epoch - 1, config.epochs,
                                  f"seed {seed}{where}: epoch {event.epoch} step {event.step}/{event.total_steps}")
    yield VariantEvent(name, finished, seed, rate)
    if finished.reason == "cancelled":
        ctx.cancel.raise_if_cancelled()
    yield ExperimentStage(f"evaluate {name}", 0, 1, f"seed {seed}{where}: generating and measuring samples")
    samples, asked = sample_run(load_generator(run_dir, "cpu"), params.n_samples, seed)
    evaluation = evaluate_samples(samples, data.held_out.pixels, extractor, sample_labels=asked,
                                  real_labels=data.held_out.labels, train_images=data.pixels[rows],
                                  train_item_ids=data.item_ids[rows], paths=data.paths, scan_result=data.scan_result,
                                  real_features=held_features, seed=seed)
    metrics = {"run_dir": str(Path(run_dir).resolve()), "model": config.model, "seed": seed, "variant": name,
               "dirt_rate": rate, **evaluation.metrics}
    write_json(Path(run_dir) / "metrics.json", metrics)
    yield ExperimentStage(f"evaluate {name}", 1, 1, "measured")
    last = Path(run_dir) / "checkpoints" / "last.json"
    steps = int(read_json(last).get("global_step", 0)) if last.exists() else 0
    return RunResult(seed, str(run_dir), steps, config.epochs, finished.reason, _compact(metrics)), metrics
