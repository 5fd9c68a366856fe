"""Data-parallel training under ``torchrun``: detection from the environment, sharding, wrapping."""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class DistContext:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    owns_group: bool = False  # whether we created the process group (and so destroy it)

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def enabled(self) -> bool:
        return self.world_size > 1


def is_main_process() -> bool:
    """Rank 0 of a torchrun launch (from its environment, before any process group exists), or a
    plain single process: the one that writes."""
    return int(os.environ.get("RANK", "0")) == 0


def init_distributed(use_cuda: bool) -> DistContext:
    """A process group when launched by torchrun (WORLD_SIZE > 1): NCCL on CUDA, gloo on the CPU."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world <= 1:
        return DistContext()
    import torch.distributed as dist

    owns = False
    if not dist.is_initialized():
        dist.init_process_group("nccl" if use_cuda else "gloo")
        owns = True
    return DistContext(dist.get_rank(), dist.get_world_size(), int(os.environ.get("LOCAL_RANK", 0)), owns)


def shard(permutation, ctx: DistContext):
    """This rank's share of an epoch's permutation; every rank gets the same number of items."""
    if not ctx.enabled:
        return permutation
    per_rank = len(permutation) // ctx.world_size
    return permutation[: per_rank * ctx.world_size][ctx.rank:: ctx.world_size]


def any_rank(flag: bool, ctx: DistContext, device="cpu") -> bool:
    """True on every rank when ``flag`` is true on any (keeps stop decisions in lock-step)."""
    if not ctx.enabled:
        return flag
    import torch
    import torch.distributed as dist

    t = torch.tensor([int(flag)], device=device)  # NCCL reduces CUDA tensors only
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return bool(t.item())


def ddp_wrapper(ctx: DistContext, device):
    if not ctx.enabled:
        return None
    from torch.nn.parallel import DistributedDataParallel

    ids = [device.index] if device.type == "cuda" else None
    return lambda module: DistributedDataParallel(module, device_ids=ids)


def close(ctx: DistContext, finished: bool = True) -> None:
    """Tear the process group down; after a normal finish, first wait until every rank is done.

    Destroying a gloo group while a peer still runs its last collective (or its own teardown)
    aborts that peer with "terminate called without an active exception".
    """
    if ctx.owns_group:
        import torch.distributed as dist

        try:
            if finished:
                dist.barrier()
        finally:
            dist.destroy_process_group()
