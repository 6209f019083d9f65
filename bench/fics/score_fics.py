#!/usr/bin/env python3
"""Speaker attribution on the fan-fiction passages in bench/fics (dev/, heldout/ or heldout2/), annotated as
tests/speakers' are: each quotation followed by `{Speaker}`, a first-person narrator's lines by `{narrator}`.

Scored with tests/speakers/score_speakers.py's reading, but a name matches when either is a word of the other:
the passages were written by people who did not know which form of a name the tool would choose ("Ruth Calloway"
for the tool's "Calloway", or "Reyes" for its "Captain Elena Reyes").

dev/ (21-28, 41-48, 61-68, 71-78, 81-88) is for finding and fixing faults. heldout/ (31-38) was written apart from the rules and never read
line by line while they were written: measure on it (totals, per passage), never tune on its lines.
heldout2/ (51-58) was written 2026-12-03 apart from the rules: measure it only in total, at the end of a session;
never tune on it. heldout3/ (91-98) was written 2026-12-04, and is measured the same way.

Usage: python bench/fics/score_fics.py [dev|heldout|heldout2|heldout3|PASSAGE ...] [--show]
Measurement only: no test depends on it.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tests" / "speakers"))

import score_speakers  # noqa: E402


def same(expected: str, given: str | None) -> bool:
    if given is None:
        return False
    e, g = expected.casefold(), given.casefold()
    return e == g or e in g.split() or g in e.split()


def main(argv: list[str]) -> int:
    flags = [a for a in argv if a.startswith("--")]
    named = [a for a in argv if not a.startswith("--")] or ["dev"]
    paths = [str(p) for a in named for p in (sorted((HERE / a).glob("*.txt")) if (HERE / a).is_dir() else [Path(a)])]
    return score_speakers.main([*paths, *flags], same)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
