#!/usr/bin/env python3
"""How long speaker attribution takes beside segmentation, on the annotated passages repeated into a long story.

Usage: python bench/speakers_speed.py [REPEATS]   (default 60: about 90,000 words)
Prints seconds for each stage and attribution's time as a ratio of segmentation's.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

from fic2audio.characters import find_characters
from fic2audio.read import read_story
from fic2audio.segment import build_script
from fic2audio.speakers import attribute_speakers

PASSAGES = Path(__file__).resolve().parents[1] / "tests" / "speakers"


def main(repeats: int) -> None:
    bodies = [re.sub(r"\{[^}]*\}", "", p.read_text(encoding="utf-8")).split("\n\n", 1)[1] for p in sorted(PASSAGES.glob("*.txt"))]
    text = "Title: Bench\n\n" + "\n\n".join(bodies * repeats)
    with tempfile.TemporaryDirectory() as tmp:
        story = Path(tmp) / "bench.txt"
        story.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        script = build_script(read_story(story))
        segmented = time.perf_counter()
        characters = find_characters(script)
        attribute_speakers(script, characters)
        attributed = time.perf_counter()
    seg, att = segmented - start, attributed - segmented
    print(f"{len(text.split())} words: read+segment {seg:.2f} s, characters+attribution {att:.2f} s, ratio {att / seg:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
