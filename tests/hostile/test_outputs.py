"""§2: no command writes over a source or into a dataset, overwrites output silently, makes folder
trees out of a typo, or leaves behind what it created when it fails."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.hostile.helpers import assert_one_line_error, cli, make_images, tree_state


def _train_args(data, out, *extra):
    return ["train", data, "--model", "vae", "--epochs", "1", "--out", out, "--device", "cpu", "--latent", "4",
            *extra]


# ---------------------------------------------------------------- outputs into the dataset tree
@pytest.mark.parametrize("where", ["item", "inside", "root"])
def test_scan_report_never_lands_in_the_dataset(dataset, capsys, where):
    target = {"item": dataset / "0" / "img_000.png", "inside": dataset / "0" / "r.json", "root": dataset}[where]
    rc, _, err = cli(capsys, "scan", dataset, "--report", target)
    assert_one_line_error(rc, err)  # the fixture asserts that not a byte of the dataset changed


def test_scan_report_through_a_symlink_into_the_dataset_is_refused(dataset, tmp_path, capsys):
    (tmp_path / "link").symlink_to(dataset / "1")
    rc, _, err = cli(capsys, "scan", dataset, "--report", tmp_path / "link" / "img_001.png")
    assert_one_line_error(rc, err, "inside the dataset")


@pytest.mark.parametrize("command", ["train", "clean", "experiment", "demo"])
def test_folder_outputs_inside_the_dataset_are_refused(dataset, tmp_path, capsys, command):
    report = tmp_path / "r.json"
    report.write_text(json.dumps({"schema": "aigc-scan/1", "items": []}))
    args = {"train": _train_args(dataset, dataset / "run"),
            "clean": ["clean", dataset, "--report", report, "--out", dataset / "0" / "clean"],
            "experiment": ["experiment", dataset, "--model", "vae", "--epochs", "1", "--out", dataset / "exp"],
            "demo": ["demo", dataset]}[command]
    rc, _, err = cli(capsys, *args)
    assert_one_line_error(rc, err)


def test_train_into_the_file_system_root_is_refused(dataset, capsys):
    rc, _, err = cli(capsys, *_train_args(dataset, "/"))
    assert_one_line_error(rc, err, "root of the file system")


def test_an_item_outside_the_root_is_protected_too(tmp_path, capsys):
    """A manifest row naming ../elsewhere/x.png makes that file part of the dataset."""
    elsewhere = make_images(tmp_path / "elsewhere", per_class=3)
    data = make_images(tmp_path / "data", per_class=3)
    rows = [f"{p.relative_to(data)},{p.parent.name}" for p in sorted(data.rglob("*.png"))]
    rows.append("../elsewhere/0/img_000.png,0")
    (data / "m.csv").write_text("path,label\n" + "\n".join(rows) + "\n")
    before = tree_state(elsewhere)
    rc, _, err = cli(capsys, "scan", data / "m.csv", "--report", elsewhere / "0" / "img_000.png")
    assert_one_line_error(rc, err, "img_000.png")
    assert tree_state(elsewhere) == before


def test_a_project_dataset_is_protected(dataset, tmp_path, capsys):
    project = tmp_path / "p.aigc"
    assert cli(capsys, "import", dataset, "--project", project)[0] == 0
    rc, _, err = cli(capsys, "scan", project, "--report", dataset / "1" / "img_002.png")
    assert_one_line_error(rc, err)
    rc, _, err = cli(capsys, "scan", project, "--report", project)
    assert_one_line_error(rc, err, "project")


# ---------------------------------------------------------------- generate, export, evaluate
def test_generate_never_replaces_existing_samples(run_copy, tmp_path, capsys):
    run, _ = run_copy
    out = tmp_path / "samples"
    assert cli(capsys, "generate", run, "-n", "3", "--out", out)[0] == 0
    before = tree_state(out)
    rc, _, err = cli(capsys, "generate", run, "-n", "5", "--seed", "9", "--out", out)
    assert_one_line_error(rc, err, "not empty")
    assert tree_state(out) == before


@pytest.mark.parametrize("flag", ["--out", "--export-model"])
def test_generate_and_export_stay_out_of_the_training_data_and_the_run(run_copy, tmp_path, capsys, flag):
    run, data = run_copy
    before = tree_state(data), tree_state(run)
    for target in (data, data / "0", run / "checkpoints", run / "samples"):
        args = ["generate", run, "-n", "2", "--out", tmp_path / "fresh"]
        if flag == "--out":
            args[-1] = target
        else:
            args += ["--export-model", target]
        rc, _, err = cli(capsys, *args)
        assert_one_line_error(rc, err)
    assert (tree_state(data), tree_state(run)) == before
    assert not (tmp_path / "fresh").exists()  # refused before anything was written


def test_generate_into_an_empty_folder_and_a_link_to_one(run_copy, tmp_path, capsys):
    run, _ = run_copy
    (tmp_path / "empty").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "empty", target_is_directory=True)
    rc, _, err = cli(capsys, "generate", run, "-n", "2", "--out", tmp_path / "link")
    assert rc == 0, err
    assert (tmp_path / "link").is_symlink()
    assert sorted(p.name for p in (tmp_path / "empty").iterdir()) == ["manifest.json", "sample_0000.png",
                                                                       "sample_0001.png"]


@pytest.mark.parametrize("command", ["evaluate", "scan"])
def test_missing_parent_folders_are_not_created(run_copy, dataset, tmp_path, capsys, command):
    run, data = run_copy
    target = tmp_path / "missing" / "deeper" / "m.json"
    args = (["evaluate", run, "--data", data, "--json", target, "-n", "8", "--no-scan"] if command == "evaluate"
            else ["scan", dataset, "--report", target])
    rc, _, err = cli(capsys, *args)
    assert_one_line_error(rc, err, "does not exist")
    assert not (tmp_path / "missing").exists()


def test_json_output_that_is_a_folder_names_the_users_path(run_copy, tmp_path, capsys):
    run, data = run_copy
    (tmp_path / "adir").mkdir()
    rc, _, err = cli(capsys, "evaluate", run, "--data", data, "--json", tmp_path / "adir", "-n", "8", "--no-scan")
    line = assert_one_line_error(rc, err, "adir", "folder")
    assert ".tmp" not in line


def test_a_fifo_as_report_is_refused_without_blocking(dataset, tmp_path, capsys):
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    rc, _, err = cli(capsys, "scan", dataset, "--report", fifo)
    assert_one_line_error(rc, err, "FIFO")


# ---------------------------------------------------------------- failed commands leave nothing
def test_a_failed_import_leaves_no_project_behind(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    rc, _, err = cli(capsys, "import", tmp_path / "empty", "--project", tmp_path / "p.aigc")
    assert_one_line_error(rc, err, "no image files")
    assert sorted(os.listdir(tmp_path)) == ["empty"]


def test_a_failed_import_keeps_an_existing_project(dataset, tmp_path, capsys):
    project = tmp_path / "p.aigc"
    assert cli(capsys, "import", dataset, "--project", project)[0] == 0
    (tmp_path / "empty").mkdir()
    rc, _, err = cli(capsys, "import", tmp_path / "empty", "--project", project)
    assert_one_line_error(rc, err)
    assert project.exists()
    rc, out, _ = cli(capsys, "info", project, "--json")
    assert rc == 0 and json.loads(out)["n_datasets"] == 1


def test_a_failed_training_leaves_no_run_folder_behind(tmp_path, capsys):
    data = make_images(tmp_path / "data", per_class=2, classes=("a",))
    rc, _, err = cli(capsys, *_train_args(data, tmp_path / "run", "--conditional"))  # one class: cannot condition
    assert_one_line_error(rc, err)
    assert not (tmp_path / "run").exists()


def test_resume_needs_a_run_and_a_new_run_needs_a_new_folder(run_copy, tmp_path, capsys):
    run, data = run_copy
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    rc, _, err = cli(capsys, *_train_args(data, tmp_path / "other", "--resume"))
    assert_one_line_error(rc, err, "nothing to resume")
    rc, _, err = cli(capsys, *_train_args(data, tmp_path / "other"))
    assert_one_line_error(rc, err, "not empty")
    rc, _, err = cli(capsys, *_train_args(data, run))
    assert_one_line_error(rc, err, "already holds a training run", "resume")
    assert (tmp_path / "other" / "notes.txt").read_text() == "mine"


def test_outputs_get_the_users_usual_permissions(run_copy, dataset, tmp_path, capsys):
    """Reports, checkpoints, samples and exported folders are not private temporary files."""
    old = os.umask(0o022)
    try:
        report = tmp_path / "r.json"
        assert cli(capsys, "scan", dataset, "--report", report)[0] == 0
        assert cli(capsys, "clean", dataset, "--report", report, "--out", tmp_path / "clean")[0] == 0
        assert cli(capsys, "demo", tmp_path / "demo")[0] == 0
        run, _ = run_copy
        assert cli(capsys, "generate", run, "-n", "2", "--out", tmp_path / "gen")[0] == 0
    finally:
        os.umask(old)
    for path in (report, tmp_path / "clean" / "cleaning_report.json", tmp_path / "gen" / "manifest.json",
                 tmp_path / "gen" / "sample_0000.png"):
        assert (path.stat().st_mode & 0o777) == 0o644, path
    for path in (tmp_path / "clean", tmp_path / "demo", tmp_path / "gen"):
        assert (path.stat().st_mode & 0o777) == 0o755, path


def test_new_checkpoints_get_the_users_permissions(tmp_path, capsys):
    data = make_images(tmp_path / "data", per_class=4)
    old = os.umask(0o027)
    try:
        assert cli(capsys, *_train_args(data, tmp_path / "run"))[0] == 0
    finally:
        os.umask(old)
    ckpt = tmp_path / "run" / "checkpoints"
    last = json.loads((ckpt / "last.json").read_text())
    for name in ("last.json", last["files"]["weights"], last["files"]["state"]):
        assert (Path(ckpt / name).stat().st_mode & 0o777) == 0o640, name


# ---------------------------------------------------------------- an empty path is not the current folder
@pytest.mark.parametrize("command", ["info", "scan", "train", "generate", "demo"])
def test_an_empty_path_is_refused_not_read_as_the_current_folder(dataset, run_copy, tmp_path, capsys, monkeypatch,
                                                                  command):
    run, _ = run_copy
    monkeypatch.chdir(tmp_path)  # a command that took "" for "." would read or write here
    before = sorted(os.listdir(tmp_path))
    args = {"info": ["info", ""], "scan": ["scan", dataset, "--report", ""], "train": _train_args(dataset, ""),
            "generate": ["generate", run, "-n", "2", "--out", ""], "demo": ["demo", ""]}[command]
    rc, _, err = cli(capsys, *args)
    assert_one_line_error(rc, err, "the path is empty")
    assert sorted(os.listdir(tmp_path)) == before


# ---------------------------------------------------------------- the GUI's services follow the same rules
def test_exported_samples_stay_out_of_the_runs_data_and_the_project(run_copy, dataset, tmp_path):
    from aigc_desktop.core.errors import UserError
    from aigc_desktop.core.guards import protected_dataset
    from aigc_desktop.core.jobs import JobContext, run_job
    from aigc_desktop.core.training import sampling

    run, data = run_copy
    samples = run_job(sampling.generate(run, 3, 0, JobContext()))
    before = tree_state(data)
    for target, protect in ((data / "0", None), (run / "checkpoints", None), (dataset, protected_dataset(dataset))):
        with pytest.raises(UserError, match="only ever read"):
            run_job(sampling.export_samples(samples, target, JobContext(), protect=protect))
    assert tree_state(data) == before
    out = tmp_path / "exported"
    out.mkdir()
    (out / "mine.txt").write_text("kept")  # an existing folder of the user's: new files beside theirs
    written = run_job(sampling.export_samples(samples, out, JobContext(), protect=protected_dataset(dataset)))
    assert len(written) == 3 and (out / "mine.txt").read_text() == "kept"
    # a folder that merely holds the data further down takes new files too (they never replace one)
    written = run_job(sampling.export_samples(samples, data.parent, JobContext()))
    assert len(written) == 3 and all(Path(p).parent == data.parent.resolve() for p in written)


def test_a_cleaning_report_is_never_saved_into_its_dataset(dataset, tmp_path):
    from aigc_desktop.core.cleaning.report import save_report
    from aigc_desktop.core.errors import UserError

    report = {"dataset": {"name": "ds", "root": str(dataset)}}
    for target in (dataset / "report.json", dataset / "0" / "img_000.png"):
        with pytest.raises(UserError, match="inside the dataset"):
            save_report(report, target, "json")
    with pytest.raises(UserError, match="does not exist"):
        save_report(report, tmp_path / "missing" / "report.json", "json")


@pytest.mark.parametrize("out", ["", ".", "missing/..", "missing/../."])
@pytest.mark.parametrize("command", ["train", "experiment"])
def test_a_failed_command_never_removes_a_folder_it_did_not_create(dataset, tmp_path, capsys, monkeypatch, command,
                                                                    out):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.txt").write_text("precious")
    args = _train_args(dataset, out) if command == "train" else \
        ["experiment", dataset, "--model", "vae", "--epochs", "1", "--out", out]
    rc, _, err = cli(capsys, *args)
    assert_one_line_error(rc, err)
    assert (tmp_path / "mine.txt").read_text() == "precious"  # the fixture checks the dataset


def test_remove_on_failure_removes_only_what_is_new(tmp_path, monkeypatch):
    from aigc_desktop.core.guards import remove_on_failure

    monkeypatch.chdir(tmp_path)
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "f").write_text("kept")
    with pytest.raises(RuntimeError):
        with remove_on_failure(["", ".", "missing/..", "old", "old/./", "new"]):
            (tmp_path / "new").mkdir()
            monkeypatch.chdir(tmp_path / "old")  # a chdir during the command changes nothing
            raise RuntimeError("the command failed")
    assert not (tmp_path / "new").exists() and (tmp_path / "old" / "f").read_text() == "kept"


def test_a_full_disk_names_the_output_it_stopped_and_leaves_no_temporary_file(dataset, tmp_path, capsys,
                                                                               monkeypatch):
    import errno

    from aigc_desktop.core import atomic

    def full_disk(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as the kernel says it: no file name

    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    out = tmp_path / "out"
    out.mkdir()
    rc, _, err = cli(capsys, "scan", dataset, "--report", out / "r.json")
    assert_one_line_error(rc, err, os.strerror(errno.ENOSPC), str(out / "r.json"))
    assert not any(out.iterdir())
