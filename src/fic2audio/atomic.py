"""Files written whole or not at all: a temporary name beside the target, renamed into place."""

from __future__ import annotations

import os
import re
import shutil
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


# Temporaries named for their process -------------------------------------------------------------
# `.<target name>.<pid><rest>`, beside the target: a render killed outright (SIGKILL) leaves such
# names behind, and the next run removes those whose process is gone.


def temporary_path(target: Path, rest: str = ".part", pid: int | None = None) -> Path:
    """The temporary beside `target` owned by this process; `rest` (starting with a dot) tells a
    process's several temporaries apart."""
    return target.with_name(temporary_name(target.name, rest, pid))


def temporary_name(name: str, rest: str = ".part", pid: int | None = None) -> str:
    return f".{name}.{os.getpid() if pid is None else pid}{rest}"


def sweep_temporaries(folder: Path, name_pattern: str) -> None:
    """Remove the temporaries in `folder` of targets whose names match the regex `name_pattern`,
    left by processes that are gone (folders with what is in them)."""
    owner = re.compile(rf"^\.(?:{name_pattern})\.(\d+)[.]")
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        match = owner.match(entry.name)
        if match and not process_alive(int(match.group(1))):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def process_alive(pid: int) -> bool:
    """Whether process `pid` still runs: a temporary named for it may still be in use."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True
