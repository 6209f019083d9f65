"""Issue 7 security: an EPUB is an untrusted ZIP of XML and HTML."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from fic2audio.errors import InputError
from fic2audio.listening import script_for
from fic2audio.read import epub, read_story

CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>'
)


def opf(href: str = "ch1.xhtml", doctype: str = "", title: str = "Safe") -> str:
    return (
        f'<?xml version="1.0"?>{doctype}<package xmlns="http://www.idpf.org/2007/opf" version="2.0">'
        f'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></metadata>'
        f'<manifest><item id="c1" href="{href}" media-type="application/xhtml+xml"/></manifest>'
        '<spine><itemref idref="c1"/></spine></package>'
    )


CHAPTER = '<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Chapter 1</h1><p>The harbor was quiet.</p></body></html>'


def make_epub(path: Path, members: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        for name, data in members.items():
            book.writestr(name, data)
    return path


def test_a_safe_book_reads(tmp_path):
    story = read_story(
        make_epub(tmp_path / "ok.epub", {"META-INF/container.xml": CONTAINER, "content.opf": opf(), "ch1.xhtml": CHAPTER})
    )
    assert story.metadata.title == "Safe"
    assert [b.text for b in story.chapters[0].blocks] == ["Chapter 1", "The harbor was quiet."]


def test_member_names_that_climb_out_are_refused(tmp_path):
    book = make_epub(
        tmp_path / "slip.epub",
        {"META-INF/container.xml": CONTAINER, "content.opf": opf(), "ch1.xhtml": CHAPTER, "../../evil.sh": "rm -rf ~"},
    )
    with pytest.raises(InputError, match="outside the book"):
        read_story(book)
    assert not (tmp_path.parent / "evil.sh").exists()


@pytest.mark.parametrize(
    "href", ["../../../../etc/hostname", "/etc/hostname", "file:///etc/hostname", "http://example.com/ch1.xhtml"]
)
def test_links_that_climb_out_are_refused(tmp_path, href):
    book = make_epub(
        tmp_path / "link.epub", {"META-INF/container.xml": CONTAINER, "content.opf": opf(href), "ch1.xhtml": CHAPTER}
    )
    with pytest.raises(InputError, match="outside the book"):
        read_story(book)


def test_a_zip_bomb_member_is_refused_by_ratio(tmp_path):
    bomb = b"\0" * (8 * 1024 * 1024)  # 8 MiB of zeros packs to about 8 KiB: a ratio near 1000:1
    book = make_epub(
        tmp_path / "bomb.epub",
        {"META-INF/container.xml": CONTAINER, "content.opf": opf(), "ch1.xhtml": CHAPTER, "fill.bin": bomb},
    )
    with pytest.raises(InputError, match="zip bomb"):
        read_story(book)


def test_the_total_unpacked_size_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(epub, "MAX_UNPACKED_BYTES", 64 * 1024)
    filler = bytes(range(256)) * 400  # 100 KiB that barely compresses
    book = make_epub(
        tmp_path / "big.epub",
        {"META-INF/container.xml": CONTAINER, "content.opf": opf(), "ch1.xhtml": CHAPTER, "fill.bin": filler},
    )
    with pytest.raises(InputError, match="unpacks to"):
        read_story(book)


def test_one_member_past_the_per_file_bound_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(epub, "MAX_MEMBER_BYTES", 4096)
    book = make_epub(
        tmp_path / "ok.epub", {"META-INF/container.xml": CONTAINER, "content.opf": opf(), "ch1.xhtml": CHAPTER + " " * 8000}
    )
    with pytest.raises(InputError, match="refusing"):
        read_story(book)


def test_external_entities_in_package_xml_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    doctype = f'<!DOCTYPE package [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    book = make_epub(
        tmp_path / "xxe.epub",
        {"META-INF/container.xml": CONTAINER, "content.opf": opf(doctype=doctype, title="&xxe;"), "ch1.xhtml": CHAPTER},
    )
    with pytest.raises(InputError, match="entities"):
        read_story(book)


def test_entity_expansion_bombs_are_refused(tmp_path):
    laughs = '<!DOCTYPE container [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    container = CONTAINER.replace('<?xml version="1.0"?>', f'<?xml version="1.0"?>{laughs}').replace(
        "content.opf", "content.opf&c;"
    )
    book = make_epub(tmp_path / "laughs.epub", {"META-INF/container.xml": container, "content.opf": opf(), "ch1.xhtml": CHAPTER})
    with pytest.raises(InputError, match="entities"):
        read_story(book)


def test_entities_in_chapter_xhtml_are_never_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    chapter = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY boom "BOOMBOOM">]>'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>The harbor was quiet. &xxe; &boom;</p></body></html>'
    )
    story = read_story(
        make_epub(tmp_path / "x.epub", {"META-INF/container.xml": CONTAINER, "content.opf": opf(), "ch1.xhtml": chapter})
    )
    words = " ".join(s.text for ch in script_for(story).chapters for s in ch.segments)
    assert "The harbor was quiet." in words
    assert "TOPSECRET" not in words and "BOOMBOOM" not in words and "ENTITY" not in words


def test_scripts_in_chapters_are_dropped_not_run(tmp_path):
    marker = tmp_path / "ran.txt"
    chapter = (
        "<html><body onload=\"fetch('http://example.com')\"><p>The harbor was quiet.</p>"
        f"<script>require('fs').writeFileSync('{marker}', 'x'); document.write('Injected words')</script>"
        '<noscript>Enable scripts to read</noscript><iframe src="http://example.com">Frame words</iframe></body></html>'
    )
    story = read_story(
        make_epub(tmp_path / "s.epub", {"META-INF/container.xml": CONTAINER, "content.opf": opf(), "ch1.xhtml": chapter})
    )
    words = " ".join(b.text for ch in story.chapters for b in ch.blocks)
    assert words == "The harbor was quiet."
    assert not marker.exists()


def test_a_zip_that_is_not_an_epub_says_so(tmp_path):
    path = tmp_path / "doc.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(InputError, match="not an EPUB"):
        read_story(path)


@pytest.mark.parametrize(
    "preface", ["", '<div id="preface"><p class="message">Posted originally on the Archive of Our Own at x.</p></div>']
)
def test_deeply_nested_pages_do_not_exhaust_the_stack(tmp_path, preface):
    depth = 20000  # far past Python's recursion limit
    page = tmp_path / "deep.html"
    page.write_text(
        f"<html><body>{preface}" + "<div>" * depth + "<p>Deep words.</p>" + "</div>" * depth + "</body></html>", encoding="utf-8"
    )
    story = read_story(page)
    assert [b.text for ch in story.chapters for b in ch.blocks] == ["Deep words."]
