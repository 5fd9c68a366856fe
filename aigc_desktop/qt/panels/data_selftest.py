"""``--self-test`` step: the Data panel shows every row of the open demo, its thumbnails and filters."""
from __future__ import annotations

from aigc_desktop.qt.models.item_table_model import ISSUES


def step_data_panel(window) -> dict:
    from aigc_desktop.qt.selftest import SelfTestFailure, wait_for

    panel = window.panels.get("data")
    if panel is None:
        raise SelfTestFailure("the Data panel is missing")
    window.tabs.setCurrentWidget(panel)
    summary = window.catalog.summary(window.dataset_id)
    model = panel.model
    # a big dataset's rows are read by a job while the panel says "Loading…"
    wait_for(window, lambda: model.table is not None and model.table.dataset_id == window.dataset_id, 120,
             "the Data panel's rows")
    if model.rowCount() != summary["items"]:
        raise SelfTestFailure(f"the Data panel shows {model.rowCount()} rows, the dataset has {summary['items']}")
    ok_row = next((r for r in range(model.rowCount()) if model.data(model.index(r, ISSUES)) == "ok"), None)
    if ok_row is None:
        raise SelfTestFailure("the Data panel shows no readable item")
    item_id = model.item_id(ok_row)
    panel.select_position(ok_row)
    wait_for(window, lambda: panel.thumbnails.cached(item_id, 256) is not None, 30, "the selected item's picture")
    panel.set_filter(status="corrupt")
    shown_corrupt = model.rowCount()
    panel.clear_filters()
    if shown_corrupt != summary["corrupt"]:
        raise SelfTestFailure(f"the corrupt filter shows {shown_corrupt} rows, the dataset has {summary['corrupt']}")
    return {"rows": model.rowCount(), "corrupt_rows": shown_corrupt, "labels": len(model.label_counts())}
