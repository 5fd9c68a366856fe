"""What every hostile case asserts: one clear line (or the right result), no traceback, no hang,
and not one byte of the source tree changed."""
from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Iterable, Optional

import numpy as np
from PIL import Image

from aigc_desktop.cli import main

HANG_S = 60  # a command that takes longer than this on hostile input is a hang


def cli(capsys, *args) -> tuple[int, str, str]:
    """``aigc ARGS`` in this process: (exit status, stdout, stderr)."""
    rc = main([os.fspath(a) if isinstance(a, os.PathLike) else a for a in args])
    out, err = capsys.readouterr()
    return rc, out, err


def run_aigc(*args, timeout: float = HANG_S, env: Optional[dict] = None, cwd=None) -> subprocess.CompletedProcess:
    """``aigc ARGS`` in a process of its own, killed (and the test failed) if it hangs."""
    full_env = {**os.environ, **(env or {})}
    argv = [sys.executable, "-m", "aigc_desktop"] + [os.fsencode(a) if isinstance(a, (os.PathLike, str)) else a
                                                      for a in args]
    return subprocess.run(argv, capture_output=True, timeout=timeout, env=full_env, cwd=cwd)


def text(data: bytes) -> str:
    return data.decode("utf-8", "backslashreplace")


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": error:" in line or "internal error" in line]


def assert_one_line_error(rc: int, err: str, *contains: str, code: int = 1) -> str:
    """The command failed with status ``code`` and said why in exactly one line (its last), with
    no traceback; returns that line."""
    assert "Traceback" not in err, err
    assert rc == code, f"exit status {rc}, expected {code}; stderr:\n{err}"
    errors = error_lines(err)
    assert len(errors) == 1, f"expected one error line, got:\n{err}"
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[-1] == errors[0], f"the error is not the last line:\n{err}"
    assert "internal error" not in errors[0], errors[0]
    for part in contains:
        assert part.lower() in errors[0].lower(), f"{part!r} not in {errors[0]!r}"
    return errors[0]


def tree_state(root) -> dict:
    """Every entry under ``root`` (not following links): its type, size, mode, mtime and content hash."""
    root = Path(root)
    state = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder) / name
            st = os.lstat(path)
            digest = ""
            if stat.S_ISREG(st.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            elif stat.S_ISLNK(st.st_mode):
                digest = os.readlink(path)
            state[os.fsencode(path.relative_to(root))] = (stat.S_IFMT(st.st_mode), st.st_size, st.st_mode,
                                                          st.st_mtime_ns, digest)
    return state


def make_images(root, per_class: int = 12, classes: Iterable[str] = ("0", "1"), size: int = 28,
                seed: int = 0) -> Path:
    """A small ImageFolder tree of distinct grey images."""
    rng = np.random.default_rng(seed)
    root = Path(root)
    for c, label in enumerate(classes):
        (root / label).mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            pixels = (rng.random((size, size)) * 120 + 60 * c).astype(np.uint8)
            Image.fromarray(pixels).save(root / label / f"img_{i:03d}.png")
    return root
