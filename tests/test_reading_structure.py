"""Table tests for the story structure rules this issue touched: title/byline openings, notes, headers."""

from __future__ import annotations

import pytest

from fic2audio.model import BlockKind
from fic2audio.read.text import parse_text_story


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("The Quiet Year\nby Someone\n\nShe left.\n", (("Title", "The Quiet Year"), ("Author", "Someone"))),
        ("The Quiet Year\n\nby some_writer\n\nShe left.\n", (("Title", "The Quiet Year"), ("Author", "some_writer"))),
        ("Love Me\nwritten by J.K. Fan\n\nShe left.\n", (("Title", "Love Me"), ("Author", "J.K. Fan"))),
        ("The night was cold\n\nBy morning it was over.\n\nShe left.\n", ()),  # a sentence, not a byline
        ("It ended.\nby Buffy\n\nShe left.\n", ()),  # a title does not end in a period
        ("the the\nby the\n\nShe left.\n", ()),  # lowercase verse
        ("The.\n\nBy :).\n\nThe.\n", ()),  # a smiley's colon makes no "By:" key
        ("Rating: T\n\nShe left.\n", (("Rating", "T"),)),
    ],
)
def test_title_and_byline(text, fields):
    assert parse_text_story(text, "s").metadata.fields == fields


def test_author_note_after_a_chapter_heading_is_a_note_not_a_header():
    story = parse_text_story("Chapter IV: The Return\n\nA/N: Thanks!\n\nShe left.\n", "s")
    assert story.metadata.fields == ()
    assert [b.kind for b in story.chapters[0].blocks] == [BlockKind.HEADING, BlockKind.NOTE, BlockKind.PARAGRAPH]


def test_end_notes_run_to_the_next_chapter():
    text = "Chapter 1\n\nShe left.\n\nEnd Notes: Thanks!\n\nComments are love.\n\nChapter 2\n\nHe stayed.\n"
    story = parse_text_story(text, "s")
    kinds = [[b.kind for b in ch.blocks] for ch in story.chapters]
    assert kinds == [
        [BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.NOTE, BlockKind.NOTE],
        [BlockKind.HEADING, BlockKind.PARAGRAPH],
    ]


def test_chat_lines_in_a_one_paragraph_a_line_file_stay_one_block():
    long = "word " * 30
    story = parse_text_story(f"{long}\nBuffy: where r u\nWillow: library\n{long}\n", "s")
    assert [b.text for b in story.chapters[0].blocks] == [long.strip(), "Buffy: where r u\nWillow: library", long.strip()]


_PROSE = "The clock room at the top of the east tower was always cold, even in summer, and the stairs were worse."


@pytest.mark.parametrize(
    ("lines", "paragraphs"),
    [
        # a tag wrapped onto the next line, and speech wrapped in the middle: one paragraph each
        (['"You\'re late."', "said Master Vell, not looking up."], ['"You\'re late." said Master Vell, not looking up.']),
        (["\"I wasn't late, I was", 'detained," Kit said.'], ['"I wasn\'t late, I was detained," Kit said.']),
        (['"By the', 'stairs."'], ['"By the stairs."']),  # short, yet no verse: a quotation runs over
        (['"Many a flower is born,', 'And wastes its sweetness."'], ['"Many a flower is born,\nAnd wastes its sweetness."']),
        # two short lines of talk are two paragraphs, not a verse
        (['"Detained by what?"', '"By the stairs."'], ['"Detained by what?"', '"By the stairs."']),
        # long lines: one opening on a capital, or on a small letter after a finished sentence, is a paragraph
        ([f'"You\'re late." {_PROSE}', f"Master Vell {_PROSE}"], [f'"You\'re late." {_PROSE}', f"Master Vell {_PROSE}"]),
        ([_PROSE, f"then {_PROSE}"], [_PROSE, f"then {_PROSE}"]),
    ],
)
def test_a_one_paragraph_a_line_file_joins_a_line_that_goes_on_with_the_one_before(lines, paragraphs):
    story = parse_text_story("\n".join([_PROSE, *lines, _PROSE]) + "\n", "s")
    assert [b.text for b in story.chapters[0].blocks] == [_PROSE, *paragraphs, _PROSE]


def test_a_story_written_in_lower_case_keeps_its_lines_apart():
    """ "i looked up." opens a paragraph in a story written all in lower case, though the line before closes a
    quotation: no line goes on with the one before."""
    prose = _PROSE.lower()
    lines = [f'{prose} "hey, wait."', f"i looked up. {prose}", f'he smiled. {prose} "hi."', f"i sat down. {prose}"]
    story = parse_text_story("\n".join(lines) + "\n", "s")
    assert [b.text for b in story.chapters[0].blocks] == lines


@pytest.mark.parametrize(
    ("header", "fields"),
    [
        ("**Title:** Salt and Iron\n**Author:** greywitch", (("Title", "Salt and Iron"), ("Author", "greywitch"))),
        ("**Title**: Salt\n_Rating:_ T", (("Title", "Salt"), ("Rating", "T"))),
        (
            "Title: Salt\n**Rating:** T | **Words:** 2,100 | **Pairing:** Sam/Jess",
            (("Title", "Salt"), ("Rating", "T"), ("Words", "2,100"), ("Pairing", "Sam/Jess")),
        ),
    ],
)
def test_header_keys_in_markdown_emphasis_and_on_one_line(header, fields):
    assert parse_text_story(f"{header}\n\nJess found the salt.\n", "s").metadata.fields == fields


def test_every_scene_break_begins_with_a_character_the_quick_check_lets_through():
    """SCENE_BREAK_FIRST turns a line down before SCENE_BREAK is tried: it must hold every character a scene
    break can begin with, or such a break would be read as a paragraph."""
    from fic2audio.read.marks import SCENE_BREAK, SCENE_BREAK_FIRST

    tails = ["", "*", "**", "***", "-", "--", "~~", "oOo", "Oo", "xX", "cene break", "ine break", "age break", "ection break"]
    tails += [t + "]" for t in tails]
    lines = {line.strip() for code in range(0x21, 0x3000) for tail in tails for line in (chr(code) * 3 + tail, chr(code) + tail)}
    missing = {line[:1] for line in lines if SCENE_BREAK.match(line)} - SCENE_BREAK_FIRST  # lines are read stripped
    assert not missing, sorted(missing)
