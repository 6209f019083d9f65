"""Names in the narration: every capitalized name a story uses, read with its title ("Mrs Fairlie",
"Dr. Park"), normalized, counted with the evidence of whether it is a person, and the gender the
pronouns after it give. characters.py clusters these forms into characters."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import DIALOGUE, NARRATION, Kind, Pause, Script, Segment
from .name_words import (
    ABBREVIATED,
    ARTICLES,
    COMPOUND_TITLES,
    GENDER_WORDS,
    HELD_ADDRESSES,
    HONORIFICS,
    KIN_AND_PARENT_NAMES,
    LOCATIVES,
    NOT_INVERTED,
    NOT_NAMES,
    NOT_PEOPLE,
    PARTICLES,
    PLACE_NOUNS,
    PREFIXED_TITLES,
    SPEECH_VERBS,
    TITLE_PREFIXES,
    TITLE_SPELLING,
    TITLES_ALONE,
    TOWARDS,
    given_names,
    places,
)
from .patterns import compiled
from .words import alternation, longest_first

WORD = compiled(r"[A-Za-z][A-Za-z'’-]*")
# a title of two words first ("High Priestess Ysolde", not "High" and a name), then a title of one
# (each alternation written by words.alternation: the same as its branches joined with "|", faster to search)
_TITLE_PATTERN = alternation(
    rf"(?:{alternation(*(p.capitalize() for p in TITLE_PREFIXES))})\s+(?:{alternation(*longest_first(t.capitalize() for t in PREFIXED_TITLES))})",
    *longest_first(t.capitalize() for t in HONORIFICS if t not in COMPOUND_TITLES),
)
_ABBREVIATION_PATTERN = alternation(*longest_first(t.capitalize() for t in ABBREVIATED))
_TITLE = rf"(?:(?:{_ABBREVIATION_PATTERN})\.?|(?:{_TITLE_PATTERN}))"
_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
CAPITALS = _UPPER  # (inside a pattern's [...]) the letters every NAME, NAME_WORD and MENTION opens with
NAME_WORD = rf"(?:Mc|Mac|O['’]|D['’])?[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}]?[{_LOWER}]+)?"
PARTICLE = rf"(?:{alternation(*sorted(PARTICLES))})\s+"
# a dotted title ends a run, so "But Mrs. Moore" is read as "Mrs. Moore", not "But Mrs" then a bare "Moore"
_NOT_DOTTED_TITLE = rf"(?!(?:{_ABBREVIATION_PATTERN})\.)"
_NAME_RUN = rf"(?:{PARTICLE})?{NAME_WORD}(?:\s+(?:{PARTICLE})?{_NOT_DOTTED_TITLE}{NAME_WORD}){{0,2}}"
NAME = rf"(?:{_TITLE}\s+(?:{PARTICLE})?)?{NAME_WORD}(?:\s+(?:{PARTICLE})?{NAME_WORD}){{0,2}}"
# Every title and name word begins with a capital: the look-ahead turns down any other place at once,
# before the titles are tried one by one. It is read before the look back (no word character just before),
# which turns down fewer places: a paragraph is searched in 20-25% less time than with the look back first.
MENTION = compiled(
    rf"(?=[{_UPPER}])(?<![\w'’])(?:((?:{_ABBREVIATION_PATTERN})(?=\.?\s)|(?:{_TITLE_PATTERN})(?=\s))\.?\s+)?"
    rf"({_NAME_RUN})(?:['’]s)?(?![\w'’])"
)
# Words before a name that make it an object ("gave it to Nora, and he"): the next pronoun is more often the
# subject's, so it counts for less (_vote_gender)
OBJECT_MARKERS = frozenset(
    "to with at from by of on upon towards toward into onto beside behind against among between near".split()
)
_NAME_BEFORE = compiled(  # "Tom and Nora": the second name of a pair
    rf"{NAME_WORD}(?:['’]s)?,?\s+(?:and|or)$"
)
_LIST_OF_NAMES = compiled(rf"(?:,\s+|\s+and\s+){NAME_WORD}")  # "Anna, Ben and Cleo": after a name, another
_MAN_WOMAN = compiled("(?:wo)?m[ae]n$")  # "Englishman", "Frenchwomen": a nationality all the same
_WHOSE = frozenset("Your His Her Their Our My".split())  # words before a form of address: "Your Grace"
# A name a line calls someone by: after a comma ("Quiet, Dobrev!"), alone or ending it ("... tonight. Kowal.")
_CALLED = compiled(r"(?:^|[.!?]\s+)([A-Z][a-z]+)\s*[?!.]\s*$|,\s+([A-Z][a-z]+)\s*[,?!.]")
# A word opening a line or a sentence of one before a comma, "?" or "!": a call ("Jess, wait!", "Wil? Wil, who was it?")
# or an interjection ("Well, ...", "Yes!"), which the reader of `scan_names`' `calls` tells apart.
_OPENING_CALL = compiled(r"(?:^|[.!?]\s+)([A-Z][a-z]+)\s*[,?!]")
_POSSESSIVE = compiled(r"['’]s\b")
# A capitalized place noun after a possessive name: the name is a place's ("Saint Bride's Church").
_PLACE_AFTER = compiled(rf"(?:{'|'.join(longest_first(n.capitalize() for n in PLACE_NOUNS))})\b")
_SENTENCE_STOP = compiled(r"[.!?;]")
_TITLE_DOT = compiled(rf"\b(?:{_ABBREVIATION_PATTERN})\.")  # "Mr.": a dot that ends no sentence
TWO_WORDS = compiled(r"\s*(\S+)(?:\s+(\S+))?")  # a text's first two words, as str.split() cuts them
_APOSTROPHE = compiled(r"['’]")
# Endings of nationalities, languages and their adjectives ("Moravian" is in NOT_PEOPLE's spirit but not its
# list; "Gothic", "Baltic", "Catholic": "-ic" after these letters ends no common given name, as "Cedric",
# "Dominic" and "Ludovic" do).
_NATIONALITY = compiled(r"(?:ese|ish|ians?|ans|i[sz]ed|[bfhlmt]ic)$")
# Endings of abstract nouns, after a stem of three letters or more: "Socialism", "Christianity", "Theology",
# "Propriety" are no one.
_ABSTRACT = compiled(r".{3,}(?:ism|ity|ety|logy|ship|ness|ment|tion|sion)$")


@dataclass(slots=True)  # counted into at each name the narration uses: slots
class NameForm:
    """What the narration shows of one way of naming someone ("Mrs Fairlie", "Clemency", "Clemency Ingram")."""

    title: str  # the honorific, spelled one way ("mr", "captain"); "" when none
    words: tuple[str, ...]  # the name's words as written
    spellings: Counter[str] = field(default_factory=Counter)  # the whole name as written ("Mrs. Fairlie")
    count: int = 0
    mid: int = 0  # mid-sentence, where only names are capitalized
    tagged: int = 0  # subject of a speech tag ("said Clemency", "Clemency replied")
    place: float = 0  # after "in", "into", "near"...: a place more than a person
    possessive: int = 0  # "Spike's": someone's, mid-sentence
    article: int = 0  # after "the", "a", "this"...: a thing, a place or a rank ("the Registrar", "a Pole")
    votes: Counter[str] = field(default_factory=Counter)  # gender from the pronouns after it
    # how the gender a voice is given where `votes` decide none reads otherwise than `votes` (signed counts): less the
    # votes likely another's ("he had not seen Louisa; ... he"), more a "her" after the name ("Ann put down her cup")
    amends: Counter[str] = field(default_factory=Counter)
    paragraphs: set[int] = field(default_factory=set)  # the paragraphs whose narration uses it, by number
    # the sentences whose narration uses it: (paragraph, run of narration, sentence in the run), by number
    sentences: set[tuple[int, int, int]] = field(default_factory=set)
    called: int = 0  # lines that call it, after a comma or alone ("Quiet, Dobrev!", "Kowal.")


# Japanese honorifics after a name, as anime and manga fan fiction writes them ("Sasuke-kun", "Kakashi-sensei",
# "Neji-nii-san"): the name is the word before them, as "Mr." before a name is no part of it.
_HONORIFIC_SUFFIX = compiled(
    r"(?:-(?:san|kun|chan|sama|sensei|senpai|sempai|dono|hime|tan|chin|nii|nee|niisan|neesan|niichan|neechan|nii-san"
    r"|nee-san|nii-chan|nee-chan|onii|onee|oniisan|oneesan|aniki|aneki|kouhai|kohai))+$",
    re.IGNORECASE,
)


def without_honorific_suffix(word: str) -> str:
    """A name word without the Japanese honorifics after it: "Kakashi-sensei" -> "Kakashi"."""
    return _HONORIFIC_SUFFIX.sub("", word) if "-" in word else word


@functools.lru_cache(maxsize=1 << 14)  # the same few names, asked for at every mention
def norm_name(text: str) -> str:
    """A name's key: titles spelled one way, dots, possessives and honorifics after it gone, case folded ("Mr.
    Ingram's" -> "mr ingram", "Sasuke-kun" -> "sasuke")."""
    words = [without_honorific_suffix(word) for word in _POSSESSIVE.sub("", text).replace(".", " ").split()]
    if words and words[0].casefold() in HONORIFICS:
        title = words[0].casefold()
        words[0] = TITLE_SPELLING.get(title, title)
    return " ".join(w.casefold() for w in words)


def script_paragraphs(segments: Iterable[Segment]) -> list[list[Segment]]:
    """Segments grouped by paragraph (a kept line break, as in chat, ends one too)."""
    out: list[list[Segment]] = [[]]
    for segment in segments:
        out[-1].append(segment)
        if segment.pause in (Pause.PARAGRAPH, Pause.SCENE, Pause.LINE):
            out.append([])
    return [p for p in out if p]


def paragraph_pieces(script: Script) -> list[list[tuple[Kind, str]]]:
    """Each paragraph of the story body as runs of narration and dialogue, in order."""
    out = []
    for chapter in script.chapters[1:]:
        for paragraph in script_paragraphs(chapter.segments):
            pieces: list[tuple[Kind, str]] = []
            for segment in paragraph:
                kind = NARRATION if segment.kind is NARRATION else DIALOGUE
                if pieces and pieces[-1][0] is kind:
                    pieces[-1] = (kind, f"{pieces[-1][1]} {segment.text}")
                else:
                    pieces.append((kind, segment.text))
            out.append(pieces)
    return out


def scan_names(
    paragraphs: list[list[tuple[Kind, str]]], calls: Counter[str] | None = None
) -> dict[tuple[str, tuple[str, ...]], NameForm]:
    """Every capitalized name the narration uses, with the evidence of whether it is a person. `calls`, when given,
    is filled with every capitalized word the dialogue may call someone by ("Quiet, Dobrev!", "Jess, wait!") -> how
    often (with the interjections that open lines: "Well, ...")."""
    forms: dict[tuple[str, tuple[str, ...]], NameForm] = {}
    called: Counter[str] = Counter()
    for number, pieces in enumerate(paragraphs):
        # a pronoun in the next paragraph may still be this one's person, when neither holds dialogue
        following = paragraphs[number + 1] if number + 1 < len(paragraphs) else []
        tail = following[0][1] if len(pieces) == 1 and len(following) == 1 and following[0][0] is NARRATION else ""
        with_tail = f"{pieces[0][1]} {tail}" if tail else ""  # made once, read from each name on, not copied per name
        for index, (kind, text) in enumerate(pieces):
            if kind is not NARRATION:
                if kind is DIALOGUE:
                    for call in _CALLED.finditer(text):  # (most lines call no one: no Counter.update for them)
                        called[call.group(1) or call.group(2)] += 1
                    if calls is not None:
                        for call in _OPENING_CALL.finditer(text):
                            calls[call.group(1)] += 1
                continue
            after_line = index > 0
            # after a line that ended its sentence ("Yes." It was...), the narration opens a new one
            line_closed = after_line and pieces[index - 1][1].rstrip("'’\"” ").endswith((".", "!", "?", "…"))
            sentence, counted_to = 0, 0  # sentence stops counted up to each name in turn, not from the start again
            for match in MENTION.finditer(text):
                cleaned = _clean_run(match.group(1), match.group(2))
                if cleaned is None:
                    continue
                stops = _SENTENCE_STOP.findall(text, counted_to, match.start())
                if stops:
                    sentence += len(stops) - len(_TITLE_DOT.findall(text, counted_to, match.start()))
                counted_to = match.start()
                after = match.end()  # the rest of the text is read where it lies, not copied for each name
                following_words = TWO_WORDS.match(text, after)
                speech = False
                if following_words:
                    head, then = following_words[1].strip(",.;:!?").casefold(), following_words[2]
                    speech = head in SPEECH_VERBS or (
                        then is not None
                        and (head.endswith("ly") or head == "had")
                        and then.strip(",.;:!?").casefold() in SPEECH_VERBS
                    )
                before = text[: match.start()].rstrip()
                initial = (
                    (not before and (not after_line or line_closed and not speech)) or bool(before) and before[-1] in '.!?:;"“”…'
                )
                title, words, dropped = cleaned
                initial = initial and not dropped
                key_title = TITLE_SPELLING.get(title.casefold(), title.casefold()) if title else ""
                form = forms.get((key_title, words))
                if form is None:
                    form = forms[key_title, words] = NameForm(key_title, words)
                form.count += 1
                form.paragraphs.add(number)
                form.sentences.add((number, index, sentence))
                form.spellings[" ".join([_written_title(match, title), *words]) if title else " ".join(words)] += 1
                if title or not initial or _LIST_OF_NAMES.match(text, after):
                    form.mid += 1  # mid-sentence, or first of a list of names ("Anna, Ben and Cleo")
                    form.possessive += match.group(0).endswith(("'s", "’s"))
                last_words = before.rsplit(None, 2)  # the last two words, without splitting the whole paragraph
                previous = last_words[-1].casefold() if last_words else ""
                object_of = previous in OBJECT_MARKERS or (previous in ("and", "or") and bool(_NAME_BEFORE.search(before)))
                form.article += previous in ARTICLES
                if previous == "the" and len(last_words) > 1:
                    previous = last_words[-2].casefold()
                form.place += 1 if previous in LOCATIVES else 0.5 if previous in TOWARDS else 0
                if following_words and match.group(0).endswith(("'s", "’s")) and _PLACE_AFTER.match(following_words[1]):
                    form.place += 1  # "Saint Bride's Church", "Guy's Hospital": a place's name
                beside_line = after_line and not before or index + 1 < len(pieces) and len(text) - after < 40
                if speech:
                    form.tagged += beside_line
                elif previous in SPEECH_VERBS and previous not in NOT_INVERTED and after_line and len(last_words) == 1:
                    form.tagged += 1
                elif previous in SPEECH_VERBS and after_line and len(last_words) == 2 and last_words[1].casefold() == "the":
                    form.tagged += 1  # "...," said the Registrar
                title_gender = HONORIFICS.get(key_title) if key_title else KIN_AND_PARENT_NAMES.get(words[-1].casefold())
                if title_gender:
                    form.votes[title_gender] += 3
                # after "Minty's young man" the he is as often the young man's (PDNC dev votes: 0.72 right, others 0.83)
                doubted = _BOTH if match.group(0).endswith(("'s", "’s")) else _genders_before(text, match.start())
                _vote_gender(form, with_tail or text, after, object_of, doubted)
    for (title, words), form in forms.items():
        if not title and len(words) == 1:
            form.called = called[words[0]]
    if calls is not None:
        calls.update(called)
    return forms


# Words that follow a subject (an auxiliary, a verb in the past) rather than an adjective's noun.
_VERB_AFTER_SUBJECT = compiled(r"was|were|had|has|is|would|could|should|might|must|will|shall|did|[a-z]+ed")


def rank_votes(paragraphs: list[list[tuple[Kind, str]]], ranks: Iterable[str]) -> dict[str, Counter[str]]:
    """The gender votes of the pronouns after each rank the narration uses alone, as after a name
    ("the General ... he", "the doctor, who ... she"): rank -> votes."""
    if not ranks:
        return {}
    # (opening with [Tt], found quickly, then looking back for the word's start: see speakers._FIRST_PERSON)
    rank_alone = re.compile(
        rf"[Tt](?<![\w'’][Tt])he\s+((?i:{'|'.join(map(re.escape, ranks))}))(?![\w'’])(?:\s+([a-z]+)(?![\w'’]))?"
    )
    forms = {rank: NameForm(rank, ()) for rank in ranks}
    for pieces in paragraphs:
        for kind, text in pieces:
            if kind is not NARRATION:
                continue
            for match in rank_alone.finditer(text):
                following = match.group(2)
                verb = following in SPEECH_VERBS or _VERB_AFTER_SUBJECT.fullmatch(following or "")
                if match.group(1).islower() and following and not verb:
                    continue  # "the general opinion": an adjective, not the General
                last_words = text[max(0, match.start() - 20) : match.start()].split()
                object_of = bool(last_words) and last_words[-1].casefold() in OBJECT_MARKERS
                _vote_gender(forms[match.group(1).casefold()], text, match.end(1), object_of)
    return {rank: form.votes for rank, form in forms.items() if form.votes}


def role_votes(chapters: Iterable[Iterable[Segment]], roles: Iterable[str]) -> dict[str, Counter[str]]:
    """The gender votes of the pronouns after each role speaker's words in the narration, as after a name ("'Move
    on,' said the officer. He ...", "the genial passenger, who ... his"): role ("the officer") -> votes. A role is
    a noun and the words before it, all lower case: no adjective to tell apart from it, as a rank must be."""
    words = longest_first({" ".join(role.split()[1:]) for role in roles if role.casefold().startswith("the ")})
    if not words:
        return {}
    # (opening with [Tt], found quickly, then looking back for the word's start: see speakers._FIRST_PERSON)
    alternatives = "|".join(re.escape(w).replace("\\ ", r"\s+") for w in words)
    role_alone = re.compile(rf"[Tt](?<![\w'’][Tt])he\s+({alternatives})(?![\w'’-])")
    forms = {word: NameForm("", ()) for word in words}
    for segments in chapters:
        for segment in segments:
            if segment.kind is not NARRATION:
                continue
            text = segment.text
            for match in role_alone.finditer(text):
                last_words = text[max(0, match.start() - 20) : match.start()].split()
                object_of = bool(last_words) and last_words[-1].casefold() in OBJECT_MARKERS
                _vote_gender(forms[" ".join(match.group(1).split())], text, match.end(1), object_of)
    return {f"the {word}": form.votes for word, form in forms.items() if form.votes}


def _written_title(match: re.Match[str], title: str) -> str:
    """The title as the text spells it, with its dot when it has one ("Mrs." or "Mrs")."""
    found = re.search(rf"\b{re.escape(title)}(\.?)", match.group(0))
    return f"{title}{found.group(1)}" if found else title


def clean_name(title: str | None, words: list[str]) -> tuple[str, list[str], bool] | None:
    """(title, name words, whether words were dropped before it) of a capitalized run, or None when it names
    no one: "Then Captain Tresham" is Captain Tresham; "Indian", "Mr" alone, "Heaven" are no one."""
    dropped = False
    title = " ".join(title.split()) if title else title
    while words and not title and (words[0] in NOT_NAMES or words[0].casefold() in HONORIFICS):
        if words[0].casefold() in HONORIFICS and len(words) > 1:
            title, words = words[0], words[1:]
            break
        if len(words) == 1 and words[0].casefold() in TITLES_ALONE:
            break  # "the Emperor": a title alone, given to its one holder if he has a name
        if len(words) == 2 and words[0] in _WHOSE and words[1].casefold() in HELD_ADDRESSES:
            return None  # "Your Grace", "His Honour": a form of address, not Grace
        words = words[1:]
        dropped = True
    if not title and len(words) > 2 and f"{words[0]} {words[1]}".casefold() in COMPOUND_TITLES:
        title, words = f"{words[0]} {words[1]}", words[2:]  # "High Priestess Ysolde" in a run
    elif title and words and f"{title} {words[0]}".casefold() in COMPOUND_TITLES:
        title, words = f"{title} {words[0]}", words[1:]  # "Lord" and "Commander Vane": the Lord Commander
    if title and not words and title.casefold() in COMPOUND_TITLES:
        return "", title.split(), dropped  # "the High Priestess": a title alone, given to its one holder if she has a name
    if title:
        words = [w for w in words if w not in NOT_NAMES]
    words = [without_honorific_suffix(w) for w in words]
    if not words or any(_no_one(w) for w in words):
        return None
    return title or "", words, dropped


@functools.lru_cache(maxsize=1 << 14)
def _clean_run(title: str | None, run: str) -> tuple[str, tuple[str, ...], bool] | None:
    """`clean_name` of a capitalized run as `MENTION` found it, remembered: the same few names recur."""
    cleaned = clean_name(title, run.split())
    return None if cleaned is None else (cleaned[0], tuple(cleaned[1]), cleaned[2])


@functools.lru_cache(maxsize=1 << 14)
def _no_one(word: str) -> bool:
    """A capitalized word that is no one's name: "Indian", "Heaven", "Englishmen", "Hindus"."""
    folded = word.casefold()
    return folded in NOT_PEOPLE or _MAN_WOMAN.sub("", folded) in NOT_PEOPLE or folded.endswith("s") and folded[:-1] in NOT_PEOPLE


@functools.lru_cache(maxsize=1 << 14)
def name_in(text: str) -> str | None:
    """The name a capitalized run holds, as written with its title ("Then Mrs. Fairlie" -> "Mrs. Fairlie")."""
    match = MENTION.fullmatch(text.strip())
    if match is None:
        return None
    cleaned = clean_name(match.group(1), match.group(2).split())
    if cleaned is None:
        return None
    title, words, _ = cleaned
    return " ".join([title, *words]) if title else " ".join(words)


def mentions(text: str) -> list[str]:
    """The names in a text, in order, as written with their titles."""
    out = []
    for match in MENTION.finditer(text):
        cleaned = _clean_run(match.group(1), match.group(2))
        if cleaned:
            title, words, _ = cleaned
            out.append(" ".join([title, *words]) if title else " ".join(words))
    return out


_SENTENCE_BACK = 160  # characters looked back for the start of a name's sentence (a bound: plan speed)
_PRONOUN_BEFORE = compiled(r"(?<![\w'’])(?:[Hh]e|[Hh]is|[Hh]im|[Hh]imself|[Ss]he|[Hh]er|[Hh]ers|[Hh]erself)(?![\w'’])")
_MALE_PRONOUNS = frozenset(("he", "his", "him", "himself"))
_BOTH = frozenset(("male", "female"))  # _vote_gender's `others` that doubt any vote


def _genders_before(text: str, start: int) -> frozenset[str]:
    """The genders of the he/she words in a name's sentence before it ("he had not seen Louisa; and ... he"): someone of
    that gender other than the one named is in the sentence already, whose the pronoun after the name more often is."""
    begin = max(0, start - _SENTENCE_BACK)
    for stop in _SENTENCE_STOP.finditer(text, begin, start):
        begin = stop.end()
    return frozenset(
        "male" if m.group(0).casefold() in _MALE_PRONOUNS else "female" for m in _PRONOUN_BEFORE.finditer(text, begin, start)
    )


def _vote_gender(
    form: NameForm, text: str, start: int = 0, object_of: bool = False, others: frozenset[str] = frozenset()
) -> None:
    """The first he/she word after a name (in `text` from `start`), before any other name or a "him"
    (whose "he" follows): strong evidence in the name's own sentence, weak in the sentences after it.
    `object_of`: the name follows a preposition or another name and "and" ("gave it to Nora, and he went",
    "Tom and Nora... his"), where the pronoun is more often the subject's: half the weight, and
    none past the sentence. `others`: the genders whose votes a voice doubts (those of the he/she words before the name
    in its sentence; both after a possessive name).

    A voice's gender reads the evidence otherwise (`NameForm.amends`), where the votes decide none: a "her" after the
    name counts for her (a vote in the name's sentence, as "Ann put down her cup"), and the vote after a "her" or of
    the gender of a he/she before the name is likely another's ("Leslie had forfeited her right ... as he", "he had not
    seen Louisa; and ... he"). Votes on PDNC dev: 0.82 right; those after a "her" and of a man 0.53, those of the
    gender of a pronoun before the name 0.61; a "her" as a she 0.81."""
    if text.startswith(":", start) or text[start : start + 2] == " :":
        return  # "Pip: he held the ferret": a chat line's sender, and their own words after it
    end = _SENTENCE_STOP.search(text, start)
    sentence = end.start() if end else len(text)
    position = 0  # words read (WORD's), of the 25 looked at
    after_her = False
    while True:
        # the lower-case words that can decide nothing are passed over in C, counted, not read one by one
        undeciding = _UNDECIDING_WORDS.match(text, start)  # always matches, if only nothing
        passed = undeciding.end() if undeciding else start
        position += len(WORD.findall(text, start, passed))
        match = WORD.match(text, passed)
        if position >= 25 or match is None:
            return
        position += 1
        evidence = _gender_evidence(match.group(0))
        if evidence is _STOP:
            return
        if evidence is None and not after_her and match.group(0) in ("her", "Her"):
            after_her = True
            if match.start() < sentence and not object_of:
                form.amends["female"] += 1
        if evidence:
            weight = (evidence[1] if match.start() < sentence else 1) - object_of
            if (
                weight > 1
                and match.group(0) == "his"
                and _AFTER_PREPOSITION.search(text, max(0, match.start() - 9), match.start())
            ):
                weight = 1  # "Ann looked at his jacket": his after a preposition is as often another's
            if weight:
                form.votes[evidence[0]] += weight
                if evidence[0] in others or after_her:
                    form.amends[evidence[0]] -= weight
            return
        start = match.end()


_AFTER_PREPOSITION = compiled(r"\b(?:at|to|with|into|onto|on|from|for|in|over|by|against|towards?|behind|under|past)\s+$")
_STOP = ("", 0)  # _gender_evidence: the search for a pronoun ends at this word
# WORDs (and what lies between them) for which _gender_evidence is None whatever they are: lower-case
# words that begin with neither "he", "hi" nor "sh", as every he/she word and "him" do.
_UNDECIDING_WORDS = compiled(r"[^A-Za-z]*(?:(?:[a-gi-rt-z]|h(?![eiEI])|s(?![hH]))[A-Za-z'’-]*[^A-Za-z]*)*")


@functools.lru_cache(maxsize=1 << 14)
def _gender_evidence(word: str) -> tuple[str, int] | None:
    """What a word after a name says of its gender: the evidence of a he/she word, `_STOP` at a word that
    ends the search, None for any other word."""
    if word[0].isupper() and word not in NOT_NAMES:
        return _STOP  # another name: the pronoun may be theirs
    folded = _APOSTROPHE.split(word.casefold(), 1)[0]
    if folded == "him":
        return _STOP  # "Priya told him, and left before he could argue": the next "he" is him
    return GENDER_WORDS.get(folded)


def is_person(form: NameForm, forms: dict[tuple[str, tuple[str, ...]], NameForm], lower: Counter[str] | None = None) -> bool:
    """A form the narration uses as a person's name, not a place, a month or a sentence's first word.
    `lower`: how often each word is written in lower case in the story ("also", "truth", "secretary")."""
    if _family(form, forms):
        return False  # "the Millers", "the Miss Millers" are a family, not someone
    if form.title:
        return True
    if form.words[-1].casefold() in PLACE_NOUNS:
        return False
    if form.tagged < 1 and (" ".join(form.words) in places() or len(form.words) > 1 and not places().isdisjoint(form.words)):
        return False  # "back from Egypt", "the London Season": a place the world knows, unless it speaks in a tag
    if len(form.words) > 1 and lower is not None:
        head, tail = (w.casefold() for w in (form.words[0], form.words[-1]))
        if form.mid < 1 and lower[head] >= 1:
            return False  # "Unfortunately Kemal": a sentence's first word before a name
        if form.tagged < 1 and lower[head] >= 1 and lower[tail] >= 1:
            return False  # "Town Clerk", "Flower Show": words, capitalized as an office or an event
    if len(form.words) > 1 and form.tagged < 1 and 2 * form.article >= form.count:
        alone = forms.get(("", form.words[:1]))
        if alone is None or alone.count < 3 or alone.article * 2 >= alone.count:
            return False  # "the Grand Canal", "the Tide Warden": a place, a thing or an office, never a full name
            # (but "the Piers Quill of old" beside "Piers" alone is someone)
    if len(form.words) == 1 and form.tagged < 1:
        word = form.words[0].casefold()
        if not re.search("[aeiouy]", word) or len(word) < 3 or _NATIONALITY.search(word) or _ABSTRACT.match(word):
            return False  # "St", "Ad": abbreviations, cut words; "Japanese", "Russians": nationalities; "Socialism"
        if 2 * form.article >= form.count and not title_only(form, lower):
            return False  # "the Danube", "a Pole", "the Registrar": a place, a thing, a rank
        if lower is not None and max(lower[word], lower[word[:-1]] if word.endswith("s") else 0) >= max(1, form.mid):
            return False  # "Also", "Truth", "Widow": a word written in lower case as often as capitalized mid-sentence
    first = forms.get(("", form.words[:1]))
    if form.count < 2 and len(form.words) > 1 and all(forms.get(("", (w,)), NameForm("", ())).count >= 3 for w in form.words):
        return False  # two names side by side ("told Tamsin Philippa was coming"), not one
    if len(form.words) > 1 and first is not None and first.mid + form.mid >= 1:
        return form.place <= 0.25 * form.count  # "Emma Woodhouse" once, at a sentence's start, and "Emma" again
    if len(form.words) == 1 and form.mid >= 1 and any(k[0] == "" and len(k[1]) > 1 and k[1][0] == form.words[0] for k in forms):
        return form.place <= 0.25 * form.count  # "Tobias" mid-sentence, and "Tobias Quill" once
    usual = given_names().get(form.words[0]) if len(form.words) == 1 else None
    if (
        usual
        and form.count >= 3
        and lower is not None
        and not lower[form.words[0].casefold()]
        and form.place == 0
        and form.votes[usual] >= sum(form.votes.values()) - form.votes[usual]
    ):
        return True  # "Nora saw them. ... Nora led them up the lane.": a given name, though it only opens sentences
    if form.called and lower is not None and not lower[form.words[0].casefold()] and form.place == 0:
        return True  # "Dobrev grins." and "Quiet, Dobrev!": a name the dialogue calls someone by
    if form.mid < 1 and form.tagged < 1 or form.count < 2 and form.tagged < 1 and form.possessive < 1:
        return False
    if form.place > 0.25 * form.count and form.tagged < 1:
        return False
    return True


def title_only(form: NameForm, lower: Counter[str] | None) -> bool:
    """A capitalized word after "the" that speaks in tags ("...," said the Registrar) and is hardly ever written in
    lower case: someone the story names by an office alone ("the Registrar", "the Gaffer")."""
    word = form.words[0].casefold()
    return form.tagged >= 2 and 2 * form.article >= form.count and (lower is None or 4 * lower[word] <= form.count)


def _family(form: NameForm, forms: dict[tuple[str, tuple[str, ...]], NameForm]) -> bool:
    """ "the Millers" beside "Miller": a family, "Poles" beside "Pole" a people (a man called Moggs, never
    "the Moggs", beside one "Mogg'" of dialect, is someone)."""
    if not form.words[-1].endswith("s"):
        return False
    singular = [f for k, f in forms.items() if k[1][-1] == form.words[-1][:-1]]
    return bool(singular) and (2 * form.article >= form.count or sum(f.count for f in singular) >= 2)
