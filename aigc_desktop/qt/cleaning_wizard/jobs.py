"""Work the wizard runs in workers, each on its own catalog connection (connections are per thread)."""
from __future__ import annotations


def scan_in_project(project_path: str, dataset_id: int, checks: list[str], workers: int, cancel=None):
    """Scan, store the scan in the project, yield progress; the ScanResult is the return value."""
    from aigc_desktop.core.data.catalog import Catalog
    from aigc_desktop.core.quality.scan import ScanResult, iter_scan, save_scan

    with Catalog.open(project_path) as catalog:
        result = None
        for event in iter_scan(catalog, dataset_id, checks, cancel=cancel, workers=workers):
            if isinstance(event, ScanResult):
                result = event
            else:
                yield event
        save_scan(catalog, dataset_id, result)
        return result


def apply_in_project(project_path: str, dataset_id: int, scan, plan):
    """Apply the plan as a new version; returns (VersionInfo, PlanOutcome)."""
    from aigc_desktop.core.cleaning.apply import apply_plan
    from aigc_desktop.core.data.catalog import Catalog

    with Catalog.open(project_path) as catalog:
        return apply_plan(catalog, dataset_id, scan, plan)


def export_in_project(project_path: str, dataset_id: int, out_dir: str, version_number: int, progress=None,
                      cancel=None):
    """Export the kept items of a version as new files (with its cleaning report when it has a plan)."""
    from aigc_desktop.core.cleaning.export import export_state
    from aigc_desktop.core.cleaning.versions import get_version, version_state
    from aigc_desktop.core.data.catalog import Catalog

    with Catalog.open(project_path, read_only=True) as catalog:
        version = get_version(catalog, dataset_id, version_number)
        state = version_state(catalog, dataset_id, version_number)
        summary = export_state(catalog, dataset_id, state, out_dir, progress=progress, cancel=cancel)
        return version, summary
