#!/usr/bin/env python3
"""Score fic2audio's speaker attribution on the annotated passages in this folder.

Each quotation or chat line in a passage is followed by `{Speaker}`. Prints, per passage and in all:
  precision = lines given the right speaker / lines given any speaker
  coverage  = lines given any speaker / all lines
Usage: score_speakers.py [PASSAGE ...] [--show]   (--show lists every line with expected and given speaker)
"""

from __future__ import annotations

import html
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
_MARK = re.compile(r"\{([^{}]+)\}")
_WORDS = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
_CHAT = re.compile(r"^[\w.'-]+(?: \w+)?: ")
_OPENERS = {'"': '"“', "”": '“"', "'": "'‘", "’": "‘'"}


@dataclass(frozen=True)
class Line:
    text: str
    expected: str
    given: str | None


def words(text: str) -> list[str]:
    return _WORDS.findall(text.replace("’", "'").replace("‘", "'").lower())


def annotated_units(annotated: str) -> list[tuple[str, str]]:
    """(spoken text, speaker) for each marker: the quotation just before it, or the chat line it ends."""
    units = []
    after_last = 0  # where the text after the previous marker starts, markers removed
    for match in _MARK.finditer(annotated):
        before = _MARK.sub("", annotated[: match.start()])
        closer = before[-1]
        line = before.rsplit("\n", 1)[-1]
        if _CHAT.match(line):
            units.append((line.split(":", 1)[1], match.group(1)))
        elif closer in _OPENERS or closer == "?":
            body = before[:-1]
            paragraph = body.rsplit("\n\n", 1)[-1]  # (empty where the mark is a run-on speech's opening mark)
            here = max(len(body) - len(paragraph), after_last)
            starts = [i for i, c in enumerate(body) if c in _OPENERS.get(closer, "?") and (i == 0 or body[i - 1].isspace())]
            curly = [i for i in range(here, len(body)) if body[i] == "\u201c"] if closer == "\u201d" else []
            if curly:
                start = curly[-1]  # a curly pair, though a plain double mark is quoted inside it
            elif closer in "'’" and any(i >= here for i in starts):
                # the first single mark opening a word since the last marker: a later one is a dropped letter
                # ("Can't leave 'er.'")
                start = next(i for i in starts if i >= here)
            elif closer == "?" or paragraph.strip() and not any(i >= len(body) - len(paragraph) for i in starts):
                # a mark lost to "?" at both ends ("?Cat?? he asked"), or an opening mark lost ('Okay," he said'):
                # the quotation opens at the paragraph's "?", or at its start
                opener = [i for i in starts if i >= len(body) - len(paragraph)] if closer == "?" else []
                start = opener[-1] if opener else len(body) - len(paragraph) - 1
            else:
                start = max(i for i, c in enumerate(body) if c in _OPENERS[closer] and (i == 0 or not body[i - 1].isalnum()))
            units.append((body[start + 1 :], match.group(1)))
        else:
            raise SystemExit(f"a mark follows neither a quotation nor a chat line: {before[-60:]!r}")
        after_last = len(before)
    return units


def _as_marked(annotated: str) -> str:
    """The passage with its quotation marks written plainly, as the tool reads them: HTML's `&quot;`, and an old
    archive's ``double backticks'' (only where the passage uses them: `''Tis` is an elision)."""
    text = html.unescape(annotated)
    return text.replace("``", "\u201c").replace("''", "\u201d") if "``" in text else text


def score_passage(path: Path) -> list[Line]:
    from fic2audio.model import Kind
    from fic2audio.pipeline import plan_story

    annotated = path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / path.name
        plain.write_text(_MARK.sub("", annotated), encoding="utf-8")
        script = plan_story(plain)
    spoken = [(w, s.speaker) for ch in script.chapters[1:] for s in ch.segments if s.kind is Kind.DIALOGUE for w in words(s.text)]
    lines, position = [], 0
    for text, expected in annotated_units(_as_marked(annotated)):
        n = len(words(text))
        chunk = spoken[position : position + n]
        if [w for w, _ in chunk] != words(text):
            raise SystemExit(f"{path.name}: dialogue out of step with the annotation at {text[:60]!r}")
        given = {s for _, s in chunk}
        lines.append(Line(text.strip(), expected, given.pop() if len(given) == 1 else None))
        position += n
    return lines


def same_speaker(expected: str, given: str | None) -> bool:
    """The annotation names a character as the text does: "Greta" is the character "Greta Lund"."""
    if given is None:
        return False
    return expected.casefold() == given.casefold() or expected.casefold() in given.casefold().split()


def main(argv: list[str], same: Callable[[str, str | None], bool] = same_speaker) -> int:
    """Score the passages named in `argv` (all of this folder's by default); `same` says whether a given speaker is
    the annotated one."""
    show = "--show" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")] or sorted(HERE.glob("*.txt"))
    total = given = right = 0
    for path in paths:
        lines = score_passage(path)
        g = sum(1 for line in lines if line.given)
        r = sum(1 for line in lines if same(line.expected, line.given))
        total, given, right = total + len(lines), given + g, right + r
        print(f"{path.name:28} lines {len(lines):3}  precision {r / max(g, 1):.3f}  coverage {g / max(len(lines), 1):.3f}")
        if show:
            for line in lines:
                mark = " " if line.given is None else ("+" if same(line.expected, line.given) else "X")
                print(f"   {mark} {line.expected:12} {line.given or '-':12} {line.text[:60]}")
    print(f"{'all':28} lines {total:3}  precision {right / max(given, 1):.3f}  coverage {given / max(total, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
