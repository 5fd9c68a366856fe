"""Argument types of the command line: every number is checked when the arguments are parsed.

Each type turns the text into a value with the same rule the services apply
(:mod:`aigc_desktop.core.validation`), so ``--lr nan`` or ``--seed -1`` is one usage line
(``aigc train: error: argument --lr: …``, exit 2) before any data are read.
"""
from __future__ import annotations

import argparse
import math
import re
from typing import Callable

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.training.config import (MAX_BATCH, MAX_EPOCHS, MAX_GUIDANCE, MAX_LATENT, MAX_SAMPLER_STEPS,
                                               MAX_STEPS)
from aigc_desktop.core.validation import SEED_MAX, check_int, check_number, check_seed

CHECKPOINT_TAG = re.compile(r"^(last|epoch_\d{1,9})$")


def _integer(text: str) -> int:
    try:
        return int(text.strip().replace("_", ""), 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, not {text!r}") from None


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, not {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, not {text!r}")
    return value


def _checked(parse: Callable[[str], object], check: Callable[[object], object], name: str):
    def convert(text: str):
        value = parse(text)
        try:
            return check(value)
        except UserError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = name  # argparse names the type in its messages
    return convert


def seed(text: str) -> int:
    return _checked(_integer, lambda v: check_seed(v, "it"), "seed")(text)


def int_at_least(low: int, high: int | None = None):
    return _checked(_integer, lambda v: check_int(v, "it", low, high), "integer")


def positive_number(text: str) -> float:
    return _checked(_number, lambda v: check_number(v, "it", 0.0, min_open=True), "number")(text)


def non_negative_number(text: str) -> float:
    return _checked(_number, lambda v: check_number(v, "it", 0.0), "number")(text)


def guidance_scale(text: str) -> float:
    return _checked(_number, lambda v: check_number(v, "it", 0.0, MAX_GUIDANCE), "number")(text)


sampler_steps = int_at_least(1, MAX_SAMPLER_STEPS)


def _list(kind: Callable[[str], object], check: Callable[[object], object], name: str):
    """A comma-separated list, each value converted by ``kind`` and checked by ``check``."""
    def convert(text: str) -> tuple:
        parts = [part for part in text.split(",") if part.strip()]
        if not parts:
            raise argparse.ArgumentTypeError(f"expected comma-separated numbers, e.g. 0,1,2, not {text!r}")
        values = tuple(kind(part) for part in parts)
        try:
            for value in values:
                check(value)
        except UserError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return values

    convert.__name__ = name
    return convert


seed_list = _list(_integer, lambda v: check_seed(v, "each seed"), "seed list")
rate_list = _list(_number, lambda v: check_number(v, "each dirt rate", 0.0, 5.0), "rate list")


def version_pair(text: str) -> tuple:
    versions = _list(_integer, lambda v: check_int(v, "a version number", 0), "version pair")(text)
    if len(versions) != 2:
        raise argparse.ArgumentTypeError(f"expected two version numbers DIRTY,CLEANED (e.g. 0,2), not {text!r}")
    return versions


def checkpoint_tag(text: str) -> str:
    if not CHECKPOINT_TAG.match(text):
        raise argparse.ArgumentTypeError(f"expected 'last' or 'epoch_NNNN', not {text!r}")
    return text


MAX_SAMPLES = 10_000_000
MAX_EVALUATED = 100_000  # the metrics compare every sample with every real image
MAX_WORKERS = 1024
__all__ = ["seed", "guidance_scale", "sampler_steps", "seed_list", "rate_list", "version_pair", "int_at_least",
           "positive_number", "non_negative_number", "checkpoint_tag", "SEED_MAX", "MAX_SAMPLES", "MAX_EVALUATED",
           "MAX_LATENT", "MAX_BATCH", "MAX_EPOCHS", "MAX_STEPS", "MAX_WORKERS"]
