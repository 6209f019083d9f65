"""The last say on a line of an exchange that no rule placed: each person who could have said it is scored on what
the exchange shows (who spoke the lines around it, who was called by name, who is about), and the line goes to
the best only when the scores make that person likely enough.

The score is a conditional logit: P(person) = exp(w . f(person)) / (exp(none) + the sum of the same over the people),
where `none` is the score of "none of them", from the line's own circumstances. The weights were fitted on the PDNC
dev novels by bench/fit_ranking.py, on the lines the rules before it leave; fitted on one half of the novels, the
lines it placed on the other half at RANKING_THRESHOLD were right 0.84 of the time (496 lines of 4,394 scored).
"""

from __future__ import annotations

import math

from .characters import NARRATOR
from .resolver import ParagraphEvidence, Resolver

REACH = 8  # lines of the exchange either way whose speakers may have said this one
FEATURES = (
    "spoke-1",  # said the line just before: nobody answers themselves
    "spoke-2",  # said the line two before: A B [A]
    "spoke+1",
    "spoke+2",  # [A] B A
    "placed-2",  # said the line two before, placed there by its own text (a tag), not by a guess
    "placed+2",
    "called-by-1",  # the line before called them by name: they answer
    "calls+1",  # the line after calls them by name: they spoke to its speaker
    "voice-before-last",  # the voice before the last one heard: A B [?]
    "voice-before-that",  # A C B [?]
    "present",  # acted or spoke in the scene's last few paragraphs
    "turn-before",  # said the line two before while someone else said the line before
    "turn-after",
    "one-of-two",  # one of the only two voices about
)
NONE_BIAS = "none"
LINE_FEATURES = (  # what makes "none of them" likelier, whoever the candidates
    "none:candidates",  # how many could have said it, over 4: more people about, each less likely
    "none:narration",  # narration beside the line that names no one and tells no he/she: someone new may act
    "none:voices",  # voices heard about the line, over 4
    "none:hint",  # a he/she tag, which leaves only candidates of its gender: those left are likelier
)
# Fitted by bench/fit_ranking.py on the 14 PDNC dev novels (all of them, once the threshold was chosen on halves).
RANKING_WEIGHTS: dict[str, float] = {
    "spoke-1": -1.395,
    "spoke-2": 1.454,
    "spoke+1": -1.342,
    "spoke+2": 0.594,
    "placed-2": 0.056,
    "placed+2": 0.161,
    "called-by-1": 2.061,
    "calls+1": 1.082,
    "voice-before-last": 0.274,
    "voice-before-that": 0.195,
    "present": 0.686,
    "turn-before": -0.867,
    "turn-after": -0.036,
    "one-of-two": 0.648,
    "none": 0.726,
    "none:candidates": -0.599,
    "none:narration": 0.671,
    "none:voices": -0.373,
    "none:hint": -1.154,
}
RANKING_THRESHOLD = 0.8


def line_candidates(run: list[ParagraphEvidence], i: int, resolver: Resolver) -> list[tuple[str, tuple[float, ...]]]:
    """The people who could have said line `i` of the exchange `run`, each with its FEATURES: the voices heard
    within REACH lines and the people about in the scene, less those it calls by name, of the wrong gender for its
    he/she, or not the one acting or named in its narration."""
    para = run[i]
    voices = [p.speaker for p in run[max(0, i - REACH) : i + REACH + 1] if p.speaker]
    heard = list(dict.fromkeys(p.speaker for p in reversed(run[max(0, i - REACH) : i]) if p.speaker))
    two = set(voices) if len(set(voices)) == 2 else set()
    candidates = []
    for name in dict.fromkeys([*voices, *para.present, *para.mentioned]):
        if name in para.vocatives or name == NARRATOR and not resolver.first_person:
            continue
        if not resolver.is_person(name) and name not in para.present:  # one who acts lately is someone, not a place
            continue
        if para.gender_hint and resolver.gender(name) != para.gender_hint:
            continue
        if any(s != name for s in para.subjects) or any(n != name and resolver.is_person(n) for n in para.named):
            continue

        def spoke(k: int, name: str = name) -> bool:
            return 0 <= i + k < len(run) and run[i + k].speaker == name

        def placed(k: int, name: str = name) -> bool:
            return spoke(k, name) and run[i + k].placed

        def other(k: int, name: str = name) -> bool:
            return 0 <= i + k < len(run) and run[i + k].speaker not in (None, name)

        features = (
            spoke(-1),
            spoke(-2),
            spoke(1),
            spoke(2),
            placed(-2),
            placed(2),
            i > 0 and name in run[i - 1].vocatives,
            i + 1 < len(run) and name in run[i + 1].vocatives,
            len(heard) > 1 and heard[1] == name,
            len(heard) > 2 and heard[2] == name,
            name in para.present,
            spoke(-2) and other(-1),
            spoke(2) and other(1),
            name in two,
        )
        candidates.append((name, tuple(map(float, features))))
    return candidates


def line_features(run: list[ParagraphEvidence], i: int, candidates: list[tuple[str, tuple[float, ...]]]) -> tuple[float, ...]:
    """LINE_FEATURES of line `i` of `run`."""
    para = run[i]
    voices = {p.speaker for p in run[max(0, i - REACH) : i + REACH + 1] if p.speaker}
    return (
        len(candidates) / 4,
        float(para.has_narration and not para.subjects and not para.hints),
        len(voices) / 4,
        float(bool(para.gender_hint)),
    )


def probabilities(
    candidates: list[tuple[str, tuple[float, ...]]], line: tuple[float, ...], weights: dict[str, float]
) -> dict[str, float]:
    """Each candidate's probability under the conditional logit (the rest is "none of them")."""
    w = [weights.get(f, 0.0) for f in FEATURES]
    scores = {name: sum(a * b for a, b in zip(w, f, strict=True)) for name, f in candidates}
    none = weights.get(NONE_BIAS, 0.0) + sum(weights.get(f, 0.0) * v for f, v in zip(LINE_FEATURES, line, strict=True))
    top = max(none, *scores.values())
    total = math.exp(none - top) + sum(math.exp(s - top) for s in scores.values())
    return {name: math.exp(s - top) / total for name, s in scores.items()}


def scored(run: list[ParagraphEvidence], i: int) -> bool:
    """Whether line `i` is one the ranker scores: no speaker yet, one speaker in it, a voice heard near it, no
    stranger's line near it, and no description in its tag ("said the old lady" most often names someone new)."""
    para = run[i]
    if para.speaker is not None or para.mixed or para.description:
        return False
    if not any(p.speaker for p in run[max(0, i - REACH) : i + REACH + 1]):
        return False  # no voice heard about it: no exchange to read (the rules before it judged the line alone)
    return not any(p.stranger for p in run[max(0, i - _STRANGER_REACH) : i + _STRANGER_REACH + 1])


_STRANGER_REACH = 2  # lines either way in which a stranger's line leaves the ranker out


def ranked_turns(run: list[ParagraphEvidence], resolver: Resolver, weights: dict[str, float], threshold: float) -> None:
    """Lines of `run` no rule placed (and no stranger's) go to their likeliest speaker when that one's probability
    reaches `threshold`. All are scored before any is placed: a guess is no evidence for the next."""
    found = []
    for i, para in enumerate(run):
        if not scored(run, i):
            continue
        candidates = line_candidates(run, i, resolver)
        if not candidates:
            continue
        chances = probabilities(candidates, line_features(run, i, candidates), weights)
        best = max(chances, key=chances.__getitem__)
        if chances[best] >= threshold:
            found.append((para, best))
    for para, who in found:
        para.speaker, para.rule = who, "ranked"
