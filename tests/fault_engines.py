"""Engines that misbehave on purpose, importable by worker processes (so not in conftest's fixtures).

Each fault fires on texts containing its trigger word. `once` faults fire on the first try only,
remembered in a marker file in `state_dir`, so a retry in another process sees it already fired.
"""

from __future__ import annotations

import hashlib
import math
import os
import struct
import time
from pathlib import Path

from fic2audio.engines import Clip, VoiceInfo
from fic2audio.model import VoiceProfile

RATE = 22050


def tone(words: int, pitch: int) -> bytes:
    frames = int(RATE * 0.05 * max(1, words))
    freq = 100 + pitch * 4
    return b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * freq * i / RATE))) for i in range(frames))


class FaultyEngine:
    """`fault` is one of crash, hang, empty, silent, die (the process exits), nostart (the engine
    cannot start at all) or slowstart (it takes a second to start); `trigger` picks the texts."""

    name = "faulty"

    def __init__(self, fault: str, state_dir: str, once: bool = False, trigger: str = "TRIGGER") -> None:
        self.fault = fault
        self.state_dir = Path(state_dir)
        self.once = once
        self.trigger = trigger
        if fault == "nostart":
            raise RuntimeError("libespeak-ng.so.1: cannot open shared object file")
        if fault == "slowstart":
            time.sleep(1)

    def pitch_hz(self, profile: VoiceProfile) -> float | None:
        return None

    def version(self) -> str:
        return "faulty-1"

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("en", "English")]

    def check_voice(self, voice: str) -> None:
        pass

    def voice_variants(self, voice: str, gender: str | None) -> list[str]:
        return []

    def phonemes(self, text: str, voice: str) -> str:
        return text

    def close(self) -> None:
        pass

    def synthesize(self, text: str, profile: VoiceProfile) -> Clip:
        marker = self.state_dir / hashlib.sha1(text.encode()).hexdigest()
        with open(self.state_dir / "calls.log", "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {text}\n")
        if self.trigger in text and not (self.once and marker.exists()):
            marker.touch()
            if self.fault == "crash":
                raise RuntimeError("engine crashed")
            if self.fault == "hang":
                time.sleep(3600)
            if self.fault == "empty":
                return Clip(b"", RATE)
            if self.fault == "silent":
                return Clip(b"\x00\x00" * RATE, RATE)
            if self.fault == "die":
                os._exit(9)
        return Clip(tone(len(text.split()), profile.pitch), RATE)


def calls(state_dir: Path) -> list[str]:
    log = Path(state_dir) / "calls.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []
