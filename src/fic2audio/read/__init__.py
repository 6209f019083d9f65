"""Story files -> Story. One reader per format; `read_story` picks by content."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import InputError
from ..model import BlockKind, Story
from .decode import decode_story_bytes
from .text import parse_text_story

MAX_STORY_BYTES = 200 * 1024 * 1024  # 200 MiB: far beyond the longest fic, short of exhausting memory
# Extensions read as text. Any other extension (.docx, .rtf, .odt, .csv...) is refused rather than guessed
# at; a dot that starts no extension-like suffix ("Mr. Smith", "Harry.Potter.Fic") is part of the name.
TEXT_EXTENSIONS = frozenset({"", ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"})
_EXTENSION = re.compile(r"\.(?:[a-z][a-z0-9]{1,4}|[A-Z][A-Z0-9]{1,4})")


def read_story(path: str | os.PathLike[str]) -> Story:
    """Read a story file; raise InputError (one line, naming the file) when it cannot be a story."""
    file = Path(path)
    name = str(path)
    if not file.exists():
        raise InputError(f"{name}: no such file; check the path")
    if file.is_dir():
        raise InputError(f"{name}: is a directory; give a story file")
    try:
        size = file.stat().st_size
        if size > MAX_STORY_BYTES:
            raise InputError(f"{name}: {size // 2**20} MiB is too large for a story file (limit {MAX_STORY_BYTES // 2**20} MiB)")
        data = file.read_bytes()
    except PermissionError:
        raise InputError(f"{name}: permission denied; make the file readable") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    _check_extension(file, data, name)
    decoded = decode_story_bytes(data, name)
    warnings = ()
    if decoded.guessed:
        warnings = (f"{name}: not UTF-8; read as {decoded.encoding} (a guess)",)
    story = parse_text_story(decoded.text, file.stem, encoding=decoded.encoding, warnings=warnings)
    if not any(b.kind is BlockKind.PARAGRAPH for ch in story.chapters for b in ch.blocks):
        raise InputError(f"{name}: no story text after the header; check the file holds the story itself")
    return story


def _check_extension(file: Path, data: bytes, name: str) -> None:
    suffix = file.suffix
    if suffix.lower() in TEXT_EXTENSIONS or not _EXTENSION.fullmatch(suffix):
        return
    if data.strip():
        decode_story_bytes(data[:4096], name)  # a PDF or ZIP gets the more useful message from its content
    raise InputError(f"{name}: unknown extension '{suffix}'; fic2audio reads plain text (.txt), so save the story as text, or rename it to .txt if it is text")
