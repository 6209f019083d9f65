"""The hand-annotated snippets in tests/annotated: each must be read with every word in the right kind."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_TOOL = Path(__file__).resolve().parents[1] / "tools" / "kind_accuracy.py"
_spec = importlib.util.spec_from_file_location("kind_accuracy", _TOOL)
kind_accuracy = sys.modules.setdefault("kind_accuracy", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(kind_accuracy)

SNIPPETS = kind_accuracy.snippets()


def test_there_are_at_least_thirty_annotated_snippets():
    assert len(SNIPPETS) >= 30


@pytest.mark.parametrize(("story", "expected"), SNIPPETS, ids=[s.stem for s, _ in SNIPPETS])
def test_snippet_is_read_with_the_annotated_kinds(story, expected):
    result = kind_accuracy.score(kind_accuracy.load_expected(expected), kind_accuracy.plan_rows(story))
    assert result.total > 0
    assert result.wrong == ()
    assert (result.matched, result.extra) == (result.total, 0)


def test_score_counts_wrong_kinds_and_missing_words():
    expected = [("dialogue", "Hello there,"), ("narration", "she said.")]
    planned = [("narration", "Hello"), ("narration", "she said. Bye")]
    result = kind_accuracy.score(expected, planned)
    assert (result.total, result.matched, result.right, result.extra) == (4, 3, 2, 1)
    assert result.wrong == (("hello", "dialogue", "narration"),)
