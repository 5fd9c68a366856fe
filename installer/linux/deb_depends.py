#!/usr/bin/env python3
"""The .deb's Depends, computed from what the bundle's own libraries need.

Every ELF file in the bundle (Qt's libraries and plugins, torch, numpy, Pillow, the launcher) is
read for the shared libraries it links directly (DT_NEEDED) and for the glibc versions it needs.
A library the bundle carries needs nothing; every other one is located the way the loader will
find it (``ldd``, with the bundle's own folder searched first, as the launcher does) and mapped to
its Debian package by ``dpkg -S``, or, where this machine lacks it, by the committed table
``resources/linux/debian-packages.txt``. A library neither bundled nor mapped stops the build.

    deb_depends.py BUNDLE                    print the control file's Depends (and Recommends) lines
    deb_depends.py BUNDLE --report           the table behind it: library, package, who needs it
    deb_depends.py BUNDLE --check CONTROL    fail (exit 1) when a library a bundled file links is
                                             neither in the bundle nor provided by a declared package

Optional plugins (``--optional``: Qt loads them only when their libraries are present, e.g. the
GTK 3 theme) put their packages in Recommends instead.
"""
from __future__ import annotations

import argparse
import os
import re
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aigc_desktop.core import system_libraries  # noqa: E402

DT_NEEDED, DT_STRTAB, DT_STRSZ = 1, 5, 10
PT_LOAD, PT_DYNAMIC = 1, 2
GLIBC_VERSION = re.compile(rb"GLIBC_(\d+)\.(\d+)(?:\.\d+)?\x00")
# Libraries of the C runtime itself: always present where glibc is (package libc6)
LIBC_SONAMES = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1",
                "libresolv.so.2", "libanl.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
                "linux-vdso.so.1", "libcrypt.so.1"}
# Qt plugins that Qt loads only when their libraries are present: their needs go to Recommends
DEFAULT_OPTIONAL = ("PySide6/Qt/plugins/platformthemes/",)


@dataclass
class ElfInfo:
    needed: list[str]
    glibc: tuple[int, int] = (0, 0)


def read_elf(path: Path) -> Optional[ElfInfo]:
    """DT_NEEDED entries and the highest GLIBC_x.y version of an ELF shared object or executable.

    Returns None for anything that is not a dynamically linked ELF file.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(64)
            if len(head) < 52 or head[:4] != b"\x7fELF":
                return None
            is64, endian = head[4] == 2, "<" if head[5] == 1 else ">"
            if is64:
                phoff, = struct.unpack_from(endian + "Q", head, 32)
                phentsize, phnum = struct.unpack_from(endian + "HH", head, 54)
                ph_fmt, dyn_fmt = endian + "IIQQQQQQ", endian + "qQ"
            else:
                phoff, = struct.unpack_from(endian + "I", head, 28)
                phentsize, phnum = struct.unpack_from(endian + "HH", head, 42)
                ph_fmt, dyn_fmt = endian + "IIIIIIII", endian + "iI"
            loads, dynamic = [], None
            f.seek(phoff)
            table = f.read(phentsize * phnum)
            for i in range(phnum):
                fields = struct.unpack_from(ph_fmt, table, i * phentsize)
                if is64:
                    p_type, _, p_offset, p_vaddr, _, p_filesz = fields[:6]
                else:
                    p_type, p_offset, p_vaddr, _, p_filesz = fields[:5]
                if p_type == PT_LOAD:
                    loads.append((p_vaddr, p_offset, p_filesz))
                elif p_type == PT_DYNAMIC:
                    dynamic = (p_offset, p_filesz)
            if dynamic is None:
                return None
            f.seek(dynamic[0])
            raw = f.read(dynamic[1])
            step = struct.calcsize(dyn_fmt)
            needed_offsets, strtab, strsz = [], None, 0
            for pos in range(0, len(raw) - step + 1, step):
                tag, value = struct.unpack_from(dyn_fmt, raw, pos)
                if tag == 0:
                    break
                if tag == DT_NEEDED:
                    needed_offsets.append(value)
                elif tag == DT_STRTAB:
                    strtab = value
                elif tag == DT_STRSZ:
                    strsz = value
            if strtab is None:
                return None
            file_offset = next((off + strtab - vaddr for vaddr, off, size in loads
                                if vaddr <= strtab < vaddr + size), strtab)
            f.seek(file_offset)
            strings = f.read(strsz)
    except (OSError, struct.error):
        return None
    needed = [strings[o:strings.index(b"\0", o)].decode("utf-8", "replace") for o in needed_offsets
              if o < len(strings)]
    versions = [(int(a), int(b)) for a, b in GLIBC_VERSION.findall(strings)]
    return ElfInfo(needed=needed, glibc=max(versions, default=(0, 0)))


def elf_files(bundle: Path) -> dict[Path, ElfInfo]:
    found = {}
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            info = read_elf(path)
            if info is not None:
                found[path] = info
    return found


def _twins(path: str) -> list[str]:
    """The path, its real path, and their /usr-merged twins (dpkg knows only the packaged one)."""
    candidates = [path, os.path.realpath(path)]
    for p in list(candidates):
        candidates.append("/usr" + p if p.startswith("/lib") else p[4:] if p.startswith("/usr/lib") else p)
    return list(dict.fromkeys(candidates))


def dpkg_packages(paths: Iterable[str]) -> dict[str, str]:
    """{path: the installed Debian package owning it}, from one ``dpkg -S`` run; unknown paths left out."""
    paths = list(paths)
    queries = {twin: path for path in paths for twin in _twins(path)}
    if not queries:
        return {}
    try:
        out = subprocess.run(["dpkg", "-S", *queries], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    owners: dict[str, str] = {}
    for line in out.stdout.splitlines():
        packages, sep, owned = line.rpartition(": ")
        if not sep or owned not in queries or "," in packages or " " in packages:
            continue  # "diversion by ..." lines and files shared by several packages are skipped
        owners.setdefault(queries[owned], packages.split(":")[0])
    return owners


@dataclass
class Need:
    soname: str
    needed_by: list[str] = field(default_factory=list)
    location: Optional[str] = None
    package: Optional[str] = None
    source: str = ""           # "dpkg", "table" or "" (unknown)
    optional: bool = True      # only optional plugins need it

    def describe(self) -> str:
        where = self.location or "not found here"
        return f"{self.soname:32} {self.package or '?':24} ({self.source or 'unknown'}; {where}) " \
               f"needed by {', '.join(self.needed_by[:3])}{' …' if len(self.needed_by) > 3 else ''}"


@dataclass
class Analysis:
    needs: dict[str, Need]
    glibc: tuple[int, int]

    def packages(self, optional: bool) -> list[str]:
        return sorted({n.package for n in self.needs.values() if n.package and n.optional == optional})

    def unknown(self) -> list[Need]:
        return [n for n in self.needs.values() if n.package is None]

    def depends(self) -> str:
        required = set(self.packages(optional=False))
        parts = []
        for package in sorted(required | {"libc6"}):
            if package == "libc6" and self.glibc > (0, 0):
                parts.append(f"libc6 (>= {self.glibc[0]}.{self.glibc[1]})")
            else:
                parts.append(package)
        return ", ".join(parts)

    def recommends(self) -> str:
        required = set(self.packages(optional=False))
        return ", ".join(p for p in self.packages(optional=True) if p not in required)


def analyse(bundle: Path, mapping: Optional[dict[str, str]] = None, use_dpkg: bool = True,
            optional_prefixes: Iterable[str] = DEFAULT_OPTIONAL) -> Analysis:
    """What the bundle needs from the system, each library with its package."""
    mapping = system_libraries.load_package_map() if mapping is None else mapping
    files = elf_files(bundle)
    bundled = {p.name for p in bundle.rglob("*") if p.is_file()}
    internal = bundle / "_internal"
    search = [internal] if internal.is_dir() else [bundle]
    needs: dict[str, Need] = {}
    glibc = (0, 0)
    for path, info in files.items():
        rel = path.relative_to(bundle).as_posix()
        rel_inside = rel.split("_internal/", 1)[-1]
        optional = rel_inside.startswith(tuple(optional_prefixes))
        glibc = max(glibc, info.glibc)
        for soname in info.needed:
            if soname in bundled:
                continue
            need = needs.setdefault(soname, Need(soname))
            need.needed_by.append(rel_inside)
            need.optional = need.optional and optional
    # where the loader finds each library: one ldd run over one file that links each of them
    representatives: dict[str, Path] = {}
    for path, info in files.items():
        for soname in info.needed:
            if soname in needs:
                representatives.setdefault(soname, path)
    try:
        locations = system_libraries.ldd(sorted(set(representatives.values())), search)
    except OSError as exc:
        print(f"deb_depends: {exc}; packages come from the committed table only", file=sys.stderr)
        locations = {}
    system_paths = [where for where in locations.values() if where and not where.startswith(str(bundle))]
    owners = dpkg_packages(system_paths) if use_dpkg else {}
    for soname, need in needs.items():
        need.location = locations.get(soname)
        if soname in LIBC_SONAMES:
            need.package, need.source = "libc6", "glibc"
            continue
        if need.location in owners:
            need.package, need.source = owners[need.location], "dpkg"
        if need.package is None and soname in mapping:
            need.package, need.source = mapping[soname], "table"
    return Analysis(needs=needs, glibc=glibc)


def declared_packages(control: Path) -> dict[str, set[str]]:
    """{"Depends": {...}, "Recommends": {...}} from a DEBIAN/control file (alternatives included)."""
    fields: dict[str, set[str]] = {"Depends": set(), "Recommends": set()}
    for line in control.read_text("utf-8").splitlines():
        key, _, value = line.partition(":")
        if key in fields:
            for item in value.split(","):
                for alternative in item.split("|"):
                    name = alternative.strip().split(" ", 1)[0].split("(", 1)[0].split(":", 1)[0]
                    if name:
                        fields[key].add(name)
    return fields


def uncovered(analysis: Analysis, declared: dict[str, set[str]]) -> list[str]:
    """Problems: a library neither bundled nor provided by a declared package."""
    problems = []
    for need in sorted(analysis.needs.values(), key=lambda n: n.soname):
        allowed = declared["Depends"] | (declared["Recommends"] if need.optional else set())
        if need.package is None:
            problems.append(f"{need.soname}: no Debian package known (needed by {', '.join(need.needed_by[:3])})")
        elif need.package not in allowed:
            field_name = "Depends or Recommends" if need.optional else "Depends"
            problems.append(f"{need.soname}: package {need.package} is not in {field_name} "
                            f"(needed by {', '.join(need.needed_by[:3])})")
    return problems


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--report", action="store_true", help="print every library with its package")
    parser.add_argument("--check", type=Path, metavar="CONTROL", help="check a control file's Depends")
    parser.add_argument("--table-only", action="store_true", help="map with the committed table only")
    args = parser.parse_args(argv)
    if not args.bundle.is_dir():
        print(f"deb_depends: {args.bundle} is not a folder", file=sys.stderr)
        return 2
    analysis = analyse(args.bundle, use_dpkg=not args.table_only)
    if args.report:
        for need in sorted(analysis.needs.values(), key=lambda n: (n.package or "", n.soname)):
            print(("optional " if need.optional else "required ") + need.describe())
        print(f"glibc >= {analysis.glibc[0]}.{analysis.glibc[1]}")
        return 0
    if args.check:
        problems = uncovered(analysis, declared_packages(args.check))
        for problem in problems:
            print(f"deb_depends: {problem}", file=sys.stderr)
        print(f"deb_depends: {len(analysis.needs)} system libraries checked against {args.check}: "
              f"{'all declared' if not problems else f'{len(problems)} not declared'}", file=sys.stderr)
        return 1 if problems else 0
    unknown = analysis.unknown()
    if unknown:
        for need in unknown:
            print(f"deb_depends: no Debian package known for {need.describe()}; add it to "
                  f"resources/linux/{system_libraries.PACKAGE_MAP_NAME}", file=sys.stderr)
        return 1
    print(f"Depends: {analysis.depends()}")
    if analysis.recommends():
        print(f"Recommends: {analysis.recommends()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
