"""Story -> Script: each paragraph cut into narration, dialogue and thought, then into sentences."""

from __future__ import annotations

from dataclasses import replace

from . import header_keys
from .model import DIALOGUE, NARRATION, Block, BlockKind, Kind, Metadata, Pause, Script, ScriptChapter, Segment, Story
from .patterns import compiled
from .quotes import CLOSING_MARKS, OPENING_MARKS, Span, UnclosedMarks, dialogue_quote_style, split_spans
from .sentences import MAX_CLIP_CHARS, limit_length, plain_sentences, split_sentences
from .words import says_something

HEADER_CHAPTER_TITLE = "Introduction"

_SENTENCE_END = compiled(r"[.!?…][\"'”’)\]]*\s*$")
# Header fields in the order a listener wants them (header_keys.SPOKEN_ORDER); keys not listed follow in file order.
_UNSPOKEN_KEYS = frozenset(header_keys.UNSPOKEN)


def build_script(story: Story) -> Script:
    """The whole reading of `story`: the spoken header first, then each chapter."""
    style = dialogue_quote_style(story)
    chapters = [ScriptChapter(HEADER_CHAPTER_TITLE, header_segments(story.metadata))]
    unclosed = UnclosedMarks()
    for chapter in story.chapters:
        segments: list[Segment] = []
        left_open = False  # the paragraph before ended inside a quote it never closed
        paragraphs: list[tuple[str, list[str]]] = []  # each paragraph's text and the marks it leaves open
        for index, block in enumerate(chapter.blocks):
            following = chapter.blocks[index + 1] if index + 1 < len(chapter.blocks) else None
            end_pause = Pause.SCENE if following is not None and following.kind is BlockKind.SCENE_BREAK else Pause.PARAGRAPH
            marks: list[str] = []
            made = block_segments(block, style, end_pause, marks)
            if block.kind is BlockKind.PARAGRAPH:
                paragraphs.append((block.text, marks))
            if left_open and made and made[0].kind is DIALOGUE and block.text.lstrip()[:1] in OPENING_MARKS:
                made[0] = replace(made[0], continues=True)  # one speech over paragraphs: one speaker
            left_open = bool(made) and made[-1].kind is DIALOGUE and block.text.rstrip()[-1:] not in CLOSING_MARKS
            segments.extend(made)
        chapters.append(ScriptChapter(chapter.title, tuple(segments)))
        unclosed.count(chapter.title, paragraphs)
    warning = unclosed.warning()
    warnings = (*story.warnings, warning) if warning else story.warnings
    return Script(story.metadata, tuple(chapters), story.repairs, warnings)


def header_segments(metadata: Metadata) -> tuple[Segment, ...]:
    """What the spoken header says, field by field, then the preface notes."""
    segments: list[Segment] = []
    used: set[str] = set()
    for keys in header_keys.SPOKEN_ORDER:
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


def block_segments(
    block: Block, style: str = "double", end_pause: Pause = Pause.PARAGRAPH, unclosed: list[str] | None = None
) -> list[Segment]:
    """Segments of one block; the last carries `end_pause`. A paragraph's marks left open go to `unclosed`."""
    if block.kind is BlockKind.SCENE_BREAK:
        return []
    if block.kind is BlockKind.HEADING:
        return _sentences(Kind.HEADING, block.text, end_pause, split=False)
    if block.kind is BlockKind.NOTE:
        return _sentences(Kind.NOTE, block.text, end_pause)
    segments: list[Segment] = []
    lines = block.text.split("\n")
    if len(lines) > 1:
        left_open: list[str] = []
        spans = split_spans(block.text, style, left_open)  # a mark may close on a later line of the paragraph
        if unclosed is not None:
            unclosed += left_open
        unclosed = None
        if not left_open and any(span.kind is not NARRATION and "\n" in span.text for span in spans):
            return _spans_over_lines(spans, end_pause)  # a quotation over several lines: verse, a letter read out
    for number, line in enumerate(lines):
        pause = end_pause if number == len(lines) - 1 else Pause.LINE
        segments.extend(paragraph_segments(line, style, pause, unclosed))
    return segments


def _spans_over_lines(spans: list[Span], end_pause: Pause) -> list[Segment]:
    """Segments of a block's spans read whole, each line of a span ending in a line's pause."""
    segments: list[Segment] = []
    for index, span in enumerate(spans):
        lines = span.text.split("\n")
        for number, line in enumerate(lines):
            if not says_something(line):
                continue
            if number < len(lines) - 1:
                pause = Pause.LINE
            elif index < len(spans) - 1:
                pause = Pause.SENTENCE if _SENTENCE_END.search(line) else Pause.NONE
            else:
                pause = end_pause
            segments.extend(_sentences(span.kind, line, pause))
    if segments and segments[-1].pause is not end_pause:
        segments[-1] = replace(segments[-1], pause=end_pause)  # the block's last words were a line of no word
    return segments


def paragraph_segments(
    text: str, style: str = "double", end_pause: Pause = Pause.PARAGRAPH, unclosed: list[str] | None = None
) -> list[Segment]:
    spans = [s for s in split_spans(text, style, unclosed) if says_something(s.text)]
    segments: list[Segment] = []
    for index, span in enumerate(spans):
        last = index == len(spans) - 1
        pause = end_pause if last else (Pause.SENTENCE if _SENTENCE_END.search(span.text) else Pause.NONE)
        segments.extend(_sentences(span.kind, span.text, pause))
    return segments


def _sentences(kind: Kind, text: str, final_pause: Pause, *, split: bool = True) -> list[Segment]:
    plain = plain_sentences(text) if split else None
    if plain is not None and max(map(len, plain)) <= MAX_CLIP_CHARS:
        # the common case: sentences already stripped, each saying something, each one clip
        return [*(Segment(kind, part, None, Pause.SENTENCE) for part in plain[:-1]), Segment(kind, plain[-1], None, final_pause)]
    parts = split_sentences(text) if split else [text.strip()]
    segments: list[Segment] = []
    last = None  # each sentence's last piece, made once its pause is known: the sentence's, or the final one
    for part in filter(None, (p.strip() for p in parts)):
        # A sentence too long for one clip goes on in pieces, with the short pause of a phrase between.
        # A piece with no word ("***" in a preface, a cut in a run of "!!!") has nothing to say: the engine
        # would return silence, which it rightly treats as a failed clip.
        pieces = [piece for piece in limit_length(part) if says_something(piece)]
        if not pieces:
            continue
        if last is not None:
            segments.append(Segment(kind, last, None, Pause.SENTENCE))
        segments += [Segment(kind, piece, None, Pause.NONE) for piece in pieces[:-1]]
        last = pieces[-1]
    if last is not None:
        segments.append(Segment(kind, last, None, final_pause))
    return segments
