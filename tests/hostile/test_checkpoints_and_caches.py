"""§3: a kill or a full disk at any instant of a checkpoint save leaves a usable run; caches are
checked before they are trusted and rebuilt when damaged."""
from __future__ import annotations

import errno
import io
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.hostile.helpers import HANG_S, assert_one_line_error, cli, make_images

STAGES = ["weights", "state", "json", "removed"]
# the save of epoch 2's checkpoints: "last" is written first, then epoch_0002
KILL_SCRIPT = textwrap.dedent("""
    import os, sys
    from aigc_desktop.core.training import checkpoints
    stage, target, data, out = sys.argv[1:5]
    seen = {}
    def hook(name, path):
        if name != stage or not os.path.basename(str(path)).startswith("last"):
            return
        seen[name] = seen.get(name, 0) + 1
        if seen[name] == int(target):
            os._exit(137)  # as abrupt as kill -9: no clean-up, no finally
    checkpoints.set_save_hook(hook)
    from aigc_desktop.cli import main
    sys.exit(main(["train", data, "--model", "vae", "--epochs", "3", "--out", out, "--device", "cpu",
                   "--latent", "4", "--batch-size", "16"]))
""")


def _kill_during_save(data: Path, run: Path, stage: str, nth: int) -> None:
    out = subprocess.run([sys.executable, "-c", KILL_SCRIPT, stage, str(nth), str(data), str(run)],
                         capture_output=True, text=True, timeout=HANG_S * 3)
    assert out.returncode == 137, out.stderr


@pytest.mark.parametrize("stage", STAGES)
def test_a_kill_at_any_stage_of_a_save_leaves_a_run_that_resumes_and_samples(tmp_path, capsys, stage):
    data = make_images(tmp_path / "data", per_class=8)
    run = tmp_path / "run"
    _kill_during_save(data, run, stage, 2)  # killed while saving epoch 2's "last" checkpoint
    last = json.loads((run / "checkpoints" / "last.json").read_text())
    # before the JSON swap the previous checkpoint (epoch 1) stands; from the swap on, the new one
    assert last["epochs_done"] == (2 if stage in ("json", "removed") else 1)
    rc, _, err = cli(capsys, "generate", run, "-n", "2", "--out", tmp_path / "samples")
    assert rc == 0, err
    rc, out, err = cli(capsys, "train", data, "--model", "vae", "--epochs", "3", "--out", run, "--device", "cpu",
                       "--resume")
    assert rc == 0, err
    assert json.loads(out.strip().splitlines()[-1])["epochs_done"] == 3
    names = os.listdir(run / "checkpoints")
    assert not [n for n in names if n.endswith(".tmp")], names
    final = json.loads((run / "checkpoints" / "last.json").read_text())
    tensors = {n for n in names if n.startswith("last.") and n.endswith(".safetensors")}
    assert tensors == set(final["files"].values())  # what the kill left half-done is cleaned up


def test_a_full_disk_during_a_save_keeps_the_previous_checkpoint(tmp_path, capsys, monkeypatch):
    from aigc_desktop.core.training import checkpoints

    data = make_images(tmp_path / "data", per_class=8)
    run = tmp_path / "run"
    calls = {"n": 0}

    def disk_full(stage, path):
        if stage == "state" and Path(path).name.startswith("last"):
            calls["n"] += 1
            if calls["n"] == 2:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(checkpoints, "_save_hook", disk_full)
    rc, _, err = cli(capsys, "train", data, "--model", "vae", "--epochs", "3", "--out", run, "--device", "cpu")
    assert_one_line_error(rc, err, "No space left on device")
    monkeypatch.setattr(checkpoints, "_save_hook", None)
    assert json.loads((run / "checkpoints" / "last.json").read_text())["epochs_done"] == 1
    rc, _, err = cli(capsys, "train", data, "--model", "vae", "--epochs", "2", "--out", run, "--device", "cpu",
                     "--resume")
    assert rc == 0, err


def test_leftover_temporary_files_are_removed_at_the_next_start(run_copy, capsys):
    run, data = run_copy
    ckpt = run / "checkpoints"
    (ckpt / ".last.json.abc123.tmp").write_text("half")
    (ckpt / "last.99.safetensors").write_bytes(b"orphan of a killed save")
    rc, _, err = cli(capsys, "train", data, "--model", "vae", "--epochs", "2", "--out", run, "--device", "cpu",
                     "--resume")
    assert rc == 0, err
    assert not (ckpt / ".last.json.abc123.tmp").exists() and not (ckpt / "last.99.safetensors").exists()


# ---------------------------------------------------------------- the pixel cache
def _train(capsys, data, out):
    return cli(capsys, "train", data, "--model", "vae", "--epochs", "1", "--out", out, "--device", "cpu",
               "--latent", "4", "--batch-size", "16")


def test_a_file_replaced_after_import_is_read_again_not_taken_from_the_cache(tmp_path, capsys):
    from aigc_desktop.core.data.catalog import Catalog
    from aigc_desktop.core.jobs import JobContext, run_job
    from aigc_desktop.core.training.data import prepare_data

    data = make_images(tmp_path / "data", per_class=6)
    project = tmp_path / "p.aigc"
    assert cli(capsys, "import", data, "--project", project)[0] == 0
    with Catalog.open(project) as catalog:
        first = run_job(prepare_data(catalog, 1, 28, 1, JobContext()))  # fills the cache
    target = data / "0" / "img_002.png"
    white = np.full((28, 28), 255, np.uint8)
    Image.fromarray(white).save(target)
    os.utime(target, ns=(1, 1))  # even with an old modification time, the size differs
    with Catalog.open(project) as catalog:
        again = run_job(prepare_data(catalog, 1, 28, 1, JobContext()))
    row = list(again.item_ids).index(3)
    assert float(again.images[row].min()) == 1.0  # the new white pixels, not the cached ones
    assert float(first.images[row].min()) < 1.0
    assert any("img_002.png" in p for p in again.changed_files)


def test_a_copy_of_the_same_images_elsewhere_is_not_called_changed(tmp_path, capsys):
    """The cache entry of one dataset never stands for a copy of it in another folder (the copy's
    files have times of their own: they are not "changed since import")."""
    import shutil

    from aigc_desktop.core.data.catalog import Catalog
    from aigc_desktop.core.jobs import JobContext, run_job
    from aigc_desktop.core.training.data import prepare_data

    first = make_images(tmp_path / "first", per_class=6)
    copy = Path(shutil.copytree(first, tmp_path / "copy", copy_function=shutil.copy))  # new times
    for data in (first, copy):
        project = tmp_path / f"{data.name}.aigc"
        assert cli(capsys, "import", data, "--project", project)[0] == 0
        with Catalog.open(project) as catalog:
            prepared = run_job(prepare_data(catalog, 1, 28, 1, JobContext()))
        assert prepared.changed_files == [] and len(prepared.item_ids) == 12


def test_a_file_deleted_after_import_is_named_and_left_out(tmp_path, capsys):
    data = make_images(tmp_path / "data", per_class=6)
    project = tmp_path / "p.aigc"
    assert cli(capsys, "import", data, "--project", project)[0] == 0
    assert _train(capsys, project, tmp_path / "run1")[0] == 0  # fills the cache
    (data / "1" / "img_004.png").unlink()
    rc, out, err = _train(capsys, project, tmp_path / "run2")
    assert rc == 0, err
    assert "1/img_004.png" in err and "changed or disappeared" in err
    assert json.loads(out.strip().splitlines()[-1])["n_images"] == 11


def test_a_damaged_packed_column_blob_is_rebuilt_from_the_rows(dataset, tmp_path, capsys):
    project = tmp_path / "p.aigc"
    assert cli(capsys, "import", dataset, "--project", project)[0] == 0
    rc, expected, _ = cli(capsys, "info", project, "--json")
    for damage in (b"not an npz at all", None):
        if damage is None:  # a valid npz whose columns do not fit the rows
            buffer = io.BytesIO()
            np.savez(buffer, ids=np.arange(3))
            damage = buffer.getvalue()
        conn = sqlite3.connect(project)
        conn.execute("UPDATE item_columns SET data = ?", (damage,))
        conn.commit()
        conn.close()
        report = tmp_path / "r.json"
        rc, _, err = cli(capsys, "scan", project, "--report", report)
        assert rc == 0, err
        assert len(json.loads(report.read_text())["items"]) == 24
        rc, _, err = cli(capsys, "clean", project, "--report", report, "--out", tmp_path / f"clean{len(damage)}")
        assert rc == 0, err
        rc, _, err = _train(capsys, project, tmp_path / f"run{len(damage)}")
        assert rc == 0, err
        conn = sqlite3.connect(project)
        (blob,) = conn.execute("SELECT data FROM item_columns").fetchone()
        conn.close()
        assert blob != damage  # rebuilt from the rows
