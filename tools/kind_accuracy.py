#!/usr/bin/env python3
"""Word-level kind accuracy of `fic2audio plan` over the hand-annotated snippets in tests/annotated.

Each snippet is `NAME.txt` (a tiny story, in whatever encoding the case needs) with `NAME.expected`
beside it: one segment a line, `kind|text`, `#` lines are comments (the For_Her.expected format).
Words are compared case-folded with punctuation removed and aligned in order, exactly as
/work/shared/tools/score_plan.py does, so punctuation repairs do not count against a reading.

Usage: python tools/kind_accuracy.py [FOLDER] [--show N]
Prints one line per snippet, then the overall figures:
  kind accuracy = expected words found with the right kind / expected words
  coverage      = expected words found at all / expected words
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

ANNOTATED = Path(__file__).resolve().parents[1] / "tests" / "annotated"


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'").lower()
    return re.findall(r"[^\W_]+(?:'[^\W_]+)*", folded)


def load_expected(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, _, text = line.partition("|")
            rows.append((kind.strip(), text))
    return rows


def plan_rows(story: Path) -> list[tuple[str, str]]:
    """(kind, text) of every segment `fic2audio plan` gives, the spoken header left out."""
    from fic2audio.pipeline import plan_story

    script = plan_story(story)
    return [(s.kind.value, s.text) for ch in script.chapters for s in ch.segments if s.kind.value != "header"]


@dataclass(frozen=True)
class Score:
    total: int  # expected words
    matched: int  # expected words found, in order
    right: int  # of those, read with the expected kind
    wrong: tuple[tuple[str, str, str], ...]  # (word, expected kind, planned kind)
    extra: int  # planned words the annotation does not have

    @property
    def accuracy(self) -> float:
        return self.right / (self.total or 1)

    @property
    def coverage(self) -> float:
        return self.matched / (self.total or 1)


def score(expected: list[tuple[str, str]], got: list[tuple[str, str]]) -> Score:
    e = [(w, kind) for kind, text in expected for w in words(text)]
    g = [(w, kind) for kind, text in got for w in words(text)]
    matcher = SequenceMatcher(None, [w for w, _ in e], [w for w, _ in g], autojunk=False)
    matched = right = 0
    wrong = []
    for i, j, n in matcher.get_matching_blocks():
        for k in range(n):
            matched += 1
            if e[i + k][1] == g[j + k][1]:
                right += 1
            else:
                wrong.append((e[i + k][0], e[i + k][1], g[j + k][1]))
    return Score(len(e), matched, right, tuple(wrong), len(g) - matched)


def snippets(folder: Path = ANNOTATED) -> list[tuple[Path, Path]]:
    return [
        (story, story.with_suffix(".expected"))
        for story in sorted(folder.glob("*.txt"))
        if story.with_suffix(".expected").exists()
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ANNOTATED)
    parser.add_argument("--show", type=int, default=3, help="wrong words shown per snippet")
    args = parser.parse_args()
    total = matched = right = extra = 0
    cases = snippets(args.folder)
    for story, expected in cases:
        result = score(load_expected(expected), plan_rows(story))
        total, matched, right, extra = total + result.total, matched + result.matched, right + result.right, extra + result.extra
        flag = "" if result.right == result.total and not result.extra else "  <--"
        print(f"{story.stem:32} kind {result.accuracy:.3f}  coverage {result.coverage:.3f}  extra {result.extra}{flag}")
        for word, want, have in result.wrong[: args.show]:
            print(f"    {word!r}: expected {want}, got {have}")
    print(
        f"\n{len(cases)} snippets, {total} words: kind accuracy {right / (total or 1):.3f}  coverage {matched / (total or 1):.3f}  extra words {extra}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
