"""HTML -> Blocks: paragraphs with italics kept as `_..._`, headings, scene breaks and kept `<br>` lines.

Every structured reader (AO3, FanFicFare, generic HTML and EPUB) turns its markup into blocks here, so
italics feed the same thought rule as `_..._` in a text file and a `<br>` line reads with a line pause.
Nothing in the page is ever run: scripts, styles and embedded objects are dropped with their text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, CData, NavigableString, Tag
from bs4.element import PageElement

from ..model import Block, BlockKind, Chapter, Metadata, Story
from .header import split_header
from .marks import CHAPTER_HEADING, SCENE_BREAK, SCENE_BREAK_FIRST, bare_heading
from .page_tree import PageTag
from .paragraphs import Paragraph
from .repair import normalize_characters

# Elements whose text is never part of the story: code, styling, embedded media, forms.
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "head",
        "title",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "form",
        "button",
        "select",
        "textarea",
        "input",
        "audio",
        "video",
        "canvas",
        "map",
        "meta",
        "link",
        "nav",
    }
)
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "blockquote",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "pre",
        "section",
        "article",
        "center",
        "header",
        "footer",
        "aside",
        "main",
        "figure",
        "figcaption",
        "address",
        "body",
        "html",
        "caption",
        "details",
        "summary",
    }
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
ITALIC_TAGS = frozenset({"em", "i", "cite", "dfn", "var"})
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*(?:italic|oblique)", re.IGNORECASE)
_CENTER_STYLE = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2007\u202f\u2009\u200a\u3000]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_OPENING_QUOTES = "\"'\u201c\u2018\u201e\u00ab"
_CLOSING_QUOTES = "\"'\u201d\u2019\u00bb"
_SPACE_RUN = re.compile(r" {2,}")
_PROSE_LINE = 100  # characters: <br>-separated lines this long are paragraphs, not verse
# A page is bs4's tree, or page_tree's lighter one of a large generic page: the readers below walk either.
Element = Tag | PageTag
Page = BeautifulSoup | PageTag
_ELEMENTS = (Tag, PageTag)


def parse_html(markup: str | bytes) -> BeautifulSoup:
    """Parse HTML with Python's own parser: no network, no entity expansion beyond HTML's named set."""
    return BeautifulSoup(markup, "html.parser", store_line_numbers=False)  # no reader asks where a tag was


@dataclass(frozen=True)
class PageIndex:
    """What a page holds, gathered in one walk: a reader asks it before searching the whole tree, so a
    page is walked once for all the searches that would find nothing (each walk of a large page costs
    as much as reading it)."""

    names: frozenset[str]  # tag names
    values: dict[str, set[str]]  # attribute -> every value it has (each of a class list, and the list joined)
    strings: tuple[str, ...]  # every string of the page, comments included

    def may_have(self, attribute: str, value: str | re.Pattern[str]) -> bool:
        """False when no tag's `attribute` is `value` (or, for a pattern, holds a match): the page's
        find(attrs={attribute: value}) would find nothing."""
        values = self.values.get(attribute, set())
        return value in values if isinstance(value, str) else any(value.search(v) for v in values)

    def may_contain(self, text: str) -> bool:
        """False when no string of the page holds `text`."""
        return any(text in string for string in self.strings)


def page_index(soup: Page) -> PageIndex:
    names: set[str] = set()
    values: dict[str, set[str]] = {}
    strings: list[str] = []
    for node in soup.descendants:
        if isinstance(node, _ELEMENTS):
            names.add(node.name)
            for key, value in node.attrs.items():
                found = values.setdefault(key, set())
                if isinstance(value, str):
                    found.add(value)
                else:
                    found.update(value)
                    found.add(" ".join(value))
        elif isinstance(node, str):  # a NavigableString, or a page tree's string
            strings.append(node)
    return PageIndex(frozenset(names), values, tuple(strings))


def text_of(node: Element | None) -> str:
    """The visible text of an element, whitespace collapsed, skipped elements left out."""
    if node is None:
        return ""
    return short_text(node, limit=None) or ""


def short_text(node: Element, limit: int | None = 400) -> str | None:
    """`text_of`, or None as soon as the text passes `limit` characters: checking an element for a
    label costs at most that much, however large or deeply nested the element is."""
    parts: list[str] = []
    size = visited = 0
    stack: list = list(reversed(list(node.children)))
    while stack:
        item = stack.pop()
        visited += 1
        if isinstance(item, str):
            if _is_text(item):
                parts.append(str(item))
                size += len(item)
        elif isinstance(item, _ELEMENTS) and item.name not in SKIP_TAGS:
            if item.name == "br":
                parts.append(" ")
            stack.extend(reversed(list(item.children)))
        if limit is not None and (size > limit or visited > limit // 4):  # labels are a few nodes
            return None
    return " ".join("".join(parts).split())


def _is_text(node: str) -> bool:
    """Plain text and CDATA; not comments, doctypes, processing instructions or declarations (in a page
    tree, text is a plain `str`)."""
    return type(node) is NavigableString or type(node) is str or isinstance(node, CData)


def attribute(tag: Element, name: str) -> str:
    """An attribute's value as text, "" when absent (bs4 gives multi-valued ones such as `class` as a list)."""
    value = tag.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)


def classes(tag: Tag) -> set[str]:
    """Class names with converter suffixes removed (calibre renames `userstuff` to `userstuff1`)."""
    return {re.sub(r"\d+$", "", c).casefold() for c in (tag.get("class") or [])}


@dataclass
class _Run:
    text: str
    italic: bool


@dataclass
class BlockBuilder:
    """Collects inline text into paragraphs and emits Blocks in document order."""

    blocks: list[Block] = field(default_factory=list)
    _runs: list[_Run] = field(default_factory=list)
    _centered: bool = False

    def add_text(self, text: str, italic: bool) -> None:
        self._runs.append(_Run(text, italic))

    def line_break(self) -> None:
        self._runs.append(_Run("\n", False))

    def flush(self, centered: bool = False) -> None:
        runs, self._runs = self._runs, []
        if not runs or all(run.text.isspace() for run in runs):
            return  # nothing to say: most often the line break between two block elements
        for paragraph in _paragraphs_of(runs):
            if is_scene_break(paragraph, centered):
                self.scene_break()
            else:
                self.blocks.append(Block(BlockKind.PARAGRAPH, paragraph))

    def heading(self, text: str) -> None:
        self.flush()
        if text:
            self.blocks.append(Block(BlockKind.HEADING, text))

    def scene_break(self) -> None:
        self.flush()
        if self.blocks and self.blocks[-1].kind is not BlockKind.SCENE_BREAK:
            self.blocks.append(Block(BlockKind.SCENE_BREAK))

    def take(self) -> list[Block]:
        """The blocks so far, trailing scene breaks dropped; the builder starts empty again."""
        self.flush()
        blocks, self.blocks = self.blocks, []
        while blocks and blocks[-1].kind is BlockKind.SCENE_BREAK:
            blocks.pop()
        return blocks


# A hook sees each element before it is read; returning True means it consumed the element.
Hook = Callable[[Tag, BlockBuilder], bool]


def html_blocks(node: Element, hook: Hook | None = None, builder: BlockBuilder | None = None) -> list[Block]:
    """Blocks of `node`'s content in document order; `hook` may take over any element."""
    own = builder or BlockBuilder()
    feed(node, own, hook)
    return own.take() if builder is None else own.blocks


def feed(node: Element, builder: BlockBuilder, hook: Hook | None = None) -> None:
    """Read `node`'s children into `builder`. Iterative, so deeply nested pages cannot exhaust the stack."""
    # Stack items: ("enter", node, italic, centered) or ("leave", tag, italic, centered).
    stack: list[tuple[str, PageElement | PageTag | str, bool, bool]] = [
        ("enter", child, False, False) for child in reversed(list(node.children))
    ]
    while stack:
        action, item, italic, centered = stack.pop()
        if action == "leave":
            if isinstance(item, _ELEMENTS) and item.name in BLOCK_TAGS:
                builder.flush(centered)
            continue
        if isinstance(item, str):
            if _is_text(item):
                builder.add_text(str(item), italic)
            continue
        if not isinstance(item, _ELEMENTS):
            continue
        name = item.name
        if name in SKIP_TAGS:
            continue
        if hook is not None and isinstance(item, Tag) and hook(item, builder):  # hooks read bs4 pages (AO3, EPUB)
            continue
        if name == "br":
            builder.line_break()
            continue
        if name == "hr":
            builder.scene_break()
            continue
        if name in HEADING_TAGS:
            builder.heading(text_of(item))
            continue
        inner_italic = italic or name in ITALIC_TAGS
        inner_centered = centered or name == "center"
        if item.attrs:  # most elements have none to read
            inner_italic = inner_italic or bool(_ITALIC_STYLE.search(attribute(item, "style")))
            inner_centered = (
                inner_centered
                or attribute(item, "align").casefold() == "center"
                or bool(_CENTER_STYLE.search(attribute(item, "style")))
            )
        if name in BLOCK_TAGS:
            builder.flush(centered)
        stack.append(("leave", item, italic, inner_centered))
        for child in reversed(list(item.children)):
            stack.append(("enter", child, inner_italic, inner_centered))


def is_scene_break(text: str, centered: bool = False) -> bool:
    """`* * *`, `~~~`, `oOo`, `[scene break]`... a line of symbols, or a short centered one."""
    stripped = text.strip()
    if "\n" in stripped:
        return False
    if stripped[:1] in SCENE_BREAK_FIRST and SCENE_BREAK.match(stripped):  # most paragraphs fail at once
        return True
    if any(c.isalnum() for c in stripped) or any(c in stripped for c in "\"'“”‘’?!()") or len(stripped) > 40:
        return False
    return centered or len(stripped) >= 3


def _paragraphs_of(runs: list[_Run]) -> list[str]:
    """Runs -> paragraph texts. Blank <br> lines split paragraphs; long <br> lines are paragraphs of prose."""
    lines: list[list[_Run]] = [[]]
    for run in runs:
        if run.text == "\n":
            lines.append([])
        else:
            lines[-1].append(run)
    # The text reader's character repairs (mojibake, escaped tags and entities shown as text) apply
    # to pages too; what they change is not reported line by line, as a page has no lines.
    rendered = [_repaired(_render_line(line)) if line else "" for line in lines]
    groups: list[list[str]] = [[]]
    for line in rendered:
        if line:
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    paragraphs: list[str] = []
    for group in groups:
        if not group:
            continue
        if len(group) > 1 and sum(len(line) > _PROSE_LINE for line in group) >= 2:
            paragraphs.extend(group)  # <br> used between prose paragraphs
        else:
            paragraphs.append("\n".join(group))
    return paragraphs


def _repaired(line: str) -> str:
    """A rendered line with the text reader's character repairs; a blank one (the space between
    elements) has nothing to repair."""
    return normalize_characters(line, []).strip() if line else ""


def _render_line(runs: list[_Run]) -> str:
    """One line of text with italic runs wrapped in `_` (or `*` when the run holds `_`)."""
    merged: list[_Run] = []
    for run in runs:
        text = _plain_spaces(run.text)
        if merged and merged[-1].italic == run.italic:
            merged[-1] = _Run(merged[-1].text + text, run.italic)
        else:
            merged.append(_Run(text, run.italic))
    out = ""
    for index, run in enumerate(merged):
        if not run.italic or not any(c.isalnum() for c in run.text):
            out += run.text
            continue
        following = merged[index + 1].text if index + 1 < len(merged) else ""
        out += _mark_italic(run.text, out, following)
    return _SPACE_RUN.sub(" ", out).strip() if "  " in out else out.strip()


def _plain_spaces(text: str) -> str:
    """`text` with line breaks and runs of spaces as one space, invisible characters gone."""
    text = text.replace("\n", " ")
    if text.isascii():  # nothing invisible, and a lone space is all most of a page's spaces are
        if "  " not in text and "\t" not in text and "\r" not in text and "\f" not in text and "\v" not in text:
            return text
        return _SPACES.sub(" ", text)
    return _SPACES.sub(" ", text.translate(_INVISIBLE))


def _mark_italic(text: str, before: str, after: str) -> str:
    """`_thought_` when the italic run stands as words of its own; plain text inside a word."""
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    core = text.strip()
    # Quote marks stay outside the markers, so an italic quotation still reads as dialogue.
    opening = ""
    while core and core[0] in _OPENING_QUOTES and len(core) > 1:
        opening, core = opening + core[0], core[1:]
    closing = ""
    while core and core[-1] in _CLOSING_QUOTES and len(core) > 1:
        core, closing = core[:-1], core[-1] + closing
    marker = "*" if "_" in core else "_"
    previous = (before + lead + opening)[-1:] or " "
    following = (closing + trail + after)[:1] or " "
    stands_alone = (previous.isspace() or not previous.isalnum()) and not following.isalnum()
    if marker in core or not stands_alone:
        return text
    return f"{lead}{opening}{marker}{core}{marker}{closing}{trail}"


def parse_generic_html(soup: Page, source_name: str, index: PageIndex | None = None) -> Story:
    """Any other HTML page: title and author from the head, chapters at `Chapter N`-like headings."""
    index = index or page_index(soup)
    fields: list[tuple[str, str]] = []
    heading = soup.find("h1") if "h1" in index.names else None
    head_title = soup.find("title")
    title = text_of(heading) if heading is not None else " ".join(head_title.get_text().split()) if head_title else ""
    if title:
        fields.append(("Title", title))
    author = soup.find("meta", attrs={"name": _AUTHOR}) if index.may_have("name", _AUTHOR) else None
    if author is not None and attribute(author, "content"):
        fields.append(("Author", " ".join(attribute(author, "content").split())))
    blocks = [block for container in _story_containers(soup, index) for block in html_blocks(container)]
    header, blocks = _text_header(blocks)
    if header.fields:
        have = {k.casefold() for k, _ in header.fields}
        fields = [*header.fields, *((k, v) for k, v in fields if k.casefold() not in have)]
        title = header.title or title
    preface = header.preface
    chapters: list[tuple[str, list[Block]]] = []
    for block in blocks:
        if (
            block.kind is BlockKind.PARAGRAPH
            and "\n" not in block.text
            and len(block.text) <= 120
            and CHAPTER_HEADING.match(block.text)
        ):
            block = Block(BlockKind.HEADING, bare_heading(block.text))  # <p><b>Chapter One</b></p>: a heading all the same
        if block.kind is BlockKind.HEADING and CHAPTER_HEADING.match(block.text):
            title = bare_heading(block.text)
            if chapters and not any(b.kind is BlockKind.PARAGRAPH for b in chapters[-1][1]):
                chapters[-1] = (title, [*chapters[-1][1], block])  # the title page runs into chapter one
            else:
                chapters.append((title, [block]))
        elif chapters:
            chapters[-1][1].append(block)
        else:
            chapters.append((title or source_name, [block]))
    return Story(Metadata(fields=tuple(fields), preface=preface), tuple(Chapter(t, tuple(b)) for t, b in chapters), source_name)


_AUTHOR = re.compile("^author$", re.IGNORECASE)
# Where archives and blogs put the story in a saved page; menus, reviews and footers lie outside.
_STORY_CONTAINER = re.compile(
    r"^(?:storytext|story[-_]?text|chapter[-_]?(?:content|text)|entry[-_]?content|post[-_]?body)$", re.IGNORECASE
)


def _story_containers(soup: Page, index: PageIndex) -> list[Element]:
    """The page's story containers in order (outermost only), or the whole body when it names none."""
    found = _tags_with(soup, "id", _STORY_CONTAINER, index) or _tags_with(soup, "class", _STORY_CONTAINER, index)
    chosen: set[int] = set()
    outermost = []
    for tag in found:
        if not any(id(parent) in chosen for parent in tag.parents):
            outermost.append(tag)
        chosen.add(id(tag))
    return outermost or [soup.body or soup]


def _tags_with(soup: Page, attribute: str, pattern: re.Pattern[str], index: PageIndex) -> list[Element]:
    """`soup.find_all(attrs={attribute: pattern})` in a plain walk, without bs4's general matching: the
    tags whose value holds a match, in document order; a list value (class) matches by any item, or
    joined as written."""
    if not index.may_have(attribute, pattern):
        return []
    found = []
    for node in soup.descendants:
        if isinstance(node, _ELEMENTS):
            value = node.attrs.get(attribute)
            if value is None:
                continue
            items = [value] if isinstance(value, str) else value
            if any(pattern.search(item) for item in items) or (len(items) != 1 and pattern.search(" ".join(items))):
                found.append(node)
    return found


def _text_header(blocks: list[Block]) -> tuple[Metadata, list[Block]]:
    """A page that opens with `Title: ...` / `Author: ...` lines has a header like a text file's."""
    leading = []
    for block in blocks[:12]:
        if block.kind is not BlockKind.PARAGRAPH:
            break
        leading.append(Paragraph(tuple(block.text.split("\n")), 0))
    metadata, rest = split_header(leading)
    if not metadata.fields:
        return Metadata(), blocks
    return metadata, blocks[len(leading) - len(rest) :]
