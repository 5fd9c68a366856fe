"""Nearest neighbours by cosine similarity, blockwise so memory stays bounded at 100k+ items.

The duplicate, conflict, outlier and label checks all read one k-nearest-neighbour graph over the
standardised thumbnails, projected onto their leading principal components and scaled back to unit
length, so that dot products approximate the thumbnails' correlations. What a projection loses
(its residual energy) is itself a measure of how unlike the dataset an item is (outliers.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from aigc_desktop.core.jobs import CancelToken

PCA_DIMS = 64
PCA_SAMPLE = 5000
BLOCK_BYTES = 64 << 20


@dataclass
class Neighbors:
    index: np.ndarray       # int64 (N, k), -1 where there is no neighbour
    similarity: np.ndarray  # float32 (N, k), descending per row; -inf where there is no neighbour


def embed(thumbs: np.ndarray, valid: np.ndarray, remainder: Optional[np.ndarray] = None,
          dims: int = PCA_DIMS, seed: int = 0, chunk: int = 8192) -> tuple[np.ndarray, np.ndarray]:
    """(unit-length projections (N, dims) float32, residual energy (N,) float32) of thumbnails.

    The principal directions are fitted (uncentred) on a sample of the valid standardised
    thumbnails, O(sample * D^2); projecting goes chunk by chunk, so only (N, dims) is ever held.
    Invalid rows get zeros and residual 1. ``remainder`` (N, 2): sub-pixel shifts that complete
    the thumbnails' alignment (features.aligned_thumbnails), applied here and only here, since
    interpolating softens every thumbnail alike and would blur the duplicate verification.
    """
    from aigc_desktop.core.quality.features import shift_images, standardized

    def aligned(part: np.ndarray) -> np.ndarray:
        t = thumbs[part].astype(np.float32)
        if remainder is None:
            return t
        fill = np.median(t.reshape(len(t), -1), axis=1)
        return shift_images(t, remainder[part, 0], remainder[part, 1], fill)

    n = len(thumbs)
    d = int(np.prod(thumbs.shape[1:]))
    rows = np.flatnonzero(valid)
    dims = min(dims, d)
    out = np.zeros((n, dims), np.float32)
    residual = np.ones(n, np.float32)
    if len(rows) == 0:
        return out, residual
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(rows, PCA_SAMPLE, replace=False)) if len(rows) > PCA_SAMPLE else rows
    x = standardized(aligned(sample))
    basis = leading_directions(x.T @ x, dims, rng)
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        projected = standardized(aligned(part)) @ basis
        norm2 = (projected * projected).sum(axis=1)
        out[part], _ = unit_rows(projected)
        # zero rows (blank images) have no energy at all: they resemble nothing
        residual[part] = np.where(norm2 > 0, 1.0 - np.minimum(norm2, 1.0), 1.0)
    return out, residual


def leading_directions(gram: np.ndarray, dims: int, rng: np.random.Generator, power: int = 3) -> np.ndarray:
    """The ``dims`` leading eigenvectors (D, dims) float32 of a symmetric PSD matrix, by subspace
    iteration (Halko, Martinsson & Tropp 2011). Only matrix products and thin QRs: a full
    ``eigh`` of 1024x1024 takes seconds when several processes share two cores (LAPACK's threads
    spin), this takes tens of milliseconds."""
    d = gram.shape[0]
    width = min(d, dims + 16)
    q = _orthonormal(gram @ rng.standard_normal((d, width)).astype(gram.dtype))
    for _ in range(power):
        q = _orthonormal(gram @ q)
    small = q.T @ gram @ q
    values, vectors = np.linalg.eigh(small.astype(np.float64))
    order = np.argsort(values)[::-1][:dims]
    return np.ascontiguousarray(q @ vectors[:, order].astype(q.dtype), np.float32)


def _orthonormal(y: np.ndarray) -> np.ndarray:
    """An orthonormal basis of y's (few) columns by Gram-Schmidt, repeated once for accuracy
    (LAPACK's QR and eigh crawl when several processes share two cores: their threads spin)."""
    q = np.zeros_like(y)
    for j in range(y.shape[1]):
        v = y[:, j].copy()
        for _ in range(2):
            v -= q[:, :j] @ (q[:, :j].T @ v)
        norm = np.linalg.norm(v)
        if norm > 1e-8:
            q[:, j] = v / norm
    return q


def unit_rows(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rows scaled to unit norm, their original norms); zero rows stay zero."""
    norm = np.linalg.norm(vectors, axis=1)
    return np.divide(vectors, norm[:, None], out=np.zeros_like(vectors), where=norm[:, None] > 1e-6), norm


def knn(vectors: np.ndarray, k: int, valid: Optional[np.ndarray] = None,
        cancel: Optional[CancelToken] = None) -> Neighbors:
    """The ``k`` most similar other valid rows of each valid row (by dot product), block by block.

    numpy up to TORCH_FROM rows (importing torch costs more than it saves there), torch's
    multi-threaded top-k beyond.
    """
    n = len(vectors)
    valid = np.ones(n, bool) if valid is None else np.asarray(valid, bool)
    rows = np.flatnonzero(valid)
    m = len(rows)
    index = np.full((n, k), -1, np.int64)
    sim = np.full((n, k), -np.inf, np.float32)
    kk = min(k, m - 1)
    if kk <= 0:
        return Neighbors(index, sim)
    base = np.ascontiguousarray(vectors[rows], np.float32)
    block = int(max(32, min(4096, BLOCK_BYTES // (4 * m))))
    top = _torch_top if m > TORCH_FROM else _numpy_top
    for start in range(0, m, block):
        if cancel is not None:
            cancel.raise_if_cancelled()
        stop = min(m, start + block)
        top_s, top_i = top(base, start, stop, kk)
        index[rows[start:stop], :kk] = rows[top_i]
        sim[rows[start:stop], :kk] = top_s
    return Neighbors(index, sim)


TORCH_FROM = 20000


def _numpy_top(base: np.ndarray, start: int, stop: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    s = base[start:stop] @ base.T
    s[np.arange(stop - start), np.arange(start, stop)] = -np.inf
    part = np.argpartition(s, s.shape[1] - k, axis=1)[:, -k:]
    part_s = np.take_along_axis(s, part, axis=1)
    order = np.argsort(-part_s, axis=1, kind="stable")
    return np.take_along_axis(part_s, order, axis=1), np.take_along_axis(part, order, axis=1)


def _torch_top(base: np.ndarray, start: int, stop: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    import torch

    with torch.inference_mode():
        t = torch.from_numpy(base)
        s = t[start:stop] @ t.T
        s[torch.arange(stop - start), torch.arange(start, stop)] = -float("inf")
        top_s, top_i = torch.topk(s, k, dim=1)
    return top_s.numpy(), top_i.numpy()
