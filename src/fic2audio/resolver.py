"""Who the words of a story point at, for speaker attribution: a name, an alias, "he" or "she", a
description ("the old shepherd") resolved to a character given who is in the scene lately, and what the
rules found in each paragraph (ParagraphEvidence), which speakers.py reads and turns.py carries on."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from .characters import NARRATOR, ROLE_FOR_GENDER, Character, alias_lookup
from .idiolect import Idiolects
from .name_words import ABBREVIATED, HONORIFICS, KIN_NAMES, RANKS, TITLE_SPELLING
from .names import NAME, PARTICLE, mentions, name_in, norm_name
from .patterns import compiled
from .words import at_word_start, longest_first

PRONOUNS = {"he": "male", "she": "female"}


@dataclass(slots=True)  # one per paragraph, made and read again and again: slots (a 200k-word plan about 0.05 s faster)
class ParagraphEvidence:
    """One paragraph (or kept line) of the script, with what the rules found in it."""

    indexes: list[int]  # positions in the chapter's segment list
    scene: int
    speaker: str | None = None
    gender_hint: str | None = None  # an unresolved "he said": the speaker is male
    stranger: bool = False  # a tag names someone who is no character ("said a voice", "the old man said")
    unnamed: bool = False  # a stranger only by the narration before it, about a he/she it never names
    after_unnamed: bool = False  # its he/she tag follows narration about a he/she it never names (stranger or not)
    told_apart: bool = False  # its line is someone unnamed's whom the narration told apart lately ("the boy in the red cap")
    mixed: bool = False  # tags name two speakers: more than one person talks here
    line_speakers: dict[int, str] = field(default_factory=dict)  # in a mixed paragraph: segment -> the name its own tag gives
    vocatives: tuple[str, ...] = ()  # characters addressed in its dialogue
    said: str = ""  # the words of its dialogue
    spoken_of: tuple[str, ...] = ()  # characters its dialogue names, not calling them: "Tell Mara I've gone."
    subjects: tuple[str, ...] = ()  # characters acting in its narration
    named: tuple[str, ...] = ()  # characters its narration names
    closing_subject: str | None = None  # the character its narration's last sentence is about
    looked_to: str | None = None  # the one its narration's last sentence has the others look to ("Everyone looked at Ann.")
    hints: tuple[str, ...] = ()  # he/she subjects of its narration (and "stranger:" ones)
    closing_hints: tuple[str, ...] = ()  # a he/she or an unnamed someone its narration's last sentence is about
    present: tuple[str, ...] = ()  # characters acting or speaking in the scene lately, before this paragraph
    mentioned: tuple[str, ...] = ()  # characters named in the scene lately
    in_scene: dict[str, int] = field(default_factory=dict)  # characters named in the scene so far -> paragraphs since
    has_dialogue: bool = False
    has_narration: bool = False
    continues: bool = False  # its speech goes on from the paragraph before: the same speaker
    description: str = ""  # its tag's unresolved description: "the old gentleman"
    placed: bool = False  # its speaker comes from its own text (a tag, a beat), not from turn-taking
    fallback: str | None = None  # a speaker from a rule too loose to anchor turns: its own if turns give it none
    rule: str = ""  # which rule placed the speaker, for FIC2AUDIO_SPEAKER_RULES
    scene_fit: str | None = None  # an unresolved he/she: the one character of that gender seen in the scene before
    previous: ParagraphEvidence | None = field(default=None, repr=False)  # the paragraph before it in its scene
    following: ParagraphEvidence | None = field(default=None, repr=False)  # the paragraph after it in its scene
    # the first paragraph of the speech it goes on with, when turn-taking found that one without a speaker yet
    speech_opening: ParagraphEvidence | None = field(default=None, repr=False)
    in_call: bool = False  # read while a phone call is open (CallWatch)
    call_unheard: bool = False  # narration telling that the call's other end is not heard ("..., but not the words")
    to_the_narrator: bool = False  # a first-person story's narration of it has a "me" or "my": the "I" is there to answer
    focus: tuple[str, ...] = ()  # the characters the scene's narration was about, one per gender, before it
    role: str = ""  # its tag's unnamed calling ("the waiter"): the line's speaker when no rule names one
    before_scene: tuple[str, ...] = ()  # the latest names of the scene before its own (Resolver.before_scene)
    kin: tuple[str, str, str] | tuple[()] = ()  # its tag's kin unresolved: (gender, "wife", "his")
    companion_of: str = ""  # its tag names the speaker as someone's companion: the gender of that someone ("his friend")
    tag_description: str = ""  # the description its tag calls the speaker by, resolved or not: "old lady"
    about_lately: tuple[str, ...] = ()  # for an unresolved description: who acted or was named in the scene lately
    goes_on: bool = False  # its tag tells a he/she going on with their own speech: "he went on", "she repeated"
    closing_newcomers: tuple[str, ...] = ()  # genders of someone unnamed its narration's last sentence brings in
    titled: tuple[str, ...] = ()  # characters its narration calls by their title alone ("The sergeant sits."): ranker only
    gone: tuple[str, ...] = ()  # characters who left the scene before it and have not come back ("Greta swept out.")
    number: int = 0  # its place among the story's paragraphs (Resolver.paragraph when it was read)
    after_call: bool = False  # a phone call ended just before it: its caller is gone, the exchange starts anew

    @property
    def speaker_before(self) -> str | None:
        """The speaker of the line just before it: the paragraph before's, when that one has dialogue."""
        before = self.previous
        return before.speaker if before is not None and before.has_dialogue else None


# Forms of address that call the one holder of a title: "Your Grace" the one duke or duchess (where no king or queen,
# whom it may call as well, has a name in the story), "Holiness" the one high priest.
_ADDRESSED_AS = {
    "your grace": ("duke", "duchess", "archduke", "archduchess"),
    "your holiness": ("high priest", "high priestess"),
    "holiness": ("high priest", "high priestess"),
    "your majesty": ("king", "queen", "emperor", "empress"),
    "majesty": ("king", "queen", "emperor", "empress"),
    "your highness": ("prince", "princess"),
    "highness": ("prince", "princess"),
}
# Those forms said anywhere in a line, capitalised ("Your Grace cannot mean it."): the title, which `addressed` reads
YOUR_TITLE = compiled(
    rf"\b[Yy]our\s+({'|'.join(sorted(call.split()[1].capitalize() for call in _ADDRESSED_AS if call.startswith('your ')))})\b"
)
# A tag's honorific for one holder of a title, by the gender its pronoun tells: "said Her Majesty", "His Grace replied"
_HONOURED = compiled(r"^(his|her) (majesty|highness|grace|holiness|ladyship|lordship)$")
# "her ladyship", "his lordship": the one character of that gender whose name opens with the title ("Lady Pell")
_SHIP_TITLES = {"ladyship": "lady", "lordship": "lord"}
_ROYAL_TITLES = frozenset("king queen prince princess emperor empress".split())
# Nouns that tell a speaker's gender in a tag ("said the old man", "the girl replied").
DESCRIPTOR_GENDER = {
    **dict.fromkeys(
        "man gentleman boy lad fellow husband father son brother uncle king prince lord youth".split(),
        "male",
    ),
    **dict.fromkeys(
        "woman lady girl wife mother daughter sister aunt queen princess maid widow".split(),
        "female",
    ),
}
# Words that end a description before a name: "said the maid to Leonard" is the maid's, not Leonard's.
_NOT_BEFORE_NAME = "(?:to|at|with|from|for|on|upon|by|and|as)"
# Words before a name that are no epithet of it ("said dour Mr. Pike", "sighed pleasure-loving Ann" are): "asked of Ann",
# "than Ann", "said nothing Ann", "but Ann"
_NOT_AN_EPITHET = (
    "(?:of|in|into|than|that|but|or|nor|if|so|not|nothing|something|all|both|each|his|her|their|its|my|your|our|this|"
    "these|those|what|which|who|whom|when|while|where|whereupon|until|till|after|before|since|because|though|although|"
    "then|now|again|once|only|even|too|also|is|was|were|had|has|have|be|been|said|says|say|let|made|make|heard|saw)"
)
# A tag's subject: "Her Majesty", a name, "the old man", "the Professor", "the gloomy Whitlock", "old Barnaby Thornby", he, she, I;
# "the shrill voice of Whitlock" (not "inquired the girl of Whitlock": asked of him); "the game-keeper", "the book-stall
# keeper" whole, though not a hyphened word before a he/she ("When they reached the morning-room he said").
SUBJECT = (
    rf"(?:(?:[Hh]is|[Hh]er)\s+(?:Majesty|Highness|Grace|Holiness|[Ll]adyship|[Ll]ordship)|{NAME}|[Tt]he\s+(?:(?!{_NOT_BEFORE_NAME}\s|of\s)[a-z]+\s+|voice\s+of\s+){{0,2}}{NAME}|(?:[Tt]he\s+)?(?!{_NOT_BEFORE_NAME}\s|{_NOT_AN_EPITHET}\s)[a-z]+(?:-[a-z]+)?\s+{NAME}"
    rf"|[Tt]he(?:\s+(?!(?:was|were|had|has|is|been)\b)[a-z]+(?:-[a-z]+(?!\s+(?:he|she|they|we|you|it|I)\b))?){{1,2}}|[Hh]e|[Ss]he|I|(?:{'|'.join(sorted(KIN_NAMES))})(?![\w'’])|{PARTICLE}{NAME})"
)  # (a word for kin as a name: "said nanny"; a name that opens with its particle: "said de Vries"; no "was" or "had"
# in a description: "as the letter was finished" is no one's tag)
_LEADING_PARTICLE = compiled(rf"^{PARTICLE}(?=[A-Z])")
_DESCRIBED_NAME = compiled(rf"^(?:[Tt]he\s+)?(?:[a-z]+\s+){{1,2}}({NAME})$")
# A description set beside a name in the narration: "Mr. Halloway, the old gentleman, ..." / "the old gentleman, Mr. Halloway,".
# Both open a sentence and are followed by a verb, so that "Turning to Tom, the old man said" is no apposition.
_APPOSITION_AFTER = compiled(rf"(?:^|(?<=[.!?]\s))\W*({NAME}),\s+the\s+((?:[a-z]+\s+){{0,2}}[a-z]+),\s+[a-z]+")
_APPOSITION_BEFORE = compiled(rf"(?:^|(?<=[.!?]\s))\W*[Tt]he\s+((?:[a-z]+\s+){{0,2}}[a-z]+),\s+({NAME}),\s+[a-z]+")
# A rank written before a name in the narration ("Prince Edrin came in", "Captain Orr"): the description "said the
# prince" calls its holder by, where the story gives the rank to no one else as a name of their own (see
# learn_descriptor); fics dev 3 lines more right, PDNC unchanged
_RANK_BEFORE_NAME = compiled(
    rf"({'|'.join(at_word_start(longest_first(r.capitalize() for r in RANKS)))})\.?\s+({NAME})"
)  # (each rank at a word's start, as "\b(...)" but found sooner: words.at_word_start)
# What both shapes hold: a comma before "the" (after) or before a name's capital (before).
_APPOSITION_MARK = compiled(r",\s+(?:the\s|[A-ZÀ-ÖØ-Þ])")
# A calling set beside a name anywhere in a sentence, or said of it: "met Mr. Pike, the parish clerk.", "Dr. Orr, a
# surgeon in the town,", "Pike was the clerk of the works", "Orr was an Irishman." (read for callings only, not "man" or
# "girl": "Tom, the old man" is read above only where it opens a sentence)
_CALLING_BESIDE = compiled(
    rf"({NAME})(?:,|\s+(?:was|is))\s+(?:a|an|the)\s+((?:[a-z]+\s+){{0,2}}[a-zA-Z]+)(?=[,.;]|\s+(?:of|in|at|from|who)\s)"
)
# What it holds, searched first: a capitalized word just before ", the", ", a", " was a"; opening with a set of
# letters, which the regex engine skips to quickly (see speakers._FIRST_PERSON)
_CALLING_MARK = compiled(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:,|\s+(?:was|is))\s+(?:an?|the)\s")
# Last words of a phrase after "the" that are no description of a person ("Tom, the next day, ...").
_NOT_DESCRIPTORS = frozenset(
    "day night morning evening afternoon week month year time moment while way end other same first last next rest "
    "one two three room house door window street town way world".split()
)
# Nouns for a person who may walk into a scene unnamed ("an old man", "two young ladies"), with their genders; not
# the words for kin or rank ("a mother", "a princess"), which say what someone is far more often
_STRANGER_NOUNS = {
    **dict.fromkeys("man men gentleman gentlemen boy boys lad lads fellow fellows youth youths".split(), "male"),
    **dict.fromkeys("woman women lady ladies girl girls".split(), "female"),
}
# Someone unnamed brought in: "an old man", "a tall woman", "two old gentlemen", "another lady"; not what someone is or
# is like ("was an old man", "been a lady", "speaking like a gentleman", "such a man")
_INTRODUCED_PERSON = compiled(
    r"[AaTtSs](?<![\w'’][AaTtSs])(?<!\bwas [AaTtSs])(?<!\bis [AaTtSs])(?<!\bwere [AaTtSs])(?<!\bbe [AaTtSs])"
    r"(?<!\bbeen [AaTtSs])(?<!\blike [AaTtSs])(?<!\bas [AaTtSs])(?<!\bsuch [AaTtSs])"
    r"(?:(?<=[Aa])(?:n|nother)?|(?<=[Tt])(?:wo|hree)|(?<=[Ss])(?:ome|everal))\s+"
    rf"(?:[a-z-]+\s+){{0,2}}({'|'.join(_STRANGER_NOUNS)})(?![\w'’-])"
)
_MARKED_PERSON = compiled(  # ("[Tt](?<!\w[Tt])": "\b[Tt]", with a set of letters first, found quickly)
    r"[Tt](?<!\w[Tt])he\s+(?:[a-z-]+\s+){0,2}(man|gentleman|boy|lad|fellow|youth|woman|lady|girl)\s+"
    r"(?:(?:in|behind|at|near|beside|by|under|on)\s+(?:the|a|an|his|her)\s|who\s)"
)
_DESCRIPTOR_VOTES = 2  # lines turn-taking gave to one character before their description is theirs
STRANGER = "stranger:"  # a hint that an unnamed person ("the old man") acts: "stranger:male"
_RECENT_PARAGRAPHS = 12  # how far back a "he said" looks for its man
_ROLE_GENDER = {role: gender for gender, role in ROLE_FOR_GENDER.items()}  # "he" -> "male"
PRESENT_PARAGRAPHS = 4  # who acted or spoke this lately is taken to be in the room
_SHARED_PARAGRAPHS = 6  # a shared name means the one of its owners seen this lately
_ONLY_ONE_PARAGRAPHS = 30  # a he/she tag with one man (woman) in the scene this long and no one else of that gender...
_ONLY_ONE_LATELY = 4  # ...is his (hers) when he was about this lately
_ELDERLY = frozenset("old elderly aged ancient".split())  # a description's words that tell an elder: "the old lady"
# Titles of an adult, by which an elderly description may mean a named character (kin titles like "son" are not)
_ELDER_TITLES = frozenset({*HONORIFICS, *TITLE_SPELLING}) - {
    "miss",
    "mlle",
    "mademoiselle",
    "master",
    "brother",
    "sister",
    "prince",
    "princess",
}
_INTRODUCED_PARAGRAPHS = 30  # an unnamed one of a gender brought in this lately may be the one an elderly description means
_DESCRIBED_PARAGRAPHS = 4  # an elderly description ("said the old lady") names one of that gender about this lately
DESCRIBED_BEFORE_PARAGRAPHS = 30  # a description earlier lines of one character had names them when about this lately
_MARKED_PARAGRAPHS = 8  # someone unnamed told apart this lately may be the unnamed one of that gender who acts again
_PRONOUN_PARAGRAPHS = 2  # a he/she tag names the one of that gender who acted or spoke in the paragraphs just before


# Words that end a description read from a tag ("said the girl impatiently", "cried the mother and", "said the general
# to Ann"): a manner, whom it is said to, or what follows the speaker, not the speaker. ("in", "with", "who" end its noun
# too, but "the gentleman in the white waistcoat" is someone else than "the gentleman": see read_description.)
_AFTER_DESCRIPTION = frozenset("and but or as so too then very aloud when while he she it they we i his her their its to".split())


# The words just before someone unnamed the narration brings in as its subject: "Then a boy ran up", "and a small old
# woman comes out"
_NEWCOMER_BEFORE = frozenset("and then when till until while".split())


def _eldest_sister(key: str, characters: list[Character]) -> str | None:
    """The sister a "Miss <surname>" that sisters share (`key`) means: by the usage of the time the eldest daughter
    is "Miss Harrow", a younger one "Miss Julia Harrow", so when each sister but one is written so somewhere, the
    one left. Only sisters: each sharer has a first name with that surname ("Ann Harrow"), no title."""
    title, _, surname = key.partition(" ")
    if title != "miss" or not surname or " " in surname:
        return None
    sisters = [c for c in characters if any(norm_name(w) == key for w in c.words)]
    names = {c.name: [norm_name(w).split() for w in c.words] for c in sisters}
    if len(sisters) < 2 or not all(any(_first_and(surname, w) for w in written) for written in names.values()):
        return None
    eldest = [name for name, written in names.items() if not any(w[0] == "miss" and _first_and(surname, w[1:]) for w in written)]
    return eldest[0] if len(eldest) == 1 else None


def _first_and(surname: str, words: list[str]) -> bool:
    """Whether a name's words are a first name and `surname` ("ann harrow")."""
    return len(words) == 2 and words[1] == surname and words[0] not in HONORIFICS


def _is_calling(word: str) -> bool:
    """Whether a description's last word is a calling ("surgeon", "clerk"), not a word for anyone ("man", "girl")."""
    return word not in DESCRIPTOR_GENDER and word not in _STRANGER_NOUNS


# Words after a description's noun that end it, besides _AFTER_DESCRIPTION: adverbs without "-ly" ("said the doctor
# again"), whom it is said to ("the girl to him")
_DESCRIPTION_ENDS = _AFTER_DESCRIPTION | frozenset(
    "again only somewhat still now once quite rather just even also himself herself him them me us you".split()
)
# Words that open what a description says after its noun: "the woman with the basket", "the man in the grey coat"
_AFTER_NOUN = frozenset(
    "in with without of at from on upon by after before into across through behind beside near under over for like".split()
)
# Of those, the ones whose phrase tells someone apart ("the man at the gate"), read with a "the" after them only: "in a
# low voice", "with an air", "after a pause" tell how the line was said
_TELLS_APART = frozenset("in with of at from on behind beside near under".split())
_RELATIVES = frozenset("who whom whose which that".split())
# Last words of a phrase after a description's noun that tell how a line was said, not who said it ("with the air of")
_MANNER_NOUNS = frozenset(
    """tone voice manner way air look smile frown face expression eyes same utmost greatest least most rest other
    time moment while end""".split()
)
# Words for someone that end as a participle does: "the darling girl", "the young stripling" (not "smiling", "falling")
_NOUNS_IN_ING = frozenset("darling stripling sibling underling weakling foundling nestling hireling changeling youngling".split())
_PLAIN_WORD = compiled(r"[a-z]+(?:-[a-z]+)*")  # no name, number or mark: "book-stall", not "Worms" nor "_d"
_DESCRIPTION_WORDS = 4  # the most words a description's noun and the words before it are read with
_TELLS_APART_WORDS = 3  # the most words after "the" of a phrase that tells someone apart


def _ends_noun_phrase(word: str) -> bool:
    """Whether a word after a description's first word ends its noun and what comes before it: a word of
    _DESCRIPTION_ENDS, a preposition, "who", an "-ly" or "-ing" word ("said the girl impatiently", "the boy shaking his
    head"; not "the good-looking man", "the darling girl", "the king"), anything but a plain word."""
    return (
        word in _DESCRIPTION_ENDS
        or word in _AFTER_NOUN
        or word in _RELATIVES
        or not _PLAIN_WORD.fullmatch(word)
        or word.endswith(("ly", "ing"))
        and "-" not in word
        and word not in _NOUNS_IN_ING
        and word not in DESCRIPTOR_GENDER
    )


def read_description(words: list[str]) -> str:
    """A tag's description from the words after its "the" (and those after the tag's subject, to the clause's end):
    its noun with the words before it ("irritable old gentleman" of "the irritable old gentleman, drawing off his
    gloves"), and a phrase after it that tells someone apart ("woman with the basket", "gentleman in the white
    waistcoat"), not one of how the line was said ("woman" of "the woman with a groan", "girl" of "the girl in a hoarse
    voice", "doctor" of "the doctor again"). See description_noun."""
    kept: list[str] = []
    for i, word in enumerate(words):
        if i and _ends_noun_phrase(word) or len(kept) == _DESCRIPTION_WORDS:
            break
        kept.append(word)
    rest = words[len(kept) :]
    if len(rest) > 2 and rest[0] in _TELLS_APART and rest[1] == "the":
        phrase: list[str] = []
        for word in rest[2 : 2 + _TELLS_APART_WORDS]:
            if _ends_noun_phrase(word):
                break
            phrase.append(word)
        if phrase and phrase[-1] not in _MANNER_NOUNS:
            kept += [rest[0], "the", *phrase]
    return " ".join(kept)


def description_noun(description: str) -> str:
    """The noun a description (read_description) calls someone by: "gentleman" of "irritable old gentleman" and of
    "gentleman in the white waistcoat"."""
    words = description.split()
    end = next((i for i, word in enumerate(words) if i and word in _TELLS_APART), len(words))
    return words[end - 1] if words else ""


def description_gender(description: str) -> str | None:
    """The gender a description's noun tells (description_noun): "male" of "irritable old gentleman", None of "doctor"."""
    return DESCRIPTOR_GENDER.get(description_noun(description))


_CLAUSE_MARK = compiled(r"[,.;:!?\"“”—–()]|--")


def _following_words(text: str) -> list[str]:
    """The words after a tag's subject up to the clause's end: " gentleman, drawing off" -> ["gentleman"] (a word with
    a capital, a name, ends a description: "the soi-disant de Worms")."""
    end = _CLAUSE_MARK.search(text)
    return text[: end.start() if end else len(text)].split()[: _DESCRIPTION_WORDS + _TELLS_APART_WORDS + 2]


# Titles that are as often other words, written in lower case: "the general opinion", "the major part", "the chief thing"
_WORDS_BESIDE_TITLES = frozenset("general major private chief principal senior junior master".split())


class Resolver:
    """Turns a subject word (a name, he, she, I) into a speaker, given who is in the scene."""

    def __init__(self, characters: list[Character], first_person: bool) -> None:
        self.characters = characters
        self.lookup = alias_lookup(characters)
        for key, found in self.lookup.items():
            if not found:  # a form two characters share goes to the one surely a person, if only one is
                people = {c.name for c in characters if c.person and any(norm_name(w) == key for w in c.words)}
                if len(people) == 1:
                    self.lookup[key] = people.pop()
        for key, found in self.lookup.items():
            # "Miss Harrow", which Ann Harrow and Miss Julia Harrow share, is Ann's (PDNC dev: 19 lines more right,
            # none wrong, all in one novel; the one such pair in the 14 novels)
            eldest = _eldest_sister(key, characters) if not found else None
            if eldest:
                self.lookup[key] = eldest
        self.sharers = {  # a form two characters still share -> those characters ("Osbert": Pendry and Bexley)
            key: tuple(c.name for c in characters if any(norm_name(w) == key for w in c.words))
            for key, found in self.lookup.items()
            if not found
        }
        self.men_by_surname: dict[str, tuple[str, ...]] = {}  # "last" -> the men who bear it ("Tony Last")
        for character in characters:
            if character.gender != "male":
                continue
            for surname in {norm_name(w).split()[-1] for w in character.words if len(w.split()) > 1}:
                self.men_by_surname[surname] = (*self.men_by_surname.get(surname, ()), character.name)
        self.name_words = {word for key in self.lookup for word in key.split()}  # "tony", "last", "mrs", "rattery"
        # a king or queen named in the story, whom "Your Grace" may call ("King Aren", "High King Aren")
        self.titled: dict[str, set[str]] = {}  # a royal title -> the characters named with it ("queen": Queen Ysolde)
        for character in characters:
            for word in character.words:
                for title in _ROYAL_TITLES.intersection(norm_name(word).split()[:2]) if " " in word else ():
                    self.titled.setdefault(title, set()).add(character.name)
        self.royal = bool(self.titled)
        self.first_person = first_person
        self.by_name = {c.name: c for c in characters}
        self.recent: dict[str, int] = {}  # characters acting or speaking in this scene -> the paragraph last seen
        self.mentioned: dict[str, int] = {}  # characters named in this scene -> the paragraph last named
        self.gone: dict[str, int] = {}  # characters who left this scene -> the paragraph they left in
        self.latest: dict[str, int] = {}  # characters named or seen in this scene -> the paragraph last, latest last
        self.paragraph = 0
        self.last_speaker: str | None = None  # who spoke the paragraph of dialogue before this one
        self.last_rule = ""
        self.described = False  # the tag read last was a description ("said the old man"), not a he/she
        self.descriptors: dict[str, str] = {}  # "old gentleman" -> the character the narration last called so
        self.shared_callings: set[str] = set()  # callings of descriptions learned for two characters ("clerk")
        self.ambiguous: set[str] = set()  # descriptions turn-taking gave to two characters
        self.turn_votes: dict[str, Counter[str]] = {}  # description -> who turn-taking gave its lines to
        self.description = ""  # the description read last: "the old gentleman"
        self.by_descriptor = False  # the tag read last was a description resolved through `descriptors`
        self.shared_hit = False  # a name read lately was a shared one, settled by who was about
        self.walked = False  # the paragraph's he/she tag is the subject a long sentence's speech verb was walked back to
        self.walk_read = False  # a he/she was read so lately
        self.before_scene: tuple[str, ...] = ()  # the latest names of the scene before this one, latest first
        self.partners: dict[str, Counter[str]] = {}  # speaker -> who answered them or whom they answered, in placed lines
        self.idiolects = Idiolects()  # how each speaker talks, from the lines the rules placed, over the chapters
        self.arrived: dict[str, int] = {}  # characters seen or named in this scene -> the paragraph they first were
        self.introduced: dict[str, int] = {}  # genders of unnamed elders the narration brought into this scene ("an old man")
        self.unnamed_acted: dict[str, int] = {}  # gender -> the paragraph someone unnamed of it last acted or spoke in
        self.unnamed_marked: dict[str, int] = {}  # gender -> the paragraph that last told someone unnamed of it apart
        # gender -> (noun, role speaker) of the unnamed someone this scene's narration last brought in or told apart
        # ("The woman behind the counter didn't look up.": ("woman", "the woman behind the counter"))
        self.newcomers: dict[str, tuple[str, str]] = {}
        self.scene_roles: set[str] = set()  # the role speakers named in this scene ("said the waiter": "the waiter")
        self.focus: dict[str, str] = {}  # gender -> the one character of it the scene is about (note_focus)
        self.role_first_chapter: dict[str, int] = {}  # a calling (ROLE_NOUNS) -> the chapter a tag first called someone so
        self.roles: dict[str, str | None] = {}  # the role speakers named ("the waiter") -> the gender their calling tells
        self.epithet_tags: Counter[str] = Counter()  # "the gentleman in the white waistcoat" -> the tags calling someone so
        self.role_names: dict[str, str] = {}  # a calling -> the role speaker named for it ("attendant": "the beach attendant")
        self.uncast_roles: dict[str, str] = {}  # gender no character can be -> the role speaker of it (uncast_role)
        # a tag's description -> the speakers of the lines with that tag that rules placed ("girl": {"Nancy"})
        self.described_speakers: dict[str, Counter[str]] = {}
        self.chapter = 0  # the number of the chapter being read
        # a description -> the paragraph whose text last set it beside a name ("Mr. Halloway, the old gentleman,")
        self.tied_at: dict[str, int] = {}
        self.first_named: dict[str, int] = {}  # character -> the number of the chapter whose narration first names them
        # lines whose tag's one-word epithet ("said the pedlar") no rule placed: (chapter number, line)
        self.epithet_lines: list[tuple[int, ParagraphEvidence]] = []
        # the titles that alone name one character ("the general": General Tarn), read in the narration (titles_in)
        alone = sorted(
            {key[4:] for key, found in self.lookup.items() if key.startswith("the ") and found}
            - {*DESCRIPTOR_GENDER, *_STRANGER_NOUNS},
            key=lambda title: -len(title),
        )
        titles = "|".join(re.escape(title).replace("\\ ", r"\s+") for title in alone)
        # (opening with [Tt], found quickly, then looking back for the word's start: see speakers._FIRST_PERSON)
        self.title_alone = re.compile(rf"[Tt](?<![\w'’-][Tt])he\s+((?i:{titles}))(?![\w-])") if alone else None

    def name(self, word: str) -> str | None:
        found = self.lookup.get(norm_name(word))
        if found is None and word[:1].isupper():
            cleaned = name_in(word)
            found = self.lookup.get(norm_name(cleaned)) if cleaned else None
        if found == "":
            found = self.shared(norm_name(word) if norm_name(word) in self.sharers else norm_name(name_in(word) or ""))
        if found is None and _LEADING_PARTICLE.match(word):
            return self.name(_LEADING_PARTICLE.sub("", word, count=1))  # "de Vries" is Vries
        if found is None:
            found = self._mister_surname(word)
        if found is None:
            tail = self._opener_dropped(word)
            found = self.name(tail) if tail else None
        if found is None:
            found = self._titled_full_name(word)
        return found or None

    def _titled_full_name(self, written: str) -> str | None:
        """A title before a first name and surname the story knows without it ("Mister Tam Orrin", "Miss Ann Pell")
        names that character when the title's gender is theirs; not "Mrs. John Pell", a wife by her husband's name."""
        title, _, rest = written.partition(" ")
        gender = HONORIFICS.get(title.rstrip(".").casefold())
        if gender is None or len(rest.split()) < 2:
            return None
        found = self.lookup.get(norm_name(rest))
        return found if found and self.gender(found) == gender else None

    def _honoured(self, pronoun: str, honorific: str) -> str | None:
        """The one holder of a title that "His Majesty", "Her Grace" (`pronoun`, `honorific`) means, of the pronoun's
        gender; with the story's royalty, "Grace" is a royal's too, as in "Your Grace"."""
        gender = PRONOUNS["he" if pronoun == "his" else "she"]
        if honorific in _SHIP_TITLES:
            # the one Lady (Lord) the narration has named so far, else the one of them about lately: "added her
            # ladyship" of Lady Pell. PDNC dev: 3 of 3 tags right, 2 more right lines in all (the ranker's moved)
            title = _SHIP_TITLES[honorific]
            titled = tuple(
                c.name
                for c in self.characters
                if self.gender(c.name) in (gender, None) and any(norm_name(w).split()[:1] == [title] for w in c.words)
            )
            named = [n for n in titled if self.first_named.get(n, self.chapter + 1) <= self.chapter]  # named so far
            return named[0] if len(named) == 1 else self._lately_of(titled)
        holders = self._holders(f"your {honorific}")
        fitting = [name for name in holders if self.gender(name) in (gender, None)]
        return fitting[0] if len(fitting) == 1 else None

    def _holders(self, call: str) -> set[str]:
        """The characters a form of address may call: those known as "the duke", or named with a royal title
        ("Queen Ysolde"), which alone stays no name ("the Queen" is as often one the story never names)."""
        titles = () if call == "your grace" and self.royal else _ADDRESSED_AS.get(call, ())
        known = {self.lookup.get(f"the {title}", "") for title in titles} - {""}
        return known | {name for title in titles for name in self.titled.get(title, ())}

    def addressed(self, call: str) -> str | None:
        """The character a form of address calls ("Your Grace", "Holiness") or a rank said alone ("Commander,"): the
        one holder of that title or rank."""
        folded = " ".join(call.casefold().split())
        if folded in HONORIFICS and folded not in ABBREVIATED:  # (not "Dr" before its dot: "..., Dr. Aziz")
            return self.lookup.get(f"the {RANKS.get(folded, folded)}") or None  # "Commander, could you...": the commander
        holders = self._holders(folded)
        return holders.pop() if len(holders) == 1 else None

    def _opener_dropped(self, written: str) -> str | None:
        """A capitalized run whose first word is no part of anyone's name, less that word: a sentence's opening
        word before a name ("Presently Mrs Rattery", "Suddenly Tony"), which no list of openers holds in full."""
        words = written.split()
        if len(words) < 2 or norm_name(words[0]) in self.name_words:
            return None
        return " ".join(words[1:])

    def _mister_surname(self, word: str) -> str | None:
        """ "Mr" and a surname no character is called by ("Mr Last") means the one man of that surname seen in
        the scene lately: a father and son share it. Not "Mrs" or "Miss": one may be a wife or a mother the
        story never names, the other a daughter whose mother is about. Of two about, the one acting rather than only
        named ("Harold Vane called them in ... what had been Edwin's study. ... said Mr Vane"). A man's title and
        surname is no name two share, so a tag reads it as sure (PDNC dev: 2 lines more right, none wrong)."""
        words = norm_name(word).split()
        if len(words) != 2 or words[0] != "mr":
            return None
        shared_hit = self.shared_hit
        found = self._lately_of(self.men_by_surname.get(words[1], ()), acting_first=True)
        self.shared_hit = shared_hit
        return found

    def shared(self, key: str) -> str | None:
        """A form two characters share ("Osbert") means the one of them seen in the scene lately, when only one was.
        A tag reads that as unsure, but not a surname of each ("said Vane", Harold Vane and Edwin Vane): a family's
        bare surname is the one of them about (PDNC dev: 1 line more right, none wrong)."""
        shared_hit = self.shared_hit
        sharers = self.sharers.get(key, ())
        titled = [name for name in sharers if norm_name(name) == key]
        if len(titled) == 1 and len(sharers) == 2:
            # a cast file's "The Doctor" beside Doctor Losberne: "the doctor" is Losberne from the chapter whose
            # narration first names him, the one called so before (unlike _title_names_yet, a holder the narration
            # never names is never the title's: the listed title-character is)
            other = sharers[1 - sharers.index(titled[0])]
            return other if self.first_named.get(other, self.chapter + 1) <= self.chapter else titled[0]
        found = self._lately_of(sharers)
        if all(any(norm_name(w).split()[1:][-1:] == [key] for w in self.by_name[name].words) for name in sharers):
            self.shared_hit = shared_hit
        return found

    def _lately_of(self, names: tuple[str, ...], acting_first: bool = False) -> str | None:
        """The one of these characters seen or named in the scene lately, when only one was (`acting_first`: else the
        one of them who acted or spoke lately, when only one did)."""
        lately = [
            name
            for name in names
            if self.paragraph - max(self.recent.get(name, -99), self.mentioned.get(name, -99)) <= _SHARED_PARAGRAPHS
        ]
        if len(lately) > 1 and acting_first:
            acting = [name for name in lately if self.paragraph - self.recent.get(name, -99) <= _SHARED_PARAGRAPHS]
            lately = acting if len(acting) == 1 else lately
        self.shared_hit = self.shared_hit or len(lately) == 1
        return lately[0] if len(lately) == 1 else None

    def gender(self, name: str) -> str | None:
        character = self.by_name.get(name)
        return character.gender if character else _ROLE_GENDER.get(name)

    def subject(self, word: str, after: str = "") -> tuple[str | None, str | None]:
        """(speaker or None, gender when it is a he/she or a gendered description to resolve); `after`: the text after
        a tag's subject, which a description may go on in ("said the irritable old gentleman": the subject pattern
        reads two words after "the")."""
        folded = " ".join(word.casefold().split())
        if folded == "i":
            return (NARRATOR if self.first_person else None), None
        if folded in PRONOUNS:
            return None, PRONOUNS[folded]
        honoured = _HONOURED.match(folded)
        if honoured:
            return self._honoured(*honoured.groups()), None
        described = _DESCRIBED_NAME.match(" ".join(word.split()))
        if described:
            named = (
                self.name(" ".join(word.split())) or self.name(described.group(1)) or self.name(f"the {described.group(1)}")
            )  # "the Professor", "the gloomy Whitlock", "the hopeless Inspector" (Inspector Ratcliffe, the one inspector)
            if named:
                return named, None
        if folded.startswith("the "):
            folded = f"the {read_description([*folded.split()[1:], *_following_words(after)])}"
            named = self.name(folded)  # "the doctor": the one character with that title
            if named and not self._title_names_yet(named, folded):
                named = None
            if named:
                return named, None
            # A description the rules cannot resolve mostly means someone other than the named one about: of the lines
            # so left on PDNC dev, the one character of its gender about lately said 11 of 70, the first one of that
            # gender named within 4 paragraphs after 19 of 49, the one named in the scene 16 of 54; an age word
            # ("the young man") for the one untitled of its gender beside a titled one, 6 of 7 (too few to keep).
            self.described = True
            self.description = " ".join(folded.split()[1:])
            known = self.described_as(folded)
            if known:
                self.by_descriptor = True
                return known, None
            noun = description_noun(self.description)
            if noun != self.description.split()[-1]:
                # someone the tag tells apart ("the gentleman in the white waistcoat"): no he or she of the talk, someone
                # unnamed (with the noun's gender, turns gave 6 such lines of one novel to the men talking, all wrong)
                return None, ""
            return None, DESCRIPTOR_GENDER.get(noun, "")
        return self.name(word), None

    def resolve(self, gender: str, para: ParagraphEvidence, before: tuple[str, ...], adjacent: str | None) -> str | None:
        """The character a he/she tag means: one of that gender acting just before it in the paragraph, else
        the most recent one seen in the scene who did not speak the line before."""
        for name in reversed(before):
            if self.gender(name) == gender:
                self.last_rule = "pronoun-before"
                return name
        elder = self._described_elder(gender, para, adjacent) if self.described else None
        if elder:
            return elder
        unknown: list[str] = []
        fitting: list[str] = []
        for name, seen in sorted(self.recent.items(), key=lambda item: -item[1]):
            if self.paragraph - seen > _RECENT_PARAGRAPHS:
                break
            if name == adjacent or name in para.vocatives or name in para.spoken_of or name == NARRATOR:
                continue  # (one the line names is seldom its speaker: "Mother, are you aware that Paul...?")
            # two paragraphs back only across a line someone else said ("Tom came in. 'Shut it,' said Ann. 'Yes,' said he.")
            reach = _PRONOUN_PARAGRAPHS if adjacent else 1
            if self.gender(name) == gender and self.paragraph - seen <= reach:
                fitting.append(name)  # a "he" further back than the room's last few paragraphs is anyone's guess
            elif self.gender(name) is None and name not in unknown:
                unknown.append(name)
        if len(fitting) == 1 and not self.described:  # two men lately: "he" could be either
            distance = self.paragraph - self.recent[fitting[0]]
            # one the line calls is the one it is said to, no other he/she who may have said it ("'Helen, I like
            # him,' she said." just after Margaret acted, Helen about too): PDNC dev 5 lines more right, none more
            # wrong (the he/she lines so placed 4 of 5 right); fics dev precision 0.959 -> 0.960
            others = {
                n
                for n, at in (*self.recent.items(), *self.mentioned.items())
                if n != fitting[0]
                and self.paragraph - at <= PRESENT_PARAGRAPHS
                and self.gender(n) == gender
                and n not in para.vocatives
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
        if self.uncast(gender):
            self.last_rule = "pronoun-role"
            return self.uncast_roles.get(gender, ROLE_FOR_GENDER[gender])  # nobody named could be this "he" or "she"
        if not fitting and not self.described:
            only = self._only_one(gender, para, adjacent)
            if only:
                self.last_rule = "pronoun-only-one"
                return only
            seen_before = [
                n for n in self.recent if self.gender(n) == gender and n not in (adjacent, NARRATOR) and n not in para.vocatives
            ]
            if len(seen_before) == 1:
                para.scene_fit = seen_before[0]  # too long ago to name alone; turns may confirm (_scene_pair_turns)
        return None

    def _described_elder(self, gender: str, para: ParagraphEvidence, adjacent: str | None) -> str | None:
        """The character an elderly description in a tag means ("said the old lady", "the old gentleman
        replied"): of those of that gender about in the scene lately, acting or named, who did not speak the line
        before and are not addressed in it, the one whose name tells an elder by a title or a word for a
        grandparent (Mrs. Bedwin, Mr. Brownlow, Grandmother; not Oliver, Rose or Miss Derek); see elder_about."""
        found = self.elder_about(self.description, gender, {adjacent, *para.vocatives})
        if found:
            self.last_rule = "description-elder"
        return found

    def elder_about(self, description: str, gender: str, not_them: set[str | None]) -> str | None:
        """The one titled character of `gender` about lately that an elderly description ("old lady") may mean,
        leaving out `not_them`. None when an unnamed elder of that gender came in lately and the character was in the
        scene before ("Mr. Hale read. An old man came in."): the newcomer may be meant; not when the character was
        first named after ("An old lady came in. It was Mrs. Bedwin.")."""
        if not _ELDERLY.intersection(description.split()):
            return None
        lately = {
            name
            for name, at in (*self.recent.items(), *self.mentioned.items())
            if self.paragraph - at <= _DESCRIBED_PARAGRAPHS and self.gender(name) == gender
        }
        elders = [n for n in lately if n != NARRATOR and n not in not_them and self._elder(n)]
        if len(elders) != 1:
            return None
        introduced = self.introduced.get(gender, -99)
        if self.paragraph - introduced <= _INTRODUCED_PARAGRAPHS and self.arrived.get(elders[0], -99) <= introduced:
            return None
        return elders[0]

    def _elder(self, name: str) -> bool:
        """Whether a character's name tells an adult of standing: a title (Mr., Mrs., Dr., Madame) or a word for a
        grandparent ("the Grandmother", "Granny")."""
        character = self.by_name.get(name)
        for form in character.words if character else ():
            words = form.casefold().replace(".", "").split()
            first = words[1] if words[:1] == ["the"] and len(words) > 1 else words[0] if words else ""
            if first in _ELDER_TITLES or first in KIN_NAMES:
                return True
        return False

    def leave(self, name: str) -> None:
        """`name` is no longer about in the scene (a caller once the call ends): no longer seen, named, nor the one
        the scene is about, until they come back."""
        for seen in (self.recent, self.mentioned, self.latest):
            seen.pop(name, None)
        self.focus = {gender: n for gender, n in self.focus.items() if n != name}
        if self.last_speaker == name:
            self.last_speaker = None

    def go(self, name: str) -> None:
        """`name` left the scene ("Greta swept out."): no longer about, and no one's to answer, until they act, speak
        by a tag or come back (`see`). Also out of the pronouns' reach: only marked gone, not left, PDNC had one
        line more placed, wrong (11,949/11,071 against 11,948/11,071)."""
        self.leave(name)
        self.gone[name] = self.paragraph

    def note_focus(self, para: ParagraphEvidence) -> None:
        """After a paragraph: for each gender, the one character of it the scene is about, if any. The last one
        of that gender who acted or spoke in the paragraph, while no other of that gender is named beside them; an
        unnamed someone of that gender ("The old man bowed.", "said the doctor") ends it."""
        # each name's gender looked up once, not once per gender
        acting = [(n, self.gender(n)) for n in (*para.subjects, *([para.speaker] if para.speaker else ())) if n != NARRATOR]
        named = [(n, self.gender(n)) for n in para.named if n != NARRATOR]
        strangers = {h.removeprefix(STRANGER) for h in para.hints if h.startswith(STRANGER)}
        if para.stranger and para.gender_hint:
            strangers.add(para.gender_hint)
        if not acting and not named and not strangers:
            return  # nobody acted, was named or came in: the focus stays
        for gender in PRONOUNS.values():
            of_gender = [n for n, of in acting if of == gender]
            if of_gender:
                self.focus[gender] = of_gender[-1]
            focus = self.focus.get(gender)
            if gender in strangers or any(n != focus and of == gender for n, of in (*named, *acting)):
                self.focus.pop(gender, None)  # "Ann looked at Meg.": either may be the "she" of what follows

    def unnamed_acted_last(self, gender: str) -> bool:
        """Whether the last of `gender` to act in the scene, in the paragraphs just before, was someone unnamed ("The
        girl at the gate frowned."): no named character of that gender acted or spoke after them."""
        at = self.unnamed_acted.get(gender)
        if at is None or not self.marked_lately(gender) or self.paragraph - at > _PRONOUN_PARAGRAPHS:
            return False
        return not any(seen > at and self.gender(n) == gender for n, seen in self.recent.items())

    def _only_one(self, gender: str, para: ParagraphEvidence, adjacent: str | None) -> str | None:
        """The one character of `gender` acting or named in the scene's last _ONLY_ONE_PARAGRAPHS paragraphs, when they
        were about lately (_ONLY_ONE_LATELY) and nobody whose gender is unknown was: "she" can be no one else."""
        last: dict[str, int] = {}
        for seen in (self.recent, self.mentioned):
            for name, at in seen.items():
                last[name] = max(last.get(name, at), at)
        same = [n for n, at in last.items() if self.paragraph - at <= _ONLY_ONE_PARAGRAPHS and self.gender(n) == gender]
        if len(same) != 1 or same[0] in (adjacent, NARRATOR) or same[0] in (*para.vocatives, *para.spoken_of):
            return None
        if self.paragraph - last[same[0]] > _ONLY_ONE_LATELY:
            return None
        if any(self.gender(n) is None and n != NARRATOR and self.paragraph - at <= _RECENT_PARAGRAPHS for n, at in last.items()):
            return None  # someone about might be this "he"
        return same[0]

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
        calling = description_noun(" ".join(words))
        if not words or words[-1] in _NOT_DESCRIPTORS or calling in _NOT_DESCRIPTORS or self.name(f"the {descriptor}"):
            return
        noun_gender = DESCRIPTOR_GENDER.get(calling)
        if noun_gender and self.gender(name) not in (noun_gender, None):
            return
        self.descriptors[" ".join(words)] = name
        self.ambiguous.discard(" ".join(words))
        if len(words) > 1 and _is_calling(calling):
            # "the parochial undertaker" is "the undertaker" too, while the story gives that calling to no one else
            if calling in self.shared_callings or self.descriptors.get(calling, name) != name:
                self.descriptors.pop(calling, None)
                self.shared_callings.add(calling)
            else:
                self.descriptors[calling] = name

    def tie_descriptor(self, descriptor: str, name: str) -> None:
        """Learn that `descriptor` means `name` from the text itself (the narration sets them side by side, a line
        gives its speaker's own name), and remember where: see turns.described_named_later."""
        self.learn_descriptor(descriptor, name)
        key = " ".join(descriptor.casefold().split())
        if self.descriptors.get(key) == name:
            self.tied_at[key] = self.paragraph

    def learn_from_turns(self, descriptor: str, name: str) -> None:
        """A described line turn-taking placed ("said the old gentleman", between two of Halloway's turns):
        the description is that character's, unless turns gave it to someone else before."""
        votes = self.turn_votes.setdefault(descriptor, Counter())
        votes[name] += 1
        noun_gender = description_gender(descriptor)
        if len(votes) > 1 or descriptor in self.ambiguous:
            self.descriptors.pop(descriptor, None)
            self.ambiguous.add(descriptor)
        elif votes[name] >= _DESCRIPTOR_VOTES and noun_gender in (None, self.gender(name)):
            # "the old gentleman", or a bare "the pedlar", "the doctor" that turns gave to one character only, twice
            self.learn_descriptor(descriptor, name)

    def learn_appositions(self, text: str) -> None:
        """Descriptions the narration puts beside a name: "Mr. Halloway, the old gentleman, ..." and
        "the old gentleman, Mr. Halloway, ..."; and callings beside a name or said of it ("Dr. Orr, a surgeon in the
        town", "Pike was the clerk"), wherever they are in a sentence; and a rank written before a name ("Prince Edrin")."""
        if _CALLING_MARK.search(text) is not None:
            for match in _CALLING_BESIDE.finditer(text):
                calling = match.group(2).casefold().split()[-1]
                name = self.name(match.group(1)) if _is_calling(calling) else None
                if name:
                    self.learn_descriptor(match.group(2), name)
        for match in _RANK_BEFORE_NAME.finditer(text):
            name = self.name(match.group(2))
            if name:
                self.tie_descriptor(RANKS[match.group(1).casefold()], name)
        if _APPOSITION_MARK.search(text) is None:
            return  # neither shape is there: most narration is read without trying them at every character
        for match in _APPOSITION_AFTER.finditer(text):
            name = self.name(match.group(1))
            if name:
                self.tie_descriptor(match.group(2), name)
        for match in _APPOSITION_BEFORE.finditer(text):
            name = self.name(match.group(2))
            if name:
                self.tie_descriptor(match.group(1), name)

    def note_introductions(self, sentence: str) -> tuple[str, ...]:
        """Unnamed elderly people the narration brings in ("An old man came in.", "sat two old gentlemen"): after them,
        an elderly description of that gender in this scene may be theirs (see elder_about). Not "a lady came in": an
        "old lady" after her was the titled one about in 3 lines of 3 on PDNC dev. Returns the genders of everyone
        unnamed the sentence brings in as a subject ("and a small old woman comes out"; not "the portrait of a man",
        nor "another man", someone likened), when it names no character of that gender after them."""
        newcomers: list[str] = []
        for match in _INTRODUCED_PERSON.finditer(sentence):
            gender = _STRANGER_NOUNS[match.group(1).casefold()]
            if _ELDERLY.intersection(match.group(0).casefold().split()):
                self.introduced[gender] = self.paragraph
            before = sentence[max(0, match.start() - 12) : match.start()].split()
            if match.group(0).casefold().startswith("another") or before and before[-1].casefold() not in _NEWCOMER_BEFORE:
                continue
            if not any(self.gender(n) == gender for n in self.names_in(sentence[match.end() :])):
                newcomers.append(gender)
        return tuple(dict.fromkeys(newcomers))

    def marked_lately(self, gender: str) -> bool:
        """Whether the narration told apart someone unnamed of `gender` lately ("the girl at the ticket window")."""
        return self.paragraph - self.unnamed_marked.get(gender, -99) <= _MARKED_PARAGRAPHS

    def note_marked(self, text: str) -> None:
        """Someone unnamed the narration tells apart by where they are or what they wear ("the girl at the
        ticket window", "said the boy in the red cap", "the man who followed them"): no named character is called so."""
        for match in _MARKED_PERSON.finditer(text):
            self.unnamed_marked[_STRANGER_NOUNS[match.group(1).casefold()]] = self.paragraph

    def about_within(self, paragraphs: int) -> tuple[str, ...]:
        """The characters who acted, spoke or were named in this scene's last `paragraphs` paragraphs."""
        found = (n for n, at in (*self.recent.items(), *self.mentioned.items()) if self.paragraph - at <= paragraphs)
        return tuple(dict.fromkeys(n for n in found if n != NARRATOR))

    def learn(self, name: str, gender: str) -> None:
        if name in self.by_name and self.by_name[name].gender is None:
            self.by_name[name] = replace(self.by_name[name], gender=gender)
            self.characters = [self.by_name[c.name] for c in self.characters]

    def uncast(self, gender: str) -> bool:
        """Whether no character could be of `gender`: every one named is of the other."""
        return not any(c.gender in (gender, None) for c in self.characters)

    def uncast_role(self, calling: str, name: str, gender: str) -> str:
        """The role speaker for a calling in a story none of whose characters can be of its `gender` ("the nurse" with
        "she" where all named are men): no one named, unlike a calling in general; a later he/she of that gender
        (pronoun-role) is theirs, the one person of it the story has a word for."""
        found = self.role(calling, name, gender)
        self.uncast_roles.setdefault(gender, found)
        return found

    def role(self, calling: str, name: str, gender: str | None) -> str:
        """The role speaker for a calling ("attendant"): the one named for it first ("the beach attendant"), else `name`."""
        found = self.role_names.setdefault(calling, name)
        self.roles[found] = gender
        self.scene_roles.add(found)
        return found

    def is_person(self, speaker: str) -> bool:
        """A speaker who surely is someone: a role, the narrator, or a character with a gender or a tag."""
        character = self.by_name.get(speaker)
        return character is None or character.person or character.gender is not None

    def see(self, name: str) -> None:
        if name != NARRATOR:
            self.gone.pop(name, None)
            self.recent[name] = self.paragraph
            self.latest.pop(name, None)
            self.latest[name] = self.paragraph
            self.arrived.setdefault(name, self.paragraph)

    def names_in(self, text: str) -> list[str]:
        """The characters a text names, in order."""
        found = []
        for written in mentions(text):
            name = self.lookup.get(norm_name(written))
            if name is None and (tail := self._opener_dropped(written)):
                name = self.lookup.get(norm_name(tail))
            if name:
                found.append(name)
        return found

    def titles_in(self, sentence: str) -> list[str]:
        """The characters a narration sentence calls by the title that alone names them ("The General came in.",
        "she looked at the doctor"), from the chapter whose narration first names them, as a tag's title is read
        (subject); not a lower-case title that is as often a word for anything ("the general opinion")."""
        if self.title_alone is None:
            return []
        found = []
        for match in self.title_alone.finditer(sentence):
            written = match.group(1)
            key = f"the {' '.join(written.casefold().split())}"
            if written.islower() and key.split()[-1] in _WORDS_BESIDE_TITLES:
                continue
            named = self.lookup.get(key)
            if named and self._title_names_yet(named, key):
                found.append(named)
        return found

    def _title_names_yet(self, named: str, title: str) -> bool:
        """Whether `title` ("the doctor"), which alone names `named`, names them in the chapter being read: from the
        chapter whose narration first names them, or at once when it is their name itself. "said the doctor" chapters
        before the narration first names Dr. Pell is another doctor's (on PDNC dev: 5 wrong lines fewer, none right
        lost; within the chapter that names him it stays his)."""
        return self.first_named.get(named, self.chapter) <= self.chapter or norm_name(named) == title

    def mention(self, text: str) -> list[str]:
        """`names_in`, each noted as mentioned in this paragraph."""
        return self.note_mentioned(self.names_in(text))

    def note_mentioned(self, found: list[str]) -> list[str]:
        """Each of `found` noted as mentioned in this paragraph."""
        for name in found:
            self.mentioned[name] = self.paragraph
            self.latest.pop(name, None)
            self.latest[name] = self.paragraph
            self.arrived.setdefault(name, self.paragraph)
        return found
