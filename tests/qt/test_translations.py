"""The translation files stay in step with the code, and Chinese is complete."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("update_translations", ROOT / "tools" / "update_translations.py")
tools = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tools)


def test_ts_files_match_the_source_strings():
    problems = tools.check()
    assert not problems, "run `python tools/update_translations.py`:\n" + "\n".join(problems[:40])


def test_every_chinese_string_is_translated():
    missing = [f"{ctx}: {src!r}" for (ctx, src), (text, kind) in tools.messages(tools.ts_path("zh_CN")).items()
               if not text.strip() or kind in ("unfinished", "vanished", "obsolete")]
    assert not missing, f"{len(missing)} untranslated:\n" + "\n".join(missing[:40])


def test_placeholders_survive_translation():
    import re

    for (ctx, src), (text, _) in tools.messages(tools.ts_path("zh_CN")).items():
        assert sorted(re.findall(r"%\d", src)) == sorted(re.findall(r"%\d", text)), (ctx, src, text)


def test_compiled_qm_files_are_current(tmp_path):
    for code in tools.LANGUAGES:
        fresh = tmp_path / f"{code}.qm"
        tools.lrelease(tools.ts_path(code), fresh)
        assert fresh.read_bytes() == tools.ts_path(code).with_suffix(".qm").read_bytes(), \
            f"{code}.qm is stale: run `python tools/update_translations.py`"


def test_every_metric_name_and_direction_of_the_metric_table_is_translated():
    """The GUI names metrics from core/evaluation/metric_info's one table; each name and direction
    there must reach the translation files."""
    from aigc_desktop.core.evaluation.metric_info import METRICS

    chinese = tools.messages(tools.ts_path("zh_CN"))
    for m in METRICS:
        for text in (m.label, m.direction):
            translated, _ = chinese.get(("Metrics", text), ("", ""))
            assert translated.strip() and translated != text, (m.key, text)
