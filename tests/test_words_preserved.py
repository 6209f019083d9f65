"""Property: every word of a story body reaches the script once and in order, whatever the damage.

Stories are generated clean (smart punctuation, every quoting style, thought and emphasis marks, chat
and verse lines), then damaged the ways real files are: smart punctuation lost to `?`, mojibake, HTML
entities and italics, invisible characters, CRLF, hard wraps, and saved in several encodings. The
script's words must equal the clean text's words. The documented repairs that make this hold: lost
`?` apostrophes and quotes restored, mojibake and entities decoded, invisible characters removed,
hard-wrapped lines joined; quote, thought and emphasis marks are dropped, but no word is.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fic2audio.pipeline import RenderOptions, plan_story

_spec = importlib.util.spec_from_file_location(
    "kind_accuracy", Path(__file__).resolve().parents[1] / "tools" / "kind_accuracy.py"
)
kind_accuracy = sys.modules.setdefault("kind_accuracy", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(kind_accuracy)
words = kind_accuracy.words

PLAIN = "the night was cold and she walked home alone he waited by door rain fell softly so very late again".split()
SPECIAL = [
    "don’t",
    "it’s",
    "we’ll",
    "they’re",
    "I’ve",
    "he’d",
    "I’m",
    "twins’",
    "’em",
    "’90s",
    "café",
    "Buffy",
    "Spike",
    "Willow",
    "Giles",
    "7",
    "1997",
    "3rd",
    "don't",
    "'em",
    "rock 'n' roll",
    "the twins' room",
    "'90s",
    "a/b",
    "&",
    "<3",
    ":)",
    "🎉",
    "Mr.",
    "St.",
]
NAMES = ["Buffy", "Willow", "Xander", "Dawn"]
QUOTES = {"double": ('"', '"'), "curly": ("\u201c", "\u201d"), "single": ("'", "'"), "curly_single": ("\u2018", "\u2019")}

word = st.one_of(st.sampled_from(PLAIN), st.sampled_from(SPECIAL))


@st.composite
def sentence(draw, emphasis=True):
    chosen = draw(st.lists(word, min_size=1, max_size=9))
    if emphasis and len(chosen) > 2 and draw(st.booleans()):
        at = draw(st.integers(1, len(chosen) - 1))
        mark = draw(st.sampled_from(["*", "_", "/", "**"]))
        chosen[at] = f"{mark}{chosen[at]}{mark}"
    text = " ".join(chosen)
    text = text[0].upper() + text[1:] if text[0].isalpha() else text
    return text + draw(st.sampled_from([".", "!", "?", "…", ".", "—"]))


@st.composite
def paragraph(draw, quotes):
    kind = draw(st.sampled_from(["prose", "prose", "prose", "chat", "verse"]))
    if kind == "chat":
        lines = [f"{draw(st.sampled_from(NAMES))}: {draw(sentence(emphasis=False))}" for _ in range(draw(st.integers(2, 4)))]
        return "\n".join(lines)
    if kind == "verse":
        return "\n".join(
            " ".join(draw(st.lists(st.sampled_from(PLAIN), min_size=2, max_size=6))) for _ in range(draw(st.integers(2, 4)))
        )
    pieces = []
    opening, closing = quotes
    for _ in range(draw(st.integers(1, 4))):
        piece = draw(st.sampled_from(["narration", "dialogue", "dialogue", "thought", "nested", "interrupted", "unclosed"]))
        text = draw(sentence())
        inner_open, inner_close = ("'", "'") if opening in '"\u201c' else ('"', '"')
        if piece == "nested":
            text = f"{opening}{text[:-1]} {inner_open}{draw(sentence(emphasis=False))}{inner_close} {closing} he said."
        elif piece == "interrupted":
            text = f"{opening}{text[:-1]}—{closing} {opening}{draw(sentence())}{closing}"
        elif piece == "unclosed":
            text = f"{opening}{text}"  # speech running on into the next paragraph
        elif piece == "dialogue":
            tag = draw(st.sampled_from(["", " she said.", " he whispered,", " Giles asked."]))
            text = f"{opening}{text}{closing}{tag}"
        elif piece == "thought":
            mark = draw(st.sampled_from("*_/"))
            text = f"{mark}{re.sub(r'[*_/]', '', text)}{mark}"
        pieces.append(text)
    return " ".join(pieces)


def _wrap(paragraph_text: str, width: int = 78) -> str:
    """FanFicFare-style text: lines broken at `width` columns, each paragraph's first line indented."""
    lines, line = [], "  "
    for token in paragraph_text.split(" "):
        if len(line) + len(token) + 1 > width and line.strip():
            lines.append(line.rstrip())
            line = ""
        line += token + " "
    lines.append(line.rstrip())
    return "\n".join(lines)


_LOST = {"\u2019": "?", "\u2018": "?", "\u201c": "?", "\u201d": "?", "\u2026": "?", "\u2014": " ? "}
_MOJIBAKE = {"\u2019": "â€™", "\u2018": "â€˜", "\u201c": "â€œ", "\u201d": "â€", "\u2014": "â€”", "\u2026": "â€¦", "é": "Ã©"}


def damage(text: str, how: str) -> str:
    if how == "lost_punctuation":
        return "".join(_LOST.get(c, c) for c in text)
    if how == "mojibake":
        return "".join(_MOJIBAKE.get(c, c) for c in text)
    if how == "html":
        text = text.replace("&", "&amp;").replace('"', "&quot;")
        return re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"<i>\1</i>", text)
    if how == "invisible":
        return text.replace(" the ", " the\u00a0").replace("night", "ni\u200bght").replace("\n", "\r\n")
    return text


@st.composite
def story(draw):
    quotes = QUOTES[draw(st.sampled_from(sorted(QUOTES)))]
    paragraphs = draw(st.lists(paragraph(quotes), min_size=1, max_size=6))
    how = draw(st.sampled_from(["none", "lost_punctuation", "mojibake", "html", "invisible", "wrapped"]))
    if how == "wrapped":
        paragraphs = [p if "\n" in p else _wrap(p) for p in paragraphs]
        body = "\n".join(paragraphs)  # no blank lines: the indentation marks each paragraph
    else:
        body = "\n\n".join(paragraphs)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return "\n\n".join(paragraphs), damage(body, how), encoding


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(story())
def test_every_word_reaches_the_script_once_in_order(tmp_path, generated):
    clean, damaged, encoding = generated
    try:
        data = damaged.encode(encoding)
    except UnicodeEncodeError:
        data = damaged.encode("utf-8")
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    script = plan_story(path, RenderOptions(credits=False))  # credits add words of their own
    # The header is part of the script: a generated story may open `Title` / `by Name`, read as one.
    spoken = [w for ch in script.chapters for s in ch.segments for w in words(s.text)]
    assert spoken == words(clean)
