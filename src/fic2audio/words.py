"""Text facts that reading, segmenting, attribution and pronunciation all need: whether a piece of text
says anything, Roman numerals, emoticons, chat time stamps. Plain `re`; no stage's rules, no imports of
the project's modules, so any stage may use it without depending on another."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .patterns import compiled


def longest_first(words: Iterable[str]) -> list[str]:
    """`words` longest first (so that "Mrs" is tried before "Mr"), and in alphabetical order among those of one length:
    the same order in every run, whatever a set's order is under that run's hash seed, since a pattern's text is the
    key its compiled code is kept under (patterns.compiled); sorted by length alone, 65 of the package's 368 patterns
    came out in another order in each run, and each run compiled and kept them anew."""
    return sorted(words, key=lambda word: (-len(word), word))


EMOTICONS = {
    ":)": "smile",
    ":-)": "smile",
    "(:": "smile",
    ":]": "smile",
    "=)": "smile",
    ":(": "frown",
    ":-(": "frown",
    ";)": "wink",
    ";-)": "wink",
    ":D": "big grin",
    ":-D": "big grin",
    "xD": "laughing",
    "XD": "laughing",
    ":P": "tongue out",
    ":p": "tongue out",
    ":-P": "tongue out",
    ":'(": "crying",
    "T_T": "crying",
    ":O": "surprised",
    ":o": "surprised",
    ":-O": "surprised",
    "o_O": "confused",
    "O_o": "confused",
    ":/": "unsure",
    ":-/": "unsure",
    ":|": "straight face",
    "-_-": "unimpressed",
    "^_^": "happy",
    "^^": "happy",
    ":3": "cat smile",
    "<3": "heart",
    "</3": "broken heart",
    ">:(": "angry",
}  # emoticon -> what a listener hears
EMOTICON = compiled(r"(?<!\S)(" + "|".join(re.escape(e) for e in longest_first(EMOTICONS)) + r")(?=[\s.,!?]|$)")
HEARTS = compiled(r"(?<![\w<])<3+(?![\w])")
_MAYBE_EMOJI = compiled("[\u00a9\u00ae\u2000-\u3300\U0001f000-\U0001ffff]")
_LETTER_OR_DIGIT = compiled(r"[^\W_]")

# A chat stamp before a name: "[10:42 PM] ", "(22:15) ".
CHAT_TIME = r"(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?[\])]?\s+)?"


def says_something(text: str) -> bool:
    """Whether `text` holds anything a listener would hear: a letter or digit, an emoji or an emoticon
    (a chat line that is only "🎉" or ":)" is still a line; "***" or "!!!" is not)."""
    if text[:1].isalnum() or _LETTER_OR_DIGIT.search(text):
        return True  # (most texts open with a letter: the search is not run for them, 63,019 times on the 200k-word bench)
    if EMOTICON.search(text) or HEARTS.search(text):
        return True
    if _MAYBE_EMOJI.search(text):
        import emoji

        return emoji.emoji_count(text) > 0
    return False


_ROMAN = compiled(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(numeral: str) -> int | None:
    """The value of a well-formed Roman numeral ('XIV' -> 14), else None."""
    upper = numeral.upper()
    if not upper or not _ROMAN.match(upper):
        return None
    total = 0
    for index, char in enumerate(upper):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[upper[index + 1]] if index + 1 < len(upper) else 0
        total += -value if value < following else value
    return total


def alternation(*patterns: str) -> str:
    """`"|".join(patterns)` written so that `re` matches it as it would the join, only faster: the branches that
    open with the same letter grouped under it, "s(?:aid|hrieked)|a(?:sked|nswered)". `re` tries the branches of
    an alternation one at a time at each place it searches: a list of 300 speech verbs cost 300 tests at each word
    of a paragraph, 6 times the search's time on a tag clause; grouped, a place is turned down after a test per
    first letter. Two branches that open with different letters never match at the same place, so the branch that
    matches first (or next, on backtracking) is the same. Each pattern may be an alternation itself; a branch that
    opens with anything but a letter (a class, a group, an escape, a letter with a quantifier) stays where it is,
    and no branch moves past it. For case-sensitive patterns (or branches whose first letters are all of one case);
    no capturing groups, whose numbers would change. (One letter deep: grouping further made each of the hundred
    patterns that hold a name or a speech verb slower to compile for little more speed.)"""
    out: list[str] = []
    by_letter: dict[str, list[str]] = {}  # a run of branches that open with a letter: the letter -> the rests, in order

    def flush() -> None:
        out.extend(letter + (rests[0] if len(rests) == 1 else f"(?:{'|'.join(rests)})") for letter, rests in by_letter.items())
        by_letter.clear()

    for branch in (branch for pattern in patterns for branch in _branches(pattern)):
        if branch[:1].isascii() and branch[:1].isalpha() and branch[1:2] not in ("?", "*", "+", "{"):
            by_letter.setdefault(branch[0], []).append(branch[1:])
        else:
            flush()
            out.append(branch)
    flush()
    return "|".join(out)


def at_word_start(words: Iterable[str], before: str = r"\w") -> list[str]:
    r"""The branches of `(?<!{before})(?:word|word...)`, each written as its first letter and then the look back at the
    character before it, which `re` matches alike (the branches in the same order) but finds far sooner: a pattern
    that opens with a look back (or "\b") is tried at every character of a text, one whose branches open with
    letters only where one of them stands (see speakers._FIRST_PERSON)."""
    return [f"{word[0]}(?<!{before}{word[0]}){word[1:]}" for word in words]


def _branches(pattern: str) -> list[str]:
    """The top-level branches of `pattern` (its "|" outside groups and classes)."""
    if re.search(r"\((?!\?)|\(\?P", pattern.replace("\\\\", "").replace("\\(", "")):
        raise ValueError(f"a capturing group would be renumbered: {pattern[:60]}")
    branches, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 1  # the escaped character is taken as it is
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += 1 if pattern[i + 1 : i + 2] == "^" else 0
            i += 1 if pattern[i + 1 : i + 2] == "]" else 0  # "[]...]": a "]" first is in the class
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    return branches
