#!/usr/bin/env python3
"""How segmenting time grows with paragraph length: prints the time ratio for a 10x longer paragraph.

A hard-wrapped file with no blank lines can reach the segmenter as one paragraph of hundreds of
kilobytes, full of marks that never close (`'ave`, `*tired`). Linear work gives a ratio near 10;
a search forward from every unclosed mark gives near 100.

Usage: python bench/segment_scaling.py
"""

from __future__ import annotations

import time

from fic2audio import quotes
from fic2audio.quotes import split_spans

REPEATS = 3  # the best of three, so another process's burst does not count

CASES = {
    "unclosed single quotes": ("He said 'maybe and then he left the room and never came back. ", "single"),
    "unclosed asterisks": ("He was *tired and went to sleep in the big room. ", "double"),
    "unclosed slashes": ("He read /and then and/or the clause again. ", "double"),
    "British dialogue": ("'Hello,' she said. He'd 'ave a go at the twins' room, rock 'n' roll. ", "single"),
    "messy double marks": ('"Hello, she said. "Come in,"" he said. Hi there," and \u201dHi,\u201c left. ', "double"),
    "single quotes, double story": ("'It's Tom's,' she said, 'and mine. He said, 'home' was it. ", "double"),
}


def seconds(text: str, style: str) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        quotes._marks.cache_clear()  # time the indexing too, as a first reading would
        start = time.perf_counter()
        split_spans(text, style)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    for name, (unit, style) in CASES.items():
        small, large = unit * 300, unit * 3000
        ratio = seconds(large, style) / max(seconds(small, style), 1e-9)
        print(f"{name:24} {len(small):>7} -> {len(large):>8} chars: time x{ratio:5.1f} (10 is linear)")


if __name__ == "__main__":
    main()
