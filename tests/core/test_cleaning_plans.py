"""Cleaning plans resolved against hand-made scan results on a small array dataset."""
from __future__ import annotations

import numpy as np
import pytest

from aigc_desktop.core.cleaning.plans import CleaningPlan, resolve_plan
from aigc_desktop.core.cleaning.versions import import_state
from aigc_desktop.core.data.catalog import Catalog
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.quality.result import ScanResult
from tests.jobs import imported

N = 12


@pytest.fixture
def dataset(tmp_path, mnist):
    images, labels = mnist
    np.savez(tmp_path / "small.npz", x=images[:N], y=labels[:N])
    catalog = Catalog.in_memory()
    dataset_id = imported(catalog, tmp_path / "small.npz")
    yield catalog, dataset_id, catalog.items(dataset_id)
    catalog.close()


def make_scan(items, flags=None, groups=None, suggested=None) -> ScanResult:
    """flags: type -> rows; groups: type -> [(rows, keeper row)]; suggested: row -> (label, confidence)."""
    n = len(items)
    types = set(flags or {}) | set(groups or {})
    scores = {t: np.zeros(n, np.float32) for t in types}
    group_arrays, keepers = {}, {}
    for t, rows in (flags or {}).items():
        scores[t][list(rows)] = 0.9
    for t, members in (groups or {}).items():
        group_arrays[t] = np.full(n, -1, np.int64)
        keepers[t] = np.zeros(n, bool)
        for g, (rows, keeper) in enumerate(members):
            group_arrays[t][list(rows)] = g
            scores[t][list(rows)] = 0.9
            keepers[t][keeper] = True
    label = np.full(n, "", object)
    confidence = np.zeros(n, np.float32)
    for r, (lab, conf) in (suggested or {}).items():
        label[r], confidence[r] = lab, conf
    return ScanResult(dataset_id=items.dataset_id, root="", paths=items.path, labels=items.label,
                      item_ids=items.ids, scores=scores, thresholds={t: 0.5 for t in types}, groups=group_arrays,
                      keepers=keepers, suggested_label=label, suggested_confidence=confidence)


def resolve(items, scan, plan=None):
    return resolve_plan(plan or CleaningPlan(), scan, items, import_state(items))


def test_exclude_and_ignore_follow_the_rules(dataset):
    _, _, items = dataset
    scan = make_scan(items, flags={"blank": [1, 2], "blurry": [3]})
    out = resolve(items, scan)
    assert np.flatnonzero(~out.after.included).tolist() == [1, 2, 3]
    out = resolve(items, scan, CleaningPlan(actions={"blank": "exclude", "blurry": "ignore"}))
    assert np.flatnonzero(~out.after.included).tolist() == [1, 2]
    assert out.counts()["excluded"] == 2 and out.counts()["included_after"] == N - 2


def test_thresholds_of_the_plan_decide_what_is_flagged(dataset):
    _, _, items = dataset
    scan = make_scan(items, flags={"outlier": [4]})
    assert not resolve(items, scan).after.included[4]
    assert resolve(items, scan, CleaningPlan(thresholds={"outlier": 0.95})).after.included[4]


def test_keep_one_keeps_the_keeper_and_overrides_choose_another(dataset):
    _, _, items = dataset
    scan = make_scan(items, groups={"near_duplicate": [([0, 5, 7], 5)]})
    out = resolve(items, scan)
    assert out.after.included[[0, 5, 7]].tolist() == [False, True, False]
    plan = CleaningPlan()
    plan.set_group_keep("near_duplicate", 0, [int(items.ids[0]), int(items.ids[7])])
    out = resolve(items, scan, plan)
    assert out.after.included[[0, 5, 7]].tolist() == [True, False, True]


def test_exact_and_near_groups_sharing_members_never_lose_every_copy(dataset):
    _, _, items = dataset
    # exact {0, 1} keeps 0; near {0, 1, 2} keeps 1: resolved separately, all three would go
    scan = make_scan(items, groups={"exact_duplicate": [([0, 1], 0)], "near_duplicate": [([0, 1, 2], 1)]})
    out = resolve(items, scan)
    assert out.after.included[[0, 1, 2]].sum() == 1


def test_keep_confirmed_excludes_a_conflict_group_nobody_confirms(dataset):
    _, _, items = dataset
    lab = items.label
    confirmed = make_scan(items, groups={"label_conflict": [([2, 3], 3)]},
                          suggested={2: (lab[3], 0.9), 3: (lab[3], 0.9)})
    assert resolve(items, confirmed).after.included[[2, 3]].tolist() == [False, True]
    unsure = make_scan(items, groups={"label_conflict": [([2, 3], 3)]}, suggested={2: (lab[3], 0.6), 3: (lab[3], 0.6)})
    assert resolve(items, unsure).after.included[[2, 3]].tolist() == [False, False]


def test_relabel_when_confident_exclude_when_not(dataset):
    _, _, items = dataset
    scan = make_scan(items, flags={"suspected_label_error": [6, 8]}, suggested={6: ("9", 0.93), 8: ("1", 0.5)})
    out = resolve(items, scan)
    assert out.after.label[6] == "9" and out.after.included[6]
    assert not out.after.included[8] and out.after.label[8] == items.label[8]
    assert out.relabelled.sum() == 1
    out = resolve(items, scan, CleaningPlan(relabel_confidence=0.4))
    assert out.after.label[8] == "1" and out.after.included[8]


def test_convert_and_resize_record_transforms(dataset):
    _, _, items = dataset
    scan = make_scan(items, flags={"odd_mode": [2], "odd_size": [3]})
    out = resolve(items, scan)
    assert out.after.transform[2] == {"mode": "L"}
    assert out.after.transform[3] == {"resize": [28, 28]}
    assert out.transformed.sum() == 2 and not out.before.transform[2]


def test_per_item_overrides_win(dataset):
    _, _, items = dataset
    scan = make_scan(items, flags={"blank": [1, 2]})
    plan = CleaningPlan()
    plan.set_exempt("blank", int(items.ids[1]), True)
    plan.labels[int(items.ids[4])] = "seven"
    plan.include[int(items.ids[9])] = False
    out = resolve(items, scan, plan)
    assert out.after.included[1] and not out.after.included[2]
    assert out.after.label[4] == "seven" and not out.after.included[9]
    assert any("override" in r for r in out.reasons[9])


def test_plan_json_round_trips_and_bad_actions_are_refused():
    plan = CleaningPlan(thresholds={"blank": 0.7}, target_mode="RGB", target_size=(32, 32))
    plan.set_exempt("outlier", 4, True)
    plan.set_group_keep("near_duplicate", 3, [1, 2])
    plan.labels[5] = "3"
    again = CleaningPlan.from_json(plan.to_json())
    assert again == plan
    with pytest.raises(UserError):
        CleaningPlan(actions={"blank": "resize"})
    with pytest.raises(UserError):
        CleaningPlan(target_mode="CMYK")
