"""Translations: English source strings, Simplified Chinese from ``resources/i18n``.

The app follows the system locale unless View > Language chose one (remembered in settings).
"""
from __future__ import annotations

import re
from typing import Callable, Optional

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase

from aigc_desktop.core.paths import resources_dir
from aigc_desktop.qt.settings import app_settings

# code -> name shown in the menu, in its own language (never translated)
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
_installed: list[QTranslator] = []


def chosen_language() -> str:
    """The language setting: "system" or a code of LANGUAGES."""
    value = app_settings().value("ui/language", "system")
    return value if value in LANGUAGES or value == "system" else "system"


def set_chosen_language(code: str) -> None:
    app_settings().setValue("ui/language", code)


def effective_language(choice: str | None = None) -> str:
    choice = choice or chosen_language()
    if choice != "system":
        return choice
    name = QLocale.system().name()  # e.g. "zh_CN", "en_US"
    return "zh_CN" if name.startswith("zh") else "en"


def install_translators(app: QCoreApplication, language: str | None = None) -> str:
    """Install the translators for ``language`` (default: the effective one); returns the code."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    code = language or effective_language()
    ours = QTranslator(app)  # for English: just the plural forms of "%n item(s)" messages
    if ours.load(str(resources_dir() / "i18n" / f"aigc_{code}.qm")):
        app.installTranslator(ours)
        _installed.append(ours)
    if code == "en":
        return code
    qt_own = QTranslator(app)  # standard dialogs and buttons
    if qt_own.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    return code


# a language whose script most Western systems lack a font for -> QFontDatabase's writing system
_SCRIPTS = {"zh_CN": QFontDatabase.SimplifiedChinese}
CJK_FONT_HINT = ("No font that can show Simplified Chinese was found, so AIGC Desktop is shown in English. "
                 "Install one and start again: on Debian or Ubuntu `sudo apt install fonts-noto-cjk` "
                 "(or fonts-wqy-microhei), on Fedora `sudo dnf install google-noto-sans-cjk-fonts`; Windows "
                 "and macOS have one already.")


def has_font_for(code: str) -> bool:
    """A font can draw the language's script (Chinese without one is a screen of boxes)."""
    script = _SCRIPTS.get(code)
    return script is None or bool(QFontDatabase.families(script))


def usable_language(code: str) -> str:
    """``code``, or English when no installed font can draw its script."""
    return code if has_font_for(code) else "en"


def fill(template: str, *parts: str) -> str:
    """``template`` with %1, %2, ... replaced by ``parts``, in one pass: a part that itself holds "%2"
    stays as it is, and %10 is the tenth part, not the first followed by 0."""
    def part(match: re.Match) -> str:
        n = int(match.group(1))
        return parts[n - 1] if 0 < n <= len(parts) else match.group(0)
    return re.sub(r"%(\d+)", part, template)


def translate_matching(text: str, patterns, context: str,
                       shown: Callable[[str], str] = str) -> Optional[str]:
    """What the core wrote in English (``text``), said in the user's language: the first of
    ``patterns`` ((compiled regex, translatable template), ...) that matches all of it gives the
    template, filled with its groups (each through ``shown``); None when none matches."""
    for pattern, template in patterns:
        match = pattern.fullmatch(text)
        if match:
            return fill(QCoreApplication.translate(context, template), *(shown(g) for g in match.groups()))
    return None
