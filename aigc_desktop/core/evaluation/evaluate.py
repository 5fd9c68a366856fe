"""All offline metrics of generated samples against real images, as one JSON-ready dict.

Every number carries a line in ``notes`` saying how it was computed, so a metrics file read months
later (or by someone else) explains itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

from aigc_desktop.core.evaluation.features import FEATURE_DIM, FeatureExtractor
from aigc_desktop.core.evaluation.hallucination import LOW_CONFIDENCE, PERCENTILE, Hallucination, hallucination
from aigc_desktop.core.evaluation.memorisation import RATIO, Memorisation, memorisation, thumbnails
from aigc_desktop.core.evaluation.metrics import LOCAL_NOTE, frechet_distance, kernel_inception_distance
from aigc_desktop.core.evaluation.prdc import prdc

METRICS_SCHEMA = "aigc-metrics/1"

NOTES = {
    "local_fd": LOCAL_NOTE + "; Fréchet distance between Gaussians fitted to real and generated features "
                "(Heusel et al. 2017's formula); 0 = same mean and covariance, lower is better",
    "local_kid": LOCAL_NOTE + "; unbiased MMD^2 with the cubic polynomial kernel (Bińkowski et al. 2018), "
                 "mean and std over random subsets; lower is better",
    "precision_recall_density_coverage": "Naeem et al. 2020 (ICML) on the same local features, k nearest "
                                         "neighbours as given; precision/density = fidelity, "
                                         "recall/coverage = diversity; higher is better",
    "hallucination": f"share of samples off the real data's manifold: nearest real item farther than the "
                     f"{PERCENTILE:.0f}th percentile of real items' own nearest-real distances, in the local "
                     f"feature space or in pixel space (<=32x32 thumbnails; feature_rate, pixel_rate separately); "
                     f"real_baseline_rate: the same rule on the real items, 5-10% by construction; "
                     f"low_confidence_rate: share the local classifier scores below {LOW_CONFIDENCE} softmax "
                     f"(labelled data only); lower is better",
    "memorisation": f"share of samples closer (pixel L2 on <=32x32 thumbnails) to a training image than "
                    f"{RATIO:.2f} x the median distance between distinct training images; each memorised "
                    f"sample is linked to its training item and, where the scan put that item in a duplicate "
                    f"group, to the group; near-constant (blank) training images are not matched; "
                    f"real_baseline_rate: the same test on held-out real images; pixel distance misses "
                    f"shifted copies; lower is better",
    "class_coverage": "share of classes the local classifier finds (softmax >= 0.5) among the samples, "
                      "with the count per class (labelled data only); higher is better",
}


@dataclass
class Evaluation:
    metrics: dict
    hallucination: Hallucination
    memorisation: Optional[Memorisation]


def class_coverage(probabilities: np.ndarray, class_names: list, confidence: float = LOW_CONFIDENCE) -> dict:
    predicted = probabilities.argmax(1)
    sure = probabilities.max(1) >= confidence
    counts = np.bincount(predicted[sure], minlength=len(class_names))
    return {"coverage": float((counts > 0).mean()), "classes_found": int((counts > 0).sum()),
            "n_classes": len(class_names),
            "counts": {str(name): int(c) for name, c in zip(class_names, counts)}}


def evaluate_samples(samples: np.ndarray, real: np.ndarray, extractor: FeatureExtractor,
                     train_images: Optional[np.ndarray] = None, train_item_ids: Optional[Sequence[int]] = None,
                     paths: Optional[dict] = None, scan_result=None, held_out_for_baseline: Optional[np.ndarray] = None,
                     k: int = 5, kid_subsets: int = 10, seed: int = 0,
                     real_features: Optional[np.ndarray] = None) -> Evaluation:
    """Metrics of uint8 ``samples`` against uint8 ``real`` (same size and channels).

    ``train_images`` (the generator's training set) enables memorisation; without it that entry is None.
    """
    real_f = extractor.features(real) if real_features is None else real_features
    fake_f = extractor.features(samples)
    probs = extractor.probabilities(samples)
    kid_mean, kid_std = kernel_inception_distance(real_f, fake_f, kid_subsets, seed=seed)
    pr = prdc(real_f, fake_f, k)
    hall = hallucination(real_f, fake_f, probs, thumbnails(real), thumbnails(samples))
    memo = None
    if train_images is not None:
        memo = memorisation(train_images, samples, item_ids=train_item_ids, paths=paths, scan_result=scan_result,
                            held_out=held_out_for_baseline)
    metrics = {
        "schema": METRICS_SCHEMA,
        "n_samples": int(len(samples)), "n_real": int(len(real)),
        "n_train": None if train_images is None else int(len(train_images)),
        "feature_extractor": {"kind": extractor.kind, "dim": FEATURE_DIM, "fingerprint": extractor.fingerprint,
                              "classes": len(extractor.class_names), "accuracy": extractor.train_accuracy},
        "local_fd": frechet_distance(real_f, fake_f),
        "local_kid": {"mean": kid_mean, "std": kid_std},
        **pr.to_dict(),
        "hallucination": hall.to_dict(),
        "memorisation": None if memo is None else memo.to_dict(),
        "class_coverage": None if probs is None else class_coverage(probs, extractor.class_names),
        "notes": dict(NOTES, feature_extractor=(
            "a small CNN trained here on the real data as classifier of its labels and autoencoder at once "
            "(features: its 64-d code)" if extractor.kind == "classifier" else
            "a small convolutional autoencoder trained here on the real data (features: its 64-d code)")
            + "; inputs resized to 32x32; no downloaded weights"),
    }
    return Evaluation(metrics, hall, memo)
