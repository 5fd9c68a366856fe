"""The Data panel's table model on synthetic columns: sort and filter as one permutation."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from aigc_desktop.core.data.catalog import ItemTable
from aigc_desktop.qt.models.item_table_model import (
    BYTES, INCLUDED, ISSUES, LABEL, PATH, SIZE, ItemFilter, ItemTableModel, ScanIssues,
)


def obj(values) -> np.ndarray:
    values = list(values)
    out = np.empty(len(values), object)
    out[:] = values
    return out


def synthetic_table(n: int, seed: int = 0) -> ItemTable:
    rng = np.random.default_rng(seed)
    labels = obj(str(v) for v in rng.integers(0, 12, n))
    labels[::17] = ""
    status = obj("ok" for _ in range(n))
    status[5::50] = "corrupt"
    reason = obj("" for _ in range(n))
    reason[5::50] = "truncated"
    reason[5::100] = "zero_bytes"
    width = rng.choice([28, 32, 64], n).astype(np.int32)
    return ItemTable(
        ids=np.arange(100, 100 + n, dtype=np.int64),
        path=obj(f"{labels[i] or 'none'}/Img_{(n - i) * 7 % n:06d}.png" for i in range(n)),
        label=labels, original_label=labels.copy(), width=width, height=width.copy(),
        mode=obj(rng.choice(["L", "RGB"], n)), nbytes=rng.integers(60, 5000, n).astype(np.int64),
        pixel_hash=obj("" for _ in range(n)), status=status, reason=reason, detail=obj("" for _ in range(n)),
        included=np.ones(n, bool), dataset_id=1)


@pytest.fixture
def model(qapp):
    m = ItemTableModel()
    m.set_items(synthetic_table(2000))
    return m


def column(model, col, role=Qt.DisplayRole) -> list:
    return [model.data(model.index(r, col), role) for r in range(model.rowCount())]


def test_rows_start_in_import_order(model):
    assert model.rowCount() == 2000 and model.columnCount() == 8
    assert [model.item_id(r) for r in range(5)] == [100, 101, 102, 103, 104]


def test_sort_by_label_is_natural_and_stable(model):
    model.sort(LABEL, Qt.AscendingOrder)
    labels = column(model, LABEL)
    keys = [(0, 0) if v == "" else (1, int(v)) for v in labels]
    assert keys == sorted(keys)                      # "" first, then 0, 1, 2, … 10, 11 (not "10" < "2")
    ids = [model.item_id(r) for r in range(model.rowCount())]
    for label in ("", "3", "11"):                    # stable: ties keep import order
        same = [i for i, v in zip(ids, labels) if v == label]
        assert same == sorted(same)
    model.sort(LABEL, Qt.DescendingOrder)
    labels = column(model, LABEL)
    assert labels[0] == "11" and labels[-1] == ""
    ids = [model.item_id(r) for r in range(model.rowCount())]
    same = [i for i, v in zip(ids, labels) if v == "7"]
    assert same == sorted(same)                      # descending is stable too


def test_sort_by_path_bytes_and_size_match_python_sorted(model):
    t = model.table
    model.sort(PATH, Qt.AscendingOrder)
    expected = sorted(range(len(t)), key=lambda i: (t.path[i].lower(), i))
    assert [model.table_row(r) for r in range(model.rowCount())] == expected
    model.sort(BYTES, Qt.DescendingOrder)
    expected = sorted(range(len(t)), key=lambda i: (-t.nbytes[i], i))
    assert [model.table_row(r) for r in range(model.rowCount())] == expected
    model.sort(SIZE, Qt.AscendingOrder)
    areas = [int(t.width[model.table_row(r)]) * int(t.height[model.table_row(r)]) for r in range(model.rowCount())]
    assert areas == sorted(areas)


def test_filters_combine_and_keep_the_sort(model):
    t = model.table
    model.sort(BYTES, Qt.AscendingOrder)
    model.set_filter(ItemFilter(label="3"))
    rows = [model.table_row(r) for r in range(model.rowCount())]
    assert rows and all(t.label[i] == "3" for i in rows)
    assert len(rows) == int((t.label == "3").sum())
    assert [t.nbytes[i] for i in rows] == sorted(t.nbytes[i] for i in rows)

    model.set_filter(ItemFilter(status="corrupt"))
    assert model.rowCount() == int((t.status != "ok").sum()) == 40
    model.set_filter(ItemFilter(issue="reason:zero_bytes"))
    assert model.rowCount() == 20
    assert all("empty file" in v for v in column(model, ISSUES))

    model.set_filter(ItemFilter(label=""))
    assert model.rowCount() == int((t.label == "").sum())


def test_text_filter_is_case_insensitive_over_path_and_label(model):
    t = model.table
    model.set_filter(ItemFilter(text="img_0000"))
    rows = [model.table_row(r) for r in range(model.rowCount())]
    assert rows == [i for i in range(len(t)) if "img_0000" in t.path[i].lower()]
    assert len(rows) > 0
    model.set_filter(ItemFilter(text="IMG_0000", label="5"))
    assert all(t.label[model.table_row(r)] == "5" for r in range(model.rowCount()))
    model.set_filter(ItemFilter(text="no such thing"))
    assert model.rowCount() == 0


def test_edits_update_the_view_without_reordering(model, qtbot):
    model.sort(LABEL, Qt.AscendingOrder)
    first = model.item_id(0)
    with qtbot.waitSignal(model.labelsEdited) as edited:
        assert model.setData(model.index(0, LABEL), "  zebra ", Qt.EditRole)
    ids, label = edited.args
    assert list(ids) == [first] and label == "zebra"
    assert model.data(model.index(0, LABEL)) != "zebra"  # nothing changes before the catalog has it
    model.update_labels(ids, [label])
    assert model.item_id(0) == first and model.data(model.index(0, LABEL)) == "zebra"
    assert model.label_counts()["zebra"] == 1
    with qtbot.waitSignal(model.includedEdited) as toggled:
        model.setData(model.index(0, INCLUDED), Qt.Unchecked, Qt.CheckStateRole)
    assert toggled.args[1] is False
    model.update_included(toggled.args[0], [False])
    assert model.data(model.index(0, INCLUDED), Qt.CheckStateRole) == Qt.Unchecked.value
    model.set_filter(ItemFilter(status="excluded"))
    assert model.rowCount() == 1 and model.item_id(0) == first
    model.set_filter(ItemFilter(status="edited"))
    assert model.rowCount() == 1


def test_scan_issues_align_by_item_id_and_filter(model):
    from aigc_desktop.core.quality.result import ScanResult

    t = model.table
    order = np.random.default_rng(1).permutation(len(t))       # the scan lists items in another order
    scores = np.zeros(len(t), np.float32)
    flagged_ids = t.ids[[3, 4, 999]]
    scores[np.isin(t.ids[order], flagged_ids)] = 0.9
    result = ScanResult(1, "/", t.path[order], t.label[order], t.ids[order], {"near_duplicate": scores},
                        {"near_duplicate": 0.5})
    model.set_items(t, ScanIssues(result, t.ids))
    model.set_filter(ItemFilter(issue="near_duplicate"))
    assert sorted(model.item_id(r) for r in range(model.rowCount())) == sorted(flagged_ids.tolist())
    assert all(v == "near duplicate" for v in column(model, ISSUES))
    model.set_filter(ItemFilter(issue="any"))
    assert model.rowCount() == 3 + 40
    assert model.issue_counts()["near_duplicate"] == 3


def test_position_of_item_follows_sort_and_filter(model):
    model.sort(PATH, Qt.DescendingOrder)
    pos = model.position_of_item(150)
    assert model.item_id(pos) == 150
    model.set_filter(ItemFilter(label="no label here"))
    assert model.position_of_item(150) == -1
    assert model.position_of_item(5) == -1  # not an item of the table


def test_a_filter_that_keeps_the_same_rows_resets_nothing(model):
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    model.set_filter(ItemFilter(text="img_"))  # every path has it: the same rows
    assert model.filter.text == "img_" and model.rowCount() == 2000
    assert resets == []  # the views keep their selection and scroll, and repaint nothing
    model.set_filter(ItemFilter(text="img_0000"))  # fewer rows: a reset
    assert resets == [1]
    assert model.rowCount() == len(column(model, PATH)) > 0
    assert all("img_0000" in p.lower() for p in column(model, PATH))
    model.set_filter(ItemFilter(text="img_000"))  # more rows again
    assert resets == [1, 1]
    assert model.rowCount() == sum("img_000" in p.lower() for p in model.table.path.tolist())
