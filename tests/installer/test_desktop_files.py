"""Desktop integration files: the *.aigc MIME type, the menu entry that opens it, the PNG icons."""
from __future__ import annotations

import configparser
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

from tests.installer.conftest import ROOT

MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(ROOT / "resources" / "aigc-desktop.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_menu_entry_opens_the_mime_type_the_package_defines():
    mime = ET.parse(ROOT / "resources" / "linux" / "aigc-desktop-mime.xml").getroot()
    types = {t.get("type"): t for t in mime.iter(MIME_NS + "mime-type")}
    project = types["application/x-aigc-project"]
    assert [g.get("pattern") for g in project.iter(MIME_NS + "glob")] == ["*.aigc"]
    assert project.find(MIME_NS + "icon").get("name") == "aigc-desktop"
    entry = desktop_entry()
    assert "application/x-aigc-project" in entry["MimeType"].split(";")
    # one file per start: the app opens one project (a file manager starts it once per file)
    assert entry["Exec"] == "aigc-desktop %f" and entry["Icon"] == "aigc-desktop"


def test_a_double_clicked_project_is_opened_by_the_launcher(tmp_path):
    """What the file manager runs, `aigc-desktop FILE.aigc`, opens that project in the window."""
    from PIL import Image

    from aigc_desktop.cli import main as cli

    images = tmp_path / "images"
    images.mkdir()
    for i in range(4):
        Image.new("L", (8, 8), 40 * i).save(images / f"{i}.png")
    project = tmp_path / "mine.aigc"
    assert cli(["import", str(images), "--project", str(project)]) == 0
    code = ("import sys\n"
            "from aigc_desktop.__main__ import main\n"
            "status = main(sys.argv[1:])\n"
            "from aigc_desktop.qt.settings import recent_projects\n"
            "print(recent_projects()[0])\n"
            "sys.exit(status)\n")
    run = subprocess.run([sys.executable, "-c", code, str(project), "--screenshot", str(tmp_path / "shot.png")],
                         capture_output=True, text=True, timeout=300, cwd=tmp_path,
                         env={**os.environ, "AIGC_SCREENSHOT_DELAY_MS": "300"})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == str(project.resolve())  # opened, hence remembered
    assert (tmp_path / "shot.png").stat().st_size > 5_000


def test_the_png_icons_are_rendered_from_the_current_svg():
    """tools/render_icons.py --check, in its own process (it starts a QGuiApplication)."""
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "render_icons.py"), "--check"],
                         capture_output=True, text=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, "run python tools/render_icons.py: " + run.stderr
    for size in (48, 128, 256):
        assert (ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "aigc-desktop.png").is_file()
