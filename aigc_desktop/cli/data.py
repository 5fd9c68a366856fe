"""Handlers of ``aigc import``, ``aigc info`` and ``aigc demo``."""
from __future__ import annotations

import json
import os

from aigc_desktop.cli.progress import ProgressLine, run_command_job
from aigc_desktop.core.guards import display
from aigc_desktop.core.jobs import JobContext


def run_demo(args) -> int:
    from aigc_desktop.core.data.demo import write_demo

    truth = run_command_job(write_demo(args.out, seed=args.seed), "demo", ProgressLine())
    counts: dict[str, int] = {}
    for item in truth["planted"]:
        counts[item["type"]] = counts.get(item["type"], 0) + 1
    print(json.dumps({"out": os.fspath(args.out), "n_files": truth["n_files"], "n_clean": truth["n_clean"],
                      "planted": counts}))
    return 0


def run_import(args) -> int:
    from aigc_desktop.core.guards import check_output_file, protected_dataset, remove_on_failure
    from aigc_desktop.core.project import Project, import_into_project

    check_output_file(args.project, "project", protected_dataset(args.dataset))
    ctx = JobContext(workers=args.workers) if args.workers else JobContext()
    project = Project.at(args.project)
    with remove_on_failure([args.project]):  # a failed import leaves no new, empty project behind
        dataset_id = run_command_job(import_into_project(project, args.dataset, ctx), "import", ProgressLine())
    with project.open() as catalog:
        s = catalog.summary(dataset_id)
    text = f"imported {display(s['name'])} ({s['kind']}) into {display(args.project)}: {s['items']} items, {s['readable']} readable"
    if s["corrupt"]:
        text += f", {s['corrupt']} corrupt (" + ", ".join(f"{k} {v}" for k, v in s["corrupt_by_reason"].items()) + ")"
    skipped = sum(s["skipped_non_image"].values())
    if skipped or s["skipped_hidden"]:
        text += f"; skipped {skipped} non-image and {s['skipped_hidden']} hidden"
    print(text + f" [dataset {dataset_id}]")
    return 0


def run_info(args) -> int:
    from aigc_desktop.core.data.catalog import Catalog
    from aigc_desktop.core.data.dataset_ref import is_project_file
    from aigc_desktop.core.data.info import format_summary, project_summary

    if is_project_file(args.dataset):
        with Catalog.open(args.dataset) as catalog:  # read-only files open read-only by themselves
            result = project_summary(str(args.dataset), [catalog.summary(d.id) for d in catalog.datasets()])
    else:
        with Catalog.in_memory() as catalog:
            dataset_id = run_command_job(catalog.import_dataset(args.dataset, JobContext()), "info", ProgressLine())
            result = catalog.summary(dataset_id)
    if args.json:
        print(json.dumps(result, indent=1))  # ASCII: a name that is not UTF-8 stays an exact \udcNN escape
    else:  # names that are not UTF-8 show their bytes as \xNN
        print(display(format_summary(result)))
        for dataset in result.get("datasets", []):
            print(display(format_summary(dataset)))
    return 0
