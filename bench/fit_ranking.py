#!/usr/bin/env python3
"""Fit ranking.py's weights on PDNC novels: the lines the rules leave, each with the people who could have said it.

Runs the rules on each novel in-process (as bench/rules_pdnc.py does) with ranking.ranked_rounds replaced by a
recorder, so that each line it would score is kept with its candidates and their features; the annotated speaker
says which candidate is right (or none of them). Fits a conditional logit (softmax over the candidates and "none")
by gradient ascent with an L2 penalty, twice on one half of the novels and tested on the other (halves as in
rules_pdnc.py: novels alternately in name order), then once on all. Prints, per threshold, how many lines the
held-out halves would place and how many right, and the weights to put in ranking.py.

Usage: python bench/fit_ranking.py [--data DIR] [--l2 L] [NOVEL ...]
Measurement only: no test depends on it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import rules_pdnc
from characters_pdnc import DATA

import fic2audio.ranking as ranking
import fic2audio.turns as turns
from fic2audio.characters import NARRATOR

_recorded: dict[int, tuple[list[tuple[str, tuple[float, ...]]], tuple[float, ...]]] = {}


def _record(runs, resolver) -> None:
    """Stands in for ranking.ranked_rounds: keeps each line the first round would score (the fit is on those)."""
    ranking.learn_idiolects(runs, resolver)
    for run in runs:
        _record_run(run, resolver)


def _record_run(run, resolver) -> None:
    for i, para in enumerate(run):
        if ranking.scored(run, i):
            candidates = ranking.line_candidates(run, i, resolver)
            if candidates:
                _recorded[id(para)] = (candidates, ranking.line_features(run, i, candidates))
            _pools[id(para)] = _pool_reasons(run, i, resolver)


_pools: dict[int, dict[str, str]] = {}
missing: Counter = Counter()  # why the annotated speaker of a scored line is no candidate


def _pool_reasons(run, i, resolver) -> dict[str, str]:
    """Each person named in the scene, with why line_candidates would leave them out ("" when kept)."""
    para = run[i]
    voices = [p.speaker for p in run[max(0, i - ranking.REACH) : i + ranking.REACH + 1] if p.speaker]
    pool = set(voices) | set(para.present) | set(para.mentioned) | ranking._scene_voices(para)
    reasons = {}
    for name in dict.fromkeys([*voices, *para.present, *para.mentioned, *para.in_scene]):
        if name not in pool:
            reasons[name] = "only earlier in the scene"
        elif ranking._could_say(name, para, resolver):
            reasons[name] = ""
        elif name in para.vocatives:
            reasons[name] = "called in the line"
        elif para.gender_hint and resolver.gender(name) != para.gender_hint:
            reasons[name] = f"gender {resolver.gender(name)} for a {para.gender_hint} hint"
        elif not resolver.is_person(name) and name not in para.present:
            reasons[name] = "no person"
        else:
            reasons[name] = "another acts or is named in its narration"
    return reasons


def lines_of(folder: Path) -> list[tuple[list[tuple[str, tuple[float, ...]]], int | None]]:
    """(candidates, index of the right one or None) for each annotated line the ranker would score."""
    _recorded.clear()
    rows: list = []
    rules_pdnc.novel(folder, rows, Counter(), {})
    out = []
    seen = set()
    for _name, _qi, _kind, rule, _who, _right, _context, para, _gender, want, ids_of in rows:
        if rule or para is None or id(para) not in _recorded or id(para) in seen:
            continue
        seen.add(id(para))  # a paragraph of several quotations is one line to the ranker
        candidates, line = _recorded[id(para)]
        right = None
        for k, (name, _) in enumerate(candidates):
            got = ids_of.get(name, set())
            if len(got) == 1 and got <= want:
                right = k
        if right is None:
            gold = [n for n, ids in ids_of.items() if n != NARRATOR and len(ids) == 1 and ids <= want]
            reasons = _pools.get(id(para), {})
            why = next((reasons[n] or "kept?" for n in gold if n in reasons), None)
            missing[why or ("not in the scene" if gold else "no character found")] += 1
        out.append((candidates, line, right))
    return out


def _arrays(lines):
    """The lines as padded arrays: features [line, candidate, feature], a mask of real candidates, the line
    features with a leading 1 for the bias of "none", and the index of the right candidate (the padded width for
    "none of them")."""
    width = max(len(c) for c, _, _ in lines)
    x = np.zeros((len(lines), width, len(ranking.FEATURES)))
    mask = np.zeros((len(lines), width), dtype=bool)
    line_x = np.ones((len(lines), 1 + len(ranking.LINE_FEATURES)))
    right = np.full(len(lines), width)
    for n, (candidates, line, r) in enumerate(lines):
        x[n, : len(candidates)] = [f for _, f in candidates]
        mask[n, : len(candidates)] = True
        line_x[n, 1:] = line
        if r is not None:
            right[n] = r
    return x, mask, line_x, right


def fit(lines, l2: float, steps: int = 1500, rate: float = 1.0) -> dict[str, float]:
    """Gradient ascent on the mean log-likelihood of the right choice (a candidate or none), less an L2 penalty."""
    w, v = fit_arrays(*_arrays(lines), l2, steps, rate)
    names = (*ranking.FEATURES, ranking.NONE_BIAS, *ranking.LINE_FEATURES)
    return dict(zip(names, map(float, (*w, *v)), strict=True))


def fit_arrays(x, mask, line_x, right, l2: float, steps: int = 1500, rate: float = 1.0, start=None):
    """fit's gradient ascent on _arrays' arrays, with any number of candidate feature columns (bench/
    fit_ranking_nonlinear.py adds crosses), from zero or from `start`: (candidate weights, "none" weights)."""
    n, width, features = x.shape
    w = np.zeros(features) if start is None else start[0].copy()
    v = np.zeros(line_x.shape[1]) if start is None else start[1].copy()  # "none": its bias, then LINE_FEATURES
    target = np.zeros((n, width + 1))
    target[np.arange(n), right] = 1.0
    for _ in range(steps):
        scores = np.concatenate([np.where(mask, x @ w, -np.inf), (line_x @ v)[:, None]], axis=1)
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=1, keepdims=True)
        error = target - p  # d log-likelihood / d score
        w += rate * (np.einsum("nc,ncf->f", error[:, :width], x) / n - l2 * w)
        v += rate * (error[:, width] @ line_x / n - l2 * v)
    return w, v


def placed_at(lines, weights, thresholds):
    """For each threshold: (placed, right)."""
    result = {t: [0, 0] for t in thresholds}
    for candidates, line, right in lines:
        chances = ranking.probabilities(candidates, line, weights)
        best = max(chances, key=chances.__getitem__)
        k = next(k for k, (name, _) in enumerate(candidates) if name == best)
        for t in thresholds:
            if chances[best] >= t:
                result[t][0] += 1
                result[t][1] += k == right
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--l2", type=float, default=0.0002)
    parser.add_argument("--drop", default="", help="features to leave out, comma-separated (to measure what each adds)")
    parser.add_argument("novels", nargs="*")
    args = parser.parse_args()
    turns.ranked_rounds = _record
    folders = [args.data / n for n in args.novels] or sorted(
        p for p in args.data.iterdir() if (p / "quotation_info.csv").exists()
    )
    halves: dict[str, list] = {"A": [], "B": []}
    for index, folder in enumerate(folders):
        halves["AB"[index % 2]] += lines_of(folder)
        print(f"... {folder.name}", file=sys.stderr)
    if args.drop:
        for half in halves.values():
            half[:] = _dropped(half, set(args.drop.split(",")))
    everything = halves["A"] + halves["B"]
    reachable = sum(r is not None for *_, r in everything)
    print(f"lines scored {len(everything)}, right one among the candidates {reachable}")
    for why, n in missing.most_common():
        print(f"  right one no candidate: {n:5} {why}")
    shown = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]
    # every hundredth from 0.5 for the held-out totals: two candidate pools are compared at the same precision
    thresholds = [round(0.5 + k / 100, 2) for k in range(46)]
    totals = {t: [0, 0] for t in thresholds}
    groups: dict[str, list[int]] = {}
    for train, test in (("A", "B"), ("B", "A")):
        weights = fit(halves[train], args.l2)
        print("wrong at 0.8: (gold not a candidate, another candidate)", _why_wrong(halves[test], weights, 0.8))
        _by_group(halves[test], weights, 0.8, groups)
        for t, (placed, right) in placed_at(halves[test], weights, thresholds).items():
            totals[t][0] += placed
            totals[t][1] += right
            if t not in shown:
                continue
            print(
                f"fit on {train}, test on {test}: threshold {t:.2f} placed {placed:5} right {right:5} = {right / max(placed, 1):.3f}"
            )
    for key, (placed, right) in sorted(groups.items()):
        print(f"held out at 0.8, lines {key}: placed {placed:5} right {right:5} = {right / max(placed, 1):.3f}")
    for t, (placed, right) in totals.items():
        if t in shown:
            print(f"held out, both halves: threshold {t:.2f} placed {placed:5} right {right:5} = {right / max(placed, 1):.3f}")
    for precision in (0.86, 0.87, 0.88, 0.89, 0.9):
        placed, right, t = max(((p, r, t) for t, (p, r) in totals.items() if r >= precision * p), default=(0, 0, 0.0))
        print(
            f"held out, both halves: most placed at precision >= {precision:.2f}: {placed:5} right {right:5} (threshold {t:.2f})"
        )
    weights = fit(everything, args.l2)
    print("RANKING_WEIGHTS = {")
    for name, value in weights.items():
        print(f'    "{name}": {value:.3f},')
    print("}")


def _dropped(lines, drop: set[str]):
    """The lines with the features named in `drop` set to 0 (a weight fitted on a column of zeros stays 0)."""
    keep = [f not in drop for f in ranking.FEATURES]
    keep_line = [f not in drop for f in ranking.LINE_FEATURES]
    return [
        (
            [(name, tuple(v if k else 0.0 for v, k in zip(f, keep, strict=True))) for name, f in candidates],
            tuple(v if k else 0.0 for v, k in zip(line, keep_line, strict=True)),
            right,
        )
        for candidates, line, right in lines
    ]


def _by_group(lines, weights, threshold, groups) -> None:
    """Placed and right at `threshold`, by the line's circumstances (LINE_FEATURES hint, stranger-near, no-voice)."""
    names = ranking.LINE_FEATURES
    for candidates, line, right in lines:
        chances = ranking.probabilities(candidates, line, weights)
        best = max(chances, key=chances.__getitem__)
        if chances[best] < threshold:
            continue
        k = next(k for k, (name, _) in enumerate(candidates) if name == best)
        key = " ".join(n.removeprefix("none:") for n, v in zip(names, line, strict=True) if v and n in _GROUPS) or "-"
        cell = groups.setdefault(key, [0, 0])
        cell[0] += 1
        cell[1] += k == right


_GROUPS = ("none:hint", "none:stranger-near", "none:no-voice")


def _why_wrong(lines, weights, threshold):
    absent = other = 0
    for candidates, line, right in lines:
        chances = ranking.probabilities(candidates, line, weights)
        best = max(chances, key=chances.__getitem__)
        k = next(k for k, (name, _) in enumerate(candidates) if name == best)
        if chances[best] >= threshold and k != right:
            if right is None:
                absent += 1
            else:
                other += 1
    return absent, other


if __name__ == "__main__":
    sys.exit(main())
