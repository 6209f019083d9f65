"""Voiced script -> one stream of PCM: clips trimmed and shaped with pydub, pauses between them.

Audio flows to a sink as it is made, so memory stays flat however long the story is.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from .engines import Clip, get_engine
from .errors import UsageError
from .model import ChapterMark, Pause, Script, Segment, VoiceConfig, VoiceProfile
from .speakable import DEFAULT_SPEECH, SpeechOptions, speakable

SAMPLE_RATE = 22050  # Hz; eSpeak NG's native rate, kept to the end (speech needs no more)
SAMPLE_WIDTH = 2  # bytes: signed 16-bit PCM
SILENCE_THRESHOLD_DBFS = -50.0
KEEP_EDGE_MS = 20  # silence kept at each end of a trimmed clip, so words are not clipped


class PcmSink(Protocol):
    def write(self, pcm: bytes) -> None: ...


@dataclass(frozen=True)
class Cue:
    """Where one segment sits in the audio, for transcripts and read-along."""

    chapter: int  # index into Script.chapters
    segment: Segment
    start_ms: float
    end_ms: float


@dataclass(frozen=True)
class Rendered:
    marks: tuple[ChapterMark, ...]
    cues: tuple[Cue, ...]
    frames: int
    sample_rate: int = SAMPLE_RATE

    @property
    def duration_ms(self) -> float:
        return self.frames * 1000 / self.sample_rate


ProgressCallback = Callable[[int, int], None]  # (segments done, segments in all)


def check_voices(voices: VoiceConfig) -> None:
    """Fail before any audio is made when a profile names an engine or voice that does not exist."""
    for _, profile in (*voices.kinds, *voices.characters):
        try:
            get_engine(profile.engine).check_voice(profile.voice)
        except UsageError as exc:
            raise UsageError(f"{voices.source}: {exc}") from None  # name the file to fix


def render_script(script: Script, voices: VoiceConfig, sink: PcmSink, progress: ProgressCallback | None = None, speech: SpeechOptions = DEFAULT_SPEECH) -> Rendered:
    """Speak every segment of `script` into `sink`; return chapter marks and per-segment cues."""
    total = sum(len(ch.segments) for ch in script.chapters)
    done = 0
    frames = 0
    marks: list[ChapterMark] = []
    cues: list[Cue] = []

    def emit(pcm: bytes) -> None:
        nonlocal frames
        sink.write(pcm)
        frames += len(pcm) // SAMPLE_WIDTH

    for index, chapter in enumerate(script.chapters):
        chapter_start = frames
        for segment in chapter.segments:
            profile = voices.profile_for(segment)
            audio = shape_clip(synthesize(segment.text, profile, speech), profile)
            start = frames
            emit(audio)
            cues.append(Cue(index, segment, _ms(start), _ms(frames)))
            done += 1
            # The book ends when its last word does: no pause after it, so the transcript's last cue
            # ends with the audio and players show the true length.
            if done < total:
                emit(silence(voices.pauses.after(segment.pause)))
            if progress:
                progress(done, total)
        if done < total:
            emit(silence(voices.pauses.chapter))
        marks.append(ChapterMark(chapter.title, round(_ms(chapter_start)), round(_ms(frames))))
    return Rendered(tuple(marks), tuple(cues), frames)


def synthesize(text: str, profile: VoiceProfile, speech: SpeechOptions = DEFAULT_SPEECH) -> Clip:
    """One clip of `text` as the listener should hear it: numbers, abbreviations and lexicon words spoken."""
    return get_engine(profile.engine).synthesize(speakable(text, speech), profile)


@functools.cache
def _pydub():
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


def silence(ms: int) -> bytes:
    return b"\x00" * (SAMPLE_WIDTH * round(SAMPLE_RATE * ms / 1000))


def _ms(frames: int) -> float:
    return frames * 1000 / SAMPLE_RATE


def _echo(audio):
    """A faint second voice 90 ms behind: inner speech, heard as if inside the head."""
    delay = 90  # ms
    padded = audio + _pydub().AudioSegment.silent(duration=delay, frame_rate=audio.frame_rate)
    return padded.overlay(audio - 9, position=delay)


def _soft(audio):
    return audio - 4  # dB


def _telephone(audio):
    return audio.high_pass_filter(300).low_pass_filter(3400)


def _warm(audio):
    return audio.low_pass_filter(3000)


EFFECTS = {"echo": _echo, "soft": _soft, "telephone": _telephone, "warm": _warm}
