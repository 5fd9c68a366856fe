#!/usr/bin/env python3
"""Refresh the translation sources from the code and compile them.

    python tools/update_translations.py           # lupdate every .ts, then lrelease to .qm
    python tools/update_translations.py --check   # exit 1 when a .ts is out of date (no writes)

Translate new strings in ``resources/i18n/aigc_zh_CN.ts`` with Qt Linguist (``pyside6-linguist``)
or any editor, then run this script again to compile the ``.qm`` the app loads.

PySide6 6.11's lupdate marks ``QCoreApplication.translate(ctx, "…%n…", "", n)`` as a plain message,
not a plural one (6.12's does); run it from an environment with 6.12's tools (for instance
``PYTHONPATH=<a PySide6-Essentials 6.12 site folder>``) to keep the English plural forms.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("en", "zh_CN")


def qt_tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease from the running interpreter's environment."""
    beside = Path(sys.executable).with_name(f"pyside6-{name}")
    found = str(beside) if beside.exists() else shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found; install PySide6-Essentials")
    return found


def sources() -> list[str]:
    """The GUI's modules, and the core modules that mark texts for it with QT_TRANSLATE_NOOP (issue
    type names, cleaning actions: the core keeps them beside what they name, without importing Qt)."""
    gui = (ROOT / "aigc_desktop" / "qt").rglob("*.py")
    marked = (p for p in (ROOT / "aigc_desktop" / "core").rglob("*.py")
              if "QT_TRANSLATE_NOOP(" in p.read_text("utf-8") and p.name != "registry.py")
    return sorted(str(p.relative_to(ROOT)) for p in (*gui, *marked))


def lupdate(ts_path: Path) -> None:
    subprocess.run([qt_tool("lupdate"), "-locations", "none", "-no-obsolete", *sources(), "-ts", str(ts_path)],
                   cwd=ROOT, check=True, capture_output=True, text=True)


def lrelease(ts_path: Path, qm_path: Path) -> None:
    subprocess.run([qt_tool("lrelease"), str(ts_path), "-qm", str(qm_path)], cwd=ROOT, check=True,
                   capture_output=True, text=True)


def messages(ts_path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(context, source) -> (translation text, translation type) of a .ts file."""
    out = {}
    for context in ET.parse(ts_path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None:
                out[(name, message.findtext("source", ""))] = ("", "unfinished")
                continue
            # plural messages keep their text in <numerusform> children
            forms = [f.text or "" for f in translation.iter("numerusform")]
            text = " | ".join(forms) if forms else (translation.text or "")
            out[(name, message.findtext("source", ""))] = (text, translation.get("type", ""))
    return out


def ts_path(code: str) -> Path:
    return I18N / f"aigc_{code}.ts"


def check() -> list[str]:
    """What is out of date: strings in the code missing from a .ts, or the other way round."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for code in LANGUAGES:
            fresh = Path(tmp) / f"aigc_{code}.ts"
            if ts_path(code).exists():
                shutil.copy(ts_path(code), fresh)
            lupdate(fresh)
            have = set(messages(ts_path(code))) if ts_path(code).exists() else set()
            want = set(messages(fresh))
            for context, source in sorted(want - have):
                problems.append(f"{ts_path(code).name}: missing {context}: {source!r}")
            for context, source in sorted(have - want):
                problems.append(f"{ts_path(code).name}: no longer in the code {context}: {source!r}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report what is out of date")
    args = parser.parse_args()
    if args.check:
        problems = check()
        print("\n".join(problems) or "translations are up to date")
        return 1 if problems else 0
    I18N.mkdir(parents=True, exist_ok=True)
    for code in LANGUAGES:
        lupdate(ts_path(code))
        lrelease(ts_path(code), ts_path(code).with_suffix(".qm"))
        untranslated = [k for k, (text, kind) in messages(ts_path(code)).items() if kind == "unfinished" or not text]
        if code != "en" and untranslated:
            print(f"{ts_path(code).name}: {len(untranslated)} strings still to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
