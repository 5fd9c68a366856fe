"""Apply a cleaning plan to a dataset of the catalog as a new version; apply a version's transforms to pixels."""
from __future__ import annotations

from typing import Optional

import numpy as np
from PIL import Image

from aigc_desktop.core.cleaning.plans import CleaningPlan, PlanOutcome, resolve_plan
from aigc_desktop.core.cleaning.versions import VersionInfo, create_version, current_state, record_manual_edits
from aigc_desktop.core.errors import UserError


def preview_plan(catalog, dataset_id: int, scan, plan: CleaningPlan) -> PlanOutcome:
    """What ``plan`` would do to the dataset's current state (nothing is written)."""
    items = catalog.items(dataset_id)
    return resolve_plan(plan, scan, items, current_state(catalog, dataset_id, items))


def outcome_summary(outcome: PlanOutcome) -> str:
    c = outcome.counts()
    return (f"cleaned: {c['excluded']} excluded, {c['relabelled']} relabelled, {c['transformed']} converted or "
            f"resized; {c['included_after']} of {c['items']} included")


def apply_plan(catalog, dataset_id: int, scan, plan: CleaningPlan) -> tuple[VersionInfo, PlanOutcome]:
    """Record manual edits (if any), resolve ``plan`` against the current state and store the result
    as a new current version, in one transaction. The source files are not touched."""
    if scan is None:
        raise UserError("scan the dataset before cleaning it")
    if scan.dataset_id is not None and scan.dataset_id != dataset_id:
        raise UserError(f"the scan is of dataset {scan.dataset_id}, not of dataset {dataset_id}")
    with catalog.transaction():
        items = catalog.items(dataset_id)
        record_manual_edits(catalog, dataset_id, items)
        outcome = resolve_plan(plan, scan, items, current_state(catalog, dataset_id, items))
        plan_json = plan.to_json()
        plan_json["summary"] = plan.summary()
        plan_json["target_mode_used"] = outcome.target_mode
        plan_json["target_size_used"] = list(outcome.target_size)
        version = create_version(catalog, dataset_id, outcome.after, "clean", outcome_summary(outcome),
                                 plan=plan_json, reasons=outcome.reasons, items=items)
    return version, outcome


def apply_transform(pixels: np.ndarray, transform: Optional[dict]) -> np.ndarray:
    """Decoded pixels (H,W[,C] uint8) with a version's transform applied: ``mode`` first, then
    ``resize`` = [width, height] (bilinear, antialiased)."""
    if not transform:
        return pixels
    image = Image.fromarray(pixels)
    mode = transform.get("mode")
    if mode and image.mode != mode:
        image = image.convert(mode)
    size = transform.get("resize")
    if size and tuple(image.size) != (int(size[0]), int(size[1])):
        image = image.resize((int(size[0]), int(size[1])), Image.BILINEAR)
    return np.asarray(image)
