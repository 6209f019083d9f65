"""Text that every container can carry: XML 1.0, JSON, ID3 and MP4 tags.

Story files, EPUB metadata and the tags of files in a served folder may hold control characters
(`<title>Bad&#11;Title</title>`) or unpaired surrogates, which XML cannot hold at all and tag readers
choke on. Text is cleaned once, where it enters (reading a story, reading a file's tags, a title
given on the command line), so nothing downstream needs to care.
"""

from __future__ import annotations

from .patterns import compiled

# Outside XML 1.0's Char production, or C1 controls nobody means in prose: removed.
_UNCARRIABLE = compiled("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACING_CONTROLS = compiled("[\x0b\x0c]")  # vertical tab and form feed separate words: a space


def printable(text: str) -> str:
    """`text` without control characters (tab, line feed and carriage return kept; vertical tab and
    form feed made spaces), unpaired surrogates or the non-characters U+FFFE and U+FFFF."""
    if text.isprintable():
        return text
    return _UNCARRIABLE.sub("", _SPACING_CONTROLS.sub(" ", text))
