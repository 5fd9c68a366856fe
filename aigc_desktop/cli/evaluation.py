"""Handlers of ``aigc generate``, ``aigc evaluate`` and ``aigc experiment``."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from aigc_desktop.cli.progress import ProgressLine
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.progress import Progress


def run_generate(args) -> int:
    from aigc_desktop.core.evaluation.export import write_samples
    from aigc_desktop.core.training.runs import load_generator

    generator = load_generator(args.run, getattr(args, "device", "cpu") or "cpu", args.checkpoint)
    manifest = write_samples(args.run, args.n, args.seed, args.out, checkpoint=args.checkpoint, badge=args.badge,
                             generator=generator)
    summary = {"out": str(args.out), "n": manifest["n"], "seed": args.seed, "model": manifest["model"],
               "manifest": str(Path(args.out) / "manifest.json")}
    if args.export_model:
        from aigc_desktop.core.evaluation.export import export_generator
        from aigc_desktop.core.evaluation.model_card import write_model_card
        from aigc_desktop.core.training.runs import load_run

        exported = export_generator(args.run, args.export_model, args.checkpoint, generator=generator)
        metrics_path = Path(args.run) / "metrics.json"
        metrics = json.loads(metrics_path.read_text(encoding="utf-8")) if metrics_path.exists() else None
        write_model_card(Path(args.export_model) / "MODEL_CARD.md", load_run(args.run), metrics=metrics,
                         exported=exported.files)
        summary["export"] = {"files": exported.files, "max_abs_error": exported.max_abs_error,
                             "skipped": exported.skipped, "model_card": str(Path(args.export_model) / "MODEL_CARD.md")}
    print(json.dumps(summary))
    return 0


def _load_dataset(path, size: int, channels: int, line):
    from aigc_desktop.core.data.catalog import open_dataset
    from aigc_desktop.core.training.data import prepare_data

    catalog, dataset_id = open_dataset(path, progress=line)
    try:
        data = prepare_data(catalog, dataset_id, size, channels, progress=line)
        items = catalog.items(dataset_id)
        paths = {int(i): str(p) for i, p in zip(items.ids.tolist(), items.path.tolist())}
        return catalog, dataset_id, data, paths
    except BaseException:
        catalog.close()
        raise


def _pixels(data):
    return data.images.mul(255).round().byte().permute(0, 2, 3, 1).numpy()


def _labels(data):
    import numpy as np

    if data.labels is None:
        return None
    names = np.array(list(data.class_names) + [""], object)
    return names[data.labels.numpy()]  # -1 (no label) -> ""


def run_evaluate(args) -> int:
    from aigc_desktop.core.evaluation.evaluate import evaluate_samples
    from aigc_desktop.core.evaluation.features import train_feature_extractor
    from aigc_desktop.core.quality.result import write_report
    from aigc_desktop.core.training.runs import load_generator, load_run

    if args.n < 2:
        raise UserError("-n must be at least 2")
    line = ProgressLine(stream=sys.stderr)
    info = load_run(args.run)
    generator = load_generator(args.run, args.device, args.checkpoint)
    size, channels = generator.image_size, generator.channels
    catalog, _, real, _ = _load_dataset(args.data, size, channels, line)
    catalog.close()
    train_path = args.train or args.data
    catalog, train_id, train, paths = _load_dataset(train_path, size, channels, line)
    try:
        scan_result = None
        if not args.no_scan:
            from aigc_desktop.core.quality.scan import scan

            scan_result = scan(catalog, train_id, checks=["exact_duplicate", "near_duplicate"], progress=line)
    finally:
        catalog.close()
    line(Progress("features", 0, 1, "training the feature extractor"))
    extractor = train_feature_extractor(_pixels(real), _labels(real), seed=args.seed, progress=line)
    samples = generator.sample(args.n, seed=args.seed)
    same = info.fingerprint and train.fingerprint == info.fingerprint
    evaluation = evaluate_samples(samples, _pixels(real), extractor, train_images=_pixels(train),
                                  train_item_ids=train.item_ids, paths=paths, scan_result=scan_result,
                                  held_out_for_baseline=None if args.train is None else _pixels(real),
                                  seed=args.seed)
    line.close()
    metrics = {"run_dir": str(Path(args.run).resolve()), "checkpoint": args.checkpoint, "model": generator.kind,
               "epochs_done": info.epochs_done, "seed": args.seed, "data": str(args.data),
               "train_data": str(train_path),
               **evaluation.metrics}
    metrics["notes"] = dict(metrics["notes"], data=(
        "samples are compared with DATASET (--data); memorisation with --train (default: DATASET). "
        + ("The run's recorded data fingerprint matches the training data, so it is the run's own training set."
           if same else "The run's recorded data fingerprint does not match these data: they may not be "
                        "the run's training set.")
        + ("" if args.train else " With DATASET as the training set, FD/precision/recall measure fit to the "
                                 "training data, not generalisation: pass a held-out set as --data and the "
                                 "training set as --train for that.")),
        duplicate_groups="memorised samples are linked to duplicate groups of a scan of the training data"
        if scan_result is not None else "no scan (--no-scan): memorised samples are not linked to duplicate groups")
    write_report(metrics, args.json)
    headline = {k: metrics[k] for k in ("local_fd", "precision", "recall", "density", "coverage")}
    headline["hallucination_rate"] = metrics["hallucination"]["rate"]
    headline["memorisation_rate"] = metrics["memorisation"]["rate"]
    print(json.dumps({"json": str(args.json), **headline}))
    return 0


def run_experiment(args) -> int:
    from aigc_desktop.core.evaluation.experiment import ExperimentResult, VariantEvent
    from aigc_desktop.core.evaluation.experiment import run_experiment as experiment
    from aigc_desktop.core.training.events import EpochEnd, TrainingWarning

    line = ProgressLine(stream=sys.stderr)
    result = None
    for event in experiment(args.dataset, args.model, args.epochs, args.out, seed=args.seed, progress=line,
                            conditional=args.conditional, n_samples=args.samples):
        if isinstance(event, VariantEvent) and isinstance(event.event, EpochEnd):
            e = event.event
            line.close()
            losses = "  ".join(f"{k} {v:.4g}" for k, v in e.losses.items())
            print(f"{event.variant}: epoch {e.epoch}/{e.epochs} done  {losses}", file=sys.stderr, flush=True)
        elif isinstance(event, VariantEvent) and isinstance(event.event, TrainingWarning):
            print(f"aigc experiment: warning ({event.variant}): {event.event.message}", file=sys.stderr)
        elif isinstance(event, ExperimentResult):
            result = event
    line.close()
    print(result.summary_text, file=sys.stderr)
    print(json.dumps({"out": str(args.out), "experiment": str(Path(args.out) / "experiment.json"),
                      "summary": str(Path(args.out) / "summary.md"),
                      "runs": {name: v.run_dir for name, v in result.variants.items()},
                      "metrics": {name: {"hallucination_rate": v.metrics["hallucination"]["rate"],
                                         "memorisation_rate": v.metrics["memorisation"]["rate"],
                                         "local_fd": v.metrics["local_fd"]}
                                  for name, v in result.variants.items()}}))
    return 0
