"""Repairs made to decoded text before its structure is read. Every repair is reported, none drops words."""

from __future__ import annotations

import html
import re

from ..model import Repair
from ..patterns import compiled

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")
_ENTITY = compiled(r"&(?:#\d{2,7}|#x[0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")
_STRAY_TAG = compiled(
    r"</?(?:i|b|em|strong|u|s|span|font|p|br|div|center|hr|a|blockquote|h[1-6]|sup|sub|small|big|strike|del|ins|img|cite|q)\b[^<>]{0,200}>",
    re.IGNORECASE,
)
_ITALIC_TAG = compiled(r"</?(?:i|em)\s*>", re.IGNORECASE)
_BREAK_TAG = compiled(r"<(?:br|p|div|hr|blockquote|h[1-6])\b[^<>]*>", re.IGNORECASE)
# UTF-8 `”` (E2 80 9D) read as cp1252 loses its last byte, which cp1252 leaves undefined: `â€` alone
# before a space or the line end. ftfy would guess `†` (E2 80 A0, taking the space for an NBSP).
# A file saved again may have written that byte as `?` (`â€œHello,â€? she said.`): a `?` that cannot be a
# question's, after speech punctuation (an ellipsis or dash in mojibake too) or before a lowercase tag, is
# that byte; `He said â€œnoâ€?` keeps its question mark.
_LOST_CLOSING_QUOTE = compiled(r"â€(?:\ufffd|\x9d|\?(?:(?<=[,.!?;:\-]â€\?)|(?<=â€[”“¦]â€\?)|(?=\s+[a-z])))?(?=[\s.,;:!?)]|$)")

# Damaged smart punctuation: an export that lost curly quotes, dashes and ellipses often writes `?`.
# These shapes cannot be real question marks, so seeing one is evidence the file is damaged.
# Each opens with the `?` itself and looks back from there: a pattern that opens with a look-back is tried at
# every character of the story, one that opens with a character only where that character is.
_LOST_APOSTROPHE = compiled(r"\?(?<=[A-Za-z]\?)(?=(?:s|t|ll|re|ve|d|m)(?![^\W_]))")
_LOST_OPENING = compiled(r"\?(?=[A-Za-z])(?:(?<=^\?)|(?<=[\s(\[]\?))", re.MULTILINE)
_SPACED = compiled(r" \?(?<=\S \?)(?= \S)")
# Shapes that are damage only once the file has shown damage elsewhere.
_BEFORE_LOWERCASE = compiled(r"\?(?<=[A-Za-z0-9,]\?)(?= [a-z])")
# `waited?and waited`: a `?` joining two words that make no contraction stood for a dash.
_BETWEEN_WORDS = compiled(r"(?<=[a-z])\?(?=[a-z])")
# `Th?r?se`, `fa?ade`, `r?gime`: a `?` inside a word whose pieces are no words stood for an accented letter.
_IN_WORD = compiled(r"[A-Za-z]+(?:\?[A-Za-z]+)+")
_SHORT_WORDS = frozenset("a i o ah am an as at be by do go he hi if in is it me my no of oh ok on or so to up us we ye".split())
_LOST_LETTER = "é"  # the commonest accented letter in English text; a guess, reported as one


def _lost_letter(match: re.Match[str]) -> str:
    word = match.group(0)
    pieces = word.split("?")
    if len(pieces) > 2 or any(len(p) <= 2 and p.casefold() not in _SHORT_WORDS for p in pieces):
        return word.replace("?", _LOST_LETTER)
    return word


def normalize_characters(text: str, repairs: list[Repair]) -> str:
    """Line endings, invisible characters, odd spaces, mojibake and HTML remnants."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = text if text.isascii() else text.translate(_ZERO_WIDTH).translate(_SPACES)  # both tables are not ASCII
    if cleaned != text:
        repairs.append(Repair("invisible or non-breaking characters", "", "", 0))
    lines = cleaned.split("\n")
    fixed_lines = []
    for number, line in enumerate(lines, start=1):
        fixed = _fix_line(line)
        if fixed != line:
            repairs.append(Repair(_describe(line, fixed), line.strip()[:80], fixed.strip()[:80], number))
        fixed_lines.append(fixed)
    return "\n".join(fixed_lines)


# Characters that may be mojibake (U+0080 to U+2122), and control characters (category Cc) but the tab.
_MAYBE_MOJIBAKE = compiled("[\u0080-\u2122]")
_CONTROL = compiled("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _fix_line(line: str) -> str:
    fixed = line
    if not fixed.isascii() and _MAYBE_MOJIBAKE.search(fixed):  # an ASCII line (a flag, not a scan) has none
        import ftfy

        fixed = _LOST_CLOSING_QUOTE.sub("\u201d", fixed)
        fixed = ftfy.fix_text(
            fixed,
            uncurl_quotes=False,
            fix_latin_ligatures=False,
            fix_character_width=False,
            unescape_html=False,
            normalization="NFC",
        )
    if "<" in fixed and _STRAY_TAG.search(fixed):
        fixed = _ITALIC_TAG.sub("_", fixed)
        fixed = _BREAK_TAG.sub(" ", fixed)
        fixed = _STRAY_TAG.sub("", fixed)
    if "&" in fixed and _ENTITY.search(fixed):
        fixed = html.unescape(fixed)
    return _CONTROL.sub("", fixed)


def _describe(before: str, after: str) -> str:
    if "<" in before and "<" not in after:
        return "HTML tags"
    if "&" in before and _ENTITY.search(before):
        return "HTML entities"
    if any(0x80 <= ord(c) <= 0xFF for c in before):
        return "mojibake"
    return "control characters"


_BEFORE_UPPERCASE = compiled(r"\?(?<=[A-Za-z0-9,]\?)(?= [A-Z])")
# `? lowercase` alone is weak evidence (`Why? he wondered.` is a real question): it takes this many
# of them, outnumbering questions followed by a capital twice over, to call the file damaged.
_LOWERCASE_EVIDENCE = 5


def damaged_question_marks(text: str) -> bool:
    """True when the file shows `?` in places only a lost character can explain.

    Certain: a `?` inside a contraction (`doesn?t`), opening a word (`?screw`), or spaced (` ? `).
    By weight: many `? lowercase` (a lost ellipsis or dash: `it? he's`) against few `? Capital`.
    """
    if _LOST_APOSTROPHE.search(text) or _LOST_OPENING.search(text) or _SPACED.search(text):
        return True
    lowercase = len(_BEFORE_LOWERCASE.findall(text))
    return lowercase >= _LOWERCASE_EVIDENCE and lowercase > 2 * len(_BEFORE_UPPERCASE.findall(text))


def restore_lost_punctuation(paragraph: str, line: int, repairs: list[Repair]) -> str:
    """Restore `?` that stood for an apostrophe, a quote, a dash or an ellipsis in one paragraph.

    Call only for files where `damaged_question_marks` holds: in clean files `? lowercase` is a real
    question followed by a dialogue tag or a lowercase line.
    """
    if "?" not in paragraph:
        return paragraph
    out = _LOST_APOSTROPHE.sub("'", paragraph)
    if out != paragraph:
        repairs.append(Repair("lost apostrophe", paragraph[:80], out[:80], line))
    out = _restore_opening_quotes(out, line, repairs)
    spaced = _SPACED.sub(" —", out)
    if spaced != out:
        repairs.append(Repair("lost dash", _context(out, _SPACED), "—", line))
    out = spaced
    lettered = _IN_WORD.sub(_lost_letter, out)
    if lettered != out:
        first = next(m for m in _IN_WORD.finditer(out) if _lost_letter(m) != m.group(0))
        context = out[max(0, first.start() - 25) : first.end() + 25]
        repairs.append(Repair("lost accented letter (guessed é)", context, _LOST_LETTER, line))
    out = lettered
    joined = _BETWEEN_WORDS.sub("—", out)
    if joined != out:
        repairs.append(Repair("lost dash", _context(out, _BETWEEN_WORDS), "—", line))
    out = joined
    paused = _BEFORE_LOWERCASE.sub("…", out)
    if paused != out:
        repairs.append(Repair("lost dash or ellipsis", _context(out, _BEFORE_LOWERCASE), "…", line))
    return paused


def _restore_opening_quotes(text: str, line: int, repairs: list[Repair]) -> str:
    # Each lost opening's closing mark is looked for only up to the next lost opening: the quotation
    # must end before another begins, and a search to the end of the text each time was quadratic
    # (a 100,000-character line of `?` shapes took minutes). Every repair is one character for one.
    chars = list(text)
    openings = [m.start() for m in _LOST_OPENING.finditer(text)]
    for number, start in enumerate(openings):
        bound = openings[number + 1] if number + 1 < len(openings) else len(text)
        rest = text[start + 1 : bound]
        quote = _closing_quote_for(rest)
        if quote is None:
            # The closing mark was lost too: the next `?` that ends a word closes the quotation.
            # After a question mark too: "Are you coming??" lost its closing quote after the question.
            closing = re.search(r"(?<=[A-Za-z.,!?])\?(?=[\s.,;:!)]|$)", rest)
            chars[start] = "\u201c"
            if closing:
                chars[start + 1 + closing.start()] = "\u201d"
        else:
            chars[start] = quote
        after = "".join(chars[max(0, start - 20) : start + 30])
        repairs.append(Repair("lost opening quote", text[max(0, start - 20) : start + 30], after, line))
    return "".join(chars)


def _closing_quote_for(rest: str) -> str | None:
    """The quote mark that closes a quotation opened just before `rest`, if the file kept it."""
    for index, char in enumerate(rest):
        if char == "?" and index + 1 < len(rest) and rest[index + 1].isalpha() and (index == 0 or rest[index - 1].isspace()):
            return None  # another lost opening comes first
        if char in "'\u2019" and index > 0 and (rest[index - 1].isalpha() or rest[index - 1] in ".,!?…"):  # "?Can we?' she asked"
            after = rest[index + 1 : index + 2]
            if not after.isalpha():
                return "\u2018" if char == "\u2019" else "'"
        if char in '"\u201d':
            return "\u201c" if char == "\u201d" else '"'
    return None


def _context(text: str, pattern: re.Pattern[str]) -> str:
    match = pattern.search(text)
    if not match:
        return ""
    return text[max(0, match.start() - 25) : match.end() + 25]
