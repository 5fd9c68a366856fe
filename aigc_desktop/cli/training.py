"""Handler of ``aigc train``: the project layer's training service, with progress and a JSON summary.

Runs unchanged under ``torchrun --nproc_per_node N``: every process trains its shard, only rank 0
writes checkpoints and prints.
"""
from __future__ import annotations

import json
import os
import sys
import time

from aigc_desktop.cli.progress import ProgressLine, run_command_job
from aigc_desktop.core.jobs import JobContext, Progress, run_job

EXIT_CODES = {"completed": 0, "early_stopped": 0, "cancelled": 130, "diverged": 3}
# flag -> TrainConfig field, passed on only when given
CONFIG_FLAGS = (("batch_size", "batch_size"), ("lr", "lr"), ("latent", "latent_dim"), ("beta", "beta"),
                ("objective", "objective"), ("guidance", "guidance"), ("sampler_steps", "sampler_steps"),
                ("self_condition", "self_condition"))


def _is_main() -> bool:
    return int(os.environ.get("RANK", "0")) == 0


def _length(args) -> dict:
    """The training length the flags give (at most one; none: the default preset, as in the GUI)."""
    return {key: getattr(args, key) for key in ("epochs", "steps", "minutes", "preset")
            if getattr(args, key, None) is not None}


def _request(args):
    from aigc_desktop.core.project import TrainRequest

    overrides = {"device": args.device, "seed": args.seed, "conditional": args.conditional}
    for flag, field in CONFIG_FLAGS:
        if getattr(args, flag, None) is not None:
            overrides[field] = getattr(args, flag)
    return TrainRequest(args.model, overrides, image_size=args.size, length=_length(args))


def _plan(config) -> str:
    """What the run will do, in one line: its length in steps or minutes and the time it should take."""
    from aigc_desktop.core.training.config import estimate_seconds

    if config.max_seconds is not None:
        return f"{config.model.upper()} for {config.max_seconds / 60:g} minutes (at most {config.epochs} epochs)"
    if config.max_steps is not None:
        minutes = estimate_seconds(config, config.max_steps) / 60
        return (f"{config.model.upper()} for {config.max_steps:,} steps ({config.epochs} epochs; about "
                f"{minutes:.1f} min on one CPU core)")
    return f"{config.model.upper()} for {config.epochs} epochs"


def _describe(event) -> str:
    losses = "  ".join(f"{k} {v:.4g}" for k, v in event.losses.items())
    val = f"  val {event.val_loss:.4g}" if event.val_loss is not None else ""
    return (f"epoch {event.epoch}/{event.epochs} done  {losses}{val}  {event.images_per_s:.0f} img/s  "
            f"ETA {event.eta_s:.0f} s")


class _Monitor:
    """What the command prints while the job runs, and what its summary needs afterwards."""

    def __init__(self, line: ProgressLine) -> None:
        self.line = line
        self.started = None
        self.started_at = time.perf_counter()
        self.last_epoch = None

    def __call__(self, event) -> None:
        from aigc_desktop.core.project import TrainingStarted
        from aigc_desktop.core.training.events import BatchEnd, EpochEnd

        if isinstance(event, TrainingStarted):
            self.started, self.started_at = event, time.perf_counter()
            self.line.print(f"aigc train: {_plan(event.config)}")
        elif isinstance(event, BatchEnd):
            self.line(Progress(f"epoch {event.epoch}/{self.started.config.epochs}", event.step, event.total_steps,
                               "  ".join(f"{k} {v:.4g}" for k, v in event.losses.items())
                               + f"  {event.images_per_s:.0f} img/s"))
        elif isinstance(event, EpochEnd):
            self.last_epoch = event
            self.line.print(_describe(event))


def run_train(args) -> int:
    from aigc_desktop.core.data.dataset_ref import DatasetRef
    from aigc_desktop.core.guards import remove_on_failure
    from aigc_desktop.core.project import is_run_folder, resume, train_dataset
    from aigc_desktop.core.training.devices import select_device
    from aigc_desktop.core.training.runs import load_run

    ctx = JobContext()
    dataset = DatasetRef(args.dataset)
    if args.resume:
        job = resume(dataset, args.out, ctx, length=_length(args), device=args.device, conditional=args.conditional)
    else:
        job = train_dataset(dataset, _request(args), args.out, ctx)
    if not _is_main():
        finished = run_job(job)
        return EXIT_CODES.get(finished.reason, 1)
    line = ProgressLine(stream=sys.stderr)
    monitor = _Monitor(line)
    # a new run that fails before its first checkpoint leaves no folder behind
    with remove_on_failure([args.out], keep_if=is_run_folder):
        finished = run_command_job(job, "train", line, monitor)
    config, last_epoch = monitor.started.config, monitor.last_epoch
    summary = {
        "run_dir": os.fspath(args.out), "model": config.model, "reason": finished.reason,
        "message": finished.message, "epochs_done": finished.epochs_done, "epochs": config.epochs,
        "max_steps": config.max_steps, "max_seconds": config.max_seconds,
        "warnings": [{"kind": w.get("kind", ""), "message": w.get("message", "")} for w in load_run(args.out).warnings],
        "losses": last_epoch.losses if last_epoch else {}, "val_loss": last_epoch.val_loss if last_epoch else None,
        "images_per_s": last_epoch.images_per_s if last_epoch else None,
        "device": str(select_device(config.device)), "n_images": monitor.started.n_images,
        "world_size": int(os.environ.get("WORLD_SIZE", "1")),
        "wall_s": round(time.perf_counter() - monitor.started_at, 3)}
    if finished.reason == "diverged":
        print(f"aigc train: error: {finished.message}", file=sys.stderr)
    print(json.dumps(summary))
    return EXIT_CODES.get(finished.reason, 1)
