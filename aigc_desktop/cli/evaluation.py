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

    job = evaluate_run(args.run, DatasetRef(args.data), JobContext(),
                       train=DatasetRef(args.train) if args.train else None, checkpoint=args.checkpoint,
                       device=args.device, n_samples=args.n, seed=args.seed, scan_duplicates=not args.no_scan,
                       out=args.json)
    metrics = run_command_job(job, "evaluate", ProgressLine(stream=sys.stderr))
    headline = {k: metrics[k] for k in ("local_fd", "precision", "recall", "density", "coverage")}
    headline["hallucination_rate"] = metrics["hallucination"]["rate"]
    headline["memorisation_rate"] = metrics["memorisation"]["rate"]
    print(json.dumps({"json": str(args.json), **headline}))
    return 0


def run_experiment(args) -> int:
    from aigc_desktop.core.data.dataset_ref import DatasetRef
    from aigc_desktop.core.evaluation.experiment import ExperimentParams, VariantEvent
    from aigc_desktop.core.evaluation.experiment import run_experiment as experiment
    from aigc_desktop.core.training.events import EpochEnd, TrainingWarning

    line = ProgressLine(stream=sys.stderr)

    def show(event) -> None:
        if isinstance(event, VariantEvent) and isinstance(event.event, EpochEnd):
            e = event.event
            losses = "  ".join(f"{k} {v:.4g}" for k, v in e.losses.items())
            line.print(f"{event.variant}: epoch {e.epoch}/{e.epochs} done  {losses}")
        elif isinstance(event, VariantEvent) and isinstance(event.event, TrainingWarning):
            line.print(f"aigc experiment: warning ({event.variant}): {event.event.message}")

    params = ExperimentParams(args.model, args.epochs, seed=args.seed, conditional=args.conditional,
                              n_samples=args.samples)
    result = run_command_job(experiment(DatasetRef(args.dataset), params, args.out, JobContext()), "experiment",
                             line, show)
    print(result.summary_text, file=sys.stderr)
    print(json.dumps({"out": str(args.out), "experiment": str(Path(args.out) / "experiment.json"),
                      "summary": str(Path(args.out) / "summary.md"),
                      "runs": {name: v.run_dir for name, v in result.variants.items()},
                      "metrics": {name: {"hallucination_rate": v.metrics["hallucination"]["rate"],
                                         "memorisation_rate": v.metrics["memorisation"]["rate"],
                                         "local_fd": v.metrics["local_fd"]}
                                  for name, v in result.variants.items()}}))
    return 0
