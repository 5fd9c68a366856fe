"""The ``aigc`` command line: argparse over the service layer only (no Qt on this path).

Each subcommand's handler lives in a small module beside this one and is imported only when that
subcommand runs, so ``aigc --help`` stays instant and never loads torch.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Optional, Sequence

from aigc_desktop import __version__
from aigc_desktop.cli.arguments import (MAX_BATCH, MAX_EPOCHS, MAX_EVALUATED, MAX_LATENT, MAX_SAMPLES, MAX_STEPS,
                                        MAX_WORKERS, checkpoint_tag, guidance_scale, int_at_least, non_negative_number,
                                        positive_number, rate_list, sampler_steps, seed, seed_list, version_pair)
from aigc_desktop.core.crash import EXIT_INTERNAL_ERROR, describe, one_line, write_crash_log
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.guards import display
from aigc_desktop.core.jobs import Cancelled
from aigc_desktop.core.models import DIFFUSION_SOLVERS
from aigc_desktop.core.training.config import (DEFAULT_PRESET, FAMILIES, MODELS, PRESETS, default_config,
                                              estimate_seconds)

# subcommand -> (handler module, function, one-line help); the order is the help's order
SUBCOMMANDS = {
    "import": ("data", "run_import", "add a dataset to a project (created if missing)"),
    "info": ("data", "run_info", "counts: items, readable, corrupt (by reason), labels, sizes, modes"),
    "scan": ("quality", "run_scan", "find dirty data and write the aigc-scan/1 report"),
    "clean": ("cleaning", "run_clean", "apply the default cleaning plan and copy the kept items"),
    "train": ("training", "run_train", "train a VAE, GAN or diffusion model on a dataset"),
    "generate": ("evaluation", "run_generate", "generate samples from a trained run"),
    "evaluate": ("evaluation", "run_evaluate", "offline metrics of a run against a dataset"),
    "experiment": ("evaluation", "run_experiment", "dirty vs cleaned training, several seeds, same budget"),
    "demo": ("data", "run_demo", "write the built-in demo dataset (with planted dirt)"),
}

DATASET_HELP = ("a folder of images, an ImageFolder tree, a CSV manifest (path,label), an IDX file "
                "(MNIST format), an .npz (x, y) or a project file (.aigc)")


def budget_table() -> str:
    """The presets of every model family, as ``aigc train --help`` shows them."""
    lines = ["training length (one of --preset, --steps, --minutes, --epochs; the default is the "
             f"{DEFAULT_PRESET} preset, as in the GUI):", "  preset    " + "".join(f"{m:<26}" for m in FAMILIES)]
    for preset in PRESETS:
        cells = []
        for model, family in FAMILIES.items():
            steps = family.preset_steps[preset]
            minutes = estimate_seconds(default_config(model), steps) / 60
            cells.append(f"{steps:>6,} steps ≈ {minutes:>4.1f} min")
        lines.append(f"  {preset:<10}" + "".join(f"{c:<26}" for c in cells))
    lines.append("  (minutes: one core of the 2-core reference machine, 28×28 grey images; "
                 "more cores or a GPU are faster)")
    return "\n".join(lines)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one clear line, exit 2, like argparse but without the usage dump
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="aigc",
        description="AIGC Desktop on the command line: import, scan, clean, train, generate, evaluate.",
        epilog="The GUI: aigc-desktop [PROJECT]  (or python -m aigc_desktop).",
    )
    parser.add_argument("--version", action="version", version=f"aigc {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p = {name: sub.add_parser(name, help=h, description=h) for name, (_, _, h) in SUBCOMMANDS.items()}
    for each in p.values():  # also after the subcommand: aigc train ... --debug
        each.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                          help="show the full traceback of an error")

    p["import"].add_argument("dataset", metavar="DATASET", help=DATASET_HELP)
    p["import"].add_argument("--project", required=True, metavar="P.aigc", help="project file (created if missing)")
    p["import"].add_argument("--workers", type=int_at_least(1, MAX_WORKERS), default=None, help="decoding threads (default: all cores)")

    p["info"].add_argument("dataset", metavar="DATASET|P.aigc", help=DATASET_HELP)
    p["info"].add_argument("--json", action="store_true", help="print JSON instead of a summary")

    p["scan"].add_argument("dataset", metavar="DATASET", help=DATASET_HELP)
    p["scan"].add_argument("--report", required=True, metavar="REPORT.json", help="where to write the report")
    p["scan"].add_argument("--checks", default=None, help="comma-separated issue types to check (default: all)")

    p["clean"].add_argument("dataset", metavar="DATASET", help=DATASET_HELP)
    p["clean"].add_argument("--report", required=True, metavar="REPORT.json", help="a scan report of DATASET")
    p["clean"].add_argument("--out", required=True, metavar="CLEAN_DIR", help="new folder for the kept items")

    p["train"].add_argument("dataset", metavar="DATASET", help=DATASET_HELP)
    p["train"].add_argument("--model", choices=MODELS, required=True)
    length = p["train"].add_mutually_exclusive_group()
    length.add_argument("--preset", choices=PRESETS, default=None,
                        help=f"a training length from the table below (default: {DEFAULT_PRESET}, as in the GUI)")
    length.add_argument("--steps", type=int_at_least(1, MAX_STEPS), default=None, metavar="N",
                        help="train for N optimizer steps")
    length.add_argument("--minutes", type=positive_number, default=None, metavar="M",
                        help="train for M minutes (pauses excluded), then stop at the next step")
    length.add_argument("--epochs", type=int_at_least(1, MAX_EPOCHS), default=None, metavar="N",
                        help="train for N passes over the data")
    p["train"].add_argument("--out", required=True, metavar="RUN_DIR")
    p["train"].add_argument("--device", choices=["auto", "cpu", "cuda", "mps"], default="auto")
    p["train"].add_argument("--resume", action="store_true", help="continue from RUN_DIR's last checkpoint")
    p["train"].add_argument("--batch-size", type=int_at_least(1, MAX_BATCH), default=None)
    p["train"].add_argument("--lr", type=positive_number, default=None, help="learning rate (> 0)")
    p["train"].add_argument("--latent", type=int_at_least(1, MAX_LATENT), default=None, help="latent size")
    p["train"].add_argument("--beta", type=non_negative_number, default=None, help="VAE KL weight (≥ 0)")
    p["train"].add_argument("--size", type=int, choices=(28, 32, 64), default=None,
                            help="image side in pixels (28, 32 or 64)")
    p["train"].add_argument("--seed", type=seed, default=0)
    p["train"].add_argument("--conditional", action="store_true", help="class-conditional model")
    p["train"].add_argument("--objective", choices=tuple(DIFFUSION_SOLVERS), default=None,
                            help="diffusion: rectified flow (default) or cosine-schedule noise prediction")
    p["train"].add_argument("--guidance", type=guidance_scale, default=None,
                            help="diffusion: classifier-free guidance scale of the samples (0: unconditional)")
    p["train"].add_argument("--sampler-steps", type=sampler_steps, default=None, help="diffusion: denoising steps per sample")
    p["train"].add_argument("--self-condition", type=int_at_least(0, 1000), default=None, metavar="K",
                            help="unconditional GAN or diffusion: condition on K k-means clusters of the images "
                                 "(defaults: GAN 20, diffusion 100; at most one per 20 training images; 0: off)")

    p["train"].formatter_class = argparse.RawDescriptionHelpFormatter
    p["train"].epilog = budget_table()

    p["generate"].add_argument("run", metavar="RUN_DIR")
    p["generate"].add_argument("-n", type=int_at_least(1, MAX_SAMPLES), default=64, help="number of samples")
    p["generate"].add_argument("--seed", type=seed, default=0)
    p["generate"].add_argument("--out", required=True, metavar="DIR")
    p["generate"].add_argument("--checkpoint", type=checkpoint_tag, default="last", help="checkpoint tag (default: last)")
    p["generate"].add_argument("--badge", action="store_true", help="mark each image with a small \"AI\" badge")
    p["generate"].add_argument("--device", choices=["cpu", "cuda", "mps"], default="cpu")
    p["generate"].add_argument("--guidance", type=guidance_scale, default=None,
                               help="diffusion: classifier-free guidance scale (default: the run's; 0: unconditional)")
    p["generate"].add_argument("--sampler-steps", type=sampler_steps, default=None,
                               help="diffusion: denoising steps per sample (default: the run's)")
    p["generate"].add_argument("--export-model", metavar="DIR", default=None,
                               help="also export the generator (safetensors, TorchScript, ONNX) and a model card")

    p["evaluate"].add_argument("run", metavar="RUN_DIR")
    p["evaluate"].add_argument("--data", required=True, metavar="DATASET",
                               help="the run's training data (memorisation is measured against it). " + DATASET_HELP)
    p["evaluate"].add_argument("--json", required=True, metavar="METRICS.json")
    p["evaluate"].add_argument("-n", type=int_at_least(8, MAX_EVALUATED), default=1000,
                               help="number of samples to generate")
    p["evaluate"].add_argument("--seed", type=seed, default=0, help="seed of the samples and of the bootstrap")
    p["evaluate"].add_argument("--reference", default=None, metavar="DATASET",
                               help="trusted held-out images to measure the samples against, e.g. a test set "
                                    "(default: the run's validation split of --data)")
    p["evaluate"].add_argument("--no-scan", action="store_true", help="do not link copies to duplicate groups")
    p["evaluate"].add_argument("--checkpoint", type=checkpoint_tag, default="last", help="checkpoint tag (default: last)")
    p["evaluate"].add_argument("--device", choices=["cpu", "cuda", "mps"], default="cpu")

    p["experiment"].add_argument("dataset", metavar="DATASET",
                                 help="the dirty dataset (version 0 of a project, or a path); with --plant, a clean "
                                      "one. " + DATASET_HELP)
    p["experiment"].add_argument("--model", choices=MODELS, required=True)
    budget = p["experiment"].add_mutually_exclusive_group()
    budget.add_argument("--steps", type=int_at_least(1, MAX_STEPS), default=None,
                        help="optimizer steps per run (default: --epochs passes over the dirty data)")
    budget.add_argument("--epochs", type=int_at_least(1, MAX_EPOCHS), default=None,
                        help="the budget as passes over the dirty training set (default: the model's)")
    p["experiment"].add_argument("--seeds", type=seed_list, default=(0, 1, 2), metavar="0,1,2",
                                 help="one training run per seed and variant (default: 0,1,2)")
    p["experiment"].add_argument("--reference", default=None, metavar="DATASET",
                                 help="trusted held-out images every run is measured against, e.g. a test set "
                                      "(default: a random held-out split of the items both versions keep)")
    p["experiment"].add_argument("--plant", type=rate_list, default=(), metavar="RATES",
                                 help="dose-response: plant dirt into the clean DATASET at each rate (e.g. 0,0.1,0.3: "
                                      "0.1 = as many dirty files as 10%% of the clean images, in the planting "
                                      "module's mix) and run the experiment at each")
    p["experiment"].add_argument("--versions", type=version_pair, default=(None, None), metavar="DIRTY,CLEANED",
                                 help="the two versions of a project's dataset to compare (default: 0 and the "
                                      "current one; the default cleaning plan when that is 0)")
    p["experiment"].add_argument("--out", required=True, metavar="EXP_DIR")
    p["experiment"].add_argument("--conditional", action="store_true", help="class-conditional models")
    p["experiment"].add_argument("--samples", type=int_at_least(16, MAX_EVALUATED), default=1000,
                                   help="samples generated per run")

    p["demo"].add_argument("out", metavar="OUT_DIR", help="new folder to write the demo dataset into")
    p["demo"].add_argument("--seed", type=seed, default=0)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run one subcommand. Whatever happens, the user sees one line on stderr, never a traceback
    (unless ``--debug``): a mistake they can fix (exit 1), a usage error (exit 2), a cancel
    (exit 130) or an internal error with the path of its crash log (exit 70)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    module, func, _ = SUBCOMMANDS[args.command]
    prefix = f"aigc {args.command}"
    debug = bool(getattr(args, "debug", False))
    try:
        handler = getattr(importlib.import_module(f"aigc_desktop.cli.{module}"), func)
        return int(handler(args) or 0)
    except UserError as exc:
        if debug:
            raise
        _say(f"{prefix}: error: {one_line(str(exc), 2000)}")
        return 1
    except (Cancelled, KeyboardInterrupt):
        _say(f"{prefix}: cancelled")
        return 130
    except BrokenPipeError:  # the reader of our output went away (``aigc info | head``): not an error
        _silence_stdout()
        return 1
    except MemoryError as exc:
        if debug:
            raise
        log = write_crash_log(exc, argv, f"aigc {args.command}")
        _say(f"{prefix}: error: not enough memory for this command (try fewer samples, a smaller batch or "
             f"less data){_details(log)}")
        return 1
    except OSError as exc:  # a path the user gave that cannot be read or written
        if debug:
            raise
        where = f": {display(exc.filename)}" if exc.filename else ""
        _say(f"{prefix}: error: {one_line(exc.strerror or str(exc))}{where}")
        return 1
    except Exception as exc:  # a bug: one line, and everything needed to fix it in the crash log
        if debug:
            raise
        log = write_crash_log(exc, argv, f"aigc {args.command}")
        _say(f"{prefix}: internal error: {describe(exc)}{_details(log)}")
        return EXIT_INTERNAL_ERROR


def _details(log) -> str:
    return f"; details in {log}" if log else "; details above"


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
