"""EPUB 3 with Media Overlays: the story's text, its narration (MP3), and SMIL tying each sentence to
its stretch of audio, so reading systems that support overlays highlight each line as it is spoken.
"""

from __future__ import annotations

import os
import re
import uuid
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .atomic import temporary_path
from .cover import Cover
from .errors import OutputError
from .model import Block, BlockKind, Chapter, ChapterMark, Cue, Kind, Metadata, Pause

ACTIVE_CLASS = "-epub-media-overlay-active"  # the class readers put on the element being spoken
AUDIO_NAME = "audio/book.mp3"
# uuid5(namespace, title + author) gives the same identifier every time the same story is built.
IDENTIFIER_NAMESPACE = uuid.UUID("0b7c2f0e-4a8e-4c61-9d55-3a1f7d2e9c10")
BREAKING_PAUSES = (Pause.PARAGRAPH, Pause.SCENE)  # a segment followed by these ends its paragraph

CSS = f"""body {{ font-family: serif; line-height: 1.5; margin: 1em; }}
h1, h2 {{ font-family: sans-serif; }}
.note {{ font-style: italic; }}
.{ACTIVE_CLASS} {{ background-color: #ffe98a; color: #111; }}
hr.scene {{ border: 0; text-align: center; }}
"""


def write_epub(
    target: Path,
    mp3: Path,
    metadata: Metadata,
    title: str,
    cues: tuple[Cue, ...],
    marks: tuple[ChapterMark, ...],
    cover: Cover | None,
    story_chapters: tuple[Chapter, ...] = (),
    style: str = "double",
) -> None:
    """Write an EPUB 3 to `target` atomically; `mp3` is the finished narration the overlays point at.

    `story_chapters` (the story's text as read, notes the listener left out already dropped) are
    the last chapters of the book, after the spoken header: their pages show the author's text as
    written. `style` is the story's dialogue quote style, as the script was made with."""
    temp = temporary_path(target)
    try:
        with zipfile.ZipFile(temp, "w") as book:
            # The mimetype entry comes first and uncompressed, as OCF requires.
            book.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)

            def text(name: str, data: str) -> None:
                book.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)

            text("META-INF/container.xml", CONTAINER)
            text("EPUB/style.css", CSS)
            chapters = _chapter_cues(cues, len(marks))
            first_story = len(marks) - len(story_chapters)  # the header (and warnings) come first
            durations = []
            for index, mark in enumerate(marks):
                source = story_chapters[index - first_story] if index >= first_story else None
                blocks = source.blocks if source is not None and source.title == mark.title else None
                text(f"EPUB/ch{index + 1}.xhtml", _chapter_xhtml(mark.title, chapters[index], index, blocks, style))
                smil, seconds = _smil(chapters[index], index)
                text(f"EPUB/ch{index + 1}.smil", smil)
                durations.append(seconds)
            text("EPUB/nav.xhtml", _nav(title, marks))
            if cover is not None:
                book.writestr(f"EPUB/cover{cover.suffix}", cover.data, compress_type=zipfile.ZIP_STORED)
            book.write(mp3, f"EPUB/{AUDIO_NAME}", compress_type=zipfile.ZIP_STORED)  # already compressed
            text("EPUB/package.opf", _package(metadata, title, marks, durations, cover))
        os.replace(temp, target)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    finally:
        temp.unlink(missing_ok=True)


CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""


def _chapter_cues(cues: tuple[Cue, ...], count: int) -> list[list[tuple[int, Cue]]]:
    """Cues grouped by chapter, each with its number in the whole book (for element ids)."""
    grouped: list[list[tuple[int, Cue]]] = [[] for _ in range(count)]
    for number, cue in enumerate(cues, start=1):
        grouped[cue.chapter].append((number, cue))
    return grouped


def _chapter_xhtml(
    title: str, cues: list[tuple[int, Cue]], index: int, blocks: tuple[Block, ...] | None = None, style: str = "double"
) -> str:
    """A chapter's page. With the story's `blocks`, each paragraph is the author's text exactly as
    written (quotation marks, dashes, line breaks), each spoken stretch of it wrapped in a span the
    overlay points at; without them (the spoken header), the spoken lines themselves."""
    queue = list(cues)
    heading = f"<h1>{escape(title)}</h1>"
    first = queue[0][1].segment if queue else None
    if first is not None and first.kind is Kind.HEADING and _same_words(first.text, title):
        # The chapter's own heading line is the page's one title, highlighted when it is read.
        number, _ = queue.pop(0)
        heading = f'<h1><span id="s{number}">{escape(first.text)}</span></h1>'
        if blocks and blocks[0].kind is BlockKind.HEADING and _same_words(blocks[0].text, first.text):
            blocks = blocks[1:]
    body = _block_html(blocks, queue, style) if blocks is not None else None
    if body is None:
        body = _segment_html(queue)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en" lang="en">
<head><meta charset="UTF-8"/><title>{escape(title)}</title><link rel="stylesheet" type="text/css" href="style.css"/></head>
<body>
<section epub:type="chapter" id="chapter{index + 1}">
{heading}
{chr(10).join(body)}
</section>
</body>
</html>
"""


def _span(number: int, segment, words: str) -> str:
    """One spoken stretch: its speaker and kind as attributes, never as words on the page."""
    attributes = f' id="s{number}"'
    if segment.kind in (Kind.DIALOGUE, Kind.THOUGHT):
        attributes += f' class="{segment.kind.value}"'
        if segment.speaker:
            attributes += f" data-speaker={quoteattr(segment.speaker)}"
    return f"<span{attributes}>{_lines(words)}</span>"


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _segment_html(cues: list[tuple[int, Cue]]) -> list[str]:
    """Paragraphs made of the spoken lines (the spoken header, or a block the text could not be matched in)."""
    body: list[str] = []
    paragraph: list[str] = []

    def close() -> None:
        if paragraph:
            body.append("<p>" + " ".join(paragraph) + "</p>")
            paragraph.clear()

    for number, cue in cues:
        segment = cue.segment
        span = _span(number, segment, segment.text)
        if segment.kind is Kind.HEADING:
            close()
            body.append(f"<h2>{span}</h2>")
            continue
        paragraph.append(span)
        if segment.pause is Pause.LINE:
            paragraph.append("<br/>")
        if segment.pause in BREAKING_PAUSES:
            close()
            if segment.pause is Pause.SCENE:
                body.append('<hr class="scene"/>')
    close()
    return body


def _block_html(blocks: tuple[Block, ...], cues: list[tuple[int, Cue]], style: str) -> list[str] | None:
    """The chapter's blocks as written, each holding the spans of the lines it was read as; None when
    the lines do not add up to the blocks (then the caller writes the lines themselves)."""
    from .segment import block_segments

    counts = [len(block_segments(block, style)) for block in blocks]
    if sum(counts) != len(cues):
        return None
    body: list[str] = []
    taken = 0
    for block, count in zip(blocks, counts, strict=True):
        mine = cues[taken : taken + count]
        taken += count
        if block.kind is BlockKind.SCENE_BREAK:
            body.append('<hr class="scene"/>')
            continue
        inner = _aligned(block.text, mine)
        if inner is None:
            body.extend(_segment_html(mine))
            continue
        if block.kind is BlockKind.HEADING:
            body.append(f"<h2>{inner}</h2>")
        elif block.kind is BlockKind.NOTE:
            body.append(f'<p class="note">{inner}</p>')
        else:
            body.append(f"<p>{inner}</p>")
    return body


def _aligned(text: str, cues: list[tuple[int, Cue]]) -> str | None:
    """`text` with each cue's words wrapped in its span, in order, every other character kept as it
    is; None when a cue's words are not found in order."""
    out: list[str] = []
    position = 0
    for number, cue in cues:
        found = _locate(text, cue.segment.text, position)
        if found is None:
            return None
        start, end = found
        out.append(_lines(text[position:start]))
        out.append(_span(number, cue.segment, text[start:end]))
        position = end
    out.append(_lines(text[position:]))
    return "".join(out)


_WORD = re.compile(r"\w+")


def _locate(text: str, spoken: str, start: int) -> tuple[int, int] | None:
    """Where `spoken` stands in `text` at or after `start`: the exact words, or the same words with
    marks between them that reading took out (emphasis asterisks inside speech, joined lines)."""
    exact = text.find(spoken, start)
    if exact >= 0:
        return exact, exact + len(spoken)
    words = _WORD.findall(spoken)
    if not words:
        return None
    match = re.compile(r"\W*?".join(re.escape(w) for w in words)).search(text, start)
    if match is None:
        return None
    end = match.end()
    tail = spoken[spoken.rfind(words[-1]) + len(words[-1]) :]  # the line's closing punctuation
    closing = re.compile(r"[*_~]*" + re.escape(tail)).match(text, end) if tail else None
    return match.start(), closing.end() if closing else end


def _same_words(a: str, b: str) -> bool:
    return [w.casefold() for w in _WORD.findall(a)] == [w.casefold() for w in _WORD.findall(b)]


def _smil(cues: list[tuple[int, Cue]], index: int) -> tuple[str, float]:
    pars = []
    seconds = 0.0
    for number, cue in cues:
        begin, end = cue.start_ms / 1000, cue.end_ms / 1000
        if round(end, 3) <= round(begin, 3):  # a silent line (emoji dropped): text with no audio to sync
            continue
        seconds += round(end, 3) - round(begin, 3)
        pars.append(
            f'<par id="p{number}"><text src="ch{index + 1}.xhtml#s{number}"/>'
            f'<audio src="{AUDIO_NAME}" clipBegin="{begin:.3f}s" clipEnd="{end:.3f}s"/></par>'
        )
    smil = f"""<?xml version="1.0" encoding="UTF-8"?>
<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">
<body>
<seq id="seq{index + 1}" epub:textref="ch{index + 1}.xhtml#chapter{index + 1}" epub:type="chapter">
{chr(10).join(pars)}
</seq>
</body>
</smil>
"""
    return smil, seconds


def _nav(title: str, marks: tuple[ChapterMark, ...]) -> str:
    items = "\n".join(f'<li><a href="ch{i + 1}.xhtml">{escape(m.title)}</a></li>' for i, m in enumerate(marks))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en" lang="en">
<head><meta charset="UTF-8"/><title>{escape(title)}</title></head>
<body>
<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>
{items}
</ol></nav>
</body>
</html>
"""


def _clock(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _package(metadata: Metadata, title: str, marks: tuple[ChapterMark, ...], durations: list[float], cover: Cover | None) -> str:
    identifier = uuid.uuid5(IDENTIFIER_NAMESPACE, "\x1f".join((title, metadata.author or "")))
    modified = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    meta = [
        f'<dc:identifier id="book-id">urn:uuid:{identifier}</dc:identifier>',
        f"<dc:title>{escape(title)}</dc:title>",
        "<dc:language>en</dc:language>",
        f'<meta property="dcterms:modified">{modified}</meta>',
    ]
    if metadata.author:
        meta.append(f"<dc:creator>{escape(metadata.author)}</dc:creator>")
    if metadata.get("summary"):
        meta.append(f"<dc:description>{escape(metadata.get('summary') or '')}</dc:description>")
    meta.append(f'<meta property="media:duration">{_clock(sum(durations))}</meta>')
    for index, seconds in enumerate(durations):
        meta.append(f'<meta property="media:duration" refines="#mo{index + 1}">{_clock(seconds)}</meta>')
    meta.append(f'<meta property="media:active-class">{ACTIVE_CLASS}</meta>')
    items = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="css" href="style.css" media-type="text/css"/>',
        f'<item id="audio" href="{AUDIO_NAME}" media-type="audio/mpeg"/>',
    ]
    if cover is not None:
        items.append(f'<item id="cover" href="cover{cover.suffix}" media-type={quoteattr(cover.mime)} properties="cover-image"/>')
    spine = []
    for index in range(len(marks)):
        n = index + 1
        items.append(f'<item id="ch{n}" href="ch{n}.xhtml" media-type="application/xhtml+xml" media-overlay="mo{n}"/>')
        items.append(f'<item id="mo{n}" href="ch{n}.smil" media-type="application/smil+xml"/>')
        spine.append(f'<itemref idref="ch{n}"/>')
    newline = "\n    "
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="en">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    {newline.join(meta)}
  </metadata>
  <manifest>
    {newline.join(items)}
  </manifest>
  <spine>
    {newline.join(spine)}
  </spine>
</package>
"""
