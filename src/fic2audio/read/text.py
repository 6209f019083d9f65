"""Plain-text fics -> Story: the header, then chapters, scene breaks, notes and end matter."""

from __future__ import annotations

import itertools
import re

from ..model import Block, BlockKind, Chapter, Metadata, Repair, Story
from ..patterns import compiled
from ..words import roman_value
from .header import comparable, split_header
from .marks import (
    CHAPTER_END_MARK,
    CHAPTER_HEADING,
    CONTENTS_LABEL,
    COUNTING,
    END_MARK,
    END_NOTES,
    HEADING_MARKS,
    NOTE_START,
    NUMBERED_HEADING,
    READER_ADDRESS,
    READER_GREETING,
    SCENE_BREAK,
    SECTION_LABEL,
    TEXT_LABEL,
    bare_heading,
)
from .paragraphs import Paragraph, paragraph_text, split_paragraphs
from .repair import damaged_question_marks, normalize_characters, restore_lost_punctuation


def parse_text_story(text: str, source_name: str, *, encoding: str = "utf-8", warnings: tuple[str, ...] = ()) -> Story:
    """Read a decoded plain-text fic into a Story."""
    repairs: list[Repair] = []
    text = normalize_characters(text, repairs)
    paragraphs = split_paragraphs(text)
    damaged = damaged_question_marks(text)
    if damaged:
        paragraphs = [
            Paragraph(tuple(restore_lost_punctuation(ln, p.line + i, repairs) for i, ln in enumerate(p.lines)), p.line)
            for p in paragraphs
        ]
    metadata, body = split_header(paragraphs)
    chapters = _chapters(body, metadata)
    return Story(
        metadata=metadata,
        chapters=tuple(chapters),
        source_name=source_name,
        repairs=tuple(repairs),
        warnings=warnings,
        encoding=encoding,
    )


def _labelled_notes_end(body: list[Paragraph], label: int) -> int:
    """Where the notes under a "Notes" or "Summary" label in the story end: at the archive's "Chapter
    Text" when one comes before the next chapter; else the label holds only the paragraph after it (a
    plain fic's "Author's Note:" over its note, then the story)."""
    for index in range(label + 1, len(body)):
        para = body[index]
        if len(para.lines) == 1 and TEXT_LABEL.match(para.text):
            return index
        if CHAPTER_HEADING.match(para.lines[0]):
            break
    return label + 2


def _numbered_headings(body: list[Paragraph]) -> set[int]:
    """Paragraphs that are bare numbered headings, trusted only as a run that counts up from one (two
    at least): a lone "1." is a list item, "Three." "Two." "One." a countdown."""
    found: list[tuple[int, int, str]] = []  # (paragraph, value, the number as written)
    for index, para in enumerate(body):
        match = NUMBERED_HEADING.match(para.lines[0]) if len(para.lines) == 1 else None
        if match is None or (match.group(1).isalpha() and not match.group(1)[0].isupper()):
            continue
        if match.group(2) and re.search(r"[.!?\"”,;]$", match.group(2).rstrip(HEADING_MARKS + " ")):
            continue  # "1. He ran." is a sentence
        number = match.group(1)
        value = int(number) if number.isdigit() else roman_value(number) if number.isupper() else None
        if value is None and number.casefold() in COUNTING:
            value = COUNTING.index(number.casefold()) + 1
        if value is not None:
            found.append((index, value, number))
    run: list[tuple[int, str]] = []
    for index, value, number in found:
        if value == len(run) + 1:
            run.append((index, number))
    if len(run) == 1:
        # "PROLOGUE" then "ONE": a number word in capitals, in a story with other headings, is one too.
        word = run[0][1]
        others = any(CHAPTER_HEADING.match(p.lines[0]) for p in body)
        return {run[0][0]} if word.isalpha() and word.isupper() and len(word) > 1 and others else set()
    return {index for index, _ in run}


def _chapters(body: list[Paragraph], metadata: Metadata) -> list[Chapter]:
    story_title = metadata.title or ""
    numbered = _numbered_headings(body)
    contents = _contents(body)
    chapters: list[Chapter] = []
    title: str | None = None
    blocks: list[Block] = []
    in_end_matter = False
    in_notes = False  # after AO3's "End Notes:", until the next chapter
    notes_until = -1  # paragraphs before this index follow a notes label: notes

    def close() -> None:
        nonlocal blocks, title
        if not blocks and title is None:
            return
        _reader_notes(blocks, at_end=False)
        _reader_notes(blocks, at_end=True)
        chapters.append(Chapter(title or story_title or "Story", tuple(blocks)))
        blocks, title = [], None

    for index, para in enumerate(body):
        text = para.text
        single = len(para.lines) == 1
        if in_end_matter:
            blocks.append(Block(BlockKind.NOTE, text))
        elif CHAPTER_END_MARK.match(text) and single:
            blocks.append(Block(BlockKind.NOTE, text))
        elif END_MARK.match(text) and single:
            in_end_matter = True
            blocks.append(Block(BlockKind.NOTE, text))
        elif SCENE_BREAK.match(text) and single:
            if blocks:
                blocks.append(Block(BlockKind.SCENE_BREAK))
        elif single and TEXT_LABEL.match(text):
            in_notes = False  # the archive's "Chapter Text": the story goes on after the chapter's notes
        elif single and (label := SECTION_LABEL.match(text)):
            if label.group(1).casefold().endswith("end notes"):
                in_notes = True  # end notes run to the next chapter
            else:
                notes_until = _labelled_notes_end(body, index)
            blocks.append(Block(BlockKind.NOTE, text))
        elif index in contents:
            if contents[index]:
                blocks.append(Block(BlockKind.NOTE, contents[index]))  # the list, read once; its chapters come later
        elif (CHAPTER_HEADING.match(para.lines[0]) and len(para.lines[0]) <= 120) or index in numbered:
            rest = list(para.lines[1:])
            heading = bare_heading(para.lines[0])
            if rest and len(rest[0]) <= 80 and not re.search(r"[.!?\"”’']$", rest[0]):
                heading = f"{heading.rstrip('.:')}: {rest.pop(0)}"  # "Chapter 1" over "The Storm"
            if any(b.kind is BlockKind.PARAGRAPH for b in blocks):
                close()
            in_notes = False
            title = heading
            blocks.append(Block(BlockKind.HEADING, heading))
            if rest:
                blocks.append(Block(BlockKind.PARAGRAPH, paragraph_text(Paragraph(tuple(rest), para.line + 1))))
        elif index == 0 and story_title and single and comparable(text) == comparable(story_title):
            blocks.append(Block(BlockKind.HEADING, text))
        elif NOTE_START.match(text) or in_notes or index < notes_until:
            in_notes = in_notes or bool(END_NOTES.match(text))
            blocks.append(Block(BlockKind.NOTE, text))
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, paragraph_text(para)))
    close()
    return chapters


# A story's words, not its author's: someone quoted, or a he or she ("Sorry, he thought, for the long wait.")
_STORY_WORDS = compiled(r"[\"“”]|\b(?:[Hh]e|[Ss]he|[Hh]im|[Hh]is|[Hh]er)\b")


def _to_readers(text: str) -> bool:
    """A paragraph that may be its author's, speaking to the readers: it quotes no one and tells of no he or she."""
    return _STORY_WORDS.search(text) is None


def _reader_notes(blocks: list[Block], *, at_end: bool) -> None:
    """The paragraphs that open a chapter (after its heading: "Hey guys! Sorry this took so long.") or close it ("Thanks
    for reading! Please leave a review.") speaking to its readers with no note's label are an author's note, not the
    story: made notes, in place, from the chapter's edge in, while they speak so (`_to_readers`); at least one
    paragraph of story stays beside them."""
    passed = (BlockKind.NOTE,) if at_end else (BlockKind.HEADING, BlockKind.NOTE)
    patterns = (READER_ADDRESS,) if at_end else (READER_GREETING, READER_ADDRESS)
    inward = range(len(blocks) - 1, 0, -1) if at_end else range(len(blocks) - 1)
    edge = list(
        itertools.takewhile(
            lambda i: (
                blocks[i].kind in passed
                or blocks[i].kind is BlockKind.PARAGRAPH
                and any(p.search(blocks[i].text) for p in patterns)
                and _to_readers(blocks[i].text)
            ),
            inward,
        )
    )
    rest = blocks[: len(blocks) - len(edge)] if at_end else blocks[len(edge) :]
    if any(b.kind is BlockKind.PARAGRAPH for b in rest):
        for i in edge:
            if blocks[i].kind is BlockKind.PARAGRAPH:
                blocks[i] = Block(BlockKind.NOTE, blocks[i].text)


def _contents(body: list[Paragraph]) -> dict[int, str]:
    """Tables of contents: chapter headings on lines one after another (no blank line, no text between),
    maybe under "Contents". Maps the paragraphs to the note that reads the list (on the first of them)."""
    found: dict[int, str] = {}
    index = 0
    while index < len(body):
        end, lines, label = index, [], []
        while end < len(body):
            para = body[end]
            adjacent = end == index or para.line == body[end - 1].line + len(body[end - 1].lines)
            listed = [ln for ln in para.lines if not (end == index and CONTENTS_LABEL.match(ln.strip()))]
            if end == index and len(listed) < len(para.lines):
                label = [para.lines[0].strip().rstrip(":")]
            if end == index and not listed:
                end += 1  # the "Contents" label on its own line
                continue
            if not adjacent or not listed or not all(CHAPTER_HEADING.match(ln) for ln in listed):
                break
            lines += listed
            end += 1
        if len(lines) >= 2:
            found.update({i: "" for i in range(index, end)})
            found[index] = "; ".join([*label, *(bare_heading(ln) for ln in lines)])
            index = end
        else:
            index += 1
    return found
