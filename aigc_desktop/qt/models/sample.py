"""One generated (or reconstructed) image and where it came from. Plain Python: workers build
these off the GUI thread and the grid model shows them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np


@dataclass
class Sample:
    """One image and where it came from (enough to regenerate it, and to interpolate from it)."""

    image: np.ndarray  # uint8 (H, W, C)
    origin: str  # "generated", "epoch grid", "interpolation", "reconstruction"
    run_dir: str = ""
    checkpoint: str = "last"
    seed: Optional[int] = None
    index: int = 0  # position in its batch
    z: Optional[np.ndarray] = field(default=None, repr=False)  # the latent code, when known
    label: Optional[int] = None  # class index of a conditional model
    class_name: str = ""

    def provenance(self) -> dict:
        """Plain JSON-able facts for the exported file's metadata."""
        out = {"origin": self.origin, "run_dir": self.run_dir, "checkpoint": self.checkpoint, "index": self.index}
        if self.seed is not None:
            out["seed"] = self.seed
        if self.label is not None:
            out["label"] = self.label
            out["class_name"] = self.class_name
        if self.z is not None:
            out["z"] = [round(float(v), 6) for v in np.asarray(self.z).ravel()]
        return out
