"""Story files -> Story. One reader per format; `read_story` picks by content."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError
from ..model import BlockKind, Story
from .decode import decode_story_bytes
from .text import parse_text_story

MAX_STORY_BYTES = 200 * 1024 * 1024  # 200 MiB: far beyond the longest fic, short of exhausting memory


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
    decoded = decode_story_bytes(data, name)
    warnings = ()
    if decoded.guessed:
        warnings = (f"{name}: not UTF-8; read as {decoded.encoding} (a guess)",)
    story = parse_text_story(decoded.text, file.stem, encoding=decoded.encoding, warnings=warnings)
    if not any(b.kind is BlockKind.PARAGRAPH for ch in story.chapters for b in ch.blocks):
        raise InputError(f"{name}: no story text after the header")
    return story
