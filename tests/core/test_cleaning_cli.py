"""``aigc clean`` on the demo dataset with a scan report built from its planted truth.

The report says exactly what was planted, so the kept items, their labels and their pixels are
known in advance; and the source tree must be byte-identical afterwards.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.cli import main
from aigc_desktop.core.data.decode import decode_file, pixel_hash
from aigc_desktop.core.data.demo import write_demo
from aigc_desktop.core.jobs import run_job

HIGH, LOW = 0.95, 0.4  # classifier confidences above and below the default relabel confidence (0.8)


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def truth_report(root: Path, truth: dict) -> tuple[dict, dict]:
    """An aigc-scan/1 report of the planted issues, and the expected outcome of the default plan:
    path -> label it must be exported under (absent = must be excluded) and transform if any."""
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.suffix != ".json" and p.is_file())
    issues: dict[str, list] = {p: [] for p in files}
    label_of = {p: (p.split("/")[0] if "/" in p else "") for p in files}
    expected = {p: {"label": label_of[p], "transform": None} for p in files}
    group = {"exact_duplicate": 0, "near_duplicate": 0, "label_conflict": 0}
    errors = 0
    for planted in truth["planted"]:
        p, t = planted["path"], planted["type"]
        if t in group:
            g = group[t]
            group[t] += 1
            keeper = planted["of"]
            extra = {}
            if t == "label_conflict":  # the classifier confirms the original's label
                extra = {"suggested_label": label_of[keeper], "confidence": HIGH}
            issues[keeper].append({"type": t, "score": 0.9, "group": g, "keep": True, **extra})
            issues[p].append({"type": t, "score": 0.9, "group": g, "keep": False, **extra})
            expected.pop(p)
        elif t == "suspected_label_error":
            confident = errors % 2 == 0
            errors += 1
            issues[p].append({"type": t, "score": 0.8, "suggested_label": str(planted["true_label"]),
                              "confidence": HIGH if confident else LOW})
            if confident:
                expected[p]["label"] = str(planted["true_label"])
            else:
                expected.pop(p)
        elif t == "odd_size":
            issues[p].append({"type": t, "score": 1.0})
            expected[p]["transform"] = ("size", (28, 28))
        elif t == "odd_mode":
            issues[p].append({"type": t, "score": 1.0})
            expected[p]["transform"] = ("mode", "L")
        else:  # corrupt, missing_label, blank, dark, light, blurry, outlier: excluded by default
            issues[p].append({"type": t, "score": 1.0})
            expected.pop(p)
    report = {"schema": "aigc-scan/1", "root": str(root), "n_items": len(files),
              "items": [{"path": p, "label": label_of[p], "issues": issues[p]} for p in files],
              "summary": {}}
    return report, expected


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("clean") / "digits"
    truth = run_job(write_demo(root, seed=1, n_clean=160))
    return root, truth


def test_clean_writes_exactly_the_kept_items_and_leaves_the_source_untouched(demo, tmp_path, capsys):
    root, truth = demo
    report, expected = truth_report(root, truth)
    report_path = tmp_path / "report.json"
    report_path.write_text(json.dumps(report))
    before = tree_digest(root)
    out = tmp_path / "clean"

    assert main(["clean", str(root), "--report", str(report_path), "--out", str(out)]) == 0

    assert tree_digest(root) == before
    summary = json.loads(capsys.readouterr().out)
    pngs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png"))
    assert summary["written"] == len(pngs) == len(expected)
    written = json.loads((out / "cleaning_report.json").read_text())
    assert written["schema"] == "aigc-clean/1"
    assert (out / "cleaning_report.md").read_text().startswith("# Cleaning report")
    by_source = {f["source"]: f for f in written["output"]["files"]}
    assert set(by_source) == set(expected)
    relabelled = 0
    for source, want in expected.items():
        f = by_source[source]
        assert f["path"].split("/")[0] == want["label"] if want["label"] else "/" not in f["path"]
        relabelled += want["label"] != (source.split("/")[0] if "/" in source else "")
        got = np.asarray(Image.open(out / f["path"]))
        assert pixel_hash(got) == f["pixel_hash"]
        original = decode_file(root / source).pixels
        if want["transform"] is None:
            assert pixel_hash(got) == pixel_hash(original), source
        elif want["transform"][0] == "size":
            assert got.shape == (28, 28)
        else:
            assert got.ndim == 2 and np.array_equal(got, np.asarray(Image.fromarray(original).convert("L")))
    n_errors = sum(1 for p in truth["planted"] if p["type"] == "suspected_label_error")
    assert relabelled == (n_errors + 1) // 2  # the 1st, 3rd, ... were reported confidently
    assert summary["relabelled"] == relabelled
    # the output is itself a clean dataset: importing it finds no corrupt item and the same labels
    assert main(["info", str(out), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["items"] == len(expected) and info["corrupt"] == 0
    assert info["unlabelled"] == 0


def test_clean_refuses_a_folder_that_holds_files(demo, tmp_path, capsys):
    root, truth = demo
    report, _ = truth_report(root, truth)
    (tmp_path / "report.json").write_text(json.dumps(report))
    out = tmp_path / "busy"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    code = main(["clean", str(root), "--report", str(tmp_path / "report.json"), "--out", str(out)])
    assert code == 1
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".busy")]  # no temporary folder left


def test_clean_without_a_report_says_how_to_make_one(demo, tmp_path, capsys):
    root, _ = demo
    code = main(["clean", str(root), "--report", str(tmp_path / "none.json"), "--out", str(tmp_path / "o")])
    assert code == 1
    err = capsys.readouterr().err
    assert "aigc scan" in err and err.count("\n") == 1
    assert not (tmp_path / "o").exists()


def test_clean_rejects_a_report_of_another_dataset(demo, tmp_path, capsys):
    root, _ = demo
    other = {"schema": "aigc-scan/1", "root": "/elsewhere", "n_items": 1,
             "items": [{"path": "x/not_here.png", "label": "x", "issues": [{"type": "blank", "score": 1.0}]}],
             "summary": {"blank": 1}}
    (tmp_path / "r.json").write_text(json.dumps(other))
    assert main(["clean", str(root), "--report", str(tmp_path / "r.json"), "--out", str(tmp_path / "o")]) == 1
    assert "does not describe this dataset" in capsys.readouterr().err
