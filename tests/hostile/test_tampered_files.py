"""§6: a tampered or hand-edited run file, scan report or flag is one line naming the file and
what is wrong, never a traceback."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.hostile.helpers import assert_one_line_error, cli, make_images


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def _resume(capsys, run, data, epochs: int = 2):
    return cli(capsys, "train", data, "--model", "vae", "--epochs", str(epochs), "--out", run, "--device", "cpu",
               "--resume")


def _set(key, value):
    def change(meta):
        meta[key] = value
    return change


def _drop(key):
    def change(meta):
        meta.pop(key)
    return change


def _position(epoch, step):
    def change(meta):
        meta["position"] = {"epoch": epoch, "step": step}
    return change


def _mid_epoch_without_sums(meta):
    meta["position"] = {"epoch": meta["epochs_done"], "step": 1}
    meta.pop("epoch_sums", None)
    meta["epoch_seen"] = 16


LAST_JSON_CASES = {
    "global_step missing": (_drop("global_step"), "global_step"),
    "global_step not a number": (_set("global_step", "many"), "global_step"),
    "config a list": (_set("config", [1, 2]), "config"),
    "config with a bad value": (_set("config", {"model": "vae", "lr": "fast"}), "config.lr"),
    "config with a latent size beyond any network": (lambda m: m["config"].__setitem__("latent_dim", 10**30),
                                                     "latent size"),
    "config with endless epochs": (lambda m: m["config"].__setitem__("epochs", 10**20), "number of epochs"),
    "no optimizers": (_drop("optimizers"), "optimizers"),
    "empty optimizers": (_set("optimizers", {}), "optimizers"),
    "bad numpy_rng": (_set("numpy_rng", ["MT19937", [1, 2, 3], 0, 0, 0.0]), "numpy_rng"),
    "numpy_rng a string": (_set("numpy_rng", "seed"), "numpy_rng"),
    "mid-epoch without epoch_sums": (_mid_epoch_without_sums, "epoch_sums"),
    "history a string": (_set("history", "lots"), "history"),
    "epochs_done a string": (_set("epochs_done", "x"), "epochs_done"),
    "negative position": (_position(-5, 0), "position.epoch"),
    "position beyond the epochs done": (_position(7, 0), "position.epoch"),
    "tensor file name pointing elsewhere": (lambda m: m["files"].__setitem__("weights", "../../etc/passwd"),
                                            "files.weights"),
    "the whole file a list": (lambda m: None, None),
}


@pytest.mark.parametrize("case", sorted(LAST_JSON_CASES))
def test_a_tampered_checkpoint_json_is_one_line_naming_it(run_copy, capsys, case):
    run, data = run_copy
    change, entry = LAST_JSON_CASES[case]
    last = run / "checkpoints" / "last.json"
    if entry is None:
        last.write_text("[1, 2, 3]")
    else:
        _edit(last, change)
    rc, _, err = _resume(capsys, run, data)
    line = assert_one_line_error(rc, err, "last.json")
    if entry:
        assert entry in line
    if case not in ("history a string", "no optimizers", "empty optimizers", "bad numpy_rng",
                    "numpy_rng a string", "mid-epoch without epoch_sums", "position beyond the epochs done",
                    "negative position", "epochs_done a string"):
        # what sampling reads is checked the same way
        rc, _, err = cli(capsys, "generate", run, "-n", "2", "--out", run.parent / "samples")
        assert_one_line_error(rc, err, "last.json")


def _tensors(run: Path, kind: str = "weights") -> Path:
    last = json.loads((run / "checkpoints" / "last.json").read_text())
    return run / "checkpoints" / last["files"][kind]


def _rewrite_tensors(path: Path, change) -> None:
    from safetensors.torch import load_file, save_file

    tensors = load_file(str(path))
    with open(path, "rb") as fh:
        header_len = int.from_bytes(fh.read(8), "little")
        metadata = json.loads(fh.read(header_len))["__metadata__"]
    change(tensors)
    save_file(tensors, str(path), metadata=metadata)


def test_wrong_tensor_shapes_are_named(run_copy, capsys):
    import torch

    run, data = run_copy

    def shrink(tensors):
        key = next(k for k in tensors if k.endswith("weight") and tensors[k].ndim >= 2)
        tensors[key] = torch.zeros(2, 2)

    _rewrite_tensors(_tensors(run), shrink)
    rc, _, err = cli(capsys, "generate", run, "-n", "2", "--out", run.parent / "s")
    assert_one_line_error(rc, err, "does not fit", "shape")
    rc, _, err = _resume(capsys, run, data)
    assert_one_line_error(rc, err, "does not fit")


def test_a_missing_tensor_is_named(run_copy, capsys):
    run, data = run_copy
    _rewrite_tensors(_tensors(run), lambda t: t.pop(next(iter(t))))
    rc, _, err = cli(capsys, "generate", run, "-n", "2", "--out", run.parent / "s")
    assert_one_line_error(rc, err, "does not fit", "missing")


@pytest.mark.parametrize("what", ["optimizer moment", "rng state", "permutation"])
def test_a_damaged_resume_state_is_named(run_copy, capsys, what):
    import torch

    run, data = run_copy

    def damage(tensors):
        if what == "optimizer moment":
            key = next(k for k in tensors if k.endswith("exp_avg"))
            tensors[key] = torch.zeros(3)
        elif what == "rng state":
            tensors["rng.torch"] = torch.zeros(7, dtype=torch.uint8)
        else:
            tensors["perm"] = torch.tensor([99, -1, 5])

    if what == "permutation":
        _edit(run / "checkpoints" / "last.json", _mid_epoch(1))
    _rewrite_tensors(_tensors(run, "state"), damage)
    rc, _, err = _resume(capsys, run, data)
    assert_one_line_error(rc, err, "checkpoint")


def _mid_epoch(step):
    def change(meta):
        meta["position"] = {"epoch": meta["epochs_done"], "step": step}
        meta["epoch_sums"] = {"loss": 1.0, "recon": 1.0, "kl": 0.0}
        meta["epoch_seen"] = 16
    return change


@pytest.mark.parametrize("file, change, entry", [
    ("config.json", lambda d: d.__setitem__("epochs", "ten"), "epochs"),
    ("config.json", lambda d: d.__setitem__("latent_dim", -4), "latent"),
    ("run.json", lambda d: d.__setitem__("epochs_done", "x"), "epochs_done"),
    ("history.json", None, "history"),
])
def test_other_run_files_are_validated(run_copy, capsys, file, change, entry):
    run, _ = run_copy
    path = run / file
    if change is None:
        path.write_text('"a string, not a list of epochs"')
    else:
        _edit(path, change)
    rc, _, err = cli(capsys, "generate", run, "-n", "2", "--out", run.parent / "s")
    assert_one_line_error(rc, err, file)


def test_a_run_folder_of_garbage_is_one_line(tmp_path, capsys):
    run = tmp_path / "run"
    (run / "checkpoints").mkdir(parents=True)
    (run / "config.json").write_bytes(b"\xff\xfe not json")
    rc, _, err = cli(capsys, "generate", run, "-n", "2", "--out", tmp_path / "s")
    assert_one_line_error(rc, err, "config.json")


# ---------------------------------------------------------------- hand-edited scan reports
def _item_issue(change):
    def edit(report):
        item = next(i for i in report["items"] if i["issues"])
        change(item)
    return edit


REPORT_CASES = {
    "score abc": (_item_issue(lambda i: i["issues"][0].__setitem__("score", "abc")), "score"),
    "score above one": (_item_issue(lambda i: i["issues"][0].__setitem__("score", 7)), "score"),
    "group x": (_item_issue(lambda i: i["issues"][0].__setitem__("group", "x")), "group"),
    "issues a string": (_item_issue(lambda i: i.__setitem__("issues", "blank")), "issues"),
    "unknown issue type": (_item_issue(lambda i: i["issues"][0].__setitem__("type", "ugly")), "type"),
    "item a number": (lambda r: r["items"].__setitem__(2, 42), "items[2]"),
    "path missing": (lambda r: r["items"][0].pop("path"), "path"),
    "items an object": (lambda r: r.__setitem__("items", {"a": 1}), "items"),
    "thresholds a list": (lambda r: r.__setitem__("thresholds", [0.5]), "thresholds"),
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    from aigc_desktop.cli import main

    base = tmp_path_factory.mktemp("scanned")
    data = make_images(base / "data", per_class=10)
    (data / "0" / "blank.png").write_bytes((data / "0" / "img_000.png").read_bytes())  # an exact duplicate
    assert main(["scan", str(data), "--report", str(base / "r.json")]) == 0
    return data, json.loads((base / "r.json").read_text())


@pytest.mark.parametrize("case", sorted(REPORT_CASES))
def test_a_hand_edited_report_names_its_first_bad_entry(scanned, tmp_path, capsys, case):
    data, report = scanned
    report = json.loads(json.dumps(report))
    change, entry = REPORT_CASES[case]
    change(report)
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report))
    rc, _, err = cli(capsys, "clean", data, "--report", path, "--out", tmp_path / "clean")
    line = assert_one_line_error(rc, err, "r.json", entry)
    assert not (tmp_path / "clean").exists()
    assert "items[" in line or entry in ("items", "thresholds")


# ---------------------------------------------------------------- flags
@pytest.mark.parametrize("args", [
    ["train", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--lr", "nan"],
    ["train", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--lr", "-0.1"],
    ["train", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--lr", "inf"],
    ["train", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--seed", str(2**63)],
    ["train", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--beta", "-1"],
    ["train", "D", "--model", "vae", "--epochs", "0", "--out", "O"],
    ["train", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--batch-size", "0"],
    ["train", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--latent", "0"],
    ["generate", "R", "--out", "O", "--seed", str(2**64)],
    ["generate", "R", "--out", "O", "--checkpoint", "../../x"],
    ["train", "D", "--model", "vae", "--epochs", str(10**20), "--out", "O"],
    ["experiment", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--seeds", "-1"],
    ["experiment", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--seeds", f"0,{2**64}"],
    ["experiment", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--seeds", "0,x"],
    ["experiment", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--seeds", ","],
    ["experiment", "D", "--model", "vae", "--steps", "0", "--out", "O"],
    ["experiment", "D", "--model", "vae", "--epochs", str(10**20), "--out", "O"],
    ["experiment", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--plant", "0,nan"],
    ["experiment", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--plant", "9"],
    ["experiment", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--versions", "1"],
    ["experiment", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--versions", "0,-2"],
    ["evaluate", "R", "--data", "D", "--json", "J", "--seed", "-1"],
    ["train", "D", "--model", "diffusion", "--epochs", "1", "--out", "O", "--guidance", "nan"],
    ["train", "D", "--model", "diffusion", "--epochs", "1", "--out", "O", "--sampler-steps", "0"],
    ["generate", "R", "--out", "O", "--guidance", "-1"],
    ["generate", "R", "--out", "O", "--sampler-steps", "100000"],
    ["experiment", "D", "--model", "vae", "--epochs", "1", "--out", "O", "--samples", "0"],
    ["evaluate", "R", "--data", "D", "--json", "J", "-n", "1"],
    ["demo", "O", "--seed", "-1"],
    ["import", "D", "--project", "P", "--workers", "0"],
])
def test_bad_flags_are_refused_when_parsed(tmp_path, capsys, args):
    args = [str(tmp_path / a) if a in ("D", "O", "R", "J", "P") else a for a in args]
    with pytest.raises(SystemExit) as exit_info:
        cli(capsys, *args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1 and "error: argument" in err
    assert not any(tmp_path.iterdir())  # refused before anything was read or written


def test_evaluate_on_only_blank_images_says_so(run_copy, tmp_path, capsys):
    from PIL import Image

    run, _ = run_copy
    blank = tmp_path / "blank"
    (blank / "0").mkdir(parents=True)
    for i in range(12):
        Image.fromarray(np.zeros((28, 28), np.uint8)).save(blank / "0" / f"{i}.png")
    rc, _, err = cli(capsys, "evaluate", run, "--data", blank, "--json", tmp_path / "m.json", "-n", "16",
                     "--no-scan")
    assert_one_line_error(rc, err)
    assert not (tmp_path / "m.json").exists()
