"""Training: configs, preprocessing into tensors, the trainer (a generator of events), run folders.

Only ``devices``, ``config`` and ``events`` are safe to import at GUI start-up (no torch at import).
"""
