"""Issue 16, the EPUB's text: the author's words and punctuation exactly as in the story (quotation marks,
dashes, emphasis marks, line breaks), speakers as markup and never as inserted words, each chapter
titled once; epubcheck finds nothing. Audio from the fake engine through the real pipeline and ffmpeg
(test_listen.py checks an EPUB narrated by the real engine)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import FakeEngine, fake_voices_toml
from test_listen import epubcheck

from fic2audio.engines import register_engine
from fic2audio.pipeline import RenderOptions, build_audiobook

XHTML = "{http://www.w3.org/1999/xhtml}"
CHAPTERS = {
    "Chapter 1: Tea": [
        'The kettle sang. "Are you awake?" Ana asked.',
        "\u201cAlways,\u201d said Ben \u2014 and meant it. \u201cWhy?\u201d",
        '"Wait \u2014 *really*?" she asked. "I *did* try."',
        "Ana: where are you\nBen: here",
    ],
    "Chapter 2": [
        "'Tea,' Ben said, 'is the answer.' He poured.",
        "*Not again*, Ana thought.",
        "The sun rose over the roofs...",
    ],
}


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    register_engine("fake", FakeEngine)
    folder = tmp_path_factory.mktemp("epub-text")
    text = (
        "Title: Small Hours\nAuthor: Quill\n\n"
        + "\n\n".join(title + "\n\n" + "\n\n".join(paragraphs) for title, paragraphs in CHAPTERS.items())
        + "\n"
    )
    story = folder / "small.txt"
    story.write_text(text, encoding="utf-8")
    build_audiobook(
        story, RenderOptions(output=folder / "small.epub", format="epub3", voices=fake_voices_toml(folder), use_cache=False)
    )
    return folder / "small.epub"


def pages(book: Path) -> list[ET.Element]:
    with zipfile.ZipFile(book) as epub:
        names = sorted(
            (n for n in epub.namelist() if re.fullmatch(r"EPUB/ch\d+\.xhtml", n)), key=lambda n: int(re.sub(r"\D", "", n))
        )
        return [ET.fromstring(epub.read(name)) for name in names]


def text_of(element: ET.Element) -> str:
    """The element's text as a reader shows it: <br/> as a line break."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == f"{XHTML}br" else text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def test_each_paragraph_is_the_authors_text_exactly(book):
    story_pages = pages(book)[1:]  # the first page is the spoken header
    assert len(story_pages) == len(CHAPTERS)
    for page, (title, paragraphs) in zip(story_pages, CHAPTERS.items(), strict=True):
        body = page.find(f"{XHTML}body")
        assert [text_of(p) for p in body.iter(f"{XHTML}p")] == paragraphs
        headings = [text_of(h).strip() for h in body.iter() if h.tag in (f"{XHTML}h1", f"{XHTML}h2")]
        assert headings == [title]  # titled once


def test_speakers_are_markup_not_words(book):
    spans = [s for page in pages(book) for s in page.iter(f"{XHTML}span") if s.get("class") in ("dialogue", "thought")]
    assert {s.get("class") for s in spans} == {"dialogue", "thought"}
    speakers = {text_of(s): s.get("data-speaker") for s in spans}
    assert speakers["Are you awake?"] == "Ana"
    whole = "".join(text_of(page) for page in pages(book)[1:])
    assert "Ana:" not in whole.replace("Ana: where", "")  # the only "Ana:" is the author's own chat line


def test_every_span_is_spoken_and_the_book_passes_epubcheck(book, tmp_path):
    with zipfile.ZipFile(book) as epub:
        smil_targets = {m for n in epub.namelist() if n.endswith(".smil") for m in re.findall(r'#(s\d+)"', epub.read(n).decode())}
    span_ids = {s.get("id") for page in pages(book) for s in page.iter(f"{XHTML}span") if s.get("id")}
    assert span_ids == smil_targets
    epubcheck(book, tmp_path / "report.json")
