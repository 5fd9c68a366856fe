"""Reading a run's JSON files without importing torch (the GUI lists runs on its own thread).

Every file of a run is validated against its schema before any value of it is used, so a
hand-edited or damaged file is one message naming the file and the first bad entry, never a
crash deep inside training or sampling.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.validation import (AnyValue, Bool, Const, DictOf, Int, ListOf, Nullable, Num, Record, Str,
                                          Tuple, validate)

MAX_RUN_FILE_BYTES = 256 * 1024 * 1024  # a run's JSON is kilobytes; anything near this is not one
_TENSOR_NAME = re.compile(r"^[A-Za-z0-9_]+(\.[0-9]+)*(\.state)?\.safetensors$")


def read_json(path: Path) -> object:
    """The JSON in ``path``; UserError when it is not a readable JSON file of a run."""
    from aigc_desktop.core.data import bounded
    from aigc_desktop.core.guards import display

    path = Path(path)
    data = bounded.read_for_user(path, MAX_RUN_FILE_BYTES, display(path), "a JSON file of a training run")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise UserError(f"{display(path)} is not a valid JSON file of a training run") from exc


class _TensorName(Str):
    def describe(self) -> str:
        return "the name of a .safetensors file in the same folder"

    def error(self, value, path):
        if not isinstance(value, str) or not _TENSOR_NAME.match(value):
            return self._mismatch(value, path)
        return None


_HISTORY = ListOf(Record({"epoch": Int(1)}, {"elapsed_s": Num(0), "sample_diversity": Nullable(Num()),
                                             "val_loss": Nullable(AnyValue())}))
_NUMPY_RNG = Tuple(Const("MT19937"), ListOf(Int(0, 2**32 - 1), 624, 624), Int(0, 624), Int(0, 1), Num())
_OPTIMIZER = Record({"param_groups": ListOf(DictOf(AnyValue()), 1), "scalars": DictOf(AnyValue())})


def _position_check(meta: dict):
    position = meta["position"]
    if position["epoch"] != meta["epochs_done"]:  # the trainer resumes in the epoch after the last one done
        return "position.epoch", f"is {position['epoch']}, but {meta['epochs_done']} epochs are done"
    if position["step"] > 0:
        if not meta.get("epoch_sums"):
            return "epoch_sums", "is missing or empty, but the checkpoint stops in the middle of an epoch"
        if meta.get("epoch_seen", 0) < 1:
            return "epoch_seen", "must be at least 1 in the middle of an epoch"
    return None


_WEIGHTS_ONLY = Record({"format": Str(), "global_step": Int(0), "config": DictOf(AnyValue())},
                       {"epochs_done": Int(0), "has_state": Bool(), "history": _HISTORY,
                        "files": Record({"weights": _TensorName()}, {"state": _TensorName()}),
                        "class_names": ListOf(Str()), "metrics": DictOf(AnyValue())})
_RESUMABLE = Record(
    {"format": Str(), "global_step": Int(0), "config": DictOf(AnyValue()), "epochs_done": Int(0),
     "position": Record({"epoch": Int(0), "step": Int(0)}), "history": _HISTORY,
     "optimizers": DictOf(_OPTIMIZER), "numpy_rng": _NUMPY_RNG, "has_state": Bool()},
    {"epoch_sums": DictOf(Num()), "epoch_seen": Int(0), "best_val": Nullable(Num()), "best_epoch": Nullable(Int(0)),
     "bad_epochs": Int(0), "scaler": Nullable(DictOf(AnyValue())), "world_size": Int(1), "fingerprint": Str(),
     "dataset_name": Str(), "class_names": ListOf(Str()), "seed": Int(0),
     "files": Record({"weights": _TensorName()}, {"state": _TensorName()})},
    check=_position_check)


def checkpoint_meta(meta: object, where: Path, resumable: bool = False) -> dict:
    """A checkpoint's JSON after validation (weights-only, or with everything a resume reads)."""
    from aigc_desktop.core.guards import display
    from aigc_desktop.core.training.checkpoints import FORMAT

    name = display(where)
    validate(meta, _RESUMABLE if resumable else _WEIGHTS_ONLY, name)
    if meta["format"] != FORMAT:
        raise UserError(f"{name} is not an AIGC Desktop checkpoint (format {meta['format']!r})")
    if resumable and not meta["optimizers"]:
        raise UserError(f"{name}: optimizers: no optimizer state is saved, so the run cannot be resumed")
    checked_config(meta["config"], name, "config")
    return meta


def checked_config(data: object, where: str, path: str = ""):
    """A TrainConfig from a run file, its types and its values checked (one line naming ``where``)."""
    from aigc_desktop.core.training.config import TrainConfig

    config = TrainConfig.from_dict(data, where, path)
    try:
        return config.validate()
    except UserError as exc:
        raise UserError(f"{where}: {path + ': ' if path else ''}{exc}") from None


_RUN_STATUS = Record({}, {"status": Str(), "message": Str(), "epochs_done": Int(0), "epochs": Int(0),
                          "fingerprint": Str(), "class_names": ListOf(Str()), "dataset_name": Str(),
                          "dataset_root": Str(), "model": Str(), "device": Str(),
                          "best_epoch": Nullable(Int(0)), "updated": Nullable(Num()), "global_step": Int(0),
                          "warnings": ListOf(Record({"message": Str()}, {"kind": Str()}))})


def run_status(status: object, where: Path) -> dict:
    """``run.json`` after validation."""
    from aigc_desktop.core.guards import display

    return validate(status, _RUN_STATUS, display(where))


def run_history(history: object, where: Path) -> list:
    """``history.json`` after validation."""
    from aigc_desktop.core.guards import display

    return validate(history, _HISTORY, display(where))
