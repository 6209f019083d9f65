"""An engine's raw clip -> the book's clip: edge silence trimmed, the book's sample rate, the voice
profile's effects (pydub). The one module that touches pydub."""

from __future__ import annotations

import array
import functools
import math
import sys
import warnings
from types import ModuleType
from typing import Any

from .engines import Clip, get_engine
from .errors import EngineError
from .model import SAMPLE_RATE, SAMPLE_WIDTH, VoiceProfile

SILENCE_THRESHOLD_DBFS = -50.0
SILENT_PEAK = 64  # a clip whose loudest sample is below this (-54 dBFS) holds no speech
KEEP_EDGE_MS = 20  # silence kept at each end of a trimmed clip, so words are not clipped
EDGE_FADE_MS = 10  # fade where a clip's sound starts and stops: long enough not to click, too short to hear
FADE_FROM_DBFS = -40.0  # the fades start where the sound first rises above this (a step from below it cannot click)


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
    audio = _fade_edges(audio[start:end], EDGE_FADE_MS)
    for name in profile.effects:
        audio = EFFECTS[name](audio)
    return audio.raw_data


AudioSegment = Any  # pydub.AudioSegment, imported only when clips are made


def _fade_edges(audio: AudioSegment, ms: int) -> AudioSegment:
    """`audio` faded in where its sound starts (the first sample above FADE_FROM_DBFS) and out where it
    stops, over `ms` along a raised cosine, sample by sample. eSpeak starts and stops some words at
    full level, which clicks; pydub's own fades step once a millisecond and begin at the clip's edge,
    before the sound."""
    samples = array.array("h", audio.raw_data)
    if sys.byteorder == "big":
        samples.byteswap()
    floor = 32768 * 10 ** (FADE_FROM_DBFS / 20)
    first = next((i for i, x in enumerate(samples) if abs(x) > floor), None)
    if first is None:
        return audio
    last = len(samples) - 1 - next(i for i, x in enumerate(reversed(samples)) if abs(x) > floor)
    count = min((last - first) // 2, round(audio.frame_rate * ms / 1000))
    for i in range(count):
        gain = 0.5 - 0.5 * math.cos(math.pi * (i + 0.5) / count)
        samples[first + i] = round(samples[first + i] * gain)
        samples[last - i] = round(samples[last - i] * gain)
    if sys.byteorder == "big":
        samples.byteswap()
    return audio._spawn(samples.tobytes())


def _inner(audio: AudioSegment) -> AudioSegment:
    """Inner speech, set apart from speech aloud without blurring its words as an echo does: the voice
    a little duller (above about 2 kHz, 6 dB down: a shelf, not a cut) and close, in a small room
    (three faint reflections 17-43 ms behind, 18-24 dB down)."""
    half = audio - 6  # dB: the voice and its low-passed copy, summed, keep the lows' level
    shelved = half.overlay(half.low_pass_filter(2000))
    roomy = shelved + _pydub().AudioSegment.silent(duration=50, frame_rate=audio.frame_rate)
    for delay, drop in ((17, 18), (29, 21), (43, 24)):  # ms, dB
        roomy = roomy.overlay(shelved - drop, position=delay)
    return roomy


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


EFFECTS = {"inner": _inner, "echo": _echo, "soft": _soft, "telephone": _telephone, "warm": _warm}
