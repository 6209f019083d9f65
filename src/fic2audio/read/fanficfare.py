"""FanFicFare output (EPUB, HTML, text) -> Story, by the layout of its writers.

All three start with a title page: the title and "by" author, then one `Label: value` entry per line
(`<b>Label:</b> value<br />` in EPUB and in HTML's `<table class="full">`), then a table of contents,
then each chapter under its title. The text writer runs the chapter HTML through html2text: `_x_`
italics, `**x**` bold, `* * *` for `<hr>`, lines wrapped at 78 columns, and "End file." at the end.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from ..model import Block, BlockKind, Chapter, Metadata, Story
from .html import BlockBuilder, PageIndex, attribute, classes, feed, html_blocks, is_scene_break, page_index, parse_html, text_of

# FanFicFare's labels mapped to the keys the spoken header knows.
_KEYS = {"summary": "Summary", "story url": "URL", "ships": "Relationships", "fandoms": "Fandom"}


def _unique(fields: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The title link and the "Story URL" entry give the same URL; keep each key and value once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for key, value in fields:
        if (key.casefold(), value) not in seen:
            seen.add((key.casefold(), value))
            out.append((key, value))
    return tuple(out)


def _field(label: str, value: str) -> tuple[str, str]:
    label = label.strip().rstrip(":").strip()
    return _KEYS.get(label.casefold(), label), " ".join(value.split())


# --- EPUB ---------------------------------------------------------------------------------------
def is_fanficfare_book(book) -> bool:
    if any("fanficfare" in c.casefold() for c in book.contributors):
        return True
    return any(b"fff_titlepage" in doc.markup or b"fff_chapter" in doc.markup for doc in book.spine[:3])


def parse_fanficfare_book(book, source_name: str) -> Story:
    fields = list(book.metadata.fields)
    chapters: list[Chapter] = []
    for doc in book.spine:
        soup = parse_html(doc.markup)
        body = soup.body or soup
        kind = classes(body)
        if "fff_titlepage" in kind:
            fields = _merge(fields, _title_page(body))
            continue
        if kind & {"fff_tocpage", "fff_logpage", "fff_coverpage"}:
            continue
        title_tag = body.find(class_="fff_chapter_title") or body.find(["h1", "h2", "h3"])
        title = text_of(title_tag) if title_tag else (doc.toc_title or f"Chapter {len(chapters) + 1}")
        blocks = html_blocks(body)
        if blocks:
            chapters.append(Chapter(title, tuple(blocks)))
    return Story(Metadata(fields=_unique(fields)), tuple(chapters), source_name)


def _merge(base: list[tuple[str, str]], page: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Title-page entries win over the package file's, which fill what the page lacks."""
    have = {k.casefold() for k, _ in page}
    return page + [(k, v) for k, v in base if k.casefold() not in have and k != "Tags"]


def _title_page(body: Tag) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    heading = body.find(["h3", "h1"])
    if heading is not None:
        fields.extend(_title_and_author(heading))
    container = body.find(["div", "table"]) or body
    if container.name == "table":
        for row in container.find_all("tr"):
            cells = row.find_all("td")
            bold = row.find("b")
            if bold is not None:
                cell = text_of(cells[-1]) if len(cells) > 1 else text_of(row).removeprefix(text_of(bold))
                fields.append(_field(text_of(bold), cell))
        return fields
    label: str | None = None
    value: list[str] = []
    for child in container.children:
        if isinstance(child, Tag) and child.name == "b" and text_of(child).endswith(":"):
            if label:
                fields.append(_field(label, " ".join(value)))
            label, value = text_of(child), []
        elif isinstance(child, Tag):
            value.append(text_of(child))
        elif label is not None:
            value.append(str(child))
    if label:
        fields.append(_field(label, " ".join(value)))
    return fields


def _title_and_author(heading: Tag) -> list[tuple[str, str]]:
    links = heading.find_all("a")
    text = text_of(heading)
    title = text_of(links[0]) if links else text.split(" by ")[0]
    fields = [("Title", title)]
    if links and attribute(links[0], "href"):
        fields.append(("URL", attribute(links[0], "href")))
    author = text[len(title) :].strip()
    if author.startswith("by "):
        fields.insert(1, ("Author", author[3:].strip()))
    return fields


# --- HTML ---------------------------------------------------------------------------------------
def looks_like_fanficfare_html(soup: BeautifulSoup, index: PageIndex | None = None) -> bool:
    index = index or page_index(soup)
    return (index.may_have("name", "TOCTOP") and soup.find("a", attrs={"name": "TOCTOP"}) is not None) or (
        index.may_have("class", "full")
        and soup.find("table", class_="full") is not None
        and soup.find("a", attrs={"name": re.compile(r"^section\d+")}) is not None
    )


def may_be_fanficfare_html(index: PageIndex) -> bool:
    """False when the page's index alone rules a FanFicFare page out: looks_like_fanficfare_html would say no."""
    return index.may_have("name", "TOCTOP") or index.may_have("class", "full")


def parse_fanficfare_html(soup: BeautifulSoup, source_name: str) -> Story:
    body = soup.body or soup
    fields: list[tuple[str, str]] = []
    heading = body.find("h1")
    if heading is not None:
        fields.extend(_title_and_author(heading))
    table = body.find("table", class_="full")
    if table is not None:
        fields.extend(_table_fields(table))
    chapters: list[tuple[str, list[Block]]] = []
    builder = BlockBuilder()

    def hook(tag: Tag, own: BlockBuilder) -> bool:
        if tag is heading or tag is table:
            return True
        if tag.name == "a" and attribute(tag, "name") == "TOCTOP":
            return True
        if tag.name == "a" and re.match(r"^section\d+", attribute(tag, "name")):
            if chapters:
                chapters[-1][1].extend(own.take())
            else:
                own.take()  # the table of contents before the first chapter
            title = text_of(tag)
            chapters.append((title, [Block(BlockKind.HEADING, title)]))
            return True
        return False

    feed(body, builder, hook)
    if chapters:
        chapters[-1][1].extend(builder.take())
    return Story(Metadata(fields=_unique(fields)), tuple(Chapter(t, tuple(b)) for t, b in chapters if len(b) > 1), source_name)


def _table_fields(table: Tag) -> list[tuple[str, str]]:
    fields = []
    for row in table.find_all("tr"):
        label = row.find("b")
        cells = row.find_all("td")
        if label is not None and cells:
            value = text_of(cells[-1]) if len(cells) > 1 else text_of(cells[0]).removeprefix(text_of(label))
            fields.append(_field(text_of(label), value))
    return fields


# --- text ---------------------------------------------------------------------------------------
_TOC = re.compile(r"^TABLE OF CONTENTS\s*$", re.MULTILINE)
_END_FILE = re.compile(r"\n\s*End file\.\s*$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")
_LABEL_LINE = re.compile(r"^([A-Z][A-Za-z /']{0,30}):\s(.*)$")


def looks_like_fanficfare_text(text: str) -> bool:
    """Title, then "by" author, "End file." last, and tab-indented chapter titles listed in the contents
    (one alone when there is no contents page). Old fics also end "End file." and indent paragraphs
    with tabs, so all of these must hold."""
    text = text.replace("\r\n", "\n")
    if not _END_FILE.search(text):
        return False
    opening = [line.strip() for line in text.split("\n") if line.strip()][:2]
    if len(opening) < 2 or not opening[1].startswith("by "):
        return False
    tabbed = re.findall(r"^\t\S.*$", text, re.MULTILINE)
    return bool(tabbed) and (bool(_TOC.search(text)) or len(tabbed) == 1)


def parse_fanficfare_text(text: str, source_name: str) -> Story:
    text = _END_FILE.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    first_chapter = next((i for i, line in enumerate(lines) if line.startswith("\t") and line.strip()), len(lines))
    fields, toc = _text_title_page(lines[:first_chapter])
    chapters: list[Chapter] = []
    index = first_chapter
    while index < len(lines):
        title = lines[index].strip()
        end = index + 1
        while end < len(lines) and not (
            lines[end].startswith("\t") and lines[end].strip() and _is_toc_title(lines[end].strip(), toc)
        ):
            end += 1
        blocks = _markdown_blocks(lines[index + 1 : end])
        if blocks:
            chapters.append(Chapter(title, (Block(BlockKind.HEADING, title), *blocks)))
        index = end
    return Story(Metadata(fields=_unique(fields)), tuple(chapters), source_name)


def _is_toc_title(line: str, toc: list[str]) -> bool:
    return not toc or line in toc


def _text_title_page(lines: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """Title, "by" author, wrapped `Label: value` entries, then the table of contents."""
    fields: list[tuple[str, str]] = []
    toc: list[str] = []
    in_toc = False
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if _TOC.match(line):
            in_toc = True
            continue
        if in_toc:
            toc.append(line)
        elif not fields:
            fields.append(("Title", line))
        elif len(fields) == 1 and line.startswith("by "):
            fields.append(("Author", line[3:].strip()))
        elif match := _LABEL_LINE.match(line):
            fields.append(_field(match.group(1), match.group(2)))
        elif fields:
            key, value = fields[-1]
            fields[-1] = (key, f"{value} {line}")  # a wrapped continuation line
    return fields, toc


def _markdown_blocks(lines: list[str]) -> list[Block]:
    """html2text paragraphs: blank-line separated, wrapped; two trailing spaces mark a kept <br>."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def close() -> None:
        if not paragraph:
            return
        joined = ""
        for line in paragraph:
            hard = line.endswith("  ")
            joined += _unescape(line.strip().removeprefix("> ").removeprefix(">").strip()) + ("\n" if hard else " ")
        text = re.sub(r"\*\*(.+?)\*\*", r"\1", joined.strip())
        text = re.sub(r"[ \t]+", " ", text).strip()
        if is_scene_break(text):
            if blocks and blocks[-1].kind is not BlockKind.SCENE_BREAK:
                blocks.append(Block(BlockKind.SCENE_BREAK))
        elif text:
            blocks.append(Block(BlockKind.PARAGRAPH, "\n".join(part.strip() for part in text.split("\n"))))
        paragraph.clear()

    for line in lines:
        if line.strip():
            paragraph.append(line.rstrip("\n"))
        else:
            close()
    close()
    while blocks and blocks[-1].kind is BlockKind.SCENE_BREAK:
        blocks.pop()
    return blocks


def _unescape(line: str) -> str:
    return _ESCAPE.sub(r"\1", line)
