"""The real pyttsx3 + eSpeak NG path: every clip gets its own settings, however they alternate."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import f0

from fic2audio.effects import shape_clip
from fic2audio.engines import get_engine
from fic2audio.errors import UsageError
from fic2audio.model import VoiceProfile

pytestmark = pytest.mark.real_audio  # every test here speaks with the real eSpeak NG

TEXT = "The quick brown fox jumps over the lazy dog near the river bank."


@pytest.fixture(scope="module")
def engine():
    return get_engine("pyttsx3")


def test_alternating_settings_land_on_every_clip(engine):
    slow, fast = VoiceProfile(voice="en", rate=130, pitch=50), VoiceProfile(voice="en", rate=330, pitch=50)
    low, high = VoiceProfile(voice="en", rate=175, pitch=10), VoiceProfile(voice="en", rate=175, pitch=90)
    durations = {"slow": [], "fast": []}
    pitches = {"low": [], "high": []}
    for _ in range(10):  # interleaved, so a dropped change would give a clip the previous clip's settings
        durations["slow"].append(engine.synthesize(TEXT, slow).duration_ms)
        pitches["high"].append(f0(engine.synthesize(TEXT, high).pcm, 22050))
        durations["fast"].append(engine.synthesize(TEXT, fast).duration_ms)
        pitches["low"].append(f0(engine.synthesize(TEXT, low).pcm, 22050))
    assert max(durations["fast"]) < 0.7 * min(durations["slow"])
    assert min(pitches["high"]) > 1.3 * max(pitches["low"])
    # Identical settings give identical clips: nothing leaks from the clip before.
    assert max(durations["slow"]) - min(durations["slow"]) < 1.0


def test_voices_and_variants_are_applied(engine):
    plain = engine.synthesize(TEXT, VoiceProfile(voice="en", pitch=50))
    female = engine.synthesize(TEXT, VoiceProfile(voice="en+f3", pitch=50))
    assert f0(female.pcm, 22050) > 1.2 * f0(plain.pcm, 22050)


def test_volume_setting_changes_loudness(engine):
    loud = np.frombuffer(engine.synthesize(TEXT, VoiceProfile(volume=1.0)).pcm, dtype="<i2").astype(float)
    quiet = np.frombuffer(engine.synthesize(TEXT, VoiceProfile(volume=0.3)).pcm, dtype="<i2").astype(float)
    assert np.sqrt(np.mean(quiet**2)) < 0.6 * np.sqrt(np.mean(loud**2))


@pytest.mark.parametrize("voice", ["zorblax", "en+nosuchvariant", "xx-yy"])
def test_unknown_voices_are_errors_naming_them(engine, voice):
    with pytest.raises(UsageError, match=voice.replace("+", r"\+")):
        engine.check_voice(voice)


def test_voice_list_includes_english_and_variants(engine):
    voices = engine.voices()
    ids = {v.id for v in voices}
    assert {"en", "en-us", "en-gb-x-rp"} <= ids  # as voices files write them, not eSpeak's gmw/en-us
    for voice in voices:
        engine.check_voice(voice.id if not voice.variant else "en" + voice.id)  # every id listed is one a voices file takes
    genders = {v.name: v.gender for v in voices if v.variant}
    assert genders["f3"] == "female" and genders["m3"] == "male"  # from the variant files, not one default for all


def test_trailing_engine_silence_is_trimmed(engine):
    clip = engine.synthesize("Hello.", VoiceProfile())
    raw = np.frombuffer(clip.pcm, dtype="<i2")
    tail = raw[-int(0.25 * clip.sample_rate) :]
    assert np.abs(tail).max() < 300, "eSpeak pads every clip with silence; this test expects it"
    shaped = np.frombuffer(shape_clip(clip, VoiceProfile()), dtype="<i2")
    assert len(shaped) < len(raw) - int(0.2 * clip.sample_rate)


def test_finding_espeak_runs_no_program_and_leaves_no_file(monkeypatch, tmp_path):
    """Every worker looks for eSpeak NG; ctypes.util.find_library would run gcc over a temporary file
    that a worker stopped mid-search leaves behind. The lookup asks the dynamic loader instead."""
    import subprocess
    import tempfile

    from fic2audio.engines import pyttsx3_espeak

    def no_program(*args, **kwargs):
        raise AssertionError(f"the lookup ran a program: {args}")

    monkeypatch.setattr(subprocess, "Popen", no_program)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    library, data = pyttsx3_espeak.locate_espeak_library.__wrapped__()
    assert "espeak-ng" in library
    assert data is None or (pyttsx3_espeak.Path(data) / "voices").is_dir()
    assert list(tmp_path.iterdir()) == []


def test_a_missing_system_library_falls_back_to_the_wheel(monkeypatch):
    from fic2audio.engines import pyttsx3_espeak

    monkeypatch.setattr(pyttsx3_espeak, "SYSTEM_LIBRARY_NAMES", ("libno-such-espeak.so.9",))
    library, data = pyttsx3_espeak.locate_espeak_library.__wrapped__()
    assert "espeakng_loader" in library and data is not None
