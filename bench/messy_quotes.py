#!/usr/bin/env python3
"""How well quote reading survives messy typing: clean paragraphs damaged one way at a time, read again.

The paragraphs with double-quoted speech in bench/fics/dev and tests/speakers are each damaged once per
kind of damage (marks unspaced, curly marks mixed or the wrong way round, doubled marks, two apostrophes
for a double mark, a lost opening or closing mark, a single mark for a closing double one, marks padded
with spaces; the whole paragraph in single quotes, then unspaced or with a lost mark) and cut into spans again; a word counts as wrong when
its kind (narration, dialogue, thought) differs from the clean paragraph's reading, and every word of a
paragraph whose words no longer line up. The fics' `{Speaker}` labels are removed first.

    python bench/messy_quotes.py              # words wrong per damage
    python bench/messy_quotes.py lost_open    # and the first paragraphs read wrong after that damage
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

from fic2audio.quotes import split_spans

ROOT = Path(__file__).resolve().parent.parent
_LABEL = re.compile(r"\{[^}]*\}")
_WORDS = re.compile(r"[A-Za-z0-9]+")
_OPENING = re.compile(r'(?:^|(?<=\s))"(?=\S)')
_CLOSING = re.compile(r'(?<=\S)"(?=\s|$)')


def paragraphs() -> list[str]:
    files = sorted((ROOT / "bench" / "fics" / "dev").glob("*.txt")) + sorted((ROOT / "tests" / "speakers").glob("*.txt"))
    found = []
    for file in files:
        for paragraph in file.read_text(encoding="utf-8").split("\n\n"):
            paragraph = _LABEL.sub("", paragraph).strip()
            if '"' in paragraph and ":" not in paragraph[:20]:  # speech, not a header or chat line
                found.append(paragraph)
    return found


def kinds(text: str, style: str) -> list[tuple[str, str]]:
    return [(word.lower(), span.kind.value) for span in split_spans(text, style) for word in _WORDS.findall(span.text)]


def _single(text: str) -> str:
    """The paragraph in British single quotes, its apostrophes curly so that they stay apart."""
    return text.replace("'", "\u2019").replace('"', "'")


_SINGLE_OPENING = re.compile(r"(?:^|(?<=\s))'(?=[A-Z])")
_SINGLE_CLOSING = re.compile(r"(?<=[,.!?\u2014])'(?=\s|$)")


def _curly(text: str, choose: Callable[[str, str], str]) -> str:
    out, opened = [], False
    for char in text:
        if char == '"':
            out.append(choose('"', "\u201d" if opened else "\u201c"))
            opened = not opened
        else:
            out.append(char)
    return "".join(out)


def _drop_one(pattern: re.Pattern[str], text: str, rng: random.Random, put: str = "") -> str:
    marks = list(pattern.finditer(text))
    if not marks:
        return text
    mark = rng.choice(marks)
    return text[: mark.start()] + put + text[mark.end() :]


DAMAGE: dict[str, Callable[[str, random.Random], str]] = {
    "unspaced": lambda p, rng: re.sub(r'(?<=[,.!?])" (?=[a-z])', '"', re.sub(r'(?<=[.!?]) "(?=[A-Z])', '"', p)),
    "curly": lambda p, rng: _curly(p, lambda straight, curly: curly),
    "curly_mixed": lambda p, rng: _curly(p, lambda straight, curly: rng.choice([straight, curly])),
    "curly_wrong_way": lambda p, rng: p.replace('"', "\u201c"),
    "doubled": lambda p, rng: p.replace('"', '""'),
    "two_apostrophes": lambda p, rng: p.replace('"', "''"),
    "lost_open": lambda p, rng: _drop_one(_OPENING, p, rng),
    "lost_close": lambda p, rng: _drop_one(_CLOSING, p, rng),
    "single_for_close": lambda p, rng: _drop_one(_CLOSING, p, rng, "'"),
    "padded": lambda p, rng: _OPENING.sub('" ', _CLOSING.sub(' "', p)),
    "single_style": lambda p, rng: _single(p),
    "single_unspaced": lambda p, rng: re.sub(r"(?<=[,.!?])' (?=[a-z])", "'", re.sub(r"(?<=[.!?]) '(?=[A-Z])", "'", _single(p))),
    "single_lost_open": lambda p, rng: _drop_one(_SINGLE_OPENING, _single(p), rng),
    "single_lost_close": lambda p, rng: _drop_one(_SINGLE_CLOSING, _single(p), rng),
}
SINGLE = {name for name in DAMAGE if name.startswith("single_") and name != "single_for_close"}


def main() -> None:
    show = sys.argv[1] if len(sys.argv) > 1 else None
    found = paragraphs()
    rng = random.Random(7)
    total = sum(len(_WORDS.findall(p)) for p in found)
    print(f"{len(found)} paragraphs, {total} words")
    for name, damage in DAMAGE.items():
        style = "single" if name in SINGLE else "double"
        wrong_paragraphs = wrong_words = shown = 0
        for paragraph in found:
            clean = kinds(paragraph, "double")
            damaged = damage(paragraph, rng)
            read = kinds(damaged, style)
            if [word for word, _ in read] != [word for word, _ in clean]:
                wrong = len(clean)
            else:
                wrong = sum(a[1] != b[1] for a, b in zip(clean, read, strict=True))
            if wrong:
                wrong_paragraphs += 1
                wrong_words += wrong
                if name == show and shown < 20:
                    shown += 1
                    print(f"  {damaged[:160]!r}")
                    print(f"    clean: {[(s.kind.value[0], s.text[:40]) for s in split_spans(paragraph)]}")
                    print(f"    read:  {[(s.kind.value[0], s.text[:40]) for s in split_spans(damaged, style)]}")
        print(f"{name:18} paragraphs wrong {wrong_paragraphs:5}   words wrong {wrong_words:6}")


if __name__ == "__main__":
    main()
