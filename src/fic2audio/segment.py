"""Story -> Script: each paragraph cut into narration, dialogue and thought, then into sentences."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from .model import Block, BlockKind, Kind, Metadata, Pause, Script, ScriptChapter, Segment, Story
from .sentences import limit_length, split_sentences

HEADER_CHAPTER_TITLE = "Introduction"

_OPEN_DOUBLE = "\"\u201c\u201e\u00ab"
_CLOSE_FOR = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201c", "\u00ab": "\u00bb"}
_OPEN_SINGLE = "'\u2018"
_CLOSE_SINGLE = {"'": "'", "\u2018": "\u2019"}
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_HAS_WORD = re.compile(r"[^\W_]")
# Words that begin with an apostrophe; never the start of a quotation.
_ELISIONS = re.compile(r"(?i)'(?:em|n|til|till|cause|cos|bout|round|twas|tis|s|d|ll|re|ve|m|\d0s|\d\d)\b")
# Header fields in the order a listener wants them; keys not listed follow in file order.
_HEADER_ORDER = (
    ("title",), ("author", "authors", "by", "written by"), ("fandom", "fandoms"),
    ("pairing", "pairings", "relationship", "relationships", "ship"), ("characters", "character"),
    ("rating", "rated"), ("warnings", "warning", "archive warning", "archive warnings"),
    ("category", "categories"), ("genre", "genres"), ("time", "timeline", "setting"), ("spoilers",),
    ("summary",), ("status",), ("disclaimer",),
)
_UNSPOKEN_KEYS = {"url", "source", "words", "word count", "published", "updated", "stats", "chapters"}


@dataclass(frozen=True)
class _Span:
    kind: Kind
    text: str


def build_script(story: Story) -> Script:
    """The whole reading of `story`: the spoken header first, then each chapter."""
    style = dialogue_quote_style(story)
    chapters = [ScriptChapter(HEADER_CHAPTER_TITLE, header_segments(story.metadata))]
    for chapter in story.chapters:
        segments: list[Segment] = []
        for index, block in enumerate(chapter.blocks):
            following = chapter.blocks[index + 1] if index + 1 < len(chapter.blocks) else None
            end_pause = Pause.SCENE if following is not None and following.kind is BlockKind.SCENE_BREAK else Pause.PARAGRAPH
            segments.extend(block_segments(block, style, end_pause))
        chapters.append(ScriptChapter(chapter.title, tuple(segments)))
    unclosed = unclosed_marks_warning(story, style)
    warnings = (*story.warnings, unclosed) if unclosed else story.warnings
    return Script(story.metadata, tuple(chapters), story.repairs, warnings)


def header_segments(metadata: Metadata) -> tuple[Segment, ...]:
    """What the spoken header says, field by field, then the preface notes."""
    segments: list[Segment] = []
    used: set[str] = set()
    for keys in _HEADER_ORDER:
        for key, value in metadata.fields:
            if key.casefold() in keys and value and key.casefold() not in used:
                segments.extend(_header_field(keys[0], key, value))
                used.add(key.casefold())
    for key, value in metadata.fields:
        folded = key.casefold()
        if folded not in used and folded not in _UNSPOKEN_KEYS and value:
            segments.extend(_header_field(folded, key, value))
    for note in metadata.preface:
        segments.extend(_sentences(Kind.NOTE, note, Pause.PARAGRAPH))
    return tuple(segments)


def _header_field(canonical: str, key: str, value: str) -> list[Segment]:
    if canonical == "title":
        spoken = value
    elif canonical == "author":
        spoken = f"by {value}"
    elif canonical == "rating":
        spoken = f"Rated {value}"
    else:
        spoken = f"{key}: {value}"
    return _sentences(Kind.HEADER, spoken, Pause.PARAGRAPH)


def dialogue_quote_style(story: Story) -> str:
    """'double' when the story quotes speech with double marks, 'single' for British-style single quotes."""
    doubles = singles = 0
    for chapter in story.chapters:
        for block in chapter.blocks:
            if block.kind is BlockKind.PARAGRAPH:
                doubles += sum(block.text.count(c) for c in "\"“”")
                singles += len(re.findall(r"(?:^|(?<=[\s(—–-]))[‘'](?=\w)", block.text)) - len(_ELISIONS.findall(block.text))
    return "single" if singles > 2 and doubles == 0 else "double"


def block_segments(block: Block, style: str = "double", end_pause: Pause = Pause.PARAGRAPH) -> list[Segment]:
    """Segments of one block; the last carries `end_pause`."""
    if block.kind is BlockKind.SCENE_BREAK:
        return []
    if block.kind is BlockKind.HEADING:
        return _sentences(Kind.HEADING, block.text, end_pause, split=False)
    if block.kind is BlockKind.NOTE:
        return _sentences(Kind.NOTE, block.text, end_pause)
    segments: list[Segment] = []
    lines = block.text.split("\n")
    for number, line in enumerate(lines):
        pause = end_pause if number == len(lines) - 1 else Pause.LINE
        segments.extend(paragraph_segments(line, style, pause))
    return segments


def paragraph_segments(text: str, style: str = "double", end_pause: Pause = Pause.PARAGRAPH) -> list[Segment]:
    spans = [s for s in split_spans(text, style) if _HAS_WORD.search(s.text)]
    segments: list[Segment] = []
    for index, span in enumerate(spans):
        last = index == len(spans) - 1
        pause = end_pause if last else (Pause.SENTENCE if _SENTENCE_END.search(span.text) else Pause.NONE)
        segments.extend(_sentences(span.kind, span.text, pause))
    return segments


def _sentences(kind: Kind, text: str, final_pause: Pause, *, split: bool = True) -> list[Segment]:
    parts = split_sentences(text) if split else [text.strip()]
    segments: list[Segment] = []
    for part in filter(None, (p.strip() for p in parts)):
        # A sentence too long for one clip goes on in pieces, with the short pause of a phrase between.
        # A piece with no word ("***" in a preface, a cut in a run of "!!!") has nothing to say: the engine
        # would return silence, which it rightly treats as a failed clip.
        pieces = [piece for piece in limit_length(part) if _HAS_WORD.search(piece)]
        if not pieces:
            continue
        segments += [Segment(kind, piece, None, Pause.NONE) for piece in pieces[:-1]]
        segments.append(Segment(kind, pieces[-1], None, Pause.SENTENCE))
    if segments:
        segments[-1] = replace(segments[-1], pause=final_pause)
    return segments


def split_spans(text: str, style: str = "double", unclosed: list[str] | None = None) -> list[_Span]:
    """Cut one paragraph into narration, dialogue and thought spans, quote and thought marks removed.

    A quotation never closed runs to the paragraph's end (how a speech that goes on into the next
    paragraph is written); a `*` or `_` never closed is read as text. Each is noted in `unclosed`."""
    spans: list[_Span] = []
    buffer: list[str] = []
    kind = Kind.NARRATION
    closer = ""
    i = 0
    closings = _Closings(text)
    n = len(text)

    def flush(new_kind: Kind) -> None:
        nonlocal buffer, kind
        chunk = "".join(buffer).strip()
        if chunk:
            spans.append(_Span(kind, chunk))
        buffer = []
        kind = new_kind

    while i < n:
        char = text[i]
        if kind is Kind.NARRATION:
            if char in _OPEN_DOUBLE and _opens(text, i):
                flush(Kind.DIALOGUE)
                closer = _CLOSE_FOR[char]
                i += 1
                continue
            if style == "single" and char in _OPEN_SINGLE and _opens(text, i) and not _ELISIONS.match(text, i):
                end = closings.single(i + 1, _CLOSE_SINGLE[char])
                if end is not None:
                    flush(Kind.DIALOGUE)
                    buffer.append(text[i + 1 : end])
                    flush(Kind.NARRATION)
                    i = end + 1
                    continue
            if char in "*_" and _opens(text, i):
                end = closings.marker(i + 1, char)
                if end is None and unclosed is not None and char == "*":
                    unclosed.append(char)
                if end is not None:
                    inner = text[i + 1 : end]
                    if _is_thought(text, i, end, inner):
                        flush(Kind.THOUGHT)
                        buffer.append(inner)
                        flush(Kind.NARRATION)
                    else:
                        buffer.append(inner)  # emphasis: read in the surrounding voice
                    i = end + 1
                    continue
            buffer.append(char)
        else:  # inside dialogue
            if char == closer or (closer == '"' and char in "\u201d") or (closer == "\u201d" and char == '"'):
                flush(Kind.NARRATION)
                i += 1
                continue
            if char in "*_" and _opens(text, i):
                end = closings.marker(i + 1, char)
                if end is not None:
                    buffer.append(text[i + 1 : end])
                    i = end + 1
                    continue
            buffer.append(char)
        i += 1
    if kind is Kind.DIALOGUE and unclosed is not None:
        unclosed.append(closer)
    flush(Kind.NARRATION)
    return spans


def unclosed_marks_warning(story: Story, style: str) -> str | None:
    """One warning for the whole story naming how many paragraphs leave a quotation or `*` open, and the first.

    A paragraph whose speech goes on into a next paragraph that opens with a quotation mark is the usual
    way to write a long speech, not a mistake, and is not counted."""
    count = 0
    first = ""
    for chapter in story.chapters:
        paragraphs = [b.text for b in chapter.blocks if b.kind is BlockKind.PARAGRAPH]
        for index, text in enumerate(paragraphs):
            marks: list[str] = []
            split_spans(text, style, marks)
            following = paragraphs[index + 1].lstrip() if index + 1 < len(paragraphs) else " "
            if marks and marks[-1] != "*" and following[0] in _OPEN_DOUBLE + _OPEN_SINGLE:
                marks.pop()
            if marks:
                count += 1
                first = first or f"{chapter.title}: {text[:60]!r}"
    if not count:
        return None
    return f"{count} paragraph(s) leave a quotation mark or * unclosed (first in {first}); a quotation is read as speech to the paragraph's end, a lone * as text"


def _opens(text: str, i: int) -> bool:
    """A mark opens a span when it starts a word: nothing or a space/opening mark before, a non-space after."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-\"'“‘") and not after.isspace()


class _Closings:
    """Where each mark could close a span, found once per paragraph and looked up by bisection.

    Scanning ahead from every opening mark instead made a paragraph full of stray marks quadratic
    (60,000 characters of `*a ` took 79 s)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._found: dict[str, list[int]] = {}

    def marker(self, start: int, marker: str) -> int | None:
        """The first `*` or `_` from `start` that ends a word: not after a space, not before a letter."""
        return self._first(marker, start, self._marker_closes)

    def single(self, start: int, closer: str) -> int | None:
        """The first single quote after `start` that ends a quotation: not after a space, not before a letter."""
        return self._first(f"'{closer}", start + 1, self._single_closes)

    def _first(self, key: str, start: int, find) -> int | None:
        if key not in self._found:
            self._found[key] = find(key)
        positions = self._found[key]
        index = bisect.bisect_left(positions, start)
        return positions[index] if index < len(positions) else None

    def _marker_closes(self, marker: str) -> list[int]:
        text = self.text
        return [
            j for j, c in enumerate(text)
            if c == marker and j > 0 and not text[j - 1].isspace() and not (text[j + 1 : j + 2] or " ").isalnum()
        ]

    def _single_closes(self, key: str) -> list[int]:
        text = self.text
        marks = {key[1], "'", "\u2019"}
        return [
            j for j, c in enumerate(text)
            if c in marks and j > 0 and not text[j - 1].isspace() and not (text[j + 1 : j + 2] or " ").isalpha()
        ]


def _is_thought(text: str, start: int, end: int, inner: str) -> bool:
    """A marked span is a thought when it reads as a clause: 3+ words, or a whole sentence of its own."""
    if len(inner.split()) >= 3:
        return True
    before = text[:start].rstrip()
    starts_sentence = not before or before[-1] in ".!?…\"”"
    return starts_sentence and bool(re.search(r"[.!?…]$", inner.strip()))
