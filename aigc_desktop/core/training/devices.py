"""Which device trains: CUDA, then Apple MPS, then the CPU.

Imported by the GUI at start-up, so torch is imported inside the functions only.
"""
from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Optional

from aigc_desktop.core.errors import UserError


@dataclass(frozen=True)
class DeviceInfo:
    kind: str  # "cuda" | "mps" | "cpu"
    name: str  # "NVIDIA H200", "CPU (16 threads)"
    memory_total_mb: Optional[float]
    torch_version: str
    threads: Optional[int] = None  # CPU threads, for the CPU


def _mps_available(torch) -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend and backend.is_available())


def select_device(preference: str = "auto"):
    """The torch.device for ``preference`` ("auto", "cuda", "cuda:1", "mps" or "cpu").

    An explicit request for a device that is not there is the user's mistake, not a silent fallback.
    """
    import torch

    preference = (preference or "auto").lower()
    if preference == "auto":
        if torch.cuda.is_available():
            local_rank = int(os.environ.get("LOCAL_RANK", 0))  # one GPU per torchrun process
            return torch.device("cuda", local_rank % torch.cuda.device_count())
        if _mps_available(torch):
            return torch.device("mps")
        return torch.device("cpu")
    if preference.startswith("cuda") and not torch.cuda.is_available():
        raise UserError("CUDA was requested but no CUDA device is available (try --device cpu)")
    if preference == "mps" and not _mps_available(torch):
        raise UserError("MPS was requested but this machine has no Apple GPU backend")
    try:
        return torch.device(preference)
    except RuntimeError as exc:
        raise UserError(f"unknown device {preference!r}") from exc


def quick_probe() -> Optional[DeviceInfo]:
    """The device "auto" picks, without importing torch, when the installed torch can only use the
    CPU (a CPU build, not on macOS); None when only torch can tell (:func:`probe_device`)."""
    from aigc_desktop.core.training.torch_loader import build_accelerators, torch_version_text

    if sys.platform == "darwin" or build_accelerators() != set():
        return None
    threads = os.cpu_count() or 1
    return DeviceInfo("cpu", f"CPU ({threads} threads)", None, torch_version_text(), threads)


_THREADS_LOCK = threading.Lock()
_threads_users = 0  # blocks inside torch_threads now, in any Python thread
_threads_before = 1  # torch's thread count when the first of them began


@contextmanager
def torch_threads(n: int):
    """torch's intra-op CPU threads set to ``n`` inside the block (also across the ``yield``s of a job),
    and set back when the last such block ends: torch's count is one for the whole process, so two
    evaluations in two job threads must not each restore what the other set. For work made of many
    small operations (the evaluation's small network, its distance blocks and 64x64 matrices), where
    threads cost more in synchronisation than they save: with two threads on a busy 2-core machine
    a step takes several times the CPU time of one thread."""
    import torch

    global _threads_users, _threads_before
    with _THREADS_LOCK:
        if _threads_users == 0:
            _threads_before = torch.get_num_threads()
        _threads_users += 1
        torch.set_num_threads(max(1, int(n)))
    try:
        yield
    finally:
        with _THREADS_LOCK:
            _threads_users -= 1
            if _threads_users == 0:
                torch.set_num_threads(_threads_before)


def probe_device(preference: str = "auto") -> DeviceInfo:
    from aigc_desktop.core.training.torch_loader import import_torch

    torch = import_torch()
    device = select_device(preference)
    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        return DeviceInfo("cuda", props.name, props.total_memory / 2**20, torch.__version__)
    if device.type == "mps":
        return DeviceInfo("mps", "Apple GPU (MPS)", None, torch.__version__)
    threads = torch.get_num_threads()
    return DeviceInfo("cpu", f"CPU ({threads} threads)", None, torch.__version__, threads)


def memory_used_mb(device) -> Optional[float]:
    """Memory held by tensors on ``device`` in MiB; None where torch cannot tell (the CPU)."""
    import torch

    device = torch.device(device)
    if device.type == "cuda":
        return torch.cuda.memory_allocated(device) / 2**20
    if device.type == "mps":
        try:
            return torch.mps.current_allocated_memory() / 2**20
        except (AttributeError, RuntimeError):
            return None
    return None


def free_memory_bytes(device) -> Optional[int]:
    """Free memory on ``device`` (None on the CPU, where the dataset stays in RAM anyway)."""
    import torch

    device = torch.device(device)
    if device.type == "cuda":
        free, _total = torch.cuda.mem_get_info(device)
        return int(free)
    return None
