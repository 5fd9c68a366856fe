"""The .deb's Depends are computed from what the bundled Qt really links, and checked against it."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from aigc_desktop.core import system_libraries
from tests.installer.conftest import patched_elf

# what Qt's xcb platform plugin links from the system: without these no X11 window opens
XCB_PACKAGES = {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0", "libxkbcommon-x11-0", "libxcb-randr0",
                "libxcb-render-util0", "libxcb-shape0", "libxcb-image0", "libxcb-xkb1", "libxcb1", "libx11-xcb1"}


def test_read_elf_lists_what_the_xcb_plugin_links(deb_depends, pyside_dir):
    plugin = pyside_dir / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    info = deb_depends.read_elf(plugin)
    assert {"libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0", "libQt6XcbQpa.so.6"} <= set(info.needed)
    if shutil.which("readelf"):  # the same list, and the same newest glibc symbol version, as binutils
        out = subprocess.run(["readelf", "-d", str(plugin)], capture_output=True, text=True, check=True).stdout
        listed = [line.split("[", 1)[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line]
        assert info.needed == listed
        core = pyside_dir / "Qt" / "lib" / "libQt6Core.so.6"
        out = subprocess.run(["readelf", "-V", str(core)], capture_output=True, text=True, check=True).stdout
        versions = {tuple(int(x) for x in v.split(".")[:2]) for v in re.findall(r"Name: GLIBC_([\d.]+)", out)}
        assert deb_depends.read_elf(core).glibc == max(versions) >= (2, 17)
    assert deb_depends.read_elf(pyside_dir / "__init__.py") is None


def test_every_library_the_bundled_qt_links_is_bundled_or_in_the_committed_table(deb_depends, qt_bundle):
    analysis = deb_depends.analyse(qt_bundle, use_dpkg=False)
    unknown = [need.describe() for need in analysis.unknown()]
    assert not unknown, "add these to resources/linux/debian-packages.txt:\n" + "\n".join(unknown)
    required = set(analysis.packages(optional=False))
    assert XCB_PACKAGES <= required
    assert {"libwayland-client0", "libwayland-cursor0", "libwayland-egl1", "libegl1", "libgl1",
            "libfontconfig1", "libxkbcommon0", "libdbus-1-3"} <= required
    # the GTK 3 theme is optional: Qt skips it when GTK is absent, so GTK is only recommended
    assert "libgtk-3-0" in analysis.packages(optional=True) and "libgtk-3-0" not in required
    assert any(part.startswith("libc6 (>= 2.") for part in analysis.depends().split(", "))


def test_check_fails_when_a_plugin_needs_a_library_neither_bundled_nor_declared(deb_depends, qt_bundle, tmp_path):
    analysis = deb_depends.analyse(qt_bundle, use_dpkg=False)
    control = tmp_path / "control"
    control.write_text(f"Package: aigc-desktop\nDepends: {analysis.depends()}\n"
                       f"Recommends: {analysis.recommends()}\n")
    declared = deb_depends.declared_packages(control)
    assert deb_depends.uncovered(analysis, declared) == []
    assert deb_depends.main([str(qt_bundle), "--table-only", "--check", str(control)]) == 0

    # the .deb of the first release: Depends without the xcb libraries
    control.write_text("Depends: libc6, libgl1, libegl1, libxkbcommon0, libfontconfig1, libdbus-1-3\n"
                       "Recommends: libxcb-cursor0, libxkbcommon-x11-0\n")
    problems = deb_depends.uncovered(analysis, deb_depends.declared_packages(control))
    assert any(p.startswith("libxcb-icccm.so.4: package libxcb-icccm4 is not in Depends") and "libqxcb.so" in p
               for p in problems)
    assert any(p.startswith("libxcb-cursor.so.0: package libxcb-cursor0 is not in Depends") for p in problems)
    assert deb_depends.main([str(qt_bundle), "--table-only", "--check", str(control)]) == 1


def test_a_library_nobody_provides_stops_the_build(deb_depends, qt_bundle, pyside_dir, tmp_path, capsys):
    bundle = tmp_path / "bundle"
    shutil.copytree(qt_bundle, bundle, copy_function=shutil.copy)
    plugin = bundle / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    plugin.unlink()
    patched_elf(pyside_dir / "Qt" / "plugins" / "platforms" / "libqxcb.so", plugin,
                "libxcb-icccm.so.4", "libxcb-icccX.so.4")
    analysis = deb_depends.analyse(bundle, use_dpkg=False)
    assert [n.soname for n in analysis.unknown()] == ["libxcb-icccX.so.4"]
    assert analysis.needs["libxcb-icccX.so.4"].location is None  # ldd: not found
    assert deb_depends.main([str(bundle), "--table-only"]) == 1
    assert "no Debian package known for libxcb-icccX.so.4" in capsys.readouterr().err


def test_control_fields_are_parsed_with_versions_and_alternatives(deb_depends, tmp_path):
    control = tmp_path / "control"
    control.write_text("Package: x\nDepends: libc6 (>= 2.34), libgl1 | libgl1-mesa-glx, libfoo:amd64\n"
                       "Recommends: libgtk-3-0\nDescription: not: a field\n")
    assert deb_depends.declared_packages(control) == {
        "Depends": {"libc6", "libgl1", "libgl1-mesa-glx", "libfoo"}, "Recommends": {"libgtk-3-0"}}


@pytest.mark.skipif(not shutil.which("dpkg"), reason="needs dpkg (a Debian-based system)")
def test_the_committed_table_agrees_with_dpkg_where_this_machine_has_the_library(deb_depends):
    table = system_libraries.load_package_map()
    cache = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True).stdout
    where = {}
    for line in cache.splitlines():
        name, sep, path = line.strip().partition(" => ")
        soname = name.split(" (", 1)[0]
        if sep and soname in table and ("x86-64" in name or "AArch64" in name or "64bit" in name):
            where.setdefault(soname, path)
    owners = deb_depends.dpkg_packages(where.values())
    checked = {soname: owners[path] for soname, path in where.items() if path in owners}
    assert len(checked) >= 20  # this machine has most of them: libc, libstdc++, X11, GL, fonts...
    wrong = {s: (table[s], dpkg) for s, dpkg in checked.items() if dpkg != table[s]}
    assert not wrong, f"table vs dpkg -S: {wrong}"


def test_the_bundle_keeps_every_platform_and_drops_dead_weight(bundle_contents):
    useful = bundle_contents.useful
    for kept in ("PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqwayland.so",
                 "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
                 "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
                 "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
                 "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
                 "PySide6/Qt/plugins/imageformats/libqjpeg.so", "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
                 "PySide6/Qt/lib/libQt6WaylandClient.so.6", "PySide6/Qt/translations/qtbase_zh_CN.qm",
                 "torch/bin/torch_shm_manager", "torch/lib/libtorch_cpu.so", "resources/data/mnist/README.md"):
        assert useful(kept), kept
    for dropped in ("PySide6/Qt/plugins/sqldrivers/libqsqlmysql.so", "PySide6/Qt/plugins/platforms/libqvnc.so",
                    "PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt/lib/libQt6WaylandCompositor.so.6",
                    "PySide6/Qt/translations/qtbase_de.qm", "torch/include/ATen/ATen.h",
                    "torch/lib/libtorchbind_test.so"):
        assert not useful(dropped), dropped
    # the system's libraries come from the system (and the .deb's Depends), never from the build machine
    for system in ("libxcb-icccm.so.4", "libX11.so.6", "libfontconfig.so.1", "libstdc++.so.6", "libglib-2.0.so.0"):
        assert not useful(system), system
    # a wheel's own renamed copy is not the system's: Pillow's libxcb stays
    assert useful("pillow.libs/libxcb-9065bb12.so.1.1.0") and useful("libpython3.11.so.1.0")
