#!/usr/bin/env python3
"""The characters found in PDNC novels beside the annotated ones: how many found names are a character's
(exactly one, through the corpus aliases, as score_pdnc.py counts a speaker right), how many speaking
characters are found, and how often the gender found is the annotated one.

Usage: python bench/characters_pdnc.py [--data DIR] [--show] [NOVEL ...]
  --show   list each novel's found characters that name no annotated one, ambiguous ones and misses
Reads ../shared/corpora/pdnc-dev beside the project by default. Measurement only: no test depends on it.
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import pickle
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from fic2audio.characters import find_characters
from fic2audio.read import read_story
from fic2audio.segment import build_script
from fic2audio.speakers import attribute_speakers

csv.field_size_limit(10**8)
DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "pdnc-dev"


def _names(cell: str) -> set[str]:
    cell = (cell or "").strip()
    if cell.startswith(("{", "[")):
        return set(ast.literal_eval(cell))
    return {cell} if cell else set()


def _script(folder: Path):
    """The novel's script, cached by the text's, the segmenter's and the model's checksum (segmenting is the slow part)."""
    import fic2audio.model as model
    import fic2audio.quotes as quotes
    import fic2audio.segment as segment

    # the model's too: a script pickled before Segment took slots reads back broken
    text = (folder / "novel_text.txt").read_bytes()
    code = b"".join(Path(module.__file__).read_bytes() for module in (segment, quotes, model))
    key = hashlib.sha256(text + code).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"pdnc-script-{folder.name}-{key}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    script = build_script(read_story(folder / "novel_text.txt"))
    cache.write_bytes(pickle.dumps(script))
    return script


def speaker_ids(name: str, alias_of: dict[str, set[str]]) -> set[str]:
    """The annotated characters a found name means, as score_pdnc.py reads a plan's speaker."""
    n = name.lower().strip()
    if n in alias_of:
        return alias_of[n]
    hits: set[str] = set()
    for alias, ids in alias_of.items():
        if len(n) > 3 and (re.search(rf"\b{re.escape(n)}\b", alias) or re.search(rf"\b{re.escape(alias)}\b", n)):
            hits |= ids
    return hits


def quotation_spans(
    sub_quotations: list[str], index: dict[tuple[str, ...], list[int]], words: list[str], words_of
) -> list[tuple[int, int]]:
    """Where each part of a PDNC quotation lies in a plan's words (start, length), matched as score_pdnc.py
    matches it: by its first three words, then word for word, the whole part or six words of it; parts
    under three words are never found."""
    spans = []
    for sub in sub_quotations:
        w = words_of(sub)
        if len(w) < 3:
            continue
        for i in index.get(tuple(w[:3]), []):
            k = 0
            while k < len(w) and i + k < len(words) and words[i + k] == w[k]:
                k += 1
            if k == len(w) or k >= 6:
                spans.append((i, len(w)))
                break
    return spans


def score(folder: Path, show: bool) -> Counter[str]:
    chars = list(csv.DictReader(open(folder / "character_info.csv", encoding="utf-8")))
    quotes = Counter(q["speaker"].lower().strip() for q in csv.DictReader(open(folder / "quotation_info.csv", encoding="utf-8")))
    alias_of: dict[str, set[str]] = {}
    gender_of, main_of = {}, {}
    for c in chars:
        for n in _names(c["Aliases"]) | {c["Main Name"]}:
            alias_of.setdefault(n.lower().strip(), set()).add(c["Character ID"])
        gender_of[c["Character ID"]] = {"M": "male", "F": "female"}.get(c["Gender"])
        main_of[c["Character ID"]] = c["Main Name"]
    spoken = Counter()
    for speaker, n in quotes.items():
        for cid in alias_of.get(speaker, ()):
            spoken[cid] += n
    script = _script(folder)
    start = time.perf_counter()
    found = find_characters(script)
    _, learned = attribute_speakers(script, found)
    seconds = time.perf_counter() - start
    out = Counter(seconds=seconds)
    owned: dict[str, list[str]] = {}
    lines = []

    for character in learned:
        ids = speaker_ids(character.name, alias_of)
        out["found"] += 1
        if len(ids) == 1:
            cid = next(iter(ids))
            out["right"] += 1
            owned.setdefault(cid, []).append(character.name)
            want = gender_of[cid]
            if want and character.name.lower() in alias_of:  # a near match ("Mrs. Fairlie") tells no gender
                out["gender_known"] += 1
                out["gender_given"] += character.gender is not None
                out["gender_right"] += character.gender == want
                if character.gender != want:
                    lines.append(
                        f"  {'wrong' if character.gender else 'no'} gender: {character.name} {character.gender} ({spoken[cid]} quotes)"
                    )
        elif ids:
            out["ambiguous"] += 1
            lines.append(f"  ambiguous: {character.name} -> {sorted(main_of[i] for i in ids)}")
        else:
            alias_ids = {i for a in character.aliases for i in alias_of.get(a.lower(), ())}
            out["unmatched"] += 1
            lines.append(
                f"  unmatched: {character.name}"
                + (f" (aliases name {sorted(main_of[i] for i in alias_ids)})" if alias_ids else "")
                + f" | {', '.join(character.aliases[:4])}"
            )
    for cid, names in owned.items():
        if len(names) > 1:
            out["split"] += 1
            lines.append(f"  split: {main_of[cid]} ({spoken[cid]} quotes) -> {names}")
    out["speakers"] = sum(1 for cid in spoken if cid in main_of)
    out["speakers_found"] = sum(1 for cid in spoken if cid in owned)
    out["quotes"] = sum(spoken.values())
    out["quotes_found"] = sum(n for cid, n in spoken.items() if cid in owned)
    missed = sorted(((n, main_of[cid]) for cid, n in spoken.items() if cid not in owned), reverse=True)
    lines.append("  missed (quotes): " + ", ".join(f"{name} ({n})" for n, name in missed[:12]))
    print(f"{folder.name}: " + _line(out))
    if show:
        print("\n".join(lines))
    return out


def _line(c: Counter[str]) -> str:
    def r(a: str, b: str) -> str:
        return f"{c[a] / c[b]:.3f}" if c[b] else "-"

    return (
        f"found {c['found']} right {r('right', 'found')} unmatched {c['unmatched']} ambiguous {c['ambiguous']} split {c['split']}"
        f" | speakers found {r('speakers_found', 'speakers')} (by quotes {r('quotes_found', 'quotes')})"
        f" | gender right {r('gender_right', 'gender_known')} given {r('gender_given', 'gender_known')}"
        f" wrong {c['gender_given'] - c['gender_right']} of {c['gender_known']} | {c['seconds']:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show", action="store_true")
    parser.add_argument("novels", nargs="*")
    args = parser.parse_args()
    folders = [args.data / n for n in args.novels] or sorted(
        p for p in args.data.iterdir() if (p / "character_info.csv").exists()
    )
    total: Counter[str] = Counter()
    for folder in folders:
        total.update(score(folder, args.show))
    print("ALL: " + _line(total))


if __name__ == "__main__":
    sys.exit(main())
