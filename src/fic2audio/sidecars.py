"""Files beside the audiobook: a WebVTT transcript and a Podcasting 2.0 chapters JSON."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .model import ChapterMark, Kind
from .render import Cue


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it into place."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; sidecars are as shareable as the audio
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def webvtt(cues: tuple[Cue, ...]) -> str:
    lines = ["WEBVTT", ""]
    for number, cue in enumerate(cues, start=1):
        text = cue.segment.text.replace("-->", "→").replace("\n", " ")
        if cue.segment.kind is Kind.DIALOGUE and cue.segment.speaker:
            text = f"<v {cue.segment.speaker}>{text}"
        lines += [str(number), f"{_timestamp(cue.start_ms)} --> {_timestamp(cue.end_ms)}", text, ""]
    return "\n".join(lines)


def chapters_json(marks: tuple[ChapterMark, ...]) -> str:
    return json.dumps(
        {"version": "1.2.0", "chapters": [{"startTime": m.start_ms / 1000, "endTime": m.end_ms / 1000, "title": m.title} for m in marks]},
        ensure_ascii=False,
        indent=1,
    )


def write_sidecars(audio_path: Path, cues: tuple[Cue, ...], marks: tuple[ChapterMark, ...]) -> tuple[Path, ...]:
    vtt = audio_path.with_suffix(".vtt")
    chapters = audio_path.with_suffix(".chapters.json")
    write_atomic(vtt, webvtt(cues))
    write_atomic(chapters, chapters_json(marks))
    return vtt, chapters


def _timestamp(ms: float) -> str:
    total = round(ms)
    hours, rest = divmod(total, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
