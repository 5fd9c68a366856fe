"""All offline metrics of generated samples against real images, with a real-vs-real floor and a
bootstrap 95% interval beside every number, as one JSON-ready dict (schema ``aigc-metrics/2``).

The held-out real images (never trained on) are split once, with a fixed seed, into a *reference*
that every sample set is measured against and a *floor* set of real images measured exactly as the
samples are: the floor is what a generator that draws real images would score, and the per-class
real baselines of the hallucination rates come from it. Because the split does not depend on the
run, runs measured on the same held-out images share their reference, which pairs their comparison
(``uncertainty.py``).

Every metric is computed from per-item quantities (``prdc``, ``fidelity``, ``hallucination``,
``memorisation``, ``classes``) under item weights; the plain estimate uses weights of one, each
bootstrap replicate a resample's multiplicities. Keys and notes: ``metric_info.py``.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Optional, Sequence

import numpy as np

from aigc_desktop.core.evaluation import classes as cls
from aigc_desktop.core.evaluation import hallucination as hal
from aigc_desktop.core.evaluation import memorisation as mem
from aigc_desktop.core.evaluation.distances import ball_membership, kth_neighbour_radii
from aigc_desktop.core.evaluation.features import FEATURE_DIM, FeatureExtractor
from aigc_desktop.core.evaluation.fidelity import fidelity_items, fidelity_values
from aigc_desktop.core.evaluation.metric_info import BY_KEY, KEYS, METRICS
from aigc_desktop.core.evaluation.metrics import (LOCAL_NOTE, FeatureScale, KernelMMD, Moments, frechet_from_moments,
                                                 kernel_within)
from aigc_desktop.core.evaluation.prdc import K, prdc_items, prdc_values
from aigc_desktop.core.evaluation.uncertainty import REPLICATES, bootstrap_weights, interval

METRICS_SCHEMA = "aigc-metrics/2"
MAX_REFERENCE = 5000  # real items the k-NN metrics compare against (a fixed random subset beyond)
MAX_KERNEL = 1000  # items per side in KID's kernel matrices (the KID paper's subset size)
SPLIT_SEED = 0  # the reference / floor split: fixed, so every run meets the same reference


_CACHE: "OrderedDict[tuple, object]" = OrderedDict()
_CACHE_LOCK = threading.Lock()
CACHE_ENTRIES = 12


def _digest(array: np.ndarray) -> str:
    a = np.ascontiguousarray(array)
    return f"{a.shape}{a.dtype}" + hashlib.blake2b(a.tobytes(), digest_size=16).hexdigest()


def _cached(key: tuple, make):
    """What several evaluations against the same held-out images share (their features, the reference's
    radii, moments and kernel, the floor's measurements, a prepared training set), kept for the last
    few keys: an experiment measures every run against one held-out set."""
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    value = make()
    with _CACHE_LOCK:
        _CACHE[key] = value
        while len(_CACHE) > CACHE_ENTRIES:
            _CACHE.popitem(last=False)
    return value


@dataclass
class Evaluation:
    metrics: dict  # JSON-ready
    memorised: list  # memorisation.MemorisedSample, clearest copies first (empty without training images)


def split_held_out(n_real: int, n_samples: int, seed: int = SPLIT_SEED,
                   max_reference: int = MAX_REFERENCE) -> tuple[np.ndarray, np.ndarray]:
    """(reference rows, floor rows) of ``n_real`` held-out real items: a floor as large as the sample
    set where possible (at most half), the rest the reference (capped)."""
    if n_real < 8:
        raise ValueError("the evaluation needs at least 8 held-out real images")
    order = np.random.default_rng(seed).permutation(n_real)
    n_floor = min(n_samples, n_real // 2)
    return np.sort(order[n_floor:n_floor + max_reference]), np.sort(order[:n_floor])


def _subset(n: int, size: int, seed: int) -> np.ndarray:
    return np.sort(np.random.default_rng(seed).permutation(n)[:size])


class Reference:
    """The held-out real reference and everything about it that every measured set shares: its
    normalised features, k-NN radii, moments, kernel and class shares, under weights of one and
    under its bootstrap weights."""

    def __init__(self, features: np.ndarray, images: np.ndarray, probabilities: Optional[np.ndarray], k: int,
                 replicates: int, seed: int) -> None:
        self.features, self.probabilities, self.k = features, probabilities, k
        self.radii = kth_neighbour_radii(features, k)
        thumbs = mem.thumbnail_images(images)
        # the two other spaces of the off-manifold test: pixels (k-NN balls), and the range of image statistics
        # that nearly all real images fall in
        self.pixels = thumbs.reshape(len(thumbs), -1)
        self.pixel_radii = kth_neighbour_radii(self.pixels, k)
        classes = None if probabilities is None else np.asarray(probabilities).argmax(1)
        self.statistics_range = hal.typical_ranges(hal.image_statistics(thumbs), classes)
        self.weights = {"point": np.ones((1, len(features))),
                        "bootstrap": bootstrap_weights(len(features), replicates, seed, "reference")}
        self.moments = {name: Moments.of(features, w) for name, w in self.weights.items()}
        self.kernel_rows = _subset(len(features), MAX_KERNEL, SPLIT_SEED)
        self.kernel_within = {name: kernel_within(features[self.kernel_rows], w[:, self.kernel_rows])
                              for name, w in self.weights.items()}

    def outside(self, images: np.ndarray, classes: Optional[np.ndarray] = None) -> np.ndarray:
        """bool (N,): the images lie outside every reference item's k-NN ball in pixels, or one of their
        image statistics lies outside the typical range of real images of their class (``classes``: the
        class index each image is counted under; None: every image against all real images)."""
        thumbs = mem.thumbnail_images(images)
        out = ball_membership(thumbs.reshape(len(thumbs), -1), self.pixels, self.pixel_radii)[0] == 0
        return out | hal.outside_ranges(hal.image_statistics(thumbs), self.statistics_range, classes)


@dataclass
class Measured:
    """One set measured against the reference: the samples, or the floor's real images."""

    features: np.ndarray  # normalised
    prdc: object
    fidelity: object
    off: np.ndarray  # bool: off-manifold
    semantic: Optional[np.ndarray]
    group: np.ndarray  # int: the class each item is counted under (0 for unlabelled data)
    classes: Optional[cls.ClassItems]
    copies: Optional[mem.CopyItems]
    ct: Optional[mem.CTItems]
    kid: KernelMMD
    kernel_rows: np.ndarray
    moments: dict = field(default_factory=dict)


def measure(features: np.ndarray, images: np.ndarray, probabilities: Optional[np.ndarray], asked: Optional[np.ndarray],
            reference: Reference, training: Optional[mem.TrainingSet], copy_test: Optional[tuple]) -> Measured:
    """Per-item quantities of one set of normalised ``features`` (and its uint8 ``images``); ``copy_test``:
    C_T's held-out side (``TrainingSet.copy_test`` of the reference)."""
    items = prdc_items(reference.features, features, reference.k, real_radii=reference.radii)
    classes = None
    group = np.zeros(len(features), np.int64)
    if probabilities is not None:
        classes = cls.class_items(probabilities, reference.probabilities, asked)
        group = probabilities.argmax(1) if asked is None else np.where(asked >= 0, asked, probabilities.argmax(1))
    off = ~items.fake_in_real_ball | reference.outside(images, None if probabilities is None else group)
    copies = ct = None
    if training is not None:
        copies = training.match(images, features)
        ct = mem.ct_items(*copy_test, features, copies.feature_distance)
    rows = _subset(len(features), MAX_KERNEL, SPLIT_SEED + 1)
    return Measured(features, items, fidelity_items(reference.features, features), off,
                    hal.semantic_flags(off, probabilities), group, classes, copies, ct,
                    KernelMMD(features[rows], reference.features[reference.kernel_rows]), rows)


def _values(s: Measured, floor: Measured, reference: Reference, n_groups: int, name: str, w: np.ndarray,
            w_floor: np.ndarray) -> tuple[dict, dict, dict]:
    """(metric -> (B,), per-class key -> (B, C), curve name -> (B, L)) of set ``s`` under item weights
    ``w`` and the reference's weights ``name`` ("point" or "bootstrap")."""
    w_ref = reference.weights[name]
    values = prdc_values(s.prdc, w, w_ref)
    if name not in s.moments:
        s.moments[name] = Moments.of(s.features, w)
    values["local_fd"] = frechet_from_moments(s.moments[name], reference.moments[name])
    values["local_kid"] = s.kid.values(w[:, s.kernel_rows], w_ref[:, reference.kernel_rows],
                                       reference.kernel_within[name])
    fidelity, curves = fidelity_values(s.fidelity, w, w_ref)
    values.update(fidelity)
    per_class = {}
    for key, flags, real_flags in (("hallucination_offmanifold", s.off, floor.off),
                                   ("hallucination_semantic", s.semantic, floor.semantic)):
        if flags is None:
            continue
        rates = hal.class_matched_rates(flags, s.group, real_flags, floor.group, n_groups, w, w_floor)
        values[key], per_class[key] = rates["excess"], rates["per_class"]
        values[f"{key}_rate"], values[f"{key}_real_rate"] = rates["rate"], rates["baseline"]
    if s.copies is not None:
        values["memorisation_rate"] = w @ s.copies.flagged / w.sum(1)
        values["ct_score"] = mem.ct_values(s.ct, w)
    if s.classes is not None:
        class_values, class_per_class = cls.class_values(s.classes, w, w_ref)
        values.update(class_values)
        per_class.update(class_per_class)
    return values, per_class, curves


def _class_index(names: Optional[Sequence], class_names: list) -> Optional[np.ndarray]:
    """Class names -> the extractor's class indices; -1 where it has no such class."""
    if names is None or not class_names:
        return None
    index = {str(n): i for i, n in enumerate(class_names)}
    return np.array([index.get(str(v), -1) for v in names], np.int64)


def _scalar(v) -> Optional[float]:
    x = float(v[0])
    return x if np.isfinite(x) else None


def evaluate_samples(samples: np.ndarray, real: np.ndarray, extractor: FeatureExtractor, *,
                     sample_labels: Optional[Sequence] = None, real_labels: Optional[Sequence] = None,
                     train_images: Optional[np.ndarray] = None, train_item_ids: Optional[Sequence[int]] = None,
                     train_features: Optional[np.ndarray] = None, paths: Optional[dict] = None, scan_result=None,
                     real_features: Optional[np.ndarray] = None, seed: int = 0,
                     replicates: int = REPLICATES) -> Evaluation:
    """Metrics of uint8 ``samples`` against held-out uint8 ``real`` images (same size and channels).

    ``sample_labels``: the class name each sample was generated for (conditional models): enables
    label consistency and counts hallucination per asked class. ``real_labels``: the held-out images'
    labels (the floor's label consistency). ``train_images`` (the generator's training set, which
    ``real`` must not overlap) enables memorisation and C_T. ``real_features`` / ``train_features``
    skip recomputing the extractor's features of those images. ``seed`` drives the bootstrap only.
    """
    from aigc_desktop.core.training.devices import torch_threads

    with torch_threads(1):  # many small operations: one thread is faster than two on a busy machine
        return _evaluate_samples(samples, real, extractor, sample_labels, real_labels, train_images, train_item_ids,
                                 train_features, paths, scan_result, real_features, seed, replicates)


def _evaluate_samples(samples, real, extractor, sample_labels, real_labels, train_images, train_item_ids,
                      train_features, paths, scan_result, real_features, seed, replicates) -> Evaluation:
    samples, real = np.asarray(samples), np.asarray(real)
    if len(samples) < 8:
        raise ValueError("the evaluation needs at least 8 samples")
    ref_rows, floor_rows = split_held_out(len(real), len(samples))
    real_key = ("real", extractor.fingerprint, _digest(real))

    def real_outputs():
        raw = extractor.features(real) if real_features is None else np.asarray(real_features)
        return raw, extractor.probabilities(real)

    raw_real, real_probs = _cached(real_key, real_outputs)
    k = min(K, len(ref_rows) - 1, len(samples) - 1, len(floor_rows) - 1)
    ref_key = real_key + (len(floor_rows), k, replicates, seed)
    scale = _cached(ref_key + ("scale",), lambda: FeatureScale.fit(raw_real[ref_rows]))
    reference = _cached(ref_key, lambda: Reference(
        scale(raw_real[ref_rows]), real[ref_rows], None if real_probs is None else real_probs[ref_rows], k,
        replicates, seed))
    fake = scale(extractor.features(samples))
    probs = extractor.probabilities(samples)
    asked = _class_index(sample_labels, extractor.class_names)
    floor_asked = None
    if asked is not None and real_labels is not None:
        floor_asked = _class_index(np.asarray(real_labels, object)[floor_rows], extractor.class_names)
    training, train_key, copy_test = None, None, None
    if train_images is not None:
        train_key = ("training", extractor.fingerprint, _digest(train_images)) + ref_key

        def prepare_training():
            t_features = extractor.features(train_images) if train_features is None else train_features
            prepared = mem.TrainingSet(np.asarray(train_images), scale(t_features))
            return prepared, prepared.copy_test(reference.features)

        training, copy_test = _cached(train_key, prepare_training)

    sample_set = measure(fake, samples, probs, asked, reference, training, copy_test)
    floor_key = ("floor", train_key, floor_asked is not None) + ref_key
    floor_set = _cached(floor_key, lambda: measure(
        scale(raw_real[floor_rows]), real[floor_rows], None if real_probs is None else real_probs[floor_rows],
        floor_asked, reference, training, copy_test))
    n_groups = max(len(extractor.class_names), 1)
    w_s = bootstrap_weights(len(fake), replicates, seed, "samples")
    w_f = bootstrap_weights(len(floor_rows), replicates, seed, "floor")
    ones_s, ones_f = np.ones((1, len(fake))), np.ones((1, len(floor_rows)))
    point, per_class, curves = _values(sample_set, floor_set, reference, n_groups, "point", ones_s, ones_f)
    reps, _, _ = _values(sample_set, floor_set, reference, n_groups, "bootstrap", w_s, w_f)
    floor_point, _, floor_curves = _values(floor_set, floor_set, reference, n_groups, "point", ones_f, ones_f)
    floor_reps, _, _ = _values(floor_set, floor_set, reference, n_groups, "bootstrap", w_f, w_f)

    keys = [key for key in KEYS if key in point]
    names = extractor.class_names or ["all"]
    memorised = []
    if sample_set.copies is not None:
        memorised = mem.memorised_list(sample_set.copies, train_item_ids, paths, scan_result)
    metrics = {
        "schema": METRICS_SCHEMA,
        "n_samples": int(len(samples)), "n_reference": int(len(ref_rows)), "n_floor": int(len(floor_rows)),
        "n_train": None if train_images is None else int(len(train_images)),
        "conditional": asked is not None,
        "feature_extractor": {"kind": extractor.kind, "dim": FEATURE_DIM, "fingerprint": extractor.fingerprint,
                              "classes": len(extractor.class_names), "accuracy": extractor.train_accuracy},
        **{key: _scalar(point[key]) for key in keys},
        "ci95": {key: BY_KEY[key].clip(interval(point[key][0], reps[key], BY_KEY[key].resampling_bias))
                 for key in keys},
        "real_floor": {key: _scalar(floor_point[key]) if key in floor_point else None for key in keys},
        "real_floor_ci95": {key: BY_KEY[key].clip(interval(floor_point[key][0], floor_reps[key],
                                                           BY_KEY[key].resampling_bias))
                            if key in floor_point else None for key in keys},
        "per_class": {key: {str(names[c]): (float(v) if np.isfinite(v) else None) for c, v in enumerate(table[0])}
                      for key, table in per_class.items()},
        "curves": {"levels": sample_set.fidelity.levels.tolist(), **{key: c[0].tolist() for key, c in curves.items()},
                   **{f"{key}_real_floor": c[0].tolist() for key, c in floor_curves.items()}},
        "details": {
            **{key: _scalar(v) for key, v in point.items() if key.endswith("_rate") and key not in KEYS},
            "memorisation_real_rate": _scalar(floor_point["memorisation_rate"]) if training is not None else None,
            "k": k, "n_memorised": len(memorised),
            "from_duplicate_groups": sum(m.duplicate_group is not None for m in memorised),
            "memorised": [m.to_dict() for m in memorised[:200]],
            "ct_cells": None if sample_set.ct is None else sample_set.ct.n_cells,
        },
        "bootstrap": {"replicates": int(replicates), "seed": int(seed),
                      "samples": {key: np.round(reps[key], 7).tolist() for key in keys}},
        "notes": notes(extractor),
    }
    return Evaluation(metrics, memorised)


def notes(extractor: FeatureExtractor) -> dict:
    out = {m.key: m.note for m in METRICS}
    out["local_fd"] = LOCAL_NOTE + "; " + out["local_fd"]
    out["local_kid"] = LOCAL_NOTE + "; " + out["local_kid"]
    out["real_floor"] = ("every metric measured the same way on held-out real images in place of the samples: "
                         "what a generator drawing real images would score")
    out["ci95"] = ("bootstrap 95% percentile intervals (samples, reference and floor resampled; for FD, KID, "
                   "class KL, recall, coverage and β-recall, which resampling itself biases, recentred on the "
                   "estimate)")
    out["feature_extractor"] = (
        ("a small CNN trained here on trusted real data as classifier of its labels and autoencoder at once "
         "(features: its 64-d code)" if extractor.kind == "classifier" else
         "a small convolutional autoencoder trained here on the real data (features: its 64-d code)")
        + "; inputs resized to 32x32; no downloaded weights")
    return out
