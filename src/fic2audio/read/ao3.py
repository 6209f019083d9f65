"""Archive of Our Own downloads (HTML, and EPUB once its spine is joined) -> Story.

The markup follows the archive's download templates: a `#preface` with the "Posted originally on the
Archive of Our Own" message, a `dl.tags` of Rating, Archive Warning, Fandom... and Stats, the title (h1),
the byline, then "Summary" and "Notes" labels each followed by a blockquote; `#chapters` holds, per
chapter, a `meta group` div (h2 title, "Chapter Summary", "Chapter Notes"), the text in a `userstuff`
div and an `#endnotesN` div ("Chapter End Notes"); `#afterword` holds the work's "End Notes".
EPUB conversion renames classes and splits files, so landmarks are found by ids, element kinds and the
archive's own label words, not by class names alone.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from ..model import Block, BlockKind, Chapter, Metadata, Story
from .html import BlockBuilder, PageIndex, attribute, classes, feed, html_blocks, page_index, short_text, text_of

ARCHIVE_MARK = "Archive of Our Own"
_MESSAGE = "Posted originally on the"
# The labels the templates print before each blockquote, and the spoken label and role of each.
_LABELS = {
    "summary": ("Summary", "summary"),
    "notes": ("Notes", "notes"),
    "chapter summary": ("Chapter summary", "summary"),
    "chapter notes": ("Chapter notes", "notes"),
    "chapter end notes": ("Chapter end notes", "end notes"),
    "end notes": ("End notes", "end notes"),
}
_BOILERPLATE = re.compile(
    r"^(?:see the end of the (?:work|chapter) for|please drop by the archive|posted originally on the)", re.IGNORECASE
)
_STATS_KEYS = ("Published", "Words")  # unspoken keys; the date of the last update is left in Stats


def looks_like_ao3(soup: BeautifulSoup, index: PageIndex | None = None) -> bool:
    """An AO3 download: the preface message names the archive, or the template's ids and labels are there."""
    index = index or page_index(soup)
    message = soup.find(string=re.compile(_MESSAGE)) if index.may_contain(_MESSAGE) else None
    if message is not None and ARCHIVE_MARK in text_of(message.parent):
        return True
    return index.may_have("id", "preface") and soup.find(id="preface") is not None and soup.find(id="chapters") is not None


def may_be_ao3(index: PageIndex) -> bool:
    """False when the page's index alone rules an AO3 download out: looks_like_ao3 would say no."""
    return index.may_contain(_MESSAGE) or index.may_have("id", "preface")


def parse_ao3(soup: BeautifulSoup, source_name: str) -> Story:
    reader = _Ao3Reader()
    # Which region each element is in, found once: walking every element's parents is quadratic.
    for ident, into in (
        ("preface", reader.preface_tags),
        ("afterword", reader.afterword_tags),
        ("chapters", reader.chapters_tags),
    ):
        for region in soup.find_all(id=re.compile(rf"^{ident}$", re.IGNORECASE)):
            into.add(id(region))
            into.update(id(node) for node in region.descendants if isinstance(node, Tag))
    body = soup.body or soup
    feed(body, reader.builder, reader.hook)
    return reader.story(source_name)


class _Ao3Reader:
    def __init__(self) -> None:
        self.builder = BlockBuilder()
        self.fields: list[tuple[str, str]] = []
        self.chapters: list[tuple[str, list[Block]]] = []
        self.front: list[Block] = []  # body text before any chapter heading: a one-chapter work
        self.pending_label: str | None = None
        self.in_chapters = False
        self.saw_preface = False
        self.preface_tags: set[int] = set()
        self.afterword_tags: set[int] = set()
        self.chapters_tags: set[int] = set()

    # --- the hook: landmarks are consumed here, everything else is story text -------------------
    def hook(self, tag: Tag, builder: BlockBuilder) -> bool:
        name = tag.name
        ident = attribute(tag, "id").casefold()
        region = self._region(tag)
        if ident == "chapters":
            self._start_body()
            return False
        # Only leaf elements carry labels and boilerplate; a short preface div holds these words too.
        leaf = name == "p" or (name == "div" and tag.find(["p", "div", "dl", "blockquote", "h1", "h2"], recursive=False) is None)
        text = short_text(tag) if leaf or name in ("h1", "h2") else None
        if name == "p" and text is not None and text.casefold() in _LABELS and _next_element_is(tag, "blockquote"):
            self.pending_label = text.casefold()
            return True
        if name == "blockquote" and self.pending_label:
            self._note(tag)
            return True
        if text is not None and leaf and "Posted originally on the" in text and ARCHIVE_MARK in text:
            self._message(tag)
            return True
        if text is not None and leaf and _BOILERPLATE.match(text):
            return True
        if region == "preface":
            return self._preface(tag, text)
        if region == "afterword":
            if name in ("h2", "dl", "ul"):
                return True  # "Afterword" heading, "Works inspired by this one"
            return False
        if name == "h2" and ("toc-heading" in classes(tag) or text in ("Preface", "Afterword")):
            return True
        if name == "h2" and self._is_chapter_heading(tag):
            self._start_chapter(text if text is not None else text_of(tag))
            return True
        if name == "p" and "byline" in classes(tag):
            return True  # a chapter's co-author byline; the work's byline is in the header
        return False

    def _region(self, tag: Tag) -> str:
        if id(tag) in self.preface_tags:
            self.saw_preface = True
            return "preface"
        if id(tag) in self.afterword_tags:
            return "afterword"
        if id(tag) in self.chapters_tags:
            return "chapters"
        # Without ids (a converter may drop them), text before the first chapter heading is the preface;
        # with them, whatever follows the #preface element is the work.
        return "chapters" if self.in_chapters or self.saw_preface else "preface"

    def _is_chapter_heading(self, tag: Tag) -> bool:
        """The template's `h2.heading` in a `meta group` div; an author's own h2 inside the text is not one.

        EPUB conversion may rename both classes (`calibre6`), so a div holding only the heading, a byline,
        labels, their blockquotes and the end-note link counts as the meta div too.
        """
        parent = tag.parent if isinstance(tag.parent, Tag) else None
        if "heading" in classes(tag) or (parent is not None and "meta" in classes(parent)):
            return True
        if parent is None or parent.name != "div":
            return False
        for child in parent.find_all(True, recursive=False):
            if child is tag or child.name == "blockquote":
                continue
            text = short_text(child) or ""
            if child.name == "p" and (text.casefold() in _LABELS or "byline" in classes(child) or text.startswith("by ")):
                continue
            if child.name == "div" and _BOILERPLATE.match(text):
                continue
            return False
        return True

    def _preface(self, tag: Tag, text: str | None) -> bool:
        name = tag.name
        if name == "dl":
            self._tags(tag)
            return True
        if name == "h1":
            self.fields.insert(0, ("Title", text_of(tag)))
            return True
        if "byline" in classes(tag) or (
            name == "div" and text and text.startswith("by ") and not any(k == "Author" for k, _ in self.fields)
        ):
            author = re.sub(r"^by\s+", "", text_of(tag))
            self.fields.insert(1 if self.fields and self.fields[0][0] == "Title" else 0, ("Author", author))
            return True
        if name == "h2" or name == "ul":
            return True  # "Preface"; translations and inspirations
        return False

    def _message(self, tag: Tag) -> None:
        for link in tag.find_all("a"):
            href = attribute(link, "href")
            if "/works/" in href:
                self.fields.append(("URL", href))
                return

    def _tags(self, dl: Tag) -> None:
        key = None
        for item in dl.find_all(["dt", "dd"]):
            if item.name == "dt":
                key = text_of(item).rstrip(":").strip()
            elif key:
                value = text_of(item)
                self.fields.append((key, value))
                if key == "Stats":
                    self.fields.extend(_stats(value))
                key = None

    def _note(self, quote: Tag) -> None:
        spoken, role = _LABELS[self.pending_label or "notes"]
        label = self.pending_label
        self.pending_label = None
        blocks = html_blocks(quote)
        paragraphs = [b for b in blocks if b.kind is not BlockKind.SCENE_BREAK]
        if not paragraphs:
            return
        if label in ("summary", "notes") and not self.in_chapters and not self.chapters and not self.front:
            # The work's summary and notes belong to the spoken header.
            self.fields.append((spoken, "\n".join(b.text for b in paragraphs)))
            return
        notes = [Block(BlockKind.NOTE, f"{spoken}: {b.text}" if i == 0 else b.text, role) for i, b in enumerate(paragraphs)]
        # Chapter notes open their chapter; end notes (the chapter's, or the work's in the afterword)
        # close the chapter they follow, so they are read where the archive prints them.
        self._flush_text()
        self._current_list().extend(notes)

    def _current_list(self) -> list[Block]:
        return self.chapters[-1][1] if self.chapters else self.front

    def _start_body(self) -> None:
        self.in_chapters = True

    def _start_chapter(self, title: str) -> None:
        self._flush_text()
        self.in_chapters = True
        self.chapters.append((title, [Block(BlockKind.HEADING, title)] if title else []))

    def _flush_text(self) -> None:
        self._current_list().extend(self.builder.take())

    # --- the result -----------------------------------------------------------------------------
    def story(self, source_name: str) -> Story:
        self._flush_text()
        metadata = Metadata(fields=tuple(self.fields))
        title = metadata.title or source_name
        chapters: list[Chapter] = []
        if self.front and any(b.kind is BlockKind.PARAGRAPH for b in self.front) or (self.front and not self.chapters):
            chapters.append(Chapter(title, tuple(self.front)))
        elif self.front and self.chapters:
            # Notes before the first chapter heading (none in the templates) open the first chapter.
            first_title, first_blocks = self.chapters[0]
            self.chapters[0] = (first_title, [*self.front, *first_blocks])
        for chapter_title, blocks in self.chapters:
            chapters.append(Chapter(chapter_title or title, tuple(blocks)))
        return Story(metadata=metadata, chapters=tuple(chapters), source_name=source_name)


def _next_element_is(tag: Tag, name: str) -> bool:
    following = tag.find_next_sibling()
    return following is not None and following.name == name


def _stats(value: str) -> list[tuple[str, str]]:
    """`Published: 2024-01-05 Words: 2,345 Chapters: 2/2` -> its parts, kept as unspoken fields."""
    found = []
    for key in _STATS_KEYS:
        match = re.search(rf"\b{key}:\s*(\S+)", value)
        if match:
            found.append((key, match.group(1)))
    return found
