"""A training warning in the user's language.

The trainer (``core/training/diagnostics.py`` and ``trainer.py``) words its warnings in English, and
run files keep them so (the CLI prints them as they are). Here each known wording is recognised and
said again in the interface's language with the same numbers; an unknown one is shown as it is.
``tests/qt/test_warning_text.py`` builds every warning the core can raise and checks each is
recognised, so a change of wording in the core cannot slip through untranslated."""
from __future__ import annotations

import re
from typing import Callable, Optional

from PySide6.QtCore import QCoreApplication

from aigc_desktop.qt.i18n import fill


_CODE = re.compile(r"the code carries (?P<nats>\S+) nats \((?P<active>\d+) of (?P<dims>\d+) latent dimensions "
                   r"active, KL per dimension (?P<per>\S+) nats\)")
_SPREAD = re.compile(r"reconstructions are (?P<share>\S+) as varied as their inputs")


def _collapse_part(part: str) -> Optional[str]:
    match = _CODE.fullmatch(part)
    if match:
        return fill(QCoreApplication.translate("TrainingWarnings", "the code carries %1 nats (%2 of %3 latent dimensions active, KL per dimension %4 nats)"),
                     match["nats"], match["active"], match["dims"], match["per"])
    match = _SPREAD.fullmatch(part)
    if match:
        return fill(QCoreApplication.translate("TrainingWarnings", "reconstructions are %1 as varied as their inputs"), match["share"])
    return None


def _posterior(match: re.Match) -> Optional[str]:
    parts = [_collapse_part(part) for part in match["what"].split("; ")]
    if any(part is None for part in parts):
        return None
    return fill(QCoreApplication.translate("TrainingWarnings", "Posterior collapse in epoch %1: %2. The decoder draws the same average image whatever "
                     "the input. Lower β (KL weight), keep the KL warm-up or free bits on, or train longer."),
                 match["epoch"], QCoreApplication.translate("TrainingWarnings", "; ").join(parts))


def _mode(match: re.Match) -> str:
    template = (QCoreApplication.translate("TrainingWarnings", "Mode collapse in epoch %1: the samples within each class are only %2 as varied as the "
                    "training images, so the generator draws a few shapes over and over. Try a lower learning "
                    "rate, the WGAN-GP loss, or more data.") if match["scope"] else
                QCoreApplication.translate("TrainingWarnings", "Mode collapse in epoch %1: the samples are only %2 as varied as the training images, so "
                    "the generator draws a few shapes over and over. Try a lower learning rate, the WGAN-GP "
                    "loss, or more data."))
    return fill(template, match["epoch"], match["ratio"])


def _improving(match: re.Match) -> str:
    template = (QCoreApplication.translate("TrainingWarnings", "Still improving: the validation loss fell by %1 over the last third of the run. Train "
                    "longer (a bigger step budget, or the next preset) for better samples.")
                if match["what"] == "validation loss" else
                QCoreApplication.translate("TrainingWarnings", "Still improving: the distance of the samples to real images fell by %1 over the last third "
                    "of the run. Train longer (a bigger step budget, or the next preset) for better samples."))
    return fill(template, match["gain"])


def _unlabelled(match: re.Match) -> str:
    return fill(QCoreApplication.translate("TrainingWarnings", "%1 unlabelled images left out of conditional training"), match["n"])


def _changed(match: re.Match) -> str:
    return fill(QCoreApplication.translate("TrainingWarnings", "%1 files changed or disappeared since the dataset was imported (%2); training reads them "
                     "as they are now (a missing file is left out). Import the dataset again to scan them."),
                 match["n"], match["shown"])


_KNOWN: list[tuple[re.Pattern, Callable[[re.Match], Optional[str]]]] = [
    (re.compile(r"Posterior collapse in epoch (?P<epoch>\S+): (?P<what>.+)\. The decoder draws the same average "
                r"image whatever the input\. Lower β \(KL weight\), keep the KL warm-up or free bits on, or "
                r"train longer\."), _posterior),
    (re.compile(r"Mode collapse in epoch (?P<epoch>\S+): the samples (?P<scope>within each class )?are only "
                r"(?P<ratio>\S+) as varied as the training images, so the generator draws a few shapes over and "
                r"over\. Try a lower learning rate, the WGAN-GP loss, or more data\."), _mode),
    (re.compile(r"Still improving: the (?P<what>validation loss|distance of the samples to real images) fell by "
                r"(?P<gain>\S+) over the last third of the run\. Train longer \(a bigger step budget, or the next "
                r"preset\) for better samples\."), _improving),
    (re.compile(r"(?P<n>[\d,]+) unlabelled images left out of conditional training"), _unlabelled),
    (re.compile(r"(?P<n>[\d,]+) files changed or disappeared since the dataset was imported \((?P<shown>.*)\); "
                r"training reads them as they are now \(a missing file is left out\)\. Import the dataset again "
                r"to scan them\.", re.S), _changed),
]


def _translated(message: str) -> Optional[str]:
    """``message`` said again in the interface's language, or None when it is no known wording."""
    for pattern, said in _KNOWN:
        match = pattern.fullmatch(message)
        text = said(match) if match else None
        if text is not None:
            return text
    return None


def is_known(message: str) -> bool:
    """Whether ``message`` is one of the trainer's wordings (so it is shown translated)."""
    return _translated(message) is not None


def warning_text(message: str) -> str:
    """``message`` (a warning as the trainer words it) in the interface's language."""
    text = _translated(message)
    return message if text is None else text
