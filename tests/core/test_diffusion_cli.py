"""``aigc train --model diffusion`` and ``aigc generate`` with guidance and steps, end to end."""
import json

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.cli import main
from aigc_desktop.core.training.config import default_config
from aigc_desktop.core.training.runs import load_run


def last_json_line(text):
    return json.loads(text.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def trained(tmp_path_factory, mnist):
    import torch

    torch.set_num_threads(1)
    folder = tmp_path_factory.mktemp("diffusion-cli")
    np.savez(folder / "d.npz", x=mnist[0][:120], y=mnist[1][:120])
    run_dir = folder / "run"
    code = main(["train", str(folder / "d.npz"), "--model", "diffusion", "--epochs", "1", "--out", str(run_dir),
                 "--device", "cpu", "--conditional", "--batch-size", "32", "--sampler-steps", "3",
                 "--guidance", "1.5"])
    assert code == 0
    return folder, run_dir


def test_train_writes_a_diffusion_run_with_the_given_sampler(trained, capsys):
    _, run_dir = trained
    config = load_run(run_dir).config
    assert config.model == "diffusion" and config.conditional and config.objective == "flow"
    assert config.sampler_steps == 3 and config.guidance == 1.5 and config.solver == "euler"
    assert (run_dir / "samples" / "epoch_0001.png").exists()


def test_generate_with_guidance_and_steps_records_them(trained, capsys, tmp_path):
    _, run_dir = trained
    capsys.readouterr()
    assert main(["generate", str(run_dir), "-n", "4", "--seed", "2", "--out", str(tmp_path / "a"),
                 "--guidance", "0", "--sampler-steps", "2", "--export-model", str(tmp_path / "model")]) == 0
    summary = last_json_line(capsys.readouterr().out)
    assert summary["model"] == "diffusion" and summary["n"] == 4
    assert summary["export"]["max_abs_error"]["onnx"] < 1e-4
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["sampler"] == {"objective": "flow", "solver": "euler", "steps": 2, "guidance": 0.0}
    assert "## Sampler" in (tmp_path / "model" / "MODEL_CARD.md").read_text()
    # guidance 0 is unconditional: the labels cycle, yet another seed's images differ and this seed's repeat
    assert main(["generate", str(run_dir), "-n", "4", "--seed", "2", "--out", str(tmp_path / "b"),
                 "--guidance", "0", "--sampler-steps", "2"]) == 0
    for name in ("sample_0000.png", "sample_0003.png"):
        with Image.open(tmp_path / "a" / name) as a, Image.open(tmp_path / "b" / name) as b:
            assert np.array_equal(np.asarray(a), np.asarray(b))


def test_objective_ddpm_picks_its_sampler_and_bad_settings_are_one_line(trained, capsys, tmp_path):
    folder, run_dir = trained
    code = main(["train", str(folder / "d.npz"), "--model", "diffusion", "--epochs", "1", "--out",
                 str(tmp_path / "ddpm"), "--device", "cpu", "--objective", "ddpm", "--sampler-steps", "2"])
    assert code == 0
    config = load_run(tmp_path / "ddpm").config
    assert config.objective == "ddpm" and config.solver == "ddim" and not config.conditional
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:  # refused when the arguments are parsed
        main(["generate", str(run_dir), "-n", "2", "--out", str(tmp_path / "c"), "--guidance", "-1"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --guidance" in err and "from 0 to 20" in err and "Traceback" not in err
    assert not (tmp_path / "c").exists()


def test_an_unconditional_run_is_self_guided_by_default_and_generates_with_its_guidance(trained, capsys, tmp_path):
    folder, _ = trained
    run_dir = tmp_path / "unconditional"
    assert main(["train", str(folder / "d.npz"), "--model", "diffusion", "--epochs", "1", "--out", str(run_dir),
                 "--device", "cpu", "--batch-size", "32", "--sampler-steps", "2"]) == 0
    config = load_run(run_dir).config
    assert not config.conditional and config.self_condition == default_config("diffusion").self_condition == 100
    capsys.readouterr()
    for name, guidance in (("a", "2"), ("b", "0")):
        assert main(["generate", str(run_dir), "-n", "4", "--seed", "1", "--out", str(tmp_path / name),
                     "--guidance", guidance]) == 0
        manifest = json.loads((tmp_path / name / "manifest.json").read_text())
        assert manifest["sampler"]["guidance"] == float(guidance)
        assert len(manifest["files"]) == 4 and all(entry["label"] is None for entry in manifest["files"])  # no classes
    differ = []
    for i in range(4):
        with Image.open(tmp_path / "a" / f"sample_{i:04d}.png") as a, \
                Image.open(tmp_path / "b" / f"sample_{i:04d}.png") as b:
            differ.append(not np.array_equal(np.asarray(a), np.asarray(b)))
    assert any(differ)  # guidance towards the clusters changes the images


def test_self_condition_zero_turns_self_guidance_off(trained, capsys, tmp_path):
    folder, _ = trained
    run_dir = tmp_path / "plain"
    assert main(["train", str(folder / "d.npz"), "--model", "diffusion", "--epochs", "1", "--out", str(run_dir),
                 "--device", "cpu", "--batch-size", "32", "--sampler-steps", "2", "--self-condition", "0"]) == 0
    assert load_run(run_dir).config.self_condition == 0
    capsys.readouterr()
    assert main(["generate", str(run_dir), "-n", "2", "--out", str(tmp_path / "a")]) == 0
    # nothing to guide towards: the sampler records scale 0
    assert json.loads((tmp_path / "a" / "manifest.json").read_text())["sampler"]["guidance"] == 0.0
