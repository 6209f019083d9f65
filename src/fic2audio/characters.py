"""Who is in the story: characters from the cast file, the metadata and the names the narration uses,
each with the words that refer to them and a gender read from the pronouns after their names."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .model import Kind, Metadata, Pause, Script, Segment

NARRATOR = "narrator"  # the first-person narrator: the "I" of the narration
ROLE_FOR_GENDER = {"male": "he", "female": "she"}  # speakers with no name in the story
GENDERS = ("male", "female")

_PAIRING_KEYS = ("pairing", "pairings", "relationship", "relationships", "ship", "ships")
_CHARACTER_KEYS = ("characters", "character")
_PAIR_SEPARATOR = re.compile(r"\s*(?:/|\bx\b|\bX\b|&|\+)\s*")
TITLES = {
    "brother": "male",
    "father": "male",
    "son": "male",
    "uncle": "male",
    "husband": "male",
    "boyfriend": "male",
    "sister": "female",
    "mother": "female",
    "daughter": "female",
    "aunt": "female",
    "wife": "female",
    "girlfriend": "female",
    "mr": "male",
    "mister": "male",
    "sir": "male",
    "lord": "male",
    "king": "male",
    "prince": "male",
    "mrs": "female",
    "miss": "female",
    "ms": "female",
    "lady": "female",
    "queen": "female",
    "princess": "female",
    "madam": "female",
    "dr": None,
    "professor": None,
    "captain": None,
}
# Titles in a character's name by which the narration may call them: Dr. Amadi is "the doctor".
RANKS = {
    "dr": "doctor",
    "doctor": "doctor",
    "doc": "doctor",
    "captain": "captain",
    "capt": "captain",
    "lieutenant": "lieutenant",
    "lt": "lieutenant",
    "sergeant": "sergeant",
    "sgt": "sergeant",
    "professor": "professor",
    "prof": "professor",
    "detective": "detective",
    "inspector": "inspector",
    "king": "king",
    "queen": "queen",
    "prince": "prince",
    "princess": "princess",
    "general": "general",
    "commander": "commander",
    "colonel": "colonel",
    "major": "major",
    "nurse": "nurse",
    "officer": "officer",
}
SPEECH_VERBS = frozenset(
    """
    said says asked asks replied replies answered answers whispered whispers murmured murmurs muttered mutters
    shouted shouts yelled yells called calls cried cries snapped snaps added adds continued continues told tells
    began begins insisted insists admitted admits agreed agrees explained explains repeated repeats sighed sighs
    laughed laughs groaned groans breathed breathes hissed hisses growled growls teased teases offered offers
    demanded demands mumbled mumbles stammered stammers protested protests interrupted interrupts suggested
    suggests warned warns promised promises announced announces declared declares whimpered whimpers sobbed sobs
    grumbled grumbles drawled drawls purred purrs huffed huffs scoffed scoffs snorted snorts chuckled chuckles
    giggled giggles retorted retorts countered counters prompted prompts observed observes noted notes remarked
    remarks finished finishes conceded concedes blurted blurts exclaimed exclaims gasped gasps screamed screams
    barked barks ordered orders pleaded pleads begged begs inquired inquires responded responds spoke speaks
    greeted greets corrected corrects confirmed confirms joked jokes argued argues shrieked shrieks squeaked
    squeaks croaked croaks rasped rasps sang sings sneered sneers smirked smirks grinned grins smiled smiles
    whined whines lied lies mouthed mouths echoed echoes wondered wonders
    """.split()
)
# Inverted tags ("said Agnes") only with verbs that take no object: "told Mara" names the listener.
NOT_INVERTED = frozenset("told tells asked asks greeted greets called calls ordered orders begged begs".split())
# Evidence of a name's gender from the first of these after it: a subject or reflexive pronoun is
# strong; "her" may be an object (another woman); "him" after a name is nearly always someone else.
_GENDER_WORDS = {
    "he": ("male", 2),
    "his": ("male", 2),
    "himself": ("male", 2),
    "she": ("female", 2),
    "hers": ("female", 2),
    "herself": ("female", 2),
    "her": ("female", 1),
}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_CAPITALIZED = re.compile(r"(?<![\w'’])([A-Z][a-z]+(?:-[A-Z]?[a-z]+|'[A-Z][a-z]+)?)(?:['’]s\b)?")
# Capitalized words that are not names even mid-sentence.
NOT_NAMES = frozenset(
    """
    I I'm I'd I'll I've Oh OK Okay Ok Yes No Hey Hi Hello Mr Mrs Ms Miss Dr Sir Madam Lady Lord God Christ
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Christmas Easter English French American British Internet
    TV Mom Mum Dad Mama Papa Ma Pa The A An And But Or So If Then When What Why How Where Who Well Just
    Maybe Please Thanks Thank Sorry Good Fine Right Wait Look Come Go Stop Don't It's That's There
    Here This Then He She They We You His Her Their Our My Your Its Chapter Part End Author Note
    """.split()
)


@dataclass(frozen=True)
class Character:
    """Someone who may speak: the name used as the speaker, the words the text calls them by, a gender."""

    name: str
    aliases: tuple[str, ...] = ()
    gender: str | None = None  # "male", "female" or None when unknown
    person: bool = False  # surely someone, not a place: from the cast or metadata, or seen in a speech tag

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def script_paragraphs(segments: Iterable[Segment]) -> list[list[Segment]]:
    """Segments grouped by paragraph (a kept line break, as in chat, ends one too)."""
    out: list[list[Segment]] = [[]]
    for segment in segments:
        out[-1].append(segment)
        if segment.pause in (Pause.PARAGRAPH, Pause.SCENE, Pause.LINE):
            out.append([])
    return [p for p in out if p]


def metadata_characters(metadata: Metadata) -> list[str]:
    """Names from Characters, Relationship and Pairing fields; a lone word there ("Spuffy") is a ship name."""
    names: list[str] = []
    for key in _CHARACTER_KEYS:
        value = metadata.get(key)
        if value:
            for item in re.split(r"[,;]|\band\b", value):
                names.extend(_PAIR_SEPARATOR.split(item))
    for key in _PAIRING_KEYS:
        value = metadata.get(key)
        if value:
            for item in re.split(r"[,;]", value):
                parts = _PAIR_SEPARATOR.split(item.strip())
                if len(parts) >= 2:  # A/B, A x B, A & B; a portmanteau is not a person
                    names.extend(parts)
    cleaned = []
    for name in names:
        name = re.sub(r"\(.*?\)|\[.*?\]", "", name).strip(" .-*")
        if name and len(name) <= 40 and name not in cleaned and name[0].isalpha():
            cleaned.append(name)
    return cleaned


def find_characters(script: Script, cast: Iterable[Character] = ()) -> list[Character]:
    """Characters from the cast file, the metadata and the names the narration uses, with genders."""
    found: dict[str, Character] = {}

    def add(name: str, gender: str | None = None, aliases: tuple[str, ...] = (), person: bool = True) -> None:
        key = name.casefold()
        for character in found.values():
            if key in (w.casefold() for w in character.words):
                return
        words = [w for w in re.findall(r"[A-Z][\w'-]+", name) if w.casefold() not in TITLES and len(w) > 1]
        extra = tuple(dict.fromkeys([*aliases, *(w for w in words if w != name)]))
        found[key] = Character(name, extra, gender, person)
        rank = next((RANKS[w.casefold().rstrip(".")] for w in name.split() if w.casefold().rstrip(".") in RANKS), None)
        if rank:
            ranks.setdefault(rank, []).append(key)

    ranks: dict[str, list[str]] = {}  # "the doctor" -> the characters with that title

    # A cast file may have been written for another story: only the characters this one names count.
    used = {w.casefold() for ch in script.chapters[1:] for s in ch.segments for w in WORD.findall(s.text)}
    for character in cast:
        if character.name.casefold() in (NARRATOR, *ROLE_FOR_GENDER.values()):
            continue  # voices for unnamed speakers, not people
        if any(w.casefold() in used for word in character.words for w in WORD.findall(word)):
            add(character.name, character.gender, character.aliases)
    for name in metadata_characters(script.metadata):
        add(name)
    narration = _narration_paragraphs(script)
    names, tagged = _text_names([text for text, _ in narration])
    for name in names:
        full = _short_form_of(name, found.values())
        if full is not None:
            found[full.name.casefold()] = replace(full, aliases=(*full.aliases, name))
            continue
        add(name, person=name in tagged)
    for rank, holders in ranks.items():
        if len(holders) == 1:  # "the captain" is Captain Osei only when there is one captain
            holder = found[holders[0]]
            found[holders[0]] = replace(holder, aliases=(*holder.aliases, f"the {rank}"))
    characters = list(found.values())
    genders = _pronoun_genders(narration, characters)
    return [c if c.gender else replace(c, gender=genders.get(c.name)) for c in characters]


def _short_form_of(name: str, characters: Iterable[Character]) -> Character | None:
    """The one known character whose name `name` shortens ("Cas" for Castiel, "Will" for William):
    a nickname gets its character's voice, not a voice of its own."""
    if not 3 <= len(name) <= 4 or any(name.casefold() == w.casefold() for c in characters for w in c.words):
        return None
    matches = [
        c for c in characters if any(len(w) >= len(name) + 2 and w.casefold().startswith(name.casefold()) for w in c.words)
    ]
    return matches[0] if len(matches) == 1 else None


def _narration_paragraphs(script: Script) -> list[tuple[str, bool]]:
    """(narration, has dialogue) for each paragraph of the story body; quotes are left out (names in
    quotes are vocatives)."""
    out: list[tuple[str, bool]] = []
    for chapter in script.chapters[1:]:
        for paragraph in script_paragraphs(chapter.segments):
            text = " ".join(s.text for s in paragraph if s.kind is Kind.NARRATION)
            talk = any(s.kind is Kind.DIALOGUE for s in paragraph)
            if text:
                out.append((text, talk))
    return out


def _text_names(paragraphs: list[str]) -> tuple[list[str], set[str]]:
    """Capitalized words used in narration mid-sentence (where only names are capitalized) and at least
    twice in all, or once in a speech tag."""
    mid: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    tagged: set[str] = set()
    for text in paragraphs:
        for match in _CAPITALIZED.finditer(text):
            word = match.group(1)
            if word in NOT_NAMES:
                continue
            before = text[: match.start()].rstrip()
            last_word = before.rsplit(None, 1)[-1] if before else ""
            previous = last_word.casefold()
            anywhere[word] += 1
            after_title = previous.rstrip(".") in TITLES or previous.rstrip(".") in RANKS  # "Dr. Amadi"
            if before and (before[-1] not in '.!?:;—–-"“”…' or after_title) and previous not in ("the", "a", "an"):
                mid[word] += 2 if match.group(0) != word else 1  # a possessive ("Spike's") is a name
            after = text[match.end() :]
            head = after.split()[:2]
            if head and (
                head[0].strip(",.").casefold() in SPEECH_VERBS
                or (len(head) > 1 and (head[0].endswith("ly") or head[0] == "had") and head[1].strip(",.") in SPEECH_VERBS)
            ):
                tagged.add(word)
            if previous in SPEECH_VERBS and previous not in NOT_INVERTED and last_word.islower():
                tagged.add(word)
    names = [w for w, n in mid.items() if n >= 2 or anywhere[w] >= 2]  # mid-sentence once, and used twice
    return names + sorted(tagged - set(names)), tagged


_APOSTROPHE = re.compile(r"['’]")


def _pronoun_genders(paragraphs: list[tuple[str, bool]], characters: list[Character]) -> dict[str, str]:
    """Each character's gender from the first he/she word after their name (or a title before it).

    The search stays in the name's paragraph, or runs on into the next one when neither holds dialogue:
    a pronoun in the next line's tag belongs to that line's speaker.
    """
    votes: dict[str, Counter[str]] = {c.name: Counter() for c in characters}
    lookup = alias_lookup(characters)
    if not lookup:
        return {}
    for number, (text, talk) in enumerate(paragraphs):
        tokens = WORD.findall(text)
        limit = len(tokens)
        if number + 1 < len(paragraphs) and not talk and not paragraphs[number + 1][1]:
            tokens += WORD.findall(paragraphs[number + 1][0])
        for index, token in enumerate(tokens[:limit]):
            if not token[0].isupper():
                continue
            owner = lookup.get(token.removesuffix("'s").removesuffix("’s").casefold())
            if owner is None:
                continue
            title = tokens[index - 1].casefold().rstrip(".") if index else ""
            if gender := TITLES.get(title):
                votes[owner][gender] += 3
            for later in tokens[index + 1 : index + 26]:
                if later[0].isupper() and later not in NOT_NAMES and lookup.get(later.removesuffix("'s").casefold()) != owner:
                    break  # another name: the pronoun may be theirs
                if later.casefold() == "him":
                    break  # "Priya told him, and left before he could argue": the next "he" is him
                evidence = _GENDER_WORDS.get(_APOSTROPHE.split(later.casefold(), maxsplit=1)[0])  # he's, she'd
                if evidence:
                    votes[owner][evidence[0]] += evidence[1]
                    break
    out = {}
    for name, counts in votes.items():
        if counts:
            (top, n), total = counts.most_common(1)[0], sum(counts.values())
            if n / total >= 0.65:
                out[name] = top
    return out


def alias_lookup(characters: Iterable[Character]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for character in characters:
        for word in character.words:
            lookup.setdefault(word.casefold(), character.name)
    return lookup
