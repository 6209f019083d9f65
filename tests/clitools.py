"""Running the real `fic2audio` command in a subprocess, and what every failed run must look like."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "fic2audio"]


def run_cli(*args: str | os.PathLike[str], cwd: Path, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=timeout, **kwargs)


def assert_failed_cleanly(result: subprocess.CompletedProcess, exit_code: int, *needles: str) -> str:
    """The run exited with `exit_code` and said so in one line, no traceback, naming each of `needles`."""
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert result.returncode == exit_code, (result.returncode, result.stderr)
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    line = lines[0]
    assert line.startswith("fic2audio: "), line
    for needle in needles:
        assert needle in line, (needle, line)
    return line


@contextlib.contextmanager
def serving(folder: Path):
    """`fic2audio serve FOLDER` on 127.0.0.1 and a free port; yields the base URL (with the token)."""
    # Popen as a context closes both pipes on the way out (a ResourceWarning otherwise) and waits.
    with subprocess.Popen(
        [*CLI, "serve", str(folder), "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            line = process.stdout.readline()
            assert line.startswith("subscribe: http://127.0.0.1:"), line or process.stderr.read()
            feed_url = line.split(" ", 1)[1].strip()
            assert feed_url.endswith("/feed.xml")
            yield feed_url[: -len("feed.xml")]
        finally:
            process.terminate()
            process.wait(timeout=10)


def leftovers(folder: Path) -> list[Path]:
    """Temporary files and folders a run may have left anywhere under `folder`: `*.part`, and the
    `.<name>.<pid>.*` work folders and spools beside the audiobook."""
    return [p for p in folder.rglob("*") if p.name.endswith(".part") or re.match(r"^\..+\.\d+\.", p.name)]


def audio_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.suffix in (".mp3", ".m4b", ".vtt", ".json") and p.is_file()]


def without_root_file_powers() -> dict:
    """subprocess arguments that make a root process obey file permissions, as any user's would.

    Root reads and writes past permission bits through two capabilities; the child drops them from its
    bounding set (which exec would otherwise restore them from) and its own sets (capset(2)) before it
    starts. Not root: nothing to drop."""
    if os.geteuid() != 0:
        return {}
    return {"preexec_fn": _drop_dac_capabilities}


def _drop_dac_capabilities() -> None:
    import ctypes

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    libc = ctypes.CDLL(None, use_errno=True)
    header = Header(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3: two Data structs
    data = (Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget failed")
    cap_dac_override, cap_dac_read_search = 1, 2
    pr_capbset_drop = 24
    for cap in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")
    mask = ~((1 << cap_dac_override) | (1 << cap_dac_read_search)) & 0xFFFFFFFF
    data[0].effective &= mask
    data[0].permitted &= mask
    data[0].inheritable &= mask
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")
