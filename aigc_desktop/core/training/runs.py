"""Run folders: reading a finished (or running) run back, and the trained generator for sampling.

Layout::

    RUN_DIR/config.json          the TrainConfig
    RUN_DIR/run.json             status, message, epochs done, data fingerprint, class names
    RUN_DIR/history.json         one dict of metrics per epoch
    RUN_DIR/checkpoints/         last.json (the commit point) naming its tensor files last.N.safetensors
                                 and last.N.state.safetensors; epoch_0001.*
    RUN_DIR/samples/epoch_0001.png   the fixed-noise grid of each epoch
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.training.run_files import checked_config, read_json, run_history, run_status
from aigc_desktop.core.training.config import TrainConfig, guided, noise_size


@dataclass
class RunInfo:
    run_dir: str
    config: TrainConfig
    history: list = field(default_factory=list)
    epochs_done: int = 0
    status: str = "unknown"  # running | completed | cancelled | diverged | early_stopped
    message: str = ""
    fingerprint: str = ""
    class_names: list = field(default_factory=list)
    dataset_name: str = ""
    dataset_root: str = ""  # where the training data were read from (outputs must stay out of it)
    warnings: list = field(default_factory=list)  # {"kind", "message", "step"} of the run's health checks

    @property
    def name(self) -> str:
        """The folder's name; an experiment's runs (dirty, cleaned, robust) also name their experiment."""
        path = Path(self.run_dir)
        return path.name if path.parent.suffix == ".runs" else f"{path.parent.name}/{path.name}"

    @property
    def has_checkpoint(self) -> bool:
        return (Path(self.run_dir) / "checkpoints" / "last.json").exists()


# per-epoch history entries that are bookkeeping, not something to compare runs by
BOOKKEEPING = ("epoch", "step", "elapsed_s", "data_spread")
# the values most worth a first look when runs are compared, best first
FIRST_LOOK = ("val_loss", "loss", "g_loss", "d_loss")


def history_metrics(runs: list[RunInfo]) -> list[str]:
    """The per-epoch numbers in the runs' histories, each once: the first-look losses first, then the
    rest in the order they appear."""
    names: list[str] = []
    for run in runs:
        for entry in run.history:
            names += [k for k, v in entry.items() if k not in BOOKKEEPING and k not in names
                      and isinstance(v, (int, float)) and not isinstance(v, bool)]
    first = [n for n in FIRST_LOOK if n in names]
    return first + [n for n in names if n not in first]


def history_curve(run: RunInfo, metric: str) -> tuple[list, list, list]:
    """(epochs, values, optimizer steps) of one metric of a run's history (None where an epoch lacks
    it; runs from before the step was recorded have no steps)."""
    return ([entry.get("epoch", i + 1) for i, entry in enumerate(run.history)],
            [entry.get(metric) for entry in run.history], [entry.get("step") for entry in run.history])


def to_uint8_images(images) -> np.ndarray:
    """(N, C, H, W) floats in [0, 1] -> uint8 (N, H, W, C)."""
    array = images.detach().float().clamp(0, 1).mul(255).round().to("cpu").numpy().astype(np.uint8)
    return array.transpose(0, 2, 3, 1)


def grid_image(images: np.ndarray, columns: Optional[int] = None) -> np.ndarray:
    """Tile uint8 (N, H, W, C) into one (rows*H, columns*W, C) image with 2-pixel gaps."""
    n, h, w, c = images.shape
    columns = columns or max(1, int(math.ceil(math.sqrt(n))))
    rows = int(math.ceil(n / columns))
    pad = 2
    out = np.zeros((rows * (h + pad) + pad, columns * (w + pad) + pad, c), np.uint8)
    for i, image in enumerate(images):
        r, col = divmod(i, columns)
        out[pad + r * (h + pad): pad + r * (h + pad) + h, pad + col * (w + pad): pad + col * (w + pad) + w] = image
    return out


def save_grid_png(path: Path, images: np.ndarray) -> None:
    from PIL import Image

    from aigc_desktop.core.atomic import atomic_write as _atomic_write

    tiled = grid_image(images)
    pil = Image.fromarray(tiled[..., 0] if tiled.shape[-1] == 1 else tiled)
    # fast compression: a per-epoch file must not cost the trainer a noticeable share of the epoch
    _atomic_write(Path(path), lambda tmp: pil.save(tmp, format="PNG", compress_level=1))


def load_run(run_dir) -> RunInfo:
    """A run folder's config, status and history, each validated (one clear message for a damaged
    or hand-edited file)."""
    from aigc_desktop.core.guards import display

    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise UserError(f"{display(run_dir)} is not a training run (not a folder)")
    if not (run_dir / "config.json").exists():
        raise UserError(f"{display(run_dir)} is not a training run (no config.json)")
    config = checked_config(read_json(run_dir / "config.json"), display(run_dir / "config.json"))
    status = run_status(read_json(run_dir / "run.json"), run_dir / "run.json") if (run_dir / "run.json").exists() \
        else {}
    history = run_history(read_json(run_dir / "history.json"), run_dir / "history.json") \
        if (run_dir / "history.json").exists() else []
    return RunInfo(str(run_dir), config, history, int(status.get("epochs_done", len(history))),
                   status.get("status", "unknown"), status.get("message", ""), status.get("fingerprint", ""),
                   list(status.get("class_names", [])), status.get("dataset_name", ""),
                   status.get("dataset_root", ""), list(status.get("warnings", [])))


def read_metrics(run_dir) -> Optional[dict]:
    """The run's ``metrics.json`` (written by an evaluation), or None when there is none or it is
    not an object."""
    path = Path(run_dir) / "metrics.json"
    if not path.exists():
        return None
    metrics = read_json(path)
    return metrics if isinstance(metrics, dict) else None


def list_runs(folder) -> list[RunInfo]:
    """Every run directly inside ``folder``, oldest first; unreadable ones are skipped."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    runs = []
    for child in folder.iterdir():
        if (child / "config.json").exists():
            try:
                runs.append(load_run(child))
            except (UserError, OSError, TypeError, ValueError):  # damaged or half-written: not a run to show
                continue
    return sorted(runs, key=lambda r: Path(r.run_dir).stat().st_mtime)


SAMPLE_BATCH = 256  # images decoded at once: bounded memory for any number of samples


class TrainedGenerator:
    """A trained VAE, GAN or diffusion model ready to sample, on ``device``; images in and out are uint8
    (N, H, W, C). ``decode(z)`` maps input noise to images: a latent code for the VAE and GAN, the
    initial noise image (flattened) for diffusion, which the sampler then denoises."""

    def __init__(self, config: TrainConfig, model, class_names: list, device):
        self.config, self.class_names, self.device = config, class_names, device
        self.kind = config.model
        self.model = model  # the VAE, the GAN's generator or the diffusion U-Net (their weight average if any)
        self.latent_dim, self.image_size, self.channels = noise_size(config), config.image_size, config.channels
        self.conditional = config.conditional
        # a diffusion model conditioned on labels or on clusters of the images (labels are never asked
        # of a self-conditioned one: its sampler draws each sample's cluster from the noise)
        self.guided = guided(config)

    @property
    def fitted_prior(self) -> bool:
        """Whether samples come from a prior fitted to the encodings (a VAE's), not from N(0, I)."""
        prior = getattr(self.model, "prior", None)
        return prior is not None and bool(prior.fitted)

    def _labels(self, n: int, labels, start: int = 0):
        """Class indices of rows ``start`` to ``start + n`` (cycling through the classes by default)."""
        import torch

        if not self.conditional:
            return None
        if labels is None:
            return torch.arange(start, start + n, device=self.device) % self.config.n_classes
        given = np.asarray(labels)
        if given.ndim and len(given) > 1:
            given = given[start:start + n]
        return torch.as_tensor(np.broadcast_to(given, (n,)).copy(), dtype=torch.long, device=self.device)

    def denoise(self, z, labels=None, guidance: Optional[float] = None, steps: Optional[int] = None,
                start: int = 0):
        """Diffusion only: the sampler's states (``diffusion_process.SamplerStep``, images in [-1, 1]),
        one per step, from the noise ``z`` (N, C*H*W) of rows ``start`` on; ``guidance`` and ``steps``
        default to the run's."""
        import torch

        from aigc_desktop.core.models.diffusion_process import sample_steps

        if self.kind != "diffusion":
            raise UserError(f"only a diffusion model denoises step by step; this run is a {self.kind.upper()}")
        c = self.config
        z = torch.as_tensor(np.asarray(z, np.float32), device=self.device)
        x = z.reshape(len(z), self.channels, self.image_size, self.image_size)
        with torch.no_grad():
            yield from sample_steps(self.model, x, self._labels(len(z), labels, start), c.objective,
                                    int(steps or c.sampler_steps), c.guidance if guidance is None else float(guidance),
                                    c.solver)

    def decode(self, z, labels=None, start: int = 0, guidance: Optional[float] = None,
               steps: Optional[int] = None) -> np.ndarray:
        """uint8 images of the noise ``z`` (rows ``start`` on, for the default labels); a diffusion
        model denoises it with ``steps`` steps at guidance scale ``guidance`` (default: the run's)."""
        import torch

        if self.kind == "diffusion":
            for state in self.denoise(z, labels, guidance, steps, start):
                pass
            return to_uint8_images((state.x.clamp(-1, 1) + 1) / 2)
        with torch.no_grad():
            z = torch.as_tensor(np.asarray(z, np.float32), device=self.device)
            y = self._labels(len(z), labels, start)
            if self.kind == "vae":
                images = torch.sigmoid(self.model.decode(z, y))
            else:
                images = (self.model(z, y) + 1) / 2
        return to_uint8_images(images)

    def code_batches(self, n: int, seed: int = 0, labels=None, batch: Optional[int] = None):
        """The input noise of :meth:`sample` in batches, (first index, codes as a float array): the
        seed's fixed noise, shaped by the VAE's fitted prior when it has one. Row ``i`` is the same
        for every ``n`` and every batch size."""
        import torch

        from aigc_desktop.core.training.steps import fixed_uniforms, latent_codes, noise_batches

        uniforms = fixed_uniforms(n, seed)  # picks each row's mixture component; a prefix of any longer draw
        for start, noise in noise_batches(n, self.latent_dim, seed, batch or SAMPLE_BATCH):
            with torch.no_grad():
                z = latent_codes(self.model, noise.to(self.device), uniforms[start:start + len(noise)].to(self.device),
                                 self._labels(len(noise), labels, start))
            yield start, z.float().cpu().numpy()

    def latent_codes(self, n: int, seed: int = 0, labels=None) -> np.ndarray:
        """The ``n`` codes that ``sample(n, seed, labels)`` decodes."""
        return np.concatenate([z for _, z in self.code_batches(n, seed, labels)])

    def sample_batches(self, n: int, seed: int = 0, labels=None, batch: Optional[int] = None,
                       guidance: Optional[float] = None, steps: Optional[int] = None):
        """The samples of :meth:`sample` in batches, (first index, latent codes, uint8 images): memory
        stays bounded whatever ``n`` is, and the images are the same as in one draw."""
        options = {k: v for k, v in (("guidance", guidance), ("steps", steps)) if v is not None}  # diffusion's
        for start, z in self.code_batches(n, seed, labels, batch):
            yield start, z, self.decode(z, labels, start, **options)

    def sample(self, n: int, seed: int = 0, labels=None) -> np.ndarray:
        """``n`` uint8 images (N, H, W, C) decoded from row i of the seed's codes."""
        out = np.empty((n, self.image_size, self.image_size, self.channels), np.uint8)
        for start, _, images in self.sample_batches(n, seed, labels):
            out[start:start + len(images)] = images
        return out

    def _vae_input(self, images: np.ndarray):
        import torch

        from aigc_desktop.core.training.data import data_from_arrays

        if self.kind != "vae":
            raise UserError("only a VAE has an encoder")
        return data_from_arrays(np.asarray(images), size=self.image_size, channels=self.channels).images.to(self.device)

    def encode(self, images: np.ndarray, labels=None) -> np.ndarray:
        """Posterior means (N, latent) of uint8 images."""
        import torch

        x = self._vae_input(images)
        with torch.no_grad():
            mu, _ = self.model.encode(x, self._labels(len(x), labels))
        return mu.float().cpu().numpy()

    def reconstruct(self, images: np.ndarray, labels=None) -> np.ndarray:
        mu = self.encode(images, labels)
        return self.decode(mu, labels)


def load_generator(run_dir, device="cpu", checkpoint: str = "last") -> TrainedGenerator:
    """The trained networks of a run (``checkpoint``: "last" or "epoch_0003"), in eval mode."""
    import torch

    from aigc_desktop.core.guards import display
    from aigc_desktop.core.training.checkpoints import load_checkpoint, load_network
    from aigc_desktop.core.training.steps import build_networks, sampling_network

    info = load_run(run_dir)
    folder = Path(run_dir) / "checkpoints"
    weights, meta, _ = load_checkpoint(folder, checkpoint)
    config = checked_config(meta["config"], display(folder / f"{checkpoint}.json"), "config")
    device = torch.device(device)
    nets = build_networks(config)
    # the sampling network only: per-epoch checkpoints hold nothing else
    name = sampling_network(nets)
    if not any(key.startswith(name + ".") for key in weights):
        name = "generator"  # a GAN saved without its weight average
    model = nets["generator" if name == "generator_ema" else name]
    load_network(model, weights, name, f"checkpoint {display(folder / checkpoint)}")
    model.to(device).eval()
    if config.model == "diffusion":
        from aigc_desktop.core.models.diffusion_process import for_sampling

        for_sampling(model)
    return TrainedGenerator(config, model, info.class_names or list(meta.get("class_names", [])), device)
