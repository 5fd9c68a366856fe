"""Dataset versions: apply a plan, edit by hand, revert, export; the source files are never touched."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.cleaning.apply import apply_plan, preview_plan
from aigc_desktop.core.cleaning.export import export_state
from aigc_desktop.core.cleaning.plans import CleaningPlan
from aigc_desktop.core.cleaning.report import build_report, save_report
from aigc_desktop.core.cleaning.versions import (current_state, current_transforms, list_versions, revert_to,
                                                 version_state)
from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.data.decode import pixel_hash
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import CancelToken, Cancelled, run_job
from aigc_desktop.core.quality.scan import scan
from tests.jobs import context, imported

CHEAP_CHECKS = ["corrupt", "exact_duplicate", "missing_label", "odd_size", "odd_mode", "blank", "dark", "light"]


def digest(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    from aigc_desktop.core.data.demo import write_demo

    base = tmp_path_factory.mktemp("versions")
    run_job(write_demo(base / "digits", seed=2, n_clean=150))
    with Catalog.open(base / "p.aigc", create=True) as catalog:
        dataset_id = imported(catalog, base / "digits", 1)
        result = run_job(scan(catalog, dataset_id, CHEAP_CHECKS, context()))
    return base, dataset_id, result


@pytest.fixture
def project(scanned, tmp_path):
    base, dataset_id, result = scanned
    import shutil

    shutil.copy(base / "p.aigc", tmp_path / "p.aigc")
    catalog = Catalog.open(tmp_path / "p.aigc")
    yield catalog, dataset_id, result, base / "digits"
    catalog.close()


def test_version_zero_is_the_import(project):
    catalog, dataset_id, _, _ = project
    versions = list_versions(catalog, dataset_id)
    assert [(v.number, v.kind, v.current) for v in versions] == [(0, "import", True)]
    assert versions[0].id is not None  # written by the import itself, in its transaction
    assert versions[0].stats["included"] == len(catalog.items(dataset_id))


def test_reading_versions_never_writes_and_works_on_a_read_only_project(project, tmp_path):
    catalog, dataset_id, result, _ = project
    catalog.close()
    with Catalog.open(tmp_path / "p.aigc", read_only=True) as read_only:
        assert [v.number for v in list_versions(read_only, dataset_id)] == [0]
        outcome = preview_plan(read_only, dataset_id, result, CleaningPlan())
        assert outcome.counts()["excluded"] > 0
        with pytest.raises(UserError, match="read-only"):
            apply_plan(read_only, dataset_id, result, CleaningPlan())
    _forget_versions(tmp_path / "p.aigc", dataset_id)  # and one imported before versions were written
    with Catalog.open(tmp_path / "p.aigc", read_only=True) as read_only:
        assert [(v.number, v.id) for v in list_versions(read_only, dataset_id)] == [(0, None)]
        assert preview_plan(read_only, dataset_id, result, CleaningPlan()).counts() == outcome.counts()


def _forget_versions(path, dataset_id: int) -> None:
    """Make the project look like one imported before versions were written at import."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM current_versions WHERE dataset_id = ?", (dataset_id,))
        conn.execute("DELETE FROM dataset_versions WHERE dataset_id = ?", (dataset_id,))


def test_a_dataset_imported_before_versions_gets_version_0_with_its_first_version(project, tmp_path):
    catalog, dataset_id, result, _ = project
    catalog.close()
    _forget_versions(tmp_path / "p.aigc", dataset_id)
    with Catalog.open(tmp_path / "p.aigc") as old:
        before = old.items(dataset_id)
        (zero,) = list_versions(old, dataset_id)
        assert (zero.number, zero.kind, zero.current, zero.id) == (0, "import", True, None)  # described, not written
        assert zero.stats["items"] == zero.stats["included"] == len(before)
        preview_plan(old, dataset_id, result, CleaningPlan())
        assert len(list_versions(old, dataset_id)) == 1 and list_versions(old, dataset_id)[0].id is None
        version, _ = apply_plan(old, dataset_id, result, CleaningPlan())
        versions = list_versions(old, dataset_id)
        assert [(v.number, v.kind) for v in versions] == [(0, "import"), (1, "clean")] and versions[0].id is not None
        assert version.parent_number == 0 and versions[0].stats == zero.stats
        revert_to(old, dataset_id, 0)
        assert old.items(dataset_id).included.all()


def test_apply_then_revert_round_trips(project):
    catalog, dataset_id, result, root = project
    before_files = digest(root)
    items0 = catalog.items(dataset_id)
    preview = preview_plan(catalog, dataset_id, result, CleaningPlan())
    version, outcome = apply_plan(catalog, dataset_id, result, CleaningPlan())
    assert version.number == 1 and version.parent_number == 0 and version.kind == "clean"
    assert np.array_equal(preview.after.included, outcome.after.included)
    items1 = catalog.items(dataset_id)
    flagged = np.zeros(len(items1), bool)
    for t in ("corrupt", "missing_label", "blank", "dark", "light"):
        flagged |= result.flagged(t)
    assert flagged.any() and not items1.included[flagged].any()  # excluded what the default plan excludes
    assert int(items1.included.sum()) == outcome.counts()["included_after"] < len(items1)
    transforms = current_transforms(catalog, dataset_id)
    assert set(transforms) == set(items1.ids[result.flagged("odd_size") | result.flagged("odd_mode")].tolist())

    # a manual edit after the version, then a revert to the import
    catalog.set_labels(dataset_id, [int(items1.ids[0])], ["edited"])
    reverted = revert_to(catalog, dataset_id, 0)
    versions = list_versions(catalog, dataset_id)
    assert [v.kind for v in versions] == ["import", "clean", "edits", "revert"]
    assert reverted.number == 3 and reverted.parent_number == 2 and versions[-1].current
    items3 = catalog.items(dataset_id)
    assert items3.included.all() and list(items3.label) == list(items0.label)
    assert current_transforms(catalog, dataset_id) == {}

    # back to the cleaned version, then to the manual edits: each state comes back exactly
    revert_to(catalog, dataset_id, 1)
    items4 = catalog.items(dataset_id)
    assert np.array_equal(items4.included, items1.included) and list(items4.label) == list(items1.label)
    assert current_transforms(catalog, dataset_id) == transforms
    revert_to(catalog, dataset_id, 2)
    assert catalog.items(dataset_id).label[0] == "edited"
    assert digest(root) == before_files


def test_versions_survive_reopening(project, tmp_path):
    catalog, dataset_id, result, _ = project
    apply_plan(catalog, dataset_id, result, CleaningPlan())
    state = current_state(catalog, dataset_id)
    catalog.close()
    with Catalog.open(tmp_path / "p.aigc", read_only=True) as again:
        assert [v.number for v in list_versions(again, dataset_id)] == [0, 1]
        v1 = version_state(again, dataset_id, 1)
        assert np.array_equal(v1.included, state.included)
        assert json.loads(json.dumps(list_versions(again, dataset_id)[1].plan))["actions"]["blank"] == "exclude"


def test_export_writes_the_current_version(project, tmp_path):
    catalog, dataset_id, result, root = project
    _, outcome = apply_plan(catalog, dataset_id, result, CleaningPlan())
    items = catalog.items(dataset_id)
    state = current_state(catalog, dataset_id, items)
    out = tmp_path / "exported"

    def finish(tmp, summary):
        save_report(build_report({"name": "d"}, CleaningPlan(), outcome, result, items, export=summary),
                    tmp / "cleaning_report.html")

    summary = run_job(export_state(catalog, dataset_id, state, out, context(), finish=finish))
    assert summary.n_written == int(state.included.sum()) == len(list(out.rglob("*.png")))
    assert "<h1>Cleaning report" in (out / "cleaning_report.html").read_text()
    for f in summary.files:
        pixels = np.asarray(Image.open(out / f.path))
        assert pixel_hash(pixels) == f.pixel_hash
        if not f.transform:
            row = int(np.searchsorted(items.ids, f.item_id))
            assert f.pixel_hash == items.pixel_hash[row]
    with pytest.raises(UserError):
        run_job(export_state(catalog, dataset_id, state, out, context()))


def test_cancelled_export_leaves_nothing(project, tmp_path):
    catalog, dataset_id, _, _ = project
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        run_job(export_state(catalog, dataset_id, current_state(catalog, dataset_id), tmp_path / "x",
                             context(cancel=token)))
    assert not (tmp_path / "x").exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".x.")]


def test_reports_in_three_formats(project, tmp_path):
    catalog, dataset_id, result, _ = project
    _, outcome = apply_plan(catalog, dataset_id, result, CleaningPlan())
    report = build_report({"name": "demo", "root": "/r"}, CleaningPlan(), outcome, result, catalog.items(dataset_id))
    for suffix in ("json", "md", "html"):
        save_report(report, tmp_path / f"r.{suffix}")
    loaded = json.loads((tmp_path / "r.json").read_text())
    assert loaded["counts"]["excluded"] == outcome.counts()["excluded"] == len(
        [c for c in loaded["changes"] if c["included"] == [True, False]])
    assert f"| excluded | {outcome.counts()['excluded']} |" in (tmp_path / "r.md").read_text()
    with pytest.raises(UserError):
        save_report(report, tmp_path / "r.pdf")
