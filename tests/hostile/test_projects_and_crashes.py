"""§7 and §8: projects created by several processes at once, items outside the dataset root,
``clean --out`` through a symlink; and the crash handler: an unexpected error is one line with
the path of a crash log (exit 70), never a traceback, unless ``--debug``."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.hostile.helpers import HANG_S, assert_one_line_error, cli, make_images, run_aigc, text

CREATE_SCRIPT = textwrap.dedent("""
    import sys, time
    from aigc_desktop.core.data.catalog import Catalog
    start = float(sys.argv[2])
    while time.time() < start:
        pass
    with Catalog.open(sys.argv[1], create=True) as catalog:
        print(catalog.schema_version)
""")


def test_the_same_new_project_created_by_three_processes_at_once(tmp_path):
    import time

    from aigc_desktop.core.data.catalog import SCHEMA_VERSION

    for attempt in range(8):
        project = tmp_path / f"p{attempt}.aigc"
        start = time.time() + 1.5  # all three start from a busy wait, as close together as can be
        procs = [subprocess.Popen([sys.executable, "-c", CREATE_SCRIPT, str(project), str(start)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
        for proc in procs:
            out, err = proc.communicate(timeout=HANG_S)
            assert proc.returncode == 0, err
            assert out.strip() == str(SCHEMA_VERSION)


def test_items_outside_the_root_are_kept_and_marked(tmp_path, capsys):
    data = make_images(tmp_path / "data", per_class=3)
    elsewhere = make_images(tmp_path / "elsewhere", per_class=2, seed=5)
    (data / "1" / "linked.png").symlink_to(elsewhere / "0" / "img_000.png")
    rc, out, err = cli(capsys, "info", data, "--json")
    assert rc == 0, err
    info = json.loads(out)
    assert info["items"] == 7 and info["outside_root"] == 1 and info["corrupt"] == 0
    rows = ["0/img_000.png,0", "../elsewhere/1/img_001.png,1", f"{elsewhere / '0' / 'img_001.png'},0"]
    (data / "m.csv").write_text("path,label\n" + "\n".join(rows) + "\n")
    rc, out, err = cli(capsys, "info", data / "m.csv", "--json")
    assert rc == 0, err
    assert json.loads(out)["outside_root"] == 2
    rc, out, err = cli(capsys, "info", data / "m.csv")
    assert "outside the dataset root: 2" in out
    project = tmp_path / "p.aigc"
    assert cli(capsys, "import", data / "m.csv", "--project", project)[0] == 0
    from aigc_desktop.core.data.catalog import Catalog

    with Catalog.open(project) as catalog:
        items = catalog.items(1)
        assert items.outside_root.tolist() == [False, True, True]
        assert sorted(catalog.outside_root_paths(1)) == sorted(["../elsewhere/1/img_001.png",
                                                                str(elsewhere / "0" / "img_001.png")])
    rc, out, _ = cli(capsys, "info", project, "--json")
    assert json.loads(out)["outside_root"] == 2


def test_clean_into_a_symlink_to_an_empty_folder(dataset, tmp_path, capsys):
    report = tmp_path / "r.json"
    assert cli(capsys, "scan", dataset, "--report", report)[0] == 0
    (tmp_path / "target").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "target", target_is_directory=True)
    rc, out, err = cli(capsys, "clean", dataset, "--report", report, "--out", tmp_path / "link")
    assert rc == 0, err
    assert (tmp_path / "link").is_symlink()
    assert (tmp_path / "target" / "cleaning_report.json").exists()
    assert json.loads(out)["written"] > 0


def test_a_symlink_to_a_full_folder_is_refused(dataset, tmp_path, capsys):
    report = tmp_path / "r.json"
    assert cli(capsys, "scan", dataset, "--report", report)[0] == 0
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "keep.txt").write_text("mine")
    (tmp_path / "link").symlink_to(tmp_path / "target", target_is_directory=True)
    rc, _, err = cli(capsys, "clean", dataset, "--report", report, "--out", tmp_path / "link")
    assert_one_line_error(rc, err, "not empty")
    assert sorted(os.listdir(tmp_path / "target")) == ["keep.txt"]


# ---------------------------------------------------------------- the crash handler
BUG_SCRIPT = textwrap.dedent("""
    import sys
    import aigc_desktop.cli.data as handlers
    def broken(args):
        return {}["a key that is not there"]
    handlers.run_info = broken
    from aigc_desktop.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def _bug(*args, env=None):
    return subprocess.run([sys.executable, "-c", BUG_SCRIPT, *args], capture_output=True, timeout=HANG_S,
                          env={**os.environ, **(env or {})})


def test_an_internal_error_is_one_line_exit_70_and_a_crash_log(tmp_path):
    logs = tmp_path / "logs"
    out = _bug("info", str(tmp_path), "--json", env={"AIGC_LOG_DIR": str(logs)})
    err = text(out.stderr)
    assert out.returncode == 70, err
    assert "Traceback" not in err and err.strip().count("\n") == 0
    assert err.startswith("aigc info: internal error: KeyError:") and "details in" in err
    (log,) = logs.glob("crash-*.log")
    assert str(log) in err
    report = log.read_text()
    for part in ("Traceback", "KeyError", "a key that is not there", "aigc-desktop:", "python:", "numpy:",
                 "command line:", "info"):
        assert part in report, part


def test_debug_shows_the_traceback(tmp_path):
    out = _bug("--debug", "info", str(tmp_path), env={"AIGC_LOG_DIR": str(tmp_path / "logs")})
    assert out.returncode != 0 and "Traceback" in text(out.stderr) and "KeyError" in text(out.stderr)
    out = _bug("info", str(tmp_path), "--debug", env={"AIGC_LOG_DIR": str(tmp_path / "logs")})
    assert "Traceback" in text(out.stderr)


def test_an_unwritable_log_folder_still_gives_one_line(tmp_path):
    (tmp_path / "file").write_text("a file where the log folder should be")
    out = _bug("info", str(tmp_path), env={"AIGC_LOG_DIR": str(tmp_path / "file" / "logs")})
    err = text(out.stderr)
    assert out.returncode == 70
    assert err.splitlines()[-1].startswith("aigc info: internal error: KeyError")


def test_a_closed_output_pipe_is_not_a_crash(dataset):
    proc = subprocess.Popen([sys.executable, "-m", "aigc_desktop", "info", str(dataset), "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # like `aigc info ... | head -0`
    _, err = proc.communicate(timeout=HANG_S)
    assert "Traceback" not in err.decode() and "internal error" not in err.decode()


@pytest.mark.parametrize("args", [["info"], ["scan", "{tmp}", "--report"], ["frobnicate"]])
def test_usage_errors_are_one_line(tmp_path, args):
    out = run_aigc(*[a.format(tmp=tmp_path) for a in args])
    err = text(out.stderr)
    assert out.returncode == 2 and "Traceback" not in err and err.strip().count("\n") == 0


def test_the_demo_opens_for_a_new_user_whose_data_folder_does_not_exist_yet(tmp_path, monkeypatch):
    from aigc_desktop.core.jobs import JobContext, run_job
    from aigc_desktop.core.project import demo_paths, open_demo

    monkeypatch.setenv("AIGC_DATA_DIR", str(tmp_path / "new user" / "data"))
    dataset_id = run_job(open_demo(JobContext()))
    folder, project = demo_paths()
    assert folder.is_dir() and project.path.is_file() and dataset_id >= 1
    assert run_job(open_demo(JobContext())) == dataset_id  # opened again, not written again
