"""The diffusion model as a trained run: the trainer's grid and checkpoints, sampling with guidance,
the denoising trajectory, export of one denoising step (parity with PyTorch) and the model card."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch
from PIL import Image

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.evaluation.export import export_generator, read_png_metadata, write_samples
from aigc_desktop.core.evaluation.model_card import model_card
from aigc_desktop.core.jobs import Progress, run_job
from aigc_desktop.core.training import sampling
from aigc_desktop.core.training.checkpoints import load_checkpoint
from aigc_desktop.core.training.config import default_config
from aigc_desktop.core.training.data import data_from_arrays
from aigc_desktop.core.training.events import SampleGrid
from aigc_desktop.core.training.runs import load_generator, load_run
from aigc_desktop.core.training.trainer import train
from tests.jobs import collect, context, timeline

torch.set_num_threads(1)


def tiny_config(**overrides):
    options = dict(epochs=1, batch_size=32, width=8, device="cpu", conditional=True, n_classes=10, n_samples=6,
                   sampler_steps=3, val_fraction=0.1)
    options.update(overrides)
    return default_config("diffusion", **options)


@pytest.fixture(scope="module")
def data(mnist):
    images, labels = mnist
    return data_from_arrays(images[:96], labels[:96])


@pytest.fixture(scope="module")
def run(data, tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("diffusion") / "run"
    events = timeline(train(data, tiny_config(epochs=2), run_dir, context()))
    assert events[-1].reason == "completed", events[-1].message
    return run_dir, events


def test_a_run_trains_checkpoints_and_logs_its_loss(run):
    run_dir, events = run
    info = load_run(run_dir)
    assert info.config.model == "diffusion" and info.epochs_done == 2
    assert [h["epoch"] for h in info.history] == [1, 2]
    assert all(np.isfinite(h["loss"]) and np.isfinite(h["val_loss"]) for h in info.history)
    weights, _, _ = load_checkpoint(run_dir / "checkpoints", "last")
    assert any(k.startswith("unet.") for k in weights) and any(k.startswith("unet_ema.") for k in weights)
    # a per-epoch checkpoint keeps the sampling network (the weight average) only
    epoch_weights, _, _ = load_checkpoint(run_dir / "checkpoints", "epoch_0002")
    assert epoch_weights and all(k.startswith("unet_ema.") for k in epoch_weights)


def test_the_epoch_grid_is_the_fixed_noise_denoised_by_the_saved_average(run):
    """Fixed noise and a deterministic sampler: the checkpoint redraws the epoch's grid exactly."""
    run_dir, events = run
    grid = [e for e in events if isinstance(e, SampleGrid)][-1].images
    config = load_run(run_dir).config
    for checkpoint in ("last", "epoch_0002"):
        again = load_generator(run_dir, checkpoint=checkpoint).sample(config.n_samples, seed=config.seed)
        assert np.array_equal(grid, again)
    tiles = sampling.load_epoch_grid(run_dir, 2)
    assert np.array_equal(np.stack([t.image for t in tiles]), grid)
    assert [t.label for t in tiles] == [i % 10 for i in range(6)]


def test_guidance_zero_samples_unconditionally_and_the_scale_changes_the_images(run):
    run_dir, _ = run
    gen = load_generator(run_dir)
    z = np.random.default_rng(0).standard_normal((4, 28 * 28)).astype(np.float32)
    labels = np.array([1, 2, 3, 4])
    unconditional = gen.decode(z, labels, guidance=0.0)
    other_labels = gen.decode(z, labels[::-1].copy(), guidance=0.0)
    assert np.array_equal(unconditional, other_labels)  # scale 0 ignores the label
    guided = gen.decode(z, labels, guidance=3.0)
    assert not np.array_equal(guided, unconditional)
    assert not np.array_equal(guided, gen.decode(z, labels[::-1].copy(), guidance=3.0))


def test_generate_reports_denoising_steps_and_records_the_sampler(run):
    run_dir, _ = run
    events, samples = collect(sampling.generate(run_dir, 5, seed=3, ctx=context(), label=7, guidance=1.5, steps=4))
    denoise = [e for e in events if isinstance(e, Progress) and e.stage == "denoise"]
    assert denoise and denoise[-1].done == denoise[-1].total == 4
    assert len(samples) == 5 and all(s.label == 7 for s in samples)
    assert samples[0].sampler == {"objective": "flow", "solver": "euler", "steps": 4, "guidance": 1.5}
    gen = load_generator(run_dir)
    expected = gen.decode(np.stack([s.z for s in samples]), np.full(5, 7), guidance=1.5, steps=4)
    assert np.array_equal(np.stack([s.image for s in samples]), expected)
    assert json.loads(json.dumps(samples[0].provenance()))["sampler"]["guidance"] == 1.5


def test_trajectory_runs_from_the_noise_to_the_sample_and_interpolation_through_the_noise(run):
    run_dir, _ = run
    (sample,) = run_job(sampling.generate(run_dir, 1, seed=5, ctx=context(), label=2, steps=6))
    frames = run_job(sampling.trajectory(sample, context(), frames=4))
    assert [f.sampler["trajectory_step"] for f in frames] == [0, 2, 4, 6]
    assert np.array_equal(frames[-1].image, sample.image)  # the last frame is the sample itself
    noise = np.clip((sample.z.reshape(28, 28) + 1) / 2, 0, 1) * 255
    assert np.abs(frames[0].image[..., 0].astype(float) - noise).max() <= 1  # the first is its initial noise
    with pytest.raises(UserError, match="at least 2 frames"):
        run_job(sampling.trajectory(sample, context(), frames=1))

    (other,) = run_job(sampling.generate(run_dir, 1, seed=6, ctx=context(), label=2, steps=6))
    path = run_job(sampling.interpolate(sample, other, context(), steps=3))
    assert np.array_equal(path[0].image, sample.image) and np.array_equal(path[-1].image, other.image)
    assert path[1].sampler == sample.sampler


def test_trajectory_and_sampler_settings_are_refused_for_other_models(mnist, tmp_path):
    images, labels = mnist
    data = data_from_arrays(images[:64], labels[:64])
    config = default_config("vae", epochs=1, width=8, device="cpu", n_samples=4, val_fraction=0.0)
    timeline(train(data, config, tmp_path / "vae", context()))
    (sample,) = run_job(sampling.generate(tmp_path / "vae", 1, seed=0, ctx=context()))
    with pytest.raises(UserError, match="only a diffusion model"):
        run_job(sampling.trajectory(sample, context()))
    with pytest.raises(UserError, match="belong to a diffusion model; this run is a VAE"):
        run_job(sampling.generate(tmp_path / "vae", 1, seed=0, ctx=context(), guidance=2.0))


def test_written_samples_record_the_sampler(run, tmp_path):
    run_dir, _ = run
    samples = run_job(sampling.generate(run_dir, 3, seed=1, ctx=context(), guidance=2.5, steps=3))
    manifest = write_samples(samples, tmp_path / "out")
    assert manifest["sampler"]["guidance"] == 2.5 and manifest["sampler"]["steps"] == 3
    assert manifest["latent"].startswith("row i of torch.randn(n, 784)")
    meta = read_png_metadata(tmp_path / "out" / "sample_0001.png")
    assert json.loads(meta["Sampler"])["guidance"] == 2.5 and meta["Model"] == "diffusion"
    expected = load_generator(run_dir).sample(3, seed=1)  # the run's guidance (2) differs from 2.5
    with Image.open(tmp_path / "out" / "sample_0001.png") as im:
        assert np.array_equal(np.asarray(im), samples[1].image[..., 0])
        assert not np.array_equal(np.asarray(im), expected[1, ..., 0])


def _euler_with(step_fn, x, labels, guidance, steps):
    grid = np.linspace(1.0, 0.0, steps + 1, dtype=np.float32)
    for t, t_next in zip(grid[:-1], grid[1:]):
        v = step_fn(x, np.full(len(x), t, np.float32), labels, np.array([guidance], np.float32))
        x = x + (t_next - t) * v
    return x


def test_one_denoising_step_exports_with_parity_and_the_card_gives_the_sampler(run, tmp_path):
    run_dir, _ = run
    exported = export_generator(run_dir, tmp_path / "model")
    assert set(exported.files) == {"safetensors", "torchscript", "onnx"}
    assert all(path.endswith(("denoiser.safetensors", "denoiser.pt", "denoiser.onnx"))
               for path in exported.files.values())
    assert exported.max_abs_error["torchscript"] < 1e-5
    assert exported.max_abs_error["onnx"] < 1e-4
    described = json.loads((tmp_path / "model" / "denoiser.json").read_text())
    assert described["inputs"] == ["x", "t", "labels", "guidance"]
    assert described["sampler"]["solver"] == "euler" and described["sampler"]["steps"] == 3

    # the card's sampler around the exported step reproduces the app's own samples
    import onnxruntime

    session = onnxruntime.InferenceSession(exported.files["onnx"], providers=["CPUExecutionProvider"])

    def onnx_step(x, t, labels, guidance):
        return session.run(None, {"x": x, "t": t, "labels": labels, "guidance": guidance})[0]

    gen = load_generator(run_dir)
    z = np.random.default_rng(1).standard_normal((3, 1, 28, 28)).astype(np.float32)
    labels = np.array([0, 5, 9])
    x = _euler_with(onnx_step, z, labels, 2.0, 3)
    ours = gen.decode(z.reshape(3, -1), labels)
    theirs = np.round(np.clip((x + 1) / 2, 0, 1) * 255).astype(np.uint8).transpose(0, 2, 3, 1)
    assert np.abs(ours.astype(int) - theirs.astype(int)).max() <= 1

    card = model_card(load_run(run_dir), exported=exported.files)
    assert "denoising U-Net" in card and "## Sampler" in card
    assert "3 euler steps" in card and "guidance scale 2" in card and "velocity" in card


def test_diffusion_settings_are_checked():
    with pytest.raises(UserError, match="objective"):
        tiny_config(objective="score").validate()
    with pytest.raises(UserError, match="samples with ddim"):
        tiny_config(objective="ddpm", solver="euler").validate()
    with pytest.raises(UserError, match="guidance"):
        tiny_config(guidance=float("nan")).validate()
    with pytest.raises(UserError, match="sampler steps"):
        tiny_config(sampler_steps=0).validate()
    with pytest.raises(UserError, match="label dropout"):
        tiny_config(label_dropout=1.0).validate()
    assert tiny_config(objective="ddpm", solver="ddim").validate().objective == "ddpm"


def test_the_cuda_paths_run_on_the_cpu_through_the_same_code(data, monkeypatch):
    """bf16 autocast and torch.compile as the trainer sets them up on a GPU, here on the CPU: the
    CPU's autocast and the "eager" compiler backend (the CUDA tests use the real ones)."""
    from aigc_desktop.core.training.steps import DiffusionStep, build_networks, make_step

    monkeypatch.setattr(DiffusionStep, "compile_backend", "eager")
    config = tiny_config(compile=True)
    torch.manual_seed(0)
    step = make_step(config, build_networks(config), torch.device("cpu"), amp_dtype=torch.bfloat16)
    assert isinstance(step.train_nets["unet"], torch._dynamo.eval_frame.OptimizedModule)
    x = data.images[:8] * 2 - 1
    labels = data.labels[:8]
    before = [p.detach().clone() for p in step.nets["unet"].parameters()]
    losses, norm = step.step(x, labels, None)
    assert torch.isfinite(losses["loss"]) and torch.isfinite(norm)
    assert any(not torch.equal(a, b) for a, b in zip(before, step.nets["unet"].parameters()))
    images = step.sample(torch.randn(4, 28 * 28), torch.arange(4))
    assert images.dtype == torch.float32 and images.shape == (4, 1, 28, 28)
    assert 0 <= float(images.min()) and float(images.max()) <= 1
    assert step.memory_format == torch.contiguous_format  # channels-last is for CUDA only


def test_resume_refuses_another_objective(data, tmp_path):
    timeline(train(data, tiny_config(), tmp_path / "run", context()))
    with pytest.raises(UserError, match="objective"):
        timeline(train(data, tiny_config(epochs=2, objective="ddpm", solver="ddim"), tmp_path / "run", context(),
                       resume=True))


# ------------------------------------------------ self-guidance: unconditional, on clusters of the images
@pytest.fixture(scope="module")
def self_run(data, tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("diffusion-self") / "run"
    config = tiny_config(conditional=False, n_classes=0, self_condition=4, n_samples=8)
    events = timeline(train(data, config, run_dir, context()))
    assert events[-1].reason == "completed", events[-1].message
    return run_dir, events


def test_an_unconditional_run_trains_on_clusters_of_its_images_with_their_sizes(data, self_run):
    from aigc_desktop.core.training.steps import image_clusters
    from aigc_desktop.core.training.trainer import split_indices

    run_dir, _ = self_run
    config = load_run(run_dir).config
    weights, _, _ = load_checkpoint(run_dir / "checkpoints", "last")
    # four clusters and the "no label" token, in both networks; the shares are the training images'
    assert weights["unet.label_embed.weight"].shape[0] == weights["unet_ema.label_embed.weight"].shape[0] == 5
    train_idx, _ = split_indices(len(data.images), config.val_fraction, config.seed)
    _, assign = image_clusters(data.images[train_idx], 4, config.seed)
    sizes = torch.bincount(assign(data.images[train_idx]), minlength=4)
    expected = (sizes.cumsum(0).double() / sizes.sum()).float()
    for name in ("unet", "unet_ema"):
        torch.testing.assert_close(weights[f"{name}.cluster_cdf"], expected)
    assert not torch.equal(expected, torch.tensor([0.25, 0.5, 0.75, 1.0]))  # not the uniform start


def test_more_clusters_than_the_images_can_fill_leave_the_rest_empty_and_never_drawn(data, tmp_path):
    from aigc_desktop.core.training.config import MIN_CLUSTER_IMAGES
    from aigc_desktop.core.training.trainer import split_indices

    config = tiny_config(conditional=False, n_classes=0, self_condition=100, n_samples=4, sampler_steps=2)
    assert timeline(train(data, config, tmp_path / "run", context()))[-1].reason == "completed"
    train_idx, _ = split_indices(len(data.images), config.val_fraction, config.seed)
    filled = len(train_idx) // MIN_CLUSTER_IMAGES  # 86 training images: 4 clusters of about 20
    assert 1 < filled < 100
    weights, _, _ = load_checkpoint(tmp_path / "run" / "checkpoints", "last")
    cdf = weights["unet_ema.cluster_cdf"]
    shares = torch.diff(torch.cat([torch.zeros(1), cdf]))
    assert len(cdf) == 100 and int((shares > 0).sum()) == filled  # the network keeps its 100 slots
    assert torch.all(shares[:filled] > 0) and torch.all(shares[filled:] == 0) and cdf[-1] == 1
    model = load_generator(tmp_path / "run").model
    drawn = model.clusters_of(torch.randn(5000, 1, 28, 28, generator=torch.Generator().manual_seed(0)))
    assert set(drawn.tolist()) == set(range(filled))  # every filled cluster is drawn, no empty one


def test_a_self_guided_grid_redraws_exactly_and_its_guidance_matters(self_run):
    run_dir, events = self_run
    grid = [e for e in events if isinstance(e, SampleGrid)][-1].images
    config = load_run(run_dir).config
    gen = load_generator(run_dir)
    assert gen.guided and not gen.conditional  # guided towards clusters; no classes to ask for
    assert np.array_equal(gen.sample(config.n_samples, seed=config.seed), grid)
    z = gen.latent_codes(config.n_samples, seed=config.seed)
    assert np.array_equal(gen.decode(z, guidance=config.guidance), grid)
    assert not np.array_equal(gen.decode(z, guidance=0.0), grid)  # scale 0: the unconditional model
    tiles = sampling.load_epoch_grid(run_dir, 1)
    assert all(t.label is None for t in tiles)  # clusters are not offered as classes


def test_self_guided_generate_trajectory_and_interpolation(self_run):
    run_dir, _ = self_run
    samples = run_job(sampling.generate(run_dir, 3, seed=4, ctx=context(), steps=3))
    assert all(s.label is None for s in samples)
    assert samples[0].sampler["guidance"] == 2.0  # the run's scale, recorded: it changes the images
    zero = run_job(sampling.generate(run_dir, 3, seed=4, ctx=context(), steps=3, guidance=0.0))
    assert zero[0].sampler["guidance"] == 0.0
    assert any(not np.array_equal(a.image, b.image) for a, b in zip(samples, zero))
    frames = run_job(sampling.trajectory(samples[0], context(), frames=4))
    assert np.array_equal(frames[-1].image, samples[0].image)
    path = run_job(sampling.interpolate(samples[0], samples[1], context(), steps=3))
    assert np.array_equal(path[0].image, samples[0].image) and np.array_equal(path[-1].image, samples[1].image)


def test_a_self_guided_step_exports_with_its_clusters_and_the_card_says_so(self_run, tmp_path):
    run_dir, _ = self_run
    exported = export_generator(run_dir, tmp_path / "model")
    assert exported.max_abs_error["onnx"] < 1e-4 and exported.max_abs_error["torchscript"] < 1e-5
    described = json.loads((tmp_path / "model" / "denoiser.json").read_text())
    assert described["inputs"] == ["x", "t", "labels", "guidance"]
    cdf = np.array(described["sampler"]["cluster_cdf"])
    assert len(cdf) == 4 and cdf[-1] == 1.0 and "clusters" in described["sampler"]["labels"]

    import onnxruntime

    session = onnxruntime.InferenceSession(exported.files["onnx"], providers=["CPUExecutionProvider"])

    def onnx_step(x, t, labels, guidance):
        return session.run(None, {"x": x, "t": t, "labels": labels, "guidance": guidance})[0]

    # the card's rule: the cluster is how many cumulative shares lie below Phi(first noise number)
    z = np.random.default_rng(2).standard_normal((5, 1, 28, 28)).astype(np.float32)
    u = np.array([0.5 * (1 + math.erf(float(v) / math.sqrt(2))) for v in z.reshape(5, -1)[:, 0]])
    labels = (u[:, None] > cdf[None, :-1]).sum(1).astype(np.int64)
    x = _euler_with(onnx_step, z, labels, 2.0, 3)
    ours = load_generator(run_dir).decode(z.reshape(5, -1))
    theirs = np.round(np.clip((x + 1) / 2, 0, 1) * 255).astype(np.uint8).transpose(0, 2, 3, 1)
    assert np.abs(ours.astype(int) - theirs.astype(int)).max() <= 1

    card = model_card(load_run(run_dir), exported=exported.files)
    assert "self-conditioned on up to 4 k-means clusters" in card and "not classes" in card and "cluster_cdf" in card
