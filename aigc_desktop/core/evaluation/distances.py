"""Euclidean distances between feature (or pixel) vectors, chunked so memory stays small.

Every distance in the evaluation goes through :func:`distance_blocks`, in float64: a radius and a
membership test ("is this sample inside that ball?") then compare numbers computed the same way, so
an exact copy of a real item is never pushed in or out of a ball by round-off in one of the two.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np

CHUNK = 1024


def _rows(x, dtype):
    import torch

    return torch.as_tensor(np.ascontiguousarray(x, dtype))


def distance_blocks(query: np.ndarray, reference: np.ndarray, chunk: int = CHUNK,
                    dtype=np.float64) -> Iterator[tuple[int, object]]:
    """(start, torch (rows, N_reference)) blocks of the distance matrix, ``chunk`` query rows at a time.
    ``dtype`` float32 only where nothing but a ranking is needed (candidate searches)."""
    q, r = _rows(query, dtype), _rows(reference, dtype)
    r_sq = (r * r).sum(1)
    for start in range(0, len(q), chunk):
        block = q[start:start + chunk]
        # |a-b|^2 = |a|^2 + |b|^2 - 2ab; in float64 the round-off is ~1e-16 |a|^2, clamped at 0
        d2 = ((block * block).sum(1, keepdim=True) + r_sq[None, :] - 2.0 * block @ r.T).clamp_min_(0.0)
        yield start, d2.sqrt_()


def knn_distances(query: np.ndarray, reference: np.ndarray, k: int = 1, exclude_self: bool = False,
                  dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """float64 distances (N, k) from each ``query`` row to its ``k`` nearest ``reference`` rows,
    ascending, and their indices (N, k). ``exclude_self``: query is reference, skip the diagonal."""
    import torch

    n_ref = len(reference)
    k_eff = min(k, n_ref - (1 if exclude_self else 0))
    if k_eff < 1:
        raise ValueError("not enough reference rows for a nearest-neighbour distance")
    dist_out = np.empty((len(query), k_eff), np.float64)
    idx_out = np.empty((len(query), k_eff), np.int64)
    for start, d in distance_blocks(query, reference, dtype=dtype):
        if exclude_self:
            rows = torch.arange(len(d))
            d[rows, rows + start] = float("inf")
        values, index = torch.topk(d, k_eff, dim=1, largest=False, sorted=True)
        dist_out[start:start + len(d)] = values.numpy()
        idx_out[start:start + len(d)] = index.numpy()
    return dist_out, idx_out


def kth_neighbour_radii(points: np.ndarray, k: int) -> np.ndarray:
    """Distance from each row to its k-th nearest other row (the k-NN ball's radius)."""
    return knn_distances(points, points, k, exclude_self=True)[0][:, -1]


def ball_pairs(query: np.ndarray, centres: np.ndarray, radii: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(query rows, centre rows) of every pair with ``|q - centres[j]| < radii[j]``: strictly inside,
    as in the reference PRDC code."""
    import torch

    rad = torch.as_tensor(np.asarray(radii, np.float64))
    rows, cols = [], []
    for start, d in distance_blocks(query, centres):
        r, c = torch.nonzero(d < rad[None, :], as_tuple=True)
        rows.append(r.numpy() + start)
        cols.append(c.numpy())
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(rows), np.concatenate(cols)


def ball_membership(query: np.ndarray, centres: np.ndarray, radii: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(how many balls hold each query row (N_query,), whether each ball holds some query row (N_centres,))."""
    rows, cols = ball_pairs(query, centres, radii)
    return np.bincount(rows, minlength=len(query)), np.bincount(cols, minlength=len(centres)) > 0
