"""``--self-test`` step: train a small VAE for one epoch from the Training panel on the open demo."""
from __future__ import annotations

import math
import time

SELFTEST_ITEMS = 512  # enough for a few dozen optimisation steps, a few seconds on one CPU core


def step_train(window) -> dict:
    from aigc_desktop.qt.selftest import SelfTestFailure, wait_for

    panel = window.panels.get("training")
    if panel is None:
        raise SelfTestFailure("the Training panel is missing")
    window.tabs.setCurrentWidget(panel)
    panel.form.set_model("vae")
    panel.form.epochs.setValue(1)
    panel.form.batch_size.setValue(64)
    started = time.monotonic()
    worker = panel.start(item_limit=SELFTEST_ITEMS, device="cpu")
    if worker is None:
        raise SelfTestFailure("training could not be started (no dataset open?)")
    wait_for(window, lambda: not panel.is_running(), 180, "the training step")
    if panel.failure:
        raise SelfTestFailure("training failed: " + panel.failure)
    finished, epoch = panel.last_finished, panel.last_epoch
    if finished is None or finished.reason != "completed" or epoch is None:
        raise SelfTestFailure(f"the run did not complete: {finished}")
    loss = epoch.losses.get("loss", float("nan"))
    if not math.isfinite(loss) or (epoch.val_loss is not None and not math.isfinite(epoch.val_loss)):
        raise SelfTestFailure(f"the loss is not finite: {epoch.losses}, val {epoch.val_loss}")
    if not panel.samples.pixmaps or not panel.loss_plot.series("loss")[0]:
        raise SelfTestFailure("no loss curve or sample grid was shown")
    return {"loss": round(loss, 3), "images_per_s": round(epoch.images_per_s), "images": SELFTEST_ITEMS,
            "seconds": round(time.monotonic() - started, 2)}
