"""Handler of ``aigc train``: prepare the data, run the trainer, print progress and a JSON summary.

Runs unchanged under ``torchrun --nproc_per_node N``: every process trains its shard, only rank 0
writes checkpoints and prints.
"""
from __future__ import annotations

import json
import os
import sys
import time

from aigc_desktop.cli.progress import ProgressLine
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.progress import Progress

EXIT_CODES = {"completed": 0, "early_stopped": 0, "cancelled": 130, "diverged": 3}


def _is_main() -> bool:
    return int(os.environ.get("RANK", "0")) == 0


def _config(args, data_shape, n_classes: int):
    from pathlib import Path

    from aigc_desktop.core.training.config import TrainConfig, default_config

    size, channels = data_shape
    saved = Path(args.out) / "config.json"
    if args.resume and saved.exists():
        # the run's own settings; only the number of epochs (and the device) may change on resume
        config = TrainConfig.from_dict(json.loads(saved.read_text(encoding="utf-8")))
        config.epochs, config.device = args.epochs, args.device
        return config
    overrides = {"epochs": args.epochs, "device": args.device, "seed": args.seed, "image_size": args.size or size,
                 "channels": channels, "conditional": args.conditional, "n_classes": n_classes}
    for flag, field in (("batch_size", "batch_size"), ("lr", "lr"), ("latent", "latent_dim"), ("beta", "beta")):
        if getattr(args, flag, None) is not None:
            overrides[field] = getattr(args, flag)
    return default_config(args.model, **overrides)


def _describe(event) -> str:
    losses = "  ".join(f"{k} {v:.4g}" for k, v in event.losses.items())
    val = f"  val {event.val_loss:.4g}" if event.val_loss is not None else ""
    return (f"epoch {event.epoch}/{event.epochs} done  {losses}{val}  {event.images_per_s:.0f} img/s  "
            f"ETA {event.eta_s:.0f} s")


def run_train(args) -> int:
    from aigc_desktop.core.data.catalog import open_dataset
    from aigc_desktop.core.training.data import prepare_data, suggested_shape
    from aigc_desktop.core.training.devices import select_device
    from aigc_desktop.core.training.events import BatchEnd, EpochEnd, RunFinished, TrainingWarning
    from aigc_desktop.core.training.trainer import train

    if args.epochs < 1:
        raise UserError("--epochs must be at least 1")
    main = _is_main()
    line = ProgressLine(stream=sys.stderr)
    report = line if main else None
    catalog, dataset_id = open_dataset(args.dataset, progress=report)
    try:
        shape = suggested_shape(catalog.items(dataset_id))
        if args.size is not None:
            shape = (args.size, shape[1])
        data = prepare_data(catalog, dataset_id, shape[0], shape[1], progress=report)
    finally:
        catalog.close()
    config = _config(args, (shape[0], shape[1]), len(data.class_names))
    if args.resume and args.conditional and not config.conditional:
        raise UserError("cannot resume an unconditional run as a conditional one")

    started = time.perf_counter()
    finished, last_epoch = None, None
    for event in train(data, config, args.out, resume=args.resume):
        if isinstance(event, RunFinished):
            finished = event
        elif isinstance(event, EpochEnd):
            last_epoch = event
        if not main:
            continue
        if isinstance(event, BatchEnd):
            line(Progress(f"epoch {event.epoch}/{config.epochs}", event.step, event.total_steps,
                          "  ".join(f"{k} {v:.4g}" for k, v in event.losses.items())
                          + f"  {event.images_per_s:.0f} img/s"))
        elif isinstance(event, EpochEnd):
            line.close()
            print(_describe(event), file=sys.stderr, flush=True)
        elif isinstance(event, TrainingWarning):
            line.close()
            print(f"aigc train: warning: {event.message}", file=sys.stderr)
    if main:
        summary = {
            "run_dir": str(args.out), "model": config.model, "reason": finished.reason,
            "message": finished.message, "epochs_done": finished.epochs_done, "epochs": config.epochs,
            "losses": last_epoch.losses if last_epoch else {}, "val_loss": last_epoch.val_loss if last_epoch else None,
            "images_per_s": last_epoch.images_per_s if last_epoch else None,
            "device": str(select_device(config.device)), "n_images": len(data),
            "world_size": int(os.environ.get("WORLD_SIZE", "1")),
            "wall_s": round(time.perf_counter() - started, 3)}
        if finished.reason == "diverged":
            print(f"aigc train: error: {finished.message}", file=sys.stderr)
        print(json.dumps(summary))
    return EXIT_CODES.get(finished.reason, 1)
