"""The trainer: a generator of progress events over one VAE or GAN run.

``train(data, config, run_dir, ctx)`` is a job (:mod:`aigc_desktop.core.jobs`): it yields BatchEnd
(throttled), EpochEnd, SampleGrid and TrainingWarning, and returns RunFinished. The CLI prints the
events; the GUI's JobRunner forwards them as signals. A cancel stops it cooperatively: the run
saves a checkpoint mid-epoch and returns ``RunFinished("cancelled")``, which resume continues from.

Longer than most modules on purpose: a run's set-up, steps, epoch ends and checkpoints share the
run's state (``_Run``); apart, they would hand a dozen tensors and counters to each other. The whole
training tensor stays on the device and each epoch indexes it with a fresh random permutation, so
there is no per-batch decoding or collation in Python.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional

import numpy as np
import torch

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import Job, JobContext, Throttle
from aigc_desktop.core.training import distributed as dist_
from aigc_desktop.core.crash import describe
from aigc_desktop.core.guards import display
from aigc_desktop.core.training.checkpoints import (clean_folder, load_checkpoint, load_network, optimizer_from_parts,
                                                    optimizer_to_parts, prefixed, save_checkpoint, write_json)
from aigc_desktop.core.training.config import (SIGNED_PIXEL_MODELS, TrainConfig, noise_size,  # noqa: F401
                                              steps_per_epoch)  # steps_per_epoch: re-exported
from aigc_desktop.core.training.data import TrainData
from aigc_desktop.core.training.devices import free_memory_bytes, memory_used_mb, select_device
from aigc_desktop.core.training.events import (BatchEnd, EpochEnd, RunFinished, SampleGrid, TrainingWarning,
                                               cancelled_message, cancelled_status, completed_message,
                                               diverged_message, divergence_reason, early_stop_message)
from aigc_desktop.core.training.runs import save_grid_png, to_uint8_images
from aigc_desktop.core.training import diagnostics
from aigc_desktop.core.training.steps import (build_networks, cluster_count, clusters_to_fit, fixed_noise,
                                             fixed_uniforms, image_clusters, make_step, pairwise_spread as sample_diversity,
                                             sampling_network)

# fields that define the networks' shapes: a resumed run must agree on them
ARCHITECTURE_FIELDS = ("model", "latent_dim", "image_size", "channels", "conditional", "n_classes", "width",
                       "gan_loss", "decoder_width", "spectral_norm", "d_width", "self_condition", "objective")


def train(data: TrainData, config: TrainConfig, run_dir, ctx: JobContext, resume: bool = False) -> Job[RunFinished]:
    """Train ``config.model`` on ``data``, writing checkpoints into ``run_dir``: a job yielding the
    trainer's events and returning :class:`RunFinished`."""
    run = _Run(data, replace(config).validate(), Path(run_dir), ctx)
    finished = False
    try:
        result = yield from run.events(resume)
        finished = True
        return result
    finally:
        run.close(finished)


def split_indices(n: int, val_fraction: float, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(train, validation) indices of ``n`` items: a seeded shuffle, the first ``val_fraction`` held out."""
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    n_val = int(n * val_fraction)
    if n - n_val < 1:
        n_val = 0
    return order[n_val:], order[:n_val]


def data_split(labels: Optional[torch.Tensor], n: int, config: TrainConfig) -> tuple[np.ndarray, np.ndarray]:
    """(training rows, validation rows) of prepared data with ``n`` items, as a run with ``config``
    splits them: a conditional run leaves unlabelled items out first. The validation rows are never
    trained on, so they can serve as held-out real data for the run's evaluation."""
    rows = np.arange(n)
    if config.conditional and labels is not None:
        rows = rows[labels.numpy() >= 0]
    train_idx, val_idx = split_indices(len(rows), config.val_fraction, config.seed)
    return rows[train_idx.numpy()], rows[val_idx.numpy()]


def class_diversity(images: torch.Tensor, labels: torch.Tensor) -> dict:
    """class -> the mean pairwise distance of its images (classes with two images or more)."""
    labels = labels.to(images.device)
    return {int(c): sample_diversity(images[labels == c]) for c in labels.unique().tolist()
            if int((labels == c).sum()) > 1}


def _rng_state_json() -> list:
    name, keys, pos, has_gauss, cached = np.random.get_state()
    return [name, keys.tolist(), int(pos), int(has_gauss), float(cached)]


def _set_numpy_rng(state: list) -> None:
    name, keys, pos, has_gauss, cached = state
    np.random.set_state((name, np.asarray(keys, np.uint32), pos, has_gauss, cached))


@dataclass
class _Epoch:
    """One epoch in progress: its shuffled order, the loss sums and images seen so far, its first step
    (not 0 when a stopped run resumes mid-epoch)."""

    number: int  # 0-based
    perm: torch.Tensor
    sums: dict
    seen: int
    first_step: int


class _Run:
    """One training run: set up from a config (or a checkpoint), then its epochs as events."""

    def __init__(self, data, config, run_dir, ctx: JobContext):
        self.data, self.config, self.run_dir = data, config, run_dir
        self.job = ctx
        self.ckpt_dir = run_dir / "checkpoints"
        self.dist = dist_.DistContext()
        self.history: list[dict] = []
        self.paused_s = 0.0
        # progress, restored from the checkpoint on resume (_restore_progress)
        self.global_step, self.epochs_done, self.first_epoch, self.resume_step = 0, 0, 0, 0
        self.best_val, self.best_epoch, self.bad_epochs = None, None, 0

    # ----------------------------------------------------------------- set-up
    def _setup(self, resume: bool):
        c = self.config
        if c.num_threads:
            torch.set_num_threads(max(1, int(c.num_threads)))
        device = select_device(c.device)
        self.dist = dist_.init_distributed(device.type == "cuda")
        if self.dist.enabled and device.type == "cuda":
            device = torch.device("cuda", self.dist.local_rank)
            torch.cuda.set_device(device)
        self.device = device
        self.check_every = 1 if device.type == "cpu" else 16  # each check syncs with the device

        meta = state = weights = None
        if self.dist.is_main:
            clean_folder(self.ckpt_dir)  # what a save interrupted by a kill or a full disk left behind
        if resume:
            weights, meta, state = load_checkpoint(self.ckpt_dir, "last", with_state=True)
            self._check_compatible(meta)
            self.history = list(meta.get("history", []))
        elif (self.ckpt_dir / "last.json").exists():
            raise UserError(f"{display(self.run_dir)} already holds a training run: resume it or choose a new folder")

        torch.manual_seed(c.seed)
        np.random.seed(c.seed % 2**32)
        self._split_data()
        nets = build_networks(c)
        where = f"checkpoint {display(self.ckpt_dir / 'last')}"
        if self.cluster_sizes is not None:  # the generators' or U-Nets' (and their averages') cluster shares
            for net in nets.values():
                if getattr(net, "self_conditioned", False):
                    net.set_cluster_sizes(self.cluster_sizes)
        if weights is not None:
            for name, net in nets.items():
                load_network(net, weights, name, where)
        nets = {k: v.to(device) for k, v in nets.items()}

        amp_dtype, scaler = None, None
        if c.amp and device.type == "cuda":
            if torch.cuda.is_bf16_supported():
                amp_dtype = torch.bfloat16  # same range as float32: no loss scaling needed
            elif c.gan_loss != "wgan-gp" or c.model != "gan":  # the penalty's double backward and fp16 scaling do not mix
                amp_dtype, scaler = torch.float16, torch.amp.GradScaler("cuda")
        self.step = make_step(c, nets, device, amp_dtype, scaler, dist_.ddp_wrapper(self.dist, device))
        self.step.global_step = int(meta.get("global_step", 0)) if meta else 0

        if meta is not None:
            self._restore(meta, state, scaler, where)
        self.meta, self.state = meta, state

        n_classes = c.n_classes if c.conditional else 0
        self.noise = fixed_noise(c.n_samples, noise_size(c), c.seed, device)
        self.uniforms = fixed_uniforms(c.n_samples, c.seed, device)
        self.warnings = list(meta.get("warnings", [])) if meta else []
        self.noise_labels = (torch.arange(c.n_samples, device=device) % n_classes) if n_classes else None
        if self.dist.is_main:
            self.run_dir.mkdir(parents=True, exist_ok=True)
            write_json(self.run_dir / "config.json", c.to_dict())
            self._write_status("running", "")

    def _restore(self, meta: dict, state: dict, scaler, where: str) -> None:
        """Optimizers, scaler and RNG states of a resumed run, each checked against the model and
        the data first (a damaged or hand-edited checkpoint is one message, not a crash)."""
        missing = [name for name in self.step.optimizers if name not in meta["optimizers"]]
        if missing:
            raise UserError(f"{where}.json: optimizers: no saved state for {', '.join(missing)}")
        for name, opt in self.step.optimizers.items():
            optimizer_from_parts(opt, f"optim.{name}", state, meta["optimizers"][name], f"{where}.json")
        try:
            if scaler is not None and meta.get("scaler"):
                scaler.load_state_dict(meta["scaler"])
            rng = state.get("rng.torch")
            if rng is None or rng.dtype != torch.uint8 or rng.shape != torch.get_rng_state().shape:
                raise ValueError("rng.torch is missing or not a CPU generator state")
            torch.set_rng_state(rng)
            if self.device.type == "cuda" and "rng.cuda" in state:
                torch.cuda.set_rng_state(state["rng.cuda"], self.device)
            _set_numpy_rng(meta["numpy_rng"])
        except (ValueError, RuntimeError, TypeError, KeyError) as exc:
            raise UserError(f"{where}: the saved random state cannot be restored ({describe(exc)})") from None
        position = meta["position"]
        if position["step"] > 0:
            perm = state.get("perm")
            n_local = len(dist_.shard(torch.arange(self.n_train), self.dist))
            if perm is None or perm.dtype != torch.int64 or perm.ndim != 1 or len(perm) != self.n_train:
                raise UserError(f"{where}: the saved order of the epoch does not fit the {self.n_train} "
                                "training images")
            if perm.numel() and (int(perm.min()) < 0 or int(perm.max()) >= self.n_train):
                raise UserError(f"{where}: the saved order of the epoch names images that do not exist")
            if position["step"] > steps_per_epoch(n_local, self.config):
                raise UserError(f"{where}.json: position.step {position['step']} is beyond the end of the epoch")
            if set(meta["epoch_sums"]) != set(self.step.loss_names):
                raise UserError(f"{where}.json: epoch_sums: expected the losses "
                                f"{', '.join(self.step.loss_names)}, found {', '.join(meta['epoch_sums']) or 'none'}")

    def _check_compatible(self, meta: dict) -> None:
        saved = meta.get("config", {})
        changed = [f for f in ARCHITECTURE_FIELDS if f in saved and saved[f] != getattr(self.config, f)]
        if changed:
            raise UserError(f"cannot resume: {', '.join(changed)} differ from the checkpoint's")
        if meta.get("fingerprint") != self.data.fingerprint:
            raise UserError("cannot resume: the training data differ from the data this run started with")

    def _split_data(self) -> None:
        """A seeded train/validation split; the training tensor goes onto the device when it fits."""
        c, data = self.config, self.data
        images, labels, weights = data.images, data.labels, data.weights
        if c.conditional:
            if labels is None:
                raise UserError("a conditional model needs labelled data")
            keep = labels >= 0
            self.dropped_unlabelled = int((~keep).sum())
            images, labels = images[keep], labels[keep]
            weights = None if weights is None else weights[keep]
        else:
            self.dropped_unlabelled, labels = 0, None
        if len(images) == 0:
            raise UserError("no images to train on")
        train_idx, val_idx = split_indices(len(images), c.val_fraction, c.seed)
        self.cluster_sizes = None
        if cluster_count(c):
            # a self-conditioned model's "labels": the k-means clusters of the training images
            _, assign = image_clusters(images[train_idx], clusters_to_fit(c, len(train_idx)), c.seed)
            labels = assign(images)
            self.cluster_sizes = torch.bincount(labels[train_idx], minlength=cluster_count(c))
        if c.model in SIGNED_PIXEL_MODELS:
            images = images * 2 - 1  # the generator's tanh range, the diffusion model's data range
        free = free_memory_bytes(self.device)
        self.data_on_device = free is None or images.element_size() * images.nelement() < 0.5 * free
        where = self.device if self.data_on_device else "cpu"

        def put(t):
            return None if t is None else t.to(where)

        self.x_train, self.y_train = put(images[train_idx]), put(None if labels is None else labels[train_idx])
        self.x_val, self.y_val = put(images[val_idx]), put(None if labels is None else labels[val_idx])
        self.w_train = None
        if weights is not None:
            w = weights[train_idx].float().clamp_min(0)
            self.w_train = put(w / w.mean().clamp_min(1e-12))  # mean 1 keeps the loss scale
        self.n_train = len(train_idx)
        self.real_diversity = sample_diversity(self._unit_range(self.x_train[: c.n_samples]))
        self.real_class_diversity = {}
        if c.conditional:
            # up to n_samples images of each class, the same for every epoch
            firsts = torch.cat([torch.nonzero(self.y_train == k).flatten()[: c.n_samples]
                                for k in self.y_train.unique().tolist()])
            self.real_class_diversity = class_diversity(self._unit_range(self.x_train[firsts]), self.y_train[firsts])

    def _unit_range(self, x: torch.Tensor) -> torch.Tensor:
        return (x + 1) / 2 if self.config.model in SIGNED_PIXEL_MODELS else x

    # ------------------------------------------------------------- the loop
    def _active_time(self) -> float:
        return time.perf_counter() - self.paused_s


    def _batch(self, index: torch.Tensor):
        def take(t):
            if t is None:
                return None
            out = t[index]
            return out if self.data_on_device else out.to(self.device, non_blocking=True)
        return take(self.x_train), take(self.y_train), take(self.w_train)

    def events(self, resume: bool):
        self._setup(resume)
        if self.dropped_unlabelled:
            yield TrainingWarning(diagnostics.unlabelled_left_out(self.dropped_unlabelled))
        changed = getattr(self.data, "changed_files", [])
        if changed:
            yield TrainingWarning(diagnostics.files_changed([display(p) for p in changed]))
        self._restore_progress()
        run_start = self._active_time()
        epochs_run = 0
        for epoch_number in range(self.first_epoch, self.config.epochs):
            if self._budget_spent() or self._out_of_time(run_start):
                break
            epoch = self._begin_epoch(epoch_number)
            epoch_start = self._active_time()
            stopped = yield from self._train_epoch(epoch, run_start)
            if stopped is not None:
                return stopped
            if epoch.seen == 0:
                break  # the time ran out before this epoch began
            self.epochs_done, epochs_run = epoch_number + 1, epochs_run + 1
            yield from self._end_epoch(epoch_number, epoch.sums, epoch.seen, self._active_time() - epoch_start,
                                       run_start, epochs_run)
            if self._stop_early():
                return self._finish("early_stopped", early_stop_message(
                    epoch_number + 1, self.config.early_stopping_patience, self.best_epoch))
        stopped_by = "steps" if self._budget_spent() else "time" if self._out_of_time(run_start) else None
        message = completed_message(self.epochs_done, self.history[-1] if self.history else {}, self.step.loss_names,
                                    stopped_by, self.global_step)
        longer = diagnostics.still_improving(self.history, self.config.model)
        if longer:
            yield self._warn("still_improving", longer)
        return self._finish("completed", message)

    def _finish(self, reason: str, message: str) -> RunFinished:
        if self.dist.is_main:
            self._write_status(reason, message, self.epochs_done)
        return RunFinished(str(self.run_dir), reason, message, self.epochs_done)

    def _restore_progress(self) -> None:
        meta = self.meta or {}
        position = meta.get("position", {"epoch": 0, "step": 0})
        self.first_epoch, self.resume_step = int(position["epoch"]), int(position["step"])
        self.global_step = self.step.global_step = int(meta.get("global_step", 0))
        self.best_val, self.best_epoch = meta.get("best_val"), meta.get("best_epoch")
        self.bad_epochs = int(meta.get("bad_epochs", 0))
        self.epochs_done = int(meta.get("epochs_done", 0))
        self.session_start_step = self.global_step

    def _begin_epoch(self, number: int) -> _Epoch:
        """A fresh epoch, or the one a resumed run stopped in, where it stopped."""
        if number == self.first_epoch and self.resume_step > 0:
            sums = {k: torch.tensor(v, device=self.device) for k, v in self.meta["epoch_sums"].items()}
            return _Epoch(number, self.state["perm"], sums, int(self.meta["epoch_seen"]), self.resume_step)
        generator = torch.Generator().manual_seed(self.config.seed * 1_000_003 + number)
        return _Epoch(number, torch.randperm(self.n_train, generator=generator),
                      {k: torch.zeros((), device=self.device) for k in self.step.loss_names}, 0, 0)

    def _train_epoch(self, epoch: _Epoch, run_start: float):
        """The epoch's optimizer steps, yielding BatchEnd (throttled); returns RunFinished when the run
        stops inside the epoch (cancelled or diverged), None when the epoch ran to its end."""
        c, dist = self.config, self.dist
        mine = dist_.shard(epoch.perm, dist)
        mine_dev = mine.to(self.device if self.data_on_device else "cpu")
        batch = min(c.batch_size, len(mine))
        steps = steps_per_epoch(len(mine), c)
        # a step budget may end this epoch early; that partial epoch still ends (and checkpoints) normally
        end = steps if c.max_steps is None else min(steps, epoch.first_step + c.max_steps - self.global_step)
        self.step.train(True)
        window = {k: torch.zeros((), device=self.device) for k in self.step.loss_names}
        window_n, last_event = 0, self._active_time()
        report = Throttle(c.event_interval_s)
        report.due()  # the epoch's start counts as the last report
        bad_loss = torch.zeros((), dtype=torch.bool, device=self.device)
        worst_norm = torch.zeros((), device=self.device)
        for s in range(epoch.first_step, end):
            self.paused_s += self.job.wait_while_paused()
            if self._out_of_time(run_start):
                break  # the time budget ends this epoch early; it still ends (and checkpoints) normally
            if self.job.cancelled:
                return self._stop_cancelled(epoch, s, steps)
            index = mine_dev[s * batch:(s + 1) * batch]
            losses, norm = self.step.step(*self._batch(index))
            n = len(index)
            for k, v in losses.items():
                epoch.sums[k] += v * n
                window[k] += v * n
            bad_loss |= ~torch.isfinite(torch.stack(list(losses.values()))).all()
            worst_norm = torch.maximum(worst_norm, torch.nan_to_num(norm.float(), nan=math.inf))
            epoch.seen += n
            window_n += n
            self.global_step += 1
            if (s + 1) % self.check_every == 0 or s == end - 1:
                why = self._divergence(bad_loss, worst_norm)
                if why:
                    return self._finish("diverged", diverged_message(epoch.number + 1, s + 1, why, self.epochs_done))
            # throttled, but the last step of an epoch always reports, so progress reaches 100%
            if dist.is_main and report.due(final=s == end - 1):
                now = self._active_time()
                rate = window_n * dist.world_size / max(now - last_event, 1e-9)
                yield BatchEnd(epoch.number + 1, s + 1, steps, {k: float(v) / window_n for k, v in window.items()},
                               rate)
                window = {k: torch.zeros((), device=self.device) for k in self.step.loss_names}
                window_n, last_event = 0, self._active_time()
        return None

    def _stop_cancelled(self, epoch: _Epoch, step: int, steps: int) -> RunFinished:
        """A cancel before ``step``: a checkpoint mid-epoch that resume continues from."""
        if self.dist.is_main:
            self._save_last(epoch.number, step, epoch.perm, epoch.sums, epoch.seen, self.epochs_done)
            self._write_status("cancelled", cancelled_status(epoch.number + 1, step), self.epochs_done)
        return RunFinished(str(self.run_dir), "cancelled", cancelled_message(epoch.number + 1, step, steps),
                           self.epochs_done)

    def _budget_spent(self) -> bool:
        return self.config.max_steps is not None and self.global_step >= self.config.max_steps

    def _out_of_time(self, run_start: float) -> bool:
        """The time budget (``max_seconds`` of training in this session, pauses excluded) is spent."""
        limit = self.config.max_seconds
        return limit is not None and self._active_time() - run_start >= limit

    def _warn(self, kind: str, message: str) -> TrainingWarning:
        """A warning event, remembered in run.json and the checkpoint."""
        self.warnings.append({"kind": kind, "message": message, "step": self.global_step})
        return TrainingWarning(message, kind)

    def _warned(self, kind: str) -> bool:
        return any(w["kind"] == kind for w in self.warnings)

    def _divergence(self, bad_loss: torch.Tensor, worst_norm: torch.Tensor) -> str:
        bad = bool(bad_loss)
        norm = float(worst_norm)
        exploded = not math.isfinite(norm) or norm > self.config.max_grad_norm
        if not dist_.any_rank(bad or exploded, self.dist, self.device):
            return ""
        return divergence_reason(bad, norm, self.config.max_grad_norm)

    # ------------------------------------------------------------ epoch end
    def _reduce_sums(self, sums: dict, seen: int) -> tuple[dict, int]:
        if not self.dist.enabled:
            return sums, seen
        import torch.distributed as dist

        flat = torch.stack([*sums.values(), torch.tensor(float(seen), device=self.device)])
        dist.all_reduce(flat)
        return dict(zip(sums, flat[:-1])), int(flat[-1])

    def _validate(self, epoch: int) -> Optional[float]:
        if len(self.x_val) == 0:
            return None
        # the same noise every epoch, so epochs compare (and the training RNG stream is untouched)
        generator = torch.Generator().manual_seed(self.config.seed + 7919)
        total = 0.0
        for start in range(0, len(self.x_val), 512):
            x = self.x_val[start:start + 512].to(self.device)
            y = None if self.y_val is None else self.y_val[start:start + 512].to(self.device)
            total += float(self.step.val_loss(x, y, generator))
        return total / len(self.x_val)

    def _end_epoch(self, epoch, sums, seen, train_time, run_start, epochs_run):
        c = self.config
        sums, seen_all = self._reduce_sums(sums, seen)
        losses = {k: float(v) / max(seen_all, 1) for k, v in sums.items()}
        self.step.train(False)
        self.step.end_epoch(self.x_train, self.y_train)
        val_loss = self._validate(epoch)
        samples = self.step.sample(self.noise, self.noise_labels, self.uniforms)
        health = self.step.health(*self._reference_images(), samples)
        self.step.train(True)
        grid = to_uint8_images(samples)
        diversity = sample_diversity(samples)
        rate = seen_all / max(train_time, 1e-9)
        per_epoch = (self._active_time() - run_start) / epochs_run
        entry = {"epoch": epoch + 1, "step": self.global_step, **losses, "val_loss": val_loss, "images_per_s": rate,
                 "elapsed_s": (self.history[-1]["elapsed_s"] if self.history else 0.0) + per_epoch,
                 "sample_diversity": diversity / max(self.real_diversity, 1e-12),
                 "data_spread": self.real_diversity / math.sqrt(samples[0].numel()), **health}
        if self.noise_labels is not None and self.real_class_diversity:
            ratios = [d / max(self.real_class_diversity[k], 1e-12)
                      for k, d in class_diversity(samples, self.noise_labels).items() if k in self.real_class_diversity]
            entry["class_sample_diversity"] = float(np.mean(ratios)) if ratios else None
        self.history.append(entry)
        if val_loss is not None and (self.best_val is None or val_loss < self.best_val):
            self.best_val, self.best_epoch, self.bad_epochs = val_loss, epoch + 1, 0
        elif val_loss is not None:
            self.bad_epochs += 1
        if self.dist.is_main:
            perm_next = torch.zeros(0, dtype=torch.int64)
            self._save_last(epoch + 1, 0, perm_next, {}, 0, self.epochs_done)
            if c.keep_epoch_checkpoints:  # the sampling network only: a critic or a second U-Net would double the disk
                save_checkpoint(self.ckpt_dir, f"epoch_{epoch + 1:04d}", self._weights(sampler_only=True),
                                {"global_step": self.global_step, "epochs_done": self.epochs_done,
                                 "config": c.to_dict(), "metrics": entry})
            save_grid_png(self.run_dir / "samples" / f"epoch_{epoch + 1:04d}.png", grid)
            write_json(self.run_dir / "history.json", self.history)
            self._write_status("running", "", self.epochs_done)
        yield EpochEnd(epoch + 1, c.epochs, losses, val_loss, rate, self._eta(per_epoch, epoch, run_start),
                       memory_used_mb(self.device), entry["elapsed_s"])
        yield SampleGrid(epoch + 1, grid)
        checks = {"posterior_collapse": diagnostics.posterior_collapse(entry, self.global_step, c.kl_warmup_steps)
                  if c.model == "vae" else None,
                  "mode_collapse": diagnostics.mode_collapse(entry, self.global_step, c.conditional)
                  if c.model == "gan" else None}
        for kind, message in checks.items():
            if message and not self._warned(kind):  # once per run: the monitor keeps showing it
                yield self._warn(kind, message)

    def _eta(self, per_epoch: float, epoch: int, run_start: float) -> float:
        """Seconds left: the epochs left, or fewer when a step or time budget ends the run sooner."""
        c = self.config
        eta = per_epoch * (c.epochs - epoch - 1)
        if c.max_steps is not None:
            per_step = (self._active_time() - run_start) / max(self.global_step - self.session_start_step, 1)
            eta = min(eta, per_step * max(c.max_steps - self.global_step, 0))
        if c.max_seconds is not None:
            eta = min(eta, max(c.max_seconds - (self._active_time() - run_start), 0.0))
        return eta

    def _reference_images(self) -> tuple:
        """Held-out images (training images when nothing is held out) for the health checks, in [0, 1]."""
        x, y = (self.x_val, self.y_val) if len(self.x_val) else (self.x_train, self.y_train)
        n = min(len(x), 512)
        return self._unit_range(x[:n].to(self.device)), None if y is None else y[:n].to(self.device)

    def _stop_early(self) -> bool:
        patience = self.config.early_stopping_patience
        stop = bool(patience) and self.bad_epochs >= patience
        return dist_.any_rank(stop, self.dist, self.device)

    # ---------------------------------------------------------- persistence
    def _weights(self, sampler_only: bool = False) -> dict:
        nets = self.step.nets
        if sampler_only:
            nets = {name: nets[name] for name in (sampling_network(nets),)}
        tensors = {}
        for name, net in nets.items():
            tensors.update(prefixed(net.state_dict(), name))
        return tensors

    def _save_last(self, epoch: int, step: int, perm, sums: dict, seen: int, epochs_done: int) -> None:
        state = {"perm": perm.cpu(), "rng.torch": torch.get_rng_state()}
        if self.device.type == "cuda":
            state["rng.cuda"] = torch.cuda.get_rng_state(self.device)
        optimizers = {}
        for name, opt in self.step.optimizers.items():
            tensors, rest = optimizer_to_parts(opt, f"optim.{name}")
            state.update(tensors)
            optimizers[name] = rest
        scaler = self.step.scaler.state_dict() if self.step.scaler is not None else None
        meta = {"config": self.config.to_dict(), "global_step": self.global_step, "epochs_done": epochs_done,
                "position": {"epoch": epoch, "step": step}, "seed": self.config.seed,
                "fingerprint": self.data.fingerprint, "dataset_name": self.data.dataset_name,
                "class_names": list(self.data.class_names), "history": self.history,
                "optimizers": optimizers, "numpy_rng": _rng_state_json(),
                "epoch_sums": {k: float(v) for k, v in sums.items()}, "epoch_seen": seen,
                "best_val": self.best_val, "best_epoch": self.best_epoch, "bad_epochs": self.bad_epochs,
                "scaler": scaler, "world_size": self.dist.world_size, "warnings": self.warnings}
        save_checkpoint(self.ckpt_dir, "last", self._weights(), meta, state)

    def _write_status(self, status: str, message: str, epochs_done: int = 0) -> None:
        write_json(self.run_dir / "run.json", {
            "status": status, "message": message, "epochs_done": epochs_done, "epochs": self.config.epochs,
            "model": self.config.model, "fingerprint": self.data.fingerprint,
            "dataset_name": self.data.dataset_name, "class_names": list(self.data.class_names),
            "dataset_root": self.data.dataset_root, "device": str(self.device),
            "best_epoch": getattr(self, "best_epoch", None), "warnings": getattr(self, "warnings", []),
            "global_step": getattr(self, "global_step", 0),
            "updated": time.time()})

    def close(self, finished: bool = True) -> None:
        dist_.close(self.dist, finished)
