"""Sentence splitting with NLTK's Punkt, offline: parameters ship with the project, never downloaded."""

from __future__ import annotations

import functools
import re

# Abbreviations that end in a period without ending the sentence (Punkt keys: lowercase, no final dot).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms mx dr prof st sr jr rev fr hon gen col capt cpt lt sgt maj cmdr adm gov sen rep pres
    ep eps vol vols ch chap pt no nos fig approx appt apt dept est etc vs viz al e.g i.e cf ca inc ltd co
    corp jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun
    mt ft ave blvd rd hwy sq oz lb lbs hr hrs min mins sec secs u.s u.k u.n p.s a.m p.m b.c a.d
    """.split()
)
_LINE_SPLIT = re.compile(r"\n+")
_WORD = re.compile(r"[^\W_]")
# Initials ("J.K. Rowling", "C.S. Lewis"): Punkt without trained parameters ends a sentence after them.
_INITIALS_END = re.compile(r"(?:^|[\s(\"'“‘])(?:[A-Z]\.){2,3}$")


@functools.cache
def _tokenizer():
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    params.abbrev_types |= _installed_punkt_abbreviations()
    return PunktSentenceTokenizer(params)


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
    for line in _LINE_SPLIT.split(text):
        line_start = len(out)  # never join across a kept line break
        for sentence in _tokenizer().tokenize(line):
            if not _WORD.search(sentence) and out:
                out[-1] = f"{out[-1]}{sentence}"  # "me!!" splits as "me!" + "!": keep the marks together
            elif out and _INITIALS_END.search(out[-1]) and line_start != len(out):
                out[-1] = f"{out[-1]} {sentence}"
            elif sentence.strip():
                out.append(sentence)
    return out
