"""Script -> script with speakers: who says each line of dialogue, found by rules, offline and fast.

The rules, strongest first: a speech tag beside the line ("said Agnes", "he whispered", "Mara told
him"), a chat-fic `Name:` line, an action beat whose one subject is a character ("Mara shrugged."),
then turn-taking in a two-person exchange. Names inside the quotes are never speakers (they are
vocatives: "Father, there's someone..." is said *to* Father). He/she tags resolve to the one
character of that gender in the scene; with no named character of that gender in the story the line
goes to the unnamed role "he" or "she", so a two-person story with one name still gets two voices.
A line the rules cannot place keeps speaker None: a wrong voice is worse than the generic one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from .characters import NARRATOR, NOT_INVERTED, ROLE_FOR_GENDER, SPEECH_VERBS, WORD, Character, alias_lookup
from .model import Kind, Pause, Script, ScriptChapter, Segment
from .words import CHAT_TIME

_THOUGHT_VERBS = frozenset("thought thinks wondered wonders mused muses realized realised realizes realises".split())
# Base forms, only after a modal or "to" in the tag's own clause ("he can think of to tell her").
_VERB_PATTERN = "|".join(sorted(SPEECH_VERBS))
_SPEECH_BASES = frozenset("say tell ask answer reply whisper murmur call shout yell".split())
_PRONOUNS = {"he": "male", "she": "female"}
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|myself|I'm|I'd|I'll|I've)\b")
_THIRD_PERSON = re.compile(r"\b(?:he|she|him|her|his|hers)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.!?;…]")
_CHAT_LINE = re.compile(rf"^\s*{CHAT_TIME}([A-Z][\w'’.-]{{0,23}}(?: [A-Z][\w'’.-]{{0,23}})?|[\w.'’-]{{2,24}})\s*:\s+(?=\S)")
_NOT_CHAT_NAMES = frozenset(
    "note notes a/n an summary warning warnings disclaimer ps p.s edit update author chapter part title "
    "rating pairing characters time date location status beta".split()
)
MIN_CHAT_LINES = 3  # `Name: text` lines in a chapter before they are read as chat

# ---------------------------------------------------------------------------------------------------
# Attribution


@dataclass
class _Para:
    """One paragraph (or kept line) of the script, with what the rules found in it."""

    indexes: list[int]  # positions in the chapter's segment list
    scene: int
    speaker: str | None = None
    gender_hint: str | None = None  # an unresolved "he said": the speaker is male
    stranger: bool = False  # a tag names someone who is no character ("said a voice", "the old man said")
    vocatives: tuple[str, ...] = ()  # characters addressed in its dialogue
    subjects: tuple[str, ...] = ()  # characters acting in its narration
    has_dialogue: bool = False
    has_narration: bool = False
    continues: bool = False  # its speech goes on from the paragraph before: the same speaker


class _Resolver:
    """Turns a subject word (a name, he, she, I) into a speaker, given who is in the scene."""

    def __init__(self, characters: list[Character], first_person: bool) -> None:
        self.characters = characters
        self.lookup = alias_lookup(characters)
        self.first_person = first_person
        self.by_name = {c.name: c for c in characters}
        self.scene_names: dict[str, None] = {}  # characters named in this scene, in order (a set)
        self.last_speaker: str | None = None  # who spoke the paragraph of dialogue before this one
        names = sorted((w for c in characters for w in c.words), key=len, reverse=True)
        # who can head a tag; "the doctor" also as "The doctor"
        self.subject_pattern = "|".join(
            [
                *(re.escape(w) if not w.startswith("the ") else f"[Tt]he {re.escape(w[4:])}" for w in names),
                "he",
                "she",
                "He",
                "She",
                "I",
            ]
        )

    def name(self, word: str) -> str | None:
        return self.lookup.get(word.removesuffix("'s").removesuffix("’s").casefold())

    def subject(self, word: str) -> tuple[str | None, str | None]:
        """(speaker or None, gender hint when a pronoun could not be resolved)."""
        folded = word.casefold()
        if folded == "i":
            return (NARRATOR if self.first_person else None), None
        gender = _PRONOUNS.get(folded)
        if gender is None:
            return self.name(word), None
        present = [self.by_name[n] for n in self.scene_names]
        # who in the scene could be this he/she: that gender, or a gender the text never showed
        could_be = [c.name for c in present if c.gender in (gender, None)]
        if len(could_be) == 1 and could_be[0] == self.last_speaker and self.by_name[could_be[0]].gender is None:
            # "'Trouble?' Pansy asked. / 'Always,' he said.": a "he" answering someone whose gender the text
            # never showed is more likely someone else than them; unsure, so no one.
            return None, gender
        if len(could_be) == 1:
            self.learn(could_be[0], gender)
            return could_be[0], None
        if could_be:
            return None, gender
        if not any(c.gender in (gender, None) for c in self.characters):
            return ROLE_FOR_GENDER[gender], None  # nobody named could be this "he" or "she"
        return None, gender

    def is_person(self, speaker: str) -> bool:
        """A speaker who surely is someone: a role, the narrator, or a character with a gender or a tag."""
        character = self.by_name.get(speaker)
        return character is None or character.person or character.gender is not None

    def learn(self, name: str, gender: str) -> None:
        """A he/she that could only be `name`: take it as their gender from here on."""
        if self.by_name[name].gender is None:
            self.by_name[name] = replace(self.by_name[name], gender=gender)
            self.characters = [self.by_name[c.name] for c in self.characters]

    def mention(self, text: str) -> None:
        for word in WORD.findall(text):
            if word[0].isupper():
                name = self.name(word)
                if name:
                    self.scene_names[name] = None


def attribute_speakers(script: Script, characters: list[Character]) -> tuple[Script, list[Character]]:
    """`script` with `speaker` filled on the dialogue (and thoughts) the rules can place, and the
    characters with the genders the attribution learned ("she said" when only June could be a she)."""
    first_person = is_first_person(script)
    resolver = _Resolver(characters, first_person)
    chapters = [script.chapters[0]] if script.chapters else []
    for chapter in script.chapters[1:]:
        segments = _chat_lines(list(chapter.segments), resolver)
        chapters.append(ScriptChapter(chapter.title, tuple(_attribute_chapter(segments, resolver))))
    return replace(script, chapters=tuple(chapters)), resolver.characters


def is_first_person(script: Script) -> bool:
    """Narration told by an "I": first-person words at least half as common as he/she words."""
    first = third = 0
    for chapter in script.chapters[1:]:
        for segment in chapter.segments:
            if segment.kind is Kind.NARRATION:
                first += len(_FIRST_PERSON.findall(segment.text))
                third += len(_THIRD_PERSON.findall(segment.text))
    return first >= 5 and first >= 0.5 * third


def _attribute_chapter(segments: list[Segment], resolver: _Resolver) -> list[Segment]:
    paras: list[_Para] = []
    scene = 0
    current: list[int] = []
    for index, segment in enumerate(segments):
        current.append(index)
        if segment.pause in (Pause.PARAGRAPH, Pause.SCENE, Pause.LINE) or index == len(segments) - 1:
            paras.append(_Para(current, scene))
            current = []
            if segment.pause is Pause.SCENE:
                scene += 1
    speakers: dict[int, str] = {}
    thought_speakers: dict[int, str] = {}
    last_scene = -1
    for para in paras:
        if para.scene != last_scene:
            resolver.scene_names = {}
            resolver.last_speaker = None
            last_scene = para.scene
        _read_paragraph(para, segments, resolver)
    _take_turns(paras, resolver)
    pov = _point_of_view(segments, resolver)
    for para in paras:
        for i in para.indexes:
            segment = segments[i]
            if segment.kind is Kind.DIALOGUE and segment.speaker is None and para.speaker:
                speakers[i] = para.speaker
            elif segment.kind is Kind.THOUGHT and segment.speaker is None:
                who = _thought_tag(segments, i, resolver) or pov
                if who:
                    thought_speakers[i] = who
    found = {**thought_speakers, **speakers}  # (a line never has both)
    return [replace(s, speaker=found[i]) if i in found else s for i, s in enumerate(segments)]


def _pieces(para: _Para, segments: list[Segment]) -> list[tuple[Kind, str]]:
    """The paragraph as alternating runs of one kind, texts joined."""
    pieces: list[tuple[Kind, str]] = []
    for i in para.indexes:
        segment = segments[i]
        if pieces and pieces[-1][0] is segment.kind and segments[i - 1].pause is not Pause.NONE:
            pieces[-1] = (segment.kind, f"{pieces[-1][1]} {segment.text}")
        else:
            pieces.append((segment.kind, segment.text))
    return pieces


def _read_paragraph(para: _Para, segments: list[Segment], resolver: _Resolver) -> None:
    """Fill `para` from its own text: a tag, else a lone acting character; note vocatives and mentions."""
    chat_speakers = {segments[i].speaker for i in para.indexes if segments[i].kind is Kind.DIALOGUE and segments[i].speaker}
    pieces = _pieces(para, segments)
    para.has_dialogue = any(k is Kind.DIALOGUE for k, _ in pieces)
    para.continues = segments[para.indexes[0]].continues
    para.has_narration = any(k is Kind.NARRATION for k, _ in pieces)
    para.vocatives = tuple(n for k, t in pieces if k is Kind.DIALOGUE for n in _vocatives(t, resolver))
    subjects: list[str] = []
    hints: list[str] = []
    for kind, text in pieces:
        if kind is Kind.NARRATION:
            for sentence in re.split(r"(?<=[.!?…])\s+", text):
                who, hint = _sentence_subject(sentence, resolver)
                if who:
                    subjects.append(who)
                elif hint:
                    hints.append(hint)
    para.subjects = tuple(dict.fromkeys(subjects))
    if chat_speakers:
        para.speaker = next(iter(chat_speakers))
    elif para.has_dialogue:
        tag, hint = _tag(pieces, resolver)
        if tag is None and hint is None and not hints and len(para.subjects) == 1 and resolver.is_person(para.subjects[0]):
            tag = para.subjects[0]  # an action beat: the one character acting in a line's paragraph
        para.speaker = tag
        para.gender_hint = hint
        para.stranger = tag is None and hint is None and _untold_tag(pieces)
        if para.speaker in para.vocatives:
            para.speaker = None  # nobody calls themselves by name
        resolver.last_speaker = para.speaker
    for kind, text in pieces:
        if kind is Kind.NARRATION:
            resolver.mention(text)
    if para.speaker and para.speaker != NARRATOR and para.speaker in resolver.by_name:
        resolver.scene_names[para.speaker] = None


def _tag(pieces: list[tuple[Kind, str]], resolver: _Resolver) -> tuple[str | None, str | None]:
    """The speech tag next to the paragraph's dialogue: after a line ("...," she said) or before it (Mara said, "...").

    Tags that disagree ("Hi," said Anna. "Hello," said Ben.) leave the paragraph unplaced.
    """
    subject = resolver.subject_pattern
    found: list[tuple[str | None, str | None]] = []
    for index, (kind, text) in enumerate(pieces):
        if kind is not Kind.NARRATION:
            continue
        after_line = index > 0 and pieces[index - 1][0] is Kind.DIALOGUE
        before_line = index + 1 < len(pieces) and pieces[index + 1][0] is Kind.DIALOGUE
        tag: tuple[str | None, str | None] = (None, None)
        if after_line:
            tag = _match_tag(_CLAUSE_END.split(text, 1)[0], subject, resolver, at_start=True)
        if tag == (None, None) and before_line:
            clauses = _CLAUSE_END.split(text.rstrip(" ,:—–-"))
            clause = clauses[-1] if clauses[-1].strip() else (clauses[-2] if len(clauses) > 1 else "")
            if text.rstrip().endswith((",", ":", "—", "–")) or re.search(r"\b(?:said|says|asked|asks)\W*$", text):
                tag = _match_tag(clause, subject, resolver, at_start=False)
            if tag == (None, None) and text.rstrip().endswith(":"):
                tag = _introduced(clause, resolver)
        if tag != (None, None):
            found.append(tag)
    if len(set(found)) > 1:
        return None, None
    return found[0] if found else (None, None)


def _introduced(clause: str, resolver: _Resolver) -> tuple[str | None, str | None]:
    """A name that introduces the line with a colon, alone or with a short aside: "Sam, from the back
    seat: 'He's got you there.'" (a verb after the name would make it narration: "Dean looked at Sam:")."""
    found = re.fullmatch(r"\s*([A-Z][\w'’-]+)(?:,[^,:;\"“”]{1,40})?\s*", clause)
    if found is None or resolver.name(found.group(1)) is None:
        return None, None
    return resolver.subject(found.group(1))


def _untold_tag(pieces: list[tuple[Kind, str]]) -> bool:
    """A speech verb right after a line ("...," said a voice): someone spoke, but not anyone the rules know."""
    for index, (kind, text) in enumerate(pieces):
        if kind is Kind.NARRATION and index > 0 and pieces[index - 1][0] is Kind.DIALOGUE:
            head = [w.strip(",.;:!?").casefold() for w in _CLAUSE_END.split(text, 1)[0].split()[:4]]
            if any(w in SPEECH_VERBS for w in head):
                return True
    return False


def _match_tag(clause: str, subject: str, resolver: _Resolver, *, at_start: bool) -> tuple[str | None, str | None]:
    words = clause.strip(" ,—–-").split()
    if not words:
        return None, None
    verbs = _VERB_PATTERN
    if at_start:
        # "said Agnes", "asked Mr. Hale"
        inverted = re.match(rf"^\W*(?:{verbs})\s+(?:Mr\.?\s+|Mrs\.?\s+|Ms\.?\s+|Dr\.?\s+)?({subject})\b", clause.strip())
        if inverted and words[0].casefold() not in NOT_INVERTED and inverted.group(1).casefold() not in ("i",):
            return resolver.subject(inverted.group(1))
    # "she said", "she'd said", "Mara had said" (a remembered line), "Mara quietly said", "There, she said them",
    # "he can think of to tell her"
    direct = re.search(rf"(?<![\w'])({subject})(?:['’](?:s|d)|\s+had)?\s+(?:\w+ly\s+)?(?:{verbs})\b", clause)
    if direct is None:
        direct = re.search(
            rf"(?<![\w'])({subject})\s+(?:[a-z]+\s+){{0,4}}?(?:can|could|would|will|had|has|wanted|tried|managed)\s+"
            rf"(?:[a-z]+\s+){{0,3}}?(?:to\s+)?(?:{'|'.join(_SPEECH_BASES)})\b",
            clause,
        )
    if direct is None:
        return None, None
    lead = clause[: direct.start()]
    if at_start and len(lead.split()) > 3:
        return None, None  # too far from the line to be its tag
    who = direct.group(1)
    if not who[0].isupper() and who not in ("he", "she") and resolver.name(who) is None:
        return None, None
    return resolver.subject(who)


def _sentence_subject(sentence: str, resolver: _Resolver) -> tuple[str | None, str | None]:
    """The character a narration sentence is about when it opens with their name or he/she and a verb."""
    # an opening phrase of two words or more may come first: "When the door closed, Nora's voice dropped."
    match = re.match(
        r"^\W*(?:[A-Z][a-z]*\s[^,.;:!?\"“”]{1,50},\s+)?(The\s+[a-z]+(?:['’]s)?|[A-Z][\w'’-]*|he|she)(?:\s+[A-Z][\w'-]+)?\s+([a-z]+)",
        sentence,
    )
    if match is None:
        return None, None
    word = match.group(1)
    if word.endswith(("'s", "’s")):
        return resolver.name(word), None  # "Nora's voice dropped": still Nora acting
    if word.casefold() in ("he", "she", "i"):
        return resolver.subject(word)
    name = resolver.name(word)
    return name, None


def _vocatives(text: str, resolver: _Resolver) -> list[str]:
    """Characters called by name in a line: 'Mara, wait', 'Wait, Mara.', 'Hey Mara!'."""
    found = []
    for match in re.finditer(
        r"(?:^|[,;!?.…]\s*|\b(?:Hey|Oh|Hi|Hello|Thanks|Sorry|Please|Look|Listen)\s+)([A-Z][\w'-]+)(?=\s*(?:[,!?.…]|$))", text
    ):
        name = resolver.name(match.group(1))
        if name:
            found.append(name)
    return found


def _take_turns(paras: list[_Para], resolver: _Resolver) -> None:
    """Untagged lines in a two-person exchange alternate: A, B, A... Only across at most one paragraph of narration."""
    last: str | None = None
    before_last: str | None = None
    last_vocatives: tuple[str, ...] = ()
    gap = 0
    scene = -1
    participants: list[str] = []
    mentioned: set[str] = set()
    for para in paras:
        if para.scene != scene:
            scene, last, before_last, gap, participants, mentioned, last_vocatives = para.scene, None, None, 0, [], set(), ()
        mentioned.update(para.subjects)
        if not para.has_dialogue:
            gap += 1
            continue
        if para.speaker is None and para.continues and last is not None and gap == 0:
            para.speaker = last
        if para.speaker is None and last is not None and gap <= 1:
            candidate = None
            addressed = [v for v in last_vocatives if v != last]
            people = set(participants) | {m for m in mentioned if m != NARRATOR}
            if len(addressed) == 1:
                candidate = addressed[0]
            elif before_last and before_last != last and people <= {last, before_last}:
                candidate = before_last
            elif len(people) == 2 and last in people:
                candidate = next(p for p in people if p != last)
            if candidate and _fits(candidate, para, resolver):
                para.speaker = candidate
        if para.speaker is None:
            last, before_last, gap = None, None, 0
            continue
        if para.speaker != last:
            before_last, last = last, para.speaker
        if para.speaker not in participants:
            participants.append(para.speaker)
        last_vocatives = para.vocatives
        gap = 0


def _fits(candidate: str, para: _Para, resolver: _Resolver) -> bool:
    if para.stranger:
        return False
    if candidate in para.vocatives:
        return False
    if any(s != candidate for s in para.subjects):
        return False  # someone else acts in this paragraph
    gender = (
        resolver.by_name[candidate].gender
        if candidate in resolver.by_name
        else {v: k for k, v in ROLE_FOR_GENDER.items()}.get(candidate)
    )
    return para.gender_hint is None or para.gender_hint == gender


def _thought_tag(segments: list[Segment], index: int, resolver: _Resolver) -> str | None:
    """'*...*, she thought' or 'Mara wondered: *...*'."""
    subject = resolver.subject_pattern
    verbs = "|".join(_THOUGHT_VERBS)
    for neighbour in (index + 1, index - 1):
        if 0 <= neighbour < len(segments) and segments[neighbour].kind is Kind.NARRATION:
            match = re.search(rf"(?<![\w'])({subject})\s+(?:\w+ly\s+)?(?:{verbs})\b", segments[neighbour].text)
            if match:
                who, _ = resolver.subject(match.group(1))
                if who:
                    return who
    return None


def _point_of_view(segments: list[Segment], resolver: _Resolver) -> str | None:
    """Whose head the chapter is in: the narrator, or a clear majority he/she resolved to one person."""
    if resolver.first_person:
        return NARRATOR
    counts: Counter[str] = Counter()
    for segment in segments:
        if segment.kind is Kind.NARRATION:
            for word in re.findall(r"\b(?:he|she|He|She)\b", segment.text):
                counts[_PRONOUNS[word.casefold()]] += 1
    if not counts:
        return None
    (gender, n), total = counts.most_common(1)[0], sum(counts.values())
    if n < 5 or n < 2 * (total - n):
        return None
    people = [c.name for c in resolver.characters if c.gender == gender]
    if not people:
        return ROLE_FOR_GENDER[gender]
    return people[0] if len(people) == 1 else None


def _chat_lines(segments: list[Segment], resolver: _Resolver) -> list[Segment]:
    """Chat-fic and script lines (`Name: text`): the name stays narration, the rest is their dialogue."""
    starts = {i for i in range(len(segments)) if i == 0 or segments[i - 1].pause in (Pause.LINE, Pause.PARAGRAPH, Pause.SCENE)}
    matches = {}
    for i in sorted(starts):
        if segments[i].kind is not Kind.NARRATION:
            continue
        match = _CHAT_LINE.match(segments[i].text)
        if match and match.group(1).casefold().strip(".") not in _NOT_CHAT_NAMES:
            matches[i] = match
    names = Counter(m.group(1) for m in matches.values())
    if len(matches) < MIN_CHAT_LINES or len(names) < 2:
        return segments
    out: list[Segment] = []
    speaking: str | None = None
    for i, segment in enumerate(segments):
        if i in starts:
            speaking = None
        match = matches.get(i)
        if match:
            label = match.group(1)
            speaking = resolver.name(label) or label
            rest = segment.text[match.end() :]
            out.append(Segment(Kind.NARRATION, segment.text[: match.end()].strip(), None, Pause.NONE))
            out.append(Segment(Kind.DIALOGUE, rest, speaking, segment.pause))
            continue
        if speaking and segment.kind is Kind.NARRATION:
            out.append(replace(segment, kind=Kind.DIALOGUE, speaker=speaking))  # the line's later sentences
            continue
        out.append(segment)
    return out
