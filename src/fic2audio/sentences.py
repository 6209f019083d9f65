"""Sentence splitting with NLTK's Punkt, offline: parameters ship with the project, never downloaded."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import sys
import types
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .patterns import compiled
from .words import says_something

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktParameters  # imported only when sentences are split

# Abbreviations that end in a period without ending the sentence (Punkt keys: lowercase, no final dot).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms mx dr prof st sr jr rev fr hon gen col capt cpt lt sgt maj cmdr adm gov sen rep pres
    ep eps vol vols ch chap pt no nos fig approx appt apt dept est etc vs viz al e.g i.e cf ca inc ltd co
    corp jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun
    mt ft ave blvd rd hwy sq oz lb lbs hr hrs min mins sec secs u.s u.k u.n p.s a.m p.m b.c a.d
    """.split()
)
_LINE_SPLIT = compiled(r"\n+")
# Initials ("J.K. Rowling", "C.S. Lewis"): Punkt without trained parameters ends a sentence after them.
_INITIALS_END = compiled(r"(?:^|[\s(\"'“‘])(?:[A-Z]\.){2,3}$")


# A candidate break whose verdict is known without running Punkt's rules: a plain word (two or more
# letters: no initial, number, hyphen or abbreviation) ending in `.`, `?` or `!`, then a closing mark or
# another token. Punkt's first pass marks such a word a sentence end, and with these parameters (no
# collocations, sentence starters or orthographic context) its second pass undoes a break only after an
# abbreviation, an initial or a number; Punkt's context is the word before the mark, the mark and what
# follows it, so a token always follows the break.
_PLAIN_BREAK = compiled(r"(?P<lead>[\"“‘'(]?)(?P<word>[A-Za-z]{2,})(?P<mark>[.?!])(?:[\"”’')]|\s+[^.\s]\S*)")


# A plain sentence end inside a line: a plain word (as above) after an ASCII space or the line's start
# (where Punkt's word before the mark begins), its mark, one space and a letter. When every mark of a
# line but a last one is such an end, Punkt breaks at each of them and nowhere else: each sentence runs
# from the line's start or the letter after a break to its mark (the last to the line's end, trailing
# space left off), and no closing mark follows a break to be moved back onto its sentence.
# Searched in the line after one space, which stands for its start: the pattern opens with the space
# before the word (found fast, where a look-back would be tried at every character) and its match ends
# at the mark, so it ends, in the spaced line, where the next sentence starts in the line. Its word is
# taken whole, never given back letter by letter in search of the mark.
_PLAIN_END = compiled(r"[ \t\n\r\x0b\x0c]([A-Za-z]{2,}+)([.?!])(?= [A-Za-z])")


def punkt_parameters() -> PunktParameters:
    """The project's Punkt parameters: its abbreviations and, when installed, NLTK's English ones."""
    from nltk.tokenize.punkt import PunktParameters

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    params.abbrev_types |= _installed_punkt_abbreviations()
    return params


@contextlib.contextmanager
def _nltk_package_skipped() -> Iterator[None]:
    """Import NLTK's modules inside without NLTK's package `__init__`, which imports all of NLTK, numpy with it, for
    the few modules Punkt needs (0.25 s of CPU -> 0.05 s: a 200k-word plan 3.41 s -> 3.24 s user, Oliver Twist's
    1.51 s -> 1.30 s): the packages `nltk` and `nltk.tokenize` stood in for by bare modules over their folders, and every module
    imported so taken out of sys.modules again after, so a later `import nltk` imports the whole package afresh. Where
    NLTK is imported already (or not installed), nothing is done."""
    spec = importlib.util.find_spec("nltk") if "nltk" not in sys.modules else None
    if spec is None or not spec.submodule_search_locations:
        yield
        return
    folder = Path(next(iter(spec.submodule_search_locations)))
    before = set(sys.modules)
    for name, path in (("nltk", folder), ("nltk.tokenize", folder / "tokenize")):
        package = types.ModuleType(name)
        package.__path__ = [str(path)]
        sys.modules[name] = package
    try:
        yield
    finally:
        for name in [n for n in sys.modules if n not in before and (n == "nltk" or n.startswith("nltk."))]:
            del sys.modules[name]


@functools.cache
def _tokenizer():
    with _nltk_package_skipped():
        return _new_tokenizer()


def _new_tokenizer():
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    class Tokenizer(PunktSentenceTokenizer):
        """Punkt, a line of plain sentence ends (`_PLAIN_END`) cut without it, and its verdict on each
        candidate break answered first by `_PLAIN_BREAK` and else remembered: the same sentences,
        without tokenizing and annotating each context again."""

        def __init__(self) -> None:
            super().__init__(punkt_parameters())
            self._abbreviations = self._params.abbrev_types
            self._decided = functools.lru_cache(maxsize=1 << 14)(super().text_contains_sentbreak)

        def tokenize(self, text: str, realign_boundaries: bool = True) -> list[str]:
            trimmed = text.rstrip()
            starts = _plain_starts(trimmed, self._abbreviations)
            if not realign_boundaries or starts is None:
                return super().tokenize(text, realign_boundaries)
            return _cut(trimmed, starts)

        def text_contains_sentbreak(self, text: str) -> bool:
            plain = _PLAIN_BREAK.fullmatch(text)
            if plain is not None:
                word = plain["word"].lower()
                if plain["mark"] != "." or {word, plain["lead"] + word}.isdisjoint(self._abbreviations):
                    return True
            return self._decided(text)

    return Tokenizer()


def _plain_starts(trimmed: str, abbreviations: set[str]) -> list[int] | None:
    """Where each sentence of a line (trailing space left off) starts when every `.`, `?` and `!` before its
    end is a plain sentence end (`_PLAIN_END`) after no abbreviation; else None."""
    last = len(trimmed) - 1
    marks = trimmed.count(".", 0, last) + trimmed.count("?", 0, last) + trimmed.count("!", 0, last)
    if not marks:
        # one sentence (most lines and narration spans): an end matched ends in a mark before the last character,
        # so none can be found; the search on a copy of the line is skipped (with _cut's single sentence: the
        # 34,264 spans of the 200k-word bench cut in 0.034 s, not 0.072 s)
        return [0]
    starts = [0]
    for end in _PLAIN_END.finditer(" " + trimmed):
        if end[2] == "." and end[1].lower() in abbreviations:
            return None
        starts.append(end.end())
    return starts if len(starts) == marks + 1 else None


def _cut(trimmed: str, starts: list[int]) -> list[str]:
    """A line's sentences from where each starts, the space after each mark left off."""
    if len(starts) == 1:
        return [trimmed]  # (trimmed[0:] is the line itself)
    return [trimmed[start : stop - 1] for start, stop in zip(starts, starts[1:], strict=False)] + [trimmed[starts[-1] :]]


def plain_sentences(text: str) -> list[str] | None:
    """`split_sentences(text)` when `text` is one line, opening with no space, whose every sentence end is
    plain (a word, its mark, one space, a letter), or that has none and says something: its sentences are
    then stripped and each says something. None for any other text, which split_sentences reads.
    (Most quotation and narration spans of a story are such lines: they skip the general path's checks.)"""
    if "\n" in text or text[:1].isspace():
        return None
    trimmed = text.rstrip()
    starts = _plain_starts(trimmed, _tokenizer()._abbreviations)
    if starts is None or (len(starts) == 1 and not says_something(trimmed)):
        return None
    return _cut(trimmed, starts)


def _installed_punkt_abbreviations() -> set[str]:
    """NLTK's own English Punkt abbreviations when punkt_tab happens to be installed; never downloaded."""
    try:
        import nltk.data
        from nltk.tokenize.punkt import load_punkt_params

        nltk.data.find("tokenizers/punkt_tab/english/")
        return set(load_punkt_params("english").abbrev_types)
    except (LookupError, OSError, ValueError, ImportError):
        return set()


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`, every character but the whitespace between them kept."""
    out: list[str] = []
    leading = ""  # marks before the first sentence with a word ("!" of "!‘0"), joined to that sentence
    for line in _LINE_SPLIT.split(text):
        line_start = len(out)  # never join across a kept line break
        for sentence in _punkt_sentences(line):
            if not says_something(sentence):
                if out:
                    out[-1] = f"{out[-1]}{sentence}"  # "me!!" splits as "me!" + "!": keep the marks together
                else:
                    leading = f"{leading}{sentence} "
            elif out and out[-1].endswith(".") and _INITIALS_END.search(out[-1]) and line_start != len(out):
                out[-1] = f"{out[-1]} {sentence}"
            elif sentence.strip():
                out.append(f"{leading}{sentence}")
                leading = ""
    if leading.strip():
        out.append(leading.strip())
    return out


def _punkt_sentences(line: str) -> list[str]:
    """Punkt's sentences of one line. Punkt breaks only after a `.`, `?` or `!` with more text after it;
    a line with none of them before its last character is one sentence (the line less its trailing
    whitespace, as Punkt gives it), found without running the tokenizer."""
    trimmed = line.rstrip()
    inner = trimmed[:-1]
    if "." not in inner and "?" not in inner and "!" not in inner:
        return [trimmed] if trimmed else []
    return _tokenizer().tokenize(line)


# eSpeak NG's time grows faster than the text (measured: 1,000 characters 0.18 s, 5,000 1.4 s, 20,000
# 16 s), and one clip is also the unit of progress, retry and Ctrl-C; so no piece is longer than this.
MAX_CLIP_CHARS = 400
_STRONG_BREAK = compiled(r"[;:—–)\]](?=\s)|[。！？；：]|\s[—–]|\s-\s|\s(?=[(\[])")
_COMMA_BREAK = compiled(r"[,、，](?!\d)")  # not the comma of 1,000
_SPACE = compiled(r"\s+")


def limit_length(sentence: str, max_chars: int = MAX_CLIP_CHARS) -> list[str]:
    """`sentence` cut into pieces of at most `max_chars`, at the last semicolon, colon or dash that fits,
    else the last comma, else the last space, else (a very long word or URL) anywhere.

    Joined with the whitespace between them, the pieces give back `sentence`: no character is lost."""
    pieces: list[str] = []
    rest = sentence.strip()
    while len(rest) > max_chars:
        cut = _cut_point(rest, max_chars)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _cut_point(text: str, max_chars: int) -> int:
    window = text[: max_chars + 1]
    floor = max_chars // 3  # a break earlier than this would leave a piece too short to sound natural
    for pattern in (_STRONG_BREAK, _COMMA_BREAK, _SPACE):
        ends = [m.end() for m in pattern.finditer(window) if floor <= m.end() <= max_chars]
        if ends:
            return ends[-1]
    cut = max_chars
    # Never split a letter from its combining accents or a surrogate-free emoji sequence's joiner.
    while cut > floor and (unicodedata.combining(text[cut]) or text[cut] in "\u200d\ufe0f" or text[cut - 1] == "\u200d"):
        cut -= 1
    return cut
