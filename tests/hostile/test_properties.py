"""Property-based tests: the CSV reader and the scan-report validator, on inputs nobody wrote by hand.

Whatever the bytes of a manifest or the shape of a report, the answer is a result or one
UserError, never another exception; a valid report always passes; damaging one of its values
is always caught, and the message names the entry that was damaged.
"""
from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aigc_desktop.core.cleaning.from_report import validate_scan_report
from aigc_desktop.core.data.sources import CsvSource
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.quality.registry import issue_types

ISSUE_TYPES = tuple(issue_types())

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


# ---------------------------------------------------------------- the CSV reader
cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
rows = st.lists(st.lists(cells, min_size=0, max_size=4), min_size=0, max_size=8)


@SETTINGS
@given(data=st.binary(max_size=400))
def test_any_bytes_as_a_manifest_give_items_or_one_clear_error(tmp_path, data):
    path = tmp_path / "m.csv"
    path.write_bytes(data)
    try:
        items = CsvSource(path)._items(None)
    except UserError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for rel, label, extra in items:
        assert isinstance(rel, str) and (label is None or isinstance(label, str)) and isinstance(extra, dict)


@SETTINGS
@given(table=rows, header=st.sampled_from(["path,label", "image_path,cls", "file,target,extra", ""]))
def test_any_table_as_a_manifest_keeps_one_item_per_non_empty_row(tmp_path, table, header):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow(header.split(","))
    writer.writerows(table)
    path = tmp_path / "m.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    non_empty = [r for r in table if any(cell.strip() for cell in r)]
    try:
        items = CsvSource(path)._items(None)
    except UserError:
        # only a manifest without rows is refused (a lone first row may be read as its header)
        assert len(non_empty) <= (0 if header else 1)
        return
    # a header line is never an item; every other non-empty row is one (without a header, the
    # first row may be taken for one when it looks like one and the rest look like image paths)
    assert len(non_empty) - (0 if header else 1) <= len(items) <= len(non_empty)
    for rel, label, _ in items:
        assert "\\" not in rel and (label is None or label == label.strip())


# ---------------------------------------------------------------- the report validator
paths = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)
issue = st.fixed_dictionaries(
    {"type": st.sampled_from(ISSUE_TYPES), "score": st.floats(0, 1)},
    optional={"group": st.integers(0, 10_000), "keep": st.booleans(), "detail": st.text(max_size=10),
              "suggested_label": st.text(max_size=5), "confidence": st.floats(0, 1)})
item = st.fixed_dictionaries({"path": paths, "label": st.text(max_size=5), "issues": st.lists(issue, max_size=3)})
report = st.fixed_dictionaries({"schema": st.just("aigc-scan/1"), "root": st.text(max_size=10),
                                "items": st.lists(item, max_size=6),
                                "thresholds": st.dictionaries(st.sampled_from(ISSUE_TYPES), st.floats(0, 1))})
junk = st.one_of(st.none(), st.booleans(), st.text(max_size=5), st.integers(-5, 5), st.floats(allow_nan=True),
                 st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@SETTINGS
@given(report=report)
def test_every_well_formed_report_passes(report):
    assert validate_scan_report(json.loads(json.dumps(report)), "r.json") == report


def _leaves(value, path=()):
    """(path, value) of every place a value sits in a report."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _leaves(inner, path + (key,))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _leaves(inner, path + (i,))
    yield path, value


def _describe(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _valid_at(path, value) -> bool:
    """Whether ``value`` is still a valid value at ``path`` (then the damage is no damage)."""
    key = path[-1] if path else None
    if key in ("items", "issues"):
        return value == []
    if path == ("thresholds",):
        return isinstance(value, dict) and all(_valid_at(("thresholds", k), v) for k, v in value.items())
    if key == "confidence" and value is None:
        return True
    if key in ("score", "confidence") or (len(path) == 2 and path[0] == "thresholds"):
        return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1
    if key == "group":
        return value is None or (isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 2**62)
    if key == "keep":
        return isinstance(value, bool)
    if key in ("detail", "suggested_label"):
        return value is None or isinstance(value, str)
    if key == "type":
        return value in ISSUE_TYPES
    if key in ("path", "root"):
        return isinstance(value, str)
    if key == "label":
        return value is None or isinstance(value, str)
    return False


@SETTINGS
@given(report=report, data=st.data())
def test_damaging_any_value_is_caught_and_named(report, data):
    places = [(p, v) for p, v in _leaves(report) if p and p[0] != "schema"]
    assume(places)
    path, _ = data.draw(st.sampled_from(places))
    value = data.draw(junk)
    assume(not _valid_at(path, value))
    damaged = copy.deepcopy(report)
    target = damaged
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    with pytest.raises(UserError) as info:
        validate_scan_report(json.loads(json.dumps(damaged)), "r.json")
    message = str(info.value)
    assert message.startswith("r.json: ") and "\n" not in message
    named = _describe(path)
    reported = message[len("r.json: "):].split(": ")[0]
    # the message names the damaged entry itself, the object it sits in (a key now missing, say) or
    # the first bad part of what was put there
    assert (named == reported or named.startswith((reported + ".", reported + "["))
            or reported.startswith((named + ".", named + "["))), (message, named)
