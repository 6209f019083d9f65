"""The library entry point: a story file in, a chaptered audiobook out."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .cast import load_voices
from .errors import OutputError, UsageError
from .export import FORMATS, Encoder, finish_audiobook
from .model import Audiobook, Script
from .read import read_story
from .render import SAMPLE_RATE, ProgressCallback, check_voices, render_script
from .segment import build_script
from .sidecars import write_sidecars

DEFAULT_OUTPUT_DIR = Path("output")
MAX_NAME_BYTES = 200  # below the 255-byte limit of common file systems, leaving room for suffixes
NAME_MARGIN = 16  # bytes: room for the longest suffix a sidecar or temporary name adds


@dataclass(frozen=True)
class RenderOptions:
    output: Path | None = None  # the audiobook's path; default output/<story file stem>.<format>
    format: str = "mp3"  # "mp3" or "m4b"
    voices: Path | None = None  # voices TOML; default voices/default.toml here, else built in
    progress: ProgressCallback | None = None


def plan_story(path: str | os.PathLike[str]) -> Script:
    """The script of a story without synthesizing anything."""
    return build_script(read_story(path))


def build_audiobook(path: str | os.PathLike[str], options: RenderOptions = RenderOptions()) -> Audiobook:
    """Read, segment, voice and stitch `path` into an audiobook written atomically."""
    if options.format not in FORMATS:
        raise UsageError(f"unknown format '{options.format}' (choose {', '.join(FORMATS)})")
    story = read_story(path)
    script = build_script(story)
    voices = load_voices(options.voices)
    check_voices(voices)
    target = output_path(story.source_name, options)
    encoder = None
    try:
        encoder = Encoder(target, options.format, SAMPLE_RATE)
        rendered = render_script(script, voices, encoder, options.progress)
        encoded = encoder.finish()
    except BaseException:  # an error or Ctrl-C: no half-written audio is left behind
        if encoder is not None:
            encoder.abort()
        raise
    finish_audiobook(encoded, target, options.format, story.metadata, story.title, rendered.marks)
    sidecars = write_sidecars(target, rendered.cues, rendered.marks)
    return Audiobook(str(target), rendered.marks, round(rendered.duration_ms), options.format, tuple(map(str, sidecars)), script.warnings)


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
    _check_name_length(target)
    if target.is_dir():
        raise OutputError(f"{target}: is a directory; give a file name with -o")
    return target


def _check_name_length(target: Path) -> None:
    """The longest name written beside the audiobook (its temporary file) must fit the file system."""
    try:
        limit = os.pathconf(target.parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    longest = len(f".{target.name}.{2**22}.audio.part".encode("utf-8")) + NAME_MARGIN
    if longest > limit:
        raise OutputError(f"{target.name[:40]}...: output file name is too long for this file system ({len(target.name.encode('utf-8'))} bytes); choose a shorter name with -o")


def safe_file_name(name: str) -> str:
    """A name that stays inside the output folder and fits the file system."""
    cleaned = re.sub(r"[\x00-\x1f/\\:*?\"<>|]+", "_", name).strip(" ._") or "story"
    while len(cleaned.encode("utf-8")) > MAX_NAME_BYTES:
        cleaned = cleaned[:-1]
    return cleaned
