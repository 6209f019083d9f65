"""A Piper host that dies by SIGSEGV on its first request containing "Kaboom" (remembered in a marker
file in the folder given as its argument), as a host hit by the eSpeak clash would; then it serves."""

import os
import signal
import sys
from pathlib import Path

from fic2audio.engines.piper import serve

STATE = Path(sys.argv[1])


def crash_once(request: dict) -> None:
    marker = STATE / "crashed"
    if "Kaboom" in request.get("text", "") and not marker.exists():
        marker.touch()
        os.kill(os.getpid(), signal.SIGSEGV)


serve(crash_once)
