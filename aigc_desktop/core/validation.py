"""Validation of what users hand-edit or type: JSON files against a schema, and numeric settings.

A schema is built from small specs (``Int(min=0)``, ``Record({...})``, ``ListOf(Str())`` …).
:func:`validate` checks a loaded JSON value against one and raises one
:class:`~aigc_desktop.core.errors.UserError` that names the file, the first bad entry (as a
path such as ``items[3].issues[0].score``) and what was expected instead. Run files and scan
reports are validated with it before any of their values is used.

The numeric rules (:func:`check_seed`, :func:`check_positive` …) are shared by the command
line's argument types and by the services, so a value is refused the same way everywhere.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

from aigc_desktop.core.errors import UserError

SEED_MAX = 2**32 - 1  # numpy's legacy seeding range; torch generators are seeded from derived values


def _show(value: Any, limit: int = 40) -> str:
    if isinstance(value, str):
        text = repr(value)
    elif isinstance(value, bool) or value is None:
        text = "true" if value is True else "false" if value is False else "null"
    elif isinstance(value, (int, float)):
        text = repr(value)
    elif isinstance(value, list):
        return f"a list of {len(value)}"
    elif isinstance(value, dict):
        return "an object"
    else:
        text = type(value).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Spec:
    """Checks one value; ``error(value, path)`` is None when it fits, else what is wrong."""

    def describe(self) -> str:
        raise NotImplementedError

    def error(self, value: Any, path: str) -> Optional[tuple[str, str]]:
        raise NotImplementedError

    def _mismatch(self, value: Any, path: str) -> tuple[str, str]:
        return path, f"expected {self.describe()}, found {_show(value)}"


class AnyValue(Spec):
    def describe(self) -> str:
        return "any value"

    def error(self, value, path):
        return None


class Bool(Spec):
    def describe(self) -> str:
        return "true or false"

    def error(self, value, path):
        return None if isinstance(value, bool) else self._mismatch(value, path)


def _bound_text(lo, hi, lo_open: bool) -> str:
    lo = None if lo is None else f"{lo:g}"
    hi = None if hi is None else f"{hi:g}"
    if lo is not None and hi is not None:
        return f" from {lo} to {hi}" if not lo_open else f" above {lo} and at most {hi}"
    if lo is not None:
        return f" {'>' if lo_open else '≥'} {lo}"
    if hi is not None:
        return f" ≤ {hi}"
    return ""


class Int(Spec):
    def __init__(self, min: Optional[int] = None, max: Optional[int] = None) -> None:
        self.min, self.max = min, max

    def describe(self) -> str:
        return "an integer" + _bound_text(self.min, self.max, False)

    def error(self, value, path):
        if isinstance(value, bool) or not isinstance(value, int):
            return self._mismatch(value, path)
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            return self._mismatch(value, path)
        return None


class Num(Spec):
    """A finite number (an int is fine); ``min_open`` excludes ``min`` itself."""

    def __init__(self, min: Optional[float] = None, max: Optional[float] = None, min_open: bool = False) -> None:
        self.min, self.max, self.min_open = min, max, min_open

    def describe(self) -> str:
        return "a finite number" + _bound_text(self.min, self.max, self.min_open)

    def error(self, value, path):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return self._mismatch(value, path)
        v = float(value)
        if not math.isfinite(v):
            return self._mismatch(value, path)
        if self.min is not None and (v < self.min or (self.min_open and v == self.min)):
            return self._mismatch(value, path)
        if self.max is not None and v > self.max:
            return self._mismatch(value, path)
        return None


class Str(Spec):
    def __init__(self, choices: Optional[Iterable[str]] = None) -> None:
        self.choices = tuple(choices) if choices is not None else None

    def describe(self) -> str:
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        return "a string"

    def error(self, value, path):
        if not isinstance(value, str) or (self.choices is not None and value not in self.choices):
            return self._mismatch(value, path)
        return None


class Const(Spec):
    def __init__(self, value: Any) -> None:
        self.value = value

    def describe(self) -> str:
        return repr(self.value)

    def error(self, value, path):
        return None if value == self.value and type(value) is type(self.value) else self._mismatch(value, path)


class Nullable(Spec):
    def __init__(self, spec: Spec) -> None:
        self.spec = spec

    def describe(self) -> str:
        return f"{self.spec.describe()} or null"

    def error(self, value, path):
        if value is None:
            return None
        found = self.spec.error(value, path)
        if found is not None and found[0] == path:  # the value itself is wrong: say both options
            return self._mismatch(value, path)
        return found


class ListOf(Spec):
    def __init__(self, item: Spec, min_len: int = 0, max_len: Optional[int] = None) -> None:
        self.item, self.min_len, self.max_len = item, min_len, max_len

    def describe(self) -> str:
        size = ""
        if self.max_len is not None and self.max_len == self.min_len:
            size = f" of {self.min_len}"
        elif self.min_len:
            size = f" of at least {self.min_len}"
        return f"a list{size}"

    def error(self, value, path):
        if not isinstance(value, list):
            return self._mismatch(value, path)
        if len(value) < self.min_len or (self.max_len is not None and len(value) > self.max_len):
            return self._mismatch(value, path)
        for i, item in enumerate(value):
            found = self.item.error(item, f"{path}[{i}]")
            if found is not None:
                return found
        return None


class Tuple(Spec):
    """A list with one spec per position (e.g. numpy's RNG state)."""

    def __init__(self, *items: Spec) -> None:
        self.items = items

    def describe(self) -> str:
        return f"a list of {len(self.items)}"

    def error(self, value, path):
        if not isinstance(value, list) or len(value) != len(self.items):
            return self._mismatch(value, path)
        for i, (item, spec) in enumerate(zip(value, self.items)):
            found = spec.error(item, f"{path}[{i}]")
            if found is not None:
                return found
        return None


def _key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class DictOf(Spec):
    def __init__(self, value: Spec) -> None:
        self.value = value

    def describe(self) -> str:
        return "an object"

    def error(self, value, path):
        if not isinstance(value, dict):
            return self._mismatch(value, path)
        for key, item in value.items():
            found = self.value.error(item, _key_path(path, str(key)))
            if found is not None:
                return found
        return None


class Record(Spec):
    """An object with ``required`` and ``optional`` keys; other keys are allowed (newer files)."""

    def __init__(self, required: Mapping[str, Spec], optional: Optional[Mapping[str, Spec]] = None,
                 check: Optional[Callable[[dict], Optional[tuple[str, str]]]] = None) -> None:
        self.required, self.optional, self.check = dict(required), dict(optional or {}), check

    def describe(self) -> str:
        return "an object"

    def error(self, value, path):
        if not isinstance(value, dict):
            return self._mismatch(value, path)
        for key, spec in self.required.items():
            if key not in value:
                return (path or "the top level"), f"the key {key!r} is missing"
            found = spec.error(value[key], _key_path(path, key))
            if found is not None:
                return found
        for key, spec in self.optional.items():
            if key in value:
                found = spec.error(value[key], _key_path(path, key))
                if found is not None:
                    return found
        if self.check is not None:
            found = self.check(value)
            if found is not None:
                where, why = found
                return _key_path(path, where) if where else (path or "the top level"), why
        return None


def validate(value: Any, spec: Spec, where: str, path: str = "") -> Any:
    """``value`` unchanged when it fits ``spec``; else a UserError naming ``where`` (a file) and the
    first bad entry (``path`` is where ``value`` sits in that file)."""
    found = spec.error(value, path)
    if found is not None:
        entry, why = found
        raise UserError(f"{where}: {entry or 'the top level'}: {why}")
    return value


# ------------------------------------------------------------------------- numbers typed by users
def check_seed(value: int, name: str = "seed") -> int:
    """A random seed: an integer from 0 to :data:`SEED_MAX`."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= SEED_MAX:
        raise UserError(f"{name} must be an integer from 0 to {SEED_MAX}, not {_show(value)}")
    return value


def check_int(value: int, name: str, min: int = 1, max: Optional[int] = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < min or (max is not None and value > max):
        bound = f"from {min} to {max}" if max is not None else f"≥ {min}"
        raise UserError(f"{name} must be an integer {bound}, not {_show(value)}")
    return value


def check_number(value: float, name: str, min: Optional[float] = None, max: Optional[float] = None,
                 min_open: bool = False) -> float:
    """A finite number within bounds (``min_open``: above ``min``, not equal)."""
    spec = Num(min, max, min_open)
    if spec.error(value, name) is not None:
        raise UserError(f"{name} must be {spec.describe()}, not {_show(value)}")
    return float(value)


def check_choice(value: Any, name: str, choices: Sequence) -> Any:
    if value not in choices:
        raise UserError(f"{name} must be one of {', '.join(map(str, choices))}, not {_show(value)}")
    return value
