"""Table tests for the plain-text reader: header, preface, chapters, breaks, end matter, wraps."""

from __future__ import annotations

import pytest

from fic2audio.model import BlockKind
from fic2audio.read.text import parse_text_story


def read(text: str):
    return parse_text_story(text, "story")


def blocks(text: str):
    return [(b.kind.value, b.text) for ch in read(text).chapters for b in ch.blocks]


def test_header_fields_kept_in_order_with_unknown_keys():
    story = read(
        "Title: Rain\nAuthor: Quill\nFandom: Buffy\nPairing: Spike/Buffy\nRating: PG-13\nWarnings: none\n"
        "Favourite Colour: blue\nSummary: A short one.\n\nIt rained.\n"
    )
    assert story.metadata.fields == (
        ("Title", "Rain"),
        ("Author", "Quill"),
        ("Fandom", "Buffy"),
        ("Pairing", "Spike/Buffy"),
        ("Rating", "PG-13"),
        ("Warnings", "none"),
        ("Favourite Colour", "blue"),
        ("Summary", "A short one."),
    )
    assert story.metadata.author == "Quill"
    assert blocks("Title: Rain\nAuthor: Quill\n\nIt rained.\n") == [("paragraph", "It rained.")]


def test_lines_before_header_are_preface_and_repeated_title_is_heading():
    story = read("A gift for Sam\n\nTitle: Rain\nRating: G\n\nRain\n\nIt rained all day.\n")
    assert story.metadata.preface == ("A gift for Sam",)
    assert [(b.kind.value, b.text) for b in story.chapters[0].blocks] == [
        ("heading", "Rain"),
        ("paragraph", "It rained all day."),
    ]


def test_multiline_summary_continues_value():
    story = read("Title: Rain\nSummary: It rains.\n  Then it stops.\nStatus: Complete\n\nBody text here.\n")
    assert story.metadata.get("summary") == "It rains. Then it stops."
    assert story.metadata.get("status") == "Complete"


def test_no_header_means_everything_is_body():
    story = read("Once upon a time: a story.\n\nThe end came soon.\n")
    assert story.metadata.fields == ()
    assert blocks("She said: no.\n\nHe left.\n") == [("paragraph", "She said: no."), ("paragraph", "He left.")]


@pytest.mark.parametrize(
    "heading, title",
    [
        ("Chapter 1", "Chapter 1"),
        ("Chapter Two: The Storm", "Chapter Two: The Storm"),
        ("CHAPTER 12 - Home", "CHAPTER 12 - Home"),
        ("Part 3", "Part 3"),
        ("Prologue", "Prologue"),
        ("Epilogue", "Epilogue"),
        ("Omake", "Omake"),  # a manga fandom's bonus section
        ("Chapter IV", "Chapter IV"),
        # marked up as the fic's site or editor left it
        ("**Chapter 1: Gas Station Coffee**", "Chapter 1: Gas Station Coffee"),
        ("## Chapter 4", "Chapter 4"),
        ("~ Part Two ~", "Part Two"),
        ("[Prologue]", "Prologue"),
        ("-- Epilogue --", "Epilogue"),
        ("*~*Chapter 5*~*", "Chapter 5"),
        ("_Chapter 6_", "Chapter 6"),
        ("=== Chapter 7 ===", "Chapter 7"),
        ("<Chapter 8>", "Chapter 8"),
        ("Chapter 9 (the end)", "Chapter 9 (the end)"),
    ],
)
def test_chapter_headings_start_chapters(heading, title):
    story = read(f"Title: T\n\n{heading}\n\nFirst words.\n\nChapter 99\n\nLast words.\n")
    assert [ch.title for ch in story.chapters] == [title, "Chapter 99"]
    assert story.chapters[0].blocks[0].kind is BlockKind.HEADING
    assert story.chapters[0].blocks[1].text == "First words."


def test_chapter_heading_with_title_on_next_line():
    story = read("Chapter 1\nThe Storm\n\nWind.\n")
    assert story.chapters[0].title == "Chapter 1: The Storm"


@pytest.mark.parametrize(
    "mark",
    [
        *("***", "* * *", "~~~", "---", "oOo", "xXx", "-oOo-", "~*~*~", "###", "[scene break]"),
        *("0o0o0", "xxx", "xoxoxo", "^v^v^v^", "-line break-", "(Scene Break)"),
    ],
)
def test_scene_breaks(mark):
    assert blocks(f"Before.\n\n{mark}\n\nAfter.\n") == [("paragraph", "Before."), ("scene_break", ""), ("paragraph", "After.")]


@pytest.mark.parametrize("line", ["*Part of me wanted to stay.*", "Partly cloudy", "Chapter 1x of the manual", "**Act now**"])
def test_lines_like_headings_stay_text(line):
    assert blocks(f"Before.\n\n{line}\n\nAfter.\n")[1][0] == "paragraph"


@pytest.mark.parametrize("word", ["Ooo", "Oh", "xx", "xoxo", "Break", "Vivi", "XXX"])
def test_short_words_are_not_scene_breaks(word):
    assert blocks(f"Before.\n\n{word}\n\nAfter.\n")[1] == ("paragraph", word)


@pytest.mark.parametrize(
    ("ending", "kinds"),
    [
        # words to the readers closing a chapter, with no note's label: an author's note
        (["Thanks so much for reading!", "Please leave a review, they make my day."], ["note", "note"]),
        (["Next chapter should be up next week!", "A/N: I own nothing."], ["note", "note"]),
        # the story's own last words stay story, and so does a line that quotes someone
        (["He hoped the next day would be kinder."], ["paragraph"]),
        (['"Thanks for reading it," she said, and closed the letter.'], ["paragraph"]),
        (["Kudos to you all.", "He slept."], ["paragraph", "paragraph"]),
    ],
)
def test_words_to_the_readers_at_a_chapters_end_are_a_note(ending, kinds):
    found = blocks("Chapter 1\n\nAlpha walked home.\n\n" + "\n\n".join(ending) + "\n\nChapter 2\n\nBeta walked.\n")
    assert [kind for kind, _ in found[2 : 2 + len(ending)]] == kinds


@pytest.mark.parametrize(
    ("opening", "kinds"),
    [
        # words to the readers opening a chapter, with no note's label: an author's note
        (["Hey guys! Sorry this took so long, finals ate me alive.", "Thanks for all the reviews!"], ["note", "note"]),
        (["This chapter is dedicated to my beta."], ["note"]),
        (["I don't own Naruto or any of the characters."], ["note"]),
        (["I don't own much. A bed, a lamp, a cat."], ["paragraph"]),  # a narrator's "I", not the author's
        # the story's own first words stay story: a he or she, or someone quoted
        (["Sorry, he thought, so sorry for the long wait."], ["paragraph"]),
        (['"Thanks for the kudos," she said.'], ["paragraph"]),
    ],
)
def test_words_to_the_readers_at_a_chapters_start_are_a_note(opening, kinds):
    found = blocks("Chapter 1\n\n" + "\n\n".join(opening) + "\n\nAlpha walked home.\n")
    assert [kind for kind, _ in found[1 : 1 + len(opening)]] == kinds


def test_the_end_and_after_is_end_matter():
    assert blocks("Text.\n\nThe End\n\nThanks for reading!\n\nReview please.\n") == [
        ("paragraph", "Text."),
        ("note", "The End"),
        ("note", "Thanks for reading!"),
        ("note", "Review please."),
    ]


def test_authors_notes_in_body_are_notes():
    assert blocks("A/N: sorry for the wait.\n\nShe ran.\n")[0] == ("note", "A/N: sorry for the wait.")


def test_crlf_and_hard_wraps_joined():
    text = (
        "The rain came down over the town in long grey sheets, and nobody who lived\r\n"
        "there could remember a wetter spring than this one, not even the oldest.\r\n"
        "\r\n"
        "She went out anyway, because the shop would not open itself and the bread\r\n"
        "needed baking before dawn.\r\n"
    )
    assert blocks(text) == [
        (
            "paragraph",
            "The rain came down over the town in long grey sheets, and nobody who lived there could remember a wetter spring than this one, not even the oldest.",
        ),
        ("paragraph", "She went out anyway, because the shop would not open itself and the bread needed baking before dawn."),
    ]


def test_unwrapped_lines_are_paragraphs_even_without_blank_lines():
    long_a = "She walked into the room and looked around for a long moment, as if the walls might answer her questions. " * 2
    long_b = "He did not look up from the book, though he had not turned a page in an hour and both of them knew it. " * 2
    assert [k for k, _ in blocks(f"{long_a}\n{long_b}\n")] == ["paragraph", "paragraph"]


def test_indented_lines_start_paragraphs_in_wrapped_text():
    text = (
        "    The first paragraph starts here and runs on to the end of this\n"
        "line and wraps onto the next one.\n"
        "    The second paragraph starts here, indented like the first was.\n"
    )
    assert len(blocks(text)) == 2


def test_verse_keeps_line_breaks():
    text = "Prose before the song, long enough to be a sentence of its own here.\n\nRoses are red\nViolets are blue\nSugar is sweet\n"
    assert blocks(text)[1] == ("paragraph", "Roses are red\nViolets are blue\nSugar is sweet")


def test_damaged_question_marks_restored_only_with_evidence():
    damaged = read("He said ?stop this' and ran? she followed.\n\nReally? yes.\n")
    texts = [b.text for b in damaged.chapters[0].blocks]
    assert texts == ["He said 'stop this' and ran… she followed.", "Really… yes."]
    assert {r.what for r in damaged.repairs} >= {"lost opening quote", "lost dash or ellipsis"}
    clean = read('"Are you sure?" she asked.\n\nWhy? because I said so.\n')
    assert [b.text for b in clean.chapters[0].blocks] == ['"Are you sure?" she asked.', "Why? because I said so."]
    assert clean.repairs == ()


def test_spaced_question_mark_is_a_dash():
    story = read('"I love you" ? There, she said it.\n\nHe said ?no\' twice.\n')
    assert story.chapters[0].blocks[0].text == '"I love you" — There, she said it.'


def test_mojibake_repaired_and_reported():
    story = read("She said \u00e2\u20ac\u0153hello\u00e2\u20ac\u009d and left.\n")
    assert story.chapters[0].blocks[0].text == "She said \u201chello\u201d and left."
    assert story.repairs and story.repairs[0].what == "mojibake"


@pytest.mark.parametrize(
    ("body", "titles"),
    [
        ("1.\n\nA.\n\n2. The Return\n\nB.\n\nIII\n\nC.\n", ["1.", "2. The Return", "III"]),
        ("PROLOGUE\n\nA.\n\nONE\n\nB.\n", ["PROLOGUE", "ONE"]),
        ("One\n\nA.\n\nTwo\n\nB.\n", ["One", "Two"]),
        # not headings: a lone list item, a countdown, a sentence that opens with "I"
        ("A.\n\n1. Buy milk\n\nB.\n", ["T"]),
        ("Three.\n\nTwo.\n\nOne.\n\nGo.\n", ["T"]),
        ("*I was,* she thought.\n\nII\n\nB.\n", ["T"]),
    ],
)
def test_bare_numbers_head_chapters_only_when_they_count_up(body, titles):
    assert [ch.title for ch in read(f"Title: T\n\n{body}").chapters] == titles


@pytest.mark.parametrize("mark", ["TO BE CONTINUED...", "(TBC)", "End of Chapter 3", "~End Chapter One~"])
def test_chapter_end_marks_are_notes_and_the_story_goes_on(mark):
    story = read(f"Title: T\n\nChapter 1\n\nA.\n\n{mark}\n\nChapter 2\n\nB.\n")
    assert [(b.kind.value, b.text) for b in story.chapters[0].blocks][1:] == [("paragraph", "A."), ("note", mark)]
    assert [(b.kind.value, b.text) for b in story.chapters[1].blocks] == [("heading", "Chapter 2"), ("paragraph", "B.")]


@pytest.mark.parametrize(
    ("opening", "fields"),
    [
        (
            "The Quiet Between Stars\nA Star Wars fanfic by Kestrel_Writes",
            (("Title", "The Quiet Between Stars"), ("Author", "Kestrel_Writes"), ("Fandom", "Star Wars")),
        ),
        ("Small Things\na oneshot by J.K. Fan", (("Title", "Small Things"), ("Author", "J.K. Fan"))),
    ],
)
def test_bylines_that_name_the_kind_of_work(opening, fields):
    assert read(f"{opening}\n\nShe left.\n").metadata.fields == fields


def test_a_table_of_contents_is_one_note_not_empty_chapters():
    story = read(
        "Title: Tides\n\nContents\nChapter 1: Low Water\nChapter 2: High Water\n\nChapter 1: Low Water\n\nThe sea went out.\n\nChapter 2: High Water\n\nIt came back.\n"
    )
    assert [ch.title for ch in story.chapters] == ["Chapter 1: Low Water", "Chapter 2: High Water"]
    assert (BlockKind.NOTE, "Contents; Chapter 1: Low Water; Chapter 2: High Water") in [
        (b.kind, b.text) for b in story.chapters[0].blocks
    ]
    assert [b.text for b in story.chapters[1].blocks] == ["Chapter 2: High Water", "It came back."]


def test_indented_first_lines_open_paragraphs_in_a_hard_wrapped_book():
    text = (
        "Title: T\n\n"
        "    It was late when the coach stopped, and the rain had not\n"
        "let up all evening.\n"
        '    "How fitting," she said.\n'
        "    Her brother followed her, grumbling. He had not stopped\n"
        "talking for three days.\n"
        "    The inn was quiet.\n"
    )
    assert [b.text for b in read(text).chapters[0].blocks] == [
        "It was late when the coach stopped, and the rain had not let up all evening.",
        '"How fitting," she said.',
        "Her brother followed her, grumbling. He had not stopped talking for three days.",
        "The inn was quiet.",
    ]


def test_a_heading_over_its_title_line_reads_as_one():
    story = read("Title: T\n\nCHAPTER I.\nTHE INN\n\nText.\n")
    assert story.chapters[0].title == "CHAPTER I: THE INN"


@pytest.mark.parametrize("label", ["Author's Note:", "Summary", "Notes:", "End Notes"])
def test_a_section_label_with_nothing_under_it_is_kept(label):
    story = read(f"{label}\n")
    assert [b.text for ch in story.chapters for b in ch.blocks] == [label]


def test_notes_labels_hold_their_notes_and_no_more():
    """An archive's "Chapter Notes" run to its "Chapter Text"; a plain fic's "Author's Note:" holds the
    paragraph under it, and the story goes on after it."""
    story = read(
        "Title: T\n\nChapter 1\n\nAuthor's Note:\n\nThanks!\n\nShe walked in.\n\nChapter 2\n\nChapter Notes\n\n"
        "Sorry for the wait.\n\nMore notes.\n\nChapter Text\n\nIt rained.\n\nChapter End Notes\n\nBye!\n\nChapter 3\n\nThe end came.\n"
    )
    kinds = [[(b.kind.value, b.text) for b in ch.blocks] for ch in story.chapters]
    assert kinds == [
        [("heading", "Chapter 1"), ("note", "Author's Note:"), ("note", "Thanks!"), ("paragraph", "She walked in.")],
        [
            ("heading", "Chapter 2"),
            ("note", "Chapter Notes"),
            ("note", "Sorry for the wait."),
            ("note", "More notes."),
            ("paragraph", "It rained."),
            ("note", "Chapter End Notes"),
            ("note", "Bye!"),
        ],
        [("heading", "Chapter 3"), ("paragraph", "The end came.")],
    ]


def test_a_header_key_takes_its_value_from_the_paragraph_under_it():
    story = read("Title: T\nAuthor's Note:\n\nThanks to my beta!\n\nShe walked in.\n")
    assert story.metadata.fields == (("Title", "T"), ("Author's Note", "Thanks to my beta!"))
    assert [b.text for b in story.chapters[0].blocks] == ["She walked in."]
