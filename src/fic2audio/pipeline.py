"""The library entry point: a story file in, a chaptered audiobook out."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .cast import load_voices
from .errors import OutputError, UsageError
from .export import FORMATS, Encoder, finish_audiobook
from .model import Audiobook, Script
from .read import read_story
from .render import SAMPLE_RATE, ProgressCallback, check_voices, render_script
from .listening import ListeningChoices, script_for
from .sidecars import write_sidecars

DEFAULT_OUTPUT_DIR = Path("output")
StoryInput = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]  # a file, a folder, or chapter files
MAX_NAME_BYTES = 200  # below the 255-byte limit of common file systems, leaving room for suffixes


@dataclass(frozen=True)
class RenderOptions:
    output: Path | None = None  # the audiobook's path; default output/<story file stem>.<format>
    format: str = "mp3"  # "mp3" or "m4b"
    voices: Path | None = None  # voices TOML; default voices/default.toml here, else built in
    progress: ProgressCallback | None = None
    notes: str = "all"  # "all", "summary" (summaries only) or "none": which notes are read
    warnings: bool = False  # archive warnings read as a chapter of their own
    credits: bool = True  # the header credits the author and says the recording is synthetic

    @property
    def listening(self) -> ListeningChoices:
        return ListeningChoices(notes=self.notes, warnings=self.warnings, credits=self.credits)


def plan_story(path: StoryInput, options: RenderOptions = RenderOptions()) -> Script:
    """The script of a story without synthesizing anything."""
    return script_for(read_story(path), options.listening)


def build_audiobook(path: StoryInput, options: RenderOptions = RenderOptions()) -> Audiobook:
    """Read, segment, voice and stitch `path` into an audiobook written atomically."""
    if options.format not in FORMATS:
        raise UsageError(f"unknown format '{options.format}' (choose {', '.join(FORMATS)})")
    story = read_story(path)
    script = script_for(story, options.listening)
    voices = load_voices(options.voices)
    check_voices(voices)
    target = output_path(story.source_name, options)
    encoder = Encoder(target, options.format, SAMPLE_RATE)
    try:
        rendered = render_script(script, voices, encoder, options.progress)
        encoded = encoder.finish()
    except BaseException:
        encoder.abort()
        raise
    finish_audiobook(encoded, target, options.format, story.metadata, story.title, rendered.marks)
    sidecars = write_sidecars(target, rendered.cues, rendered.marks)
    return Audiobook(str(target), rendered.marks, round(rendered.duration_ms), options.format, tuple(map(str, sidecars)))


def output_path(source_name: str, options: RenderOptions) -> Path:
    if options.output is not None:
        target = options.output
    else:
        target = DEFAULT_OUTPUT_DIR / f"{safe_file_name(source_name)}.{options.format}"
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder ({exc.strerror or exc})") from None
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{folder}: output folder is not writable; choose another with -o")
    if target.is_dir():
        raise OutputError(f"{target}: is a directory; give a file name with -o")
    return target


def safe_file_name(name: str) -> str:
    """A name that stays inside the output folder and fits the file system."""
    cleaned = re.sub(r"[\x00-\x1f/\\:*?\"<>|]+", "_", name).strip(" ._") or "story"
    while len(cleaned.encode("utf-8")) > MAX_NAME_BYTES:
        cleaned = cleaned[:-1]
    return cleaned
