"""Handler of ``aigc clean``: the default plan applied to a dataset, the kept items written as new files."""
from __future__ import annotations

import json

from aigc_desktop.cli.progress import ProgressLine, run_command_job
from aigc_desktop.core.jobs import JobContext


def run_clean(args) -> int:
    from aigc_desktop.core.cleaning.from_report import load_scan_report
    from aigc_desktop.core.data.dataset_ref import DatasetRef
    from aigc_desktop.core.guards import check_output_folder, protected_dataset
    from aigc_desktop.core.project import clean_to_folder

    check_output_folder(args.out, "cleaned dataset", protected_dataset(args.dataset))  # before the report is read
    report = load_scan_report(args.report)
    summary = run_command_job(clean_to_folder(DatasetRef(args.dataset), report, args.out, JobContext()), "clean",
                              ProgressLine())
    print(json.dumps(summary))
    return 0
