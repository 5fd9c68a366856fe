"""Export with provenance: sample PNGs that say they are AI-generated, the generator as files
other programs can run, and a model card.

PNG metadata: plain tEXt/iTXt keys (AI-Generated, Model, Run, Checkpoint, Seed, Creation Time, ...)
and an XMP packet in the iTXt chunk "XML:com.adobe.xmp" carrying the IPTC digital source type
"trainedAlgorithmicMedia", which image viewers and content-credential tools read. The optional
visible mark is a small "AI" badge in the bottom-right corner.
"""
from __future__ import annotations

import datetime
import email.utils
import hashlib
import io
import itertools
import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from aigc_desktop import __version__
from aigc_desktop.core.atomic import displayable
from aigc_desktop.core.errors import UserError

DIGITAL_SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
XMP_KEY = "XML:com.adobe.xmp"
MANIFEST_SCHEMA = "aigc-samples/1"
FILES_RETURNED = 100_000  # write_samples returns its file list up to this many samples
SOFTWARE = f"AIGC Desktop {__version__}"

# 3x5 glyphs of the badge's letters, '#' = ink
_GLYPHS = {"A": (".#.", "#.#", "###", "#.#", "#.#"), "I": ("###", ".#.", ".#.", ".#.", "###")}


def provenance(model: str, run: str, checkpoint: str, seed: int, index: Optional[int] = None,
               label: Optional[str] = None, created: Optional[datetime.datetime] = None) -> dict:
    """The text entries written into each sample PNG."""
    created = created or datetime.datetime.now().astimezone()
    meta = {"AI-Generated": "true", "Software": SOFTWARE, "Model": model, "Run": run, "Checkpoint": checkpoint,
            "Seed": str(seed), "Creation Time": email.utils.format_datetime(created),
            "Date": created.isoformat(timespec="seconds"), "DigitalSourceType": DIGITAL_SOURCE_TYPE,
            "Description": f"AI-generated image: sample of a {model.upper()} trained with {SOFTWARE}"}
    if index is not None:
        meta["Sample Index"] = str(index)
    if label is not None:
        meta["Label"] = str(label)
    return meta


def xmp_packet(meta: dict) -> str:
    """An XMP packet with the IPTC digital source type and the provenance as plain properties."""
    aigc = "".join(f"\n      <aigc:{key.replace(' ', '').replace('-', '')}>{escape(str(value))}"
                   f"</aigc:{key.replace(' ', '').replace('-', '')}>"
                   for key, value in meta.items() if key not in ("Description", "DigitalSourceType"))
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n'
        '    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"\n'
        '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n'
        '    xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '    xmlns:aigc="https://aigc-desktop.invalid/ns/provenance/1.0/"\n'
        f'    Iptc4xmpExt:DigitalSourceType={quoteattr(DIGITAL_SOURCE_TYPE)}\n'
        f'    xmp:CreatorTool={quoteattr(SOFTWARE)}\n'
        f'    xmp:CreateDate={quoteattr(str(meta.get("Date", "")))}>\n'
        '   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
        f'{escape(str(meta.get("Description", "AI-generated image")))}</rdf:li></rdf:Alt></dc:description>'
        f'{aigc}\n'
        '  </rdf:Description>\n'
        ' </rdf:RDF>\n'
        '</x:xmpmeta>\n'
        '<?xpacket end="r"?>')


def add_ai_badge(image: np.ndarray) -> np.ndarray:
    """A copy of uint8 (H, W[, C]) with a white-on-black "AI" badge in the bottom-right corner."""
    out = np.array(image, copy=True)
    h, w = out.shape[:2]
    scale = max(1, min(h, w) // 48)
    glyph_rows = [a + "." + b for a, b in zip(_GLYPHS["A"], _GLYPHS["I"])]  # 7 wide, 5 tall
    bh, bw = (5 + 2) * scale, (7 + 2) * scale
    if bh > h or bw > w:
        return out
    badge = np.zeros((bh, bw), bool)
    for r, row in enumerate(glyph_rows):
        for c, ch in enumerate(row):
            if ch == "#":
                badge[(r + 1) * scale:(r + 2) * scale, (c + 1) * scale:(c + 2) * scale] = True
    region = out[h - bh:, w - bw:]
    region[...] = 0
    region[badge] = 255
    return out


def save_png(path, image: np.ndarray, meta: dict, badge: bool = False) -> str:
    """Write uint8 (H, W[, C]) as a PNG carrying ``meta`` as text chunks and as XMP, atomically;
    returns the file's SHA-256."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    pixels = add_ai_badge(image) if badge else np.asarray(image)
    if pixels.ndim == 3 and pixels.shape[-1] == 1:
        pixels = pixels[..., 0]
    meta = {key: displayable(str(value)) for key, value in meta.items()}  # PNG text is UTF-8: no raw bytes
    info = PngInfo()
    for key, value in meta.items():
        if str(value).isascii():
            info.add_text(key, str(value))
        else:
            info.add_itxt(key, str(value))
    info.add_itxt(XMP_KEY, xmp_packet(meta))
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG", pnginfo=info)
    data = buffer.getvalue()
    _write_bytes(Path(path), data)
    return hashlib.sha256(data).hexdigest()


def read_png_metadata(path) -> dict:
    """The text chunks of a PNG (the XMP packet under "XML:com.adobe.xmp")."""
    from PIL import Image

    with Image.open(path) as im:
        return dict(im.text)


def write_samples(samples: Iterable, out_dir, badge: bool = False, total: Optional[int] = None,
                  progress=None) -> dict:
    """Write samples of one run (``core/training/sampling``: sample ``i`` is decoded from row ``i`` of
    the fixed noise for its seed, so the same run, checkpoint and seed give the same files) into
    ``out_dir`` as provenance PNGs plus ``manifest.json``.

    ``samples`` may be an iterator (``sampling.iter_samples``): each sample is written and listed in
    the manifest as it comes, so memory stays bounded for any number of them; ``total`` (their
    number, when ``samples`` has no length) sets the width of the file names. Returns the manifest;
    its ``files`` list only up to :data:`FILES_RETURNED` samples (beyond that, it is in the file).
    """
    from aigc_desktop.core.atomic import atomic_write
    from aigc_desktop.core.jobs import Progress, Throttle
    from aigc_desktop.core.training.config import noise_size
    from aigc_desktop.core.training.runs import load_run

    total = len(samples) if total is None and hasattr(samples, "__len__") else total
    it = iter(samples)
    first = next(it, None)
    if first is None:
        raise UserError("the number of samples must be at least 1")
    run_dir, checkpoint, seed = first.run_dir, first.checkpoint, first.seed
    info = load_run(run_dir)
    config = info.config
    out = Path(out_dir)
    out.mkdir(exist_ok=True)
    created = datetime.datetime.now().astimezone()
    run_name = Path(run_dir).resolve().name
    width = max(4, len(str((total or 1) - 1)))
    throttle = Throttle()
    head = {"schema": MANIFEST_SCHEMA, "run_dir": os.fspath(Path(run_dir).resolve()), "model": config.model,
            "checkpoint": checkpoint, "epochs_done": info.epochs_done, "seed": seed,
            "image_size": config.image_size, "channels": config.channels, "badge": badge,
            "created": created.isoformat(timespec="seconds"), "software": SOFTWARE,
            "digital_source_type": DIGITAL_SOURCE_TYPE,
            "latent": f"row i of torch.randn(n, {noise_size(config)}) from torch.Generator().manual_seed(seed)"
                      + (", mapped through the Gaussian mixture fitted to the VAE's encodings"
                         if config.model == "vae" and config.fitted_prior else "")}
    sampler = first.sampler  # a diffusion model's: guidance, steps, solver
    if sampler:
        head["sampler"] = sampler
    listed: list = []
    count = {"n": 0}

    def entries():
        for i, sample in enumerate(itertools.chain([first], it)):
            name = f"sample_{i:0{width}d}.png"
            label = sample.class_name if sample.label is not None else None
            meta = provenance(config.model, run_name, checkpoint, seed, i, label, created)
            if sampler:
                meta["Sampler"] = json.dumps(sampler, sort_keys=True)
            digest = save_png(out / name, sample.image, meta, badge)
            entry = {"file": name, "index": i, "label": label, "sha256": digest}
            if len(listed) < FILES_RETURNED:
                listed.append(entry)
            count["n"] = i + 1
            event = Progress("write", i + 1, total or 0, "writing samples")
            if progress is not None and throttle.passes(event):
                progress(event)
            yield entry

    atomic_write(out / "manifest.json", lambda tmp: _write_manifest(tmp, head, entries(), count))
    manifest = {**head, "n": count["n"]}
    if count["n"] <= FILES_RETURNED:
        manifest["files"] = listed
    return manifest


def _write_manifest(path: str, head: dict, files, count: dict) -> None:
    """``head``, ``"files": [...]`` written entry by entry, then ``"n"``, as one JSON object."""
    from aigc_desktop.core.atomic import json_text

    with open(path, "w", encoding="utf-8") as fh:
        fh.write(json_text(head, indent=1)[:-2] + ',\n "files": [')
        for k, entry in enumerate(files):
            fh.write(("\n  " if k == 0 else ",\n  ") + json_text(entry, indent=None))
        fh.write(f'\n ],\n "n": {count["n"]}\n}}\n')
        fh.flush()
        os.fsync(fh.fileno())


# ---------------------------------------------------------------------------------- generator files
@dataclass
class GeneratorExport:
    files: dict = field(default_factory=dict)  # format -> path
    max_abs_error: dict = field(default_factory=dict)  # format -> largest |difference| to PyTorch, checked
    skipped: dict = field(default_factory=dict)  # format -> why


def _write_bytes(path: Path, data: bytes) -> None:
    """``data`` into ``path`` atomically, through Python's own file calls (names that are not UTF-8 work)."""
    from aigc_desktop.core.atomic import atomic_write

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)

    atomic_write(path, write)


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def sampler_module(generator):
    """An nn.Module ``(z[, labels]) -> images (N, C, H, W) in [0, 1]`` around a VAE's or GAN's
    TrainedGenerator (a diffusion model exports one denoising step instead: :func:`denoiser_module`)."""
    import torch
    from torch import nn

    class Sampler(nn.Module):
        def __init__(self, model, kind: str):
            super().__init__()
            self.model, self.kind = model, kind

        def forward(self, z: torch.Tensor, labels: Optional[torch.Tensor] = None) -> torch.Tensor:
            if self.kind == "vae":
                return torch.sigmoid(self.model.decode(z, labels))
            return (self.model(z, labels) + 1) / 2

    return Sampler(generator.model.to("cpu").eval(), generator.kind).eval()


def denoiser_module(generator):
    """One guided denoising step of a diffusion model: ``(x, t[, labels, guidance]) -> prediction``.

    Both guidance branches run in one batch whatever the scale, so the exported graph has no control
    flow; the sampler around it is described in ``denoiser.json`` and the model card."""
    import torch
    from torch import nn

    class Denoiser(nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, x: torch.Tensor, t: torch.Tensor, labels: Optional[torch.Tensor] = None,
                    guidance: Optional[torch.Tensor] = None) -> torch.Tensor:
            if labels is None:
                return self.model(x, t, None)
            null = torch.full_like(labels, self.model.n_classes)
            cond, uncond = self.model(torch.cat([x, x]), torch.cat([t, t]), torch.cat([labels, null])).chunk(2)
            return uncond + guidance * (cond - uncond)

    return Denoiser(generator.model.to("cpu").eval()).eval()


@dataclass
class _ExportSpec:
    """What is exported for a model family: the module, example inputs and how to describe them."""
    stem: str
    module: object
    inputs: tuple
    names: list
    output: str
    description: dict


def _export_spec(generator):
    import torch

    from aigc_desktop.core.training.config import cluster_count
    from aigc_desktop.core.training.steps import fixed_noise

    c = generator.config
    labels = (torch.arange(4) % c.n_classes) if generator.conditional else None
    if generator.kind != "diffusion":  # a self-conditioned GAN draws its clusters from z inside the export
        z = fixed_noise(4, generator.latent_dim, 0)
        inputs = (z, labels) if labels is not None else (z,)
        network = "ConvVAE.decode + sigmoid" if generator.kind == "vae" else "Generator, (x + 1) / 2"
        return _ExportSpec("generator", sampler_module(generator), inputs, ["z", "labels"][:len(inputs)], "images",
                           {"output": "images (N, C, H, W) in [0, 1]", "network": network})
    from aigc_desktop.core.models.diffusion_process import sampler_description

    x = fixed_noise(4, generator.latent_dim, 0).reshape(4, c.channels, c.image_size, c.image_size)
    t = torch.tensor([1.0, 0.75, 0.5, 0.25])
    clusters = cluster_count(c)
    if clusters:  # a self-conditioned U-Net's labels are clusters of the images, drawn from the initial noise
        labels = generator.model.clusters_of(x)
    inputs = (x, t) if labels is None else (x, t, labels, torch.tensor([float(c.guidance)]))
    what = "velocity (noise - image)" if c.objective == "flow" else "noise"
    sampler = {"objective": c.objective, "solver": c.solver, "steps": c.sampler_steps, "guidance": c.guidance,
               "how": sampler_description(c.objective, c.solver, c.sampler_steps, c.guidance, clusters)}
    if clusters:
        sampler.update(labels=f"{clusters} k-means clusters of the training images, not classes",
                       cluster_cdf=[round(float(v), 6) for v in generator.model.cluster_cdf.cpu()])
    return _ExportSpec("denoiser", denoiser_module(generator), inputs, ["x", "t", "labels", "guidance"][:len(inputs)],
                       "prediction",
                       {"output": f"the {what} predicted at (x, t), (N, C, H, W); x in [-1, 1] data units, t in [0, 1]",
                        "network": "UNet (weight average), one denoising step with classifier-free guidance",
                        "sampler": sampler})


def export_generator(run_dir, out_dir, checkpoint: str = "last",
                     formats: Sequence[str] = ("safetensors", "torchscript", "onnx"), verify: bool = True,
                     generator=None) -> GeneratorExport:
    """Write the sampling network as ``generator.safetensors`` (+ ``generator.json``), TorchScript
    ``generator.pt`` and ONNX ``generator.onnx``; with ``verify``, run each on the same noise and
    record its largest difference to the PyTorch output (ONNX needs onnxruntime for that).

    A diffusion model is written as ``denoiser.*``: one guided denoising step of its U-Net, with the
    sampler that turns it into images described in ``denoiser.json``."""
    import torch
    from safetensors.torch import save

    from aigc_desktop.core.atomic import write_json
    from aigc_desktop.core.training.runs import load_generator

    unknown = set(formats) - {"safetensors", "torchscript", "onnx"}
    if unknown:
        raise UserError(f"unknown export format(s): {', '.join(sorted(unknown))}")
    generator = generator or load_generator(run_dir, "cpu", checkpoint)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    spec = _export_spec(generator)
    module, inputs, stem = spec.module, spec.inputs, spec.stem
    with torch.no_grad():
        reference = module(*inputs)
    result = GeneratorExport()

    if "safetensors" in formats:
        state = {k: v.detach().contiguous() for k, v in generator.model.state_dict().items()}
        path = out / f"{stem}.safetensors"
        _write_bytes(path, save(state, metadata={"format": "aigc-generator/1"}))
        write_json(out / f"{stem}.json", {"format": "aigc-generator/1", "model": generator.kind,
                                          "config": generator.config.to_dict(),
                                          "class_names": generator.class_names, "inputs": spec.names,
                                          **spec.description})
        result.files["safetensors"] = os.fspath(path)

    if "torchscript" in formats:
        path = out / f"{stem}.pt"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch.jit is deprecated in favour of torch.export, still the
            traced = torch.jit.trace(module, inputs)  # format that C++ and older runtimes load
        buffer = io.BytesIO()
        torch.jit.save(traced, buffer)
        _write_bytes(path, buffer.getvalue())
        result.files["torchscript"] = os.fspath(path)
        if verify:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                loaded = torch.jit.load(io.BytesIO(path.read_bytes()))
            with torch.no_grad():
                result.max_abs_error["torchscript"] = float((loaded(*inputs) - reference).abs().max())

    if "onnx" in formats and not _has_module("onnx"):
        result.skipped["onnx"] = "the onnx package is not installed (pip install onnx)"
    elif "onnx" in formats:
        path = out / f"{stem}.onnx"
        names = spec.names
        axes = {name: {0: "batch"} for name in names + [spec.output] if name != "guidance"}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # the TorchScript-based exporter: no onnxscript needed, and the generator has no control flow
            buffer = io.BytesIO()
            torch.onnx.export(module, inputs, buffer, input_names=names, output_names=[spec.output],
                              dynamic_axes=axes, opset_version=17, dynamo=False)
        _write_bytes(path, buffer.getvalue())
        result.files["onnx"] = os.fspath(path)
        if verify:
            if not _has_module("onnxruntime"):
                result.skipped["onnx check"] = "onnxruntime is not installed"
            else:
                import onnxruntime

                session = onnxruntime.InferenceSession(path.read_bytes(), providers=["CPUExecutionProvider"])
                feed = {name: t.numpy() for name, t in zip(names, inputs)}
                got = session.run(None, feed)[0]
                result.max_abs_error["onnx"] = float(np.abs(got - reference.numpy()).max())
    write_json(out / "export.json", {"files": {k: Path(v).name for k, v in result.files.items()},
                                     "max_abs_error": result.max_abs_error, "skipped": result.skipped,
                                     "checkpoint": checkpoint, "run_dir": os.fspath(Path(run_dir).resolve())})
    return result
