"""The last say on a line that no rule placed: each person who could have said it is scored on what the exchange
shows (who spoke the lines around it, who was called by name, who is about), on the narration around the line,
and on how they talk (idiolect.py: the story's lines the rules placed, word by word); the line goes to the best
only when the scores make that person likely enough.

The score is a conditional logit: P(person) = exp(w . f(person)) / (exp(none) + the sum of the same over the
people), where `none` is the score of "none of them", from the line's own circumstances. The weights were fitted
on the PDNC dev novels by bench/fit_ranking.py, on the lines the rules before it leave; fitted on one half of the
novels, the lines it placed on the other half at RANKING_THRESHOLD were right 0.887 of the time (1,603 lines of
6,606 scored, with the features as they are; the weights below are those of a fit just before the chain features'
one-voice check, which placed 1,631 so). Lines placed in one round are voices heard in the next (ranked_rounds);
in the last rounds (NEAREST_SCHEDULE) a less likely best is kept only where recency agrees with it.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable

from .characters import NARRATOR
from .name_words import KIN_AND_PARENT_NAMES
from .names import NAME
from .patterns import compiled
from .resolver import STRANGER, YOUR_TITLE, ParagraphEvidence, Resolver

REACH = 16  # lines of the exchange either way whose speakers may have said this one
# Lines of bare dialogue either way over which the turns are read for chain-before/-after/-not (6: PDNC dev 55 more
# lines placed end to end, 37 of them right; 3, in an earlier form of the features: 43 fewer, 44 fewer right)
CHAIN_REACH = 4
SCENE_VOICES_REACH = 60  # paragraphs back in the scene whose speakers are candidates too (200 or the whole scene: the same)
FEATURES = (
    "spoke-1",  # said the line just before: nobody answers themselves
    "spoke-2",  # said the line two before: A B [A]
    "spoke+1",  # said the line just after
    "spoke+2",  # [A] B A
    "placed-2",  # said the line two before, placed there by its own text (a tag), not by a guess
    "placed+2",  # the same, two after
    "called-by-1",  # the line before called them by name: they answer
    "calls+1",  # the line after calls them by name: they spoke to its speaker
    "voice-before-last",  # the voice before the last one heard: A B [?]
    "voice-before-that",  # A C B [?]
    "present",  # acted or spoke in the scene's last few paragraphs
    "turn-before",  # said the line two before while someone else said the line before
    "turn-after",  # said the line two after while someone else said the line after
    "one-of-two",  # one of the only two voices about
    "closing-before",  # the last sentence of the paragraph before is about them: "Tom put down his cup."
    "named-before",  # acting or named in the narration of the paragraph before
    "acts-here",  # acting in the narration of the line's own paragraph
    "earlier",  # named in the scene, but not lately: neither heard within REACH lines nor about in the last paragraphs
    "distance",  # paragraphs since they were last named or seen: log(1 + paragraphs) / 4
    "nearest",  # named or seen the most lately of the candidates
    "hint-nearest",  # the same, for a he/she line: the most recent one of that gender
    "hint-named-before",  # named-before, for a he/she line
    "spoken-of",  # the line names them, not calling them: few speak of themselves by name
    "spoke-3",  # A C B [A]: three lines back, seldom their turn again yet
    "spoke+3",  # said the line three after
    "spoke-4",  # A B A B [A]: four lines back, their turn again
    "spoke+4",  # said the line four after
    "addresses-own-gender",  # the line calls someone "sir", "madam", "my boy": of the speaker's gender, seldom
    "subject-after",  # the first one acting in a narration paragraph after the line: the listener, as often as not
    "focus",  # the one of their gender the scene's narration was about before the line (Resolver.note_focus)
    "hint-focus",  # the same, for a he/she line
    "object-here",  # named in the narration of the line's own paragraph, but not acting there: "a note for Corvin"
    "scene-fit",  # the one of the line's he/she gender seen in the scene before, too long ago for the rules alone
    "parity",  # their lines within REACH at an even distance less those at an odd one, over 4: A B A B [A]
    "idiolect",  # how much likelier the line's words are in their lines the rules placed than in everyone's
    "addressed-by-1",  # the line before calls someone of their gender "sir", "madam": they answer
    "addressed-by+1",  # the line after does: it answers them
    "scene-voice-only",  # heard earlier in the scene, beyond reach, and not about lately
    "scene-voice",  # heard earlier in the scene, beyond reach
    "partner-before",  # the share of the last line's speaker's exchanges (placed before) that were with them
    "partner-after",  # the same for the next line's speaker
    "turn-across-reaction",  # A B / A acts / [?]: their turn by alternation, but the narration between was about them
    "scene-before",  # named lately in the scene before, for a line of a scene that names no one yet
    "beat-other-gender",  # the line's own narration has a he/she act ("He spat.") and they are not of that gender
    "chain-before",  # the turn by alternation over bare lines back to the last voice: A B ? ? [?] is A's, A ? ? [?] B's
    "chain-after",  # the same, read from the next voice after the line
    "chain-not",  # the nearest voice over bare lines either way, at an odd distance, where two talk: not their turn
)
# Questions tell the turns no better than the offsets do: refitted with "said the line before, which asks" (-0.46) and
# "said the line after, and this one asks" (-0.28), held out on PDNC dev most placed at precision 0.86 / 0.88 / 0.90
# was 1,808 / 1,540 / 1,169 against 1,800 / 1,533 / 1,162 (half B 615 / 464 / 380 against 617 / 463 / 379); with
# "said the line two before, and the line before asks" (+0.19) for the second, 1,808 / 1,547 / 1,169 (B 616 / 463 /
# 380). Few lines it scores follow a question by a candidate: of 6,364, the one who asked the line before is a candidate
# for 304 (right for 33, 0.11), where the one who said the line before at all is for 1,206 (170, 0.14).
_NEAREST, _SPOKEN_OF, _PRESENT = FEATURES.index("nearest"), FEATURES.index("spoken-of"), FEATURES.index("present")
_SUBJECT_AFTER = FEATURES.index("subject-after")
NONE_BIAS = "none"
LINE_FEATURES = (  # what makes "none of them" likelier, whoever the candidates
    "none:candidates",  # how many could have said it, over 4: more people about, each less likely
    "none:narration",  # narration beside the line that names no one and tells no he/she: someone new may act
    "none:voices",  # voices heard about the line, over 4
    "none:hint",  # a he/she tag, which leaves only candidates of its gender: those left are likelier
    "none:stranger-near",  # a stranger's line within two lines: a newcomer is talking
    "none:no-voice",  # no voice heard within REACH lines: no exchange to read
)
# Fitted by bench/fit_ranking.py on the 14 PDNC dev novels (all of them, once the threshold was chosen on halves).
# These were fitted without the one-voice check of the chain features in line_candidates (`counted`); refitted with
# it, held out: 1,603 lines at 0.887, and one line of tests/speakers comes to 0.800 for the wrong one of three.
RANKING_WEIGHTS: dict[str, float] = {
    "spoke-1": -0.710,
    "spoke-2": 0.093,
    "spoke+1": -0.653,
    "spoke+2": -0.322,
    "placed-2": 0.706,
    "placed+2": 0.710,
    "called-by-1": 2.623,
    "calls+1": 1.624,
    "voice-before-last": 0.399,
    "voice-before-that": 0.394,
    "present": 0.616,
    "turn-before": -0.758,
    "turn-after": 0.004,
    "one-of-two": 0.618,
    "closing-before": -0.248,
    "named-before": 0.215,
    "acts-here": -0.385,
    "earlier": -0.235,
    "distance": -0.136,
    "nearest": 0.052,
    "hint-nearest": 0.297,
    "hint-named-before": 0.965,
    "spoken-of": -2.830,
    "spoke-3": -0.208,
    "spoke+3": 0.176,
    "spoke-4": -0.060,
    "spoke+4": 0.488,
    "addresses-own-gender": -0.964,
    "subject-after": -0.883,
    "focus": 0.101,
    "hint-focus": 0.633,
    "object-here": -1.756,
    "scene-fit": 0.843,
    "parity": 0.397,
    "idiolect": 2.602,
    "addressed-by-1": 0.992,
    "addressed-by+1": 0.787,
    "scene-voice-only": -0.605,
    "scene-voice": 0.384,
    "partner-before": 1.101,
    "partner-after": 0.876,
    "turn-across-reaction": -1.289,
    "scene-before": -0.936,
    "beat-other-gender": -1.809,
    "chain-before": 1.600,
    "chain-after": 0.449,
    "chain-not": -1.620,
    "none": 0.198,
    "none:candidates": -0.139,
    "none:narration": 0.429,
    "none:voices": -0.073,
    "none:hint": -0.304,
    "none:stranger-near": 0.525,
    "none:no-voice": -0.071,
}
RANKING_THRESHOLD = 0.8  # held out (the fit of the weights below): 0.75 placed 1,985 lines, 0.860 right; 0.8, 1,631 and
# 0.887; 0.85, 1,312 and 0.902
# Each round's threshold, surest first: the lines sure at 0.9 placed first are voices heard for the rest, which then
# score better at 0.8 (PDNC dev: 10,199 of 11,038 right with three rounds at 0.8; 10,239 of 11,069 so). A fifth
# round placed 35 more, 26 right, and one wrong in tests/speakers; lower thresholds place more at far less precision.
RANKING_SCHEDULE = (0.9, RANKING_THRESHOLD, RANKING_THRESHOLD, RANKING_THRESHOLD)
# Rounds after those, at a lower threshold, in which a line goes to its likeliest speaker only where another reading
# agrees (_recency_agrees): that one is also the candidate named or seen most lately. Two rounds at 0.7, PDNC dev: the
# two placed 421 lines, 292 right (0.69; half A 153/227, half B 139/194); end to end 410 more placed, 280 more right,
# precision 0.930 -> 0.922 at coverage 0.629 -> 0.651; tests/speakers 1.000 at coverage 0.916 -> 0.920; fics dev
# 0.960 -> 0.957 at 0.739 -> 0.753. Without the recency check, two rounds at 0.75 placed about as many (438, 310
# right) but three lines wrong in tests/speakers (a third person about, a stranger's answer, one who had left the
# scene), as did one round at 0.78 (two wrong). Rounds at 0.65 place lines at 0.57 in their second round.
NEAREST_SCHEDULE = (0.7, 0.7)
# A last round, lower still, for he/she lines only: a line goes to its likeliest speaker where that one is the one
# person of the line's gender about (_the_one_about), whom the pronoun rules leave when someone else of that gender was
# about further back ("she said" with one woman in the room, another seen twenty paragraphs ago: Resolver._only_one)
# or two paragraphs back (their reach). PDNC dev: the round places 11 lines, all right (half A 6/6, B 5/5), 8 of them
# unplaced before; end to end 12 more placed, 13 more right (its voices and words tell later lines); fics dev 2 more
# right, none wrong; heldout unchanged. At 0.5 it placed 11, 10 right (B 5/6); without the one acting lately, 10, 8 right; without the checks
# _recency_agrees makes of `best` as well (spoken of, acting after), 21, 18 right; 0.55 places as 0.6 does.
ONE_ABOUT_SCHEDULE = (0.6,)


def line_candidates(
    run: list[ParagraphEvidence], i: int, resolver: Resolver, scenes: SceneOrder | None = None
) -> list[tuple[str, tuple[float, ...]]]:
    """The people who could have said line `i` of the exchange `run`, each with its FEATURES: the voices heard
    within REACH lines, the people about in the scene lately and those heard earlier in the scene
    (SCENE_VOICES_REACH; read through `scenes` when given), less those it calls by name, of the wrong gender for its
    he/she, or not the one acting or named in its narration; when none of them is left (or, for a he/she line, none
    named before it), those named earlier in the scene, or, in a scene that names no one yet, the latest named in
    the scene before."""
    para = run[i]
    said_at: dict[str, set[int]] = {}  # each voice within reach, in the exchange's order -> where it spoke, from here
    parity: dict[str, int] = {}  # each voice within reach -> its lines at an even distance less those at an odd one
    start = max(0, i - REACH)
    for k, line in enumerate(run[start : i + REACH + 1], start - i):  # k: the line's distance from line i
        speaker = line.speaker
        if speaker and k:
            said_at.setdefault(speaker, set()).add(k)
            parity[speaker] = parity.get(speaker, 0) + (1 if k % 2 == 0 else -1)
    heard = list(dict.fromkeys(p.speaker for p in reversed(run[start:i]) if p.speaker))
    two = set(said_at) if len(said_at) == 2 else set()
    lately = {*said_at, *para.present, *para.mentioned}
    scene_voices = scenes.voices_before(para) if scenes is not None else _scene_voices(para)
    people = _who_could_say(dict.fromkeys([*said_at, *para.present, *para.mentioned, *scene_voices]), para, resolver)
    # A wider pool places fewer lines at the same precision, though the right one is a candidate more often: refitted
    # by bench/fit_ranking.py, held out on PDNC dev (most placed at precision 0.86 / 0.88 / 0.90; as it is, 1,800 /
    # 1,533 / 1,162, the right one a candidate for 5,226 lines of 6,364): the scene's earlier names always, with a
    # feature saying so, 1,466 / 1,113 / 664 (5,672); only the most recent one of them, 1,720 / 1,391 / 1,047; only
    # where no voice is within REACH, 1,878 / 1,543 / 1,167; a second ranker over them for the lines the first leaves
    # to "none", at most 1,840 / 1,567 / 1,195; the scene's voices beyond SCENE_VOICES_REACH, 1,800 / 1,543 / 1,158;
    # those another acting or named in the narration rules out, kept with a feature, 1,804 / 1,469 / 1,113; the
    # latest names of the scene before, 1,671 / 1,296 / 937. Each weak candidate takes some of the likeliest one's
    # probability on the lines it does not help.
    if not people:  # those named only long before are far likelier not it while anyone about lately could be
        people = _who_could_say([name for name in para.in_scene if name not in lately], para, resolver)
    elif para.gender_hint and not any(name in para.in_scene for name in people):
        # a he/she line whose only fitting voices are heard after it, never named before it: one of that gender
        # named long before is as likely
        people += _who_could_say([name for name in para.in_scene if name not in lately], para, resolver)
    carried = not people and not para.in_scene
    if carried:  # a scene that opens in talk and names no one: those of the scene before may go on
        people = _who_could_say(para.before_scene, para, resolver)
    sinces = [para.in_scene.get(name, 0) for name in people]  # paragraphs since each was last about
    nearest = min(sinces, default=0)
    before = para.previous
    hint = bool(para.gender_hint)
    addressed = _addressed_gender(para.said)
    after = para.following
    beats = {h for h in para.hints if h in ("male", "female")}
    addressed_before = _addressed_gender(run[i - 1].said) if i > 0 else None
    addressed_after = _addressed_gender(run[i + 1].said) if i + 1 < len(run) else None
    speaker_before = run[i - 1].speaker if i > 0 else None
    speaker_after = run[i + 1].speaker if i + 1 < len(run) else None
    called_before = run[i - 1].vocatives if i > 0 else ()
    called_after = run[i + 1].vocatives if i + 1 < len(run) else ()
    placed_two_before = i >= 2 and run[i - 2].placed
    placed_two_after = i + 2 < len(run) and run[i + 2].placed
    opens_after = after is not None and not after.has_dialogue and after.subjects[:1]
    opener = opens_after[0] if opens_after else None  # who acts first in the narration after the line
    no_offsets: set[int] = set()
    reaction_before = {*before.subjects, before.closing_subject} if before is not None and not before.has_dialogue else None
    partners_before = resolver.partners.get(speaker_before or "", _NO_PARTNERS)
    partners_after = resolver.partners.get(speaker_after or "", _NO_PARTNERS)
    total_before = sum(partners_before.values()) or 1
    total_after = sum(partners_after.values()) or 1
    # read once for the line, not once per candidate
    said, gender_of, idiolect, scene_fit = para.said, resolver.gender, resolver.idiolects.score, para.scene_fit
    present, subjects, named, spoken_of, focus = para.present, _acting(para), para.named, para.spoken_of, para.focus
    before_people = {*before.subjects, *before.named} if before is not None else set()
    closing_before = before.closing_subject if before is not None else None
    heard_1 = heard[1] if len(heard) > 1 else None  # the voice before the last one heard
    heard_2 = heard[2] if len(heard) > 2 else None
    pair = len(said_at) <= 2  # two voices within reach (or fewer)
    # with one voice heard, the lines between may be a third's when a third is about ("Who's on watch?" / "Not me." /
    # "Nor me.": not the asker's)
    counted = len(said_at) > 1 or len({*said_at, *present, *para.mentioned}) <= 2
    chain_before, odd_before = _chain_turn(run, i, -1, pair) if counted else (None, None)
    chain_after, odd_after = _chain_turn(run, i, 1, pair) if counted else (None, None)
    candidates = []
    for name, since in zip(people, sinces, strict=True):
        offsets = said_at.get(name, no_offsets)
        gender = gender_of(name)
        named_before = name in before_people
        is_nearest = since == nearest
        two_before, two_after = -2 in offsets, 2 in offsets
        features: tuple[float, ...] = (
            -1 in offsets,
            two_before,
            1 in offsets,
            two_after,
            two_before and placed_two_before,
            two_after and placed_two_after,
            name in called_before,
            name in called_after,
            heard_1 == name,
            heard_2 == name,
            name in present,
            two_before and speaker_before not in (None, name),
            two_after and speaker_after not in (None, name),
            name in two,
            closing_before == name,
            named_before,
            name in subjects,
            name not in lately,
            math.log1p(since) / 4,
            is_nearest,
            hint and is_nearest,
            hint and named_before,
            name in spoken_of,
            -3 in offsets,
            3 in offsets,
            -4 in offsets,
            4 in offsets,
            addressed is not None and gender == addressed,
            opener == name,
            name in focus,
            hint and name in focus,
            name in named and name not in subjects,
            name == scene_fit,
            parity.get(name, 0) / 4,
            idiolect(name, said),
            addressed_before is not None and gender == addressed_before and speaker_before != name,
            addressed_after is not None and gender == addressed_after and speaker_after != name,
            name in scene_voices and name not in lately,
            name in scene_voices,
            partners_before.get(name, 0) / total_before,
            partners_after.get(name, 0) / total_after,
            two_before and reaction_before is not None and name in reaction_before,
            carried,
            bool(beats) and gender not in beats,
            name == chain_before,
            name == chain_after,
            name in (odd_before, odd_after),
        )
        candidates.append((name, features))
    return candidates


_NO_PARTNERS: Counter[str] = Counter()  # (only read)


def _chain_turn(run: list[ParagraphEvidence], i: int, step: int, pair: bool) -> tuple[str | None, str | None]:
    """(whose turn line `i` is, whose it is not) by alternation, read from the nearest voice in direction `step`
    (-1 before, 1 after) over lines of bare dialogue: at an even distance, that voice's ("A ? [?]" is A's); at an odd
    one, not that voice's, but the voice on its far side at an odd distance from it ("B A [?]" and "B A ? ? [?]" are
    B's; in "B ? A [?]" B spoke at A's turn and the turns say no more), when the exchange is a `pair`'s; with a third
    voice about, an odd distance says nothing. A reader counts so through a long exchange of bare
    lines: on PDNC dev, a line after two bare lines of two others is the first one's 0.96 of the time, 0.69 when the
    three have narration. (None, None) when no voice is near over bare lines."""
    near = _next_voice(run, i, step)
    if near is None:
        return None, None
    j, anchor = near
    if (j - i) % 2 == 0:
        return anchor, None
    if not pair:
        return None, None
    while (far := _next_voice(run, j, step)) is not None:
        m, other = far
        if (m - j) % 2 == 0:
            if other != anchor:
                return None, anchor
            j = m  # "A ? A": the same voice at its turn again, read on
        else:
            return (other, anchor) if other != anchor else (None, anchor)
    return None, anchor


def _next_voice(run: list[ParagraphEvidence], i: int, step: int) -> tuple[int, str] | None:
    """The nearest line in direction `step` from line `i` with a speaker, within CHAIN_REACH lines, each line between
    bare dialogue (no narration, one voice) and each next to the other in the scene; None when there is none such."""
    k = i
    for j in range(i + step, i + step * (CHAIN_REACH + 1), step):
        if not 0 <= j < len(run) or (run[j].following is not run[k] if step < 0 else run[k].following is not run[j]):
            return None
        speaker = run[j].speaker
        if speaker:
            return j, speaker
        if run[j].has_narration or run[j].mixed:
            return None
        k = j
    return None


_ADDRESS = {
    "male": compiled(r"\b(?:sir|my lord|my boy|my (?:good|dear) (?:man|fellow|boy)|old (?:man|chap|fellow)|young man)\b", re.I),
    "female": compiled(r"\b(?:madam|ma'am|madame|my lady|my girl|my (?:good|dear) (?:woman|girl|lady)|young lady)\b", re.I),
}


class SceneOrder:
    """The paragraphs of the scenes of a chapter's exchanges in order, each one's place among them found once, so
    that a line's scene voices (_scene_voices) are a slice of them, not a walk back over SCENE_VOICES_REACH
    paragraphs for each line scored in each round (a tenth of the ranker's time on the 200k-word bench). The
    speakers are read when asked: a line placed in a round is a voice for the next."""

    def __init__(self, runs: list[list[ParagraphEvidence]]) -> None:
        self.order: list[ParagraphEvidence] = []
        self.at: dict[int, tuple[int, int]] = {}  # id() of a paragraph -> its place in `order`, its scene's first place
        for run in runs:
            newer: list[ParagraphEvidence] = []  # the paragraphs back from the run's last line not placed yet
            back = run[-1] if run else None
            while back is not None and id(back) not in self.at:
                newer.append(back)
                back = back.previous
            if back is not None and back is not self.order[-1]:
                continue  # (exchanges out of order: their lines are read by _scene_voices)
            start = self.at[id(back)][1] if back is not None else len(self.order)
            for para in reversed(newer):
                self.at[id(para)] = (len(self.order), start)
                self.order.append(para)

    def voices_before(self, para: ParagraphEvidence) -> set[str]:
        """_scene_voices(para)."""
        place = self.at.get(id(para))
        if place is None:
            return _scene_voices(para)
        at, start = place
        before = self.order[max(start, at - SCENE_VOICES_REACH) : max(start, at - REACH)]
        return {p.speaker for p in reversed(before) if p.speaker}  # nearest first, as _scene_voices adds them


def _scene_voices(para: ParagraphEvidence) -> set[str]:
    """Who spoke in the scene before `para`, more than REACH and at most SCENE_VOICES_REACH paragraphs back."""
    voices: set[str] = set()
    back = para.previous
    for _ in range(REACH):
        if back is None:
            return voices
        back = back.previous
    for _ in range(SCENE_VOICES_REACH - REACH):
        if back is None:
            break
        if back.speaker:
            voices.add(back.speaker)
        back = back.previous
    return voices


@functools.lru_cache(maxsize=4096)  # each line is asked again for the lines beside it, in each round
def _addressed_gender(said: str) -> str | None:
    """The gender of whom the line calls by a word of address, when it calls only one gender so."""
    found = [gender for gender, pattern in _ADDRESS.items() if pattern.search(said)]
    return found[0] if len(found) == 1 else None


def _could_say(name: str, para: ParagraphEvidence, resolver: Resolver) -> bool:
    """Whether `name` may have said `para`'s line at all (see _who_could_say)."""
    return bool(_who_could_say((name,), para, resolver))


def _who_could_say(names: Iterable[str], para: ParagraphEvidence, resolver: Resolver) -> list[str]:
    """Those of `names` who may have said `para`'s line at all: not one it calls by name, a person (or one who
    acted lately: someone, not a place), of its he/she's gender, and the one acting or named in its narration if any."""
    hint = para.gender_hint
    # someone else acting or named in its narration may be the speaker; for a he/she line, only one who may be a he/she
    acting = _acting(para)
    rivals = {
        n
        for n in (*acting, *para.named)
        if (n in acting or resolver.is_person(n)) and (not hint or resolver.gender(n) in (hint, None))
    }
    if len(rivals) > 1:
        return []  # each is a rival of the others
    return [
        name
        for name in names
        if name not in para.vocatives
        and name not in para.gone  # they left the scene before the line
        and (name != NARRATOR or resolver.first_person)
        and (resolver.is_person(name) or name in para.present)
        and (not hint or resolver.gender(name) == hint)
        and (not rivals or name in rivals)
    ]


def _acting(para: ParagraphEvidence) -> tuple[str, ...]:
    """Those acting in the narration of `para`'s own paragraph, with those a sentence calls by their title ("The
    sergeant's pen stops.", ParagraphEvidence.titled): read by the ranker only, where they are the one
    acting beside the line (on PDNC dev no line the ranker places changes; in fics, where people go by their rank,
    one line wrong fewer)."""
    if not para.titled:
        return para.subjects
    return tuple(dict.fromkeys((*para.subjects, *para.titled)))


def _likelier_someone_else(
    run: list[ParagraphEvidence], i: int, best: str, candidates: list[tuple[str, tuple[float, ...]]], resolver: Resolver
) -> bool:
    """Whether line `i`, though `best` scores likely enough, is likelier someone's the candidates leave out or the
    features cannot read, so that it stays unplaced (a wrong speaker is worse than none):
    - the line before opens by calling someone who is no candidate ("Meg?", "Meg, how long?", "Mum, is that
      you?"): the one called answers, and the ranker can give no line to someone not about;
    - its own narration is about someone unnamed of another gender than `best`'s ("The widow stepped
      forward."): hers, whom no one has named yet;
    - it calls `best` by a title of address, though not as a call ("Your Grace cannot mean it."):
      a line to them, not theirs.
    Measured end to end with _acting (PDNC dev, 14 novels): 11 lines fewer placed, 6 of them right (precision 0.926
    to 0.927); fics dev: 16 fewer, 3 right (precision 0.940 to 0.951); the lines after an opening call are most of
    both."""
    para = run[i]
    if i > 0 and _opening_call_elsewhere(run[i - 1], para, best, {name for name, _ in candidates}, resolver):
        return True
    strangers = {h.removeprefix(STRANGER) for h in para.hints if h.startswith(STRANGER)}
    if strangers and resolver.gender(best) not in strangers:
        return True
    return any(resolver.addressed(f"your {title}") == best for title in YOUR_TITLE.findall(para.said))


def _opening_call_elsewhere(
    before: ParagraphEvidence, para: ParagraphEvidence, best: str, names: set[str], resolver: Resolver
) -> bool:
    """Whether the line `before` `para` opens by calling someone other than `best` who is none of `names` and may
    have said `para`'s line: by name or title ("Meg, how long?", "Your Grace, ...") or by a word for kin ("Mum,
    is that you?", whoever the story's mum is). Only a call that opens the line: one within or at the end
    of a speech is as often answered by another (PDNC dev: of the lines the ranker placed after a line calling
    someone who is no candidate anywhere in it, 51 of 67 were right; after a line opening so, 3 of 7)."""
    kin = _OPENING_KIN.match(before.said)
    if kin:
        return resolver.name(kin.group(1)) != best
    opening = _OPENING_CALL.match(before.said)
    if opening is None:
        return False
    called = resolver.name(opening.group(1)) or resolver.addressed(opening.group(1))
    return bool(called) and called in before.vocatives and called not in names and _could_say(called, para, resolver)


_OPENING_CALL = compiled(rf"^\W*((?:[Yy]our\s+)?{NAME})\s*[,.!?…]")
_OPENING_KIN = compiled(rf"^\W*((?i:{'|'.join(sorted(KIN_AND_PARENT_NAMES))}))\s*[,.!?…]")


def line_features(run: list[ParagraphEvidence], i: int, candidates: list[tuple[str, tuple[float, ...]]]) -> tuple[float, ...]:
    """LINE_FEATURES of line `i` of `run`."""
    para = run[i]
    voices = {p.speaker for p in run[max(0, i - REACH) : i + REACH + 1] if p.speaker}
    return (
        len(candidates) / 4,
        float(para.has_narration and not _acting(para) and not para.hints),
        len(voices) / 4,
        float(bool(para.gender_hint)),
        float(any(p.stranger for p in run[max(0, i - _STRANGER_REACH) : i + _STRANGER_REACH + 1])),
        float(not voices),
    )


def probabilities(
    candidates: list[tuple[str, tuple[float, ...]]], line: tuple[float, ...], weights: dict[str, float]
) -> dict[str, float]:
    """Each candidate's probability under the conditional logit (the rest is "none of them")."""
    w, w_line = _weight_vectors(weights)
    # only the features that are not 0 are added (most are False): the same terms, in the same order, so the same sums
    scores = {name: sum(map(operator.mul, itertools.compress(w, f), itertools.compress(f, f))) for name, f in candidates}
    none = weights.get(NONE_BIAS, 0.0) + sum(map(operator.mul, w_line, line))
    top = max(none, *scores.values())
    odds = {name: math.exp(s - top) for name, s in scores.items()}
    total = math.exp(none - top) + sum(odds.values())
    return {name: odd / total for name, odd in odds.items()}


_VECTORS: dict[int, tuple[dict[str, float], list[float], list[float]]] = {}


def _weight_vectors(weights: dict[str, float]) -> tuple[list[float], list[float]]:
    """The weights of FEATURES and of LINE_FEATURES in order, read once per weights dict, not once per line."""
    known = _VECTORS.get(id(weights))
    if known is None or known[0] is not weights:  # (the dict itself is kept: its id is not reused while cached)
        known = (weights, [weights.get(f, 0.0) for f in FEATURES], [weights.get(f, 0.0) for f in LINE_FEATURES])
        if len(_VECTORS) > 16:
            _VECTORS.clear()
        _VECTORS[id(weights)] = known
    return known[1], known[2]


def scored(run: list[ParagraphEvidence], i: int) -> bool:
    """Whether line `i` is one the ranker scores: no speaker yet, one speaker in it, no stranger's (a tag naming no
    one known, or narration about a he/she it never names), no description in its tag ("said the old lady" most
    often names someone new), and not two lines from a line of someone unnamed the narration told apart lately."""
    para = run[i]
    if para.speaker is not None:
        return False  # (read first: in the later rounds most lines have a speaker, and the test below costs more)
    if any(0 <= k < len(run) and run[k].told_apart and run[k].speaker is None for k in (i - 2, i + 2)):
        # "'Shut,' said the girl at the ticket window. / 'A ferry?' asked Ann. / '...'": hers again, as is a line two
        # before hers; the ranker can give no line to someone unnamed
        return False
    return not para.mixed and not para.description and not para.stranger


_STRANGER_REACH = 2  # lines either way in which a stranger's line makes "none of them" likelier


def learn_idiolects(runs: list[list[ParagraphEvidence]], resolver: Resolver) -> None:
    """Teach the story's idiolects the words of each line the rules placed in these exchanges, before the ranker
    reads any (its own guesses are learned as it places them: see ranked_turns), and note who answered whom
    (Resolver.partners): in a book, some people talk with each other far more than with the rest."""
    for run in runs:
        for para in run:
            if para.speaker:
                resolver.idiolects.learn(para.speaker, para.said)
        for first, second in itertools.pairwise(run):
            if first.speaker and second.speaker and first.speaker != second.speaker:
                resolver.partners.setdefault(first.speaker, Counter())[second.speaker] += 1
                resolver.partners.setdefault(second.speaker, Counter())[first.speaker] += 1


# a round's check that a line likely enough its best candidate's is theirs: (line, best, candidates) -> agrees
Agrees = Callable[[ParagraphEvidence, str, list[tuple[str, tuple[float, ...]]]], bool]
# the part of a round's check read from the line alone: a line it turns down is not scored in that round
MayAgree = Callable[[ParagraphEvidence], bool]


def ranked_rounds(
    runs: list[list[ParagraphEvidence]],
    resolver: Resolver,
    weights: dict[str, float] = RANKING_WEIGHTS,
    schedule: tuple[float, ...] = RANKING_SCHEDULE,
    nearest_schedule: tuple[float, ...] = NEAREST_SCHEDULE,
    one_about_schedule: tuple[float, ...] = ONE_ABOUT_SCHEDULE,
) -> None:
    """ranked_turns over every exchange, in rounds at the thresholds of `schedule`, then of `nearest_schedule` (where
    a line goes only to the nearest candidate), then of `one_about_schedule` (a he/she line only to the one person of
    its gender about), while it places lines: a line placed in one round is a voice heard for the lines beside it in
    the next ("A B [A] [?]": the second line left is B's once the first is A's). A round reads the exchanges the round
    before changed; one at a lower threshold also reads, in the others, the lines that came within _RESCORE_MARGIN of
    it (only the idiolects changed for them)."""
    learn_idiolects(runs, resolver)
    scenes = SceneOrder(runs)
    changed = runs
    chances: dict[int, float] = {}  # id(line) -> its likeliest speaker's probability when last scored
    rounds: list[tuple[float, Agrees | None, MayAgree | None]] = [
        *((threshold, None, None) for threshold in schedule),
        *((threshold, _recency_agrees, None) for threshold in nearest_schedule),
        *((threshold, _the_one_about, _may_be_the_one_about) for threshold in one_about_schedule),
    ]
    for round_, (threshold, agrees, may_agree) in enumerate(rounds, start=1):
        rule = "ranked" if round_ == 1 else "ranked-one-about" if agrees is _the_one_about else f"ranked-{round_}"
        lowered = round_ > 1 and threshold < rounds[round_ - 2][0]
        placed = {
            id(run): ranked_turns(
                run, resolver, weights, threshold, rule, chances, scenes=scenes, agrees=agrees, may_agree=may_agree
            )
            for run in changed
        }
        if lowered:
            near = threshold - _RESCORE_MARGIN
            for run in runs:
                if id(run) not in placed:
                    placed[id(run)] = ranked_turns(
                        run, resolver, weights, threshold, rule, chances, near, scenes, agrees, may_agree
                    )
        changed = [run for run in runs if placed.get(id(run))]
        for found in placed.values():
            for para, who in found:
                # a placed line's words tell the next round's lines and later chapters how its speaker talks (never
                # itself: it is placed); learned once a round is over, since each word learned changes every score
                resolver.idiolects.learn(who, para.said)


def _recency_agrees(para: ParagraphEvidence, best: str, candidates: list[tuple[str, tuple[float, ...]]]) -> bool:
    """Whether recency agrees with the ranker that `best` said `para`'s line, as a round of NEAREST_SCHEDULE asks:
    `best` is the candidate named or seen most lately, and none of what makes the rules leave such a line holds:
    - the line speaks of `best` ("Kasimir is never late, he says."): few speak of themselves by name;
    - its he/she follows narration about a he/she it never names ("An old woman sat there. / She stood by the
      window. / '...,' she said."), or two of the candidates were about lately: its pronoun is the rules' to read;
    - `best` acts in the line's own paragraph, whose narration the rules read and found to be about another line
      ("'It is late,' she said. Ann turned round and said, '...'"), or opens the narration just after it (its
      listener, as often as not).
    The three checks keep lines the attribution tests want unplaced so; on PDNC dev they leave 42 lines, 27 right."""
    if not _nearest_and_not_its_listener(best, candidates) or best in _acting(para):
        return False
    return not para.gender_hint or not para.after_unnamed and sum(1 for _, f in candidates if f[_PRESENT]) <= 1


def _the_one_about(para: ParagraphEvidence, best: str, candidates: list[tuple[str, tuple[float, ...]]]) -> bool:
    """Whether a he/she line is likely enough `best`'s for a round of ONE_ABOUT_SCHEDULE: `best` is the one of the
    candidates (all of the line's gender) about lately, acting or speaking in the last few paragraphs
    (ParagraphEvidence.present) while no other candidate acted or was named there, and the nearest; the line does not
    speak of them, they do not open the narration after it (its listener, as often as not), and its he/she follows
    no narration about someone unnamed and is no stranger's."""
    if not _may_be_the_one_about(para) or best not in para.present:
        return False
    about = {*para.present, *para.mentioned}
    if any(name in about for name, _ in candidates if name != best):
        return False
    return _nearest_and_not_its_listener(best, candidates)


def _nearest_and_not_its_listener(best: str, candidates: list[tuple[str, tuple[float, ...]]]) -> bool:
    """What both last rounds ask of `best` (_recency_agrees, _the_one_about): named or seen the most lately of the
    candidates, not spoken of in the line, and not the first one acting in the narration after it."""
    features = next(f for name, f in candidates if name == best)
    return bool(features[_NEAREST]) and not features[_SPOKEN_OF] and not features[_SUBJECT_AFTER]


def _may_be_the_one_about(para: ParagraphEvidence) -> bool:
    """What _the_one_about asks of the line itself: a he/she line after no narration about someone unnamed, no
    stranger's, with someone acting or speaking lately (one of whom `best` must be). On the 200k-word bench 1,456 of
    the 1,618 lines its round would score are turned down so, unscored (about a tenth of the ranker's scoring)."""
    return bool(para.gender_hint) and not para.after_unnamed and not para.stranger and bool(para.present)


_RESCORE_MARGIN = 0.05  # a line of an unchanged exchange this far below a round's threshold stays below it


def ranked_turns(
    run: list[ParagraphEvidence],
    resolver: Resolver,
    weights: dict[str, float],
    threshold: float,
    rule: str = "ranked",
    chances: dict[int, float] | None = None,
    near: float = 0.0,
    scenes: SceneOrder | None = None,
    agrees: Agrees | None = None,
    may_agree: MayAgree | None = None,
) -> list[tuple[ParagraphEvidence, str]]:
    """Lines of `run` no rule placed (and no stranger's) go to their likeliest speaker when that one's probability
    reaches `threshold` (and `agrees`, a round's own check, where given: _recency_agrees, _the_one_about; a line
    `may_agree`, that check's part read from the line alone, turns down is not scored); with
    `chances` (each line's best probability when last scored, kept up to date here), only the lines that last came at
    least `near` are read. All are scored
    before any is placed: a guess is no evidence for the next line in the same round. Returns the lines it placed,
    with their speakers."""
    found = []
    for i, para in enumerate(run):
        if not scored(run, i) or near and chances is not None and chances.get(id(para), 1.0) < near:
            continue
        if may_agree is not None and not may_agree(para):
            # `agrees` would turn it down whoever is best: not scored, its chance left as it was (read by a later
            # round's `near` only, and a later round of this check turns it down again)
            continue
        candidates = line_candidates(run, i, resolver, scenes)
        if not candidates:
            if chances is not None:
                chances[id(para)] = 0.0
            continue
        probability = probabilities(candidates, line_features(run, i, candidates), weights)
        best = max(probability, key=probability.__getitem__)
        if chances is not None:
            chances[id(para)] = probability[best]
        if (
            probability[best] >= threshold
            and (agrees is None or agrees(para, best, candidates))
            and not _likelier_someone_else(run, i, best, candidates, resolver)
        ):
            found.append((para, best))
    for para, who in found:
        para.speaker, para.rule = who, rule
    return found
