"""The VAE and DCGAN modules and their losses (shapes, closed forms, conditioning)."""
import math

import pytest
import torch
import torch.nn.functional as F

from aigc_desktop.core.models.gan import (Discriminator, Generator, discriminator_loss, generator_loss,
                                          gradient_penalty)
from aigc_desktop.core.models.vae import ConvVAE, vae_loss

torch.set_num_threads(1)


@pytest.mark.parametrize("size", [28, 32, 64])
@pytest.mark.parametrize("channels", [1, 3])
def test_shapes_round_trip_for_every_size_and_channel_count(size, channels):
    torch.manual_seed(0)
    x = torch.rand(3, channels, size, size)
    logits, mu, logvar = ConvVAE(channels, size, latent_dim=2)(x)
    assert logits.shape == x.shape and mu.shape == logvar.shape == (3, 2)
    fake = Generator(8, channels, size)(torch.randn(3, 8))
    assert fake.shape == x.shape and fake.abs().max() <= 1
    assert Discriminator(channels, size)(fake).shape == (3,)


def test_unsupported_size_is_refused():
    with pytest.raises(ValueError, match="28, 32 or 64"):
        ConvVAE(1, 48)


def test_conditional_models_use_the_label():
    torch.manual_seed(0)
    vae, gen = ConvVAE(1, 28, 4, n_classes=3), Generator(8, 1, 28, n_classes=3).eval()
    z = torch.randn(2, 4)
    assert not torch.allclose(vae.decode(z, torch.tensor([0, 0])), vae.decode(z, torch.tensor([1, 1])))
    z = torch.randn(2, 8)
    assert not torch.allclose(gen(z, torch.tensor([0, 0])), gen(z, torch.tensor([2, 2])))
    with pytest.raises(ValueError, match="labels"):
        vae.encode(torch.rand(2, 1, 28, 28))


def test_vae_loss_is_bernoulli_nll_plus_closed_form_kl():
    torch.manual_seed(0)
    x = torch.rand(4, 1, 28, 28)
    logits = torch.randn(4, 1, 28, 28)
    mu, logvar = torch.randn(4, 3), torch.randn(4, 3)
    recon, kl = vae_loss(logits, x, mu, logvar)
    expected_recon = F.binary_cross_entropy(torch.sigmoid(logits), x, reduction="none").sum((1, 2, 3))
    torch.testing.assert_close(recon, expected_recon, rtol=1e-4, atol=1e-3)
    # KL of N(mu, sigma^2) to N(0, 1), one dimension at a time
    var = logvar.exp()
    expected_kl = 0.5 * (var + mu**2 - 1 - logvar).sum(1)
    torch.testing.assert_close(kl, expected_kl)
    assert torch.all(vae_loss(logits, x, torch.zeros(4, 3), torch.zeros(4, 3))[1] == 0)


def test_gan_losses_on_known_scores():
    real, fake = torch.tensor([2.0, 0.5]), torch.tensor([-2.0, 0.0])
    # hinge: mean(relu(1 - real)) + mean(relu(1 + fake)) = 0.25 + 0.5
    assert discriminator_loss("hinge", real, fake).item() == pytest.approx(0.75)
    assert discriminator_loss("wgan-gp", real, fake).item() == pytest.approx(-1.0 - 1.25)
    bce = discriminator_loss("bce", real, fake).item()
    assert bce == pytest.approx(sum(math.log1p(math.exp(-r)) for r in real.tolist()) / 2
                                + sum(math.log1p(math.exp(f)) for f in fake.tolist()) / 2, rel=1e-5)
    assert generator_loss("hinge", fake).item() == pytest.approx(1.0)
    # a zero weight removes a real image from the critic's loss
    weighted = discriminator_loss("hinge", real, fake, torch.tensor([1.0, 0.0])).item()
    assert weighted == pytest.approx(0.0 + 0.5)


def test_gradient_penalty_of_a_linear_critic():
    w = torch.tensor([3.0, 4.0])  # ||grad|| = 5 everywhere, so the penalty is (5 - 1)^2
    x = torch.randn(6, 2, requires_grad=True)
    assert gradient_penalty(x @ w, x).item() == pytest.approx(16.0)


# ------------------------------------------------------------------ the fitted prior of the VAE
from aigc_desktop.core.models.average import update_average  # noqa: E402
from aigc_desktop.core.models.prior import GaussianMixturePrior, fit_gaussian_mixture  # noqa: E402
from aigc_desktop.core.models.vae import free_bits_kl, kl_per_dimension  # noqa: E402


def _clusters(n_per: int = 300, seed: int = 0):
    """Three well separated 2-D Gaussians with known weights 1/6, 2/6, 3/6."""
    g = torch.Generator().manual_seed(seed)
    centres = torch.tensor([[-6.0, 0.0], [0.0, 6.0], [6.0, -3.0]])
    scales = torch.tensor([0.5, 1.0, 0.3])
    parts = [centres[k] + scales[k] * torch.randn(n_per * (k + 1), 2, generator=g) for k in range(3)]
    return torch.cat(parts).double(), centres, scales


def test_em_recovers_separated_components():
    z, centres, scales = _clusters()
    log_w, means, tril = fit_gaussian_mixture(z, 3, seed=1)
    order = torch.argsort(means[:, 0])
    torch.testing.assert_close(means[order].float(), centres, atol=0.15, rtol=0)
    torch.testing.assert_close(log_w[order].exp().float(), torch.tensor([1 / 6, 2 / 6, 3 / 6]), atol=0.02, rtol=0)
    stds = torch.diagonal(tril @ tril.transpose(1, 2), dim1=1, dim2=2).sqrt()[order].float()
    torch.testing.assert_close(stds, scales[:, None].expand(3, 2), rtol=0.15, atol=0)


def test_prior_draws_where_the_codes_are_and_is_standard_normal_until_fitted():
    prior = GaussianMixturePrior(latent_dim=2, components=3)
    noise = torch.randn(3000, 2, generator=torch.Generator().manual_seed(0))
    uniforms = torch.rand(3000, generator=torch.Generator().manual_seed(1))
    assert torch.equal(prior.latents(noise, uniforms), noise)  # N(0, I) before fitting
    z, centres, _ = _clusters()
    prior.fit(z.float())
    draws = prior.latents(noise, uniforms)
    nearest = torch.cdist(draws, centres).argmin(1)
    share = torch.bincount(nearest, minlength=3).float() / len(draws)
    torch.testing.assert_close(share, torch.tensor([1 / 6, 2 / 6, 3 / 6]), atol=0.03, rtol=0)
    # a draw is a deterministic function of its noise and uniform: the same row gives the same code
    assert torch.equal(prior.latents(noise[:5], uniforms[:5]), draws[:5])


def test_a_conditional_prior_fits_one_mixture_per_class():
    z, centres, _ = _clusters()
    labels = torch.cat([torch.full((300 * (k + 1),), k) for k in range(3)])
    prior = GaussianMixturePrior(latent_dim=2, components=2, groups=3)
    prior.fit(z.float(), labels)
    noise = torch.randn(600, 2, generator=torch.Generator().manual_seed(0))
    uniforms = torch.rand(600, generator=torch.Generator().manual_seed(1))
    for k in range(3):
        draws = prior.latents(noise, uniforms, torch.full((600,), k))
        assert (torch.cdist(draws, centres).argmin(1) == k).float().mean() > 0.97


def test_the_prior_travels_with_the_vae_state():
    vae = ConvVAE(1, 28, latent_dim=2)
    z, _, _ = _clusters()
    vae.prior.fit(z.float())
    again = ConvVAE(1, 28, latent_dim=2)
    again.load_state_dict(vae.state_dict())
    assert bool(again.prior.fitted)
    torch.testing.assert_close(again.prior.means, vae.prior.means)


def test_free_bits_charge_a_floor_per_dimension_and_stop_its_gradient():
    mu = torch.tensor([[2.0, 0.01], [1.0, -0.01]], requires_grad=True)
    logvar = torch.zeros(2, 2, requires_grad=True)
    kl_dims = kl_per_dimension(mu, logvar)
    per_image = free_bits_kl(kl_dims, 0.5)
    # dimension 0 carries 1.25 nats on average (above the floor), dimension 1 almost nothing: charged 0.5
    torch.testing.assert_close(per_image.mean(), kl_dims[:, 0].mean() + 0.5)
    per_image.mean().backward()
    assert mu.grad[:, 1].abs().max() == 0 and mu.grad[:, 0].abs().min() > 0
    torch.testing.assert_close(free_bits_kl(kl_dims, 0.0), kl_dims.sum(1))


# ------------------------------------------------------------------------ the GAN's stabilisers
def test_spectral_norm_bounds_every_critic_layer():
    torch.manual_seed(0)
    critic = Discriminator(1, 28, width=8, n_classes=3, spectral_norm=True)
    x, y = torch.randn(4, 1, 28, 28), torch.tensor([0, 1, 2, 0])
    for _ in range(20):  # power iterations converge in training mode
        critic(x, y)
    critic.eval()
    for module in critic.modules():
        if isinstance(module, (torch.nn.Conv2d, torch.nn.Linear, torch.nn.Embedding)):
            weight = module.weight.reshape(module.weight.shape[0], -1)
            assert torch.linalg.matrix_norm(weight, ord=2) <= 1.05
    plain = Discriminator(1, 28, width=8, spectral_norm=False)
    assert not any(hasattr(m, "parametrizations") for m in plain.modules())


def test_projection_critic_scores_the_same_image_differently_per_class():
    torch.manual_seed(0)
    critic = Discriminator(1, 28, width=8, n_classes=3).eval()
    x = torch.randn(1, 1, 28, 28).repeat(3, 1, 1, 1)
    scores = critic(x, torch.tensor([0, 1, 2]))
    assert len(set(scores.tolist())) == 3


def test_weight_average_moves_towards_the_model_and_copies_buffers():
    torch.manual_seed(0)
    model, average = Generator(4, 1, 28, width=4), Generator(4, 1, 28, width=4)
    model.project[2].running_mean.fill_(3.0)
    before = [p.detach().clone() for p in average.parameters()]
    update_average(average, model, decay=0.9)
    for b, a, m in zip(before, average.parameters(), model.parameters()):
        torch.testing.assert_close(a, 0.9 * b + 0.1 * m)
    assert torch.equal(average.project[2].running_mean, model.project[2].running_mean)


# --------------------------------------------------------------- clusters and self-conditioning
from aigc_desktop.core.models.clusters import kmeans  # noqa: E402


def test_kmeans_finds_separated_clusters_the_same_way_each_time():
    z, centres, _ = _clusters()
    found, labels = kmeans(z.float(), 3, seed=0)
    order = torch.argsort(found[:, 0])
    torch.testing.assert_close(found[order], centres, atol=0.15, rtol=0)
    assert torch.bincount(labels).sort().values.tolist() == [300, 600, 900]
    again, labels_again = kmeans(z.float(), 3, seed=0)
    assert torch.equal(labels, labels_again) and torch.equal(found, again)


def test_a_self_conditioned_generator_draws_clusters_in_proportion_from_its_noise():
    torch.manual_seed(0)
    gen = Generator(8, 1, 28, width=4, n_classes=4, self_conditioned=True).eval()
    gen.set_cluster_sizes(torch.tensor([100, 300, 0, 600]))
    z = torch.randn(20000, 8, generator=torch.Generator().manual_seed(1))
    share = torch.bincount(gen.clusters_of(z), minlength=4).float() / len(z)
    torch.testing.assert_close(share, torch.tensor([0.1, 0.3, 0.0, 0.6]), atol=0.015, rtol=0)
    # no label needed, and the same z always gives the same image; a given label is obeyed
    torch.testing.assert_close(gen(z[:3]), gen(z[:3], gen.clusters_of(z[:3])))
    assert not torch.allclose(gen(z[:3], torch.tensor([0, 0, 0])), gen(z[:3], torch.tensor([3, 3, 3])))
    with pytest.raises(ValueError, match="labels"):
        Generator(8, 1, 28, width=4, n_classes=4)(z[:2])


# --------------------------------------------------------------- one GAN optimisation step
@pytest.mark.parametrize("loss", ["hinge", "wgan-gp", "bce"])
def test_a_gan_step_generates_once_and_steps_the_generator_against_the_updated_critic(loss):
    """The step's one generator forward serves both updates; the generator's gradient is the one a
    fresh forward of the same noise through the critic, after the critic's update, would give."""
    import copy

    from aigc_desktop.core.training.config import default_config
    from aigc_desktop.core.training.steps import build_networks, make_step

    config = default_config("gan", device="cpu", gan_loss=loss, width=4, d_width=8, latent_dim=8, batch_size=8,
                            self_condition=0, ema_decay=0.0)
    nets = build_networks(config)
    step = make_step(config, nets, torch.device("cpu"))
    step.train(True)
    generator, critic = nets["generator"], nets["discriminator"]
    generator_before = copy.deepcopy(generator)
    critic_before = [p.detach().clone() for p in critic.parameters()]
    calls = []
    generator.register_forward_hook(lambda *_: calls.append(1))
    x = torch.rand(8, 1, 28, 28) * 2 - 1
    torch.manual_seed(5)
    step.step(x, None, None)
    assert len(calls) == 1
    assert any(not torch.equal(a, b) for a, b in zip(critic_before, critic.parameters()))  # the critic learned
    torch.manual_seed(5)
    z = torch.randn(8, config.latent_dim)  # the step's noise: its first draw
    critic.eval()  # spectral norm with the power iteration's current vectors, as the step's last pass used
    expected = torch.autograd.grad(generator_loss(loss, critic(generator_before(z))),
                                   list(generator_before.parameters()))
    # the optimizer has stepped; the gradient it stepped with is still on the parameters
    for got, want in zip([p.grad for p in generator.parameters()], expected):
        torch.testing.assert_close(got, want, rtol=1e-4, atol=1e-6)
