"""The metric keys of an evaluation (``aigc-metrics/2``), flat, each with its readable name, its
direction and how it was computed: the one table that reports, the comparison, the model card, the
CLI and the GUI read (the GUI translates ``label`` in the "Metrics" context, where lupdate finds it
through ``QT_TRANSLATE_NOOP``); the README lists the same keys."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from aigc_desktop.core.evaluation.classes import CONFIDENT, MIN_SHARE
from aigc_desktop.core.evaluation.hallucination import MIXED, UNSURE
from aigc_desktop.core.evaluation.memorisation import FEATURE_RATIO, MAX_SHIFT, PIXEL_RATIO
from aigc_desktop.core.quality.registry import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class MetricInfo:
    key: str
    label: str  # readable name (English; the GUI translates it in the "Metrics" context)
    higher_is_better: bool
    percent: bool  # a share, shown as a percentage
    note: str  # how it is computed
    # a bootstrap resample biases it (repeated items raise FD, KID and KL; items left out lower what the samples
    # cover): its interval is recentred on the estimate
    resampling_bias: bool = False
    bounds: tuple = (None, None)  # the values it can take; intervals are clipped to them
    # a value that is best, with both sides worse (C_T: below it copies, above it underfits); the
    # verdict then asks which of two values is nearer to it, and ``higher_is_better`` is unused
    best: Optional[float] = None

    @property
    def direction(self) -> str:
        if self.best is not None:
            return QT_TRANSLATE_NOOP("Metrics", "closer to 0 is better") if self.best == 0 else \
                f"closer to {self.best:g} is better"
        if self.higher_is_better:
            return QT_TRANSLATE_NOOP("Metrics", "higher is better")
        return QT_TRANSLATE_NOOP("Metrics", "lower is better")

    @property
    def heading(self) -> str:
        """The label with its direction, as tables head a row: "local FD (lower is better)"."""
        return f"{self.label} ({self.direction})"

    def clip(self, interval: Optional[list]) -> Optional[list]:
        if interval is None:
            return None
        low, high = self.bounds
        out = []
        for v in interval:
            v = v if low is None else max(v, low)
            out.append(v if high is None else min(v, high))
        return out


SHARE, EXCESS, NONNEGATIVE, AT_MOST_ONE = (0.0, 1.0), (-1.0, 1.0), (0.0, None), (None, 1.0)

METRICS = (
    MetricInfo("label_consistency", QT_TRANSLATE_NOOP("Metrics", "label consistency"), True, True,
               "conditional models: share of samples generated for class c that the classifier, trained on "
               "trusted data, assigns to c (chance: 1 / classes; the real floor is its accuracy on held-out real)",
               bounds=SHARE),
    MetricInfo("hallucination_offmanifold", QT_TRANSLATE_NOOP("Metrics", "off-manifold hallucination"), False, True,
               "share of samples outside every real item's k-NN ball (local radii) in the features or in pixels, or "
               "with an image statistic outside the range of 99% of real images, minus the share of held-out real "
               "items of the same classes; low fidelity, such as blur", bounds=EXCESS),
    MetricInfo("hallucination_semantic", QT_TRANSLATE_NOOP("Metrics", "semantic hallucination"), False, True,
               f"share of samples that are off-manifold and that the classifier cannot place (top probability "
               f"< {UNSURE}) or places in two classes (second probability > {MIXED}), minus the same share of "
               f"held-out real items of the same classes", bounds=EXCESS),
    MetricInfo("memorisation_rate", QT_TRANSLATE_NOOP("Metrics", "memorisation rate"), False, True,
               f"share of samples far nearer to one training image than that image is to any other: feature "
               f"space (ratio < {FEATURE_RATIO}) or pixels with shifts of up to ±{MAX_SHIFT} px (ratio < "
               f"{PIXEL_RATIO}); the real floor is the share of held-out real images flagged the same way",
               bounds=SHARE),
    MetricInfo("ct_score", QT_TRANSLATE_NOOP("Metrics", "data-copying C_T"), True, False,
               "Meehan et al. 2020: mean z-score over k-means cells of 'samples are farther from the training "
               "set than held-out real items'; below about -3 means copying, about 0 is real data, above it "
               "the samples stay farther from the training images than real data does (underfitting)", best=0.0),
    MetricInfo("local_fd", QT_TRANSLATE_NOOP("Metrics", "local FD"), False, False,
               "Fréchet distance between Gaussians fitted to real and generated features (Heusel et al. 2017's "
               "formula) on the local features, normalised by the real features' RMS; 0 = same mean and covariance",
               resampling_bias=True, bounds=NONNEGATIVE),
    MetricInfo("local_kid", QT_TRANSLATE_NOOP("Metrics", "local KID"), False, False,
               "unbiased MMD^2 with the cubic polynomial kernel (Bińkowski et al. 2018) on the normalised local "
               "features; about 0 for two draws of the same data", resampling_bias=True),
    MetricInfo("precision", QT_TRANSLATE_NOOP("Metrics", "precision"), True, True,
               "k-NN precision (Kynkäänniemi et al. 2019): share of samples inside some real item's k-NN ball",
               bounds=SHARE),
    MetricInfo("recall", QT_TRANSLATE_NOOP("Metrics", "recall"), True, True,
               "k-NN recall (Kynkäänniemi et al. 2019): share of real items inside some sample's k-NN ball",
               resampling_bias=True, bounds=SHARE),
    MetricInfo("density", QT_TRANSLATE_NOOP("Metrics", "density"), True, False,
               "Naeem et al. 2020: mean number of real k-NN balls holding a sample, over k (about 1 for real data)",
               bounds=NONNEGATIVE),
    MetricInfo("coverage", QT_TRANSLATE_NOOP("Metrics", "coverage"), True, True,
               "Naeem et al. 2020: share of real items whose k-NN ball holds a sample", resampling_bias=True,
               bounds=SHARE),
    MetricInfo("alpha_precision", QT_TRANSLATE_NOOP("Metrics", "α-precision"), True, False,
               "Alaa et al. 2022: 1 - 2 x the area between the α-precision curve and the diagonal (1 is best)",
               bounds=AT_MOST_ONE),
    MetricInfo("beta_recall", QT_TRANSLATE_NOOP("Metrics", "β-recall"), True, False,
               "Alaa et al. 2022: 1 - 2 x the area between the β-recall curve and the diagonal",
               resampling_bias=True, bounds=AT_MOST_ONE),
    MetricInfo("class_coverage", QT_TRANSLATE_NOOP("Metrics", "class coverage"), True, True,
               f"share of the real classes holding at least {MIN_SHARE:.0%} of the samples the real class "
               f"histogram gives them (and at least 2), classified with probability >= {CONFIDENT}", bounds=SHARE),
    MetricInfo("class_kl", QT_TRANSLATE_NOOP("Metrics", "class KL"), False, False,
               "KL(real || samples) between the class histograms (the classifier's answers), add-half smoothed",
               resampling_bias=True, bounds=NONNEGATIVE),
)
BY_KEY = {m.key: m for m in METRICS}
KEYS = tuple(m.key for m in METRICS)


def info(key: str) -> Optional[MetricInfo]:
    return BY_KEY.get(key)


def show(key: str, value: Optional[float]) -> str:
    """A value as a person reads it: shares as percentages, the rest to four significant digits."""
    if value is None or value != value:
        return "n/a"
    meta = BY_KEY.get(key)
    return f"{100 * value:.1f}%" if meta is not None and meta.percent else f"{value:.4g}"
