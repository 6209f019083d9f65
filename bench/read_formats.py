"""How long the structured readers take against the text reader on one long work.

Builds a 60-chapter, ~300,000-word AO3 download from the template-shaped fixture, the same work as text,
and prints seconds for each and their ratio. Run: .venv/bin/python bench/read_formats.py
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

from fic2audio.read import read_story

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "formats" / "ao3_lantern.html"
CHAPTERS = 60
PARAGRAPHS = 250  # per chapter, ~20 words each


def main() -> None:
    page = FIXTURE.read_text(encoding="utf-8")
    start, end = page.index('<div id="chapters"'), page.index('<div id="afterword">')
    paragraph = "<p>The stairs wound up through the dark, and Mara counted every one of them, <em>one more, one more,</em> she thought.</p>\n"
    chapters = "".join(
        f'<div class="meta group"><h2 class="heading">Chapter {n}</h2></div><div class="userstuff">{paragraph * PARAGRAPHS}<hr/></div>'
        for n in range(1, CHAPTERS + 1)
    )
    text = "Title: Long\nAuthor: someone\n\n" + "".join(
        f"Chapter {n}\n\n"
        + re.sub(r"<[^>]+>", "", paragraph.replace("<em>", "_").replace("</em>", "_")).replace("\n", "\n\n") * PARAGRAPHS
        for n in range(1, CHAPTERS + 1)
    )
    with tempfile.TemporaryDirectory() as folder:
        html_path = Path(folder) / "long.html"
        html_path.write_text(
            page[:start] + f'<div id="chapters" class="userstuff">{chapters}</div>' + page[end:], encoding="utf-8"
        )
        text_path = Path(folder) / "long.txt"
        text_path.write_text(text, encoding="utf-8")
        timings = {}
        for label, path in (("ao3 html", html_path), ("text", text_path)):
            began = time.perf_counter()
            story = read_story(path)
            timings[label] = time.perf_counter() - began
            words = sum(len(b.text.split()) for ch in story.chapters for b in ch.blocks)
            print(
                f"{label:9} {timings[label]:6.2f} s  {len(story.chapters)} chapters  {words} words  ({path.stat().st_size // 1024} KiB)"
            )
        print(f"ratio ao3 html / text: {timings['ao3 html'] / timings['text']:.2f}")


if __name__ == "__main__":
    main()
