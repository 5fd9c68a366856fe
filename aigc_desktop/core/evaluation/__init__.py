"""Offline evaluation of trained generators, with nothing downloaded.

``features``: a small network trained locally on the real data (a classifier when labelled, an
autoencoder otherwise); ``metrics``: local Fréchet distance and KID on its features; ``prdc``:
precision / recall / density / coverage; ``hallucination`` and ``memorisation``: per-sample rates
with links back to the training data; ``evaluate``: all of them for one run; ``experiment``: dirty
vs cleaned vs robust training; ``export``: PNGs with provenance, the generator as files, a model card.
"""
