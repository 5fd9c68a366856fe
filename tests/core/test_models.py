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
