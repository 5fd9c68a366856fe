"""The trainer on real MNIST digits: each model learns, events are complete, run folders load back."""
import types

import numpy as np
import pytest
import torch

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import CancelToken, JobContext, PauseToken
from aigc_desktop.core.training import steps
from aigc_desktop.core.training.config import default_config
from aigc_desktop.core.training.data import data_from_arrays
from aigc_desktop.core.training.events import BatchEnd, EpochEnd, RunFinished, SampleGrid
from aigc_desktop.core.training.runs import list_runs, load_generator, load_run
from aigc_desktop.core.training.trainer import sample_diversity, train
from tests.jobs import context, timeline

torch.set_num_threads(1)


def run(data, config, run_dir):
    return timeline(train(data, config, run_dir, context()))


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


@pytest.fixture(scope="module")
def digits(mnist):
    images, labels = mnist
    return images[:1024], labels[:1024]


@pytest.mark.parametrize("model,conditional", [("vae", False), ("vae", True), ("gan", False), ("gan", True)])
def test_one_epoch_lowers_the_loss(digits, tmp_path, model, conditional):
    images, labels = digits
    data = data_from_arrays(images, labels)
    config = default_config(model, epochs=1, batch_size=32, conditional=conditional, n_classes=10,
                            device="cpu", event_interval_s=0.0, val_fraction=0.1)
    if model == "gan":
        config.lr = 1e-3  # a short test: let the critic move in 28 steps
    events = run(data, config, tmp_path / "run")
    batches = of(events, BatchEnd)
    key = "loss" if model == "vae" else "d_loss"
    first = np.mean([b.losses[key] for b in batches[:3]])
    last = np.mean([b.losses[key] for b in batches[-3:]])
    assert last < first * (0.7 if model == "vae" else 0.95), (first, last)
    (end,) = of(events, EpochEnd)
    assert np.isfinite(end.val_loss) and end.images_per_s > 0 and end.epochs == 1
    (grid,) = of(events, SampleGrid)
    assert grid.images.dtype == np.uint8 and grid.images.shape == (64, 28, 28, 1)
    assert events[-1] == RunFinished(str(tmp_path / "run"), "completed", events[-1].message, 1)


def test_gan_samples_move_towards_the_data(digits, tmp_path):
    """After a few epochs the fixed-noise samples are dark digits on black, like MNIST, not grey noise."""
    images, _ = digits
    data = data_from_arrays(images[:512])
    config = default_config("gan", epochs=3, batch_size=32, lr=1e-3, device="cpu")
    grids = of(run(data, config, tmp_path / "run"), SampleGrid)
    real_mean = images[:512].mean() / 255
    gap = [abs(g.images.mean() / 255 - real_mean) for g in grids]
    torch.manual_seed(config.seed)  # the trainer's initial weights
    untrained = steps.build_networks(config)["generator"].eval()
    start = steps.GANStep.sample(types.SimpleNamespace(nets={"generator": untrained}),
                                 steps.fixed_noise(64, config.latent_dim, config.seed), None)
    start_gap = abs(start.mean().item() - real_mean)
    assert gap[-1] < 0.5 * start_gap, (start_gap, gap)
    # per-epoch checkpoints hold the generator only, and it samples the grid of that epoch
    epoch_one = load_generator(tmp_path / "run", checkpoint="epoch_0001")
    assert np.array_equal(epoch_one.sample(64, seed=config.seed), grids[0].images)


def test_run_folder_loads_back_and_samples_reproducibly(digits, tmp_path):
    images, labels = digits
    data = data_from_arrays(images[:256], labels[:256])
    config = default_config("vae", epochs=2, batch_size=64, latent_dim=2, conditional=True, n_classes=10,
                            device="cpu")
    events = run(data, config, tmp_path / "run")
    info = load_run(tmp_path / "run")
    assert info.status == "completed" and info.epochs_done == 2 and len(info.history) == 2
    assert info.class_names == [str(i) for i in range(10)] and info.config.latent_dim == 2
    assert (tmp_path / "run" / "samples" / "epoch_0002.png").exists()
    generator = load_generator(tmp_path / "run")
    a, b = generator.sample(16, seed=3, labels=7), generator.sample(16, seed=3, labels=7)
    assert a.shape == (16, 28, 28, 1) and np.array_equal(a, b)
    assert not np.array_equal(a, generator.sample(16, seed=4, labels=7))
    # the training grid is the generator's sample with the run's seed
    assert np.array_equal(of(events, SampleGrid)[-1].images, generator.sample(64, seed=config.seed))
    assert generator.encode(images[:5], labels[:5]).shape == (5, 2)
    assert generator.reconstruct(images[:5], labels[:5]).shape == (5, 28, 28, 1)
    assert [r.run_dir for r in list_runs(tmp_path)] == [str(tmp_path / "run")]


class _PausedFor(PauseToken):
    """Paused until the trainer has waited ``waits`` times; then it cancels the job (``cancel_after``)
    or resumes. Counting the waits instead of timing them keeps the test deterministic."""

    def __init__(self, waits: int, cancel: CancelToken, cancel_after: bool) -> None:
        super().__init__()
        self.waits, self.cancel_token, self.cancel_after = waits, cancel, cancel_after
        self.seen = 0
        self.pause()

    def wait(self, timeout: float) -> bool:
        self.seen += 1
        if self.seen >= self.waits:
            if self.cancel_after:
                self.cancel_token.cancel()
            else:
                self.resume()
        return not self.paused


def test_a_paused_run_waits_before_its_first_batch_and_a_cancel_ends_the_wait(digits, tmp_path):
    images, _ = digits
    data = data_from_arrays(images[:256])
    config = default_config("vae", epochs=50, batch_size=32, device="cpu", event_interval_s=0.0)
    cancel = CancelToken()
    pause = _PausedFor(3, cancel, cancel_after=True)
    events = timeline(train(data, config, tmp_path / "run", JobContext(cancel=cancel, pause=pause, workers=1)))
    assert pause.seen == 3  # it kept waiting while paused, and the cancel ended the wait
    assert of(events, BatchEnd) == [] and events[-1].reason == "cancelled"  # not one batch while paused
    assert "epoch 1 at step 0" in events[-1].message


def test_a_paused_run_trains_to_the_end_once_resumed(digits, tmp_path):
    images, _ = digits
    data = data_from_arrays(images[:256])
    config = default_config("vae", epochs=1, batch_size=32, device="cpu", event_interval_s=0.0)
    pause = _PausedFor(2, CancelToken(), cancel_after=False)
    events = timeline(train(data, config, tmp_path / "run", JobContext(pause=pause, workers=1)))
    assert pause.seen == 2 and events[-1].reason == "completed"
    assert len(of(events, BatchEnd)) == of(events, BatchEnd)[0].total_steps


def test_sample_weights_steer_what_the_model_learns(tmp_path):
    """Half the images black, half white; with the white ones weighted 0 the model never learns them."""
    images = np.zeros((256, 28, 28), np.uint8)
    images[128:] = 255
    weights = np.r_[np.ones(128), np.zeros(128)]
    config = default_config("vae", epochs=3, batch_size=32, lr=3e-3, device="cpu", val_fraction=0.0)
    run(data_from_arrays(images, weights=weights), config, tmp_path / "weighted")
    run(data_from_arrays(images), config, tmp_path / "plain")
    white = images[-4:]
    # unweighted, white pulls the output up (at least to the grey mean); weighted, it stays black
    assert load_generator(tmp_path / "plain").reconstruct(white).mean() > 100
    assert load_generator(tmp_path / "weighted").reconstruct(white).mean() < 40


def test_early_stopping_when_validation_stops_improving(digits, tmp_path):
    images, _ = digits
    config = default_config("vae", epochs=10, lr=0.0, batch_size=64, device="cpu", early_stopping_patience=2)
    events = run(data_from_arrays(images[:256]), config, tmp_path / "run")
    assert events[-1].reason == "early_stopped" and events[-1].epochs_done == 3
    assert "best: epoch 1" in events[-1].message


def test_conditional_training_needs_labels(digits, tmp_path):
    config = default_config("gan", epochs=1, conditional=True, n_classes=10, device="cpu")
    with pytest.raises(UserError, match="labelled"):
        run(data_from_arrays(digits[0][:64]), config, tmp_path / "run")


def test_an_existing_run_is_not_overwritten(digits, tmp_path):
    data = data_from_arrays(digits[0][:64])
    config = default_config("vae", epochs=1, device="cpu")
    run(data, config, tmp_path / "run")
    with pytest.raises(UserError, match="already holds"):
        run(data, config, tmp_path / "run")


def test_mode_collapse_signal():
    spread = torch.rand(16, 1, 8, 8)
    same = spread[:1].repeat(16, 1, 1, 1)
    assert sample_diversity(same) == 0.0 < sample_diversity(spread)


def test_torch_threads_are_set_back_when_the_last_of_overlapping_blocks_ends():
    from aigc_desktop.core.training.devices import torch_threads

    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        first, second = torch_threads(1), torch_threads(1)
        first.__enter__()
        second.__enter__()  # another job thread, overlapping the first
        assert torch.get_num_threads() == 1
        first.__exit__(None, None, None)  # the first ends while the second still runs
        assert torch.get_num_threads() == 1
        second.__exit__(None, None, None)
        assert torch.get_num_threads() == 2
        with torch_threads(1):
            with torch_threads(1):  # nested in one thread (an evaluation around the extractor's training)
                pass
            assert torch.get_num_threads() == 1
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)
