"""Before Qt starts: a UTF-8 locale, and one clear line naming missing libraries instead of Qt's abort."""
from __future__ import annotations

import locale
import os
import subprocess
import sys

import pytest

from aigc_desktop.qt import platform_check
from tests.installer.conftest import patched_elf

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Qt's platform plugins link system libraries on Linux")


@pytest.fixture
def restore_ctype():
    saved = locale.setlocale(locale.LC_CTYPE)
    yield
    locale.setlocale(locale.LC_CTYPE, saved)


@pytest.fixture
def broken_xcb(tmp_path, pyside_dir):
    """A platforms folder whose xcb plugin links a library no system has."""
    return patched_elf(pyside_dir / "Qt" / "plugins" / "platforms" / "libqxcb.so",
                       tmp_path / "platforms" / "libqxcb.so", "libxcb-icccm.so.4", "libxcb-icccX.so.4").parent


def minimal_env(**extra) -> dict:
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"), "PYTHONCOERCECLOCALE": "0",
           "AIGC_DATA_DIR": os.environ["AIGC_DATA_DIR"], "AIGC_SETTINGS_DIR": os.environ["AIGC_SETTINGS_DIR"]}
    env.update(extra)
    return env


@pytest.mark.parametrize("environ, key", [({}, "LC_CTYPE"), ({"LANG": "C"}, "LC_CTYPE"),
                                          ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "LC_ALL"),
                                          ({"LANG": "POSIX", "LC_MESSAGES": "zh_CN.UTF-8"}, "LC_CTYPE")])
def test_a_locale_without_utf8_gets_a_utf8_character_type(environ, key, restore_ctype):
    before = dict(environ)
    chosen = platform_check.ensure_utf8_locale(environ)
    assert chosen in platform_check.UTF8_LOCALES
    assert environ == {**before, key: chosen}  # the language (LANG, LC_MESSAGES) is left as it was
    assert "utf" in locale.setlocale(locale.LC_CTYPE).lower()


@pytest.mark.parametrize("environ", [{"LANG": "zh_CN.UTF-8"}, {"LC_ALL": "en_US.utf8"}, {"LC_CTYPE": "C.UTF-8"}])
def test_a_utf8_locale_is_left_alone(environ, restore_ctype):
    before = dict(environ)
    assert platform_check.ensure_utf8_locale(environ) is None
    assert environ == before


def test_qt_warns_about_the_c_locale_unless_the_launcher_sets_utf8():
    start_qt = "from PySide6.QtGui import QGuiApplication; app = QGuiApplication([])"
    fix = "from aigc_desktop.qt.platform_check import ensure_utf8_locale; ensure_utf8_locale(); "
    env = minimal_env(QT_QPA_PLATFORM="offscreen", PYTHONPATH=os.pathsep.join(sys.path))
    plain = subprocess.run([sys.executable, "-c", start_qt], env=env, capture_output=True, text=True, timeout=120)
    fixed = subprocess.run([sys.executable, "-c", fix + start_qt], env=env, capture_output=True, text=True, timeout=120)
    assert "Detected locale" in plain.stderr  # the four-line warning this fixes
    assert fixed.returncode == 0 and "Detected locale" not in fixed.stderr, fixed.stderr


def test_which_platforms_qt_will_try():
    assert platform_check.requested_platforms({}) == ["xcb"]
    assert platform_check.requested_platforms({"QT_QPA_PLATFORM": "wayland;xcb"}) == ["wayland", "xcb"]
    assert platform_check.requested_platforms({"QT_QPA_PLATFORM": "offscreen:fontengine=freetype"}) == ["offscreen"]
    assert platform_check.requested_platforms({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}) \
        == ["wayland", "xcb"]


def test_a_loadable_plugin_with_a_display_is_no_problem():
    assert platform_check.platform_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert platform_check.platform_problem({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":99"}) is None


def test_no_display_is_named():
    problem = platform_check.platform_problem({"QT_QPA_PLATFORM": "xcb"})
    assert "no X display (DISPLAY is not set)" in problem and "\n" not in problem


def test_missing_libraries_are_named_with_their_packages(broken_xcb):
    environ = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":99", "QT_QPA_PLATFORM_PLUGIN_PATH": str(broken_xcb)}
    problem = platform_check.platform_problem(environ, mapping={"libxcb-icccX.so.4": "libxcb-icccm4"})
    assert problem.startswith("cannot open a window: Qt's xcb platform plugin needs libxcb-icccX.so.4, not installed; "
                              "install: sudo apt install libxcb-icccm4")
    unknown = platform_check.platform_problem(environ, mapping={})
    assert "(no known Debian package for libxcb-icccX.so.4)" in unknown
    # with several platforms requested, one that loads is enough
    assert platform_check.platform_problem({**environ, "QT_QPA_PLATFORM": "xcb;offscreen"}) is None


def test_the_launcher_prints_one_line_instead_of_qts_abort(broken_xcb):
    env = minimal_env(QT_QPA_PLATFORM="xcb", DISPLAY=":99", QT_QPA_PLATFORM_PLUGIN_PATH=str(broken_xcb),
                      PYTHONPATH=os.pathsep.join(sys.path))
    run = subprocess.run([sys.executable, "-m", "aigc_desktop", "--self-test"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("aigc-desktop: cannot open a window: Qt's xcb platform plugin needs libxcb-icccX.so.4")
    assert "could not be initialized" not in run.stderr and run.stdout == ""
