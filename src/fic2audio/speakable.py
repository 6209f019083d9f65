"""Display text -> the text the engine reads: abbreviations and symbols a listener should hear as words."""

from __future__ import annotations

import re

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
    )
)


def speakable(text: str) -> str:
    """What eSpeak should be given for `text`; the transcript keeps the original."""
    out = text
    for pattern, spoken in _REPLACEMENTS:
        out = pattern.sub(spoken, out)
    return out
