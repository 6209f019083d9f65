#!/usr/bin/env python3
"""Each PDNC quotation's attribution, kept to compare two versions of the rules line by line.

Usage:
  python bench/pdnc_lines.py save OUT.json [--cast] [NOVEL ...]   attribute every novel, keep each quotation's
                                                                  speaker, whether it is right, and the rule
  python bench/pdnc_lines.py diff BEFORE.json AFTER.json [--show N]
        the lines newly placed, unplaced and changed, right and wrong, overall and per rule and type

Scores as ../shared/tools/score_pdnc.py does (the same word matching and aliases, imported from it), on
scripts cached by bench/characters_pdnc.py, so a run takes characters and attribution only. Measurement
only: no test depends on it.
"""

from __future__ import annotations

import argparse
import ast
import csv
import importlib.util
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

from characters_pdnc import DATA, _script, quotation_spans

from fic2audio.casting import load_cast
from fic2audio.characters import find_characters
from fic2audio.speakers import attribute_speakers

_spec = importlib.util.spec_from_file_location("score_pdnc", DATA.parent.parent / "tools" / "score_pdnc.py")
score_pdnc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_pdnc)


def _cast(folder: Path, tmp: Path):
    chars = list(csv.DictReader(open(folder / "character_info.csv", encoding="utf-8")))
    path = tmp / "cast.toml"
    path.write_text(
        "".join(
            f"[characters.{json.dumps(c['Main Name'])}]\n"
            f'gender = "{ {"M": "male", "F": "female"}.get(c["Gender"], "unknown") }"\n'
            f"aliases = {json.dumps(sorted(score_pdnc.names(c['Aliases']) - {c['Main Name']}))}\n\n"
            for c in chars
        ),
        encoding="utf-8",
    )
    return load_cast(path).characters


def novel_lines(folder: Path, use_cast: bool) -> list[dict]:
    chars = list(csv.DictReader(open(folder / "character_info.csv", encoding="utf-8")))
    quotes = list(csv.DictReader(open(folder / "quotation_info.csv", encoding="utf-8")))
    alias_of: dict[str, set[str]] = {}
    for c in chars:
        for n in score_pdnc.names(c["Aliases"]) | {c["Main Name"]}:
            alias_of.setdefault(n.lower().strip(), set()).add(c["Character ID"])
    said_i: Counter[str] = Counter()
    for q in quotes:
        if score_pdnc.re.match(r"^(I|said I|cried I|asked I|replied I)\b", q["referringExpression"] or ""):
            said_i[q["speaker"]] += 1
    narrator = alias_of.get(max(said_i, key=said_i.get).lower()) if said_i else None
    with tempfile.TemporaryDirectory() as tmp:
        cast = _cast(folder, Path(tmp)) if use_cast else ()
        log = Path(tmp) / "rules.jsonl"
        os.environ["FIC2AUDIO_SPEAKER_RULES"] = str(log)
        script = _script(folder)
        placed, _ = attribute_speakers(script, find_characters(script, cast))
        del os.environ["FIC2AUDIO_SPEAKER_RULES"]
        rule_of: dict[str, str] = {}
        if log.exists():
            for row in map(json.loads, log.read_text(encoding="utf-8").splitlines()):
                rule_of.setdefault(" ".join(score_pdnc.words_of(row["text"]))[:80], row["rule"])
    words: list[str] = []
    owners: list[str | None] = []
    texts: list[str] = []
    for chapter in placed.chapters:
        for seg in chapter.segments:
            ws = score_pdnc.words_of(seg.text)
            words += ws
            dialogue = seg.kind.value == "dialogue"
            owners += [seg.speaker if dialogue else "<not dialogue>"] * len(ws)
            texts += [" ".join(ws)[:80]] * len(ws)
    index: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(words) - 2):
        index.setdefault(tuple(words[i : i + 3]), []).append(i)

    def named(name: str) -> set[str]:
        n = name.lower().strip()
        if n in ("narrator", "i") and narrator:
            return narrator
        if n in alias_of:
            return alias_of[n]
        hits: set[str] = set()
        for alias, ids in alias_of.items():
            if len(n) > 3 and (
                score_pdnc.re.search(rf"\b{score_pdnc.re.escape(n)}\b", alias)
                or score_pdnc.re.search(rf"\b{score_pdnc.re.escape(alias)}\b", n)
            ):
                hits |= ids
        return hits

    out = []
    for number, q in enumerate(quotes):
        kind = q["quoteType"] if q["quoteType"] in ("Explicit", "Anaphoric", "Implicit") else "Other"
        votes: Counter = Counter()
        rule = ""
        for i, length in quotation_spans(ast.literal_eval(q["subQuotationList"]), index, words, score_pdnc.words_of):
            votes.update(owners[i : i + length])
            rule = rule or rule_of.get(texts[i], "")
        found = bool(votes)  # False: the quotation's words are not in the plan as score_pdnc.py matches them
        owner = votes.most_common(1)[0][0] if votes else None
        if owner == "<not dialogue>":
            owner = None
        got = named(owner) if owner else set()
        want = alias_of.get(q["speaker"].lower().strip(), set())
        out.append(
            dict(
                novel=folder.name,
                n=number,
                kind=kind,
                found=found,
                owner=owner,
                right=bool(owner) and len(got) == 1 and got <= want,
                rule=rule if owner else "",
                speaker=q["speaker"],
                tag=q["referringExpression"],
                text=q["quoteText"][:70],
            )
        )
    return out


def save(args) -> None:
    folders = [DATA / n for n in args.novels] or sorted(p for p in DATA.iterdir() if (p / "quotation_info.csv").exists())
    lines = [line for folder in folders for line in novel_lines(folder, args.cast)]
    Path(args.out).write_text(json.dumps(lines), encoding="utf-8")
    total = Counter()
    for line in lines:
        total["all"] += 1
        total[line["kind"]] += 1
        total["placed"] += line["owner"] is not None
        total["right"] += line["right"]
        total[line["kind"] + " right"] += line["right"]
    print(
        f"precision {total['right'] / max(1, total['placed']):.3f} coverage {total['placed'] / total['all']:.3f}"
        f" right {total['right']}/{total['placed']} | "
        + " ".join(f"{k} {total[k + ' right']}/{total[k]}" for k in ("Explicit", "Anaphoric", "Implicit"))
    )


def diff(args) -> None:
    before = {(d["novel"], d["n"]): d for d in json.loads(Path(args.before).read_text())}
    after = {(d["novel"], d["n"]): d for d in json.loads(Path(args.after).read_text())}
    gained, changes = Counter(), Counter()
    shown = []
    for key, a in after.items():
        b = before[key]
        if b["right"] == a["right"] and (b["owner"] is None) == (a["owner"] is None):
            continue  # the same speaker under another name, or one wrong speaker for another
        if b["owner"] is None:
            what = "new"
        elif a["owner"] is None:
            what = "lost"
        else:
            what = "changed"
        changes[what, a["right"] if what != "lost" else b["right"]] += 1
        rule = a["rule"] or b["rule"]
        gained[rule, what, a["right"] if what != "lost" else b["right"]] += 1
        shown.append(
            f"{what:7} {'R' if a['right'] else 'w'}{'R' if b['right'] else 'w'} {a['novel'][:12]:12} {a['kind'][:4]} {rule:24} "
            f"{b['owner']!s:.18} -> {a['owner']!s:.18} (gold {a['speaker']}; {a['tag']}) {a['text']!r}"
        )
    newly_placed = changes["new", True] + changes["new", False]
    print(
        f"new placed {newly_placed}, right {changes['new', True]}"
        f" ({changes['new', True] / max(1, newly_placed):.3f}); lost {changes['lost', True]} right + {changes['lost', False]} wrong;"
        f" changed to right {changes['changed', True]}, to wrong {changes['changed', False]}"
    )
    for (rule, what, right), n in sorted(gained.items()):
        print(f"  {rule:28} {what:8} {'right' if right else 'wrong'} {n}")
    for line in shown[: args.show]:
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(required=True)
    s = sub.add_parser("save")
    s.add_argument("out")
    s.add_argument("--cast", action="store_true")
    s.add_argument("novels", nargs="*")
    s.set_defaults(run=save)
    d = sub.add_parser("diff")
    d.add_argument("before")
    d.add_argument("after")
    d.add_argument("--show", type=int, default=0)
    d.set_defaults(run=diff)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    sys.exit(main())
