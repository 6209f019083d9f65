"""Fuzzing the reader and the segmenter: any bytes or text either become a story or an InputError, and
no word of the story is lost or doubled on the way to the script."""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fic2audio.errors import InputError
from fic2audio.model import BlockKind
from fic2audio.read import read_story
from fic2audio.read.marks import SCENE_BREAK
from fic2audio.read.repair import normalize_characters
from fic2audio.read.text import parse_text_story
from fic2audio.segment import build_script
from fic2audio.sentences import MAX_CLIP_CHARS
from fic2audio.speakable import _READABLE, speakable

WORD_CHAR = re.compile(r"[^\W_]")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces fics are made of, so the fuzzer reaches headers, chapters, quotes, thoughts, repairs and breaks.
FIC_PIECES = [
    "Title: ",
    "Author: ",
    "Summary: ",
    "Rating: T",
    "Chapter 1",
    "Chapter Two: The End",
    "Prologue",
    "\n",
    "\n\n",
    "\n\n\n",
    " ",
    "  ",
    "\t",
    "\r\n",
    '"',
    "\u201c",
    "\u201d",
    "'",
    "\u2018",
    "\u2019",
    "*",
    "_",
    "?",
    "!",
    ".",
    "...",
    "\u2026",
    ",",
    ";",
    ":",
    "\u2014",
    "-",
    "***",
    "~~~",
    "oOo",
    "xXx",
    "A/N:",
    "Author's Note:",
    "The End",
    "she",
    "said",
    "He",
    "thought",
    "don't",
    "I'm",
    "Hello",
    "&amp;",
    "&quot;",
    "<i>",
    "</i>",
    "<br>",
    "\u00e2\u20ac\u2122",
    "\u00a0",
    "\u200b",
    "\x07",
    "\x00",
    "\U0001f602",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u4f60\u597d",
    "\uaba0\uaba1",
    "x" * 450,
    "word " * 90,
]
fic_text = st.lists(st.one_of(st.sampled_from(FIC_PIECES), st.text(max_size=12)), max_size=60).map("".join)


def _chars(text: str) -> Counter:
    return Counter(WORD_CHAR.findall(text))


def _story_texts(story) -> list[str]:
    texts = list(story.metadata.preface)
    texts += [f"{key} {value}" for key, value in story.metadata.fields]
    texts += [b.text for ch in story.chapters for b in ch.blocks]
    return texts


def check_nothing_lost(text: str, story) -> None:
    """Reader: every word character of the (repaired) text is in the story once, save the decoration of
    scene-break lines (`oOo`, `xXx`, `scene break`), which may be dropped."""
    normalized = normalize_characters(text, [])
    decoration = sum((_chars(ln) for ln in normalized.split("\n") if SCENE_BREAK.match(ln.strip())), Counter())
    found = sum((_chars(t) for t in _story_texts(story)), Counter())
    expected = _chars(normalized)
    assert not found - expected, "words the file does not hold"
    assert not (expected - found) - decoration, "words lost"


def check_script(story) -> None:
    """Segmenter: each chapter's words reach its segments in order, and every clip is short and speakable."""
    script = build_script(story)
    for chapter, scripted in zip(story.chapters, script.chapters[1:], strict=False):
        blocks = "".join("".join(WORD_CHAR.findall(b.text)) for b in chapter.blocks)
        segments = "".join("".join(WORD_CHAR.findall(s.text)) for s in scripted.segments)
        assert blocks == segments
    for chapter in script.chapters:
        for segment in chapter.segments:
            assert segment.text.strip() and len(segment.text) <= MAX_CLIP_CHARS
            assert _READABLE.search(speakable(segment.text)), segment.text


_FOLDER = Path(tempfile.mkdtemp(prefix="fic2audio-fuzz-"))


def _read_bytes(data: bytes, name: str = "story.txt"):
    path = _FOLDER / name
    path.write_bytes(data)
    return read_story(path)


@SETTINGS
@given(st.binary(max_size=3000))
def test_any_bytes_are_a_story_or_an_input_error(data: bytes) -> None:
    try:
        story = _read_bytes(data)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(_FOLDER))
        return
    assert any(b.kind is BlockKind.PARAGRAPH for ch in story.chapters for b in ch.blocks)
    check_script(story)


@SETTINGS
@given(st.text(max_size=2000))
def test_any_text_keeps_every_word(text: str) -> None:
    try:
        story = _read_bytes(text.encode("utf-8", "surrogatepass"))
    except InputError:
        return
    check_script(story)
    check_nothing_lost(text, parse_text_story(text, "story"))


@SETTINGS
@given(fic_text)
def test_fic_shaped_text_keeps_every_word(text: str) -> None:
    story = parse_text_story(text, "story")
    check_nothing_lost(text, story)
    check_script(story)


@SETTINGS
@given(fic_text)
def test_fic_shaped_bytes_in_other_encodings(text: str) -> None:
    for encoding in ("utf-16", "cp1252", "latin-1"):
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        try:
            story = _read_bytes(data)
        except InputError as exc:
            assert "\n" not in str(exc)
            continue
        check_script(story)


@pytest.mark.parametrize(
    "paragraph",
    [
        "*a " * 20000,
        '"a ' * 20000,
        "_a " * 20000,
        "a ?b " * 20000,
        "&amp " * 20000,
        "<i " * 20000,
        "oOoOoO" * 10000 + "x",
        "-" * 60000 + "a",
        "Title: " + "a:" * 30000,
        "'a " * 20000,
    ],
    ids=["stars", "quotes", "underscores", "question marks", "entities", "tags", "oOo", "dashes", "colons", "single quotes"],
)
def test_pathological_paragraphs_are_read_whole(paragraph: str) -> None:
    """Long paragraphs of stray marks: read in about linear time (these took minutes when scans
    restarted at every mark), every word kept."""
    text = f"Title: X\n\n{paragraph}\n"
    story = parse_text_story(text, "x")
    check_nothing_lost(text, story)
    check_script(story)
