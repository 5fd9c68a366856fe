"""The service layer: data, quality checks, cleaning, models, training, evaluation.

Nothing under this package imports Qt; the CLI and the GUI both sit on top of it.
"""
