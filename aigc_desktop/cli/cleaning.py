"""Handler of ``aigc clean``: the default plan applied to a dataset, the kept items written as new files."""
from __future__ import annotations

import json
import sys

from aigc_desktop.cli.progress import ProgressLine


def run_clean(args) -> int:
    from aigc_desktop.core.cleaning.export import check_out_dir
    from aigc_desktop.core.cleaning.from_report import load_scan_report
    from aigc_desktop.core.data.catalog import open_dataset

    check_out_dir(args.out)  # fail before any decoding
    report = load_scan_report(args.report)
    line = ProgressLine()
    catalog, dataset_id = open_dataset(args.dataset, progress=line)
    try:
        summary = clean_to_folder(catalog, dataset_id, report, args.out, progress=line)
    finally:
        catalog.close()
    line.close()
    print(json.dumps(summary))
    return 0


def clean_to_folder(catalog, dataset_id: int, scan_report: dict, out_dir, progress=None, cancel=None) -> dict:
    """Resolve the default plan against ``scan_report`` (nothing is written to the catalog) and
    export the kept items plus ``cleaning_report.json`` / ``.md`` into ``out_dir``."""
    from aigc_desktop.core.cleaning.export import export_state
    from aigc_desktop.core.cleaning.from_report import scan_from_report
    from aigc_desktop.core.cleaning.plans import default_plan, resolve_plan
    from aigc_desktop.core.cleaning.report import build_report, save_report
    from aigc_desktop.core.cleaning.versions import import_state

    items = catalog.items(dataset_id)
    match = scan_from_report(scan_report, items, dataset_id)
    if match.unmatched_report_paths:
        print(f"aigc clean: warning: {len(match.unmatched_report_paths)} paths of the report are not in the "
              f"dataset (e.g. {match.unmatched_report_paths[0]}); they are ignored", file=sys.stderr)
    if match.unmatched_items:
        print(f"aigc clean: warning: {match.unmatched_items} items of the dataset are not in the report; "
              "they are kept as they are", file=sys.stderr)
    plan = default_plan()
    before = import_state(items)
    before.included = items.included.copy()   # a project's edits count as the starting point
    before.label = items.label.astype(object).copy()
    outcome = resolve_plan(plan, match.scan, items, before)
    info = catalog.dataset(dataset_id)
    dataset = {"id": info.id, "name": info.name, "root": info.root, "kind": info.kind}

    def write_reports(tmp, export) -> None:
        report = build_report(dataset, plan, outcome, match.scan, items, export=export)
        report["output"]["folder"] = str(out_dir)
        save_report(report, tmp / "cleaning_report.json")
        save_report(report, tmp / "cleaning_report.md")

    export = export_state(catalog, dataset_id, outcome.after, out_dir, finish=write_reports,
                          progress=progress, cancel=cancel)
    return {"out": str(out_dir), "written": export.n_written, "skipped": len(export.skipped), **outcome.counts()}
