"""A large page's element tree, built as bs4 would build it but of small objects.

A 30 MB saved page is a few million elements and strings: bs4's objects (each linked to its
neighbours both ways) made most of the time and memory of reading one. `parse_page_tree` runs the
very parser bs4 runs (its `BeautifulSoupHTMLParser`, over Python's `html.parser`: the same entities,
empty elements and comments) and builds the tree by bs4's own rules (an end tag closes back to its
open element, or nothing when none is open; whitespace-only strings shrink to one space or newline
outside `<pre>`; class lists split), into `PageTag`s and plain strings that the generic reader walks
exactly as it walks bs4's tree. Text nodes are `str`; comments, doctypes, script and style text and
the like are `MarkupString`s, which no reader takes for story text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from bs4 import CData, NavigableString
from bs4.builder._htmlparser import BeautifulSoupHTMLParser, HTMLParserTreeBuilder

_ROOT = "[document]"  # BeautifulSoup.ROOT_TAG_NAME
_ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"  # BeautifulSoup.ASCII_SPACES


class MarkupString(str):
    """A string of the page that is not text: a comment, a doctype, script or style content."""


class PageTag:
    """An element: what the readers ask of a bs4 Tag (name, attrs, children, find, get_text)."""

    __slots__ = ("name", "attrs", "contents", "parent", "can_be_empty_element")

    def __init__(self, name: str, attrs: dict[str, Any], parent: PageTag | None, can_be_empty_element: bool = False) -> None:
        self.name = name
        self.attrs = attrs
        self.contents: list[PageTag | str] = []
        self.parent = parent
        self.can_be_empty_element = can_be_empty_element

    @property
    def is_empty_element(self) -> bool:
        return not self.contents and self.can_be_empty_element

    @property
    def children(self) -> Iterator[PageTag | str]:
        return iter(self.contents)

    @property
    def descendants(self) -> Iterator[PageTag | str]:
        """Every element and string inside, in document order."""
        stack: list[Iterator[PageTag | str]] = [iter(self.contents)]
        while stack:
            for node in stack[-1]:
                yield node
                if isinstance(node, PageTag) and node.contents:
                    stack.append(iter(node.contents))
                    break
            else:
                stack.pop()

    @property
    def parents(self) -> Iterator[PageTag]:
        parent = self.parent
        while parent is not None:
            yield parent
            parent = parent.parent

    @property
    def body(self) -> PageTag | None:
        return self.find("body")

    def get(self, key: str, default: Any = None) -> Any:
        return self.attrs.get(key, default)

    def find(self, name: str, attrs: dict[str, re.Pattern[str]] | None = None) -> PageTag | None:
        """The first element inside named `name` whose attributes match `attrs`' patterns, as bs4's find
        matches a pattern: searched in the value, or in any item of a list value or in the items joined."""
        for node in self.descendants:
            if (
                isinstance(node, PageTag)
                and node.name == name
                and all(_matches(node.attrs.get(k), p) for k, p in (attrs or {}).items())
            ):
                return node
        return None

    def get_text(self) -> str:
        """The text strings inside, joined (comments, scripts and styles left out)."""
        return "".join(node for node in self.descendants if type(node) is str)


def _matches(value: str | list[str] | None, pattern: re.Pattern[str]) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return pattern.search(value) is not None
    return any(pattern.search(item) for item in value) or pattern.search(" ".join(value)) is not None


class _TreeBuilder:
    """What `BeautifulSoupHTMLParser` asks of the BeautifulSoup object it feeds, building PageTags by
    BeautifulSoup's rules (its handle_starttag, handle_endtag, endData, pushTag, popTag, _popToTag)."""

    def __init__(self) -> None:
        self.builder = HTMLParserTreeBuilder(store_line_numbers=False)  # bs4's tables for html.parser
        self.root = PageTag(_ROOT, {}, None)
        self.current = self.root
        self.stack = [self.root]
        self.open: Counter[str] = Counter()
        self.preserving: list[PageTag] = []  # open <pre> and <textarea>
        self.containing: list[PageTag] = []  # open elements whose strings are not text (script, style...)
        self.data: list[str] = []
        self.contains_replacement_characters = False

    def handle_starttag(self, name: str, namespace: Any, nsprefix: Any, attrs: dict[str, Any], **_: Any) -> PageTag:
        self.end_data()
        values = self.builder._replace_cdata_list_attribute_values(name, attrs)
        tag = PageTag(name, dict(values), self.current, self.builder.can_be_empty_element(name))
        self.current.contents.append(tag)
        self.stack.append(tag)
        self.current = tag
        self.open[name] += 1
        if name in self.builder.preserve_whitespace_tags:
            self.preserving.append(tag)
        if name in self.builder.string_containers:
            self.containing.append(tag)
        return tag

    def handle_endtag(self, name: str, nsprefix: Any = None) -> None:
        self.end_data()
        if name == _ROOT:
            return
        for index in range(len(self.stack) - 1, 0, -1):
            if not self.open.get(name):
                break
            closing = self.stack[index].name == name and nsprefix is None
            self._pop()
            if closing:
                break

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    def endData(self, container: type[NavigableString] | None = None) -> None:  # the name the parser calls
        self.end_data(container)

    def end_data(self, container: type[NavigableString] | None = None) -> None:
        if not self.data:
            return
        text = "".join(self.data)
        self.data = []
        if not self.preserving and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        kind = container or NavigableString
        if self.containing and kind is NavigableString:
            kind = self.builder.string_containers.get(self.containing[-1].name, kind)
        self.current.contents.append(text if kind is NavigableString or issubclass(kind, CData) else MarkupString(text))

    def _pop(self) -> None:
        tag = self.stack.pop()
        if tag.name in self.open:
            self.open[tag.name] -= 1
        if self.preserving and tag is self.preserving[-1]:
            self.preserving.pop()
        if self.containing and tag is self.containing[-1]:
            self.containing.pop()
        self.current = self.stack[-1]

    def finish(self) -> PageTag:
        self.end_data()
        while len(self.stack) > 1:
            self._pop()
        return self.root


class _Parser(BeautifulSoupHTMLParser):
    """bs4's parser without html.parser's count of lines and columns, which it keeps at every tag and
    every run of text for `getpos`: no reader asks where a tag was (the tree builder stores no line numbers)."""

    def updatepos(self, i: int, j: int) -> int:
        return j


def parse_page_tree(markup: str) -> PageTag:
    """The page's tree as `BeautifulSoup(markup, "html.parser")` has it, of PageTags and strings."""
    tree = _TreeBuilder()
    parser = _Parser(tree, convert_charrefs=False)  # type: ignore[arg-type]  # duck-typed soup
    parser.feed(markup)
    parser.close()
    return tree.finish()
