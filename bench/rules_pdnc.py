#!/usr/bin/env python3
"""Each attribution rule measured on PDNC novels, and where the anaphoric quotations the rules leave are lost.

Runs characters and attribution in-process on each novel (the script cached as bench/characters_pdnc.py does),
finds each annotated quotation among the script's words as ../shared/tools/score_pdnc.py does, and joins
the line's speaker and the rule that placed it (the rule FIC2AUDIO_SPEAKER_RULES would log) with the
annotated speaker. Prints right/placed per rule over all novels and over each half (novels taken alternately
in name order: A = 1st, 3rd, ...; B = 2nd, 4th, ...), then the unplaced anaphoric quotations in buckets: what
the annotated tag is (he/she, a description, other), what the rules read in the paragraph, how many
characters of that gender were about, whether the annotated speaker is a character found at all.

Usage: python bench/rules_pdnc.py [--data DIR] [--show BUCKET] [--compare OLD.json] [--save NEW.json] [NOVEL ...]
  --show BUCKET   print up to 15 examples of a bucket of unplaced anaphoric lines (a prefix of its name), or
                  of a rule's wrong lines with "wrong:RULE", or unplaced lines of a quotation type with
                  "unplaced:Explicit" (Anaphoric, Implicit)
  --save FILE     write each quotation's (novel, index) -> rule, placed speaker, right, for --compare
  --compare FILE  print the quotations placed now and not in FILE (or placed otherwise): the new lines per rule
Measurement only: no test depends on it.
"""

from __future__ import annotations

import argparse
import ast
import csv
import importlib.util
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from characters_pdnc import DATA, _names, _script, quotation_spans, speaker_ids

import fic2audio.speakers as speakers
from fic2audio.characters import NARRATOR, find_characters
from fic2audio.model import Kind

_SCORER = Path(__file__).resolve().parents[1] / ".." / "shared" / "tools" / "score_pdnc.py"
_spec = importlib.util.spec_from_file_location("score_pdnc", _SCORER)
score_pdnc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_pdnc)
words_of = score_pdnc.words_of

_PRONOUN = re.compile(r"\b(he|she|him|her|his)\b", re.IGNORECASE)


def _run(script):
    """Attribution with each chapter's paragraphs (as take_turns leaves them) kept: [(segments, paras)]."""
    captured = []
    original_chapter, original_turns = speakers._attribute_chapter, speakers.take_turns
    current = {}

    def chapter(segments, resolver):
        current["segments"] = segments
        return original_chapter(segments, resolver)

    def turns(paras, resolver):
        original_turns(paras, resolver)
        captured.append((current["segments"], paras))

    speakers._attribute_chapter, speakers.take_turns = chapter, turns
    try:
        found = find_characters(script)
        out, learned = speakers.attribute_speakers(script, found)
    finally:
        speakers._attribute_chapter, speakers.take_turns = original_chapter, original_turns
    return out, learned, captured


def _tag_kind(expression: str) -> str:
    e = (expression or "").strip()
    if re.match(r"^(?:he|she)\b", e, re.I) or re.search(r"\b(?:said|says|asked|cried|replied) (?:he|she)\b", e, re.I):
        return "pronoun"
    if re.search(r"\b(?:the|a|an)\s+\w+", e, re.I):
        return "description"
    if _PRONOUN.search(e):
        return "possessive"  # "his wife", "her father"
    return "other"


def novel(folder: Path, rows: list, buckets: Counter, examples: dict) -> None:
    chars = list(csv.DictReader(open(folder / "character_info.csv", encoding="utf-8")))
    quotes = list(csv.DictReader(open(folder / "quotation_info.csv", encoding="utf-8")))
    alias_of: dict[str, set[str]] = {}
    gender_of = {}
    for c in chars:
        for n in _names(c["Aliases"]) | {c["Main Name"]}:
            alias_of.setdefault(n.lower().strip(), set()).add(c["Character ID"])
        gender_of[c["Character ID"]] = {"M": "male", "F": "female"}.get(c["Gender"])
    said_i = Counter(
        q["speaker"] for q in quotes if re.match(r"^(I|said I|cried I|asked I|replied I)\b", q["referringExpression"] or "")
    )
    narrator = alias_of.get(said_i.most_common(1)[0][0].lower()) if said_i else None

    def ids(name: str) -> set[str]:
        if name.lower().strip() in ("narrator", "i") and narrator:
            return narrator
        return speaker_ids(name, alias_of)

    script = _script(folder)
    out, learned, captured = _run(script)
    gender = {c.name: c.gender for c in learned}
    found_ids: dict[str, str] = {}
    ids_of: dict[str, set[str]] = {}
    exact: set[str] = set()  # ids found under one of their own aliases, not as a part of one ("Mrs. Crawford")
    if narrator:
        ids_of[NARRATOR] = narrator  # the first-person narrator: the one the annotations' "said I" tags name
    for c in learned:
        got = ids_of[c.name] = ids(c.name)
        if len(got) == 1 and next(iter(got)) not in exact:
            found_ids[next(iter(got))] = c.name
            if c.name.lower().strip() in alias_of:
                exact.add(next(iter(got)))
    # the words of the attributed chapters, each with (chapter number, segment number)
    words: list[str] = []
    owners: list[tuple[int, int]] = []
    for ci, chapter in enumerate(out.chapters):
        for si, seg in enumerate(chapter.segments):
            ws = words_of(seg.text)
            words += ws
            owners += [(ci, si)] * len(ws)
    index: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(words) - 2):
        index.setdefault(tuple(words[i : i + 3]), []).append(i)
    para_of: dict[tuple[int, int], tuple] = {}
    for ci, (_segments, paras) in enumerate(captured, start=1):
        for p in paras:
            for si in p.indexes:
                para_of[(ci, si)] = p
    for qi, q in enumerate(quotes):
        kind = q["quoteType"]
        votes: Counter = Counter()
        for i, length in quotation_spans(ast.literal_eval(q["subQuotationList"]), index, words, words_of):
            votes.update(owners[i : i + length])
        if not votes:
            continue
        ci, si = votes.most_common(1)[0][0]
        seg = out.chapters[ci].segments[si]
        if seg.kind is not Kind.DIALOGUE:
            continue
        para = para_of.get((ci, si))
        context = ""
        if para is not None:
            segments = captured[ci - 1][0]
            context = " | ".join(f"{segments[i].kind.name[0]}:{segments[i].text}" for i in para.indexes)[:300]
        want = alias_of.get(q["speaker"].lower().strip(), set())
        if seg.speaker:
            rule = (para.rule if para and para.speaker else "tag-own-line") if para else "chat/first"
            got = ids(seg.speaker)
            rows.append(
                (
                    folder.name,
                    qi,
                    kind,
                    rule or "?",
                    seg.speaker,
                    len(got) == 1 and got <= want,
                    context,
                    para,
                    gender,
                    want,
                    ids_of,
                )
            )
            continue
        rows.append((folder.name, qi, kind, None, None, False, context, para, gender, want, ids_of))
        if kind != "Anaphoric" or para is None:
            continue
        tag = _tag_kind(q["referringExpression"])
        gold = next((found_ids[i] for i in want if i in found_ids), None)
        want_gender = next((gender_of[i] for i in want if gender_of.get(i)), None)
        if para.mixed:
            read = "mixed"
        elif para.stranger:
            read = "stranger"
        elif para.description:
            read = "described"
        elif para.gender_hint:
            read = "hint"
        else:
            read = "no-tag"
        if gold is None:
            where = "gold-not-found"
        else:
            about = [n for n in dict.fromkeys((*para.present, *para.mentioned)) if n != NARRATOR]
            same = [n for n in about if gender.get(n) == want_gender]
            where = ("gold-about" if gold in about else "gold-away") + f"-same{min(len(same), 3)}"
            if gender.get(gold) != want_gender:
                where = "gold-found-with-another-gender"
        bucket = f"{tag}/{read}/{where}"
        buckets[bucket] += 1
        examples.setdefault(bucket, []).append(
            f"{folder.name}#{qi} gold={q['speaker']} tag={q['referringExpression']!r} present={para.present} "
            f"mentioned={para.mentioned} subjects={para.subjects}\n      {context}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show", default="")
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("novels", nargs="*")
    args = parser.parse_args()
    folders = [args.data / n for n in args.novels] or sorted(
        p for p in args.data.iterdir() if (p / "quotation_info.csv").exists()
    )
    half = {f.name: "AB"[i % 2] for i, f in enumerate(sorted(p for p in args.data.iterdir() if p.is_dir()))}
    rows: list = []
    buckets: Counter = Counter()
    examples: dict = {}
    for folder in folders:
        novel(folder, rows, buckets, examples)
        print(f"... {folder.name}", file=sys.stderr)
    per_rule: dict[str, Counter] = defaultdict(Counter)
    types: dict[str, Counter] = defaultdict(Counter)
    for name, _qi, kind, rule, _who, right, *_ in rows:
        types[kind]["all"] += 1
        if rule:
            for key in ("all", half[name]):
                per_rule[rule][f"{key}-placed"] += 1
                per_rule[rule][f"{key}-right"] += right
            types[kind]["placed"] += 1
            types[kind]["right"] += right
    print(f"{'rule':42} {'right/placed':>14} {'half A':>12} {'half B':>12}")
    for rule, c in sorted(per_rule.items(), key=lambda kv: -kv[1]["all-placed"]):
        cells = [f"{c[k + '-right']}/{c[k + '-placed']}" for k in ("all", "A", "B")]
        print(f"{rule:42} {cells[0]:>10} {c['all-right'] / c['all-placed']:.2f} {cells[1]:>12} {cells[2]:>12}")
    for kind, c in sorted(types.items()):
        print(
            f"{kind:10} right {c['right']}/{c['all']} = {c['right'] / c['all']:.3f}  precision {c['right'] / max(c['placed'], 1):.3f}"
        )
    placed = sum(c["placed"] for c in types.values())
    right = sum(c["right"] for c in types.values())
    print(f"ALL (found in dialogue) precision {right / placed:.3f} placed {placed} right {right}")
    print("\nunplaced anaphoric quotations (tag kind / what the rules read / annotated speaker):")
    for bucket, n in buckets.most_common():
        print(f"  {n:5} {bucket}")
    if args.show.startswith("wrong:"):
        rule = args.show.removeprefix("wrong:")
        shown = [r for r in rows if r[3] == rule and not r[5]]
        random.Random(5).shuffle(shown)
        shown = shown[:25]
        for name, qi, kind, _rule, who, _, context, *_ in shown:
            q = list(csv.DictReader(open(args.data / name / "quotation_info.csv", encoding="utf-8")))[qi]
            print(
                f"  {name}#{qi} gave {who}, said by {q['speaker']} ({kind}, {q['referringExpression']!r}): {q['quoteText'][:80]!r}\n      {context}"
            )
    elif args.show.startswith("unplaced:"):
        kind_wanted = args.show.removeprefix("unplaced:")
        shown = [r for r in rows if r[2] == kind_wanted and not r[3]]
        print(f"\n{len(shown)} unplaced {kind_wanted} quotations found in dialogue; the first 40:")
        random.Random(7).shuffle(shown)  # a sample from every novel, the same each run
        for name, qi, _kind, _rule, _who, _, context, *_ in shown[:40]:
            q = list(csv.DictReader(open(args.data / name / "quotation_info.csv", encoding="utf-8")))[qi]
            print(
                f"  {name}#{qi} said by {q['speaker']} ({q['referringExpression']!r}): {q['quoteText'][:60]!r}\n      {context}"
            )
    elif args.show:
        for bucket, lines in examples.items():
            if bucket.startswith(args.show):
                print(f"\n{bucket}:")
                for line in lines[:15]:
                    print("  " + line)
    if args.save:
        args.save.write_text(json.dumps({f"{r[0]}#{r[1]}": [r[3], r[4], r[5]] for r in rows}))
    if args.compare:
        old = json.loads(args.compare.read_text())
        new: dict[str, Counter] = defaultdict(Counter)
        for name, qi, _kind, rule, who, right, context, *_ in rows:
            before = old.get(f"{name}#{qi}")
            if rule and (before is None or before[1] != who):
                for key in ("all", half[name]):
                    new[rule][f"{key}-placed"] += 1
                    new[rule][f"{key}-right"] += right
            if rule and args.show == f"new:{rule}" and not right and (before is None or before[1] != who):
                print(f"  new wrong {name}#{qi} gave {who} (before: {before and before[1]}): {context[:200]}")
            if before and before[1] and before[1] != who:
                new["(changed or lost)"]["all-placed"] += 1
                new["(changed or lost)"]["all-right"] += before[2]
        print("\nlines placed otherwise than in", args.compare)
        for rule, c in sorted(new.items(), key=lambda kv: -kv[1]["all-placed"]):
            cells = [f"{c[k + '-right']}/{c[k + '-placed']}" for k in ("all", "A", "B")]
            print(f"  {rule:40} {cells[0]:>10} {cells[1]:>12} {cells[2]:>12}")


if __name__ == "__main__":
    sys.exit(main())
