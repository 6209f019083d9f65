#!/usr/bin/env python3
"""How planning grows with the story: `fic2audio plan --json` on a large HTML page against a text story.

Generates both in this run from bench/generate.py's synthetic story: the text as is (the baseline,
5 MB by default) and the same kind of story as one HTML page (30 MB by default: `<p>` paragraphs,
`<em>` thoughts, `<h2>` chapter headings). Each is planned by the real CLI in a child process; prints
wall seconds, peak RSS (the child's, from the kernel) and the ratios per megabyte, where 1.0 means the
HTML page costs per byte what the text does.

    python bench/plan_scaling.py                      # 30 MB HTML against 5 MB text
    python bench/plan_scaling.py --html-mb 3 --text-mb 1
"""

from __future__ import annotations

import argparse
import html
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import story  # noqa: E402

WORDS_PER_MB = 170_000  # generate.py's story runs about 5.9 bytes a word


def text_story(megabytes: float) -> str:
    return story(int(megabytes * WORDS_PER_MB))


def html_page(megabytes: float) -> str:
    """The synthetic story as one HTML page, markup around every paragraph as a saved web page has it."""
    paragraphs = []
    for block in text_story(megabytes).split("\n\n"):
        block = block.strip()
        if not block:
            continue
        if block.startswith("Chapter "):
            paragraphs.append(f"<h2>{html.escape(block)}</h2>")
            continue
        escaped = html.escape(block, quote=False)
        paragraphs.append("<p>" + re.sub(r"\*([^*]+)\*", r"<em>\1</em>", escaped).replace("\n", "<br/>\n") + "</p>")
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Benchmark Night</title></head>\n'
        '<body><div class="storytext">\n' + "\n".join(paragraphs) + "\n</div></body></html>\n"
    )


def plan(path: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of `fic2audio plan PATH --json`, run as a child process.
    (CPU seconds tell more than wall seconds on a machine other work shares.)"""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "fic2audio", "plan", str(path), "--json"], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"plan of {path} failed with exit status {os.waitstatus_to_exitcode(status)}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html-mb", type=float, default=30.0)
    parser.add_argument("--text-mb", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        text_path = Path(folder) / "long.txt"
        text_path.write_text(text_story(args.text_mb), encoding="utf-8")
        html_path = Path(folder) / "long.html"
        html_path.write_text(html_page(args.html_mb), encoding="utf-8")
        results = {}
        for label, path in (("text", text_path), ("html", html_path)):
            size = path.stat().st_size / 1e6
            seconds, cpu, rss = plan(path)
            results[label] = (size, seconds, rss)
            print(
                f"{label:5} {size:6.1f} MB  {seconds:7.1f} s  (CPU {cpu:6.1f} s)  peak RSS {rss:7.0f} MB  ({seconds / size:.2f} s/MB)",
                flush=True,
            )
    (text_size, text_seconds, text_rss), (html_size, html_seconds, html_rss) = results["text"], results["html"]
    print(
        f"html/text per MB: time x{(html_seconds / html_size) / (text_seconds / text_size):.2f}, "
        f"peak RSS x{html_rss / text_rss:.2f} for x{html_size / text_size:.1f} the bytes"
    )


if __name__ == "__main__":
    main()
