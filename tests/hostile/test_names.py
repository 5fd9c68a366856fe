"""§5: names from real disks. File and folder names that are not UTF-8 are carried losslessly
through the catalog, every report and every output; very long names and paths are handled."""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
from PIL import Image

from tests.hostile.helpers import assert_one_line_error, cli, make_images, tree_state

LATIN1 = b"caf\xe9"  # "café" as an old Windows or network share would store it: not UTF-8


def _name(raw: bytes) -> str:
    """The str Python uses for a name of these bytes (undecodable bytes as surrogates)."""
    return os.fsdecode(raw)


def _odd_dataset(tmp_path) -> Path:
    """A dataset whose own name, one class folder and some files are not valid UTF-8."""
    root = tmp_path / _name(b"data_" + LATIN1)
    rng = np.random.default_rng(3)
    for label in (_name(b"cl\xe9"), "plain"):
        (root / label).mkdir(parents=True)
        for i in range(6):
            pixels = (rng.random((28, 28)) * (250 if label == "plain" else 90)).astype(np.uint8)
            Image.fromarray(pixels).save(root / label / _name(LATIN1 + b"_%d.png" % i))
    return root


def _read_json(path) -> dict:
    data = Path(path).read_bytes()
    data.decode("utf-8")  # valid UTF-8, whatever the names
    return json.loads(data)


def test_odd_names_round_trip_through_info_scan_import_and_clean(tmp_path, capsys):
    data = _odd_dataset(tmp_path)
    before = tree_state(data)
    rc, out, err = cli(capsys, "info", data, "--json")
    assert rc == 0, err
    info = json.loads(out)
    assert info["labels"] == {_name(b"cl\xe9"): 6, "plain": 6} and info["name"] == data.name
    rc, out, err = cli(capsys, "info", data)  # the human summary prints too
    assert rc == 0, err

    report = tmp_path / "r.json"
    rc, _, err = cli(capsys, "scan", data, "--report", report)
    assert rc == 0, err
    items = _read_json(report)["items"]
    paths = {os.fsencode(item["path"]) for item in items}
    assert paths == {os.fsencode(p.relative_to(data)) for p in data.rglob("*.png")}
    odd = next(item for item in items if "\udce9" in item["path"])
    assert odd["display_path"].isprintable() and "\\xe9" in odd["display_path"]

    project = tmp_path / _name(b"proj_" + LATIN1 + b".aigc")
    rc, _, err = cli(capsys, "import", data, "--project", project)
    assert rc == 0, err
    rc, out, err = cli(capsys, "info", project, "--json")
    assert rc == 0 and json.loads(out)["labels"][_name(b"cl\xe9")] == 6

    clean = tmp_path / _name(b"clean_" + LATIN1)
    rc, _, err = cli(capsys, "clean", project, "--report", report, "--out", clean)
    assert rc == 0, err
    cleaning = _read_json(clean / "cleaning_report.json")
    sources = {os.fsencode(f["source"]) for f in cleaning["output"]["files"]}
    assert sources <= paths and len(sources) == cleaning["output"]["n_files"] > 0
    (clean / "cleaning_report.md").read_bytes().decode("utf-8")
    assert tree_state(data) == before


def test_a_run_folder_with_an_odd_name_trains_resumes_generates_and_exports(tmp_path, capsys):
    data = make_images(tmp_path / "data", per_class=6)
    run = tmp_path / _name(b"run_" + LATIN1)
    args = ["train", data, "--model", "vae", "--epochs", "1", "--out", run, "--device", "cpu", "--latent", "4"]
    assert cli(capsys, *args)[0] == 0
    args[5] = "2"
    rc, _, err = cli(capsys, *args, "--resume")
    assert rc == 0, err
    rc, _, err = cli(capsys, "generate", run, "-n", "2", "--out", tmp_path / _name(b"gen_" + LATIN1),
                     "--export-model", tmp_path / _name(b"model_" + LATIN1))
    assert rc == 0, err
    exported = sorted(os.listdir(tmp_path / _name(b"model_" + LATIN1)))
    assert {"generator.safetensors", "generator.pt", "generator.onnx", "MODEL_CARD.md"} <= set(exported)
    manifest = _read_json(tmp_path / _name(b"gen_" + LATIN1) / "manifest.json")
    assert os.fsencode(manifest["run_dir"]).endswith(b"run_" + LATIN1)


def test_two_long_stems_are_shortened_deterministically(tmp_path, capsys):
    data = tmp_path / "data"
    rng = np.random.default_rng(0)
    # legal names of 255 bytes with ".png"; the two of a folder differ only in case, so the export
    # (which keeps names apart case-insensitively) must number one: "_2.png" would be 257 bytes
    for folder, stem in (("a", "x" * 251), ("a", "X" * 251), ("b", "y" * 250 + "z"), ("b", "Y" * 250 + "z")):
        (data / folder).mkdir(parents=True, exist_ok=True)
        Image.fromarray((rng.random((28, 28)) * 255).astype(np.uint8)).save(data / folder / f"{stem}.png")
    report = tmp_path / "r.json"
    assert cli(capsys, "scan", data, "--report", report)[0] == 0
    outputs = []
    for k in (1, 2):
        rc, out, err = cli(capsys, "clean", data, "--report", report, "--out", tmp_path / f"clean{k}")
        assert rc == 0, err
        assert json.loads(out)["written"] == 4
        outputs.append(sorted(os.fsencode(p.relative_to(tmp_path / f"clean{k}"))
                              for p in (tmp_path / f"clean{k}").rglob("*.png")))
    assert outputs[0] == outputs[1]  # the same names every time
    assert all(len(os.path.basename(p)) <= 255 for p in outputs[0])
    assert len(set(outputs[0])) == 4


def test_a_path_beyond_the_system_limit_is_a_corrupt_item_with_the_reason(tmp_path, capsys):
    data = make_images(tmp_path / "data", per_class=2)
    fd = os.open(data, os.O_RDONLY)
    try:
        for i in range(18):  # 18 folders of 244 bytes: more than 4,096 bytes below the root
            name = f"d{i:02d}" + "x" * 241
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        Image.fromarray(np.zeros((28, 28), np.uint8)).save(f"/proc/self/fd/{fd}/deep.png")
    finally:
        os.close(fd)
    rc, out, err = cli(capsys, "info", data, "--json")
    assert rc == 0, err
    info = json.loads(out)
    assert info["items"] == 5 and info["corrupt_by_reason"] == {"unreadable_path": 1}
    report = tmp_path / "r.json"
    assert cli(capsys, "scan", data, "--report", report)[0] == 0
    deep = [i for i in _read_json(report)["items"] if i["path"].endswith("deep.png")]
    assert len(deep) == 1 and deep[0]["issues"][0]["type"] == "corrupt"
    assert "beyond what the system can open" in deep[0]["issues"][0]["detail"]


def test_duplicate_manifest_rows_are_matched_item_by_item(tmp_path, capsys):
    """The same file listed twice is two items; the report's entries match them in order, so
    the flagged copy does not slip through the cleaning."""
    data = make_images(tmp_path / "data", per_class=8)
    rows = [f"{p.relative_to(data)},{p.parent.name}" for p in sorted(data.rglob("*.png"))]
    rows.append(rows[0])  # an exact duplicate row
    (data / "m.csv").write_text("path,label\n" + "\n".join(rows) + "\n")
    report = tmp_path / "r.json"
    assert cli(capsys, "scan", data / "m.csv", "--report", report)[0] == 0
    entries = [i for i in _read_json(report)["items"] if i["path"] == rows[0].split(",")[0]]
    assert len(entries) == 2
    flagged = [e for e in entries if any(x["type"] == "exact_duplicate" and not x.get("keep", False)
                                         for x in e["issues"])]
    assert len(flagged) == 1
    rc, out, err = cli(capsys, "clean", data / "m.csv", "--report", report, "--out", tmp_path / "clean")
    assert rc == 0, err
    assert json.loads(out)["written"] == 16  # 17 rows, the duplicate left out
    assert "not in the report" not in err


def test_a_non_utf8_csv_is_one_clear_line(tmp_path, capsys):
    (tmp_path / "m.csv").write_bytes(b"path,label\n" + LATIN1 + b".png,1\n")
    rc, _, err = cli(capsys, "info", tmp_path / "m.csv")
    assert_one_line_error(rc, err, "UTF-8")
