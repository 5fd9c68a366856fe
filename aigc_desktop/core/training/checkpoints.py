"""Checkpoint files: tensors as safetensors, everything else as JSON. Nothing is ever unpickled.

A checkpoint ``TAG`` in ``RUN_DIR/checkpoints`` is three files, each written atomically:
``TAG.safetensors`` (model weights), ``TAG.state.safetensors`` (optimizer moments, RNG states,
the epoch's permutation; only for resumable checkpoints) and ``TAG.json`` (config, position,
metrics, optimizer hyper-parameters). The JSON is replaced last and every file records the global
step, so a write interrupted half-way is detected instead of mixing two checkpoints.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import torch

from aigc_desktop.core.atomic import atomic_write as _atomic_write
from aigc_desktop.core.atomic import write_json  # noqa: F401 (re-exported)
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.training.run_files import read_json  # noqa: F401 (re-exported)

FORMAT = "aigc-checkpoint/1"


def _save_tensors(path: Path, tensors: dict, step: int) -> None:
    from safetensors.torch import save_file

    tensors = {k: v.detach().to("cpu").contiguous() for k, v in tensors.items()}
    _atomic_write(path, lambda tmp: save_file(tensors, tmp, metadata={"format": FORMAT, "step": str(step)}))


def load_tensors(path: Path, step: Optional[int] = None) -> dict:
    """A safetensors file as a dict of CPU tensors; anything else (a pickle, say) is refused unread."""
    from safetensors import SafetensorError, safe_open

    path = Path(path)
    if not path.exists():
        raise UserError(f"checkpoint file {path} is missing")
    try:
        with safe_open(str(path), framework="pt", device="cpu") as fh:
            metadata = fh.metadata() or {}
            tensors = {key: fh.get_tensor(key) for key in fh.keys()}
    except (SafetensorError, OSError, ValueError, RuntimeError) as exc:
        raise UserError(f"{path} is not a valid safetensors checkpoint; refusing to load it "
                        f"(checkpoints are never unpickled)") from exc
    if metadata.get("format") != FORMAT:
        raise UserError(f"{path} is not an AIGC Desktop checkpoint")
    if step is not None and metadata.get("step") != str(step):
        raise UserError(f"checkpoint {path.name} does not match its JSON (an interrupted write?)")
    return tensors


def save_checkpoint(folder: Path, tag: str, weights: dict, meta: dict, state: Optional[dict] = None) -> None:
    folder = Path(folder)
    step = int(meta["global_step"])
    _save_tensors(folder / f"{tag}.safetensors", weights, step)
    if state is not None:
        _save_tensors(folder / f"{tag}.state.safetensors", state, step)
    write_json(folder / f"{tag}.json", {"format": FORMAT, **meta, "has_state": state is not None})


def load_checkpoint(folder: Path, tag: str = "last", with_state: bool = False):
    """(weights, meta, state or None) of checkpoint ``tag``; UserError if it is missing or damaged."""
    folder = Path(folder)
    meta_path = folder / f"{tag}.json"
    if not meta_path.exists():
        raise UserError(f"no checkpoint {tag!r} in {folder}")
    meta = read_json(meta_path)
    if meta.get("format") != FORMAT:
        raise UserError(f"{meta_path} is not an AIGC Desktop checkpoint")
    step = int(meta["global_step"])
    weights = load_tensors(folder / f"{tag}.safetensors", step)
    state = None
    if with_state:
        if not meta.get("has_state"):
            raise UserError(f"checkpoint {tag!r} holds weights only and cannot be resumed")
        state = load_tensors(folder / f"{tag}.state.safetensors", step)
    return weights, meta, state


def prefixed(state_dict: dict, prefix: str) -> dict:
    return {f"{prefix}.{k}": v for k, v in state_dict.items()}


def unprefixed(tensors: dict, prefix: str) -> dict:
    cut = len(prefix) + 1
    return {k[cut:]: v for k, v in tensors.items() if k.startswith(prefix + ".")}


def optimizer_to_parts(optimizer: torch.optim.Optimizer, prefix: str) -> tuple[dict, dict]:
    """An optimizer's state as (tensors for safetensors, JSON-able rest)."""
    sd = optimizer.state_dict()
    tensors, scalars = {}, {}
    for pid, entries in sd["state"].items():
        for key, value in entries.items():
            if torch.is_tensor(value):
                tensors[f"{prefix}.{pid}.{key}"] = value
            else:
                scalars[f"{pid}.{key}"] = value
    return tensors, {"param_groups": sd["param_groups"], "scalars": scalars}


def optimizer_from_parts(optimizer: torch.optim.Optimizer, prefix: str, tensors: dict, rest: dict) -> None:
    state: dict = {}
    for name, value in unprefixed(tensors, prefix).items():
        pid, key = name.split(".", 1)
        state.setdefault(int(pid), {})[key] = value
    for name, value in rest.get("scalars", {}).items():
        pid, key = name.split(".", 1)
        state.setdefault(int(pid), {})[key] = value
    groups = [{**g, "betas": tuple(g["betas"])} if "betas" in g else g for g in rest["param_groups"]]
    optimizer.load_state_dict({"state": state, "param_groups": groups})


atomic_write = _atomic_write  # public name: other services write their files the same way
