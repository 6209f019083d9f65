"""The library entry point: a story file in, a chaptered audiobook out."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import FileLock, land, sweep_temporaries, temporary_name, temporary_path, write_atomic
from .casting import Cast, cast_file_text, cast_for_story, cast_voices, check_cast, load_cast, write_cast_file
from .characters import Character, find_characters
from .collector import collector_paused
from .errors import Interrupted, OutputError, UsageError
from .export import FORMATS, assemble, check_split, part_format, remove_stale_temporaries, split_volumes, volume_path
from .listening import ListeningChoices, filter_notes, script_for
from .mastering import DEFAULT_LOUDNESS_LUFS, LOUDNESS_RANGE, Mastering, check_acx
from .model import SAMPLE_RATE, Audiobook, ChapterMark, Script, Story, VoiceConfig
from .quotes import dialogue_quote_style
from .read import read_story
from .segment import HEADER_CHAPTER_TITLE
from .speakable import load_speech
from .speakers import attribute_speakers
from .voices import check_voices, load_voices, override_voices, with_engine

if TYPE_CHECKING:
    # imported where a book is made, not at import: `plan` never renders, draws a cover or writes an EPUB, and these
    # modules (with multiprocessing and the XML writers) were 0.055 s of each plan's start (1.3% of a 200k-word plan)
    from .render import ProgressCallback, RenderSettings

DEFAULT_OUTPUT_DIR = Path("output")
BOOK_FORMATS = (*FORMATS, "epub3")  # epub3: the text with Media Overlays, narrated by an MP3 inside
EPUB_AUDIO = "mp3"
StoryInput = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]  # a file, a folder, or chapter files
MAX_NAME_BYTES = 200  # below the 255-byte limit of common file systems, leaving room for suffixes
LONGEST_TEMPORARY = ".ffmeta.part"  # the longest ending of a temporary beside the audiobook (export.finish_audiobook)
NAME_MARGIN = 16  # bytes: room for the longest suffix a sidecar or temporary name adds


# What an output name's extension says the format is (-o book.m4b makes an M4B).
FORMAT_OF_SUFFIX = {".mp3": "mp3", ".m4b": "m4b", ".m4a": "m4b", ".mp4": "m4b", ".epub": "epub3"}


@dataclass(frozen=True)
class RenderOptions:
    output: Path | None = None  # the audiobook's path; default output/<story file stem>.<format>
    format: str | None = None  # "mp3", "m4b" or "epub3"; default: from the output's extension, else mp3
    voices: Path | None = None  # voices TOML; default voices/default.toml here, else built in
    voice: str | None = None  # every kind's voice, overriding the voices file (--voice)
    rate: int | None = None  # the narration's words per minute, the other kinds in proportion (--rate)
    speed: float | None = None  # every rate multiplied by this (--speed)
    cast: Path | None = None  # cast TOML (character -> voice); default voices/cast.toml here, else automatic
    progress: ProgressCallback | None = None
    cover: Path | None = None  # the reader's cover image; default: one drawn from the story's header
    notes: str = "all"  # "all", "summary" (summaries only) or "none": which notes are read
    warnings: bool = False  # archive warnings read as a chapter of their own
    credits: bool = True  # the header credits the author and says the recording is synthetic
    emoji: str | None = None  # "name" or "drop"; default from the lexicon files, else "name"
    jobs: int = 0  # synthesis worker processes; 0: one per CPU
    cache_dir: Path | None = None  # clip cache; default the user cache folder (platformdirs)
    use_cache: bool = True  # False: make everything afresh and store nothing
    split_hours: float | None = None  # start a new file at the first chapter end past this many hours
    split_chapters: int | None = None  # at most this many chapters per file
    clip_timeout_s: float | None = None  # a clip taking longer counts as a hang; default workers.CLIP_TIMEOUT_S
    engine: str | None = None  # every voice on this engine ("pyttsx3", "piper"); default: as the voices file says
    loudness: float = DEFAULT_LOUDNESS_LUFS  # integrated loudness the whole book is brought to (LUFS)
    preset: str | None = None  # "acx": ACX's audiobook files, one MP3 per chapter with credits, checked

    @property
    def listening(self) -> ListeningChoices:
        return ListeningChoices(
            notes=self.notes, warnings=self.warnings, credits=self.credits, closing_credits=self.preset == "acx"
        )


def plan_story(path: StoryInput, options: RenderOptions = RenderOptions()) -> Script:
    """The script of a story, each line's speaker filled where the rules are sure; nothing synthesized."""
    return plan_with_characters(path, options)[0]


def plan_with_characters(path: StoryInput, options: RenderOptions = RenderOptions()) -> tuple[Script, list[Character]]:
    """The plan and the characters found (with aliases and genders), for `fic2audio plan` to show both."""
    # the reading too: a text story's paragraphs and blocks hold no cycles (a 200k-word story: a full collection of
    # 0.02 s while its paragraphs were split)
    with collector_paused():
        story, cast = story_and_cast(read_story(path), load_cast(options.cast))
        return voiced_script(story, cast, options.listening)


def story_and_cast(story: Story, cast: Cast) -> tuple[Story, Cast]:
    """`story`, with a warning where `cast` was written for another story, and the cast to read it with."""
    cast, warning = cast_for_story(cast, story.title)
    return (replace(story, warnings=(*story.warnings, warning)) if warning else story), cast


def voiced_script(story: Story, cast: Cast, listening: ListeningChoices = ListeningChoices()) -> tuple[Script, list[Character]]:
    """Segment `story` as the listener chose and attribute its dialogue to the story's characters."""
    with collector_paused():  # the script and what is learned from it hold no cycles to collect
        script = script_for(story, listening)
        return attribute_speakers(script, find_characters(script, cast.characters))


def write_starting_cast(
    path: StoryInput, output: Path, voices: Path | None = None, *, force: bool = False, engine: str | None = None
) -> list[tuple[str, str]]:
    """Write a cast file for the story at `path` (its characters with automatic voices); return each
    name (the narrator's last) with its voice and pitch."""
    config = with_engine(load_voices(voices), engine)
    check_voices(config)
    story = read_story(path)
    script, characters = voiced_script(story, Cast())
    text, names = cast_file_text(config, script, characters, story=story.title)
    write_cast_file(output, text, force=force)
    return names


def output_format(output: Path | None, fmt: str | None) -> str:
    """The format asked for: --format when given, else what -o's extension names, else mp3; an
    extension that names another format than --format is a usage error."""
    if fmt is not None:
        fmt = fmt.lower()
        if fmt not in BOOK_FORMATS:
            raise UsageError(f"unknown format '{fmt}' (choose {', '.join(BOOK_FORMATS)})")
    named = FORMAT_OF_SUFFIX.get(output.suffix.lower()) if output is not None else None
    if output is not None and fmt is not None and named is not None and named != fmt:
        raise UsageError(f"-o {output.name} names a {named} file but --format is {fmt}; change one of them")
    if fmt is None and output is not None and output.suffix and named is None:
        raise UsageError(
            f"-o {output.name}: cannot tell the format from '{output.suffix}'; end the name in .mp3, .m4b or .epub, or give --format"
        )
    return fmt or named or "mp3"


def build_audiobook(path: StoryInput, options: RenderOptions = RenderOptions()) -> Audiobook:
    """Read, segment, voice and stitch `path` into an audiobook written atomically."""
    from .cover import draw_cover, load_cover, write_cover
    from .epub import write_epub
    from .render import layout, render_book
    from .sidecars import write_sidecars

    book_format = output_format(options.output, options.format)
    options = replace(options, format=book_format)
    check_mastering(options)
    if options.preset == "acx":
        return build_acx_files(path, options)
    story, script, voices, text = _voiced_story(path, options)
    check_split(options.split_hours, options.split_chapters)
    if book_format == "epub3" and (options.split_hours or options.split_chapters):
        raise UsageError("--format epub3 makes one book; leave out --split-hours and --split-chapters")
    cover = load_cover(options.cover) if options.cover is not None else draw_cover(story.metadata, story.title)
    speech = load_speech(_first_file(path), options.emoji)
    target = output_path(story.source_name, options)
    audio_format = EPUB_AUDIO if book_format == "epub3" else book_format
    settings = _render_settings(options)
    busy = f"{target}: another fic2audio is writing this audiobook; wait for it to finish, or choose another -o"
    landed: list[Path] = []  # the final paths, once the new set is in place
    with _set_in_progress(target, busy, settings, landed) as (workdir, staged):  # parts live in workdir without a cache
        remove_stale_temporaries(target)
        book = render_book(script, voices, audio_format, workdir, settings, options.progress, speech, Mastering(options.loudness))
        volumes = split_volumes([c.samples for c in book.chapters], options.split_hours, options.split_chapters)
        paths = [target] if len(volumes) == 1 else [volume_path(target, n + 1, len(volumes)) for n in range(len(volumes))]
        marks: list[ChapterMark] = []
        sidecars: list[Path] = []
        duration = 0.0
        for number, (book_path, indices) in enumerate(zip(paths, volumes, strict=True), start=1):
            rendered = layout(script, book.chapters, indices, part_format(audio_format).encoder_delay)
            title = story.title if len(volumes) == 1 else f"{story.title} (part {number} of {len(paths)})"
            parts = [book.chapters[i].path for i in indices]
            staged_book = staged / book_path.name
            if text is not None:  # epub3
                narration = workdir / f"narration.{EPUB_AUDIO}"
                assemble(parts, narration, audio_format, story.metadata, title, rendered.marks, cover)
                write_epub(
                    staged_book,
                    narration,
                    story.metadata,
                    title,
                    rendered.cues,
                    rendered.marks,
                    cover,
                    text.chapters,
                    dialogue_quote_style(text),
                )
            else:
                assemble(parts, staged_book, audio_format, story.metadata, title, rendered.marks, cover)
            sidecars += write_sidecars(staged_book, rendered.cues, rendered.marks)
            marks += rendered.marks
            duration += rendered.duration_ms
        sidecars.append(write_cover(staged / target.name, cover))
        stale_cover = target.with_suffix(".jpg" if cover.suffix == ".png" else ".png")
        land([(staged / p.name, target.parent / p.name) for p in [*paths, *sidecars]], landed)
        stale_cover.unlink(missing_ok=True)  # a cover of the other type from an earlier render
    return Audiobook(
        str(paths[0]),
        tuple(marks),
        round(duration),
        book_format,
        tuple(str(target.parent / p.name) for p in sidecars),
        tuple(map(str, paths)),
        script.warnings + book.warnings,
    )


@contextlib.contextmanager
def _set_in_progress(
    name: Path, busy: str, settings: RenderSettings, landed: list[Path], shown: Path | None = None
) -> Iterator[tuple[Path, Path]]:
    """While a set of output files is made: the lock of `name` (OutputError `busy` when another run holds it),
    the clip cache's lock, and a work folder beside `name` (`.<name>.<pid>.parts`, gone afterwards) with a
    `set` folder in it, where everything is written under its final name before the caller lands the whole
    set into `landed`. An OSError becomes one line naming the file; an interrupt that came as the set was
    landing says what was written whole (`shown`, else the first file landed)."""
    lock = FileLock.beside(name)
    try:
        if not lock.acquire():
            raise OutputError(busy)
    except OSError as exc:
        raise OutputError(_disk_problem(exc, name)) from None
    workdir = temporary_path(name, ".parts")
    cache_lock: FileLock | None = None
    try:
        try:
            cache_lock = _lock_cache(settings.cache_dir)
            staged = workdir / "set"
            staged.mkdir(parents=True)
            yield workdir, staged
        except OSError as exc:
            raise OutputError(_disk_problem(exc, name)) from None
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
            if cache_lock is not None:
                cache_lock.release()
            lock.release()
    except Interrupted as exc:
        if landed:  # the signal came as the new set was landing: it is all there
            exc.written = str(shown or landed[0])
        raise


def _lock_cache(cache_dir: Path | None) -> FileLock | None:
    """Wait for any other render using the cache (so a clip is made once, and no render reads what
    another is still writing or prunes what it is about to join); None when the cache cannot be
    written, so nothing in it can change."""
    if cache_dir is None:
        return None
    lock = FileLock(cache_dir / "lock")
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        lock.acquire(wait=True)
    except OSError:
        return None
    return lock


def _disk_problem(exc: OSError, target: Path) -> str:
    """An OSError while rendering as one line: the file it concerns and why."""
    where = exc.filename or target.parent
    return f"{where}: cannot write ({exc.strerror or exc}); the previous audiobook, if any, is untouched"


PRESETS = ("acx",)


def check_mastering(options: RenderOptions) -> None:
    low, high = LOUDNESS_RANGE
    if not low <= options.loudness <= high:
        raise UsageError(f"--loudness {options.loudness:g} is outside {low:g} to {high:g} LUFS")
    if options.preset is None:
        return
    if options.preset not in PRESETS:
        raise UsageError(f"unknown preset '{options.preset}' (choose {', '.join(PRESETS)})")
    if options.format != "mp3" or options.split_hours or options.split_chapters:
        raise UsageError("--preset acx makes one MP3 per chapter; leave out --format, --split-hours and --split-chapters")


ACX_SET = ".acx-files.json"  # in an ACX folder, hidden: the names of the set's files, so a later set can retire them


def build_acx_files(path: StoryInput, options: RenderOptions) -> Audiobook:
    """ACX's audiobook files: a folder of MP3s (44.1 kHz, 192 kbps CBR), the opening credits, one per
    chapter, the closing credits, each checked against ACX's rules after encoding.

    Like a book, the set lands whole or not at all: the files are made and checked beside the folder's
    own, then renamed in together; files of an earlier set in the folder that this one has no place for
    (a chapter since removed) go in the same moment, the reader's own files never."""
    from .render import render_book

    story, script, voices, _ = _voiced_story(path, options)
    speech = load_speech(_first_file(path), options.emoji)
    folder = options.output if options.output is not None else DEFAULT_OUTPUT_DIR / f"{safe_file_name(story.source_name)}_acx"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder ({exc.strerror or exc})") from None
    if not folder.is_dir():
        raise OutputError(f"{folder}: --preset acx writes a folder of files; give a folder with -o")
    settings = _render_settings(options)
    record = folder / ACX_SET
    the_set = folder / "acx"  # the name the set's lock and temporaries go by: `.acx.lock`, `.acx.<pid>.parts`
    busy = f"{folder}: another fic2audio is writing ACX files here; wait for it to finish, or choose another -o"
    files, marks = [], []
    landed: list[Path] = []
    with _set_in_progress(the_set, busy, settings, landed, shown=folder) as (workdir, staged):
        sweep_temporaries(folder, the_set.name)  # what a killed run left
        book = render_book(script, voices, "acx", workdir, settings, options.progress, speech, Mastering(options.loudness))
        voiced = [(i, c) for i, c in enumerate(script.chapters) if c.segments]
        for number, (index, chapter) in enumerate(voiced):
            part = book.chapters[index]
            length_ms = round(part.samples * 1000 / (part_format("acx").sample_rate or SAMPLE_RATE))
            title = "Opening Credits" if chapter.title == HEADER_CHAPTER_TITLE else chapter.title
            name = f"{number:02d} {safe_file_name(title)[:80]}.mp3"
            assemble([part.path], staged / name, "mp3", story.metadata, title, (ChapterMark(title, 0, length_ms),))
            files.append(name)
            marks.append(ChapterMark(title, 0, length_ms))
        check_acx((staged / name, folder / name) for name in files)
        write_atomic(staged / ACX_SET, json.dumps({"files": files}, indent=1) + "\n")
        retired = [folder / name for name in recorded_acx_files(record) if name not in files]
        land([(staged / name, folder / name) for name in files] + [(staged / ACX_SET, record)], landed, retired)
    paths = tuple(str(folder / name) for name in files)
    return Audiobook(str(folder), tuple(marks), sum(m.end_ms for m in marks), "acx", (), paths, script.warnings)


def recorded_acx_files(record: Path) -> list[str]:
    """The file names an earlier ACX set in this folder recorded; only plain names, so a damaged or
    edited record can never reach outside the folder."""
    try:
        names = json.loads(record.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    if not isinstance(names, list):
        return []
    return [n for n in names if isinstance(n, str) and n and n == Path(n).name and not n.startswith(".")]


def _voiced_story(path: StoryInput, options: RenderOptions) -> tuple[Story, Script, VoiceConfig, Story | None]:
    """The story (its text dropped: it lives on in the script), its script, every speaker's voice, and for
    an EPUB the author's text as written (notes as chosen)."""
    # The settings files first: a mistake in one is reported before the story is read and attributed.
    chosen_voices = override_voices(
        with_engine(load_voices(options.voices), options.engine), options.voice, options.rate, options.speed
    )
    check_voices(chosen_voices)
    cast = load_cast(options.cast)
    check_cast(chosen_voices, cast)
    story, cast = story_and_cast(read_story(path), cast)
    script, characters = voiced_script(story, cast, options.listening)
    text = filter_notes(story, options.notes) if options.format == "epub3" else None
    story = replace(story, chapters=())  # the text lives on in `script`; a long book need not hold it twice
    voices = cast_voices(chosen_voices, script, characters, cast)
    check_voices(voices)
    return story, script, voices, text


def _render_settings(options: RenderOptions) -> RenderSettings:
    from .render import RenderSettings

    settings = RenderSettings(jobs=options.jobs, cache_dir=_cache_dir(options))
    if options.clip_timeout_s is not None:
        settings = replace(settings, clip_timeout_s=options.clip_timeout_s)
    return settings


def _cache_dir(options: RenderOptions) -> Path | None:
    if not options.use_cache:
        return None
    if options.cache_dir is not None:
        return options.cache_dir
    from .cache import default_cache_dir

    return default_cache_dir()


def _first_file(path: StoryInput) -> str | os.PathLike[str]:
    """The file whose `<story>.lexicon.toml` applies: the story, or the first of several chapter files."""
    return path if isinstance(path, (str, os.PathLike)) else path[0]


def output_path(source_name: str, options: RenderOptions) -> Path:
    if options.output is not None:
        target = options.output
    else:
        suffix = "epub" if options.format == "epub3" else options.format
        target = DEFAULT_OUTPUT_DIR / f"{safe_file_name(source_name)}.{suffix}"
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
    longest = len(temporary_name(target.name, LONGEST_TEMPORARY, pid=2**22).encode("utf-8")) + NAME_MARGIN
    if longest > limit:
        raise OutputError(
            f"{target.name[:40]}...: output file name is too long for this file system ({len(target.name.encode('utf-8'))} bytes); choose a shorter name with -o"
        )


def safe_file_name(name: str) -> str:
    """A name that stays inside the output folder and fits the file system."""
    cleaned = re.sub(r"[\x00-\x1f/\\:*?\"<>|]+", "_", name).strip(" ._") or "story"
    while len(cleaned.encode("utf-8")) > MAX_NAME_BYTES:
        cleaned = cleaned[:-1]
    return cleaned
