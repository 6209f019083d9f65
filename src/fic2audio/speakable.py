"""Display text -> the text the engine reads: numbers, abbreviations and symbols a listener hears as words.

The script and transcripts keep the story's own text; only what eSpeak is given changes. The steps run
in a fixed order, most specific first: the user's lexicon, emoji and emoticons, abbreviations (titles,
fandom shorthand, episode numbers), Roman numerals after chapter words, then money, dates, times,
years, ordinals and plain numbers, and last the symbols left over. Phonemes from the lexicon
(`[[h3:m'aI@ni]]`) pass through untouched.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .errors import UsageError
from .lexicon import EMOJI_CHOICES, PHONEMES_CLOSE, PHONEMES_OPEN, Lexicon, load_lexicons
from .patterns import compiled
from .words import EMOTICON, EMOTICONS, HEARTS, roman_value


@dataclass(frozen=True)
class SpeechOptions:
    """How display text becomes spoken text."""

    emoji: str = "name"  # one of EMOJI_CHOICES
    lexicon: Lexicon = Lexicon()


DEFAULT_SPEECH = SpeechOptions()


def load_speech(story: str | os.PathLike[str] | None = None, emoji: str | None = None) -> SpeechOptions:
    """Speech options for `story`: lexicons merged in order, emoji from `emoji`, else the last file that says."""
    lexicon = Lexicon()
    chosen = None
    for file in load_lexicons(story):
        lexicon = lexicon.merged(file.lexicon)
        chosen = file.emoji or chosen
    emoji = emoji or chosen or "name"
    if emoji not in EMOJI_CHOICES:
        raise UsageError(f"emoji must be one of {', '.join(EMOJI_CHOICES)}, not {emoji!r}")
    return SpeechOptions(emoji=emoji, lexicon=lexicon)


def speakable(text: str, options: SpeechOptions = DEFAULT_SPEECH) -> str:
    """What eSpeak should be given for `text`."""
    # The engine reads `[[...]]` as phonemes: in the story's own text the marks are plain brackets.
    out = _plain_forms(text).replace(PHONEMES_OPEN, "[ [").replace(PHONEMES_CLOSE, "] ]")
    out = _PLACEHOLDER.sub("", out)  # private-use characters: nothing to say, and the range is ours below
    out, phonemes = _set_aside_phonemes(options.lexicon.apply(out))
    out = speak_emoji(out, options.emoji)
    for pattern, spoken in _RULES:
        out = pattern.sub(spoken, out)
    out = _UNCLOSED_MARKS.sub(" ", out)
    if not phonemes and not _READABLE.search(out):
        out = _name_the_script(out)
    out = re.sub(r"[ \t]{2,}", " ", out).strip()
    return _PLACEHOLDER.sub(lambda m: phonemes[ord(m.group(0)) - _PLACEHOLDER_BASE], out)


_PLACEHOLDER_BASE = 0xF0000  # Supplementary Private Use Area-A: no rule below reads or rewrites it
_PLACEHOLDER = compiled("[\U000f0000-\U000ffffd]")
_PHONEME_SPAN = compiled(re.escape(PHONEMES_OPEN) + r".+?" + re.escape(PHONEMES_CLOSE))


def _set_aside_phonemes(text: str) -> tuple[str, list[str]]:
    """Lexicon phonemes swapped for placeholders, so the number rules do not read `3:` as "three"."""
    spans: list[str] = []

    def hold(match: re.Match[str]) -> str:
        spans.append(match.group(0))
        return chr(_PLACEHOLDER_BASE + len(spans) - 1)

    return _PHONEME_SPAN.sub(hold, text), spans


# Emphasis marks left unclosed: not read as "asterisk", "underscore".
_UNCLOSED_MARKS = compiled(r"\*+|(?<![^\W_])_+|_+(?![^\W_])")
# Letters eSpeak NG's voices read aloud (every letter of these ranges was checked against its English
# voice). Some letters elsewhere (Cherokee, Javanese, rare Latin) come back as silence, which the engine
# rightly refuses as a failed clip.
_READABLE = compiled("[0-9A-Za-z\u00c0-\u024f\u0370-\u04ff\u05d0-\u05ea\u0620-\u064a\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]")


_VULGAR_FRACTION = compiled("[\u00bc-\u00be\u2150-\u215e](?=(\\w)?)")


def _fraction_apart(match: re.Match[str]) -> str:
    fraction = unicodedata.normalize("NFKC", match.group(0)).replace("\u2044", "/")  # ¾ -> 3/4
    return f" {fraction} " if match.group(1) else f" {fraction}"


def _plain_forms(text: str) -> str:
    """Fullwidth, circled and styled letters and digits as plain ones (NFKC); digits of any script as 0-9."""
    if text.isascii():
        return text
    # "9¾" is nine and three quarters, not ninety-three over four: the fraction stands apart.
    text = _VULGAR_FRACTION.sub(_fraction_apart, text)
    normal = unicodedata.normalize("NFKC", text).replace("\u2044", "/")
    return "".join(
        str(unicodedata.decimal(c)) if not c.isascii() and unicodedata.decimal(c, None) is not None else c for c in normal
    )


def _name_the_script(text: str) -> str:
    """Words in a script the engine cannot read are announced, not skipped: "Cherokee text"."""
    letters = [c for c in text if c.isalnum()]
    if not letters:
        return text
    script = unicodedata.name(letters[0], "").split(" ")[0].capitalize() or "Foreign"
    return f"{script} text"


# --- numbers -----------------------------------------------------------------------------------

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_ORDINAL_ENDINGS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
_MONTHS = "January February March April May June July August September October November December".split()


def cardinal(n: int) -> str:
    """42 -> 'forty-two', 1005 -> 'one thousand and five' (British 'and', as in most fic)."""
    if n < 0:
        return f"minus {cardinal(-n)}"
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" and {cardinal(rest)}" if rest else "")
    for size, name in _SCALES:
        if n >= size:
            high, rest = divmod(n, size)
            joiner = " and " if 0 < rest < 100 else " "
            return f"{cardinal(high)} {name}" + (f"{joiner}{cardinal(rest)}" if rest else "")
    raise AssertionError(n)  # unreachable: every n >= 1000 meets a scale


def ordinal(n: int) -> str:
    """3 -> 'third', 21 -> 'twenty-first', 100 -> 'one hundredth'."""
    words = cardinal(n)
    head, sep, last = words.rpartition("-" if "-" in words.rsplit(" ", 1)[-1] else " ")
    if last in _ORDINAL_ENDINGS:
        last = _ORDINAL_ENDINGS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head}{sep}{last}"


def year(n: int) -> str:
    """1997 -> 'nineteen ninety-seven', 1905 -> 'nineteen oh five', 2003 -> 'two thousand and three'."""
    if 2000 <= n <= 2009 or n % 1000 == 0:
        return cardinal(n)
    high, low = divmod(n, 100)
    if low == 0:
        return f"{cardinal(high)} hundred"
    return f"{cardinal(high)} {'oh ' if low < 10 else ''}{cardinal(low)}"


def _plural(words: str) -> str:
    """'nineteen ninety' -> 'nineteen nineties' (decades)."""
    if words.endswith("y"):
        return words[:-1] + "ies"
    return words + ("es" if words.endswith("x") else "s")


def _digits(text: str) -> str:
    return " ".join("oh" if d == "0" else _ONES[int(d)] for d in text)


# --- emoji and emoticons -------------------------------------------------------------------------

_SKIN_TONE = compiled(r"_(?:light|medium-light|medium|medium-dark|dark)_skin_tone")


# Emoji whose names are a card game's ("heart suit" for ♥) as fan fiction means them; notes around a song's words.
_EMOJI_SAID = {"heart suit": "heart", "red heart": "heart"}
_MUSIC = compiled("[\u2669-\u266f]+")


def speak_emoji(text: str, mode: str = "name") -> str:
    """Emoji and emoticons spoken by name (`mode` 'name') or removed ('drop'); never read as symbols."""
    import emoji

    def name(found: str, data: dict) -> str:
        if mode == "drop":
            return " "
        spoken = _SKIN_TONE.sub("", found and emoji.demojize(found, delimiters=("", "")))
        spoken = spoken.replace("_", " ").strip()
        return f" {_EMOJI_SAID.get(spoken, spoken)} "

    out = emoji.replace_emoji(text, replace=name)
    out = _MUSIC.sub(" ", out)  # "♪ la la la ♪": the notes of a song sung, not words
    out = out.replace("\ufe0f", "").replace("\ufe0e", "").replace("\u200d", "")
    out = HEARTS.sub(" " if mode == "drop" else " heart ", out)
    return EMOTICON.sub(lambda m: " " if mode == "drop" else f" {EMOTICONS[m.group(1)]} ", out)


# --- rules, in order ----------------------------------------------------------------------------

_Sub = str | Callable[[re.Match[str]], str]
_CAPITAL = r"(?=\s+[A-Z])"

_ABBREVIATIONS: tuple[tuple[str, _Sub], ...] = (
    # A web address is not read out character by character.
    (r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)]", "a link"),
    # Fandom shorthand, as a reader says it aloud.
    (r"\bA/N\b|(?<![\w/])AN(?=:)", "Author's note"),
    (r"\bPOV\b", "point of view"),
    (r"\bPOVs\b", "points of view"),
    (r"\bOOC\b", "out of character"),
    (r"\bWIP\b", "work in progress"),
    (r"\bWIPs\b", "works in progress"),
    (r"\bAUs\b", "alternate universes"),
    (r"\bAU\b", "alternate universe"),
    (r"\bOCs\b", "original characters"),
    (r"\bOC\b", "original character"),
    (r"\bOTP\b", "O T P"),
    (r"\bPWP\b", "plot, what plot"),
    (r"\bUST\b", "unresolved sexual tension"),
    # A reader-insert story's blanks, as the reader fills them in: "(y/n)", "[L/N]", "your (e/c) eyes".
    (r"(?i)\b(?:y/)?l/n\b", "your last name"),
    (r"(?i)\bf/n\b", "your first name"),
    (r"(?i)\bm/n\b", "your middle name"),
    (r"(?i)\bn/n\b", "your nickname"),
    (r"(?i)\be/c\b", "eye colour"),
    (r"(?i:\bh/c\b)(?=\W*\s+hair)|\bh/c\b", "hair colour"),  # "(h/c) hair"; the tags' H/C is hurt/comfort
    (r"(?i)\bs/c\b", "skin colour"),
    (r"(?i)\bf/c\b", "favourite colour"),
    (r"\bH/C\b", "hurt comfort"),
    (r"(?i)\b[yt]/n\b", "your name"),
    (r"\bR&R\b", "read and review"),
    (r"\bAO3\b", "A O three"),
    (r"\bFF\.net\b", "fanfiction dot net"),
    (r"\b(?:omg|OMG)\b", "oh my god"),
    (r"\b(?:btw|BTW)\b", "by the way"),
    (r"\b(?:idk|IDK)\b", "I don't know"),
    (r"\b(?:tbh|TBH)\b", "to be honest"),
    (r"\b(?:imo|IMO)\b", "in my opinion"),
    (r"\b(?:brb|BRB)\b", "be right back"),
    (r"\b(?:lol|LOL)\b", "L O L"),
    (r"\bw/o\b", "without"),
    (r"(?<!\w)w/(?=\s)", "with"),
    # Chat spelling: a lone lowercase u / r / ur is never the letter in a sentence.
    (r"(?<![\w'])u(?![\w'])", "you"),
    (r"(?<![\w'])ur(?![\w'])", "your"),
    (r"(?<![\w'])r(?= u\b| you\b)", "are"),
    # Titles before a name.
    (r"\bMr\.?" + _CAPITAL, "Mister"),
    (r"\bMrs\.?" + _CAPITAL, "Missus"),
    (r"\bMs\.?" + _CAPITAL, "Miz"),
    (r"\bDr\.?" + _CAPITAL, "Doctor"),
    (r"\bProf\." + _CAPITAL, "Professor"),
    (r"\bRev\." + _CAPITAL, "Reverend"),
    (r"\bFr\." + _CAPITAL, "Father"),
    (r"\bLt\." + _CAPITAL, "Lieutenant"),
    (r"\bSgt\." + _CAPITAL, "Sergeant"),
    (r"\bCapt\." + _CAPITAL, "Captain"),
    (r"\bCol\." + _CAPITAL, "Colonel"),
    (r"\bGen\." + _CAPITAL, "General"),
    (r"\bDet\." + _CAPITAL, "Detective"),
    (r"\bCmdr\." + _CAPITAL, "Commander"),
    (r"\bMt\." + _CAPITAL, "Mount"),
    # St.: Street after a street name that follows a number or a lowercase word, else Saint before a name.
    (r"(?<=\d |[a-z] )([A-Z][a-z]+) St\.?(?![\w])", r"\1 Street"),
    (r"\bSt\.?" + _CAPITAL, "Saint"),
    (r"\bJr\.", "Junior"),
    (r"\bSr\.", "Senior"),
    (r"\bvs\.?(?=\s)", "versus"),
    (r"\betc\.", "et cetera."),
    (r"\be\.g\.", "for example"),
    (r"\bi\.e\.", "that is"),
    (r"\bapprox\.", "approximately"),
    (r"\bNo\.\s?(?=\d)", "number "),
    (r"#(?=\d)", "number "),
    (r"\b(?i:ch)\.\s?(?=\d)", "Chapter "),
    (r"\b(?i:vol)\.\s?(?=\d)", "Volume "),
    (r"\b(?i:pt)\.\s?(?=\d)", "Part "),
    # Episodes: "Ep. 7.22" is season 7, episode 22; S07E22 the same.
    (r"\bEps?\.?\s*(\d+)\.(\d+)\b", lambda m: f"Episode {int(m.group(1))} {int(m.group(2))}"),
    (r"\bEp\.\s*(?=\d)", "Episode "),
    (r"\bEps\.\s*(?=\d)", "Episodes "),
    (r"\b[Ss](\d{1,2})\s?[Ee](\d{1,3})\b", lambda m: f"season {int(m.group(1))}, episode {int(m.group(2))}"),
)


def _chapter_roman(match: re.Match[str]) -> str:
    if re.match(r" [a-z]", match.string[match.end() :]):
        return match.group(0)  # "Part I think": the pronoun, not a numeral
    value = roman_value(match.group(2))
    return f"{match.group(1)} {cardinal(value)}" if value else match.group(0)


def _heading_roman(match: re.Match[str]) -> str:
    value = roman_value(match.group(1))
    return f"{cardinal(value)}{match.group(2)}" if value else match.group(0)


def _money(match: re.Match[str]) -> str:
    symbol, whole, cents, scale = match.group(1), match.group(2), match.group(3), match.group(4)
    unit, plural, small = _CURRENCIES[symbol]
    amount = int(whole.replace(",", ""))
    if scale:
        size = "thousand" if scale.strip() == "k" else scale.strip()
        point = f" point {_digits(cents)}" if cents else ""
        return f"{cardinal(amount)}{point} {size} {plural}"
    spoken = f"{cardinal(amount)} {unit if amount == 1 else plural}"
    if cents and int(cents):
        spoken += f" and {cardinal(int(cents))} {small if int(cents) != 1 or small == 'pence' else small.rstrip('s')}"
    return spoken


_CURRENCIES = {
    "$": ("dollar", "dollars", "cents"),
    "£": ("pound", "pounds", "pence"),
    "€": ("euro", "euros", "cents"),
    "¥": ("yen", "yen", "sen"),
}


def _time(match: re.Match[str]) -> str:
    hour, minute, meridiem = int(match.group(1)), match.group(2), match.group(3)
    suffix = f" {meridiem[0].lower()} m" if meridiem else ""
    if int(minute) == 0:
        return f"{cardinal(hour)}{suffix or ' o clock'}"
    words = f"oh {cardinal(int(minute))}" if int(minute) < 10 else cardinal(int(minute))
    return f"{cardinal(hour)} {words}{suffix}"


def _month_day(match: re.Match[str]) -> str:
    return f"{match.group(1)} {ordinal(int(match.group(2)))}"


def _day_month(match: re.Match[str]) -> str:
    article = "" if match.string[: match.start()].rstrip().lower().endswith("the") else "the "
    return f"{article}{ordinal(int(match.group(1)))} of {match.group(2)}"


def _numeric_date(match: re.Match[str]) -> str:
    """1997-12-25, 25/12/1997 or 12/25/1997; an ambiguous day/month is read month first (US style)."""
    if match.group("iso"):
        y, m, d = int(match.group("iy")), int(match.group("im")), int(match.group("id"))
    else:
        a, b, y = int(match.group("a")), int(match.group("b")), int(match.group("y"))
        if y < 100:
            y += 1900 if y >= 30 else 2000
        m, d = (b, a) if a > 12 else (a, b)
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return match.group(0)
    return f"{_MONTHS[m - 1]} {ordinal(d)}, {year(y)}"


def _number(match: re.Match[str]) -> str:
    whole, fraction = match.group(1), match.group(2)
    digits = whole.replace(",", "")
    if len(digits) > 12 or (len(digits) > 1 and digits.startswith("0")):
        spoken = _digits(digits)  # phone numbers, codes, 007
    else:
        spoken = cardinal(int(digits))
    if fraction:
        spoken += " point " + _digits(fraction)
    return spoken


def _year_or_number(match: re.Match[str]) -> str:
    value = int(match.group(0))
    return year(value) if 1100 <= value <= 2099 else cardinal(value)


def _decade(match: re.Match[str]) -> str:
    century, decade = match.group(1), int(match.group(2))
    if century:
        return _plural(year(int(century + match.group(2))))
    return _plural(cardinal(decade)) if decade else "hundreds"


def _episode_or_size(match: re.Match[str]) -> str:
    season, episode = match.group(1), match.group(2)
    if int(season) < int(episode) or episode.startswith("0"):
        return f"season {cardinal(int(season))}, episode {cardinal(int(episode))}"
    return f"{season} by {episode}"


def _phone(match: re.Match[str]) -> str:
    return ", ".join(_digits(group) for group in match.groups() if group)


# Units written straight after a number: (singular, plural). "k" is thousand (10k, 1.5k).
_UNITS = {
    "km": ("kilometer", "kilometers"),
    "kms": ("kilometer", "kilometers"),
    "cm": ("centimeter", "centimeters"),
    "mm": ("millimeter", "millimeters"),
    "kg": ("kilogram", "kilograms"),
    "kgs": ("kilogram", "kilograms"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "ft": ("foot", "feet"),
    "mph": ("mile an hour", "miles an hour"),
    "ml": ("milliliter", "milliliters"),
    "k": ("thousand", "thousand"),
    "yo": ("year old", "year old"),
}
_UNIT_PATTERN = r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s?(" + "|".join(_UNITS) + r")\b(?!['’])"


def _unit(match: re.Match[str]) -> str:
    whole, fraction, unit = match.group(1), match.group(2), match.group(3)
    singular, plural = _UNITS[unit]
    number = cardinal(int(whole.replace(",", ""))) + (f" point {_digits(fraction)}" if fraction else "")
    return f"{number} {singular if number == 'one' else plural}"


_MONTH_NAMES = "|".join(_MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
_FRACTIONS = {"1/2": "one half", "1/3": "one third", "2/3": "two thirds", "1/4": "one quarter", "3/4": "three quarters"}

_NUMBERS: tuple[tuple[str, _Sub], ...] = (
    # Roman numerals: after chapter words ("Chapter IV"), or opening a heading ("IV. The Return").
    (
        r"\b((?i:Chapter|Chapters|Chap\.|Ch\.|Part|Book|Act|Volume|Vol\.|Season|Scene|Episode|Section|Interlude))\s+([IVXLCDM]+|[ivx]{1,4})\b(?!['’])",
        _chapter_roman,
    ),
    (r"^([IVXLCDM]{2,}|[VXLC])([.:](?:\s|$)|$)", _heading_roman),
    (r"([$£€¥])\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(\s?(?:million|billion|thousand|k)\b)?", _money),
    (
        r"\b(?P<iso>(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2}))\b|\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b",
        _numeric_date,
    ),
    (r"\b(\d+/\d+)\b", lambda m: _FRACTIONS.get(m.group(1), m.group(1).replace("/", " "))),
    (rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!:|\d)", _month_day),
    (rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\b", _day_month),
    (r"\b(\d{1,2}):(\d{2})(?:\s?([AaPp])\.?[Mm]\b\.?)?", _time),
    (r"\b(\d{1,2})\.(\d{2})\s?([AaPp])\.?[Mm]\b\.?", _time),  # British "1.30 a.m."; without a.m./p.m. a decimal
    (r"\b(\d{1,2})()\s?([AaPp])\.?[Mm]\b\.?", lambda m: f"{cardinal(int(m.group(1)))} {m.group(3).lower()} m"),
    (r"(?:\b(1\d|20)|')(\d0)'?s\b", _decade),
    (r"\b(\d+)(?:st|nd|rd|th)\b", lambda m: ordinal(int(m.group(1)))),
    # Episodes as fandom writes them (7x22, 4x03); other NxM are sizes (2x4, 10x10).
    (r"\b(\d{1,2})x(\d{2})\b", _episode_or_size),
    (r"\b(\d+) ?x ?(\d+)\b", lambda m: f"{m.group(1)} by {m.group(2)}"),
    (r"\b(\d)['’] ?(\d{1,2})(?:\"|”|'')?(?![\w'’])", lambda m: f"{cardinal(int(m.group(1)))} foot {cardinal(int(m.group(2)))}"),
    (r"\b(\d{3})-(\d{3})-(\d{4})\b|\b(\d{3})-(\d{4})\b", _phone),
    (r"~(?=\d)", "about "),
    (_UNIT_PATTERN, _unit),
    # A number run into letters ("Apt 4B", "B12", "mp3"): apart, so neither is read as one odd word.
    (r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " "),
    (r"(?<![\d,.])\d{4}(?!\d|,\d|\.\d)", _year_or_number),
    (r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d])", _number),
    (r"(?<=\w)\s?%", " percent"),
)

_SYMBOLS: tuple[tuple[str, _Sub], ...] = (
    (r"\s&\s", " and "),
    (r"(?<!\w)@(?=\w)", "at "),
    (r"(?<=\w)/(?=\w)", " slash "),
    # Decoration that eSpeak would name aloud ("tilde", "asterisk"): silence instead.
    (r"[~*^_=|<>#+]+", " "),
    # A consonant held long ("Hmmmmm", "Shhhh", "Brrrr"), which eSpeak spells out letter by letter: held twice.
    (r"([b-df-hj-np-tv-z])\1{2,}", r"\1\1"),
)

_RULES: tuple[tuple[re.Pattern[str], _Sub], ...] = tuple(
    (compiled(pattern), spoken) for pattern, spoken in (*_ABBREVIATIONS, *_NUMBERS, *_SYMBOLS)
)
