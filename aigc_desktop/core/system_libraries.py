"""System shared libraries on Linux: where the loader finds them, and which Debian package has them.

Used twice: at build time, to compute the ``.deb``'s Depends from what the bundle's libraries need,
and at start-up, to name the missing libraries (and their packages) when no Qt platform plugin can be
loaded. No Qt here: the launcher runs this before any Qt library is loaded.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterable, Mapping, Optional, Sequence

from aigc_desktop.core.paths import resources_dir

PACKAGE_MAP_NAME = "debian-packages.txt"


def package_map_path() -> Path:
    return resources_dir() / "linux" / PACKAGE_MAP_NAME


def load_package_map(path: Optional[Path] = None) -> dict[str, str]:
    """The committed soname -> Debian package table (``soname package`` per line, ``#`` comments)."""
    path = package_map_path() if path is None else path
    mapping: dict[str, str] = {}
    try:
        text = path.read_text("utf-8")
    except OSError:
        return mapping
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) == 2:
            mapping[fields[0]] = fields[1]
    return mapping


def parse_ldd(output: str) -> dict[str, Optional[str]]:
    """``ldd`` output -> {soname: resolved path, or None when "not found"}.

    The vDSO and the dynamic loader itself (lines without ``=>`` or without a soname) are skipped.
    """
    resolved: dict[str, Optional[str]] = {}
    for line in output.splitlines():
        line = line.strip()
        if "=>" not in line:
            continue
        name, _, target = line.partition("=>")
        name, target = name.strip(), target.strip()
        if not name:
            continue
        path = None if target.startswith("not found") else target.split(" (0x", 1)[0].strip() or None
        if resolved.get(name) is None:
            resolved[name] = path
    return resolved


def ldd_command() -> Optional[str]:
    return shutil.which("ldd") or next((p for p in ("/usr/bin/ldd", "/bin/ldd") if os.path.exists(p)), None)


def ldd(paths: os.PathLike | str | Sequence[os.PathLike | str], library_path: Sequence[os.PathLike | str] = (),
        timeout: float = 120.0) -> dict[str, Optional[str]]:
    """Every library ``paths`` load (transitively) and where the loader finds it, as ``ldd`` says.

    Several files are listed in one run; a library found for any of them counts as found.
    ``library_path`` is searched first, as ``LD_LIBRARY_PATH`` would be (the bundle's own folder).
    Raises ``OSError`` when ``ldd`` is missing or lists nothing.
    """
    command = ldd_command()
    if command is None:
        raise OSError("ldd is not installed")
    files = [str(paths)] if isinstance(paths, (str, os.PathLike)) else [str(p) for p in paths]
    if not files:
        return {}
    env = dict(os.environ)
    search = [str(p) for p in library_path] + [p for p in env.get("LD_LIBRARY_PATH", "").split(":") if p]
    env["LD_LIBRARY_PATH"] = ":".join(search)
    try:
        result = subprocess.run([command, *files], capture_output=True, text=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise OSError(f"ldd timed out after {timeout:.0f} s") from exc
    if result.returncode != 0 and "=>" not in result.stdout:
        raise OSError(f"ldd {' '.join(files)}: {(result.stderr or result.stdout).strip() or 'failed'}")
    return parse_ldd(result.stdout)


def packages_for(sonames: Iterable[str], mapping: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """(sorted packages providing ``sonames``, sorted sonames no package is known for)."""
    packages, unknown = set(), set()
    for soname in sonames:
        if soname in mapping:
            packages.add(mapping[soname])
        else:
            unknown.add(soname)
    return sorted(packages), sorted(unknown)
