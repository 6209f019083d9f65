"""Text facts that reading, segmenting, attribution and pronunciation all need: whether a piece of text
says anything, Roman numerals, emoticons, chat time stamps. Plain `re`; no stage's rules, no imports of
the project's modules, so any stage may use it without depending on another."""

from __future__ import annotations

import re

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
EMOTICON = re.compile(r"(?<!\S)(" + "|".join(re.escape(e) for e in sorted(EMOTICONS, key=len, reverse=True)) + r")(?=[\s.,!?]|$)")
HEARTS = re.compile(r"(?<![\w<])<3+(?![\w])")
_MAYBE_EMOJI = re.compile("[\u00a9\u00ae\u2000-\u3300\U0001f000-\U0001ffff]")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")

# A chat stamp before a name: "[10:42 PM] ", "(22:15) ".
CHAT_TIME = r"(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?[\])]?\s+)?"


def says_something(text: str) -> bool:
    """Whether `text` holds anything a listener would hear: a letter or digit, an emoji or an emoticon
    (a chat line that is only "🎉" or ":)" is still a line; "***" or "!!!" is not)."""
    if _LETTER_OR_DIGIT.search(text):
        return True
    if EMOTICON.search(text) or HEARTS.search(text):
        return True
    if _MAYBE_EMOJI.search(text):
        import emoji

        return emoji.emoji_count(text) > 0
    return False


_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
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
