"""What the listener chose to hear: which notes are read, warnings as their own chapter, the credits.

Sits between reading and the script: `script_for(story, choices)` filters the story's notes, builds the
script with segment.build_script, then moves the warnings into a chapter of their own and adds the
podfic-style credits to the spoken header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import header_keys
from .errors import UsageError
from .model import Block, BlockKind, Kind, Metadata, Pause, Script, ScriptChapter, Segment, Story
from .patterns import compiled
from .read.marks import END_MARK
from .segment import HEADER_CHAPTER_TITLE, build_script, header_segments

NOTES_CHOICES = ("all", "summary", "none")
WARNINGS_CHAPTER_TITLE = "Warnings"
_WARNING_KEYS = {*header_keys.WARNINGS, "content warning", "content warnings"}
_SUMMARY_KEYS = {*header_keys.SUMMARY, "chapter summary"}
_NOTE_KEYS = {*header_keys.NOTES, "end notes"}
_SUMMARY_LABEL = compiled(r"^\W*(?:chapter\s+)?summary\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class ListeningChoices:
    notes: str = "all"  # "all": summary, notes, chapter and end notes; "summary": summaries only; "none"
    warnings: bool = False  # True: archive warnings read as a chapter of their own, before the header
    credits: bool = True  # the header credits the author and says the voice is synthetic
    closing_credits: bool = False  # a last chapter saying what was heard (ACX asks for one)


def script_for(story: Story, choices: ListeningChoices = ListeningChoices()) -> Script:
    """The script of `story` as the listener chose to hear it."""
    if choices.notes not in NOTES_CHOICES:
        raise UsageError(f"unknown --notes '{choices.notes}' (choose {', '.join(NOTES_CHOICES)})")
    story = filter_notes(story, choices.notes)
    warnings: tuple[tuple[str, str], ...] = ()
    if choices.warnings:
        warnings = tuple((k, v) for k, v in story.metadata.fields if k.casefold() in _WARNING_KEYS)
        kept = tuple((k, v) for k, v in story.metadata.fields if k.casefold() not in _WARNING_KEYS)
        script = build_script(replace(story, metadata=replace(story.metadata, fields=kept)))
        script = replace(script, metadata=story.metadata)
    else:
        script = build_script(story)
    chapters = list(script.chapters)
    if choices.credits and chapters and chapters[0].title == HEADER_CHAPTER_TITLE:
        chapters[0] = ScriptChapter(chapters[0].title, chapters[0].segments + credit_segments(story.metadata))
    if choices.closing_credits:
        chapters.append(closing_credits(story.metadata))
    if warnings:
        spoken = header_segments(Metadata(fields=warnings))
        chapters.insert(0, ScriptChapter(WARNINGS_CHAPTER_TITLE, spoken))
    return replace(script, chapters=tuple(chapters))


def credit_segments(metadata: Metadata) -> tuple[Segment, ...]:
    """Podfic-style credits: whose work it is, and that the reading is synthetic."""
    title = metadata.title or "this story"
    author = metadata.author
    whose = f"{title}, by {author}" if author else title
    credit = f"All credit for the story goes to {author}." if author else "All credit for the story goes to its author."
    return (
        Segment(Kind.HEADER, f"This is a synthetic-voice recording of {whose}, made with fic2audio.", None, Pause.SENTENCE),
        Segment(Kind.HEADER, credit, None, Pause.PARAGRAPH),
    )


CLOSING_CREDITS_TITLE = "Closing Credits"


def closing_credits(metadata: Metadata) -> ScriptChapter:
    """The chapter that ends the book: what it was, whose, and that it is over."""
    title = metadata.title or "this story"
    whose = f"{title}, by {metadata.author}" if metadata.author else title
    return ScriptChapter(
        CLOSING_CREDITS_TITLE,
        (
            Segment(Kind.HEADER, f"This has been {whose}.", None, Pause.SENTENCE),
            Segment(Kind.HEADER, "A synthetic-voice recording made with fic2audio. The end.", None, Pause.PARAGRAPH),
        ),
    )


def filter_notes(story: Story, notes: str) -> Story:
    """Drop what the listener chose not to hear; the story's own text is never dropped."""
    if notes == "all":
        return story
    keep_summary = notes == "summary"

    def keep_field(key: str) -> bool:
        folded = key.casefold()
        if folded in _SUMMARY_KEYS:
            return keep_summary
        return folded not in _NOTE_KEYS

    def keep_block(block: Block) -> bool:
        if block.kind is not BlockKind.NOTE:
            return True
        if block.role:
            return keep_summary and block.role == "summary"
        if END_MARK.match(block.text):
            return True  # "The End" belongs to the story
        return keep_summary and bool(_SUMMARY_LABEL.match(block.text))

    metadata = Metadata(fields=tuple((k, v) for k, v in story.metadata.fields if keep_field(k)), preface=())
    chapters = tuple(replace(ch, blocks=tuple(b for b in ch.blocks if keep_block(b))) for ch in story.chapters)
    return replace(story, metadata=metadata, chapters=chapters)
