"""Adding an issue type is one CheckSpec and its check function: the scan runs it, the report lists
it, the cleaning plan acts on it and the experiment's robust weights take it into account."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.cleaning.plans import CleaningPlan, default_plan, resolve_plan
from aigc_desktop.core.cleaning.versions import import_state
from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.evaluation.experiment_data import robust_weights
from aigc_desktop.core.jobs import run_job
from aigc_desktop.core.quality.registry import (ISSUE_TYPES, CheckSpec, Findings, all_checks, get_check,
                                                issue_types, registered)
from aigc_desktop.core.quality.scan import scan
from tests.jobs import context, imported


def tiny(state) -> Findings:
    """A toy check: images narrower than 8 pixels score 1."""
    narrow = state.ok & (state.inputs.width < 8)
    details = np.where(narrow, "narrower than 8 pixels", "").astype(object)
    return Findings(narrow.astype(np.float32), details=details)


TINY = CheckSpec("tiny", "tiny image", "Tiny images", "Images narrower than 8 pixels.", tiny)


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "images"
    root.mkdir()
    for i in range(6):
        Image.fromarray(np.full((16, 16), 40 * i, np.uint8)).save(root / f"big_{i}.png")
    Image.fromarray(np.full((4, 4), 200, np.uint8)).save(root / "small.png")
    return root


def test_a_registered_toy_check_runs_in_the_scan_the_report_and_the_plan(folder):
    with registered(TINY):
        assert issue_types() == (*ISSUE_TYPES, "tiny") and all_checks()[-1] is TINY
        with Catalog.in_memory() as catalog:
            dataset_id = imported(catalog, folder)
            result = run_job(scan(catalog, dataset_id, ["tiny", "odd_size"], context()))
            items = catalog.items(dataset_id)
        small = list(items.path).index("small.png")
        assert result.checked == ["odd_size", "tiny"] and result.flagged("tiny").tolist() == [
            i == small for i in range(len(items))]
        report = result.to_report()
        assert report["summary"]["tiny"] == 1
        assert report["items"][small]["issues"][-1] == {"type": "tiny", "score": 1.0,
                                                        "detail": "narrower than 8 pixels"}
        plan = default_plan()
        assert plan.action("tiny") == "exclude"  # its spec's default action
        outcome = resolve_plan(plan, result, items, import_state(items))
        assert not outcome.after.included[small] and outcome.after.included.sum() == len(items) - 1
        assert "tiny: exclude" in outcome.reasons[small]
        with pytest.raises(UserError, match="does not apply to tiny"):
            CleaningPlan(actions={"tiny": "relabel"})  # an action its spec does not allow
        weights = robust_weights(result, conditional=False)
        assert weights[small] == pytest.approx(0.05) and (np.delete(weights, small) == 1).all()
    assert "tiny" not in issue_types()
    with pytest.raises(UserError, match="unknown issue type 'tiny'"):
        get_check("tiny")


def test_the_built_in_specs_say_what_each_check_needs_and_allows():
    specs = {spec.issue_type: spec for spec in all_checks()}
    assert tuple(specs) == ISSUE_TYPES
    slow = {t for t, s in specs.items() if "graph" in s.needs}
    assert slow == {"near_duplicate", "label_conflict", "suspected_label_error", "outlier"}
    assert {t for t, s in specs.items() if s.needs} == slow | {"blank", "dark", "light", "blurry"}
    assert {t for t, s in specs.items() if s.about_labels} == {"label_conflict", "missing_label",
                                                               "suspected_label_error"}
    assert default_plan().actions == {t: s.default_action for t, s in specs.items()}
    with pytest.raises(ValueError, match="default"):
        CheckSpec("broken", "broken", "Broken", "", tiny, actions=("ignore",), default_action="exclude")
