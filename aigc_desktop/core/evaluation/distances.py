"""Nearest-neighbour distances between feature (or pixel) vectors, chunked so memory stays small."""
from __future__ import annotations

import numpy as np

CHUNK = 1024


def _torch_rows(x):
    import torch

    return torch.as_tensor(np.ascontiguousarray(x, np.float32))


def knn_distances(query: np.ndarray, reference: np.ndarray, k: int = 1,
                  exclude_self: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Euclidean distances (N, k) from each ``query`` row to its ``k`` nearest ``reference`` rows,
    ascending, and their indices (N, k). ``exclude_self``: query is reference, skip the diagonal."""
    import torch

    q, r = _torch_rows(query), _torch_rows(reference)
    k_eff = min(k, len(r) - (1 if exclude_self else 0))
    if k_eff < 1:
        raise ValueError("not enough reference rows for a nearest-neighbour distance")
    dist_out = np.empty((len(q), k_eff), np.float32)
    idx_out = np.empty((len(q), k_eff), np.int64)
    r_sq = (r * r).sum(1)
    for start in range(0, len(q), CHUNK):
        block = q[start:start + CHUNK]
        # |a-b|^2 = |a|^2 + |b|^2 - 2ab, clamped: rounding can make it slightly negative
        d2 = ((block * block).sum(1, keepdim=True) + r_sq[None, :] - 2.0 * block @ r.T).clamp_min_(0.0)
        if exclude_self:
            rows = torch.arange(len(block))
            d2[rows, rows + start] = float("inf")
        _, index = torch.topk(d2, k_eff, dim=1, largest=False)
        # the expansion above loses precision for near-equal rows: recompute the chosen k exactly
        exact = (block[:, None, :] - r[index]).norm(dim=2)
        exact, order = exact.sort(dim=1)
        dist_out[start:start + len(block)] = exact.numpy()
        idx_out[start:start + len(block)] = index.gather(1, order).numpy()
    return dist_out, idx_out


def count_within(query: np.ndarray, reference: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """(N_query, ) how many reference balls ``|q - reference[j]| <= radii[j]`` contain each query row."""
    import torch

    q, r = _torch_rows(query), _torch_rows(reference)
    rad2 = torch.as_tensor(np.asarray(radii, np.float32)) ** 2
    r_sq = (r * r).sum(1)
    out = np.empty(len(q), np.int64)
    for start in range(0, len(q), CHUNK):
        block = q[start:start + CHUNK]
        d2 = ((block * block).sum(1, keepdim=True) + r_sq[None, :] - 2.0 * block @ r.T).clamp_min_(0.0)
        out[start:start + len(block)] = (d2 <= rad2[None, :]).sum(1).numpy()
    return out
