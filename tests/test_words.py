"""words.alternation: the same matches as the plain join of its branches."""

from __future__ import annotations

import itertools
import re

import pytest

from fic2audio.words import alternation

_BRANCHES = tuple(r"said sang says sighed s asked answered put\s+in put\s+(?:him|her)\s+off put [a-z]+ed a?b ab".split())


@pytest.mark.parametrize("order", [_BRANCHES, tuple(reversed(_BRANCHES)), tuple(sorted(_BRANCHES, key=len))])
def test_alternation_matches_as_the_join(order: tuple[str, ...]) -> None:
    words = ["said", "sang", "says", "sighed", "s", "asked", "answered", "put", "in", "him", "off", "b", "ab", "walked", "x"]
    texts = [" ".join(combination) for combination in itertools.product(words, repeat=2)]
    for context in (r"\b(?:{})\W*$", r"^(?:{})(?:\s+(\w+))?", r"(?<!\w)(?:{})\b"):
        joined = re.compile(context.format("|".join(order)))
        grouped = re.compile(context.format(alternation(*order)))
        for text in texts:
            found = [(m.span(), m.groups()) for m in grouped.finditer(text)]
            assert found == [(m.span(), m.groups()) for m in joined.finditer(text)]


def test_alternation_groups_by_letter() -> None:
    assert alternation("said", "says", "asked", r"put\s+in|put\s+out") == r"s(?:aid|ays)|asked|p(?:ut\s+in|ut\s+out)"
    assert alternation("[a-z]+ed", "said", "sang") == "[a-z]+ed|s(?:aid|ang)"  # no branch moves past a class


def test_alternation_refuses_capturing_groups() -> None:
    with pytest.raises(ValueError):
        alternation("said", "(asked)")
