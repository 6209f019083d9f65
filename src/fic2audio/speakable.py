"""Display text -> the text the engine reads: abbreviations and symbols a listener should hear as words."""

from __future__ import annotations

import re
import unicodedata

_REPLACEMENTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), spoken)
    for pattern, spoken in (
        (r"\bEps?\.\s*(\d+)\.(\d+)\b", r"Episode \1 \2"),  # season.episode: "Ep. 7.22"
        (r"\bEp\.\s*(?=\d)", "Episode "),
        (r"\bEps\.\s*(?=\d)", "Episodes "),
        (r"\bA/N\b", "Author's note"),
        (r"\bPOV\b", "point of view"),
        (r"\bOOC\b", "out of character"),
        (r"\bWIP\b", "work in progress"),
        (r"\bAU\b", "alternate universe"),
        (r"\s&\s", " and "),
        (r"(?<=\w)/(?=\w)", " slash "),
        (r"\*+|(?<![^\W_])_+|_+(?![^\W_])", " "),  # emphasis marks left unclosed: not "asterisk", "underscore"
    )
)


# Letters eSpeak NG's voices read aloud (every letter of these ranges was checked against its English
# voice). Some letters elsewhere (Cherokee, Javanese, rare Latin) come back as silence, which the engine
# rightly refuses as a failed clip.
_READABLE = re.compile(
    "[0-9A-Za-z\u00c0-\u024f\u0370-\u04ff\u05d0-\u05ea\u0620-\u064a\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]"
)


def speakable(text: str) -> str:
    """What eSpeak should be given for `text`; the transcript keeps the original."""
    out = _plain_forms(text)
    for pattern, spoken in _REPLACEMENTS:
        out = pattern.sub(spoken, out)
    if not _READABLE.search(out):
        out = _name_the_script(out)
    return out


def _plain_forms(text: str) -> str:
    """Fullwidth, circled and styled letters and digits as plain ones (NFKC); digits of any script as 0-9."""
    if text.isascii():
        return text
    normal = unicodedata.normalize("NFKC", text)
    return "".join(str(unicodedata.decimal(c)) if not c.isascii() and unicodedata.decimal(c, None) is not None else c for c in normal)


def _name_the_script(text: str) -> str:
    """Words in a script the engine cannot read are announced, not skipped: "Cherokee text"."""
    letters = [c for c in text if c.isalnum()]
    if not letters:
        return text
    script = unicodedata.name(letters[0], "").split(" ")[0].capitalize() or "Foreign"
    return f"{script} text"
