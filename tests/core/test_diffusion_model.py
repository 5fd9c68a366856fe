"""The denoising U-Net, its two objectives, the samplers, classifier-free guidance and the EMA."""
import pytest
import torch
from torch import nn

from aigc_desktop.core.models.diffusion import UNet, timestep_embedding
from aigc_desktop.core.models.average import average_decay, update_average
from aigc_desktop.core.models.diffusion_process import (MIN_ALPHA_BAR, cosine_alpha_bar, denoising_loss, drop_labels,
                                                        guided_prediction, noisy_input, sample, sample_steps)

torch.set_num_threads(1)


def randomised(model: nn.Module, seed: int = 0) -> nn.Module:
    """The zero-initialised output layers make a fresh U-Net predict 0; give every weight a value."""
    torch.manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.normal_(0, 0.05)
    return model.eval()


@pytest.mark.parametrize("size", [28, 32, 64])
@pytest.mark.parametrize("channels", [1, 3])
def test_prediction_has_the_image_shape_for_every_size_and_channel_count(size, channels):
    torch.manual_seed(0)
    net = UNet(channels, size, width=8, n_classes=4)
    x = torch.randn(2, channels, size, size)
    out = net(x, torch.rand(2), torch.tensor([0, 4]))
    assert out.shape == x.shape
    assert torch.all(out == 0)  # the zero-initialised head: every block starts as the identity
    assert UNet(channels, size, width=8)(x, torch.rand(2)).shape == x.shape


def test_unsupported_size_and_bad_multipliers_are_refused():
    with pytest.raises(ValueError, match="28, 32 or 64"):
        UNet(1, 48)
    with pytest.raises(ValueError, match="3 channel multipliers"):
        UNet(1, 28, channel_mults=(1, 2))


def test_time_embedding_is_sinusoidal_and_distinguishes_times():
    emb = timestep_embedding(torch.tensor([0.0, 0.5, 1.0]), 8)
    assert emb.shape == (3, 8)
    torch.testing.assert_close(emb[0], torch.tensor([1.0] * 4 + [0.0] * 4))  # cos 0, sin 0
    assert not torch.allclose(emb[1], emb[2])
    assert timestep_embedding(torch.tensor([0.3]), 7).shape == (1, 7)


def test_the_label_and_the_time_change_the_prediction():
    net = randomised(UNet(1, 28, width=8, n_classes=3))
    x, t = torch.randn(2, 1, 28, 28), torch.full((2,), 0.5)
    a, b = net(x, t, torch.tensor([0, 0])), net(x, t, torch.tensor([1, 1]))
    assert not torch.allclose(a, b)
    # no labels means the "no label" token, index n_classes
    torch.testing.assert_close(net(x, t, None), net(x, t, torch.tensor([3, 3])))
    assert not torch.allclose(a, net(x, torch.full((2,), 0.9), torch.tensor([0, 0])))


def test_noisy_inputs_run_from_the_data_at_t0_to_noise_at_t1():
    x0, noise = torch.rand(3, 1, 28, 28) * 2 - 1, torch.randn(3, 1, 28, 28)
    t = torch.tensor([0.0, 0.5, 1.0])
    xt, target = noisy_input("flow", x0, noise, t)
    torch.testing.assert_close(xt[0], x0[0])
    torch.testing.assert_close(xt[2], noise[2])
    torch.testing.assert_close(xt[1], (x0[1] + noise[1]) / 2)
    torch.testing.assert_close(target, noise - x0)
    xt, target = noisy_input("ddpm", x0, noise, t)
    torch.testing.assert_close(xt[0], x0[0])
    torch.testing.assert_close(target, noise)
    ab = cosine_alpha_bar(t)
    assert ab[0] == 1 and ab[2] == pytest.approx(MIN_ALPHA_BAR) and 0.45 < ab[1] < 0.55
    assert torch.all(cosine_alpha_bar(torch.linspace(0, 1, 50)).diff() <= 0)
    with pytest.raises(ValueError, match="objective"):
        noisy_input("score", x0, noise, t)


@pytest.mark.parametrize("objective", ["flow", "ddpm"])
def test_training_steps_lower_the_loss_on_a_fixed_batch(objective):
    torch.manual_seed(0)
    net = UNet(1, 28, width=8, n_classes=2)
    x = torch.zeros(8, 1, 28, 28) - 1
    x[:, :, 8:20, 12:16] = 1  # one bar, the same in every image
    labels = torch.tensor([0, 1] * 4)
    opt = torch.optim.Adam(net.parameters(), 3e-3)

    def fixed_loss():
        with torch.no_grad():
            return denoising_loss(net, x, labels, objective, generator=torch.Generator().manual_seed(1)).mean()

    before = fixed_loss()
    for _ in range(25):
        loss = denoising_loss(net, x, drop_labels(labels, 2, 0.2), objective).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert torch.isfinite(loss)
    assert fixed_loss() < 0.7 * before
    assert all(p.grad is not None for p in net.parameters())  # the "no label" row too, through dropout


def test_label_dropout_replaces_about_the_asked_share_with_the_null_token():
    torch.manual_seed(0)
    labels = torch.arange(10_000) % 5
    dropped = drop_labels(labels, 5, 0.1)
    kept = dropped != 5
    assert 0.08 < 1 - kept.float().mean() < 0.12
    assert torch.equal(dropped[kept], labels[kept])
    assert drop_labels(labels, 5, 0.0) is labels and drop_labels(None, 5, 0.5) is None


def test_the_loss_is_per_image_and_seeded_by_its_generator():
    net = randomised(UNet(1, 28, width=8))
    x = torch.rand(4, 1, 28, 28)
    a = denoising_loss(net, x, None, "flow", generator=torch.Generator().manual_seed(5))
    b = denoising_loss(net, x, None, "flow", generator=torch.Generator().manual_seed(5))
    assert a.shape == (4,)
    torch.testing.assert_close(a, b)


def test_guidance_scale_zero_is_unconditional_sampling_and_one_is_conditional():
    net = randomised(UNet(1, 28, width=8, n_classes=3))
    noise, labels = torch.randn(4, 1, 28, 28), torch.tensor([0, 1, 2, 0])
    unconditional = sample(net, noise, None, "flow", steps=4)
    assert torch.equal(sample(net, noise, labels, "flow", steps=4, guidance=0.0), unconditional)
    conditional = sample(net, noise, labels, "flow", steps=4, guidance=1.0)
    assert not torch.allclose(conditional, unconditional)
    x, t = torch.randn(4, 1, 28, 28), torch.full((4,), 0.7)
    cond, uncond = net(x, t, labels), net(x, t, None)
    torch.testing.assert_close(guided_prediction(net, x, t, labels, 3.0), uncond + 3.0 * (cond - uncond),
                               rtol=1e-4, atol=1e-5)


def test_a_self_conditioned_unet_samples_clusters_in_proportion_to_their_sizes_and_is_guided_to_them():
    net = randomised(UNet(1, 28, width=8, n_classes=4, self_conditioned=True))
    net.set_cluster_sizes(torch.tensor([100, 300, 0, 600]))
    assert torch.equal(net.cluster_cdf, torch.tensor([0.1, 0.4, 0.4, 1.0]))
    assert "cluster_cdf" in net.state_dict()  # checkpoints keep the shares
    noise = torch.randn(20000, 1, 28, 28, generator=torch.Generator().manual_seed(1))
    clusters = net.clusters_of(noise)
    share = torch.bincount(clusters, minlength=4).float() / len(noise)
    torch.testing.assert_close(share, torch.tensor([0.1, 0.3, 0.0, 0.6]), atol=0.015, rtol=0)
    # a sample asked for without labels is the sample of its own noise's cluster, guided at the scale
    noise = noise[:6]
    drawn = sample(net, noise, None, "flow", steps=3, guidance=2.0)
    assert torch.equal(drawn, sample(net, noise, net.clusters_of(noise), "flow", steps=3, guidance=2.0))
    assert not torch.allclose(drawn, sample(net, noise, (net.clusters_of(noise) + 1) % 4, "flow", steps=3,
                                            guidance=2.0))
    # scale 0 is the unguided, unconditional model ("no label" at every step), whatever the clusters
    unguided = noise
    for t, t_next in zip(torch.linspace(1, 0, 4)[:-1], torch.linspace(1, 0, 4)[1:]):
        unguided = unguided + (t_next - t) * net(unguided, t.expand(6), None)
    torch.testing.assert_close(sample(net, noise, None, "flow", steps=3, guidance=0.0), unguided.clamp(-1, 1))
    assert not torch.allclose(drawn, unguided.clamp(-1, 1))
    # the clusters come from the noise only: a cluster-free U-Net is not self-conditioned
    assert not UNet(1, 28, width=8, n_classes=0, self_conditioned=True).self_conditioned


class PointOracle(nn.Module):
    """The exact prediction when all data are one image ``c``: the samplers must land on ``c``."""

    def __init__(self, c: torch.Tensor, objective: str):
        super().__init__()
        self.c, self.objective, self.n_classes = c, objective, 0

    def forward(self, x, t, labels=None):
        t = t.reshape(-1, 1, 1, 1)
        if self.objective == "flow":
            return (x - self.c) / t  # eps - x0, since x_t = (1 - t) c + t eps
        ab = cosine_alpha_bar(t)
        return (x - ab.sqrt() * self.c) / (1 - ab).sqrt()


@pytest.mark.parametrize("objective,solver", [("flow", "euler"), ("flow", "heun"), ("ddpm", "ddim")])
def test_samplers_reach_the_data_with_the_exact_prediction(objective, solver):
    c = torch.rand(1, 1, 28, 28) * 1.6 - 0.8
    noise = torch.randn(3, 1, 28, 28)
    states = list(sample_steps(PointOracle(c, objective), noise, None, objective, steps=7, solver=solver))
    assert [s.step for s in states] == list(range(1, 8)) and states[-1].steps == 7
    torch.testing.assert_close(states[-1].x, c.expand(3, -1, -1, -1), rtol=1e-4, atol=1e-4)
    torch.testing.assert_close(states[0].x0, c.expand(3, -1, -1, -1), rtol=1e-4, atol=1e-4)


def test_sampling_is_deterministic_and_checks_its_settings():
    net = randomised(UNet(1, 28, width=8, n_classes=2))
    noise, labels = torch.randn(2, 1, 28, 28), torch.tensor([0, 1])
    a = sample(net, noise, labels, "ddpm", steps=3, guidance=2.0)
    assert torch.equal(a, sample(net, noise, labels, "ddpm", steps=3, guidance=2.0))
    assert a.min() >= -1 and a.max() <= 1
    with pytest.raises(ValueError, match="solver"):
        sample(net, noise, labels, "ddpm", steps=3, solver="euler")
    with pytest.raises(ValueError, match="at least one step"):
        sample(net, noise, labels, "flow", steps=0)


def test_weight_average_warms_up_then_follows_slowly():
    torch.manual_seed(0)
    model, average = nn.Linear(3, 2), nn.Linear(3, 2)
    average.load_state_dict(model.state_dict())
    start = model.weight.detach().clone()
    with torch.no_grad():
        model.weight.add_(1.0)
    assert average_decay(0.99, 1) == pytest.approx(2 / 11)  # the first update moves most of the way
    update_average(average, model, average_decay(0.99, 1))
    torch.testing.assert_close(average.weight, start + (1 - 2 / 11))
    assert average_decay(0.99, 10_000) == 0.99
    for n in range(2, 2000):
        update_average(average, model, average_decay(0.99, n))
    torch.testing.assert_close(average.weight, model.weight, rtol=0, atol=1e-6)
