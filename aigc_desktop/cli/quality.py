"""Handler of ``aigc scan``: find dirty data and write the ``aigc-scan/1`` report."""
from __future__ import annotations

import json
import sys

from aigc_desktop.cli.progress import ProgressLine, run_command_job
from aigc_desktop.core.jobs import JobContext


def run_scan(args) -> int:
    from aigc_desktop.core.data.dataset_ref import DatasetRef
    from aigc_desktop.core.quality.registry import parse_checks
    from aigc_desktop.core.quality.scan import save_scan, scan, write_report

    checks = parse_checks(args.checks)  # a typo fails before any decoding
    ctx = JobContext()
    dataset = DatasetRef(args.dataset)
    catalog, dataset_id = run_command_job(dataset.open(ctx), "scan", ProgressLine())
    with catalog:
        result = run_command_job(scan(catalog, dataset_id, checks, ctx), "scan", ProgressLine())
        write_report(result.to_report(), args.report)
        if dataset.is_project and not catalog.read_only:
            save_scan(catalog, dataset_id, result)  # the GUI opens the project on this scan
    counts = result.counts()
    print(json.dumps({"report": str(args.report), "n_items": len(result), "seconds": round(result.seconds, 2),
                      "summary": counts}))
    flagged = sum(counts.values())
    print(f"aigc scan: {len(result)} items, {flagged} issues found", file=sys.stderr)
    return 0
