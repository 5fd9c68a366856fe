"""Names in the project file: a path, a label or a dataset name that is not valid UTF-8 (a disk's
raw bytes, kept by Python as lone surrogates) is stored as a BLOB of those bytes, and read back to
the same string; everything else stays TEXT."""
from __future__ import annotations

import os
from typing import Optional, Union

PATH_ERRORS = "surrogatepass" if os.name == "nt" else "surrogateescape"


def text_to_db(text: Optional[str]) -> Union[str, bytes, None]:
    """A name for SQLite: TEXT when it is valid UTF-8, else the raw bytes (a BLOB), so it round-trips."""
    if text is None:
        return None
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", PATH_ERRORS)


def text_from_db(value: Union[str, bytes, None]) -> Optional[str]:
    return value.decode("utf-8", PATH_ERRORS) if isinstance(value, bytes) else value
