"""Script -> script with speakers: who says each line of dialogue, found by rules, offline and fast.

The rules, strongest first: a speech tag beside the line ("said Hermia", "he whispered", "Mara told
him", "said the Professor", "put in Prideaux") or ending the narration paragraph just before it
("Presently Rosalba said:"), a description the narration set beside a name before ("Kasimir, the old
shepherd, leaned..." then "said the old shepherd", while Kasimir is in the scene; or one of two words or more
("the old man", "the boy") turn-taking gave to one character twice before and to no one else, in an earlier chapter;
a described line answering a line that called someone by name counts as such a turn), a chat-fic `Name:` line, an action beat whose one subject is a character and
that names no one else ("Mara shrugged."), then the conversation: a he/she line goes to the one
character of that gender speaking in the exchange (when no other of that gender is about), and lines
between two lines placed by their text take turns when only two people talk; in such an exchange a line
naming one of the two is the other's, and anchors those turns too. Names inside the quotes
are never speakers (they are vocatives: "Father, there's someone..." is said *to* Father). A name two
characters share ("Osbert") is the one of them seen in the scene lately, when only one was (never in a
tag: "said Osbert" stays unplaced). He/she
tags resolve to the one character of that gender in the scene; with no named character of that gender
in the story the line goes to the unnamed role "he" or "she", so a two-person story with one name
still gets two voices. A line the rules cannot place keeps speaker None: a wrong voice is worse than
the generic one. To measure the rules one by one, set FIC2AUDIO_SPEAKER_RULES to a file: each placed
line is appended to it as JSON with the rule that placed it (tag-name, tag-descriptor, tag-before, pronoun-*,
beat-before, turns-*).
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from .characters import (
    KIN_NAMES,
    NAME,
    NARRATOR,
    NOT_INVERTED,
    PARTICLE,
    ROLE_FOR_GENDER,
    SPEECH_VERBS,
    Character,
    alias_lookup,
    mentions,
    name_in,
    norm_name,
)
from .model import Kind, Pause, Script, ScriptChapter, Segment
from .words import CHAT_TIME

_THOUGHT_VERBS = frozenset("thought thinks wondered wonders mused muses realized realised realizes realises".split())
# Base forms, only after a modal or "to" in the tag's own clause ("he can think of to tell her").
# Verbs of two words ("put in Prideaux", "Dunstan went on"): a speech verb and its particle.
_PHRASAL_VERBS = (
    r"put\s+in|broke\s+in|cut\s+in|chimed\s+in|struck\s+in|joined\s+in|went\s+on|burst\s+out|called\s+out|"
    r"cried\s+out|spoke\s+up|piped\s+up|spoke\s+out|rapped\s+out|got\s+out|brought\s+out"
)
_VERB_PATTERN = "|".join([*sorted(SPEECH_VERBS), _PHRASAL_VERBS])
# A quotation may be thought aloud: "'That man means trouble,' thought Osbert" is Osbert's (after the line
# only: "Fabian thought he heard the pedlar say" is the pedlar's line).
_TAG_VERB_PATTERN = f"{_VERB_PATTERN}|thought|thinks|mused|muses|reflected|reflects|conjectured"
_SPEECH_BASES = frozenset("say tell ask answer reply whisper murmur call shout yell cry exclaim remark observe add".split())
# A word between a tag's subject and its verb: "Mara quietly said", "Rowena then remarked".
_ADVERB = r"(?:\w+ly|then|now|again|still|also|only|at\s+last|at\s+once|at\s+length|presently|suddenly)"
# A speech going on as the tag is told: "Lysander was saying", "she was asking".
_SPEAKING = "saying|asking|crying|replying|answering|whispering|murmuring|calling|shouting|exclaiming|explaining|remarking"
# Nouns of a tag like "...," was Neville's only reply.
_SPEECH_NOUNS = (
    "reply|answer|question|retort|cry|remark|greeting|response|exclamation|comment|rejoinder|inquiry|explanation|"
    "observation|protest|reproach|verdict|advice|suggestion|command|apology|salutation|announcement"
)
_PRONOUNS = {"he": "male", "she": "female"}
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|myself|I'm|I'd|I'll|I've)\b")
_THIRD_PERSON = re.compile(r"\b(?:he|she|him|her|his|hers)\b", re.IGNORECASE)
# a clause ends at . ! ? ; but not at the dot of a title ("said Mrs. Brackett")
_CLAUSE_END = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMme)(?<!\bMlle)(?<!\bRev)(?<!\bCapt)(?<!\bCol)(?<!\bLt)[.!?;…]"
)
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
    mixed: bool = False  # tags name two speakers: more than one person talks here
    line_speakers: dict[int, str] = field(default_factory=dict)  # in a mixed paragraph: segment -> the name its own tag gives
    vocatives: tuple[str, ...] = ()  # characters addressed in its dialogue
    subjects: tuple[str, ...] = ()  # characters acting in its narration
    named: tuple[str, ...] = ()  # characters its narration names
    closing_subject: str | None = None  # the character its narration's last sentence is about
    hints: tuple[str, ...] = ()  # he/she subjects of its narration (and "stranger:" ones)
    closing_hints: tuple[str, ...] = ()  # a he/she or an unnamed someone its narration's last sentence is about
    present: tuple[str, ...] = ()  # characters acting or speaking in the scene lately, before this paragraph
    mentioned: tuple[str, ...] = ()  # characters named in the scene lately
    in_scene: tuple[str, ...] = ()  # characters named in the scene so far
    has_dialogue: bool = False
    has_narration: bool = False
    continues: bool = False  # its speech goes on from the paragraph before: the same speaker
    description: str = ""  # its tag's unresolved description: "the old gentleman"
    placed: bool = False  # its speaker comes from its own text (a tag, a beat), not from turn-taking
    rule: str = ""  # which rule placed the speaker, for FIC2AUDIO_SPEAKER_RULES
    scene_fit: str | None = None  # an unresolved he/she: the one character of that gender seen in the scene before


# Nouns that tell a speaker's gender in a tag ("said the old man", "the girl replied").
_DESCRIPTOR_GENDER = {
    **dict.fromkeys(
        "man gentleman boy lad fellow husband father son brother uncle king prince lord youth".split(),
        "male",
    ),
    **dict.fromkeys(
        "woman lady girl wife mother daughter sister aunt queen princess maid widow".split(),
        "female",
    ),
}
# A tag's subject: a name, "the old man", "the Professor", "the gloomy Whitlock", "old Barnaby Thornby", he, she, I.
_SUBJECT = (
    rf"(?:{NAME}|[Tt]he\s+(?:[a-z]+\s+){{0,2}}{NAME}|(?:[Tt]he\s+)?(?:old|young|little|poor|good|dear)\s+{NAME}"
    rf"|[Tt]he(?:\s+[a-z]+){{1,2}}|[Hh]e|[Ss]he|I|(?:{'|'.join(sorted(KIN_NAMES))})(?![\w'’])|{PARTICLE}{NAME})"
)  # (a word for kin as a name: "said nanny"; a name that opens with its particle: "said de Vries")
_LEADING_PARTICLE = re.compile(rf"^{PARTICLE}(?=[A-Z])")
_DESCRIBED_NAME = re.compile(rf"^(?:[Tt]he\s+)?(?:[a-z]+\s+){{1,2}}({NAME})$")
# A description set beside a name in the narration: "Mr. Halloway, the old gentleman, ..." / "the old gentleman, Mr. Halloway,".
# Both open a sentence and are followed by a verb, so that "Turning to Tom, the old man said" is no apposition.
_APPOSITION_AFTER = re.compile(rf"(?:^|(?<=[.!?]\s))\W*({NAME}),\s+the\s+((?:[a-z]+\s+){{0,2}}[a-z]+),\s+[a-z]+")
_APPOSITION_BEFORE = re.compile(rf"(?:^|(?<=[.!?]\s))\W*[Tt]he\s+((?:[a-z]+\s+){{0,2}}[a-z]+),\s+({NAME}),\s+[a-z]+")
# What both shapes hold: a comma before "the" (after) or before a name's capital (before).
_APPOSITION_MARK = re.compile(r",\s+(?:the\s|[A-ZÀ-ÖØ-Þ])")
# Last words of a phrase after "the" that are no description of a person ("Tom, the next day, ...").
_NOT_DESCRIPTORS = frozenset(
    "day night morning evening afternoon week month year time moment while way end other same first last next rest "
    "one two three room house door window street town way world".split()
)
_DESCRIPTOR_VOTES = 2  # lines turn-taking gave to one character before their description is theirs
STRANGER = "stranger:"  # a hint that an unnamed person ("the old man") acts: "stranger:male"
_RECENT_PARAGRAPHS = 12  # how far back a "he said" looks for its man
_PRESENT_PARAGRAPHS = 4  # who acted or spoke this lately is taken to be in the room
_SHORT_EXCHANGE = 4  # lines of dialogue in a row
_PAIR_REACH = 3  # two people take turns from a line placed by its text at most this many lines back
_SHARED_PARAGRAPHS = 6  # a shared name means the one of its owners seen this lately
_PRONOUN_PARAGRAPHS = 2  # a he/she tag names the one of that gender who acted or spoke in the paragraphs just before


class _Resolver:
    """Turns a subject word (a name, he, she, I) into a speaker, given who is in the scene."""

    def __init__(self, characters: list[Character], first_person: bool) -> None:
        self.characters = characters
        self.lookup = alias_lookup(characters)
        for key, found in self.lookup.items():
            if not found:  # a form two characters share goes to the one surely a person, if only one is
                people = {c.name for c in characters if c.person and any(norm_name(w) == key for w in c.words)}
                if len(people) == 1:
                    self.lookup[key] = people.pop()
        self.sharers = {  # a form two characters still share -> those characters ("Osbert": Pendry and Bexley)
            key: tuple(c.name for c in characters if any(norm_name(w) == key for w in c.words))
            for key, found in self.lookup.items()
            if not found
        }
        self.first_person = first_person
        self.by_name = {c.name: c for c in characters}
        self.recent: dict[str, int] = {}  # characters acting or speaking in this scene -> the paragraph last seen
        self.mentioned: dict[str, int] = {}  # characters named in this scene -> the paragraph last named
        self.paragraph = 0
        self.last_speaker: str | None = None  # who spoke the paragraph of dialogue before this one
        self.last_rule = ""
        self.described = False  # the tag read last was a description ("said the old man"), not a he/she
        self.descriptors: dict[str, str] = {}  # "old gentleman" -> the character the narration last called so
        self.ambiguous: set[str] = set()  # descriptions turn-taking gave to two characters
        self.turn_votes: dict[str, Counter[str]] = {}  # description -> who turn-taking gave its lines to
        self.description = ""  # the description read last: "the old gentleman"
        self.by_descriptor = False  # the tag read last was a description resolved through `descriptors`
        self.shared_hit = False  # a name read lately was a shared one, settled by who was about

    def name(self, word: str) -> str | None:
        found = self.lookup.get(norm_name(word))
        if found is None and word[:1].isupper():
            cleaned = name_in(word)
            found = self.lookup.get(norm_name(cleaned)) if cleaned else None
        if found == "":
            found = self.shared(norm_name(word) if norm_name(word) in self.sharers else norm_name(name_in(word) or ""))
        if found is None and _LEADING_PARTICLE.match(word):
            return self.name(_LEADING_PARTICLE.sub("", word, count=1))  # "de Vries" is Vries
        return found or None

    def shared(self, key: str) -> str | None:
        """A form two characters share ("Osbert") means the one of them seen in the scene lately, when only one was."""
        lately = [
            name
            for name in self.sharers.get(key, ())
            if self.paragraph - max(self.recent.get(name, -99), self.mentioned.get(name, -99)) <= _SHARED_PARAGRAPHS
        ]
        self.shared_hit = self.shared_hit or len(lately) == 1
        return lately[0] if len(lately) == 1 else None

    def gender(self, name: str) -> str | None:
        character = self.by_name.get(name)
        return character.gender if character else {v: k for k, v in ROLE_FOR_GENDER.items()}.get(name)

    def subject(self, word: str) -> tuple[str | None, str | None]:
        """(speaker or None, gender when it is a he/she or a gendered description to resolve)."""
        folded = " ".join(word.casefold().split())
        if folded == "i":
            return (NARRATOR if self.first_person else None), None
        if folded in _PRONOUNS:
            return None, _PRONOUNS[folded]
        described = _DESCRIBED_NAME.match(" ".join(word.split()))
        if described:
            named = self.name(" ".join(word.split())) or self.name(described.group(1))  # "the Professor", "the gloomy Whitlock"
            if named:
                return named, None
        if folded.startswith("the "):
            named = self.name(folded)  # "the doctor": the one character with that title
            if named:
                return named, None
            self.described = True
            self.description = " ".join(folded.split()[1:])
            known = self.described_as(folded)
            if known:
                self.by_descriptor = True
                return known, None
            return None, _DESCRIPTOR_GENDER.get(folded.split()[-1], "")
        return self.name(word), None

    def resolve(self, gender: str, para: _Para, before: tuple[str, ...], adjacent: str | None) -> str | None:
        """The character a he/she tag means: one of that gender acting just before it in the paragraph, else
        the most recent one seen in the scene who did not speak the line before."""
        for name in reversed(before):
            if self.gender(name) == gender:
                self.last_rule = "pronoun-before"
                return name
        unknown: list[str] = []
        fitting: list[str] = []
        for name, seen in sorted(self.recent.items(), key=lambda item: -item[1]):
            if self.paragraph - seen > _RECENT_PARAGRAPHS:
                break
            if name == adjacent or name in para.vocatives or name == NARRATOR:
                continue
            # two paragraphs back only across a line someone else said ("Tom came in. 'Shut it,' said Ann. 'Yes,' said he.")
            reach = _PRONOUN_PARAGRAPHS if adjacent else 1
            if self.gender(name) == gender and self.paragraph - seen <= reach:
                fitting.append(name)  # a "he" further back than the room's last few paragraphs is anyone's guess
            elif self.gender(name) is None and name not in unknown:
                unknown.append(name)
        if len(fitting) == 1 and not self.described:  # two men lately: "he" could be either
            distance = self.paragraph - self.recent[fitting[0]]
            others = {
                n
                for n, at in (*self.recent.items(), *self.mentioned.items())
                if n != fitting[0] and self.paragraph - at <= _PRESENT_PARAGRAPHS and self.gender(n) == gender
            }
            if distance > 1 and others or len(others) > 1:
                return None  # two paragraphs back with another of that gender about, or a crowd of them: anyone's guess
            self.last_rule = f"pronoun-recent-d{min(distance, 5)}-u{min(len(unknown), 2)}"
            return fitting[0]
        for name, seen in self.mentioned.items():  # someone only named lately may be the one unknown person
            if name == adjacent or name in para.vocatives or name == NARRATOR or name in unknown:
                continue
            if self.paragraph - seen <= _RECENT_PARAGRAPHS and self.gender(name) is None:
                unknown.append(name)
        if len(unknown) == 1 and not fitting and not any(self.gender(n) == gender for n in (*self.recent, *self.mentioned)):
            self.learn(unknown[0], gender)  # the one person here who could be this "she": she is a she
            self.last_rule = "pronoun-learned"
            return unknown[0]
        if not any(c.gender in (gender, None) for c in self.characters):
            self.last_rule = "pronoun-role"
            return ROLE_FOR_GENDER[gender]  # nobody named could be this "he" or "she"
        if not fitting and not self.described:
            seen_before = [
                n for n in self.recent if self.gender(n) == gender and n not in (adjacent, NARRATOR) and n not in para.vocatives
            ]
            if len(seen_before) == 1:
                para.scene_fit = seen_before[0]  # too long ago to name alone; turns may confirm (_scene_pair_turns)
        return None

    def described_as(self, phrase: str) -> str | None:
        """The character in this scene a description ("the old gentleman") was used for before, if any."""
        known = self.descriptors.get(" ".join(phrase.casefold().split()[1:]))
        seen = max(self.recent.get(known, 0), self.mentioned.get(known, 0)) if known else 0
        if known and seen and self.paragraph - seen <= _RECENT_PARAGRAPHS:
            return known
        return None

    def learn_descriptor(self, descriptor: str, name: str) -> None:
        """Remember that `descriptor` ("old gentleman") meant `name`, when the gendered noun fits."""
        words = descriptor.casefold().split()
        if not words or words[-1] in _NOT_DESCRIPTORS or self.name(f"the {descriptor}"):
            return
        noun_gender = _DESCRIPTOR_GENDER.get(words[-1])
        if noun_gender and self.gender(name) not in (noun_gender, None):
            return
        self.descriptors[" ".join(words)] = name
        self.ambiguous.discard(" ".join(words))

    def learn_from_turns(self, descriptor: str, name: str) -> None:
        """A described line turn-taking placed ("said the old gentleman", between two of Halloway's turns):
        the description is that character's, unless turns gave it to someone else before."""
        votes = self.turn_votes.setdefault(descriptor, Counter())
        votes[name] += 1
        noun_gender = _DESCRIPTOR_GENDER.get(descriptor.split()[-1])
        if len(votes) > 1 or descriptor in self.ambiguous:
            self.descriptors.pop(descriptor, None)
            self.ambiguous.add(descriptor)
        elif votes[name] >= _DESCRIPTOR_VOTES and noun_gender in (None, self.gender(name)):
            # "the old gentleman", or a bare "the pedlar", "the doctor" that turns gave to one character only, twice
            self.learn_descriptor(descriptor, name)

    def learn_appositions(self, text: str) -> None:
        """Descriptions the narration puts beside a name: "Mr. Halloway, the old gentleman, ..." and
        "the old gentleman, Mr. Halloway, ..."."""
        if _APPOSITION_MARK.search(text) is None:
            return  # neither shape is there: most narration is read without trying them at every character
        for match in _APPOSITION_AFTER.finditer(text):
            name = self.name(match.group(1))
            if name:
                self.learn_descriptor(match.group(2), name)
        for match in _APPOSITION_BEFORE.finditer(text):
            name = self.name(match.group(2))
            if name:
                self.learn_descriptor(match.group(1), name)

    def learn(self, name: str, gender: str) -> None:
        if name in self.by_name and self.by_name[name].gender is None:
            self.by_name[name] = replace(self.by_name[name], gender=gender)
            self.characters = [self.by_name[c.name] for c in self.characters]

    def is_person(self, speaker: str) -> bool:
        """A speaker who surely is someone: a role, the narrator, or a character with a gender or a tag."""
        character = self.by_name.get(speaker)
        return character is None or character.person or character.gender is not None

    def see(self, name: str) -> None:
        if name != NARRATOR:
            self.recent[name] = self.paragraph

    def mention(self, text: str) -> list[str]:
        found = []
        for written in mentions(text):
            name = self.lookup.get(norm_name(written))
            if name:
                self.mentioned[name] = self.paragraph
                found.append(name)
        return found


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
        # a chapter's narration searched at once, a line break between segments (no word runs across one)
        narration = "\n".join(segment.text for segment in chapter.segments if segment.kind is Kind.NARRATION)
        first += len(_FIRST_PERSON.findall(narration))
        third += len(_THIRD_PERSON.findall(narration))
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
    previous: _Para | None = None
    for para in paras:
        if para.scene != last_scene:
            resolver.recent = {}
            resolver.mentioned = {}
            resolver.last_speaker = None
            previous = None
            last_scene = para.scene
        resolver.paragraph += 1
        _read_paragraph(para, segments, resolver, previous)
        previous = para
    _take_turns(paras, resolver)
    for para in paras:
        if para.description and para.speaker and para.rule.startswith(("turns-", "pronoun-exchange")):
            resolver.learn_from_turns(para.description, para.speaker)
    pov = _point_of_view(segments, resolver)
    for para in paras:
        for i in para.indexes:
            segment = segments[i]
            who = para.speaker or para.line_speakers.get(i)
            if segment.kind is Kind.DIALOGUE and segment.speaker is None and who:
                speakers[i] = who
                _log_rule(para.rule if para.speaker else "tag-own-line", who, segment.text)
            elif segment.kind is Kind.THOUGHT and segment.speaker is None:
                who = _thought_tag(segments, i, resolver) or pov
                if who:
                    thought_speakers[i] = who
    placed = {**thought_speakers, **speakers}  # only the segments whose speaker changes are made anew
    return [replace(s, speaker=placed[i]) if i in placed and placed[i] != s.speaker else s for i, s in enumerate(segments)]


def _log_rule(rule: str, speaker: str, text: str) -> None:
    """With FIC2AUDIO_SPEAKER_RULES naming a file, append which rule placed each line (for measuring rules)."""
    path = os.environ.get("FIC2AUDIO_SPEAKER_RULES")
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"rule": rule or "?", "speaker": speaker, "text": text}) + "\n")


def _pieces(para: _Para, segments: list[Segment]) -> list[tuple[Kind, str]]:
    """The paragraph as alternating runs of one kind, texts joined."""
    return _pieces_with_segments(para, segments)[0]


def _pieces_with_segments(para: _Para, segments: list[Segment]) -> tuple[list[tuple[Kind, str]], list[int]]:
    """`_pieces`, and for each of the paragraph's segments the number of the piece it is in."""
    pieces: list[tuple[Kind, str]] = []
    piece_of: list[int] = []
    for i in para.indexes:
        segment = segments[i]
        if pieces and pieces[-1][0] is segment.kind and segments[i - 1].pause is not Pause.NONE:
            pieces[-1] = (segment.kind, f"{pieces[-1][1]} {segment.text}")
        else:
            pieces.append((segment.kind, segment.text))
        piece_of.append(len(pieces) - 1)
    return pieces, piece_of


def _read_paragraph(para: _Para, segments: list[Segment], resolver: _Resolver, previous: _Para | None) -> None:
    """Fill `para` from its own text: a tag, else a lone acting character; note vocatives and mentions."""
    chat_speakers = {segments[i].speaker for i in para.indexes if segments[i].kind is Kind.DIALOGUE and segments[i].speaker}
    pieces, piece_of = _pieces_with_segments(para, segments)
    para.has_dialogue = any(k is Kind.DIALOGUE for k, _ in pieces)
    para.continues = segments[para.indexes[0]].continues
    para.has_narration = any(k is Kind.NARRATION for k, _ in pieces)
    para.vocatives = tuple(n for k, t in pieces if k is Kind.DIALOGUE for n in _vocatives(t, resolver))
    subjects: list[str] = []
    hints: list[str] = []
    before: list[str] = []  # characters acting in the narration before the first line
    seen_line = False
    for kind, text in pieces:
        if kind is Kind.NARRATION:
            for sentence in _sentences(text):
                who, hint = _sentence_subject(sentence, resolver)
                if who:
                    subjects.append(who)
                    if not seen_line:
                        before.append(who)
                        resolver.see(who)
                    para.closing_subject = who
                elif sentence.strip():
                    para.closing_subject = None
                if hint:
                    hints.append(hint)
                para.closing_hints = (hint,) if hint else ()
        else:
            seen_line = True
    para.subjects = tuple(dict.fromkeys(subjects))
    para.hints = tuple(dict.fromkeys(hints))
    adjacent = previous.speaker if previous is not None and previous.has_dialogue else None
    para.present = tuple(n for n, seen in resolver.recent.items() if resolver.paragraph - seen <= _PRESENT_PARAGRAPHS)
    para.mentioned = tuple(n for n, seen in resolver.mentioned.items() if resolver.paragraph - seen <= _PRESENT_PARAGRAPHS)
    para.in_scene = tuple(resolver.mentioned)
    if chat_speakers:
        para.speaker = next(iter(chat_speakers))
        para.rule = "chat"
    elif para.has_dialogue:
        leading: set[str] = set()  # characters named in the narration before the first line
        introduces = False  # that narration ends with a colon: "Dean looked at Sam, then at the road: '...'"
        for _kind, text in pieces[: next(i for i, (k, _) in enumerate(pieces) if k is not Kind.NARRATION)]:
            leading.update(resolver.mention(text))
            introduces = text.rstrip().endswith(":")
        resolver.described = resolver.by_descriptor = resolver.shared_hit = False
        resolver.description = ""
        tag, hint = _tag(pieces, resolver)
        para.description = resolver.description if resolver.described and not tag else ""
        para.rule = ("tag-descriptor" if resolver.by_descriptor else "tag-name") if tag else ""
        if tag and resolver.by_descriptor and " " not in resolver.description:
            para.rule += "-bare"
        closing = _closing_narration(previous, segments) if pieces[0][0] is Kind.DIALOGUE and previous is not None else ""
        if tag is None and hint is None and closing:
            # the paragraph before ends in narration: 'Lady Corvey thought "it was worth the bother"; ... Clemency smiled and said,'
            tag, hint = _tag_before(closing, resolver, announces=previous is not None and not previous.has_dialogue)
            para.rule = "tag-before" if tag else ""
        if tag and resolver.shared_hit:
            tag, para.rule = None, ""  # "said Osbert" with one Osbert about: right far less often than the name's other uses
        strangers = {
            h.removeprefix(STRANGER)
            for h in (
                *hints,
                *(previous.closing_hints if previous and not previous.has_dialogue else ()),
            )
            if h.startswith(STRANGER)
        }
        unnamed = (
            previous is not None
            and not previous.has_dialogue
            and hint in previous.hints
            and not any(resolver.gender(n) == hint for n in previous.subjects)
        )
        if tag is None and hint and (hint in strangers or unnamed):
            # "The old man bowed. 'Sirs,' he cried." / "The ferryman squinted. He... 'You,' he said.": he is no one named
            para.stranger = True
        elif tag is None and hint:
            tag = resolver.resolve(hint, para, tuple(before), adjacent)
            para.rule = resolver.last_rule if tag else ""
            if tag and any(n != tag and resolver.gender(n) == hint for n in leading):
                tag, para.rule = None, ""  # "Tom nodded to Sam. 'Go,' he said.": either man
            hint = None if tag else hint
        hints = [h for h in hints if not h.startswith(STRANGER)] if not para.stranger else hints
        if (
            tag is None
            and hint is None
            and not hints
            and before
            and len(para.subjects) == 1
            and resolver.is_person(para.subjects[0])
            and (not leading - {para.subjects[0]} or introduces)  # "Ann looked at Tom." may as well lead to Tom's line
        ):
            tag = para.subjects[0]  # an action beat: the one character acting in a line's paragraph, no one else named
            para.rule = "beat-before"
        para.speaker = tag
        para.gender_hint = hint or None
        para.stranger = para.stranger or tag is None and (hint == "" or hint is None and _untold_tag(pieces))
        para.mixed = tag is None and hint is None and _tags_disagree(pieces, resolver)
        if para.mixed:
            own = _own_line_tags(pieces, resolver)
            para.line_speakers = {i: own[n] for i, n in zip(para.indexes, piece_of, strict=True) if n in own}
            for who in own.values():
                resolver.see(who)
        if para.speaker in para.vocatives:
            para.speaker = None  # nobody calls themselves by name
        resolver.last_speaker = para.speaker
    for kind, text in pieces:
        if kind is Kind.NARRATION:
            para.named += tuple(resolver.mention(text))
            resolver.learn_appositions(text)
    for who in subjects:
        resolver.see(who)
    if para.speaker and para.speaker != NARRATOR and para.speaker in resolver.by_name:
        resolver.see(para.speaker)


_TITLE_DOT = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Mme|Mlle|Rev|Capt|Col|Lt)\.$")


_SENTENCE_GAP = re.compile(r"(?<=[.!?…])\s+")


def _sentences(text: str) -> list[str]:
    """Narration cut into sentences, never after the dot of a title ("Mrs. Brackett laughed.")."""
    out: list[str] = []
    for part in _SENTENCE_GAP.split(text):
        if out and _TITLE_DOT.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def _tag_candidates(pieces: list[tuple[Kind, str]], resolver: _Resolver) -> list[tuple[str | None, str | None]]:
    return [tag for _, _, tag, _ in _placed_tag_candidates(pieces, resolver)]


def _own_line_tags(pieces: list[tuple[Kind, str]], resolver: _Resolver) -> dict[int, str]:
    """In a paragraph where two people talk, each line with a name in its own tag: the tag just after it ('"Isn't
    it?" said Rowena'), or just before it ('... exclaimed Osbert, "You've cut yourself"'), and the second part of
    a line its tag interrupts ('"There," cried Imelda, "you hear..."'). A line two tags claim is no one's."""
    claimed: dict[int, set[str]] = {}
    found = _placed_tag_candidates(pieces, resolver)
    leading = {index for index, after_line, _, _ in found if not after_line}  # pieces that hold the next line's tag
    for index, after_line, (who, _), sure in found:
        if not who or not sure or after_line and not _tag_after(pieces[index - 1][1], pieces[index][1]):
            continue  # a name two share; "...at home." Griselda sighed: a new sentence, not this line's tag
        lines = [index - 1] if after_line else [index + 1]
        text = pieces[index][1].rstrip()
        if (
            after_line
            and index + 1 < len(pieces)
            and index not in leading
            and text.endswith((",", "—", "–", ":"))
            and not _CLAUSE_END.search(text)
        ):
            lines.append(index + 1)  # "...," said Ann, "...": one line, its tag between its parts
        for line in lines:
            claimed.setdefault(line, set()).add(who)
    return {line: names.pop() for line, names in claimed.items() if len(names) == 1}


def _tag_after(line: str, narration: str) -> bool:
    """Whether narration after a line opens with that line's own tag: the line left open ("...," / "...?") and a
    speech verb among the first words ("shouted Mrs. Selwyn", "Ann said"; not "Osric tried to check her")."""
    if line.rstrip("'’\"” ").endswith("."):
        return False
    head = [w.strip(",.;:!?").casefold() for w in _CLAUSE_END.split(narration, 1)[0].split()[:4]]
    return any(w in SPEECH_VERBS or w in _THOUGHT_VERBS or w == "thought" for w in head)


def _placed_tag_candidates(
    pieces: list[tuple[Kind, str]], resolver: _Resolver
) -> list[tuple[int, bool, tuple[str | None, str | None], bool]]:
    """The paragraph's tags: (the narration piece they are in, whether they follow their line, the tag, whether
    its name is surely one person's rather than a name two share, settled by who was about)."""
    subject = _SUBJECT
    found: list[tuple[int, bool, tuple[str | None, str | None], bool]] = []
    shared_before = resolver.shared_hit
    for index, (kind, text) in enumerate(pieces):
        if kind is not Kind.NARRATION:
            continue
        after_line = index > 0 and pieces[index - 1][0] is Kind.DIALOGUE
        before_line = index + 1 < len(pieces) and pieces[index + 1][0] is Kind.DIALOGUE
        tag: tuple[str | None, str | None] = (None, None)
        follows = after_line
        resolver.shared_hit = False
        if after_line:
            line_open = not pieces[index - 1][1].rstrip("'’\"” ").endswith(".")  # "Yes," he said / "Yes?" he asked
            tag = _match_tag(
                _CLAUSE_END.split(text, 1)[0],
                subject,
                resolver,
                at_start=True,
                line_open=line_open,
            )
        if tag != (None, None) and before_line:
            # the narration between two lines may hold both their tags: '"All right," called Ottilie, while
            # Rowena, pensive once more, said: "On the whole..."'
            found.append((index, True, tag, not resolver.shared_hit))
            tag, follows = (None, None), False
        if tag == (None, None) and before_line:
            follows = False
            clauses = _CLAUSE_END.split(text.rstrip(" ,:—–-"))
            clause = clauses[-1] if clauses[-1].strip() else (clauses[-2] if len(clauses) > 1 else "")
            if text.rstrip().endswith((",", ":", "—", "–")) or re.search(r"\b(?:said|says|asked|asks)\W*$", text):
                # a sentence about its subject leads to a paragraph's one line only ("Rowena ... answered, 'Perhaps.'
                # Ottilie ... 'Yes,' Aunt Zillah had hazarded": the later lines may be anyone's)
                lone = index == 0 and sum(k is Kind.DIALOGUE for k, _ in pieces) == 1
                tag = _match_tag(clause, subject, resolver, at_start=False, line_open=False, sentence=lone)
            if tag == (None, None) and text.rstrip().endswith(":"):
                tag = _introduced(clause, resolver)
        if tag != (None, None) and (follows or not found or found[-1][0] != index or found[-1][2] != tag):
            found.append((index, follows, tag, not resolver.shared_hit))
        shared_before = shared_before or resolver.shared_hit
    resolver.shared_hit = shared_before
    return found


def _tag(pieces: list[tuple[Kind, str]], resolver: _Resolver) -> tuple[str | None, str | None]:
    """The speech tag next to the paragraph's dialogue: after a line ("...," she said) or before it (Mara said, "...").

    Tags that disagree ("Hi," said Anna. "Hello," said Ben.) leave the paragraph unplaced.
    """
    return _agreed(_tag_candidates(pieces, resolver), resolver)


def _agreed(found: list[tuple[str | None, str | None]], resolver: _Resolver) -> tuple[str | None, str | None]:
    """One speaker from a paragraph's tags: a name and a he/she that fits it agree ("...," said Mara, and
    as she spoke...), two names or two genders do not."""
    names = {who for who, _ in found if who}
    hints = {hint for who, hint in found if not who}
    if len(names) == 1:
        name = names.pop()
        return (name, None) if hints <= {resolver.gender(name)} else (None, None)
    if not names and len(hints) == 1:
        return None, hints.pop()
    return None, None


def _tags_disagree(pieces: list[tuple[Kind, str]], resolver: _Resolver) -> bool:
    found = _tag_candidates(pieces, resolver)
    return len(set(found)) > 1 and _agreed(found, resolver) == (None, None)


def _closing_narration(para: _Para, segments: list[Segment]) -> str:
    """The narration a paragraph ends with, after its last quotation ("" when a quotation ends it)."""
    run: list[str] = []
    for i in reversed(para.indexes):
        if segments[i].kind is not Kind.NARRATION:
            break
        run.append(segments[i].text)
    return " ".join(reversed(run))


# A sentence that ends a paragraph by announcing the speech the next one holds, though it ends with a full stop:
# "Mrs. Goring began scolding.", "At last Bryony spoke.", "Cobbold interposed." ("Lettice explained." tells of
# a speech already made: the line after it is anyone's).
_ANNOUNCED = re.compile(
    rf"(?:^|[.!?]\s+)(?:(?:And|But|Then|Now|At\s+last|At\s+length|Presently|Finally)\s+|[A-Z][^,.;:!?\"“”]{{1,50}},\s+)?"
    rf"({NAME})\s+(?:(?:then|now|first|again|\w+ly)\s+)?(?:began|spoke|interposed|interrupted|resumed|proceeded|went\s+on|"
    rf"broke\s+in|broke\s+out|burst\s+out|spoke\s+up|spoke\s+first)(?:\s+(?:again|first|thus|once\s+more|at\s+last|scolding))?[.!]$"
)


def _tag_before(text: str, resolver: _Resolver, *, announces: bool = False) -> tuple[str | None, str | None]:
    """A tag that ends the paragraph of narration before a line: "Presently Rosalba said:", "Ivo leapt down the
    steps, crying--", "But Miss Marlowe judged it most prudent to reply"; with `announces` (a paragraph of
    narration alone), also a sentence that announces the speech: "Mrs. Goring began scolding." """
    ending = text.rstrip()
    announced = _ANNOUNCED.search(ending) if announces else None
    if announced and resolver.name(announced.group(1)):
        return resolver.subject(announced.group(1))  # "After a brief pause Miss Marlowe began again."
    if not (
        ending.endswith((",", ":", "—", "–", "-")) or re.search(rf"\b(?:{_VERB_PATTERN}|{'|'.join(_SPEECH_BASES)})\W*$", ending)
    ):
        return None, None
    clauses = _CLAUSE_END.split(ending.rstrip(" ,:—–-"))
    tag = _match_tag(clauses[-1], _SUBJECT, resolver, at_start=False, line_open=False, sentence=True)
    if tag == (None, None) and ending.endswith(":"):
        tag = _introduced(clauses[-1], resolver)
    return tag


_INTRODUCED = re.compile(rf"\s*({NAME})(?:,[^,:;\"“”]{{1,40}})?\s*")


def _introduced(clause: str, resolver: _Resolver) -> tuple[str | None, str | None]:
    """A name that introduces the line with a colon, alone or with a short aside: "Sam, from the back
    seat: 'He's got you there.'" (a verb after the name would make it narration: "Dean looked at Sam:")."""
    found = _INTRODUCED.fullmatch(clause)
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


# "...," was Neville's only reply / was Verity's reasoning / came Cosmo's voice / said Rashid's voice /
# was the curt reply of Mr. Tumbrell / were the first words that broke from Captain Ashcombe
_REPLY_TAGS = (
    re.compile(rf"^\W*(?:was|were|had\s+been)(?:\s+all|\s+only)?\s+({NAME})(?:['’]s|\s+s)\s+[a-z]"),
    re.compile(rf"^\W*(?:came|said|called|cried)\s+({NAME})(?:['’]s|\s+s)\s+voice\b"),
    re.compile(
        rf"^\W*(?:was|were)\s+(?:all\s+)?(?:the|a|an|his|her)\s+(?:[a-z]+\s+){{0,4}}?(?:{_SPEECH_NOUNS}|words|thought)\s+"
        rf"(?:(?:which|that)\s+(?:[a-z]+\s+){{1,2}})?(?:of|from|by)\s+({NAME})"
    ),
)


# someone heard saying the line ("Elspeth then heard Fennimore say, in an undertone,", "he heard Tamsin say"), or the
# line their saying ("he was checked by Sir Gideon's saying,")
_HEARD_SAY = re.compile(
    rf"(?:\b(?:heard|hear|hearing)\s+({NAME}|the\s+{NAME})\s+(?:\w+ly\s+)?(?:{'|'.join(_SPEECH_BASES)}|ask|cry|reply|exclaim)\b"
    rf"|(?<![\w'])({NAME})(?:['’]s|\s+s)\s+(?:\w+ly\s+)?(?:saying|asking|crying|exclaiming|calling\s+out)\b)"
)


def _match_tag(
    clause: str, subject: str, resolver: _Resolver, *, at_start: bool, line_open: bool, sentence: bool = False
) -> tuple[str | None, str | None]:
    """The speaker a tag clause names (or the gender of its he/she); `sentence`: the clause may be a whole
    sentence whose opening subject speaks at its end ("Clemency smiled and said,")."""
    words = clause.strip(" ,—–-").split()
    if not words:
        return None, None
    if at_start:
        inverted = _inverted_tag(subject, line_open).match(clause.strip())
        if inverted and (
            inverted.group(1).casefold() not in NOT_INVERTED or re.match(r"\s*(?:[,.;!?]|$)", clause.strip()[inverted.end() :])
        ):  # "told Mara" names the listener, "begged Mara." the speaker
            who = inverted.group(2)
            if who != "I" or resolver.first_person:
                return resolver.subject(who)
        reply = next((m for m in (p.match(clause.strip()) for p in _REPLY_TAGS) if m), None)
        if reply and resolver.name(reply.group(1)):
            return resolver.subject(reply.group(1))
        if line_open:
            # "...," Clemency returned: a name, then any verb in the past
            direct = _NAME_THEN_PAST.match(clause.strip())
            if direct and resolver.name(direct.group(1)):
                return resolver.subject(direct.group(1))
    heard = _HEARD_SAY.search(clause)
    if heard and (not at_start or len(clause[: heard.start()].split()) <= 3):
        found = resolver.subject(heard.group(1) or heard.group(2))
        if found != (None, None):
            return found  # "Elspeth then heard Fennimore say,", "checked by Sir Gideon's saying,"
    # "she said", "she'd said", "Mara had said" (a remembered line), "Mara quietly said", "There, she said them",
    # "he can think of to tell her"
    direct = _tag_searches(subject)[0].search(clause)
    if direct is None:
        direct = _tag_searches(subject)[1].search(clause)
    if direct is None:
        return _sentence_tag(clause, resolver) if sentence else (None, None)
    lead = clause[: direct.start()]
    if at_start and len(lead.split()) > 3:
        return None, None  # too far from the line to be its tag
    who = direct.group(1)
    if who[0].isupper() and who not in ("He", "She", "I") and not who.startswith("The ") and resolver.name(who) is None:
        # an opening word taken into the name: "Presently Rosalba said", "Then Mrs. Fairlie said"
        words = who.split()
        who = next((" ".join(words[k:]) for k in range(1, len(words)) if resolver.name(" ".join(words[k:]))), "")
        if not who:
            return None, None
    return resolver.subject(who)


# A sentence that ends in its speech verb, just before the line: "Mr. Kettering turned to her with a dark look
# and said", "Lettice, who had listened to it all, now ventured to say", "Linus was leaning over the desk and saying to Bunty".
_VERB_LAST = re.compile(
    rf"(?<![\w'’])(?:(?:{_VERB_PATTERN})|(?:{_SPEAKING}|saying|exclaiming|adding|observing|remarking|muttering|"
    rf"crying\s+out|calling\s+out)|(?:to|and|would|could|help)\s+(?:{'|'.join(_SPEECH_BASES)}))"
    rf"(?:\s+(?:to\s+(?:him|her|them|{NAME})|thus|only|aloud|\w+ly))?\W*$"
)
# the sentence's subject opens it, after an opening word or phrase ("Presently,", "After a moment's thought,")
_SENTENCE_OPENING = re.compile(
    rf"^\W*(?:(?:And|But|Then|Here|Now|So|Presently|Finally|Meanwhile|At\s+last|At\s+length)\s+|[A-Z][^,.;:!?\"“”]{{1,50}},\s+)?"
    rf"({NAME}|[Tt]he\s+{NAME})(?=,\s|\s+[a-z])"
)
_RELATIVE_SPEAKER = re.compile(rf"({NAME}),\s+who\s+(?:{_ADVERB}\s+)?(?:{_VERB_PATTERN})\W*$")  # "showed it to Olaf, who said"
# words that open a clause of another subject between a sentence's subject and its verb
_OTHER_CLAUSE = re.compile(
    r"\b(?:he|she|they|we|I|you|who|whom|while|whilst|whereupon|until|till|when|because|although|though|since|unless|if)\b(?!['’])"
)
# what may stand just before the verb in a sentence about its opening subject: "and said", ", replied", "then said"
_BEFORE_VERB = re.compile(
    r"(?:,|\b(?:and|then|now|again|thus|only|but|had|was|were|would|could|soon|once|last|length|\w+ly))\s*$"
)
# a name after these is an object ("turned to Lettice and said"), not the subject of a clause of its own
_BEFORE_OBJECT = frozenset("to at with from on upon towards toward for of by about into behind beside after than".split())


def _sentence_tag(clause: str, resolver: _Resolver) -> tuple[str | None, str | None]:
    """The character a sentence before a line is about, when it ends in a speech verb whose subject it opened
    with, and nothing between them starts a clause of another subject ("while Ottilie said", "and she said")."""
    clause = clause.strip()
    verb = _VERB_LAST.search(clause)
    if verb is None:
        return None, None
    relative = _RELATIVE_SPEAKER.search(clause)
    if relative and resolver.name(relative.group(1)):
        return resolver.subject(relative.group(1))
    opening = _SENTENCE_OPENING.match(clause)
    if opening is None or len(clause.split()) > 70:
        return None, None
    who = resolver.name(opening.group(1))
    if who is None:
        return None, None
    between = clause[opening.end() : verb.start()]
    if not _BEFORE_VERB.search(between) and not re.match(r"(?:to|help|would|could)\s", verb.group(0)):
        return None, None  # "...when her cousin stopped her by saying": another subject just before the verb
    if _OTHER_CLAUSE.search(between.removeprefix(",").lstrip().removeprefix("who ")):
        return None, None  # ("Lettice, who had listened to it all, ..." is still about Lettice)
    for found in re.finditer(NAME, between):
        previous = between[: found.start()].split()[-1:]
        other = resolver.name(found.group(0))
        if other and other != who and (not previous or previous[0].casefold() not in _BEFORE_OBJECT):
            return None, None
    return who, None


# an opening phrase of two words or more may come first: "When the door closed, Nora's voice dropped."
_OPENING_SUBJECT = re.compile(rf"^\W*(?:[A-Z][a-z]*\s[^,.;:!?\"“”]{{1,50}},\s+)?({NAME}|he|she)(?:['’]s)?\s+([a-z]+)")
_OPENING_DESCRIPTION = re.compile(r"^\W*(?:The|A|An)((?:\s+[a-z]+){1,3})\s+[a-z]+")
_MORE_NAMES = re.compile(rf"(?:['’]s)?(?:,\s*{NAME})*,?\s+and\s+{NAME}")


def _sentence_subject(sentence: str, resolver: _Resolver) -> tuple[str | None, str | None]:
    """The character a narration sentence is about when it opens with their name or he/she and a verb."""
    match = _OPENING_SUBJECT.match(sentence)
    if match is None or match.group(1).casefold() not in ("he", "she") and resolver.name(match.group(1)) is None:
        described = _OPENING_DESCRIPTION.match(sentence)
        noun = (
            next(
                (w for w in reversed(described.group(1).split()) if w in _DESCRIPTOR_GENDER),
                None,
            )
            if described
            else None
        )
        if noun and described and resolver.described_as(f"the {described.group(1)}"):
            return resolver.described_as(f"the {described.group(1)}"), None  # "The old gentleman bowed": Mr. Halloway
        if noun and resolver.name(f"the {noun}") is None:
            return None, STRANGER + _DESCRIPTOR_GENDER[noun]  # "The old man bowed": someone unnamed
        return None, None
    word = match.group(1)
    if word.casefold() in ("he", "she", "i"):
        return None, _PRONOUNS.get(word.casefold())
    if _MORE_NAMES.match(sentence[match.end(1) :]):
        return (
            None,
            None,
        )  # "Anna, Ben and Cleo sat": several people, no one in particular
    return resolver.name(word), None


_VOCATIVE = re.compile(
    rf"(?:^|[,;!?.…]\s*|\b(?:Hey|Oh|Hi|Hello|Thanks|Sorry|Please|Look|Listen|dear|Dear)\s+)({NAME})(?=\s*(?:[,!?.…]|$))"
)


def _vocatives(text: str, resolver: _Resolver) -> list[str]:
    """Characters called by name in a line: 'Mara, wait', 'Wait, Mara.', 'Hey Mara!', 'my dear Clemency'."""
    found = []
    for match in _VOCATIVE.finditer(text):
        name = resolver.name(match.group(1))
        if name:
            found.append(name)
    return found


_TAG_SEARCHES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {}
_INVERTED_TAGS: dict[tuple[str, bool], re.Pattern[str]] = {}


def _inverted_tag(subject: str, line_open: bool) -> re.Pattern[str]:
    """A tag with its verb first, compiled once per subject pattern (see _tag_searches): "said Hermia", "asked
    Mr. Hale", "said he", "said the old man"; with the line left open, any verb ("returned Clemency"); not "said
    Mara's young man", nor "said Mara s young man" where the apostrophe was lost."""
    key = (subject, line_open)
    if key not in _INVERTED_TAGS:
        verb = rf"(?:{_TAG_VERB_PATTERN})" if not line_open else rf"(?:{_TAG_VERB_PATTERN}|[a-z]+ed)"
        _INVERTED_TAGS[key] = re.compile(rf"^\W*({verb})\s+({subject})(?![\w'’]|\s+s\b)")
    return _INVERTED_TAGS[key]


def _tag_searches(subject: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """_match_tag's two searches for a subject pattern, compiled once: built as long f-strings and looked
    up in re's cache at every call, they cost more than the matching."""
    if subject not in _TAG_SEARCHES:
        verbs = _VERB_PATTERN
        _TAG_SEARCHES[subject] = (
            re.compile(
                rf"(?<![\w'])({subject})(?:['’](?:s|d)|\s+had|,[^,;:\"“”]{{1,40}},)?\s+(?:{_ADVERB}\s+)?(?:{verbs}|(?:was|were)\s+(?:{_SPEAKING}))\b"
            ),
            re.compile(
                rf"(?<![\w'])({subject})\s+(?:[a-z]+\s+){{0,4}}?(?:can|could|would|will|had|has|wanted|tried|managed|began|beginning|"
                rf"ventured|proceeded|hastened)\s+(?:[a-z]+\s+){{0,3}}?(?:to\s+)?(?:{'|'.join(_SPEECH_BASES)})(?:ing)?\b"
            ),
        )
    return _TAG_SEARCHES[subject]


_NAME_THEN_PAST = re.compile(rf"^\W*({NAME})\s+(?:\w+ly\s+)?[a-z]+ed\b")  # "...," Clemency returned


def _take_turns(paras: list[_Para], resolver: _Resolver) -> None:
    """Untagged lines in an exchange alternate: A, B, A, B. Each run of consecutive paragraphs of dialogue is
    filled from its placed lines on both sides, and from a name the line before addressed."""
    runs: list[list[_Para]] = []
    gap = 0
    for index, para in enumerate(paras):
        if not para.has_dialogue or para.mixed:
            gap += 1
            # one paragraph of narration may come between two lines of an exchange, if it brings no one new but
            # the speaker of the tagged line after it ("Tom sat down." before "'No,' said Tom.")
            following = paras[index + 1] if index + 1 < len(paras) and paras[index + 1].has_dialogue else None
            known = {p.speaker for p in runs[-1]} if runs else set()
            if following is not None and following.speaker:
                known.add(following.speaker)
            if para.mixed or gap > 1 or not runs or any(s not in known for s in (*para.subjects, *para.named)):
                runs.append([])
            continue
        gap = 0
        if not runs or (runs[-1] and runs[-1][-1].scene != para.scene):
            runs.append([])
        if para.continues and runs[-1]:
            if para.speaker is None:
                para.speaker = runs[-1][-1].speaker
                para.rule = "continues"
            runs[-1][-1] = para if para.speaker else runs[-1][-1]  # one speech over paragraphs is one turn
            continue
        runs[-1].append(para)
    for para in paras:
        para.placed = para.speaker is not None
    for run in runs:
        _gendered_turns(run, resolver)
    for run in runs:
        changed = True
        while changed:
            changed = False
            for i, para in enumerate(run):
                if para.speaker is not None:
                    continue
                options = set()
                why = ""
                placed = False  # the guess sits beside two lines placed by their own text
                # alternation, read from a side where only two people talk: A B [A], or [B] A B
                for near, far, side in (
                    (i - 1, i - 2, run[max(0, i - 4) : i]),
                    (i + 1, i + 2, run[i + 1 : i + 5]),
                ):
                    if (
                        0 <= far < len(run)
                        and 0 <= near < len(run)
                        and run[near].speaker
                        and run[far].speaker
                        and (run[near].placed or run[far].placed)  # a chain of guesses alone drifts
                        and (run[near].speaker != run[far].speaker)
                        and len({p.speaker for p in side if p.speaker}) == 2
                    ):
                        options.add(run[far].speaker)
                        placed = placed or run[near].placed and run[far].placed
                        half = run[near].placed or run[far].placed
                        tagged = run[near].rule == run[far].rule == "tag-name"
                        why = f"turns-alternate-{'tag' if tagged else 'mixed'}-{half}-n{min(len({p.speaker for p in run if p.speaker}), 4)}"
                if i >= 1:
                    addressed = [v for v in run[i - 1].vocatives if v != run[i - 1].speaker]
                    if len(addressed) == 1 and run[i - 1].speaker:
                        options.add(addressed[0])
                        why = why or "turns-addressed"
                anchored = any(p.placed for p in run[max(0, i - _PAIR_REACH) : i])  # a placed line not far back
                if not options and i >= 1 and run[i - 1].speaker and anchored and not any(p.stranger for p in run):
                    spoke = {p.speaker for p in run if p.speaker}
                    people = {*run[0].present, *run[0].mentioned, *spoke}
                    if len(people) < 2:
                        people |= set(run[0].in_scene)  # a short story's two people, named long before
                    if len(people) == 2 and run[i - 1].speaker in people:
                        options.add(next(p for p in people if p != run[i - 1].speaker))
                        why = "turns-pair"
                # chained guesses hold only where two people talk; a guess between two placed lines needs no more
                around = {p.speaker for p in run[max(0, i - 4) : i + 5] if p.speaker} | options
                # turns hold where two people talk; with a third, only in a short exchange, between lines placed by their text
                talking = {p.speaker for p in run if p.speaker} | options
                if (
                    len(options) == 1
                    and (len(talking) <= 2 or placed and len(run) <= _SHORT_EXCHANGE)
                    and (len(around) <= 2 or placed)
                    and not any(p.stranger for p in run[max(0, i - 4) : i + 5])
                ):
                    candidate = options.pop()  # only in a stretch where two people talk, and no stranger
                    if (
                        candidate
                        and _fits(candidate, para, resolver)
                        and (i == 0 or run[i - 1].speaker != candidate)
                        and (i + 1 == len(run) or run[i + 1].speaker != candidate)
                    ):
                        para.speaker = candidate
                        para.rule = why + ("-anchored" if placed else "")
                        changed = True
    for run in runs:
        _alternate_between(run, resolver)
    for run in runs:
        _addressed_turns(run, resolver)
    for run in runs:
        _scene_pair_turns(run, resolver)
    for run in runs:
        _sandwiched_turns(run, resolver)
    for run in runs:
        _learn_answered_descriptions(run, resolver)


_EXCHANGE_REACH = 6  # a he/she line looks this many lines of its exchange either way for its speaker


def _gendered_turns(run: list[_Para], resolver: _Resolver) -> None:
    """A "he said" in an exchange is the man's when the lines placed by their text near it have one man among
    their speakers and no other man acts or is named lately ("'Why wait?' asked Ann. 'To see you,' he replied.").
    Not a described line ("said the old lady"): a description most often names someone the tags have not."""
    for i, para in enumerate(run):
        if para.speaker is not None or not para.gender_hint or para.stranger or para.description:
            continue
        near = run[max(0, i - _EXCHANGE_REACH) : i + _EXCHANGE_REACH + 1]
        fitting = {p.speaker for p in near if p.placed and p.speaker and resolver.gender(p.speaker) == para.gender_hint}
        around = {n for n in (*para.present, *para.mentioned) if n != NARRATOR and resolver.gender(n) == para.gender_hint}
        if len(fitting) != 1 or not around <= fitting:
            continue
        candidate = fitting.pop()
        if _fits(candidate, para, resolver) and (i == 0 or run[i - 1].speaker != candidate):
            para.speaker = candidate
            para.rule = "pronoun-exchange"


def _alternate_between(run: list[_Para], resolver: _Resolver) -> None:
    """Lines between two lines placed by their text take turns when only two people talk in the exchange and
    the count fits: A ? ? B is A B A B, A ? ? ? A is A B A B A. Every line of the stretch must fit its turn."""
    anchors = [(i, p.speaker) for i, p in enumerate(run) if p.placed and p.speaker]
    pair = {speaker for _, speaker in anchors}
    if len(pair) != 2:
        return  # with a third voice in the exchange, who answers whom is anyone's guess
    for (j, first), (k, last) in itertools.pairwise(anchors):
        if k - j < 2 or k - j == 2 and first == last:
            continue  # A ? A: the line between may be A's own, after a pause
        if (k - j) % 2 != (first != last) or any(p.stranger or p.mixed for p in run[j : k + 1]):
            continue  # the count does not fit two people taking turns
        other = next(p for p in pair if p != first)
        turns = [(run[m], first if (m - j) % 2 == 0 else other) for m in range(j + 1, k)]
        if all((p.speaker or who) == who and (p.speaker is not None or _fits(who, p, resolver)) for p, who in turns):
            for p, who in turns:
                if p.speaker is None:
                    p.speaker = who
                    p.rule = f"turns-between-g{min(k - j, 9)}"


def _addressed_turns(run: list[_Para], resolver: _Resolver) -> None:
    """In an exchange where exactly two people talk (its lines placed by their text name both), a line that
    addresses one of them by name is the other's; such lines then anchor turns between them too."""
    pair = {p.speaker for p in run if p.placed and p.speaker}
    if len(pair) != 2 or any(p.stranger or p.mixed for p in run):
        return
    found = []
    for p in run:
        addressed = pair.intersection(p.vocatives)
        if p.speaker is not None or len(addressed) != 1:
            continue
        who = next(n for n in pair if n not in addressed)
        room = {n for n in (*p.present, *p.mentioned) if n != NARRATOR and resolver.is_person(n)} <= pair
        if room and _fits(who, p, resolver):  # with a third person about, the name may be theirs to answer
            p.speaker, p.placed, p.rule = who, True, "turns-vocative"
            found.append(p)
    _anchor_turns(found, run, resolver, "-voc")


def _scene_pair_turns(run: list[_Para], resolver: _Resolver) -> None:
    """A he/she line in an exchange whose lines placed by their text name two people: the one of them of that
    gender, when that one is the only character of the gender seen in the scene, though not lately ("'Well?'
    said Ann. ... 'No,' said Tom. ... 'Go,' he said." with Tom the one man seen since the scene began), or when the
    other is of the other gender and no one else of that gender acts or is named lately. Such lines then anchor
    the turns between them and the tagged lines."""
    pair = {p.speaker for p in run if p.placed and p.speaker}
    if len(pair) != 2:
        return
    genders = {resolver.gender(n): n for n in pair}
    found = []
    for i, para in enumerate(run):
        if para.speaker is not None or para.stranger:
            continue
        who, rule = para.scene_fit, "pronoun-scene-pair"
        if who not in pair and para.gender_hint in genders and len(genders) == 2 and None not in genders and not para.description:
            who, rule = genders[para.gender_hint], "pronoun-pair"
            around = {n for n in (*para.present, *para.mentioned) if n != NARRATOR and resolver.gender(n) == para.gender_hint}
            if around - {who}:
                continue  # another of that gender acts or is named lately
        if who in pair and (i == 0 or run[i - 1].speaker != who) and _fits(who, para, resolver):
            para.speaker, para.rule = who, rule
            found.append(para)
    _anchor_turns(found, run, resolver, "-pronoun")


def _anchor_turns(found: list[_Para], run: list[_Para], resolver: _Resolver, suffix: str) -> None:
    """The lines `found` by a weaker rule anchor, for this once, the turns between them and the lines placed by
    their text; the lines those turns place carry `suffix` in their rule's name. Afterwards the found lines are
    no anchors again: later rules go only by lines placed by their text."""
    if found:
        before = {id(p) for p in run if p.speaker}
        for p in found:
            p.placed = True
        _alternate_between(run, resolver)
        for p in run:
            if p.speaker and id(p) not in before:
                p.rule += suffix
    for p in found:
        p.placed = False


def _sandwiched_turns(run: list[_Para], resolver: _Resolver) -> None:
    """In an exchange whose lines placed by their text name two people, a bare line (no narration) between two
    lines of one of them, with a line of the other just beyond ("B", "A", ?, "A" or "A", ?, "A", "B"), is the
    other's: nobody says three paragraphs running in a two-person talk."""
    pair = {p.speaker for p in run if p.placed and p.speaker}
    if len(pair) != 2:
        return
    found = []
    for i in range(1, len(run) - 1):
        para, speaker = run[i], run[i - 1].speaker
        if para.speaker is not None or para.has_narration or para.stranger or para.mixed:
            continue
        if speaker not in pair or run[i + 1].speaker != speaker:
            continue
        other = next(n for n in pair if n != speaker)
        if other in {run[k].speaker for k in (i - 2, i + 2) if 0 <= k < len(run)} and _fits(other, para, resolver):
            found.append((para, other))
    for para, other in found:
        para.speaker, para.rule = other, "turns-sandwiched"


def _learn_answered_descriptions(run: list[_Para], resolver: _Resolver) -> None:
    """A described line ("...," said the pedlar) just after a line placed by its text that called someone by name
    is, most often, that person's answer: a vote that the description is theirs. The line itself stays unplaced
    (a third person may answer), but two such answers and no turn giving the description to anyone else make it
    theirs in later chapters, like "the old gentleman" learned from turns."""
    for before, para in itertools.pairwise(run):
        if para.speaker is not None or not para.description or not before.placed or not before.speaker:
            continue
        addressed = [v for v in before.vocatives if v != before.speaker]
        if len(addressed) != 1 or not resolver.is_person(addressed[0]):
            continue
        who = addressed[0]
        noun_gender = _DESCRIPTOR_GENDER.get(para.description.split()[-1])
        if noun_gender and resolver.gender(who) not in (noun_gender, None):
            continue  # "'Sit, Tom,' said Ann. 'No,' said the girl": not Tom's answer
        if who not in para.vocatives and all(s == who for s in para.subjects):
            resolver.learn_from_turns(para.description, who)


def _fits(candidate: str, para: _Para, resolver: _Resolver) -> bool:
    if para.stranger:
        return False
    if candidate in para.vocatives:
        return False
    if any(s != candidate for s in para.subjects):
        return False  # someone else acts in this paragraph
    if any(n != candidate and resolver.is_person(n) for n in para.named):
        return False  # someone else is named in its narration: "Osric, who..., approached Prideaux:"
    return para.gender_hint is None or para.gender_hint == resolver.gender(candidate)


_THOUGHT_TAG = re.compile(rf"(?<![\w'])({_SUBJECT})\s+(?:\w+ly\s+)?(?:{'|'.join(_THOUGHT_VERBS)})\b")


def _thought_tag(segments: list[Segment], index: int, resolver: _Resolver) -> str | None:
    """'*...*, she thought' or 'Mara wondered: *...*'."""
    for neighbour in (index + 1, index - 1):
        if 0 <= neighbour < len(segments) and segments[neighbour].kind is Kind.NARRATION:
            match = _THOUGHT_TAG.search(segments[neighbour].text)
            if match:
                who, _ = resolver.subject(match.group(1))
                if who:
                    return who
    return None


_HE_SHE = re.compile(r"\b(?:he|she|He|She)\b")


def _point_of_view(segments: list[Segment], resolver: _Resolver) -> str | None:
    """Whose head the chapter is in: the narrator, or a clear majority he/she resolved to one person."""
    if resolver.first_person:
        return NARRATOR
    counts: Counter[str] = Counter()
    narration = "\n".join(segment.text for segment in segments if segment.kind is Kind.NARRATION)  # searched at once
    for word in _HE_SHE.findall(narration):
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
            out.append(
                Segment(
                    Kind.NARRATION,
                    segment.text[: match.end()].strip(),
                    None,
                    Pause.NONE,
                )
            )
            out.append(Segment(Kind.DIALOGUE, rest, speaking, segment.pause))
            continue
        if speaking and segment.kind is Kind.NARRATION:
            out.append(replace(segment, kind=Kind.DIALOGUE, speaker=speaking))  # the line's later sentences
            continue
        out.append(segment)
    return out
