"""What the core writes about versions and runs, said in the user's language: the "what changed"
column of the versions table and the run history's last loss."""
from __future__ import annotations

import math
import re
from types import SimpleNamespace

import pytest

from aigc_desktop.core.cleaning.apply import outcome_summary
from aigc_desktop.core.data.version_records import IMPORT_SUMMARY
from tests.qt.test_chinese_everywhere import english_words

CLEANED = outcome_summary(SimpleNamespace(counts=lambda: {
    "excluded": 475, "relabelled": 43, "transformed": 34, "included_after": 4775, "items": 5250}))
SUMMARIES = [IMPORT_SUMMARY, CLEANED, "manual edits since version 1 (12 inclusion changes)", "revert to version 2"]


@pytest.fixture
def chinese(qapp):
    from aigc_desktop.qt import i18n

    i18n.install_translators(qapp, "zh_CN")
    yield
    i18n.install_translators(qapp, "en")


def test_version_summaries_are_said_in_chinese_with_their_numbers(chinese):
    from aigc_desktop.qt.dataset_picker import version_summary

    said = [version_summary(s) for s in SUMMARIES]
    assert english_words(zip(SUMMARIES, said), set()) == []
    assert said[1] == "清洗：排除 475 个，改标 43 个，转换或缩放 34 个；纳入 4,775 / 5,250 个"
    assert "1" in said[2] and "12" in said[2] and "2" in said[3]
    assert version_summary("a note of another form") == "a note of another form"  # shown as it is


def test_version_summaries_read_the_same_in_english(qapp):
    from aigc_desktop.qt import i18n
    from aigc_desktop.qt.dataset_picker import version_summary

    i18n.install_translators(qapp, "en")
    assert [version_summary(s) for s in SUMMARIES] == [
        IMPORT_SUMMARY, "cleaned: 475 excluded, 43 relabelled, 34 converted or resized; 4,775 of 5,250 included",
        *SUMMARIES[2:]]


@pytest.mark.parametrize("model, key, name", [("gan", "g_loss", "生成器损失"), ("vae", "loss", "损失")])
def test_the_run_history_names_the_last_loss_in_chinese(chinese, qtbot, model, key, name):
    from aigc_desktop.qt.panels.run_history import RunHistory

    history = RunHistory()
    qtbot.addWidget(history)
    run = SimpleNamespace(name=f"20261201-023713-{model}", history=[{"epoch": 28, key: 0.19651}], epochs_done=28,
                          config=SimpleNamespace(model=model, epochs=28), status="completed")
    label = history.label(run)
    assert f"{name} 0.1965" in label and key not in label.replace(run.name, "")
    assert english_words([("label", label.replace(run.name, ""))], set()) == []


def _plans():
    """Plans as the wizard makes them: the default rules; with per-item choices; with every rule off."""
    from aigc_desktop.core.cleaning.plans import CleaningPlan

    chosen = CleaningPlan()
    chosen.actions["near_duplicate"] = "exclude"
    chosen.set_exempt("blank", 7, True)
    chosen.set_group_keep("exact_duplicate", 2, {11, 12})
    chosen.labels[5] = "3"
    return [CleaningPlan(), chosen, CleaningPlan(actions={t: "ignore" for t in CleaningPlan().actions})]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_cleanings_rules_are_said_in_the_users_language(qapp, language):
    """The versions table's tooltip: the rules of the plan the core summarised (CleaningPlan.summary),
    one a line, with the issues' names and the actions' titles."""
    from aigc_desktop.qt import i18n
    from aigc_desktop.qt.dataset_picker import plan_summary
    from aigc_desktop.qt.issue_text import action_title, issue_name

    i18n.install_translators(qapp, language)
    try:
        default, chosen, nothing = _plans()
        for plan in (default, chosen):
            lines = plan_summary(plan.summary()).split("\n")
            rules = [(t, a) for t, a in plan.actions.items() if a != "ignore"]
            assert len(rules) >= 3 and len(lines) >= len(rules)
            for line, (t, a) in zip(lines, rules):  # "Exact duplicate: Keep one per group", "完全重复：每组保留一个"
                assert line.startswith(issue_name(t).capitalize()) and line.endswith(action_title(a)), (line, t, a)
            if language == "zh_CN":
                assert english_words([(language, "\n".join(lines))], set()) == []
        assert plan_summary(chosen.summary()).split("\n")[-1] == \
            ("items decided one by one: 3" if language == "en" else "逐项决定的条目：3")
        assert plan_summary(nothing.summary()) == ("no rule changes anything" if language == "en" else "没有规则改动任何条目")
        if language == "zh_CN":
            said = plan_summary(default.summary())
            assert "排除" in said and "exclude" not in said.lower()
    finally:
        i18n.install_translators(qapp, "en")
    assert plan_summary("a note of another form") == "a note of another form"  # shown as it is


def _endings():
    """Every way the trainer words how a run ended, made by its own functions."""
    from aigc_desktop.core.training import events as e

    return [e.completed_message(28, {"d_loss": 1.433, "g_loss": 0.4905}, ("d_loss", "g_loss")),
            e.completed_message(3, {"loss": 539.9, "recon": 539.9, "kl": 0.008361}, ("loss", "recon", "kl"), "steps", 600),
            e.completed_message(1, {}, ("loss",), "time", 42),
            e.early_stop_message(7, 3, 4),
            *(e.diverged_message(2, 17, e.divergence_reason(bad, norm, 1e4), 1)
              for bad, norm in ((True, 1.0), (False, math.inf), (False, 3e5), (False, 1.0))),
            e.cancelled_message(2, 5, 36), e.cancelled_status(2, 5)]


def test_how_a_run_ended_is_said_in_chinese_with_its_numbers(chinese):
    from aigc_desktop.qt.run_text import finish_text

    for message in _endings():
        said = finish_text(message)
        assert said != message and english_words([(message, said)], set()) == [], said
        assert re.findall(r"\d+(?:\.\d+)?", said) == re.findall(r"\d+(?:\.\d+)?", message), (message, said)
    assert finish_text("a note of another form") == "a note of another form"  # shown as it is


def test_how_a_run_ended_reads_as_plain_english(qapp):
    from aigc_desktop.qt import i18n
    from aigc_desktop.qt.run_text import finish_text

    i18n.install_translators(qapp, "en")
    said = [finish_text(m) for m in _endings()]
    assert said[0] == "Epochs trained: 28; discriminator loss 1.433 · generator loss 0.4905"
    assert said[1].endswith("; stopped at the step budget after 600 optimizer steps")
    assert said[3] == "Stopped early after epoch 7: the validation loss had not improved for 3 epochs (best: epoch 4)."
    assert said[5].startswith("Training diverged in epoch 2 at step 17: the gradient norm exploded (inf > 1e+04).")
