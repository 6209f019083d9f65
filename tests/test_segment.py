"""Table tests for segmentation, and For_Her.txt against its hand-written reading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fic2audio.model import Block, BlockKind, Kind, Pause
from fic2audio.pipeline import plan_story
from fic2audio.segment import block_segments, paragraph_segments
from fic2audio.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
N, D, T = "narration", "dialogue", "thought"


def kinds(text: str, style: str = "double"):
    return [(s.kind.value, s.text) for s in paragraph_segments(text, style)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"I know," she said.', [(D, "I know,"), (N, "she said.")]),
        ("\u201cWait.\u201d He stopped. \u201cNo.\u201d", [(D, "Wait."), (N, "He stopped."), (D, "No.")]),
        ("It's the twins' room, isn't it?", [(N, "It's the twins' room, isn't it?")]),
        ("He was *so* tired.", [(N, "He was so tired.")]),
        (
            "She thought, *this cannot be happening*, and ran.",
            [(N, "She thought,"), (T, "this cannot be happening"), (N, ", and ran.")],
        ),
        ("_Why me?_ He sighed.", [(T, "Why me?"), (N, "He sighed.")]),
        ("the snake_case_name stays", [(N, "the snake_case_name stays")]),
        ("\"She said 'no' to me,\" he said.", [(D, "She said 'no' to me,"), (N, "he said.")]),
        ("He said 'screw it' and left.", [(N, "He said 'screw it' and left.")]),
        ('"Unclosed quote runs on', [(D, "Unclosed quote runs on")]),
        ('"Don\'t *ever* do that," he said.', [(D, "Don't ever do that,"), (N, "he said.")]),
    ],
)
def test_paragraph_kinds(text, expected):
    assert kinds(text) == expected


def test_british_single_quote_dialogue():
    assert kinds("'Come here,' she said. 'Now.'", style="single") == [(D, "Come here,"), (N, "she said."), (D, "Now.")]
    assert kinds("'Tis rock 'n' roll, 'cause it's the '90s.", style="single") == [
        (N, "'Tis rock 'n' roll, 'cause it's the '90s.")
    ]
    # a quote opening on an elided word, and words in quotes mid-sentence (not speech)
    assert kinds("said Jamie. ''Cause she didn't mean it.'", style="single") == [
        (N, "said Jamie."),
        (D, "'Cause she didn't mean it."),
    ]
    assert kinds("'Ello, guv'nor,' 'e said. 'Ow's it goin'?'", style="single") == [
        (D, "Ello, guv'nor,"),
        (N, "'e said."),
        (D, "Ow's it goin'?"),
    ]
    assert kinds("Jamie says it's 'character building'. I think he's mad.", style="single") == [
        (N, "Jamie says it's 'character building'."),
        (N, "I think he's mad."),
    ]
    assert kinds('She called the place "home". It was not.') == [(N, 'She called the place "home".'), (N, "It was not.")]


def test_speech_over_several_paragraphs_is_marked_as_going_on():
    from fic2audio.read.text import parse_text_story
    from fic2audio.segment import build_script

    story = parse_text_story("'I know. She said it in anger.\n\n'And she cried after.'\n\n'Did she?'\n", "s")
    body = build_script(story).chapters[1].segments
    assert [(s.text, s.continues) for s in body] == [
        ("I know.", False),
        ("She said it in anger.", False),
        ("And she cried after.", True),
        ("Did she?", False),
    ]


def test_sentences_split_with_shipped_abbreviations():
    assert split_sentences("Mr. Giles met Dr. Walsh at St. Mary's. They talked.") == [
        "Mr. Giles met Dr. Walsh at St. Mary's.",
        "They talked.",
    ]
    assert split_sentences("This is it\u2026 he's not going to make it.") == ["This is it\u2026 he's not going to make it."]
    assert split_sentences("Stop!! Now.") == ["Stop!!", "Now."]


def test_pauses_follow_the_structure():
    segs = paragraph_segments('"Hi." She smiled. "Bye," she said', end_pause=Pause.SCENE)
    assert [s.pause for s in segs] == [Pause.SENTENCE, Pause.SENTENCE, Pause.NONE, Pause.SCENE]
    verse = block_segments(Block(BlockKind.PARAGRAPH, "Roses are red\nViolets are blue"))
    assert [s.pause for s in verse] == [Pause.LINE, Pause.PARAGRAPH]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text.replace("\u2019", "'").lower())


def expected_reading(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, _, text = line.partition("|")
            rows.append((kind, text))
    return rows


def test_for_her_matches_its_expected_reading_word_for_word():
    script = plan_story(ROOT / "stories" / "For_Her.txt")
    got = [(s.kind.value, w) for ch in script.chapters for s in ch.segments if s.kind is not Kind.HEADER for w in words(s.text)]
    expected_file = ROOT / "tests" / "data" / "For_Her.expected"
    want = [(k, w) for k, text in expected_reading(expected_file) for w in words(text)]
    assert got == want


def test_for_her_header_and_structure():
    script = plan_story(ROOT / "stories" / "For_Her.txt")
    header, story = script.chapters
    assert header.title == "Introduction" and story.title == "For Her"
    spoken = " ".join(s.text for s in header.segments)
    for part in (
        "For Her",
        "Spuffy",
        "PG",
        "Chosen",
        "The next day after my fic Miracles",
        "Complete",
        "Joss",
        "A companion piece for Miracles",
    ):
        assert part in spoken
    texts = [s.text for s in story.segments]
    assert "So that's what she wanted to talk about last night\u2026 and I didn't let her" in texts
    assert not any("?" in t for t in texts), "every ? in For_Her.txt is damage, none a question"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("🎉", [("narration", "🎉")]),
        (":)", [("narration", ":)")]),
        ("<3", [("narration", "<3")]),
        ('"🎉🎉" she said.', [("dialogue", "🎉🎉"), ("narration", "she said.")]),
        ("She smiled. 🎉", [("narration", "She smiled."), ("narration", "🎉")]),
        ("***", []),
        ("!!! ...", []),
        ("Stop!!", [("narration", "Stop!!")]),
    ],
)
def test_a_line_of_only_emoji_or_emoticons_is_still_a_line(text, expected):
    """Chat fics answer with "🎉" or ":)": heard by name (or dropped by setting), never lost from the
    script; marks with nothing to say are not lines."""
    assert kinds(text) == expected


def test_with_speaker_keeps_every_other_field():
    """`Segment.with_speaker` builds the segment field by field: a field added to Segment must be added there."""
    from dataclasses import fields, replace

    from fic2audio.model import Segment

    segment = Segment(Kind.DIALOGUE, "Go.", "Ann", Pause.SCENE, True)
    assert len(fields(Segment)) == 5, "a new Segment field: carry it over in Segment.with_speaker"
    assert segment.with_speaker("Ben") == replace(segment, speaker="Ben")
    assert segment.with_speaker(None) == replace(segment, speaker=None)
