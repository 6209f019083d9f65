"""Story files -> Story. One reader per format; `read_story` picks by content, not by extension."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..collector import collector_paused
from ..errors import InputError
from ..model import Block, BlockKind, Chapter, Metadata, Story
from ..patterns import compiled
from ..safe_text import printable
from .decode import decode_story_bytes, is_epub, refuse_ebook_formats
from .text import parse_text_story

MAX_STORY_BYTES = 200 * 1024 * 1024  # 200 MiB: far beyond the longest fic, short of exhausting memory
_LARGE_PAGE = 1_000_000  # characters: a page whose tree is worth a collection of its own once read
_HTML_START = compiled(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE | re.DOTALL
)
_HTML_TAGS = compiled(r"<(?:p|div|br|em|i|h[1-6])\b[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)

StoryPath = str | os.PathLike[str]
# Extensions read as stories. Any other extension (.docx, .rtf, .odt, .csv...) is refused rather than guessed
# at, unless the content is an EPUB; a dot that starts no extension-like suffix ("Mr. Smith",
# "Harry.Potter.Fic") is part of the name.
TEXT_EXTENSIONS = frozenset({"", ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".epub"})
_EXTENSION = compiled(r"\.(?:[a-z][a-z0-9]{1,4}|[A-Z][A-Z0-9]{1,4})")


def read_story(path: StoryPath | Sequence[StoryPath]) -> Story:
    """Read a story file, a folder of chapter files, or several chapter files; raise InputError (one
    line, naming the file) when it cannot be a story."""
    if not isinstance(path, (str, os.PathLike)):
        paths = [Path(p) for p in path]
        if len(paths) == 1:
            return read_story(paths[0])
        from .folder import read_chapters

        for p in paths:
            _check_file(p, str(p))
        first = paths[0]
        story = read_chapters(paths, first.parent.name or first.stem, _read_file, first.parent / "metadata.toml")
        return _require_text(story, ", ".join(map(str, paths)))
    file = Path(path)
    name = str(path)
    if file.is_dir():
        from .folder import METADATA_FILE, chapter_files, read_chapters

        story = read_chapters(chapter_files(file), file.resolve().name, _read_file, file / METADATA_FILE)
        return _require_text(story, name)
    _check_file(file, name)
    return _require_text(_read_file(file), name)


def _check_file(file: Path, name: str) -> None:
    if not file.exists():
        raise InputError(f"{name}: no such file; check the path")
    if file.is_dir():
        raise InputError(f"{name}: is a directory; give it alone to read its files as chapters")


_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _read_file(file: Path) -> Story:
    name = str(file)
    try:
        # Opened without blocking (a FIFO's open would wait for a writer), refused by type before reading.
        with open(os.open(file, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            info = os.fstat(handle.fileno())
            for is_kind, what in _SPECIAL_FILES:
                if is_kind(info.st_mode):
                    raise InputError(f"{name}: is {what}, not a story file; save the story to a regular file")
            os.set_blocking(handle.fileno(), True)
            # One byte past the cap, whatever the size says: /proc files say 0 and may never end.
            data = handle.read(MAX_STORY_BYTES + 1) if info.st_size <= MAX_STORY_BYTES else b""
        if info.st_size > MAX_STORY_BYTES or len(data) > MAX_STORY_BYTES:
            raise InputError(
                f"{name}: too large for a story file (over {MAX_STORY_BYTES // 2**20} MiB); split it into chapter files"
            )
    except PermissionError:
        raise InputError(f"{name}: permission denied; make the file readable") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    return parse_story_bytes(data, name, file.stem, file.suffix)


def parse_story_bytes(data: bytes, name: str, source_name: str, suffix: str = "") -> Story:
    """Bytes of one file -> Story, by what the content is: EPUB, HTML (AO3, FanFicFare, other) or text."""
    if is_epub(data):
        from .epub import read_epub

        return read_epub(data, name, source_name)
    refuse_ebook_formats(data, name)
    _check_extension(suffix, data, name)
    decoded = decode_story_bytes(data, name)
    text = decoded.text
    warnings: tuple[str, ...] = ()
    if _looks_like_html(text):
        declared = _META_CHARSET.search(data[:4096])
        if decoded.guessed and declared:
            try:
                text = data.decode(declared.group(1).decode("ascii"), errors="replace")
            except LookupError:
                pass
        return _read_html(text, source_name)
    if decoded.guessed:
        warnings = (f"{name}: not UTF-8; read as {decoded.encoding} (a guess)",)
    # FanFicFare's text export ends "End file." (looks_like_fanficfare_text); its reader, beside the HTML one, loads bs4
    # (0.08 s), so it is loaded only for a text that ends so
    if text.rstrip().endswith("End file."):
        from .fanficfare import looks_like_fanficfare_text, parse_fanficfare_text

        if looks_like_fanficfare_text(text):
            return parse_fanficfare_text(text, source_name)
    return parse_text_story(text, source_name, encoding=decoded.encoding, warnings=warnings)


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000])) or len(_HTML_TAGS.findall(text[:4000])) >= 5


def _read_html(text: str, source_name: str) -> Story:
    # A large page's tree is millions of linked objects, none of them garbage until the story is read
    # from it: the collector, which would walk the growing tree again and again, waits, and the tree
    # (cycles of parent and child links) is freed at once after, not at some later full collection.
    with collector_paused(collect_after=len(text) > _LARGE_PAGE):
        return _read_page(text, source_name)


def _read_page(text: str, source_name: str) -> Story:
    from .ao3 import looks_like_ao3, may_be_ao3, parse_ao3
    from .fanficfare import looks_like_fanficfare_html, may_be_fanficfare_html, parse_fanficfare_html
    from .html import page_index, parse_generic_html, parse_html
    from .page_tree import parse_page_tree

    if len(text) > _LARGE_PAGE:
        tree = parse_page_tree(text)
        index = page_index(tree)
        if not (may_be_ao3(index) or may_be_fanficfare_html(index)):
            return parse_generic_html(tree, source_name, index)  # most large pages: no bs4 tree at all
    soup = parse_html(text)
    index = page_index(soup)  # one walk answers the searches that would walk the whole page for nothing
    if looks_like_ao3(soup, index):
        return parse_ao3(soup, source_name)
    if looks_like_fanficfare_html(soup, index):
        return parse_fanficfare_html(soup, source_name)
    return parse_generic_html(soup, source_name, index)


def _require_text(story: Story, name: str) -> Story:
    if not any(b.kind is BlockKind.PARAGRAPH for ch in story.chapters for b in ch.blocks):
        raise InputError(f"{name}: no story text after the header; check the file holds the story itself")
    return _printable_story(story)


def _printable_story(story: Story) -> Story:
    """Every field that may reach XML, JSON or tags, without characters they cannot carry."""
    metadata = Metadata(
        tuple((printable(k), printable(v)) for k, v in story.metadata.fields), tuple(map(printable, story.metadata.preface))
    )
    chapters = tuple(Chapter(printable(ch.title), tuple(_printable_block(b) for b in ch.blocks)) for ch in story.chapters)
    return replace(story, metadata=metadata, chapters=chapters, source_name=printable(story.source_name))


def _printable_block(block: Block) -> Block:
    text = printable(block.text)
    return block if text == block.text else replace(block, text=text)  # nearly every block is printable already


def _check_extension(suffix: str, data: bytes, name: str) -> None:
    if suffix.lower() in TEXT_EXTENSIONS or not _EXTENSION.fullmatch(suffix):
        return
    if data.strip():
        decode_story_bytes(data[:4096], name)  # a PDF or ZIP gets the more useful message from its content
    raise InputError(
        f"{name}: unknown extension '{suffix}'; fic2audio reads plain text (.txt), so save the story as text, or rename it to .txt if it is text"
    )
