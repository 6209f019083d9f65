"""Files written whole or not at all: a temporary name beside the target, renamed into place.

Every temporary is named `.<target name>.<pid><rest>`, beside its target, so that a sweep finds the
leftovers of any writer a SIGKILL stopped, and never a file in use: the pid in the name is checked
for a live process.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
from collections.abc import Iterable
from pathlib import Path

_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def temporary_path(target: Path, rest: str = ".part", pid: int | None = None) -> Path:
    """The temporary beside `target` owned by this process; `rest` (starting with a dot) tells a
    process's several temporaries apart."""
    return target.with_name(temporary_name(target.name, rest, pid))


def temporary_name(name: str, rest: str = ".part", pid: int | None = None) -> str:
    return f".{name}.{os.getpid() if pid is None else pid}{rest}"


def write_atomic(path: Path, data: str | bytes | Iterable[str], *, private: bool = False) -> None:
    """Write `data` (text, bytes, or text in pieces, so a long transcript need not be one string) to
    a temporary file beside `path`, then rename it into place. Files listeners get are as shareable
    as the umask allows; `private` ones (the cache's, the server's token) are 0600 from creation."""
    temp = temporary_path(path, f".{secrets.token_hex(4)}.part")  # unique: threads may write one path at once
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o666)
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
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def land(moves: Iterable[tuple[Path, Path]], landed: list[Path], retired: Iterable[Path] = ()) -> None:
    """Rename each finished file onto its target, with SIGINT and SIGTERM held off until all are in
    place: a signal leaves the old set of files or the new one, never a mix. The targets are added to
    `landed` before a signal that came meanwhile is let through, so its handler's caller knows. The
    `retired` files, the old set's that the new one has no place for, are removed in the same window.

    Held by swapping the handlers for a recorder, not by a signal mask: a mask holds a signal off one
    thread only, and the kernel hands a process's signal to any thread that does not mask it."""
    moves = list(moves)
    received: list[int] = []
    previous = {}
    try:
        for sig in _HELD_SIGNALS:
            previous[sig] = signal.signal(sig, lambda number, frame: received.append(number))
    except ValueError:  # not the main thread: signals are the embedding program's business
        pass
    try:
        for temp, target in moves:
            os.replace(temp, target)
        landed.extend(target for _, target in moves)
        for old in retired:
            old.unlink(missing_ok=True)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for number in dict.fromkeys(received):
            signal.raise_signal(number)  # now handled as it would have been


def sweep_temporaries(folder: Path, name_pattern: str) -> None:
    """Remove the temporaries in `folder` of targets whose names match the regex `name_pattern`,
    left by processes that are gone (folders with what is in them), whichever writer made them."""
    owner = re.compile(rf"^\.(?:{name_pattern})\.(\d+)[.]")
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        match = owner.match(entry.name)
        if match and not process_alive(int(match.group(1))):
            try:
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
            except OSError:  # a read-only folder: nothing to sweep there
                pass


class FileLock:
    """An exclusive lock held through the file at `path` (flock(2), so the kernel releases it when
    the process dies, SIGKILL included). The file goes with the lock; a lock taken on a file another
    process has just removed is taken again on the new one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: int | None = None

    @classmethod
    def beside(cls, target: Path) -> FileLock:
        """The lock of one output: `.<name>.lock` beside it."""
        return cls(target.with_name(f".{target.name}.lock"))

    def acquire(self, wait: bool = False) -> bool:
        """Take the lock; without `wait`, False at once when another process holds it."""
        import fcntl

        while True:
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                os.close(handle)
                return False
            except BaseException:  # interrupted while waiting
                os.close(handle)
                raise
            try:
                same = os.fstat(handle).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                self.handle = handle
                return True
            os.close(handle)

    def release(self) -> None:
        if self.handle is not None:
            self.path.unlink(missing_ok=True)  # while still held: no one can lock the old file after this
            os.close(self.handle)
            self.handle = None


def process_alive(pid: int) -> bool:
    """Whether process `pid` still runs: a temporary named for it may still be in use."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    except OverflowError:
        return False
    return True
