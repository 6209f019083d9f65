"""The reading vocabulary: how fics mark chapter headings, scene breaks, notes, the end, archive section
labels and `Key: value` lines. Patterns and small predicates only; the readers decide what to do with them."""

from __future__ import annotations

import re

from ..patterns import compiled
from ..words import CHAT_TIME, EMOTICON

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|thirty|"
    r"forty|fifty|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final"
)
# Marks around a heading line: **Chapter 1**, ## Chapter 1, ~ Part Two ~, [Prologue], -- Epilogue --.
HEADING_MARKS = "*_~=#•·-–—"
_DECORATION = rf"[\s{re.escape(HEADING_MARKS)}]*"
CHAPTER_HEADING = compiled(
    rf"^{_DECORATION}[\[(<]?"
    rf"(?:(?:chapter|chap\.?|ch\.?|part|book|act|volume|vol\.?)\s+(?:\d+|[ivxlcdm]+|{_NUMBER_WORDS})(?![^\W_])"
    r"(?:\s*(?:[:.\-–—]|\s)\s*.*)?"
    r"|(?:prologue|epilogue|interlude|afterword|foreword|coda|omake)(?![^\W_])(?:\s*[:.\-–—]\s*.*)?)"
    rf"[\])>]?{_DECORATION}$",
    re.IGNORECASE,
)
_BRACKETS = {"[": "]", "(": ")", "<": ">"}

COUNTING = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
).split()
# A heading that is only a number: "1", "1.", "IV", "ONE", "Two", maybe with a title: "1. Beginnings".
NUMBERED_HEADING = compiled(
    rf"^{_DECORATION}(\d{{1,3}}|[IVXLC]{{1,7}}|(?i:{'|'.join(COUNTING)}))(?:(?:[.:]|\s*[-–—])(?:\s+(\S.{{0,80}}))?)?{_DECORATION}$"
)
CONTENTS_LABEL = compiled(r"^(?:table\s+of\s+)?contents\s*:?$", re.IGNORECASE)

SCENE_BREAK = compiled(
    r"^(?:(?=.*[*~=#+_•·\-–—|<>^°º§])[\s*~=#+_•·.\-–—|<>^°º§oOxX0vV]{3,}"  # symbols, maybe with o/x/v: ***, -oOo-, ^v^v^
    r"|o+(?:O+o+)+|O+(?:o+O+)+|x+(?:X+x+)+|X+(?:x+X+)+"  # letters only when case alternates: oOo, xXx
    r"|0+(?:[oO]+0+)+|[oO]+(?:0+[oO]+)+"  # or with zeros: 0o0o0
    r"|x{3,}|(?i:(?:xo){3,}x?|(?:ox){3,}o?)"  # xxx (not XXX, thirty), xoxoxo (not a letter's "xoxo")
    r"|(?i:[\[(<{*~_\-–—=\s]*(?:scene|line|page|section)\s*break[\])>}*~_\-–—=\s]*))$"  # [line break], -scene break-
)
# What a stripped scene break can begin with ("ſ" is an "s" to (?i:scene)): a line that begins otherwise is
# turned down without SCENE_BREAK's look-ahead over all its text. Kept beside the pattern, which it must cover.
SCENE_BREAK_FIRST = frozenset("*~=#+_•·.-–—|<>^°º§oOxX0vV[({sSſlLpP")
# Marks that end a chapter, not the story: read as a note, and the next chapter is story again.
CHAPTER_END_MARK = compiled(
    r"^[\s*~_\-–—=.(\[]*(?:to\s+be\s+continued|tbc|end\s+of\s+(?:chapter|ch\.?|part)(?:\s+[\w-]+)?|end\s+chapter(?:\s+[\w-]+)?)"
    r"[\s*~_\-–—=.!?)\]…]*$",
    re.IGNORECASE,
)
# Marks that end the story ("The End", "fin"): what follows is end matter, read as notes.
END_MARK = compiled(r"^[\s*~_\-–—=.]*(?:the\s+end|end\s+file|end\s+of\s+(?:story|fic|part)|fin)[\s*~_\-–—=.!]*$", re.IGNORECASE)
NOTE_START = compiled(
    r"^[\s*_(\[]*(?:a/n|a\.n\.|an|author'?s\s+notes?|authors?\s+notes?|(?:end\s+|chapter\s+|beginning\s+)?notes?|n/a|disclaimer)\s*[:\-–—]",
    re.IGNORECASE,
)
# Words to the readers, as an author's note with no label says them at a chapter's end: "Thanks for reading!",
# "Please leave a review", "Kudos and comments make my day", "Next chapter should be up soon".
READER_ADDRESS = compiled(
    r"\b(?:thanks?(?:\s+you)?(?:\s+(?:so\s+much|all|guys|everyone))?\s+for\s+(?:reading|the\s+(?:reviews|kudos|comments))"
    r"|(?:please\s+|pls\s+)?(?:leave|drop|send)\s+(?:me\s+)?(?:a\s+|some\s+)?(?:reviews?|comments?|kudos)"
    r"|reviews?\s+(?:are|make|keep|mean)|read\s+(?:and|&)\s+review|R&R|kudos"
    r"|let\s+me\s+know\s+what\s+(?:you|y'all)\s+(?:all\s+)?think"
    r"|(?:see\s+you|until)\s+(?:all\s+|guys\s+)?(?:in\s+the\s+)?next\s+(?:time|week|chapter|update)"
    r"|next\s+(?:chapter|update)\s+(?:will|should|is|comes|coming)|(?:don't|do\s+not)\s+forget\s+to\s+(?:review|comment|leave)"
    r"|hope\s+(?:you|y'all)\s+(?:all\s+|guys\s+)?(?:enjoy|enjoyed|liked)\s+(?:it|this|the\s+chapter))\b",
    re.IGNORECASE,
)
# The same as a chapter opens: "Sorry this took so long!", "Thanks for all the reviews", "Hey guys!", "This chapter
# is dedicated to my beta", "I don't own Naruto".
READER_GREETING = compiled(
    r"\b(?:(?:sorry|apologies)\b[^.!?\n]{0,60}?\b(?:update|updating|late|long|wait|delay)"
    r"|thanks?(?:\s+you)?(?:\s+(?:so\s+much|all|guys|everyone))?\s+(?:for|to)\s+(?:all\s+)?(?:the\s+|your\s+|everyone\s+who\s+)?"
    r"(?:reviews?|reviewed|kudos|comments?|commented|follows?|favou?rites?|favou?rited)"
    r"|this\s+chapter\s+is\s+(?:dedicated|for)|(?:hey|hi|hello)\s+(?:guys|everyone|y'all|all|readers|lovelies)\b"
    r"|(?:i|we)\s+(?:do\s+not|don'?t|never)\s+own\s+(?:any\s+of|anything|the\s+characters|(?-i:[A-Z])))",
    re.IGNORECASE,
)
# AO3's "End Notes:" opens notes that run to the next chapter.
END_NOTES = compiled(r"^[\s*_(\[]*end\s+notes?\s*[:\-–—]", re.IGNORECASE)
# AO3's section labels alone on a line, as its pages print them (kept by a copy from the browser or a
# conversion of its downloads): the paragraphs after a notes label are notes; "Chapter Text" is chrome.
SECTION_LABEL = compiled(
    r"^(summary|notes|chapter summary|chapter notes|chapter end notes|end notes|author'?s notes?)\s*:?$", re.IGNORECASE
)
TEXT_LABEL = compiled(r"^(?:chapter|work) text\s*:?$", re.IGNORECASE)
# `Name: text`, maybe after a stamp ("[10:42 PM] mj: hi"): chat-fic lines keep their breaks.
CHAT_LINE = compiled(rf"^{CHAT_TIME}[\w .'-]{{1,24}}:\s+\S")

_KEY_LINE = compiled(r"^([A-Za-z][A-Za-z0-9 /&'’()._-]{0,29}?)\s*:\s*(.*)$")
# A key in emphasis, as markdown and rich-text copies write it: **Title:** X, **Title**: X, _Rating:_ T.
_MARKED_KEY = compiled(r"^([*_]{1,3})([A-Za-z][^*_:\n]{0,29}?)(?::\1(?=\s)|\1(?=\s*:))")


def bare_heading(line: str) -> str:
    """A heading line without the marks around it: "**Chapter 1: Gas**" -> "Chapter 1: Gas"."""
    bare = line.strip().strip(HEADING_MARKS + " \t")
    if bare[:1] in _BRACKETS and bare.endswith(_BRACKETS[bare[0]]):
        bare = bare[1:-1].strip()
    return bare or line.strip()


def key_of(line: str) -> tuple[str, str] | None:
    """The key and value of a `Key: value` line (the key maybe in emphasis), else None."""
    stripped = line.strip()
    marked = _MARKED_KEY.match(stripped)
    if marked:
        rest = stripped[marked.end() :].lstrip()
        stripped = f"{marked.group(2)}: {rest.removeprefix(':').lstrip()}"
    match = _KEY_LINE.match(stripped)
    if not match or EMOTICON.match(stripped, stripped.index(":", match.end(1))):
        return None  # "By :) the way": the colon is a smiley's, not a key's
    return match.group(1).strip(), match.group(2).strip()
