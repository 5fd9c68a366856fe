"""The scan as a service and a command: the aigc-scan/1 report, storage in the project, cancel,
and the built-in demo dataset checked against its truth.json."""
from __future__ import annotations

import json

import numpy as np
import pytest

from aigc_desktop.cli import main
from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.data.demo import write_demo
from aigc_desktop.core.jobs import CancelToken, Cancelled, run_job
from aigc_desktop.core.quality.registry import ISSUE_TYPES, get_check
from aigc_desktop.core.quality.scan import ScanProgress, ScanResult, load_latest_scan, save_scan, scan, write_report
from tests.jobs import collect, context, imported

GROUPED = {"exact_duplicate", "near_duplicate", "label_conflict"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo") / "digits"
    truth = run_job(write_demo(root, seed=0))
    return root, truth


@pytest.fixture(scope="module")
def demo_scan(demo):
    root, truth = demo
    catalog = Catalog.in_memory()
    dataset_id = imported(catalog, root)
    result = run_job(scan(catalog, dataset_id, None, context()))
    yield catalog, dataset_id, result
    catalog.close()


def test_demo_planted_issues_are_found(demo, demo_scan):
    root, truth = demo
    _, _, result = demo_scan
    row = {str(p): i for i, p in enumerate(result.paths)}
    missed = []
    for p in truth["planted"]:
        i = row[p["path"]]
        if not result.flagged(p["type"])[i]:
            missed.append((p["path"], p["type"]))
            continue
        if "of" in p:  # a copy and its original belong to one group
            group = result.groups[p["type"]]
            assert group[i] >= 0 and group[i] == group[row[p["of"]]], p
    # flipped labels are the only statistical call here; every other planted issue must be found
    assert [m for m in missed if m[1] != "suspected_label_error"] == []
    flips = [p for p in truth["planted"] if p["type"] == "suspected_label_error"]
    assert len([m for m in missed if m[1] == "suspected_label_error"]) <= 0.4 * len(flips)


def test_demo_clean_items_are_rarely_flagged(demo, demo_scan):
    root, truth = demo
    _, _, result = demo_scan
    touched = {p["path"] for p in truth["planted"]} | {p["of"] for p in truth["planted"] if "of" in p}
    clean = np.array([str(p) not in touched for p in result.paths])
    for t in result.checked:
        rate = (result.flagged(t) & clean).sum() / clean.sum()
        assert rate <= 0.01, (t, rate)


def test_report_follows_the_schema(demo, demo_scan, tmp_path):
    root, truth = demo
    _, _, result = demo_scan
    path = tmp_path / "out" / "report.json"
    write_report(result.to_report(), path)
    report = json.loads(path.read_text("utf-8"))
    assert report["schema"] == "aigc-scan/1"
    assert report["n_items"] == len(report["items"]) == truth["n_files"]
    assert report["root"] == str(root.resolve()) or report["root"] == str(root)
    listed = {item["path"] for item in report["items"]}
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != "truth.json"}
    assert listed == on_disk                         # every file, also the unreadable ones
    counts = {t: 0 for t in ISSUE_TYPES}
    groups: dict[tuple[str, int], list[dict]] = {}
    for item in report["items"]:
        assert "\\" not in item["path"] and not item["path"].startswith("/")
        assert isinstance(item["label"], str)
        for issue in item["issues"]:
            assert issue["type"] in ISSUE_TYPES and 0 <= issue["score"] <= 1
            counts[issue["type"]] += 1
            if issue["type"] in GROUPED:
                assert isinstance(issue["group"], int)
                groups.setdefault((issue["type"], issue["group"]), []).append(issue)
            else:
                assert "group" not in issue
    assert report["summary"] == counts
    for (t, g), members in groups.items():
        assert len(members) >= 2 and sum(m["keep"] for m in members) == 1, (t, g)
    corrupt = {i["path"]: i["issues"] for i in report["items"] if any(x["type"] == "corrupt" for x in i["issues"])}
    zero = [t["path"] for t in truth["planted"] if t["type"] == "corrupt" and t.get("reason") == "zero_bytes"]
    assert zero and all(corrupt[path][0]["detail"].startswith("zero bytes") for path in zero)


def test_thresholds_change_what_is_flagged(demo_scan):
    _, _, result = demo_scan
    loose = result.counts({"near_duplicate": 0.2})["near_duplicate"]
    strict = result.counts({"near_duplicate": 0.95})["near_duplicate"]
    assert strict <= result.counts()["near_duplicate"] <= loose
    assert result.flagged("blank", 1.01).sum() == 0


def test_scan_is_stored_in_the_project(demo, tmp_path):
    root, _ = demo
    project = tmp_path / "p.aigc"
    with Catalog.open(project, create=True) as catalog:
        dataset_id = imported(catalog, root)
        assert load_latest_scan(catalog, dataset_id) is None
        result = run_job(scan(catalog, dataset_id, ["exact_duplicate", "blank", "corrupt"], context()))
        save_scan(catalog, dataset_id, result)
    with Catalog.open(project) as catalog:
        loaded = load_latest_scan(catalog, dataset_id)
    assert loaded.checked == ["corrupt", "exact_duplicate", "blank"]
    assert list(loaded.paths) == list(result.paths)
    for t in loaded.checked:
        np.testing.assert_array_equal(loaded.scores[t], result.scores[t])
    np.testing.assert_array_equal(loaded.groups["exact_duplicate"], result.groups["exact_duplicate"])
    np.testing.assert_array_equal(loaded.keepers["exact_duplicate"], result.keepers["exact_duplicate"])
    assert loaded.to_report() == result.to_report()


def test_the_scan_job_yields_progress_returns_the_result_and_can_be_cancelled(demo):
    root, _ = demo
    with Catalog.in_memory() as catalog:
        dataset_id = imported(catalog, root)
        events, result = collect(scan(catalog, dataset_id, ["blank", "dark"], context()))
        assert events and all(isinstance(e, ScanProgress) for e in events)
        assert events[-1].stage == "done" and events[-1].final
        assert isinstance(result, ScanResult) and result.checked == ["blank", "dark"]

        token = CancelToken()
        seen = []

        def cancel_once_pixels_come(event) -> None:
            seen.append(event)
            if event.stage == "pixels" and event.done > 0:
                token.cancel()

        with pytest.raises(Cancelled):
            run_job(scan(catalog, dataset_id, None, context(cancel=token)), cancel_once_pixels_come)
        assert seen[-1].stage == "pixels" and not any(e.stage == "done" for e in seen)


def test_cli_scan_writes_the_report(demo, tmp_path, capsys):
    root, truth = demo
    report_path = tmp_path / "report.json"
    assert main(["scan", str(root), "--report", str(report_path), "--checks", "corrupt,exact_duplicate,odd_mode"]) == 0
    out = json.loads(capsys.readouterr().out)
    report = json.loads(report_path.read_text("utf-8"))
    assert out["summary"] == report["summary"]
    assert report["summary"]["corrupt"] == sum(p["type"] == "corrupt" for p in truth["planted"])
    assert set(report["summary"]) == {"corrupt", "exact_duplicate", "odd_mode"}
    assert main(["scan", str(root), "--report", str(report_path), "--checks", "smudge"]) == 1
    assert "unknown issue type" in capsys.readouterr().err
    assert get_check("odd_mode").default_threshold == report["thresholds"]["odd_mode"]


def test_cli_scan_of_a_project_stores_the_scan(demo, tmp_path, capsys):
    root, _ = demo
    project = tmp_path / "p.aigc"
    assert main(["import", str(root), "--project", str(project)]) == 0
    assert main(["scan", str(project), "--report", str(tmp_path / "r.json"), "--checks", "blank,corrupt"]) == 0
    capsys.readouterr()
    with Catalog.open(project) as catalog:
        stored = load_latest_scan(catalog, catalog.datasets()[-1].id)
    assert stored is not None and stored.checked == ["corrupt", "blank"]
    assert stored.to_report() == json.loads((tmp_path / "r.json").read_text("utf-8"))


def test_a_stored_scan_of_items_no_longer_there_is_a_clear_error(demo, tmp_path):
    import sqlite3

    from aigc_desktop.core.errors import UserError

    root, _ = demo
    project = tmp_path / "p.aigc"
    with Catalog.open(project, create=True) as catalog:
        dataset_id = imported(catalog, root)
        save_scan(catalog, dataset_id, run_job(scan(catalog, dataset_id, ["blank"], context())))
        other = imported(catalog, root)
        stored = catalog.scans.latest(dataset_id)
        assert stored.checks == ["blank"] and set(stored.summary) == {"blank"} and stored.n_items > 0
        assert catalog.scans.latest(other) is None
        first_item = int(catalog.items(dataset_id).ids[0])
    with sqlite3.connect(project) as conn:  # a damaged project: an item of the scan is gone
        conn.execute("DELETE FROM items WHERE id = ?", (first_item,))
    with Catalog.open(project) as catalog:
        with pytest.raises(UserError, match="no longer in the dataset"):
            load_latest_scan(catalog, dataset_id)
