"""Handler of ``aigc scan``: find dirty data and write the ``aigc-scan/1`` report."""
from __future__ import annotations

import json
import sys

from aigc_desktop.cli.progress import ProgressLine


def run_scan(args) -> int:
    from aigc_desktop.core.data.catalog import is_project_file, open_dataset
    from aigc_desktop.core.quality.registry import parse_checks
    from aigc_desktop.core.quality.scan import save_scan, scan, write_report

    checks = parse_checks(args.checks)  # a typo fails before any decoding
    line = ProgressLine()
    catalog, dataset_id = open_dataset(args.dataset, progress=line)
    try:
        result = scan(catalog, dataset_id, checks, progress=line)
        line.close()
        write_report(result.to_report(), args.report)
        if is_project_file(args.dataset) and not catalog.read_only:
            save_scan(catalog, dataset_id, result)  # the GUI opens the project on this scan
    finally:
        catalog.close()
    counts = result.counts()
    print(json.dumps({"report": str(args.report), "n_items": len(result), "seconds": round(result.seconds, 2),
                      "summary": counts}))
    flagged = sum(counts.values())
    print(f"aigc scan: {len(result)} items, {flagged} issues found", file=sys.stderr)
    return 0
