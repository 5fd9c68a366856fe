"""Training: configs, preprocessing into tensors, the trainer (a generator of events), run folders.

Only ``devices``, ``config``, ``events`` and ``hyperparameters`` are safe to import at GUI start-up (no torch
at import).
"""
