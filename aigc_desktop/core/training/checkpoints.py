"""Checkpoint files: tensors as safetensors, everything else as JSON. Nothing is ever unpickled.

A checkpoint ``TAG`` in ``RUN_DIR/checkpoints`` is a JSON file ``TAG.json`` (config, position,
metrics, optimizer hyper-parameters) that names its tensor files: the model weights and, for a
resumable checkpoint, the optimizer moments, RNG states and the epoch's permutation.

The JSON is the single commit point. A save writes the new tensors under new names (never over
the files the current JSON names), then replaces the JSON atomically, and only then removes the
old tensor files. A kill or a full disk at any instant leaves either the previous checkpoint or
the new one complete; the files of an unfinished save (``.tmp`` files, tensors no JSON names)
are removed by :func:`clean_folder` when training starts again. Every tensor file records the
global step, so a JSON paired with other tensors by hand is detected instead of mixed.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable, Optional

import torch

from aigc_desktop.core.atomic import atomic_write as _atomic_write
from aigc_desktop.core.atomic import write_json  # noqa: F401 (re-exported)
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.training.run_files import checkpoint_meta, read_json  # noqa: F401 (re-exported)

FORMAT = "aigc-checkpoint/1"
MAX_TENSOR_FILE_BYTES = 8 * 1024**3  # far above any model here; a larger file is not a checkpoint
_TENSOR_FILE = re.compile(r"^[A-Za-z0-9_]+(\.[0-9]+)*(\.state)?\.safetensors$")

# Called after each stage of a save with (stage, path): "weights", "state", "json", "removed".
# Tests use it to stop a save at an exact point (a kill, a full disk); it is None otherwise.
_save_hook: Optional[Callable[[str, Path], None]] = None


def set_save_hook(hook: Optional[Callable[[str, Path], None]]) -> None:
    global _save_hook
    _save_hook = hook


def _stage(name: str, path: Path) -> None:
    if _save_hook is not None:
        _save_hook(name, path)


def _save_tensors(path: Path, tensors: dict, step: int) -> None:
    from safetensors.torch import save

    tensors = {k: v.detach().to("cpu").contiguous() for k, v in tensors.items()}
    data = save(tensors, metadata={"format": FORMAT, "step": str(step)})
    _atomic_write(path, lambda tmp: _write_bytes(tmp, data))


def _write_bytes(path, data: bytes) -> None:
    # through Python's own open: a folder name that is not valid UTF-8 is fine here, not in Rust
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _metadata(data: bytes) -> dict:
    """The ``__metadata__`` of a safetensors file held in memory (8-byte length, JSON header)."""
    import json

    if len(data) < 8:
        raise ValueError("shorter than a safetensors header")
    size = int.from_bytes(data[:8], "little")
    if size > len(data) - 8:
        raise ValueError("the header is longer than the file")
    header = json.loads(data[8:8 + size].decode("utf-8"))
    if not isinstance(header, dict):
        raise ValueError("the header is not a JSON object")
    meta = header.get("__metadata__") or {}
    return meta if isinstance(meta, dict) else {}


def load_tensors(path: Path, step: Optional[int] = None) -> dict:
    """A safetensors file as a dict of CPU tensors; anything else (a pickle, say) is refused unread."""
    from safetensors import SafetensorError
    from safetensors.torch import load

    from aigc_desktop.core.guards import display

    from aigc_desktop.core.data import bounded

    path = Path(path)
    if not path.exists():
        raise UserError(f"checkpoint file {display(path)} is missing")
    data = bounded.read_for_user(path, MAX_TENSOR_FILE_BYTES, f"checkpoint file {display(path)}",
                                 "a checkpoint of this app")
    try:
        metadata = _metadata(data)
        tensors = load(data)
    except (SafetensorError, ValueError, RuntimeError, TypeError, UnicodeDecodeError) as exc:
        raise UserError(f"{display(path)} is not a valid safetensors checkpoint; refusing to load it "
                        f"(checkpoints are never unpickled)") from exc
    if metadata.get("format") != FORMAT:
        raise UserError(f"{display(path)} is not an AIGC Desktop checkpoint")
    if step is not None and metadata.get("step") != str(step):
        raise UserError(f"checkpoint {display(path.name)} does not match its JSON (an interrupted write?)")
    return tensors


def load_network(net: torch.nn.Module, tensors: dict, prefix: str, where: str) -> None:
    """Load ``prefix.*`` of ``tensors`` into ``net``; UserError naming ``where`` when a tensor is
    missing, extra or of the wrong shape (a checkpoint of another model, or edited by hand)."""
    from aigc_desktop.core.crash import one_line

    try:
        net.load_state_dict(unprefixed(tensors, prefix))
    except (RuntimeError, ValueError, KeyError, TypeError) as exc:
        first = one_line(str(exc).replace("Error(s) in loading state_dict for", "the"), 400)
        raise UserError(f"{where} does not fit the {prefix} network: {first}") from None


def _fresh_name(folder: Path, tag: str, step: int, kind: str) -> str:
    """A tensor file name no file in ``folder`` has yet: ``TAG.STEP[.N][.state].safetensors``."""
    suffix = ".state.safetensors" if kind == "state" else ".safetensors"
    name, n = f"{tag}.{step}{suffix}", 1
    while (folder / name).exists():
        n += 1
        name = f"{tag}.{step}.{n}{suffix}"
    return name


def tensor_files(folder: Path, tag: str, meta: Optional[dict] = None) -> dict:
    """{"weights": name[, "state": name]} of checkpoint ``tag`` as its JSON names them (a checkpoint
    written before the JSON named its files uses ``TAG.safetensors`` and ``TAG.state.safetensors``)."""
    if meta is None:
        meta_path = Path(folder) / f"{tag}.json"
        if not meta_path.is_file():
            return {}
        meta = read_json(meta_path)
    files = meta.get("files") if isinstance(meta, dict) else None
    if isinstance(files, dict):
        return {k: v for k, v in files.items() if k in ("weights", "state") and isinstance(v, str)}
    legacy = {"weights": f"{tag}.safetensors"}
    if isinstance(meta, dict) and meta.get("has_state"):
        legacy["state"] = f"{tag}.state.safetensors"
    return legacy


def save_checkpoint(folder: Path, tag: str, weights: dict, meta: dict, state: Optional[dict] = None) -> None:
    """Write checkpoint ``tag``: new tensor files, then the JSON (the commit), then the old files go."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    step = int(meta["global_step"])
    try:
        old = set(tensor_files(folder, tag).values())
    except UserError:  # the current JSON is damaged: nothing of it is worth keeping
        old = set()
    files = {"weights": _fresh_name(folder, tag, step, "weights")}
    _save_tensors(folder / files["weights"], weights, step)
    _stage("weights", folder / files["weights"])
    if state is not None:
        files["state"] = _fresh_name(folder, tag, step, "state")
        _save_tensors(folder / files["state"], state, step)
        _stage("state", folder / files["state"])
    write_json(folder / f"{tag}.json", {"format": FORMAT, **meta, "has_state": state is not None, "files": files})
    _stage("json", folder / f"{tag}.json")
    for name in old - set(files.values()):
        try:
            (folder / name).unlink(missing_ok=True)
        except OSError:
            pass  # a file left behind is removed by clean_folder next time
    _stage("removed", folder / f"{tag}.json")


def clean_folder(folder: Path) -> list[str]:
    """Remove what an interrupted save left in a checkpoint folder: temporary files and tensor
    files that no checkpoint JSON names. Returns the names removed."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    named: set[str] = set()
    for meta_path in folder.glob("*.json"):
        try:
            named.update(tensor_files(folder, meta_path.stem).values())
        except UserError:
            # a damaged JSON: keep every tensor file of its tag, the user may still repair it
            named.update(p.name for p in folder.glob(f"{meta_path.stem}.*safetensors"))
    removed = []
    for path in folder.iterdir():
        name = path.name
        leftover = (name.startswith(".") and name.endswith(".tmp")) or (
            _TENSOR_FILE.match(name) is not None and name not in named)
        if leftover and path.is_file():
            try:
                path.unlink()
                removed.append(name)
            except OSError:
                pass
    return removed


def load_checkpoint(folder: Path, tag: str = "last", with_state: bool = False):
    """(weights, meta, state or None) of checkpoint ``tag``; UserError if it is missing or damaged.

    The JSON is validated (:func:`~aigc_desktop.core.training.run_files.checkpoint_meta`) before
    any value of it is used; a resumable checkpoint must also have everything a resume reads."""
    folder = Path(folder)
    meta_path = folder / f"{tag}.json"
    if not meta_path.is_file():
        raise UserError(f"no checkpoint {tag!r} in {folder}")
    meta = checkpoint_meta(read_json(meta_path), meta_path, resumable=with_state)
    step = int(meta["global_step"])
    files = tensor_files(folder, tag, meta)
    weights = load_tensors(folder / files["weights"], step)
    state = None
    if with_state:
        if not meta.get("has_state") or "state" not in files:
            raise UserError(f"checkpoint {tag!r} holds weights only and cannot be resumed")
        state = load_tensors(folder / files["state"], step)
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


def optimizer_from_parts(optimizer: torch.optim.Optimizer, prefix: str, tensors: dict, rest: dict,
                         where: str = "the checkpoint") -> None:
    """Restore an optimizer from :func:`optimizer_to_parts`; UserError naming ``where`` when the
    saved state does not fit the optimizer's parameters (a hand-edited or foreign checkpoint)."""
    from aigc_desktop.core.crash import describe

    try:
        state: dict = {}
        for name, value in unprefixed(tensors, prefix).items():
            pid, key = name.split(".", 1)
            state.setdefault(int(pid), {})[key] = value
        for name, value in rest.get("scalars", {}).items():
            pid, key = name.split(".", 1)
            state.setdefault(int(pid), {})[key] = value
        groups = [{**g, "betas": tuple(g["betas"])} if "betas" in g else g for g in rest["param_groups"]]
        optimizer.load_state_dict({"state": state, "param_groups": groups})
    except (ValueError, KeyError, TypeError, RuntimeError, IndexError) as exc:
        raise UserError(f"{where}: the saved state of optimizer {prefix.split('.')[-1]!r} does not fit "
                        f"the model ({describe(exc)})") from None
    for group in optimizer.param_groups:
        for param in group["params"]:
            for key, value in optimizer.state.get(param, {}).items():
                if torch.is_tensor(value) and value.ndim and value.shape != param.shape:
                    raise UserError(f"{where}: the saved {key} of optimizer {prefix.split('.')[-1]!r} has shape "
                                    f"{tuple(value.shape)} where the model has {tuple(param.shape)}")


atomic_write = _atomic_write  # public name: other services write their files the same way
