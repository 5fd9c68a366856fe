"""Handlers of ``aigc generate``, ``aigc evaluate`` and ``aigc experiment``."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from aigc_desktop.cli.progress import ProgressLine, run_command_job
from aigc_desktop.core.jobs import JobContext


def run_generate(args) -> int:
    from aigc_desktop.core.errors import UserError
    from aigc_desktop.core.evaluation.export import write_samples
    from aigc_desktop.core.guards import check_output_folder, display, protected_run_and_data, remove_on_failure
    from aigc_desktop.core.training.sampling import generator, iter_samples

    protect = protected_run_and_data(args.run)
    out = check_output_folder(args.out, "samples", protect)
    export_dir = None
    if args.export_model:
        export_dir = check_output_folder(args.export_model, "model export", protect)
        if export_dir == out:
            raise UserError(f"--out and --export-model are the same folder ({display(out)}); give two folders")
    with remove_on_failure([out] + ([export_dir] if export_dir else [])):  # a failure leaves no half folder
        # one sample after another: any number of them in bounded memory
        samples = iter_samples(args.run, args.n, args.seed, JobContext(), checkpoint=args.checkpoint,
                               device=args.device, guidance=args.guidance, steps=args.sampler_steps)
        line = ProgressLine(stream=sys.stderr)
        try:
            manifest = write_samples(samples, out, badge=args.badge, total=args.n, progress=line)
        finally:
            line.close()
        summary = {"out": os.fspath(args.out), "n": manifest["n"], "seed": args.seed, "model": manifest["model"],
                   "manifest": os.fspath(Path(args.out) / "manifest.json")}
        if export_dir is not None:
            from aigc_desktop.core.evaluation.export import export_generator
            from aigc_desktop.core.evaluation.model_card import write_model_card
            from aigc_desktop.core.training.runs import load_run, read_metrics

            exported = export_generator(args.run, export_dir, args.checkpoint,
                                        generator=generator(args.run, args.checkpoint, args.device))
            write_model_card(export_dir / "MODEL_CARD.md", load_run(args.run), metrics=read_metrics(args.run),
                             exported=exported.files)
            summary["export"] = {"files": exported.files, "max_abs_error": exported.max_abs_error,
                                 "skipped": exported.skipped,
                                 "model_card": os.fspath(Path(args.export_model) / "MODEL_CARD.md")}
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
    print(json.dumps({"json": os.fspath(args.json), **{k: metrics[k] for k in KEYS if k in metrics},
                      "ci95": {k: metrics["ci95"][k] for k in KEYS if k in metrics},
                      "real_floor": {k: metrics["real_floor"][k] for k in KEYS if k in metrics}}))
    return 0


def run_experiment(args) -> int:
    from aigc_desktop.core.data.dataset_ref import DatasetRef
    from aigc_desktop.core.evaluation.experiment import ExperimentParams, VariantEvent
    from aigc_desktop.core.evaluation.experiment import run_experiment as experiment
    from aigc_desktop.core.guards import remove_on_failure
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

    params = ExperimentParams(args.model, epochs=args.epochs, steps=args.steps, seeds=args.seeds,
                              conditional=args.conditional, n_samples=args.samples,
                              reference=DatasetRef(args.reference) if args.reference else None, plant=args.plant,
                              dirty_version=args.versions[0], cleaned_version=args.versions[1])
    params.check()  # every setting before anything is read or trained
    # a failed experiment leaves nothing behind, unless a variant's training is there to keep
    with remove_on_failure([args.out], keep_if=lambda p: any(p.glob("**/checkpoints/last.json"))):
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
