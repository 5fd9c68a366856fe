"""Handler of ``aigc scan``: find dirty data and write the ``aigc-scan/1`` report."""
from __future__ import annotations

import json
import os
import sys

from aigc_desktop.cli.progress import ProgressLine, run_command_job
from aigc_desktop.core.jobs import JobContext


def run_scan(args) -> int:
    from aigc_desktop.core.data.dataset_ref import DatasetRef
    from aigc_desktop.core.guards import check_output_file, protect_items, protected_dataset
    from aigc_desktop.core.quality.registry import parse_checks
    from aigc_desktop.core.quality.scan import save_scan, scan, write_report

    checks = parse_checks(args.checks)  # a typo fails before any decoding
    protect = protected_dataset(args.dataset)
    check_output_file(args.report, "scan report", protect)
    ctx = JobContext()
    dataset = DatasetRef(args.dataset)
    catalog, dataset_id = run_command_job(dataset.open(ctx), "scan", ProgressLine())
    with catalog:
        # items that live outside the root (links, manifest rows) are known only now
        report = check_output_file(args.report, "scan report", protect.extend(protect_items(catalog, dataset_id)))
        result = run_command_job(scan(catalog, dataset_id, checks, ctx), "scan", ProgressLine())
        write_report(result.to_report(), report)
        if dataset.is_project and not catalog.read_only:
            save_scan(catalog, dataset_id, result)  # the GUI opens the project on this scan
    counts = result.counts()
    print(json.dumps({"report": os.fspath(args.report), "n_items": len(result), "seconds": round(result.seconds, 2),
                      "summary": counts}))
    flagged = sum(counts.values())
    print(f"aigc scan: {len(result)} items, {flagged} issues found", file=sys.stderr)
    return 0
