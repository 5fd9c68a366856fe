"""A step budget (``max_steps``): the run stops after exactly that many optimizer steps, mid-epoch if
need be, and ends, checkpoints and resumes like any other run."""
import dataclasses

import pytest
import torch

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import CancelToken, run_job
from aigc_desktop.core.training.checkpoints import load_checkpoint
from aigc_desktop.core.training.config import default_config
from aigc_desktop.core.training.data import data_from_arrays
from aigc_desktop.core.training.events import BatchEnd, EpochEnd, RunFinished
from aigc_desktop.core.training.runs import load_run
from aigc_desktop.core.training.trainer import split_indices, steps_per_epoch, train
from tests.jobs import context, timeline

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def data(mnist):
    images, labels = mnist
    return data_from_arrays(images[:200], labels[:200])


def last(run_dir):
    weights, meta, _ = load_checkpoint(run_dir / "checkpoints", "last")
    return weights, meta


def assert_same_weights(a, b):
    assert a.keys() == b.keys()
    for key in a:
        assert torch.equal(a[key], b[key]), key


def cancel_after_batches(cancel, n: int):
    """An event sink that cancels once ``n`` BatchEnd events were seen."""
    seen = []

    def watch(event) -> None:
        seen.append(isinstance(event, BatchEnd))
        if sum(seen) == n:
            cancel.cancel()

    return watch


@pytest.mark.parametrize("model", ["vae", "gan"])
def test_steps_per_epoch_is_what_the_trainer_runs(data, tmp_path, model):
    config = default_config(model, epochs=1, batch_size=32, device="cpu", event_interval_s=0.0)
    events = timeline(train(data, config, tmp_path / "run", context()))
    n_train = len(split_indices(len(data), config.val_fraction, config.seed)[0])
    expected = steps_per_epoch(n_train, config)
    assert {e.total_steps for e in events if isinstance(e, BatchEnd)} == {expected}
    assert last(tmp_path / "run")[1]["global_step"] == expected
    assert expected == (5 if model == "gan" else 6)  # 180 training images: 5 full batches of 32, or 6 with the rest


def test_the_budget_stops_mid_epoch_exactly_where_a_cancel_would(data, tmp_path):
    config = default_config("vae", epochs=3, batch_size=32, device="cpu", event_interval_s=0.0)
    per_epoch = steps_per_epoch(180, config)
    budget = per_epoch + 3

    events = timeline(train(data, dataclasses.replace(config, max_steps=budget), tmp_path / "budget", context()))
    finished = events[-1]
    assert isinstance(finished, RunFinished) and finished.reason == "completed"
    assert f"step budget: {budget} optimizer steps" in finished.message
    assert sum(isinstance(e, BatchEnd) for e in events) == budget  # event_interval 0: one per step
    assert [e.epoch for e in events if isinstance(e, EpochEnd)] == [1, 2]  # the partial epoch 2 still ends
    weights, meta = last(tmp_path / "budget")
    assert meta["global_step"] == budget
    assert (tmp_path / "budget" / "checkpoints" / "epoch_0002.json").exists()
    assert (tmp_path / "budget" / "samples" / "epoch_0002.png").exists()
    info = load_run(tmp_path / "budget")
    assert info.status == "completed" and len(info.history) == 2

    # the same steps, stopped by a cancel before step `budget + 1`, leave the same weights
    cancel = CancelToken()
    run_job(train(data, config, tmp_path / "cancelled", context(cancel=cancel)), cancel_after_batches(cancel, budget))
    cancelled_weights, cancelled_meta = last(tmp_path / "cancelled")
    assert cancelled_meta["global_step"] == budget

    def trained(tensors):  # the VAE's sampling prior is refitted when an epoch ends, which a cancel skips
        return {k: v for k, v in tensors.items() if ".prior." not in k}

    assert_same_weights(trained(weights), trained(cancelled_weights))


def test_a_budgeted_run_resumes_exactly_and_a_spent_budget_trains_no_more(data, tmp_path):
    config = default_config("gan", epochs=4, batch_size=32, device="cpu", event_interval_s=0.0, max_steps=8)
    straight = timeline(train(data, config, tmp_path / "straight", context()))
    assert straight[-1].reason == "completed" and last(tmp_path / "straight")[1]["global_step"] == 8

    cancel = CancelToken()
    run_job(train(data, config, tmp_path / "resumed", context(cancel=cancel)), cancel_after_batches(cancel, 3))
    assert last(tmp_path / "resumed")[1]["global_step"] == 3
    resumed = timeline(train(data, config, tmp_path / "resumed", context(), resume=True))
    assert resumed[-1].reason == "completed"
    assert last(tmp_path / "resumed")[1]["global_step"] == 8
    assert_same_weights(last(tmp_path / "straight")[0], last(tmp_path / "resumed")[0])

    again = timeline(train(data, config, tmp_path / "straight", context(), resume=True))
    assert not any(isinstance(e, (BatchEnd, EpochEnd)) for e in again) and again[-1].reason == "completed"
    assert last(tmp_path / "straight")[1]["global_step"] == 8


def test_a_budget_below_one_step_is_refused(data, tmp_path):
    with pytest.raises(UserError, match="max_steps"):
        timeline(train(data, default_config("vae", epochs=1, device="cpu", max_steps=0), tmp_path / "run", context()))
