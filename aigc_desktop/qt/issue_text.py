"""Issue types and corrupt-file reasons in plain, translatable words (the core keeps machine names)."""
from __future__ import annotations

import re

import numpy as np
from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

from aigc_desktop.qt.i18n import translate_matching


def _t(text: str) -> str:
    """Translate a text marked with ``QT_TRANSLATE_NOOP("IssueText", ...)`` (lupdate collects the marks)."""
    return QCoreApplication.translate("IssueText", text)


# checks that answer yes or no: a file decodes or not, a label is there or not, pixels are identical
# or not. Their scores are 0 or 1: a threshold between them changes nothing, and a flagged item's
# score (1.00) says nothing the flag does not.
YES_NO_TYPES = ("corrupt", "exact_duplicate", "missing_label", "odd_size", "odd_mode")


def is_yes_no(issue_type: str, scores) -> bool:
    """``issue_type`` is a yes/no check and ``scores`` (an array, or one score) are all 0 or 1."""
    return issue_type in YES_NO_TYPES and bool(np.isin(np.asarray(scores), (0.0, 1.0)).all())


def issue_name(issue_type: str) -> str:
    """A short name for an issue type of the scan (``near_duplicate`` -> "near duplicate"): its
    CheckSpec's name, translated."""
    from aigc_desktop.core.errors import UserError
    from aigc_desktop.core.quality.registry import get_check

    try:
        return _t(get_check(issue_type).name)
    except UserError:  # a type of an old scan that this version no longer checks
        return issue_type.replace("_", " ")


def action_title(action: str) -> str:
    """A cleaning action's title ("Keep one per group"), in the user's language (the core marks the
    titles for lupdate); an action this version does not know is shown as it is."""
    from aigc_desktop.core.cleaning.plans import ACTION_TITLES

    title = ACTION_TITLES.get(action)
    return QCoreApplication.translate("CleaningActions", title) if title else action


def check_title(issue_type: str) -> str:
    """What a check finds, as a title ("Corrupt files"), in the user's language."""
    from aigc_desktop.core.quality.registry import get_check

    return QCoreApplication.translate("CheckText", get_check(issue_type).title)


def check_description(issue_type: str) -> str:
    """What a check looks for, in a sentence, in the user's language."""
    from aigc_desktop.core.quality.registry import get_check

    return QCoreApplication.translate("CheckText", get_check(issue_type).description)


def reason_name(reason: str) -> str:
    """A short name for why a file could not be read (``zero_bytes`` -> "empty file")."""
    names = {
        "zero_bytes": QT_TRANSLATE_NOOP("IssueText", "empty file"),
        "truncated": QT_TRANSLATE_NOOP("IssueText", "truncated"),
        "not_an_image": QT_TRANSLATE_NOOP("IssueText", "not an image"),
        "unsupported_mode": QT_TRANSLATE_NOOP("IssueText", "unsupported colour mode"),
        "too_large": QT_TRANSLATE_NOOP("IssueText", "too large"),
        "permission_denied": QT_TRANSLATE_NOOP("IssueText", "permission denied"),
        "unreadable_path": QT_TRANSLATE_NOOP("IssueText", "unreadable path"),
    }
    return _t(names[reason]) if reason in names else reason.replace("_", " ")


def reason_sentence(reason: str) -> str:
    """What a corrupt reason means for the user, and what to do about it."""
    sentences = {
        "zero_bytes": QT_TRANSLATE_NOOP("IssueText", "The file is empty (0 bytes): it was probably never fully written or downloaded."),
        "truncated": QT_TRANSLATE_NOOP("IssueText", "The file starts like an image but ends early or is damaged, so it cannot be "
                        "decoded completely. Re-download or re-export it."),
        "not_an_image": QT_TRANSLATE_NOOP("IssueText", "The file has an image name but its content is not in any image format "
                           "(it may be text, HTML or another kind of file)."),
        "unsupported_mode": QT_TRANSLATE_NOOP("IssueText", "The image uses a colour mode that cannot be converted to grey, RGB or "
                               "RGBA without changing its colours."),
        "too_large": QT_TRANSLATE_NOOP("IssueText", "The image is too large to decode safely (it may be a decompression bomb)."),
        "permission_denied": QT_TRANSLATE_NOOP("IssueText", "The file cannot be read: permission denied. Check its access rights."),
        "unreadable_path": QT_TRANSLATE_NOOP("IssueText", "The file cannot be opened: it was moved or deleted, or its path cannot "
                              "be read."),
    }
    return _t(sentences.get(reason, QT_TRANSLATE_NOOP("IssueText", "The file cannot be read.")))


# The scan's per-item details, as the core writes them (English, kept in the report for the command
# line): each pattern and the translatable template the GUI shows it with. %1, %2: the pattern's parts.
_DETAILS = (
    (re.compile(r"^(\d+) files with identical pixels$"),
     QT_TRANSLATE_NOOP("IssueText", "%1 files with identical pixels")),
    (re.compile(r"^like (.+)$", re.S), QT_TRANSLATE_NOOP("IssueText", "like %1")),
    (re.compile(r"^labels (.+)$", re.S), QT_TRANSLATE_NOOP("IssueText", "labels %1")),
    (re.compile(r"^(\S+), unusual area or aspect ratio for this dataset$"),
     QT_TRANSLATE_NOOP("IssueText", "%1, unusual area or aspect ratio for this dataset")),
    (re.compile(r"^(\S+), most items are (\S+)$"), QT_TRANSLATE_NOOP("IssueText", "%1, most items are %2")),
    (re.compile(r"^unreadable now \(changed or removed since the import\)$"),
     QT_TRANSLATE_NOOP("IssueText", "unreadable now (changed or removed since the import)")),
)


def detail_text(detail: str) -> str:
    """A scan detail ("like 3/img_00012.png", "30x28, most items are 28x28") in the user's language;
    a detail of no known form as it is."""
    return translate_matching(detail, _DETAILS, "IssueText") or detail
