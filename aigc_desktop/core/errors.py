"""Errors that carry a message meant for the user, not a traceback."""


class UserError(Exception):
    """A mistake the user can fix (missing path, unknown format, bad project file).

    The CLI prints its message as one line and exits non-zero; the GUI shows it in a dialog.
    """
