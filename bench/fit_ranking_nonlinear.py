#!/usr/bin/env python3
"""Whether a nonlinear scorer over ranking.py's features and candidates would place more lines at the same held-out
precision than its conditional logit: the same lines as bench/fit_ranking.py (the ranker's first round on the PDNC
dev novels), the same halves (A, B: novels alternately in name order), fitted on one half and tested on the other
both ways, and the same figures ("most placed at precision >= X" over thresholds 0.50 ... 0.95 by hundredths).

Models:
- linear: fit_ranking.fit, as ranking.py's weights are fitted;
- net: the linear score of each candidate plus a one-hidden-layer tanh net of its features and the line's (shared
  across candidates), "none" linear in LINE_FEATURES, softmax over both; Adam on the mean log-likelihood less an L2
  penalty, started at the linear fit, the number of steps chosen on novels of the training half left out, then refit
  on the whole training half; several seeds, their probabilities averaged;
- crosses: the linear model plus products of two features (a candidate's and another of its own or one of the
  line's), chosen greedily on the training half only (each the product of largest score statistic given those
  before it, refitting between), so the other half stays held out; the first K of them for several K (K itself is
  not chosen inside the training half: the table shows each).

Measured (main 523d59f: 6,374 lines, the right one a candidate in 5,229): the most lines placed held out, both
halves together, at precision >= 0.86 / 0.88 / 0.90, then the precision of the surest 1,200 / 1,600 / 1,800 lines
(smoother: a step of the thresholds may move the first three by a hundred lines; converging the linear fit alone
moves 0.88 from 1,596 to 1,547):
    linear (ranking.py)          1795 / 1596 / 1212   0.904 / 0.880 / 0.862
    net h=8, L2 0.003            1831 / 1491 / 1271
    net h=16, L2 0.001           1777 / 1564 / 1205
    net h=16, L2 0.003           1801 / 1551 / 1251   0.909 / 0.879 / 0.862
    net h=32, L2 0.003           1791 / 1600 / 1251
    net h=16 from 0 (--cold)     1891 / 1624 / 1185   0.902 / 0.882 / 0.868
    linear + 6 crosses           1849 / 1578 / 1331   0.910 / 0.882 / 0.866
    linear + 10 crosses          1807 / 1586 / 1366   0.907 / 0.886 / 0.868
    linear + 15 crosses          1816 / 1617 / 1304   0.914 / 0.883 / 0.868
The nets are likelier held out (log-likelihood per line -1.029 -> -0.995 fitted on A, -0.906 -> -0.889 on B) but
no surer where it counts: their gain is in lines far below any threshold. The crosses each half chose share one
(named-before*focus) of fifteen, and the score statistics of those after the first few (8-12) are what the largest
of 1,363 products of noise would give; their one gain, at 0.90, is about as large as a change of L2 makes. Scoring
a candidate with a 16-unit hidden layer in pure Python costs about 11 times the linear score (98,000 candidates
scored in the 200k-word plan: some 60% more plan time), so there is no headroom worth that in these features.

Usage: python bench/fit_ranking_nonlinear.py [--data DIR] [--cache FILE] [--only linear,net,crosses] [--seeds N]
    [--hidden H ...] [--l2 L ...] [--steps N] [--rate R] [--cold] [--crosses K ...]
Measurement only: no test depends on it.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import fit_ranking
import numpy as np
from characters_pdnc import DATA

import fic2audio.ranking as ranking
import fic2audio.turns as turns

THRESHOLDS = [round(0.5 + k / 100, 2) for k in range(46)]
PRECISIONS = (0.86, 0.88, 0.90)
L2 = 0.0002


def load(data: Path, cache: Path | None) -> dict[str, list[tuple[str, list]]]:
    """{"A": [(novel, lines)], "B": ...}: fit_ranking.lines_of for each novel, read from `cache` when it is there."""
    if cache is not None and cache.exists():
        return pickle.loads(cache.read_bytes())
    turns.ranked_rounds = fit_ranking._record
    folders = sorted(p for p in data.iterdir() if (p / "quotation_info.csv").exists())
    halves: dict[str, list] = {"A": [], "B": []}
    for index, folder in enumerate(folders):
        halves["AB"[index % 2]].append((folder.name, fit_ranking.lines_of(folder)))
        print(f"... {folder.name}", file=sys.stderr)
    if cache is not None:
        cache.write_bytes(pickle.dumps(halves))
    return halves


def lines(novels) -> list:
    return [line for _, ls in novels for line in ls]


# ---------------------------------------------------------------- arrays, crosses


def arrays(ls, crosses=()):
    """fit_ranking._arrays, with a column per cross appended to the candidates' features: (i, j) is FEATURES[i] *
    FEATURES[j] for j < len(FEATURES), else FEATURES[i] * LINE_FEATURES[j - len(FEATURES)]."""
    x, mask, line_x, right = fit_ranking._arrays(ls)
    if crosses:
        x = np.concatenate([x, cross_columns(x, line_x, crosses)], axis=2)
    return x, mask, line_x, right


def cross_columns(x, line_x, crosses):
    f = len(ranking.FEATURES)
    both = np.concatenate([x[:, :, :f], np.broadcast_to(line_x[:, None, 1:], (*x.shape[:2], line_x.shape[1] - 1))], axis=2)
    return np.stack([x[:, :, i] * both[:, :, j] for i, j in crosses], axis=2)


def cross_name(cross) -> str:
    i, j = cross
    names = (*ranking.FEATURES, *ranking.LINE_FEATURES)
    return f"{names[i]}*{names[j]}"


def all_crosses():
    f, g = len(ranking.FEATURES), len(ranking.LINE_FEATURES)
    return [(i, j) for i in range(f) for j in range(i + 1, f + g)]


# ---------------------------------------------------------------- linear


def fit_linear(x, mask, line_x, right, l2=L2, steps=1500, rate=1.0, start=None):
    """fit_ranking.fit on arrays (any number of candidate columns): gradient ascent from 0 (or `start`)."""
    return fit_ranking.fit_arrays(x, mask, line_x, right, l2, steps, rate, start)


def softmax(candidate_scores, none_scores):
    scores = np.concatenate([candidate_scores, none_scores[:, None]], axis=1)
    scores = scores - scores.max(axis=1, keepdims=True)
    p = np.exp(scores)
    return p / p.sum(axis=1, keepdims=True)


def linear_p(model, x, mask, line_x):
    w, v = model
    return softmax(np.where(mask, x @ w, -np.inf), line_x @ v)


def log_likelihood(p, right):
    return float(np.mean(np.log(p[np.arange(len(right)), right] + 1e-12)))


# ---------------------------------------------------------------- net


def net_inputs(x, line_x):
    """Each candidate's features with the line's beside them (the net may read "a he/she line, and nearest")."""
    return np.concatenate([x, np.broadcast_to(line_x[:, None, 1:], (*x.shape[:2], line_x.shape[1] - 1))], axis=2)


def net_p(params, x, mask, line_x):
    w, v, hidden_w, hidden_b, out = params
    z = net_inputs(x, line_x)
    h = np.tanh(z @ hidden_w.T + hidden_b)
    return softmax(np.where(mask, x @ w + h @ out, -np.inf), line_x @ v)


def train_net(train, hidden, seed, l2, steps, rate=0.01, linear_start=None, val=None, every=25):
    """Adam on the training arrays from the linear fit (hidden weights small and random, output weights 0); with
    `val`, also the validation log-likelihood every `every` steps."""
    x, mask, line_x, right = train
    n, width, nf = x.shape
    keep = mask.reshape(-1)
    rows = x.reshape(-1, nf)[keep]  # the real candidates only, one row each
    z = net_inputs(x, line_x).reshape(n * width, -1)[keep]
    rng = np.random.default_rng(seed)
    w, v = linear_start if linear_start is not None else (np.zeros(nf), np.zeros(line_x.shape[1]))
    params = [w.copy(), v.copy(), rng.normal(0, 0.3, (hidden, z.shape[1])), rng.normal(0, 0.3, hidden), np.zeros(hidden)]
    moments = [np.zeros_like(p) for p in params]
    squares = [np.zeros_like(p) for p in params]
    target = np.zeros((n, width + 1))
    target[np.arange(n), right] = 1.0
    curve = []
    padded = np.full(n * width, -np.inf)
    for step in range(1, steps + 1):
        w, v, hidden_w, hidden_b, out = params
        h = np.tanh(z @ hidden_w.T + hidden_b)
        padded[keep] = rows @ w + h @ out
        p = softmax(padded.reshape(n, width), line_x @ v)
        error = (p - target) / n  # d (- mean log-likelihood) / d score
        e = error[:, :width].reshape(-1)[keep]
        pre = (e[:, None] * out) * (1 - h * h)
        grads = [
            e @ rows + l2 * w,
            error[:, width] @ line_x + l2 * v,
            pre.T @ z + l2 * hidden_w,
            pre.sum(axis=0),
            e @ h + l2 * out,
        ]
        for k, g in enumerate(grads):
            moments[k] = 0.9 * moments[k] + 0.1 * g
            squares[k] = 0.999 * squares[k] + 0.001 * g * g
            params[k] -= rate * (moments[k] / (1 - 0.9**step)) / (np.sqrt(squares[k] / (1 - 0.999**step)) + 1e-8)
        if val is not None and step % every == 0:
            curve.append(log_likelihood(net_p(params, *val[:3]), val[3]))
    return params, curve


# ---------------------------------------------------------------- figures


def placed_right(p, mask, right):
    """Per threshold, (placed, right) of the lines whose likeliest candidate reaches it; and each line's likeliest
    candidate's probability with whether it is the right one (for the precision of the surest lines, TOPS)."""
    candidates = np.where(mask, p[:, :-1], -1.0)
    best = candidates.argmax(axis=1)
    chance = candidates.max(axis=1)
    ok = best == right
    totals = {t: (int((chance >= t).sum()), int((ok & (chance >= t)).sum())) for t in THRESHOLDS}
    return totals, chance, ok


TOPS = (1200, 1600, 1800)  # about the lines placed held out at precision 0.90, 0.88, 0.86 today


def top_precision(per_direction, top: int) -> float:
    """The precision of the `top` lines of both held-out halves whose likeliest candidate is likeliest: smoother
    than the thresholds by hundredths, whose steps may move the most placed at a precision by a hundred lines."""
    chance = np.concatenate([d[1] for d in per_direction.values()])
    ok = np.concatenate([d[2] for d in per_direction.values()])
    return float(ok[np.argsort(-chance, kind="stable")[:top]].mean())


def most_placed(totals, precision):
    return max(((pl, r, t) for t, (pl, r) in totals.items() if r >= precision * pl - 1e-9), default=(0, 0, 0.0))


def report(label, per_direction) -> dict:
    """Prints the held-out figures of one model: both halves together, and each direction alone."""
    per = {d: totals for d, (totals, _, _) in per_direction.items()}
    both = {t: tuple(sum(d[t][k] for d in per.values()) for k in (0, 1)) for t in THRESHOLDS}
    cells = []
    for precision in PRECISIONS:
        placed, right, t = most_placed(both, precision)
        parts = []
        for direction, d in per.items():
            dp, dr, dt = most_placed(d, precision)
            parts.append(f"{direction} {dp}/{dr}@{dt:.2f}")
        cells.append(f">={precision:.2f}: {placed:5} right {right:5} (t {t:.2f}; {', '.join(parts)})")
    tops = ", ".join(f"{top}: {top_precision(per_direction, top):.3f}" for top in TOPS)
    print(f"{label:28} | " + " | ".join(cells) + f" | precision of the surest {tops}", flush=True)
    return both


# ---------------------------------------------------------------- experiments


DIRECTIONS = (("A", "B"), ("B", "A"))


def run_linear(halves, crosses_of=None, label="linear"):
    per = {}
    for train, test in DIRECTIONS:
        crosses = crosses_of[train] if crosses_of else ()
        tr = arrays(lines(halves[train]), crosses)
        te = arrays(lines(halves[test]), crosses)
        model = fit_linear(*tr)
        per[f"{train}>{test}"] = placed_right(linear_p(model, *te[:3]), te[1], te[3])
    return report(label, per)


def inner_split(novels, fold):
    """Novels of a training half into (fit, left out): every third one left out, starting at `fold`."""
    return [n for k, n in enumerate(novels) if k % 3 != fold], [n for k, n in enumerate(novels) if k % 3 == fold]


def run_net(halves, hidden, seeds, l2, max_steps, rate, every=50, cold=False):
    per = {}
    for train, test in DIRECTIONS:
        te = arrays(lines(halves[test]))
        tr = arrays(lines(halves[train]))
        start = fit_linear(*tr)
        begin = None if cold else start
        # the number of steps: the best on novels of the training half left out, summed over three folds
        curve = np.zeros(max_steps // every)
        for fold in range(3):
            fit_novels, out_novels = inner_split(halves[train], fold)
            a, b = arrays(lines(fit_novels)), arrays(lines(out_novels))
            _, lls = train_net(a, hidden, 0, l2, max_steps, rate, None if cold else fit_linear(*a), val=b, every=every)
            curve += np.array(lls)
        steps = every * (int(curve.argmax()) + 1)
        ps = [net_p(train_net(tr, hidden, seed, l2, steps, rate, begin)[0], *te[:3]) for seed in range(seeds)]
        p = np.mean(ps, axis=0)
        per[f"{train}>{test}"] = placed_right(p, te[1], te[3])
        print(
            f"  net h={hidden} l2={l2} {train}>{test}: steps {steps}, held-out log-lik net {log_likelihood(p, te[3]):.4f}"
            f" linear {log_likelihood(linear_p(start, *te[:3]), te[3]):.4f}",
            flush=True,
        )
    return report(f"net h={hidden} l2={l2} x{seeds}", per)


def score_test(x, mask, line_x, right, model, columns):
    """The score statistic of each extra candidate column at weight 0 under `model`: (gradient^2 / information)."""
    p = linear_p(model, x, mask, line_x)[:, :-1]
    n, width = mask.shape
    target = np.zeros((n, width))
    has = right < width
    target[np.arange(n)[has], right[has]] = 1.0
    gradient = np.einsum("nc,nck->k", target - p, columns)
    mean = np.einsum("nc,nck->nk", p, columns)
    information = np.einsum("nc,nck->k", p, columns**2) - (mean**2).sum(axis=0)
    return gradient**2 / np.maximum(information, 1e-9)


def greedy_crosses(train_arrays, most, pool=None):
    """Crosses added one at a time, each the one of largest score statistic given those before, refitting between."""
    x, mask, line_x, right = train_arrays
    pool = pool or all_crosses()
    columns = cross_columns(x, line_x, pool)
    useful = columns.reshape(-1, len(pool)).any(axis=0)
    chosen: list = []
    stats = []
    for _ in range(most):
        model = fit_linear(np.concatenate([x, columns[:, :, [pool.index(c) for c in chosen]]], axis=2), mask, line_x, right)
        score = score_test(
            np.concatenate([x, columns[:, :, [pool.index(c) for c in chosen]]], axis=2), mask, line_x, right, model, columns
        )
        score[~useful] = 0
        for c in chosen:
            score[pool.index(c)] = 0
        k = int(score.argmax())
        chosen.append(pool[k])
        stats.append(float(score[k]))
    return chosen, stats


def run_crosses(halves, counts):
    chosen = {}
    for train, _ in DIRECTIONS:
        chosen[train], stats = greedy_crosses(arrays(lines(halves[train])), max(counts))
        print(
            f"  crosses chosen on {train}: "
            + ", ".join(f"{cross_name(c)} ({s:.1f})" for c, s in zip(chosen[train], stats, strict=True)),
            flush=True,
        )
    for count in counts:
        run_linear(halves, {h: c[:count] for h, c in chosen.items()}, f"linear+{count} crosses")
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--hidden", type=int, nargs="*", default=[8, 16, 32])
    parser.add_argument("--l2", type=float, nargs="*", default=[0.003])
    parser.add_argument("--steps", type=int, default=1200, help="the most Adam steps the inner folds may choose")
    parser.add_argument("--rate", type=float, default=0.003)
    parser.add_argument("--cold", action="store_true", help="start the net at 0, not at the linear fit")
    parser.add_argument("--crosses", type=int, nargs="*", default=[2, 4, 6, 10, 15])
    parser.add_argument("--only", default="linear,net,crosses")
    args = parser.parse_args()
    halves = load(args.data, args.cache)
    only = args.only.split(",")
    run_linear(halves)
    if "crosses" in only:
        run_crosses(halves, args.crosses)
    if "net" in only:
        for hidden in args.hidden:
            for l2 in args.l2:
                run_net(halves, hidden, args.seeds, l2, args.steps, args.rate, cold=args.cold)


if __name__ == "__main__":
    sys.exit(main())
