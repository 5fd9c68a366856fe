"""The ``--self-test`` step of cleaning: scan the demo with the quick checks through the wizard."""
from __future__ import annotations


def step_scan(window) -> dict:
    from aigc_desktop.qt.cleaning_wizard.scan_pages import slow_checks
    from aigc_desktop.qt.selftest import SelfTestFailure, wait_for

    panel = window.panels.get("cleaning")
    if panel is None:
        raise SelfTestFailure("the Cleaning panel is missing")
    wizard = panel.open_wizard()
    if wizard is None:
        raise SelfTestFailure("the cleaning wizard did not open (no dataset?)")
    try:
        wizard.checks_page.select(exclude=slow_checks())
        wizard.next()
        wait_for(window, lambda: wizard.scan is not None or wizard.scan_page.job is None, 300, "the scan")
        if wizard.scan is None:
            raise SelfTestFailure("the scan did not finish: " + wizard.scan_page.stage.text())
        counts = wizard.scan.counts()
        if counts.get("corrupt", 0) < 1:
            raise SelfTestFailure(f"the scan of the demo found no corrupt file: {counts}")
        return {"counts": counts, "seconds": round(wizard.scan.seconds, 2)}
    finally:
        wizard.reject()
        wait_for(window, lambda: wizard.scan_page.job is None, 60, "the scan worker to stop")
