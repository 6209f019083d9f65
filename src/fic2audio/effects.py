"""An engine's raw clip -> the book's clip: edge silence trimmed, the book's sample rate, the voice
profile's effects (pydub). The one module that touches pydub."""

from __future__ import annotations

import functools
import warnings
from types import ModuleType
from typing import Any

from .engines import Clip, get_engine
from .errors import EngineError
from .model import SAMPLE_RATE, SAMPLE_WIDTH, VoiceProfile

SILENCE_THRESHOLD_DBFS = -50.0
SILENT_PEAK = 64  # a clip whose loudest sample is below this (-54 dBFS) holds no speech
KEEP_EDGE_MS = 20  # silence kept at each end of a trimmed clip, so words are not clipped


@functools.cache
def _pydub() -> ModuleType:
    """pydub, imported quietly: it warns at import when ffmpeg is not on PATH, though it never needs
    ffmpeg for the raw PCM handled here; its documented `converter` setting points at ours anyway."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", DeprecationWarning)  # audioop, until pydub moves off it
        import pydub
        import pydub.silence
    from .export import ffmpeg_path

    pydub.AudioSegment.converter = ffmpeg_path()
    return pydub


def make_clip(text: str, profile: VoiceProfile) -> bytes:
    """The book-ready PCM of `text` (already speakable) in `profile`; EngineError when it is empty or silent."""
    if not text:  # a line that was only emoji, with emoji set to "drop": its cue stays, with no sound
        return b""
    pcm = shape_clip(get_engine(profile.engine).synthesize(text, profile), profile)
    if (
        len(pcm) < SAMPLE_WIDTH
        or _pydub().AudioSegment(data=pcm, sample_width=SAMPLE_WIDTH, frame_rate=SAMPLE_RATE, channels=1).max < SILENT_PEAK
    ):
        raise EngineError("empty or silent clip")
    return pcm


def shape_clip(clip: Clip, profile: VoiceProfile) -> bytes:
    """Trim the engine's edge silence, match the book's format, apply the profile's effects."""
    pydub = _pydub()
    AudioSegment, detect_leading_silence = pydub.AudioSegment, pydub.silence.detect_leading_silence

    audio = AudioSegment(data=clip.pcm, sample_width=SAMPLE_WIDTH, frame_rate=clip.sample_rate, channels=1)
    if clip.sample_rate != SAMPLE_RATE:
        audio = audio.set_frame_rate(SAMPLE_RATE)
    lead = detect_leading_silence(audio, silence_threshold=SILENCE_THRESHOLD_DBFS, chunk_size=5)
    tail = detect_leading_silence(audio.reverse(), silence_threshold=SILENCE_THRESHOLD_DBFS, chunk_size=5)
    start = max(0, lead - KEEP_EDGE_MS)
    end = max(start, len(audio) - max(0, tail - KEEP_EDGE_MS))
    audio = audio[start:end]
    for name in profile.effects:
        audio = EFFECTS[name](audio)
    return audio.raw_data


AudioSegment = Any  # pydub.AudioSegment, imported only when clips are made


def _echo(audio: AudioSegment) -> AudioSegment:
    """A faint second voice 90 ms behind: inner speech, heard as if inside the head."""
    delay = 90  # ms
    padded = audio + _pydub().AudioSegment.silent(duration=delay, frame_rate=audio.frame_rate)
    return padded.overlay(audio - 9, position=delay)


def _soft(audio: AudioSegment) -> AudioSegment:
    return audio - 4  # dB


def _telephone(audio: AudioSegment) -> AudioSegment:
    return audio.high_pass_filter(300).low_pass_filter(3400)


def _warm(audio: AudioSegment) -> AudioSegment:
    return audio.low_pass_filter(3000)


EFFECTS = {"echo": _echo, "soft": _soft, "telephone": _telephone, "warm": _warm}
