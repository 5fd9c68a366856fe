"""Handlers of ``aigc generate``, ``aigc evaluate`` and ``aigc experiment``."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from aigc_desktop.cli.progress import ProgressLine, run_command_job
from aigc_desktop.core.jobs import JobContext


def run_generate(args) -> int:
    from aigc_desktop.core.evaluation.export import write_samples
    from aigc_desktop.core.training.sampling import generate, generator

    samples = run_command_job(generate(args.run, args.n, args.seed, JobContext(), checkpoint=args.checkpoint,
                                       device=args.device), "generate", ProgressLine())
    manifest = write_samples(samples, args.out, badge=args.badge)
    summary = {"out": str(args.out), "n": manifest["n"], "seed": args.seed, "model": manifest["model"],
               "manifest": str(Path(args.out) / "manifest.json")}
    if args.export_model:
        from aigc_desktop.core.evaluation.export import export_generator
        from aigc_desktop.core.evaluation.model_card import write_model_card
        from aigc_desktop.core.training.runs import load_run

        exported = export_generator(args.run, args.export_model, args.checkpoint,
                                    generator=generator(args.run, args.checkpoint, args.device))
        metrics_path = Path(args.run) / "metrics.json"
        metrics = json.loads(metrics_path.read_text(encoding="utf-8")) if metrics_path.exists() else None
        write_model_card(Path(args.export_model) / "MODEL_CARD.md", load_run(args.run), metrics=metrics,
                         exported=exported.files)
        summary["export"] = {"files": exported.files, "max_abs_error": exported.max_abs_error,
                             "skipped": exported.skipped, "model_card": str(Path(args.export_model) / "MODEL_CARD.md")}
    print(json.dumps(summary))
    return 0


def run_evaluate(args) -> int:
    from aigc_desktop.core.data.dataset_ref import DatasetRef
    from aigc_desktop.core.evaluation.run_evaluation import evaluate_run

    from aigc_desktop.core.evaluation.metric_info import KEYS

    job = evaluate_run(args.run, DatasetRef(args.data), JobContext(),
                       reference=DatasetRef(args.reference) if args.reference else None, checkpoint=args.checkpoint,
                       device=args.device, n_samples=args.n, seed=args.seed, scan_duplicates=not args.no_scan,
                       out=args.json)
    metrics = run_command_job(job, "evaluate", ProgressLine(stream=sys.stderr))
    print(json.dumps({"json": str(args.json), **{k: metrics[k] for k in KEYS if k in metrics},
                      "ci95": {k: metrics["ci95"][k] for k in KEYS if k in metrics},
                      "real_floor": {k: metrics["real_floor"][k] for k in KEYS if k in metrics}}))
    return 0


def _numbers(text: str, what: str, kind=float) -> tuple:
    from aigc_desktop.core.errors import UserError

    try:
        values = tuple(kind(v) for v in text.split(",") if v.strip())
    except ValueError:
        raise UserError(f"{what} must be comma-separated numbers, e.g. 0,1,2 (got {text!r})") from None
    if not values:
        raise UserError(f"{what} is empty")
    return values


def run_experiment(args) -> int:
    from aigc_desktop.core.data.dataset_ref import DatasetRef
    from aigc_desktop.core.errors import UserError
    from aigc_desktop.core.evaluation.experiment import ExperimentParams, VariantEvent
    from aigc_desktop.core.evaluation.experiment import run_experiment as experiment
    from aigc_desktop.core.training.events import EpochEnd, TrainingWarning

    line = ProgressLine(stream=sys.stderr)

    def show(event) -> None:
        where = f"{event.variant} seed {event.seed}" + ("" if event.rate is None else f" dirt {event.rate:g}") \
            if isinstance(event, VariantEvent) else ""
        if isinstance(event, VariantEvent) and isinstance(event.event, EpochEnd):
            e = event.event
            losses = "  ".join(f"{k} {v:.4g}" for k, v in e.losses.items())
            line.print(f"{where}: epoch {e.epoch}/{e.epochs} done  {losses}")
        elif isinstance(event, VariantEvent) and isinstance(event.event, TrainingWarning):
            line.print(f"aigc experiment: warning ({where}): {event.event.message}")

    versions = (None, None)
    if args.versions:
        versions = _numbers(args.versions, "--versions", int)
        if len(versions) != 2:
            raise UserError("--versions takes two version numbers, DIRTY,CLEANED (e.g. 0,2)")
    params = ExperimentParams(args.model, epochs=args.epochs, steps=args.steps,
                              seeds=_numbers(args.seeds, "--seeds", int), conditional=args.conditional,
                              n_samples=args.samples,
                              reference=DatasetRef(args.reference) if args.reference else None,
                              plant=_numbers(args.plant, "--plant") if args.plant else (),
                              dirty_version=versions[0], cleaned_version=versions[1])
    result = run_command_job(experiment(DatasetRef(args.dataset), params, args.out, JobContext()), "experiment",
                             line, show)
    print(result.summary_text, file=sys.stderr)
    print(json.dumps({"out": str(args.out), "experiment": str(Path(args.out) / "experiment.json"),
                      "summary": str(Path(args.out) / "summary.md"),
                      "comparisons": [c.to_dict() for d in result.doses for c in d.comparisons
                                      if c.verdict != "no clear difference"],
                      "runs": {f"{'' if d.rate is None else f'dirt{d.rate:g}-'}{name}": [r.run_dir for r in v.runs]
                               for d in result.doses for name, v in d.variants.items()}}))
    return 0
