"""Images from a trained run: new samples, an epoch's fixed-noise grid, interpolations, a VAE's
reconstructions and the decoded points of its latent plane. ``aigc generate`` and the Gallery
draw samples through the same :func:`generate`.

Every function reads a run folder written by the trainer (:mod:`~aigc_desktop.core.training.runs`
has its layout). Torch is imported inside the functions, so importing this module costs nothing.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence

import numpy as np

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import Job, JobContext, Progress, Throttle

GRID_PAD = 2  # the gap ``runs.grid_image`` leaves around each tile
GENERATE_CHUNK = 256  # samples decoded at once: bounded memory, and a chance to cancel between chunks
_EPOCH_PNG = re.compile(r"epoch_(\d+)\.png$")
_generators: dict = {}
_generators_lock = threading.Lock()


@dataclass
class Sample:
    """One image and where it came from (enough to regenerate it, and to interpolate from it)."""

    image: np.ndarray  # uint8 (H, W, C)
    origin: str  # "generated", "epoch grid", "interpolation", "reconstruction"
    run_dir: str = ""
    checkpoint: str = "last"
    seed: Optional[int] = None
    index: int = 0  # position in its batch
    z: Optional[np.ndarray] = field(default=None, repr=False)  # the latent code, when known
    label: Optional[int] = None  # class index of a conditional model
    class_name: str = ""
    sampler: Optional[dict] = None  # a diffusion model's sampler settings: guidance, steps, solver

    def provenance(self) -> dict:
        """Plain JSON-able facts for the exported file's metadata."""
        out = {"origin": self.origin, "run_dir": self.run_dir, "checkpoint": self.checkpoint, "index": self.index}
        if self.seed is not None:
            out["seed"] = self.seed
        if self.label is not None:
            out["label"] = self.label
            out["class_name"] = self.class_name
        if self.sampler:
            out["sampler"] = dict(self.sampler)
        if self.z is not None:
            out["z"] = [round(float(v), 6) for v in np.asarray(self.z).ravel()]
        return out


def epoch_grids(run_dir) -> list[int]:
    """Epochs whose fixed-noise grid PNG the trainer saved, ascending."""
    folder = Path(run_dir) / "samples"
    if not folder.is_dir():
        return []
    return sorted(int(m.group(1)) for p in folder.iterdir() if (m := _EPOCH_PNG.search(p.name)))


def epoch_checkpoint(run_dir, epoch: int) -> str:
    """The checkpoint that drew an epoch's grid; "last" when per-epoch checkpoints were not kept."""
    tag = f"epoch_{epoch:04d}"
    return tag if (Path(run_dir) / "checkpoints" / f"{tag}.json").exists() else "last"


def generator(run_dir, checkpoint: str = "last", device: str = "auto"):
    """The run's trained generator, loaded once per checkpoint file version and shared by threads."""
    from aigc_desktop.core.training.devices import select_device
    from aigc_desktop.core.training.runs import load_generator, load_run

    meta = Path(run_dir) / "checkpoints" / f"{checkpoint}.json"
    if not meta.exists():
        load_run(run_dir)  # a folder that is no run, or a damaged one, says so first
        raise UserError(f"{Path(run_dir).name} has no checkpoint {checkpoint!r} yet: train at least one epoch")
    key = (str(Path(run_dir).resolve()), checkpoint, meta.stat().st_mtime_ns, device)
    with _generators_lock:
        if key not in _generators:
            if len(_generators) >= 4:
                _generators.pop(next(iter(_generators)))
            _generators[key] = load_generator(run_dir, select_device(device), checkpoint)
        return _generators[key]


def class_name(gen, label: Optional[int]) -> str:
    if label is None:
        return ""
    names = gen.class_names or []
    return str(names[label]) if 0 <= label < len(names) else str(label)


def load_epoch_grid(run_dir, epoch: int) -> list[Sample]:
    """Cut the trainer's tiled PNG of one epoch back into its samples (no torch needed)."""
    from PIL import Image

    from aigc_desktop.core.training.runs import load_run

    info = load_run(run_dir)
    config = info.config
    path = Path(run_dir) / "samples" / f"epoch_{epoch:04d}.png"
    if not path.exists():
        raise UserError(f"{Path(run_dir).name} has no sample grid for epoch {epoch}")
    with Image.open(path) as pil:
        tiled = np.asarray(pil.convert("L" if config.channels == 1 else "RGB"))
    if tiled.ndim == 2:
        tiled = tiled[..., None]
    side, n = config.image_size, config.n_samples
    columns = max(1, int(np.ceil(np.sqrt(n))))
    checkpoint = epoch_checkpoint(run_dir, epoch)
    samples = []
    for i in range(n):
        r, c = divmod(i, columns)
        top, left = GRID_PAD + r * (side + GRID_PAD), GRID_PAD + c * (side + GRID_PAD)
        tile = tiled[top:top + side, left:left + side]
        if tile.shape[:2] != (side, side):
            break  # a grid from a different config: show what fits
        label = i % config.n_classes if config.conditional and config.n_classes else None
        name = str(info.class_names[label]) if label is not None and label < len(info.class_names) else (
            "" if label is None else str(label))
        samples.append(Sample(tile.copy(), "epoch grid", str(run_dir), checkpoint, config.seed, i,
                              None, label, name))
    return samples


def sampler_settings(gen, guidance: Optional[float] = None, steps: Optional[int] = None) -> Optional[dict]:
    """A diffusion model's sampler for a request (the run's own settings where not given); None otherwise."""
    if gen.kind != "diffusion":
        if guidance is not None or steps is not None:
            raise UserError(f"guidance and denoising steps belong to a diffusion model; this run is a "
                            f"{gen.kind.upper()}")
        return None
    if guidance is not None and not (np.isfinite(guidance) and 0 <= guidance <= 20):
        raise UserError("the guidance scale must be between 0 and 20")
    if steps is not None and not 1 <= int(steps) <= 1000:
        raise UserError("the number of denoising steps must be between 1 and 1000")
    c = gen.config
    return {"objective": c.objective, "solver": c.solver, "steps": int(steps or c.sampler_steps),
            "guidance": float(c.guidance if guidance is None else guidance) if gen.guided else 0.0}


def decode_job(gen, z: np.ndarray, labels, ctx: JobContext, sampler: Optional[dict] = None,
               progress: tuple = (0, 0)) -> Job[np.ndarray]:
    """Images for the codes ``z``; a diffusion model's sampler reports each step as ``Progress`` and
    stops between steps on a cancel. ``progress``: (units done before, units in all) of the caller."""
    if gen.kind != "diffusion":
        return gen.decode(z, labels)
    done, total = progress
    report = Throttle()
    state = None
    for state in gen.denoise(z, labels, sampler["guidance"], sampler["steps"]):
        ctx.cancel.raise_if_cancelled()
        yield from report(Progress("denoise", done + state.step, total or state.steps,
                                   f"denoising: step {state.step} of {state.steps}"))
    from aigc_desktop.core.training.runs import to_uint8_images

    return to_uint8_images((state.x.clamp(-1, 1) + 1) / 2)


def _label_array(gen, n: int, label: Optional[int]) -> Optional[np.ndarray]:
    if not gen.conditional:
        return None
    return np.full(n, label, np.int64) if label is not None else np.arange(n) % gen.config.n_classes


def sample_batches(run_dir, n: int, seed: int, label: Optional[int] = None, checkpoint: str = "last",
                   device: str = "auto", gen=None, guidance: Optional[float] = None,
                   steps: Optional[int] = None) -> Iterator[list[Sample]]:
    """The samples of :func:`generate`, a batch of about :data:`GENERATE_CHUNK` at a time: memory
    stays bounded for any ``n``, and the images are those of one draw (see ``steps.noise_batches``)."""
    if n < 1:
        raise UserError("the number of samples must be at least 1")
    gen = gen or generator(run_dir, checkpoint, device)
    sampler = sampler_settings(gen, guidance, steps)
    given = None if label is None else np.full(n, label, np.int64)
    options = {"guidance": sampler["guidance"], "steps": sampler["steps"]} if sampler else {}
    for start, z, images in gen.sample_batches(n, seed, given, GENERATE_CHUNK, **options):
        batch = []
        for k, image in enumerate(images):
            i = start + k
            cls = (int(label) if label is not None else i % gen.config.n_classes) if gen.conditional else None
            batch.append(Sample(image, "generated", str(run_dir), checkpoint, seed, i, z[k], cls,
                                class_name(gen, cls), sampler))
        yield batch


def iter_samples(run_dir, n: int, seed: int, ctx: JobContext, label: Optional[int] = None,
                 checkpoint: str = "last", device: str = "auto", guidance: Optional[float] = None,
                 steps: Optional[int] = None) -> Iterator[Sample]:
    """One sample after another (for ``export.write_samples``), checking for a cancel between batches."""
    for batch in sample_batches(run_dir, n, seed, label, checkpoint, device, guidance=guidance, steps=steps):
        ctx.cancel.raise_if_cancelled()
        yield from batch


def generate(run_dir, n: int, seed: int, ctx: JobContext, label: Optional[int] = None, checkpoint: str = "last",
             device: str = "auto", guidance: Optional[float] = None, steps: Optional[int] = None) -> Job[list[Sample]]:
    """A job returning ``n`` new samples from the noise drawn with ``seed``: sample ``i`` is decoded
    from row ``i`` of ``torch.randn(n, latent)`` of that seed (shaped by a VAE's fitted prior), so a
    run, checkpoint and seed give the same images. A conditional model draws class ``label``, or all classes in turn when None. A
    diffusion model denoises with ``steps`` steps at guidance scale ``guidance`` (default: the run's),
    reporting every step."""
    if n < 1:
        raise UserError("the number of samples must be at least 1")
    gen = generator(run_dir, checkpoint, device)
    sampler = sampler_settings(gen, guidance, steps)
    samples: list[Sample] = []
    if sampler is None:
        for batch in sample_batches(run_dir, n, seed, label, checkpoint, device, gen=gen):
            ctx.cancel.raise_if_cancelled()
            samples += batch
            yield Progress("generate", len(samples), n, "generating samples")
        return samples
    from aigc_desktop.core.training.steps import noise_batches

    labels = _label_array(gen, n, label)
    batches = list(noise_batches(n, gen.latent_dim, seed, GENERATE_CHUNK))
    total = len(batches) * sampler["steps"]
    for b, (start, z) in enumerate(batches):
        ctx.cancel.raise_if_cancelled()
        z = z.numpy()
        rows = None if labels is None else labels[start:start + len(z)]
        images = yield from decode_job(gen, z, rows, ctx, sampler, (b * sampler["steps"], total))
        for k, image in enumerate(images):
            cls = None if rows is None else int(rows[k])
            samples.append(Sample(image, "generated", str(run_dir), checkpoint, seed, start + k, z[k], cls,
                                  class_name(gen, cls), sampler))
        yield Progress("generate", len(samples), n, "generating samples")
    return samples


def latent_of(sample: Sample, gen) -> np.ndarray:
    """A sample's z: kept for generated ones, redrawn from the trainer's fixed noise for grid ones."""
    from aigc_desktop.core.training.runs import load_run

    if sample.z is not None:
        return np.asarray(sample.z, np.float32)
    if sample.origin == "epoch grid" and sample.seed is not None:
        config = load_run(sample.run_dir).config
        labels = np.arange(config.n_samples) % config.n_classes if gen.conditional else None
        return gen.latent_codes(config.n_samples, sample.seed, labels)[sample.index]
    raise UserError("this image has no latent code to interpolate from (pick generated or grid samples)")


def slerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """Spherical interpolation: keeps the norm Gaussian noise has (White, "Sampling Generative
    Networks", 2016); a straight line through the origin would pass through unlikely, low-norm z."""
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na < 1e-8 or nb < 1e-8:
        return (1 - t) * a + t * b
    omega = np.arccos(np.clip(np.dot(a / na, b / nb), -1.0, 1.0))
    if omega < 1e-6:
        return (1 - t) * a + t * b
    return (np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / np.sin(omega)


def _sample_label(gen, sample: Sample) -> Optional[int]:
    if not gen.conditional:
        return None
    return 0 if sample.label is None else sample.label


def interpolate(a: Sample, b: Sample, ctx: JobContext, steps: int = 8) -> Job[list[Sample]]:
    """A job returning ``steps`` images decoded along the path from ``a``'s latent code to ``b``'s
    (ends included); for a diffusion model the path runs through the initial noise, with ``a``'s sampler."""
    if steps < 2:
        raise UserError("an interpolation needs at least 2 steps")
    if a.run_dir != b.run_dir or a.checkpoint != b.checkpoint:
        raise UserError("pick two samples of the same run and epoch to interpolate between")
    gen = generator(a.run_dir, a.checkpoint)
    za, zb = latent_of(a, gen), latent_of(b, gen)
    ts = np.linspace(0.0, 1.0, steps)
    z = np.stack([slerp(za, zb, float(t)) for t in ts]).astype(np.float32)
    label = _sample_label(gen, a)
    sampler = a.sampler or sampler_settings(gen)
    images = yield from decode_job(gen, z, None if label is None else np.full(steps, label, np.int64), ctx, sampler)
    return [Sample(images[i], "interpolation", a.run_dir, a.checkpoint, None, i, z[i], label,
                   class_name(gen, label), sampler) for i in range(steps)]


def trajectory(sample: Sample, ctx: JobContext, frames: int = 8, guidance: Optional[float] = None,
               steps: Optional[int] = None) -> Job[list[Sample]]:
    """A job returning a diffusion sample's denoising path: ``frames`` images from its initial noise
    (t = 1) to the finished image, evenly spaced over the sampler's steps. A generated sample keeps
    the sampler it was drawn with; a grid sample is redrawn with ``guidance`` and ``steps`` (default:
    the run's)."""
    gen = generator(sample.run_dir, sample.checkpoint)
    if gen.kind != "diffusion":
        raise UserError(f"only a diffusion model has a denoising trajectory; this run is a {gen.kind.upper()}")
    if frames < 2:
        raise UserError("a trajectory needs at least 2 frames")
    from aigc_desktop.core.training.runs import to_uint8_images

    z = latent_of(sample, gen)[None]
    label = _sample_label(gen, sample)
    sampler = sample.sampler or sampler_settings(gen, guidance, steps)
    keep = set(np.linspace(0, sampler["steps"], min(frames, sampler["steps"] + 1)).round().astype(int).tolist())
    report = Throttle()
    states = {0: z.reshape(1, gen.channels, gen.image_size, gen.image_size)}
    for state in gen.denoise(z, None if label is None else [label], sampler["guidance"], sampler["steps"]):
        ctx.cancel.raise_if_cancelled()
        if state.step in keep:
            states[state.step] = state.x.clamp(-1, 1).cpu().numpy()
        yield from report(Progress("denoise", state.step, state.steps, "denoising"))
    import torch

    images = to_uint8_images((torch.as_tensor(np.concatenate([states[k] for k in sorted(states)])) + 1) / 2)
    return [Sample(images[i], "trajectory", sample.run_dir, sample.checkpoint, sample.seed, sample.index, z[0],
                   label, class_name(gen, label), {**sampler, "trajectory_step": int(step)})
            for i, step in enumerate(sorted(states))]


def reconstruct(catalog, dataset_id: int, run_dir, ctx: JobContext, n: int = 16, seed: int = 0) -> Job[list[Sample]]:
    """A job returning random included items of a dataset beside their VAE reconstructions
    (input | output tiles)."""
    from aigc_desktop.core.training.data import prepare_data

    gen = generator(run_dir)
    if gen.kind != "vae":
        raise UserError("only a VAE reconstructs its inputs; this run is a GAN")
    items = catalog.items(dataset_id)
    usable = np.asarray(items.ids)[(np.asarray(items.status) == "ok") & np.asarray(items.included, bool)]
    if len(usable) == 0:
        raise UserError("the dataset has no included, readable images to reconstruct")
    picked = np.random.default_rng(seed).choice(usable, size=min(n, len(usable)), replace=False)
    data = yield from prepare_data(catalog, dataset_id, gen.image_size, gen.channels, ctx, item_ids=picked.tolist(),
                                   cache=False)
    inputs = (data.images.numpy().transpose(0, 2, 3, 1) * 255).round().astype(np.uint8)
    labels = None
    if gen.conditional:
        # the subset's class indices are its own: map them through names onto the run's classes
        run_index = {str(name): i for i, name in enumerate(gen.class_names)}
        names = [data.class_names[i] if i >= 0 else "" for i in data.labels.tolist()] if data.labels is not None \
            else [""] * len(inputs)
        labels = np.array([run_index.get(name, 0) for name in names], np.int64)
    outputs = gen.reconstruct(inputs, labels)
    gap = np.zeros((inputs.shape[1], GRID_PAD, inputs.shape[3]), np.uint8)
    return [Sample(np.concatenate([inputs[i], gap, outputs[i]], axis=1), "reconstruction", str(run_dir), "last",
                   seed, i, None, None if labels is None else int(labels[i]),
                   class_name(gen, None if labels is None else int(labels[i])))
            for i in range(len(inputs))]


def plane_codes(latent_dim: int, points: np.ndarray) -> np.ndarray:
    """Latent codes for points of the explorer's plane: the first two dims set, the rest at 0."""
    z = np.zeros((len(points), latent_dim), np.float32)
    z[:, :min(2, latent_dim)] = np.asarray(points, np.float32)[:, :min(2, latent_dim)]
    return z


def decode_points(run_dir, points: Sequence[Sequence[float]], label: Optional[int] = None) -> np.ndarray:
    """Decoded images (N, H, W, C) for points (x, y) of the latent plane."""
    gen = generator(run_dir)
    z = plane_codes(gen.latent_dim, np.asarray(points, np.float32).reshape(-1, 2))
    labels = None if not gen.conditional else np.full(len(z), label or 0, np.int64)
    return gen.decode(z, labels)


def manifold(run_dir, side: int = 12, extent: float = 3.0, label: Optional[int] = None) -> np.ndarray:
    """The decoded ``side`` × ``side`` lattice over [-extent, extent]², tiled, top row = highest y."""
    ticks = np.linspace(-extent, extent, side)
    points = np.array([(x, y) for y in ticks[::-1] for x in ticks], np.float32)
    images = decode_points(run_dir, points, label)
    n, h, w, c = images.shape
    return images.reshape(side, side, h, w, c).transpose(0, 2, 1, 3, 4).reshape(side * h, side * w, c)


def sample_metadata(sample: Sample, model: str, created=None) -> dict:
    """The provenance entries of an exported PNG, plus what a sample knows: origin and latent code."""
    import json

    from aigc_desktop.core.evaluation.export import provenance

    meta = provenance(model, Path(sample.run_dir).name, sample.checkpoint,
                      -1 if sample.seed is None else sample.seed, sample.index,
                      sample.class_name or None, created)
    if sample.seed is None:
        meta.pop("Seed")  # an interpolated or reconstructed image has no seed of its own
    meta["Origin"] = sample.origin
    if sample.origin == "reconstruction":
        meta["Description"] = "left: a real training-set image; right: its reconstruction by an AI model (VAE)"
    meta["aigc:provenance"] = json.dumps(sample.provenance(), sort_keys=True)
    return meta


def export_samples(samples: Sequence[Sample], folder, ctx: JobContext, prefix: str = "sample",
                   badge: bool = False, protect=None) -> Job[list[str]]:
    """A job writing each sample as a new PNG with provenance metadata (``core/evaluation/export``)
    into an existing folder; it never overwrites an existing file, and never writes into the runs
    the samples come from, the data they trained on or what ``protect`` (a ``guards.Protected``:
    the project's datasets) names. Returns the paths written."""
    import datetime

    from aigc_desktop.core.evaluation.export import save_png
    from aigc_desktop.core.guards import check_output_folder, display, protect_all, protected_run_and_data
    from aigc_desktop.core.training.runs import load_run

    if not samples:
        raise UserError("select the samples to export first")
    if not Path(folder).is_dir():
        raise UserError(f"{display(folder)} is not a folder")
    guarded = protect_all([protected_run_and_data(run) for run in sorted({s.run_dir for s in samples if s.run_dir})]
                          + ([protect] if protect is not None else []))
    folder = check_output_folder(folder, "samples", guarded, beside=True)
    created = datetime.datetime.now().astimezone()
    models: dict[str, str] = {}
    report = Throttle()
    written = []
    number = 1
    for i, sample in enumerate(samples):
        ctx.cancel.raise_if_cancelled()
        while (path := folder / f"{prefix}_{number:04d}.png").exists():
            number += 1
        if sample.run_dir not in models:
            try:
                models[sample.run_dir] = load_run(sample.run_dir).config.model
            except UserError:
                models[sample.run_dir] = "unknown"
        save_png(path, sample.image, sample_metadata(sample, models[sample.run_dir], created), badge)
        written.append(str(path))
        number += 1
        yield from report(Progress("export", i + 1, len(samples), "writing PNG files"))
    return written
