"""Which settings a run's hyper-parameter table shows, and which differ between runs."""
from aigc_desktop.core.training.config import default_config
from aigc_desktop.core.training.hyperparameters import columns, hyperparameters


def test_a_runs_settings_in_order_without_bookkeeping_or_other_models_settings():
    vae = hyperparameters(default_config("vae", epochs=5).to_dict())
    assert list(vae)[:3] == ["model", "conditional", "image_size"]
    assert vae["epochs"] == 5 and vae["beta"] == 1.0
    assert "gan_loss" not in vae and "gp_weight" not in vae
    assert not {"event_interval_s", "n_samples", "num_threads"} & set(vae)
    gan = hyperparameters(default_config("gan").to_dict())
    assert gan["gan_loss"] == "hinge" and "beta" not in gan and "gp_weight" not in gan
    wgan = hyperparameters(default_config("gan", gan_loss="wgan-gp").to_dict())
    assert wgan["gp_weight"] == 10.0 and wgan["adam_beta1"] == 0.0
    diffusion = hyperparameters(default_config("diffusion", objective="ddpm").to_dict())
    assert diffusion["objective"] == "ddpm" and diffusion["solver"] == "ddim" and diffusion["guidance"] > 0
    assert not {"latent_dim", "beta", "gan_loss"} & set(diffusion)
    assert list(diffusion).index("objective") < list(diffusion).index("adam_beta1")  # in the table's order
    assert "objective" not in vae and "guidance" not in gan


def test_new_fields_show_after_the_known_ones():
    config = {**default_config("vae").to_dict(), "model": "diffusion", "timesteps": 1000}
    shown = hyperparameters(config)
    assert list(shown)[-1] == "timesteps" and "beta" not in shown


def test_each_model_family_shows_only_the_settings_it_reads():
    base = default_config("vae").to_dict()
    family = {"decoder_width": 16, "kl_warmup_steps": 500, "free_bits": 0.0, "fitted_prior": True,
              "d_lr": 4e-3, "d_width": 32, "spectral_norm": True, "self_condition": 20,
              "objective": "flow", "solver": "euler", "sampler_steps": 20, "guidance": 2.0,
              "label_dropout": 0.1, "ema_decay": 0.999, "max_seconds": 60.0, "compile": False}
    vae_only = {"beta", "decoder_width", "kl_warmup_steps", "free_bits", "fitted_prior"}
    gan_only = {"gan_loss", "d_lr", "d_width", "spectral_norm"}
    diffusion_only = {"objective", "solver", "sampler_steps", "guidance", "label_dropout"}
    shown = {m: set(hyperparameters({**base, **family, "model": m})) for m in ("vae", "gan", "diffusion")}
    assert vae_only <= shown["vae"] and not (gan_only | diffusion_only | {"self_condition"}) & shown["vae"]
    assert gan_only <= shown["gan"] and not (vae_only | diffusion_only) & shown["gan"]
    assert diffusion_only <= shown["diffusion"] and not (vae_only | gan_only) & shown["diffusion"]
    # clusters of the images condition an unconditional GAN or diffusion model; a conditional one has labels
    assert "self_condition" in shown["gan"] and "self_condition" in shown["diffusion"]
    for m in ("gan", "diffusion"):
        assert "self_condition" not in hyperparameters({**base, **family, "model": m, "conditional": True})
    assert "latent_dim" not in shown["diffusion"] and "latent_dim" in shown["gan"]  # diffusion has no latent
    for every in shown.values():  # shared settings, and no bookkeeping
        assert {"ema_decay", "max_seconds", "lr"} <= every and "compile" not in every
    # known fields keep the table's order, whatever order the config lists them in
    order = list(hyperparameters({**family, **base, "model": "vae"}))
    assert order.index("beta") < order.index("kl_warmup_steps") < order.index("ema_decay") < order.index("seed")


def test_columns_of_several_runs_and_only_the_differences():
    a = default_config("vae", epochs=5, seed=1).to_dict()
    b = default_config("vae", epochs=10, seed=1).to_dict()
    c = default_config("gan", epochs=10, seed=1).to_dict()
    assert columns([a, b], only_differences=True) == ["epochs"]
    every = columns([a, c])
    assert "beta" in every and "gan_loss" in every  # each model's own settings
    differ = columns([a, b, c], only_differences=True)
    assert {"model", "epochs", "beta", "gan_loss", "lr", "latent_dim"} <= set(differ)
    assert "seed" not in differ and "image_size" not in differ
    assert columns([a], only_differences=True) == columns([a])  # one run: nothing to compare, show all
