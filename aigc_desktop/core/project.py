"""A project, and the services every front end calls on it, with one set of checks.

A project is one catalog file and, beside it, the folders of its training runs and experiments::

    <dir>/<stem>.aigc                                  datasets, items, edits, versions, scans
    <dir>/<stem>.runs/<stamp>-<model>/                 one training run each (core/training/runs.py)
    <dir>/<stem>.experiments/<stamp>-<model>/<variant>/   one experiment each, with its three runs

The services are jobs (:mod:`aigc_desktop.core.jobs`). The CLI calls them on a dataset it names by
path (:class:`~aigc_desktop.core.data.dataset_ref.DatasetRef`); the GUI calls the ``*_in_project``
forms on its project's current dataset. Drawing samples from a trained run (``aigc generate``, the
Gallery) is ``core/training/sampling.generate``. Torch is imported inside the functions: the GUI
imports this module at start-up.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Optional

import numpy as np

from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.data.dataset_ref import DatasetRef
from aigc_desktop.core.data.sources import PROJECT_SUFFIX
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import Job, JobContext, JobWarning, default_workers
from aigc_desktop.core.paths import user_data_dir
from aigc_desktop.core.training.config import TrainConfig
from aigc_desktop.core.training.devices import DeviceInfo
from aigc_desktop.core.training.events import RunFinished
from aigc_desktop.core.training.runs import RunInfo, list_runs, load_run


def _new_folder(parent: Path, name: str) -> Path:
    """``parent/<date>-<time>-<name>``, numbered when two are made in the same second."""
    parent.mkdir(exist_ok=True)  # the project's own folder beside it, made on first use
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path, n = parent / f"{stamp}-{name}", 2
    while path.exists():
        path, n = parent / f"{stamp}-{name}-{n}", n + 1
    return path


@dataclass(frozen=True)
class Project:
    """A project file and the folders beside it. A plain value: any thread may hold one, and opens
    its own catalog connection with :meth:`open` (SQLite connections belong to one thread)."""

    path: Path

    @classmethod
    def at(cls, path) -> "Project":
        return cls(Path(path).resolve())

    @classmethod
    def default_for(cls, dataset_path) -> "Project":
        """Where a dataset imported with no project open goes: ``<user data>/projects/<name>.aigc``."""
        name = Path(dataset_path).resolve().name or "dataset"
        folder = user_data_dir() / "projects"
        folder.mkdir(parents=True, exist_ok=True)
        return cls.at(folder / f"{Path(name).stem}{PROJECT_SUFFIX}")

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def runs_folder(self) -> Path:
        """Runs live beside the project, never inside the user's data folders."""
        return self.path.with_name(self.path.stem + ".runs")

    @property
    def experiments_folder(self) -> Path:
        return self.path.with_name(self.path.stem + ".experiments")

    def new_run_dir(self, model: str) -> Path:
        return _new_folder(self.runs_folder, model)

    def new_experiment_dir(self, model: str) -> Path:
        return _new_folder(self.experiments_folder, model)

    def experiments(self) -> list[Path]:
        """The experiment folders, oldest name first."""
        folder = self.experiments_folder
        return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []

    def runs(self) -> list[RunInfo]:
        """Every training run of the project, the experiments' runs included, oldest first (JSON only)."""
        runs = list_runs(self.runs_folder)
        for experiment in self.experiments():
            runs += list_runs(experiment)
        return sorted(runs, key=lambda r: Path(r.run_dir).stat().st_mtime)

    def dataset(self, dataset_id: int) -> DatasetRef:
        return DatasetRef(str(self.path), int(dataset_id))

    def open(self, read_only: bool = False, create: bool = False) -> Catalog:
        """This thread's connection to the project's catalog (close it after)."""
        return Catalog.open(self.path, create=create, read_only=read_only)


# ---------------------------------------------------------------------------------- datasets
def import_into_project(project: Project, source_path, ctx: JobContext) -> Job[int]:
    """Import a dataset into the project (created if missing); a job returning the dataset's id."""
    with project.open(create=True) as catalog:
        return (yield from catalog.import_dataset(source_path, ctx))


def demo_paths() -> tuple[Path, Project]:
    """Where the demo dataset is written, and the project it is opened in (both in the user data folder)."""
    return user_data_dir() / "demo-mnist", Project.at(user_data_dir() / "demo-mnist.aigc")


def open_demo(ctx: JobContext) -> Job[int]:
    """Write the demo dataset (once) and import it into the demo project (once); returns its dataset id."""
    from aigc_desktop.core.data.demo import write_demo

    folder, project = demo_paths()
    if not folder.exists():
        folder.parent.mkdir(parents=True, exist_ok=True)  # the app's own data folder, on first use
        yield from write_demo(folder)
    with project.open(create=True) as catalog:
        for info in catalog.datasets():
            if Path(info.root) == folder:
                return info.id
        return (yield from catalog.import_dataset(folder, ctx))


# ---------------------------------------------------------------------------------- training
@dataclass
class TrainRequest:
    """What to train: the model, the TrainConfig fields the user chose, and on which of the data."""

    model: str
    overrides: dict = field(default_factory=dict)
    image_size: Optional[int] = None   # None: the size the data suggest
    item_limit: Optional[int] = None   # only the first N usable items (the self-test's quick run)
    # at most one of epochs, steps, minutes, preset (config.with_budget); none: ``epochs`` or
    # ``max_steps`` in the overrides, else the default preset
    length: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TrainingStarted:
    """The data are ready and the trainer starts: what a monitor shows before the first batch."""

    run_dir: str
    config: TrainConfig
    n_images: int
    class_names: list
    device: DeviceInfo
    resumed: bool = False


def _training_data(dataset: DatasetRef, size: Optional[int], channels: Optional[int], item_limit: Optional[int],
                   ctx: JobContext) -> Job[tuple]:
    """A job returning (TrainData, size, channels): the included, readable items at ``size`` and
    ``channels`` (None: what the data suggest)."""
    from aigc_desktop.core.training.data import prepare_data, suggested_shape

    catalog, dataset_id = yield from dataset.open(ctx)
    with catalog:
        items = catalog.items(dataset_id)
        auto_size, auto_channels = suggested_shape(items)
        item_ids = None
        if item_limit:
            usable = (np.asarray(items.status) == "ok") & np.asarray(items.included, bool)
            item_ids = np.asarray(items.ids)[usable][:item_limit]
        size, channels = size or auto_size, channels or auto_channels
        data = yield from prepare_data(catalog, dataset_id, size, channels, ctx, item_ids=item_ids)
    ctx.cancel.raise_if_cancelled()
    return data, size, channels


def training_config(request: TrainRequest, data, size: int, channels: int) -> TrainConfig:
    """The run's TrainConfig: the model's defaults, the data's shape and classes, the user's choices,
    and its length fitted to these data (a step budget becomes epochs of them)."""
    from aigc_desktop.core.training.config import default_config, with_budget

    if request.overrides.get("conditional") and len(data.class_names) < 2:
        raise UserError(f"a conditional model needs labelled data with at least 2 classes (these data have "
                        f"{len(data.class_names)}); train it unconditionally or label the images first")
    config = default_config(request.model, **{"image_size": size, "channels": channels,
                                              "n_classes": len(data.class_names), **request.overrides})
    if not hasattr(data, "__len__"):  # only the classes: the caller sets the length (the experiment's step budget)
        return config.validate()
    length = request.length
    if not length:  # a length given as a config field (epochs=N, max_steps=N) is the caller's choice
        given = [(key, request.overrides[name]) for name, key in (("epochs", "epochs"), ("max_steps", "steps"))
                 if request.overrides.get(name) is not None]
        length = dict(given[:1])
    return with_budget(config, len(data), **length).validate()


def _run_trainer(data, config: TrainConfig, run_dir, ctx: JobContext, resume: bool) -> Job[RunFinished]:
    from aigc_desktop.core.training.devices import probe_device
    from aigc_desktop.core.training.trainer import train

    device = probe_device(config.device)
    if device.kind == "cpu" and config.num_threads is None and ctx.workers < default_workers():
        config = replace(config, num_threads=ctx.workers)  # the job's worker budget, e.g. a core left to the GUI
    yield TrainingStarted(str(run_dir), config, len(data), list(data.class_names), device, resume)
    return (yield from train(data, config, run_dir, ctx, resume=resume))


def is_run_folder(path) -> bool:
    """A folder a training run wrote (its config and a last checkpoint)."""
    return (Path(path) / "config.json").is_file() and (Path(path) / "checkpoints" / "last.json").is_file()


def check_run_folder(run_dir, dataset: DatasetRef, resume: bool) -> Path:
    """A new run goes into a new or empty folder, a resumed one continues a run; neither is ever at or
    inside the dataset. Under ``torchrun`` only rank 0 checks: it alone writes, and the other ranks
    would find the folder it has begun to fill."""
    from aigc_desktop.core.guards import check_output_folder, display, protected_dataset
    from aigc_desktop.core.training.distributed import is_main_process

    if not is_main_process():
        return Path(run_dir)
    if resume and not is_run_folder(run_dir):
        raise UserError(f"nothing to resume in {display(run_dir)}: it is not a training run (train without "
                        "resuming to start one)")
    if not resume and is_run_folder(run_dir):
        raise UserError(f"{display(run_dir)} already holds a training run: resume it or choose a new folder")
    return check_output_folder(run_dir, "run", protected_dataset(dataset.path),
                               allow=is_run_folder if resume else None)


def train_dataset(dataset: DatasetRef, request: TrainRequest, run_dir, ctx: JobContext) -> Job[RunFinished]:
    """Train a new run in ``run_dir`` on the dataset's included, readable items: a job yielding
    :class:`TrainingStarted` and the trainer's events, returning its RunFinished."""
    run_dir = check_run_folder(run_dir, dataset, resume=False)  # before any decoding
    data, size, channels = yield from _training_data(dataset, request.image_size, None, request.item_limit, ctx)
    config = training_config(request, data, size, channels)
    return (yield from _run_trainer(data, config, Path(run_dir), ctx, resume=False))


def train_in_project(project: Project, dataset_id: int, request: TrainRequest, ctx: JobContext) -> Job[RunFinished]:
    """:func:`train_dataset` into a new run folder of the project."""
    return (yield from train_dataset(project.dataset(dataset_id), request, project.new_run_dir(request.model), ctx))


def resume(dataset: DatasetRef, run_dir, ctx: JobContext, length: Optional[dict] = None,
           device: Optional[str] = None, conditional: Optional[bool] = None) -> Job[RunFinished]:
    """Continue a stopped run from its last checkpoint, with its own settings and on the same data
    (at its own image size); only its length (``length``: epochs, steps, minutes or a preset, as in
    ``config.with_budget``) and the device may change."""
    from aigc_desktop.core.training.config import with_budget

    run_dir = check_run_folder(run_dir, dataset, resume=True)
    config = load_run(run_dir).config
    if conditional and not config.conditional:
        raise UserError("cannot resume an unconditional run as a conditional one")
    if device is not None:
        config.device = device
    data, _, _ = yield from _training_data(dataset, config.image_size, config.channels, None, ctx)
    if length:
        config = with_budget(config, len(data), **length)
    return (yield from _run_trainer(data, config, Path(run_dir), ctx, resume=True))


# ---------------------------------------------------------------------------------- evaluation
def evaluate_in_project(project: Project, dataset_id: int, run_dir, ctx: JobContext, n_samples: int = 1000,
                        max_real: int = 5000, seed: int = 0, reference_id: Optional[int] = None) -> Job[str]:
    """Sample a run and measure it, as ``aigc evaluate`` does, with the project's dataset ``dataset_id``
    as its training data and, when given, the dataset ``reference_id`` as the trusted held-out images;
    the metrics go to ``RUN_DIR/metrics.json`` (what Compare Runs shows). Returns the run folder."""
    from aigc_desktop.core.evaluation.run_evaluation import evaluate_run
    from aigc_desktop.core.training.sampling import generator

    # no duplicate scan: Compare Runs shows headline numbers, and a scan would double the wait
    yield from evaluate_run(run_dir, project.dataset(dataset_id), ctx,
                            reference=None if reference_id is None else project.dataset(reference_id),
                            n_samples=n_samples, seed=seed, max_real=max_real, scan_duplicates=False,
                            generator=generator(run_dir), out=Path(run_dir) / "metrics.json")
    return str(run_dir)


def experiment_in_project(project: Project, dataset_id: int, params, ctx: JobContext, out_dir=None):
    """The dirty-vs-cleaned experiment (``core/evaluation/experiment``) into ``out_dir``, by default a
    new experiment folder of the project; a job returning the ExperimentResult."""
    from aigc_desktop.core.evaluation.experiment import run_experiment

    out = out_dir if out_dir is not None else project.new_experiment_dir(params.model)
    return (yield from run_experiment(project.dataset(dataset_id), params, out, ctx))


# ---------------------------------------------------------------------------------- cleaning
def scan_in_project(project: Project, dataset_id: int, checks: Optional[list[str]], ctx: JobContext):
    """Scan a dataset and store the scan in the project (the Data panel shows it); returns the ScanResult."""
    from aigc_desktop.core.quality.scan import save_scan, scan

    with project.open() as catalog:
        result = yield from scan(catalog, dataset_id, checks, ctx)
        save_scan(catalog, dataset_id, result)
    return result


def apply_plan_in_project(project: Project, dataset_id: int, scan_result, plan):
    """Apply a cleaning plan as the dataset's new current version; returns (VersionInfo, PlanOutcome).
    One transaction: it is not cancellable, and once it returns the version stands."""
    from aigc_desktop.core.cleaning.apply import apply_plan

    with project.open() as catalog:
        return apply_plan(catalog, dataset_id, scan_result, plan)


def export_version(project: Project, dataset_id: int, version_number: int, out_dir, ctx: JobContext):
    """Write the kept items of a version as new files; a job returning (VersionInfo, ExportSummary)."""
    from aigc_desktop.core.cleaning.export import export_state
    from aigc_desktop.core.cleaning.versions import get_version, version_state

    with project.open(read_only=True) as catalog:
        version = get_version(catalog, dataset_id, version_number)
        state = version_state(catalog, dataset_id, version_number)
        summary = yield from export_state(catalog, dataset_id, state, out_dir, ctx)
    return version, summary


def clean_to_folder(dataset: DatasetRef, scan_report: dict, out_dir, ctx: JobContext) -> Job[dict]:
    """Resolve the default plan against an ``aigc-scan/1`` report (nothing is written to the catalog)
    and export the kept items plus ``cleaning_report.json`` / ``.md`` into ``out_dir`` (new or empty).
    Report paths that match no item, and items the report does not name, are reported as warnings."""
    from aigc_desktop.core.cleaning.export import check_out_dir, export_state
    from aigc_desktop.core.cleaning.from_report import scan_from_report
    from aigc_desktop.core.cleaning.plans import default_plan, resolve_plan
    from aigc_desktop.core.cleaning.report import build_report, save_report
    from aigc_desktop.core.cleaning.versions import import_state
    from aigc_desktop.core.guards import protected_dataset

    out_dir = check_out_dir(out_dir, protected_dataset(dataset.path))  # before any decoding
    catalog, dataset_id = yield from dataset.open(ctx)
    with catalog:
        items = catalog.items(dataset_id)
        match = scan_from_report(scan_report, items, dataset_id)
        if match.unmatched_report_paths:
            yield JobWarning(f"{len(match.unmatched_report_paths)} paths of the report are not in the dataset "
                             f"(e.g. {match.unmatched_report_paths[0]}); they are ignored")
        if match.unmatched_items:
            yield JobWarning(f"{match.unmatched_items} items of the dataset are not in the report; "
                             "they are kept as they are")
        plan = default_plan()
        before = import_state(items)
        before.included = items.included.copy()   # a project's edits count as the starting point
        before.label = items.label.astype(object).copy()
        outcome = resolve_plan(plan, match.scan, items, before)
        info = catalog.dataset(dataset_id)
        described = {"id": info.id, "name": info.name, "root": info.root, "kind": info.kind}

        def write_reports(tmp, export) -> None:
            report = build_report(described, plan, outcome, match.scan, items, export=export)
            report["output"]["folder"] = os.fspath(out_dir)
            save_report(report, tmp / "cleaning_report.json")
            save_report(report, tmp / "cleaning_report.md")

        export = yield from export_state(catalog, dataset_id, outcome.after, out_dir, ctx, finish=write_reports)
    return {"out": os.fspath(out_dir), "written": export.n_written, "skipped": len(export.skipped), **outcome.counts()}
