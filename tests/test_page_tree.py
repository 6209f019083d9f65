"""A large page is read through page_tree's light tree: it must read exactly as bs4's tree reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from fic2audio.read import read_story
from fic2audio.read.ao3 import looks_like_ao3, may_be_ao3
from fic2audio.read.fanficfare import looks_like_fanficfare_html, may_be_fanficfare_html
from fic2audio.read.html import page_index, parse_generic_html, parse_html
from fic2audio.read.page_tree import parse_page_tree

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "formats").glob("*.htm*"))

# Markup whose tree bs4 builds by its own rules: unclosed and stray tags, empty elements, whitespace,
# strings that are not text (comments, scripts, ruby), entities, class lists, containers and metadata.
MARKUP = [
    "<p>One<p>Two</p></p><p>Three",
    "<div><em>open italic<p>still</div> after</em> more",
    "<p>a<br>b</br>c<br/>d<br></br>e</p><p/>f<hr>g<hr/>h",
    "<p>x</span></div></q>y</p>",
    "<pre>  keep\n  these   spaces </pre>\n\n   <p>  and \t these  </p>  \r\n ",
    "<textarea> \n </textarea><p> \x0c </p><pre> </pre>",
    "<p>shown<script>var x = '<p>hidden</p>';</script><style>p { }</style>shown</p>",
    "<p>漢<ruby>字<rt>kan</rt><rp>(</rp></ruby> done<template><p>never</p></template></p>",
    "<!DOCTYPE html><!-- a comment --><p>a<!-- inner -->b<![CDATA[ c ]]><?pi x?></p>",
    "<p>&amp; &lt;i&gt; &#8220;q&#8221; &#150; &#x41; &#xZZ; &nbsp; &bogus; &copy x&y</p>",
    '<div class="storytext"><p>in</p><div class="storytext"><p>nested</p></div></div><p>out</p>',
    '<div id="chapter-content" class="a  b"><p>by id</p></div><div class="entry-content"><p>by class</p></div>',
    '<html><head><title>The <b>Title</b><!-- no --></title><meta name="Author" content=" Ann   B "></head>'
    "<body><h1>Big <i>One</i></h1><p>Title: Other</p><p>Author: C</p><p>Text.</p></body></html>",
    '<body><p style="font-style: italic">thought</p><p align="center">* * *</p><center>~~~</center></body>',
    "<h2>Chapter 1</h2><p>a</p><p><b>Chapter 2</b></p><p>b</p><h3>Chapter Three</h3>",
    '<p class="x" class="y" id=a id=b checked>dup</p><a rel="a b" href=x>link</a>',
    "<table><tr><td>cell<td>cell two</table><ul><li>one<li>two</ul>",
    "<?xml version='1.0'?><html><body><p>xml-ish</p></body></html>",
    "plain text with no tags & an ampersand",
    "<p>unclosed <em>to the end",
]


def _same_reading(markup: str) -> None:
    soup = parse_html(markup)
    tree = parse_page_tree(markup)
    expected, index = page_index(soup), page_index(tree)
    assert index.names == expected.names
    assert {k: set(v) for k, v in index.values.items()} == {k: set(v) for k, v in expected.values.items()}
    assert list(index.strings) == [str(s) for s in expected.strings]
    assert parse_generic_html(tree, "page", index) == parse_generic_html(soup, "page", expected)
    if looks_like_ao3(soup, expected) or looks_like_fanficfare_html(soup, expected):
        assert may_be_ao3(index) or may_be_fanficfare_html(index)  # such a page is left to bs4's tree


@pytest.mark.parametrize("markup", MARKUP)
def test_page_tree_reads_markup_as_bs4_does(markup):
    _same_reading(markup)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_page_tree_reads_every_fixture_page_as_bs4_does(path):
    _same_reading(path.read_text(encoding="utf-8"))


def _large(markup: str) -> str:
    """`markup` past the size at which a page is read through the light tree."""
    return markup.replace("</body>", "<p>" + "A line of padding. " * 60_000 + "</p></body>")


def test_a_large_generic_page_reads_as_through_bs4_without_a_bs4_tree(tmp_path, monkeypatch):
    markup = _large((Path(__file__).parent / "fixtures" / "formats" / "generic_lantern.html").read_text(encoding="utf-8"))
    path = tmp_path / "big.html"
    path.write_text(markup, encoding="utf-8")
    expected = parse_generic_html(parse_html(markup), "big")

    def no_bs4_tree(*args, **kwargs) -> None:
        raise AssertionError("a large generic page built a bs4 tree")

    # The class itself, not a module's name for a parser function: a reader module first imported during
    # this test would otherwise keep the stand-in for good, and fail the tests after it.
    monkeypatch.setattr(BeautifulSoup, "__init__", no_bs4_tree)
    story = read_story(path)
    assert story.chapters == expected.chapters and story.metadata == expected.metadata


def test_a_large_ao3_page_is_still_read_as_ao3(tmp_path):
    markup = _large((Path(__file__).parent / "fixtures" / "formats" / "ao3_lantern.html").read_text(encoding="utf-8"))
    path = tmp_path / "big.html"
    path.write_text(markup, encoding="utf-8")
    small = tmp_path / "small.html"
    small.write_text((Path(__file__).parent / "fixtures" / "formats" / "ao3_lantern.html").read_text(encoding="utf-8"))
    assert read_story(path).metadata == read_story(small).metadata  # AO3's header fields, not a generic page's
