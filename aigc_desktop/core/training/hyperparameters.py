"""The hyper-parameters of a run, as a table compares them: the settings that shape the model and
its training, in a fixed order, without bookkeeping (event intervals, grid sizes, thread counts)
and without settings the run's model ignores (β for a GAN, the GAN loss for a VAE). Fields added to
the config later (a new model's settings) appear on their own, after the known ones."""
from __future__ import annotations

from typing import Any

ORDER = ("model", "conditional", "image_size", "channels", "epochs", "max_steps", "max_seconds", "batch_size",
         "lr", "d_lr", "latent_dim", "width", "d_width", "decoder_width", "beta", "kl_warmup_steps", "free_bits",
         "fitted_prior", "gan_loss", "gp_weight", "spectral_norm", "self_condition", "objective", "solver",
         "sampler_steps", "guidance", "label_dropout", "ema_decay", "adam_beta1", "adam_beta2", "weight_decay",
         "val_fraction", "early_stopping_patience", "seed", "device", "amp")
BOOKKEEPING = frozenset({"event_interval_s", "n_samples", "keep_epoch_checkpoints", "num_threads", "collapse_ratio",
                         "max_grad_norm", "n_classes", "compile"})


def _model_is(*models: str):
    return lambda c: c.get("model") in models


# settings only some runs read: field -> whether a run with this config reads it
_ONLY_FOR = {"beta": _model_is("vae"), "decoder_width": _model_is("vae"), "kl_warmup_steps": _model_is("vae"),
             "free_bits": _model_is("vae"), "fitted_prior": _model_is("vae"),
             "gan_loss": _model_is("gan"), "d_lr": _model_is("gan"), "d_width": _model_is("gan"),
             "spectral_norm": _model_is("gan"),
             "self_condition": lambda c: c.get("model") in ("gan", "diffusion") and not c.get("conditional"),
             "gp_weight": lambda c: c.get("model") == "gan" and c.get("gan_loss") == "wgan-gp",
             "latent_dim": _model_is("vae", "gan"),
             "objective": _model_is("diffusion"), "solver": _model_is("diffusion"),
             "sampler_steps": _model_is("diffusion"), "guidance": _model_is("diffusion"),
             "label_dropout": _model_is("diffusion")}


def hyperparameters(config: dict) -> dict[str, Any]:
    """``{field: value}`` of a run's config (a TrainConfig's ``to_dict()``), in table order."""
    known = [k for k in ORDER if k in config]
    rest = sorted(k for k in config if k not in ORDER and k not in BOOKKEEPING)
    return {k: config[k] for k in known + rest if _ONLY_FOR.get(k, lambda c: True)(config)}


def columns(configs: list[dict], only_differences: bool = False) -> list[str]:
    """The fields a table of these runs shows: every field any of them has, in table order; with
    ``only_differences``, those whose value is not the same in every run (a field a run lacks
    counts as different)."""
    rows = [hyperparameters(c) for c in configs]
    fields = [k for k in ORDER if any(k in r for r in rows)]
    fields += sorted({k for r in rows for k in r} - set(fields))
    if only_differences and len(rows) > 1:
        missing = object()
        fields = [k for k in fields if len({repr(r.get(k, missing)) for r in rows}) > 1]
    return fields
