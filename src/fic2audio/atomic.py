"""Files written whole or not at all: a temporary name beside the target, renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: Path, data: str | bytes | Iterable[str], *, private: bool = False) -> None:
    """Write `data` (text, bytes, or text in pieces, so a long transcript need not be one string) to
    a temporary file beside `path`, then rename it into place. Files listeners get are as shareable
    as the umask allows; `private` ones (the cache's) keep mkstemp's 0600."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        if isinstance(data, bytes):
            with os.fdopen(handle, "wb") as out:
                out.write(data)
        else:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                if isinstance(data, str):
                    out.write(data)
                else:
                    out.writelines(data)
        if not private:
            os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
