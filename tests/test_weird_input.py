"""Weird but valid stories still render, every word reaching the script, with at most one warning."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from clitools import leftovers, run_cli
from conftest import ffprobe

from fic2audio.model import Kind
from fic2audio.pipeline import RenderOptions, build_audiobook, plan_story
from fic2audio.read.text import parse_text_story
from fic2audio.segment import build_script
from fic2audio.sentences import MAX_CLIP_CHARS, limit_length

WORD_CHARS = re.compile(r"[^\W_]")


def word_chars(text: str) -> str:
    return "".join(WORD_CHARS.findall(text))


def script_word_chars(script) -> str:
    return "".join(word_chars(s.text) for ch in script.chapters[1:] for s in ch.segments)


def body_word_chars(story) -> str:
    return "".join(word_chars(b.text) for ch in story.chapters for b in ch.blocks)


WEIRD_STORIES = {
    "emoji": 'Title: Emoji\n\nShe laughed 😂😂 and sent a heart ❤️. "See you 👋🏽 tomorrow!" 👨‍👩‍👧 waved back.\n',
    "right to left": 'Title: Shalom\n\nHe wrote שלום עולם on the card, and she answered مرحبا بالعالم in return.\n\n"שלום," she said.\n',
    "cjk": "Title: 东京\n\n他说：“你好，世界。”她笑了。\n\nThen in English: she bowed. こんにちは、元気ですか？ 안녕하세요.\n",
    "unreadable script": "Title: Old Letters\n\nThe stone read ꭰꭱꭲ ꭳꭴ.\n\nꭰꭱꭲꭳ\n\nShe could not read it.\n",
    "control characters": "Title: Noise\n\nShe\x07 waited.\x1b[31m Red\x1b[0m text\x0c ran\x08 on.\v\n\nAnd\x00 then.\n".replace(
        "\x00", ""
    ),
    "only dialogue": '"Are you there?"\n\n"Yes."\n\n"Good. Stay there."\n\n"I will."\n',
    "one line": "She closed the book and went to sleep.",
    "one word": "Goodbye",
    "long words and urls": (
        "Title: Links\n\nRead it at https://archiveofourown.org/works/123456/chapters/789?view_adult=true&page="
        + "x" * 700
        + " before it goes. Pneumonoultramicroscopicsilicovolcanoconiosis"
        + "ish" * 200
        + " is a word, she said.\n"
    ),
    "unclosed quote and asterisk": (
        'Title: Open\n\n"You never close your quotes, she said, and walked away.\n\n'
        "He thought *this is not fine and left it there.\n\nThe end came quietly.\n"
    ),
}


@pytest.mark.real_audio
@pytest.mark.parametrize("case", sorted(WEIRD_STORIES))
def test_weird_story_renders_with_the_real_engine(tmp_path: Path, case: str) -> None:
    story = tmp_path / "story.txt"
    story.write_text(WEIRD_STORIES[case], encoding="utf-8")
    result = run_cli("story.txt", "-o", "out/book.mp3", "--no-credits", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert all(ln.startswith("fic2audio: warning: ") for ln in warnings), warnings
    book = tmp_path / "out" / "book.mp3"
    probe = ffprobe(book)
    assert float(probe["format"]["duration"]) > 0.5
    assert leftovers(tmp_path) == []
    # Every word of the body is in the script, which the transcript shows.
    parsed = parse_text_story(WEIRD_STORIES[case], "story")
    vtt = (tmp_path / "out" / "book.vtt").read_text(encoding="utf-8").split("\n\n")[1:]
    transcript = "".join(
        word_chars(html.unescape(re.sub(r"^<v [^>]*>", "", cue.split("\n", 2)[2]))) for cue in vtt if cue.strip()
    )
    assert body_word_chars(parsed) in transcript


def test_unclosed_quotes_and_asterisks_warn_once_and_read_on(tmp_path: Path) -> None:
    paragraphs = [
        '"You never close your quotes, she said, and walked away.',
        "He stood there.",
        '"Another one left open.',
        "*Not a thought either, he wrote.",
        '"A long speech goes on,',
        '"into the next paragraph, which is how it is written."',
        "Quiet.",
    ]
    story = parse_text_story("Title: Open\n\n" + "\n\n".join(paragraphs) + "\n", "open")
    script = build_script(story)
    unclosed = [w for w in script.warnings if "unclosed" in w]
    assert len(unclosed) == 1
    assert unclosed[0].startswith("3 paragraph(s)")  # the speech running on into a quoted paragraph is fine
    segments = script.chapters[1].segments
    # The rest of the paragraph after an unclosed quote is read as dialogue, the next one as narration.
    assert [s.kind for s in segments[:2]] == [Kind.DIALOGUE, Kind.NARRATION]
    assert body_word_chars(story) == script_word_chars(script)


def test_balanced_story_has_no_unclosed_warning() -> None:
    story = parse_text_story('Title: Fine\n\n"Hello," she said. *Good,* he thought.\n', "fine")
    assert not [w for w in build_script(story).warnings if "unclosed" in w]


@pytest.mark.real_audio
def test_warning_is_printed_once_by_render(tmp_path: Path) -> None:
    text = "Title: Open\n\n" + "\n\n".join(f'"Line {n} never closes, she said.\n\nHe nodded.' for n in range(30)) + "\n"
    (tmp_path / "open.txt").write_text(text, encoding="utf-8")
    result = run_cli("open.txt", "-o", "out/open.mp3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("fic2audio: warning: 30 paragraph(s)"), lines


def test_hundred_thousand_characters_without_punctuation(tmp_path: Path) -> None:
    words = [f"word{n % 97}" for n in range(15000)]
    paragraph = " ".join(words)[:100_000].strip()
    (tmp_path / "wall.txt").write_text(paragraph + "\n", encoding="utf-8")
    script = plan_story(tmp_path / "wall.txt", RenderOptions(credits=False))
    segments = [s for ch in script.chapters for s in ch.segments]
    assert len(segments) >= 100_000 // MAX_CLIP_CHARS
    assert max(len(s.text) for s in segments) <= MAX_CLIP_CHARS
    assert " ".join(s.text for s in segments) == paragraph  # cut at spaces only, nothing lost


def test_two_thousand_chapters(tmp_path: Path, fake_engine) -> None:
    chapters = "\n\n".join(f"Chapter {n}\n\nShe waited, {n}." for n in range(1, 2001))
    (tmp_path / "many.txt").write_text(f"Title: Many\nAuthor: A\n\n{chapters}\n", encoding="utf-8")
    voices = tmp_path / "quick.toml"
    kinds = "\n".join(
        f'[kinds.{k}]\nengine = "fake"\nvoice = "en"\n' for k in ("header", "narration", "dialogue", "thought", "heading", "note")
    )
    voices.write_text(
        "[pauses]\nnone = 0\nsentence = 0\nline = 0\nparagraph = 0\nscene = 0\nchapter = 0\n" + kinds, encoding="utf-8"
    )
    book = build_audiobook(tmp_path / "many.txt", RenderOptions(output=tmp_path / "many.mp3", voices=voices))
    assert len(book.marks) == 2001  # the spoken header, then every chapter
    assert [m.title for m in book.marks[1:4]] == ["Chapter 1", "Chapter 2", "Chapter 3"]
    assert len(ffprobe(tmp_path / "many.mp3")["chapters"]) == 2001
    assert len(json.loads((tmp_path / "many.chapters.json").read_text())["chapters"]) == 2001


@pytest.mark.parametrize(
    ("sentence", "limit", "pieces"),
    [
        ("short enough", 40, ["short enough"]),
        ("one two three four five six seven eight", 20, ["one two three four", "five six seven eight"]),
        ("alpha beta gamma, delta epsilon zeta", 30, ["alpha beta gamma,", "delta epsilon zeta"]),
        ("first part; second, part goes on here", 30, ["first part;", "second, part goes on here"]),
        ("she ran — fast — away from there now", 30, ["she ran — fast —", "away from there now"]),
        ("he paid 1,000,000 dollars for it today", 20, ["he paid 1,000,000", "dollars for it today"]),
        ("see the note (it is long) for more", 22, ["see the note", "(it is long) for more"]),
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
        ("你好世界。今天天气很好。我们去公园吧", 10, ["你好世界。", "今天天气很好。", "我们去公园吧"]),
        ("e\u0301" * 8, 5, ["e\u0301e\u0301", "e\u0301e\u0301", "e\u0301e\u0301", "e\u0301e\u0301"]),
    ],
)
def test_limit_length(sentence: str, limit: int, pieces: list[str]) -> None:
    assert limit_length(sentence, limit) == pieces


def test_a_sentence_too_long_for_one_clip_is_read_in_phrases() -> None:
    long_sentence = ", ".join(f"and then the {n}th thing happened to them" for n in range(40)) + "."
    story = parse_text_story(f"Title: Long\n\n{long_sentence}\n\nShort one.\n", "long")
    segments = build_script(story).chapters[1].segments
    assert len(segments) > 4 and all(len(s.text) <= MAX_CLIP_CHARS for s in segments)
    assert all(s.text.endswith(",") for s in segments[:-2])  # cut at the commas
    assert [s.pause.value for s in segments[-2:]] == ["paragraph", "paragraph"]
    assert {s.pause.value for s in segments[:-2]} == {"none"}
