#!/usr/bin/env python3
"""split_sentences with the project's Punkt against plain NLTK Punkt: the same sentences, and how much faster.

sentences.py answers Punkt's easy decisions itself and remembers the rest; this checks, paragraph by
paragraph, that nothing it returns differs from plain `PunktSentenceTokenizer` with the same
parameters, over every story the project holds: stories/, bench/stories, the test fixtures (each read
by its own reader), the synthetic bench story, and the PDNC novels when ../shared has them.
Exits 1 on the first difference. (tests/test_sentences.py checks a sample of the same.)

    python bench/sentences_same.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from nltk.tokenize.punkt import PunktSentenceTokenizer

from fic2audio import sentences
from fic2audio.errors import Fic2AudioError
from fic2audio.read import read_story

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import story  # noqa: E402

PDNC = ROOT.parent / "shared" / "corpora" / "pdnc-dev"


def paragraphs() -> dict[str, list[str]]:
    """Each source's paragraphs, as the segmenter could be given them."""
    found: dict[str, list[str]] = {"synthetic": [p for p in story(200_000).split("\n\n") if p.strip()]}
    for novel in sorted(PDNC.glob("*/novel_text.txt")):
        found[f"pdnc/{novel.parent.name}"] = [p for p in novel.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    files = [*ROOT.glob("stories/*"), *ROOT.glob("bench/stories/*"), *ROOT.glob("tests/*/*"), *ROOT.glob("tests/fixtures/*/*")]
    for path in sorted(files):
        if path.suffix == ".expected" or path.suffix == ".py":
            continue
        try:
            read = read_story(path)
        except Fic2AudioError:
            continue  # fixtures of unreadable input
        texts = [value for _, value in read.metadata.fields] + list(read.metadata.preface)
        texts += [block.text for chapter in read.chapters for block in chapter.blocks if block.text]
        found[str(path.relative_to(ROOT))] = texts
    return found


def main() -> None:
    sources = paragraphs()
    fast = sentences._tokenizer()
    plain = PunktSentenceTokenizer(sentences.punkt_parameters())
    totals = {"plain": 0.0, "project": 0.0}
    count = 0
    for name, texts in sources.items():
        results = {}
        for label, tokenizer in (("plain", plain), ("project", fast)):
            sentences._tokenizer = lambda tokenizer=tokenizer: tokenizer  # type: ignore[assignment]
            started = time.process_time()
            results[label] = [sentences.split_sentences(text) for text in texts]
            totals[label] += time.process_time() - started
        for text, want, got in zip(texts, results["plain"], results["project"], strict=True):
            if want != got:
                print(f"{name}: differs on {text[:200]!r}\n  plain Punkt: {want}\n  project:     {got}")
                raise SystemExit(1)
        count += len(texts)
    size = sum(len(text) for texts in sources.values() for text in texts) / 1e6
    print(
        f"{count} paragraphs ({size:.1f} MB) from {len(sources)} sources: the same sentences; "
        f"CPU {totals['plain']:.1f} s with plain Punkt, {totals['project']:.1f} s with the project's "
        f"(x{totals['plain'] / totals['project']:.1f})"
    )


if __name__ == "__main__":
    main()
