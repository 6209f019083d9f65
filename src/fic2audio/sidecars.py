"""Files beside the audiobook: WebVTT and SRT transcripts and a Podcasting 2.0 chapters JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from .atomic import write_atomic
from .model import ChapterMark, Cue, Kind

VOICED_KINDS = (Kind.DIALOGUE, Kind.THOUGHT)  # kinds whose known speaker gets a <v Speaker> tag


def webvtt(cues: Iterable[Cue]) -> str:
    """A WebVTT transcript: one cue per segment, `<v Speaker>` where the speaker is known."""
    return "".join(webvtt_pieces(cues))


def webvtt_pieces(cues: Iterable[Cue]) -> Iterator[str]:
    """The WebVTT transcript a cue at a time, for writing without holding it whole."""
    yield "WEBVTT\n"
    for number, cue in enumerate(cues, start=1):
        text = _vtt_escape(_one_line(cue.segment.text))
        if cue.segment.kind in VOICED_KINDS and cue.segment.speaker:
            text = f"<v {_vtt_escape(_one_line(cue.segment.speaker))}>{text}"
        yield f"\n{number}\n{_timestamp(cue.start_ms)} --> {_timestamp(cue.end_ms)}\n{text}\n"


def srt(cues: Iterable[Cue]) -> str:
    """A SubRip transcript with the same cues; the speaker, when known, leads the line as `NAME:`."""
    return "".join(srt_pieces(cues))


def srt_pieces(cues: Iterable[Cue]) -> Iterator[str]:
    for number, cue in enumerate(cues, start=1):
        text = _one_line(cue.segment.text)
        if cue.segment.kind in VOICED_KINDS and cue.segment.speaker:
            text = f"{_one_line(cue.segment.speaker)}: {text}"
        gap = "" if number == 1 else "\n"  # a blank line between cues, none before the first
        yield f"{gap}{number}\n{_timestamp(cue.start_ms, ',')} --> {_timestamp(cue.end_ms, ',')}\n{text}\n"


def chapters_json(marks: tuple[ChapterMark, ...]) -> str:
    return json.dumps(
        {
            "version": "1.2.0",
            "chapters": [{"startTime": m.start_ms / 1000, "endTime": m.end_ms / 1000, "title": m.title} for m in marks],
        },
        ensure_ascii=False,
        indent=1,
    )


def sidecar_paths(audio_path: Path) -> dict[str, Path]:
    """Where each sidecar of `audio_path` lives; feed and serve find them by these names."""
    return {
        "vtt": audio_path.with_suffix(".vtt"),
        "srt": audio_path.with_suffix(".srt"),
        "chapters": audio_path.with_suffix(".chapters.json"),
    }


def write_sidecars(audio_path: Path, cues: tuple[Cue, ...], marks: tuple[ChapterMark, ...]) -> tuple[Path, ...]:
    paths = sidecar_paths(audio_path)
    write_atomic(paths["vtt"], webvtt_pieces(cues))
    write_atomic(paths["srt"], srt_pieces(cues))
    write_atomic(paths["chapters"], chapters_json(marks))
    return paths["vtt"], paths["srt"], paths["chapters"]


def _one_line(text: str) -> str:
    # A blank line ends a cue in both formats, and "-->" would be read as a timing line.
    return " ".join(text.replace("-->", "→").split())


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _timestamp(ms: float, separator: str = ".") -> str:
    total = round(ms)
    hours, rest = divmod(total, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"
