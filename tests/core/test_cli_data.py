"""``aigc import`` and ``aigc info``: one summary line, JSON counts, clear errors."""
from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.cli import main


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    for i in range(6):
        (root / "xy"[i % 2]).mkdir(parents=True, exist_ok=True)
        Image.fromarray(np.full((4, 4), i, np.uint8)).save(root / "xy"[i % 2] / f"{i}.png")
    (root / "y" / "cut.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    (root / "notes.txt").write_text("not an image")
    return root


def test_import_then_info(tmp_path, tree, capsys):
    project = tmp_path / "p.aigc"
    assert main(["import", str(tree), "--project", str(project), "--workers", "2"]) == 0
    out, err = capsys.readouterr()
    assert len(out.strip().splitlines()) == 1
    assert "7 items, 6 readable, 1 corrupt (truncated 1)" in out and "skipped 1 non-image" in out
    assert "import:" in err  # progress goes to stderr
    assert main(["info", str(project), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert (info["items"], info["readable"], info["corrupt"]) == (7, 6, 1)
    assert info["corrupt_by_reason"] == {"truncated": 1}
    assert info["labels"] == {"x": 3, "y": 4}
    assert info["sizes"] == {"4x4": 6} and info["modes"] == {"L": 6}
    assert info["skipped_non_image"] == {".txt": 1}
    assert [d["name"] for d in info["datasets"]] == ["tree"]


def test_info_on_a_dataset_path_without_a_project(tree, capsys):
    assert main(["info", str(tree), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert (info["items"], info["kind"], info["labels"]) == (7, "imagefolder", {"x": 3, "y": 4})
    assert main(["info", str(tree)]) == 0
    text = capsys.readouterr().out
    assert "items 7: readable 6, corrupt 1 (truncated 1)" in text and "labels: x 3, y 4" in text


def test_info_on_mnist_idx(mnist_paths, capsys):
    assert main(["info", str(mnist_paths[0]), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["items"] == 10_000 and info["readable"] == 10_000
    assert sum(info["labels"].values()) == 10_000 and info["labels"]["1"] == 1135


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_text("hello"), "not a dataset this app can read"),
    (lambda p: None, "does not exist"),
])
def test_bad_dataset_is_one_clean_line(tmp_path, capsys, make, message):
    target = tmp_path / "thing.txt"
    make(target)
    assert main(["info", str(target), "--json"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err and "Traceback" not in err


def test_bad_project_is_one_clean_line(tmp_path, tree, capsys):
    bogus = tmp_path / "bogus.aigc"
    bogus.write_text("not sqlite")
    assert main(["import", str(tree), "--project", str(bogus)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("aigc import: error:") and "not an AIGC Desktop project" in err
    assert main(["info", str(bogus)]) == 1
    assert "not an AIGC Desktop project" in capsys.readouterr().err
