"""The command line: help lists the whole contract; user mistakes give one clean line, exit != 0."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from aigc_desktop import __version__
from aigc_desktop.cli import SUBCOMMANDS, main

CONTRACT = ["import", "info", "scan", "clean", "train", "generate", "evaluate", "experiment", "demo"]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "aigc_desktop", *args], capture_output=True, text=True, timeout=120)


def test_help_lists_every_subcommand_of_the_contract():
    out = run_cli("import", "--help")
    assert out.returncode == 0
    aigc = Path(sys.executable).with_name("aigc")  # the installed entry point
    result = subprocess.run([str(aigc), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for name in CONTRACT:
        assert f"\n    {name}" in result.stdout, name
    assert list(SUBCOMMANDS) == CONTRACT


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_demo_writes_and_reports(tmp_path):
    out = run_cli("demo", str(tmp_path / "d"))
    assert out.returncode == 0, out.stderr
    assert '"n_files"' in out.stdout
    assert (tmp_path / "d" / "truth.json").exists()


@pytest.mark.parametrize("args", [
    ["demo"],                                   # missing argument
    ["frobnicate"],                             # unknown subcommand
    ["train", "x", "--model", "diffusion", "--epochs", "1", "--out", "o"],  # bad choice
])
def test_usage_errors_are_one_line_without_traceback(args):
    out = run_cli(*args)
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    assert out.stderr.strip().count("\n") <= 1, out.stderr


def test_demo_into_a_non_empty_folder_is_a_clean_error(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "mine.txt").write_text("keep me")
    out = run_cli("demo", str(tmp_path / "d"))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1].startswith("aigc demo: error:")
    assert (tmp_path / "d" / "mine.txt").read_text() == "keep me"
