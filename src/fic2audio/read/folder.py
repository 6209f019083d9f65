"""A folder of chapter files, or several files, -> one Story with a chapter per file.

Files are taken in natural order (`ch2` before `ch10`). Metadata comes from a `metadata.toml` beside
them when there is one, else from the first file's header.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..model import BlockKind, Chapter, Metadata, Repair, Story

METADATA_FILE = "metadata.toml"
CHAPTER_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml"}
MAX_FILES = 2000  # chapters; far beyond any fic


def natural_key(name: str) -> list:
    """`ch2` < `ch10`: digit runs compare as numbers, the rest case-insensitively."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.casefold()) for part in re.split(r"(\d+)", name)]


def chapter_files(folder: Path) -> list[Path]:
    files = [
        p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".") and p.suffix.casefold() in CHAPTER_SUFFIXES
    ]
    if not files:
        raise InputError(f"{folder}: no chapter files (.txt, .html, .md) in this folder")
    return sorted(files, key=lambda p: natural_key(p.name))


def read_chapters(files: list[Path], source_name: str, read_one: Callable[[Path], Story], metadata_file: Path | None) -> Story:
    """Each file's chapters, in natural order, as the chapters of one story."""
    if len(files) > MAX_FILES:
        raise InputError(f"{source_name}: {len(files)} chapter files (limit {MAX_FILES})")
    files = sorted(files, key=lambda p: natural_key(p.name))
    chapters: list[Chapter] = []
    repairs: list[Repair] = []
    warnings: list[str] = []
    metadata = _metadata_toml(metadata_file) if metadata_file is not None and metadata_file.is_file() else None
    for index, file in enumerate(files):
        story = read_one(file)
        if metadata is None and index == 0:
            metadata = story.metadata
        repairs.extend(story.repairs)
        warnings.extend(story.warnings)
        fallback = _title_from_name(file.stem)
        for chapter in story.chapters:
            has_heading = any(b.kind is BlockKind.HEADING for b in chapter.blocks[:2])
            title = chapter.title if has_heading else fallback
            chapters.append(Chapter(title, chapter.blocks))
    return Story(metadata or Metadata(), tuple(chapters), source_name, tuple(repairs), tuple(warnings))


def _title_from_name(stem: str) -> str:
    """`ch_02-the-storm` -> `ch 02 the storm`: the file name, read aloud when a chapter has no heading."""
    return re.sub(r"[_\-.]+", " ", stem).strip() or stem


def _metadata_toml(path: Path) -> Metadata:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    fields = []
    for key, value in data.items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            raise InputError(f"{path}: '{key}' is a table; give metadata as `key = \"value\"` lines")
        fields.append((_key_name(key), str(value)))
    return Metadata(fields=tuple(fields))


def _key_name(key: str) -> str:
    """`title` -> `Title`, `archive_warnings` -> `Archive Warnings`, `url` -> `URL`."""
    if key.casefold() == "url":
        return "URL"
    return " ".join(part.capitalize() for part in re.split(r"[_\s]+", key) if part)
