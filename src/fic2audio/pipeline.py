"""The library entry point: a story file in, a chaptered audiobook out."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from .cast import load_voices
from .errors import OutputError, UsageError
from .export import ENCODER_DELAY, FORMATS, assemble, check_split, remove_stale_temporaries, split_volumes, volume_path
from .model import Audiobook, Script
from .read import read_story
from .render import ProgressCallback, RenderSettings, check_voices, layout, render_book
from .segment import build_script
from .sidecars import write_sidecars

DEFAULT_OUTPUT_DIR = Path("output")
MAX_NAME_BYTES = 200  # below the 255-byte limit of common file systems, leaving room for suffixes


@dataclass(frozen=True)
class RenderOptions:
    output: Path | None = None  # the audiobook's path; default output/<story file stem>.<format>
    format: str = "mp3"  # "mp3" or "m4b"
    voices: Path | None = None  # voices TOML; default voices/default.toml here, else built in
    progress: ProgressCallback | None = None
    jobs: int = 0  # synthesis worker processes; 0: one per CPU
    cache_dir: Path | None = None  # clip cache; default the user cache folder (platformdirs)
    use_cache: bool = True  # False: make everything afresh and store nothing
    split_hours: float | None = None  # start a new file at the first chapter end past this many hours
    split_chapters: int | None = None  # at most this many chapters per file
    clip_timeout_s: float | None = None  # a clip taking longer counts as a hang; default workers.CLIP_TIMEOUT_S


def plan_story(path: str | os.PathLike[str]) -> Script:
    """The script of a story without synthesizing anything."""
    return build_script(read_story(path))


def build_audiobook(path: str | os.PathLike[str], options: RenderOptions = RenderOptions()) -> Audiobook:
    """Read, segment, voice and stitch `path` into an audiobook written atomically."""
    if options.format not in FORMATS:
        raise UsageError(f"unknown format '{options.format}' (choose {', '.join(FORMATS)})")
    story = read_story(path)
    script = build_script(story)
    story = replace(story, chapters=())  # the text lives on in `script`; a long book need not hold it twice
    voices = load_voices(options.voices)
    check_voices(voices)
    check_split(options.split_hours, options.split_chapters)
    target = output_path(story.source_name, options)
    settings = RenderSettings(jobs=options.jobs, cache_dir=_cache_dir(options))
    if options.clip_timeout_s is not None:
        settings = replace(settings, clip_timeout_s=options.clip_timeout_s)
    remove_stale_temporaries(target)
    workdir = target.with_name(f".{target.name}.{os.getpid()}.parts")  # parts live here when there is no cache
    try:
        workdir.mkdir(exist_ok=True)
        book = render_book(script, voices, options.format, workdir, settings, options.progress)
        volumes = split_volumes([c.samples for c in book.chapters], options.split_hours, options.split_chapters)
        paths = [target] if len(volumes) == 1 else [volume_path(target, n + 1, len(volumes)) for n in range(len(volumes))]
        marks, sidecars, duration = [], [], 0
        for number, (path, indices) in enumerate(zip(paths, volumes), start=1):
            rendered = layout(script, book.chapters, indices, ENCODER_DELAY[options.format])
            title = story.title if len(volumes) == 1 else f"{story.title} (part {number} of {len(paths)})"
            assemble([book.chapters[i].path for i in indices], path, options.format, story.metadata, title, rendered.marks)
            sidecars += write_sidecars(path, rendered.cues, rendered.marks)
            marks += rendered.marks
            duration += rendered.duration_ms
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return Audiobook(str(target if len(paths) == 1 else paths[0]), tuple(marks), round(duration), options.format, tuple(map(str, sidecars)), tuple(map(str, paths)))


def _cache_dir(options: RenderOptions) -> Path | None:
    if not options.use_cache:
        return None
    if options.cache_dir is not None:
        return options.cache_dir
    from .cache import default_cache_dir

    return default_cache_dir()


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
