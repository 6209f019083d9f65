"""Plain-text fics -> Story: header block, preface, chapters, scene breaks, notes and end matter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block, BlockKind, Chapter, Metadata, Repair, Story
from .repair import damaged_question_marks, normalize_characters, restore_lost_punctuation

KNOWN_KEYS = {
    "title", "author", "authors", "by", "written by", "fandom", "fandoms", "pairing", "pairings",
    "relationship", "relationships", "ship", "rating", "rated", "warning", "warnings", "archive warning",
    "archive warnings", "time", "timeline", "setting", "spoilers", "summary", "status", "disclaimer",
    "category", "categories", "character", "characters", "words", "word count", "genre", "genres",
    "notes", "note", "author's note", "author's notes", "a/n", "beta", "beta reader", "dedication",
    "feedback", "distribution", "archive", "series", "language", "chapters", "published", "updated",
    "completed", "tags", "additional tags", "freeform", "prompt", "length", "source", "url",
    "collections", "stats", "part", "sequel to", "prequel to", "challenge", "written for",
}
# Keys that also open an author's note in the body: alone, they do not make a paragraph a header.
_NOTE_KEYS = {"notes", "note", "author's note", "author's notes", "a/n"}
_KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9 /&'’()._-]{0,29}?)\s*:\s*(.*)$")

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|thirty|"
    r"forty|fifty|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final"
)
# Marks around a heading line: **Chapter 1**, ## Chapter 1, ~ Part Two ~, [Prologue], -- Epilogue --.
_HEADING_MARKS = "*_~=#•·-–—"
_DECORATION = rf"[\s{re.escape(_HEADING_MARKS)}]*"
_CHAPTER = re.compile(
    rf"^{_DECORATION}[\[(<]?"
    rf"(?:(?:chapter|chap\.?|ch\.?|part|book|act|volume|vol\.?)\s+(?:\d+|[ivxlcdm]+|{_NUMBER_WORDS})(?![^\W_])"
    r"(?:\s*(?:[:.\-–—]|\s)\s*.*)?"
    r"|(?:prologue|epilogue|interlude|afterword|foreword|coda)(?![^\W_])(?:\s*[:.\-–—]\s*.*)?)"
    rf"[\])>]?{_DECORATION}$",
    re.IGNORECASE,
)
_BRACKETS = {"[": "]", "(": ")", "<": ">"}


def bare_heading(line: str) -> str:
    """A heading line without the marks around it: "**Chapter 1: Gas**" -> "Chapter 1: Gas"."""
    bare = line.strip().strip(_HEADING_MARKS + " \t")
    if bare[:1] in _BRACKETS and bare.endswith(_BRACKETS[bare[0]]):
        bare = bare[1:-1].strip()
    return bare or line.strip()
_SCENE_BREAK = re.compile(
    r"^(?:(?=.*[*~=#+_•·\-–—|<>^°º§])[\s*~=#+_•·.\-–—|<>^°º§oOxX0]{3,}"  # symbols, maybe with o/x: ***, -oOo-
    r"|o+(?:O+o+)+|O+(?:o+O+)+|x+(?:X+x+)+|X+(?:x+X+)+"  # letters only when case alternates: oOo, xXx
    r"|(?i:\[?(?:scene|line|page|section)\s*break\]?))$"
)
# Marks that end a chapter, not the story: read as a note, and the next chapter is story again.
_CHAPTER_END_MARK = re.compile(
    r"^[\s*~_\-–—=.(\[]*(?:to\s+be\s+continued|tbc|end\s+of\s+(?:chapter|ch\.?|part)(?:\s+[\w-]+)?|end\s+chapter(?:\s+[\w-]+)?)"
    r"[\s*~_\-–—=.!?)\]…]*$",
    re.IGNORECASE,
)
_END_MARK = re.compile(r"^[\s*~_\-–—=.]*(?:the\s+end|end\s+file|end\s+of\s+(?:story|fic|part)|fin)[\s*~_\-–—=.!]*$", re.IGNORECASE)
_NOTE_START = re.compile(r"^[\s*_(\[]*(?:a/n|a\.n\.|an|author'?s\s+notes?|authors?\s+notes?|(?:end\s+|chapter\s+|beginning\s+)?notes?|n/a|disclaimer)\s*[:\-–—]", re.IGNORECASE)
# AO3's section labels alone on a line, as its pages print them (kept by a copy from the browser or a
# conversion of its downloads): the paragraphs after a notes label are notes; "Chapter Text" is chrome.
_SECTION_LABEL = re.compile(
    r"^(summary|notes|chapter summary|chapter notes|chapter end notes|end notes|author'?s notes?)\s*:?$", re.IGNORECASE
)
_TEXT_LABEL = re.compile(r"^(?:chapter|work) text\s*:?$", re.IGNORECASE)
_POSTED_AT = re.compile(r"^Posted originally on the (.+?) at (\S+?)\.?$")
# AO3's "End Notes:" opens notes that run to the next chapter.
_END_NOTES = re.compile(r"^[\s*_(\[]*end\s+notes?\s*[:\-–—]", re.IGNORECASE)
# A chat stamp before a name: "[10:42 PM] ", "(22:15) ".
CHAT_TIME = r"(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?[\])]?\s+)?"
# `Name: text`, maybe after a stamp ("[10:42 PM] mj: hi"): chat-fic lines keep their breaks.
_CHAT_LINE = re.compile(rf"^{CHAT_TIME}[\w .'-]{{1,24}}:\s+\S")
_WRAP_LIMIT = 100  # columns; files whose lines all fit are hard-wrapped, longer lines are whole paragraphs


@dataclass(frozen=True)
class _Para:
    lines: tuple[str, ...]
    line: int  # 1-based first line in the file

    @property
    def text(self) -> str:
        return " ".join(part.strip() for part in self.lines)


def parse_text_story(text: str, source_name: str, *, encoding: str = "utf-8", warnings: tuple[str, ...] = ()) -> Story:
    """Read a decoded plain-text fic into a Story."""
    repairs: list[Repair] = []
    text = normalize_characters(text, repairs)
    paragraphs = _paragraphs(text)
    damaged = damaged_question_marks(text)
    if damaged:
        paragraphs = [
            _Para(tuple(restore_lost_punctuation(ln, p.line + i, repairs) for i, ln in enumerate(p.lines)), p.line)
            for p in paragraphs
        ]
    metadata, body = _split_header(paragraphs)
    chapters = _chapters(body, metadata)
    return Story(
        metadata=metadata,
        chapters=tuple(chapters),
        source_name=source_name,
        repairs=tuple(repairs),
        warnings=warnings,
        encoding=encoding,
    )


def _paragraphs(text: str) -> list[_Para]:
    lines = text.split("\n")
    content = [ln.strip() for ln in lines if ln.strip()]
    lengths = sorted(len(c) for c in content)
    # Hard-wrapped when nearly every line fits the wrap limit (a few long URLs or headings may not).
    wrapped = bool(lengths) and lengths[int(0.95 * (len(lengths) - 1))] <= _WRAP_LIMIT
    indented = wrapped and _indent_opens_paragraphs(lines)
    paragraphs: list[_Para] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped:
            if current:
                paragraphs.append(_Para(tuple(current), start))
                current = []
            continue
        if current and (not wrapped or _starts_new_paragraph(raw, current, lines, number, indented)):
            paragraphs.append(_Para(tuple(current), start))
            current = []
        if not current:
            start = number
        current.append(stripped)
    if current:
        paragraphs.append(_Para(tuple(current), start))
    return paragraphs if wrapped else _regroup_line_blocks(paragraphs)


def _regroup_line_blocks(paragraphs: list[_Para]) -> list[_Para]:
    """In a file of one paragraph a line, keep adjacent chat, verse and header lines together.

    Such lines are read with a short pause between them, not a paragraph's; a run of ordinary
    paragraphs with no blank lines between them stays apart.
    """
    out: list[_Para] = []
    for para in paragraphs:
        previous = out[-1] if out else None
        line = para.lines[0]
        if (
            previous is not None
            and previous.line + len(previous.lines) == para.line  # no blank line between them
            and _is_verse_or_chat((*previous.lines, line))
            and not any(p.match(x) for x in (*previous.lines, line) for p in (_SCENE_BREAK, _CHAPTER, _END_MARK, _CHAPTER_END_MARK, _NOTE_START))
        ):
            out[-1] = _Para((*previous.lines, line), previous.line)
        else:
            out.append(para)
    return out


def _indent_opens_paragraphs(lines: list[str]) -> bool:
    """Whether the file marks paragraphs by indenting their first line (the rest flush left), so an
    indented line opens a paragraph even right after another indented line."""
    opened = followed = 0
    for line, after in zip(lines, lines[1:]):
        if line.strip() and len(line) - len(line.lstrip()) >= 2:
            opened += 1
            followed += bool(after.strip()) and not after[:1].isspace()
    return opened >= 3 and followed * 4 >= opened


def _starts_new_paragraph(raw: str, current: list[str], lines: list[str], number: int, indented: bool = False) -> bool:
    """In a hard-wrapped file with no blank lines, an indented line or a break/heading line starts anew."""
    stripped = raw.strip()
    if _SCENE_BREAK.match(stripped) or _SCENE_BREAK.match(current[-1]) or _CHAPTER.match(stripped):
        return True
    if _key_of(current[0]):
        return False  # in a `Key: value` block an indented line continues the value
    indent = len(raw) - len(raw.lstrip())
    previous = lines[number - 2] if number >= 2 else ""
    previous_indent = len(previous) - len(previous.lstrip())
    return indent >= 2 and (indented or indent > previous_indent)


# A key in emphasis, as markdown and rich-text copies write it: **Title:** X, **Title**: X, _Rating:_ T.
_MARKED_KEY = re.compile(r"^([*_]{1,3})([A-Za-z][^*_:\n]{0,29}?)(?::\1(?=\s)|\1(?=\s*:))")


def _key_of(line: str) -> tuple[str, str] | None:
    stripped = line.strip()
    marked = _MARKED_KEY.match(stripped)
    if marked:
        rest = stripped[marked.end() :].lstrip()
        stripped = f"{marked.group(2)}: {rest.removeprefix(':').lstrip()}"
    match = _KEY_LINE.match(stripped)
    if not match:
        return None
    return match.group(1).strip(), match.group(2).strip()


def _keyed_fields(line: str) -> list[tuple[str, str]]:
    """The `Key: value` fields of a header line; "Rating: T | Words: 2,100 | Pairing: A/B" holds three."""
    parts = re.split(r"\s+[|•·]\s+", line.strip())
    keyed = [_key_of(part) for part in parts]
    if len(parts) > 1 and all(keyed):
        return [k for k in keyed if k]
    one = _key_of(line)
    return [one] if one else []


_NOTE_KEYS = {"notes", "note", "author's note", "author's notes", "a/n"}


def _is_header_paragraph(para: _Para, *, started: bool = False) -> bool:
    """A paragraph of `Key: value` lines with a known key; before the header has begun, notes alone
    ("A/N: sorry for the wait") do not make a header."""
    keyed = [_key_of(ln) for ln in para.lines]
    known = [k for k in keyed if k and k[0].casefold() in KNOWN_KEYS]
    if not started and all(k[0].casefold() in _NOTE_KEYS for k in known):
        return False
    return bool(known) and keyed[0] is not None and (len(known) >= 2 or len(para.lines) == 1 or len(known) * 2 >= sum(1 for k in keyed if k))


def _only_note_keys(para: _Para) -> bool:
    keys = {k[0].casefold() for k in map(_key_of, para.lines) if k}
    return bool(keys) and keys <= _NOTE_KEYS


# "by Someone", "by some_writer": a name of at most five words, not a sentence ("By morning, it was over.")
# Also "A Star Wars fanfic by Someone": the words before the kind of work name its fandom.
_BYLINE = re.compile(
    r"^(?:(?:an?\s+)?(?:(?P<fandom>[A-Z0-9][\w'’:&.!-]*(?:\s+[\w'’:&.!-]+){0,5}?)\s+)?"
    r"(?i:fic|fanfic|fan\s?fiction|fanfiction|story|one-?shot|drabble|ficlet|tale|crossover)\s+)?"
    r"(?i:by|written\s+by)\s*:?\s+([^\s,.;:!?]+(?:[ .][^\s,;:!?]+){0,4})$",
    re.IGNORECASE,
)


def _title_and_byline(paragraphs: list[_Para]) -> tuple[tuple[tuple[str, str], ...], int] | None:
    """A story that opens `Title` / `by Author` (one paragraph or two): its fields and paragraphs used."""
    if not paragraphs:
        return None
    first = paragraphs[0]
    if len(first.lines) == 2:
        title, byline, used = first.lines[0], first.lines[1], 1
    elif len(first.lines) == 1 and len(paragraphs) > 1 and len(paragraphs[1].lines) == 1:
        title, byline, used = first.lines[0], paragraphs[1].lines[0], 2
    else:
        return None
    author = _BYLINE.match(byline)
    names = author.group(2).split() if author else []
    if len(names) > 1 and not all(n[0].isupper() or n in {"de", "van", "von", "der", "la", "le", "of"} for n in names):
        return None  # "by morning it was over": a sentence, not a name
    if names and names[-1].endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", names[-1]):
        return None
    if not author or not author.group(2)[-1].isalnum() or not title[:1].isupper() and not title[:1].isdigit():
        return None
    if len(title) > 100 or title.rstrip()[-1] in ".,;:…—" or _CHAPTER.match(title) or _key_of(title) or not re.search(r"\w", title):
        return None
    fields = (("Title", title.strip()), ("Author", author.group(2).strip()))
    if author.group("fandom") and author.group("fandom")[0].isupper():
        fields += (("Fandom", author.group("fandom").strip()),)
    return fields, used


def _split_header(paragraphs: list[_Para]) -> tuple[Metadata, list[_Para]]:
    posted = _posted_at(paragraphs)
    if posted is not None:
        fields, used = posted
        rest, body = _split_keyed_header(paragraphs[used:])
        return _front_matter(Metadata(fields=fields + rest.fields, preface=rest.preface), body)
    byline = _title_and_byline(paragraphs)
    if byline is not None:
        fields, used = byline
        rest, body = _split_keyed_header(paragraphs[used:])
        preface = rest.preface
        if len(preface) == 1 and len(preface[0].split()) >= 8 and rest.fields and not any(k.casefold() == "summary" for k, _ in rest.fields):
            # Title, byline, a blurb, then the tags (FanFiction.net's page): the blurb is the summary.
            fields, preface = fields + (("Summary", preface[0]),), ()
        return _front_matter(Metadata(fields=fields + rest.fields, preface=preface), body)
    return _front_matter(*_split_keyed_header(paragraphs))


def _posted_at(paragraphs: list[_Para]) -> tuple[tuple[tuple[str, str], ...], int] | None:
    """An archive's opening, `Title` over "Posted originally on the Archive of Our Own at URL."."""
    if not paragraphs or len(paragraphs[0].lines) != 2:
        return None
    found = _POSTED_AT.match(paragraphs[0].lines[1].strip())
    if found is None:
        return None
    return (("Title", paragraphs[0].lines[0].strip()), ("URL", found.group(2))), 1


def _front_matter(metadata: Metadata, body: list[_Para]) -> tuple[Metadata, list[_Para]]:
    """What an archive prints between the tags and the story: the title over its byline again, then
    labelled Summary and Notes sections, then "Chapter Text". Taken into the header."""
    fields = list(metadata.fields)
    have = {key.casefold() for key, _ in fields}
    body = _labels_apart(body)
    start = 0
    byline = _title_and_byline(body)
    if byline is not None and (not metadata.title or _comparable(byline[0][0][1]) == _comparable(metadata.title)):
        fields += [(k, v) for k, v in byline[0] if k.casefold() not in have]
        start = byline[1]
    elif (
        _opens_labelled_section(body[1:2]) and 2 < _section_end(body, 2) < len(body)  # "Summary:", a summary, then more
        and len(body[0].lines) <= 2 and all(len(ln) <= 100 and re.search(r"\w", ln) and not _CHAPTER.match(ln) for ln in body[0].lines)
    ):
        # A browser copy of an archive page: the title, the author's name alone, then "Summary:".
        names = [ln.strip() for ln in body[0].lines]
        fields += [(k, v) for k, v in zip(("Title", "Author"), names) if k.casefold() not in have]
        start = 1
    while start < len(body) and len(body[start].lines) == 1 and _SECTION_LABEL.match(body[start].text):
        label = _SECTION_LABEL.match(body[start].text).group(1).casefold()
        end = _section_end(body, start + 1)
        text = " ".join(p.text for p in body[start + 1 : end])
        if not text or end >= len(body):
            break  # nothing under it, or no end to it but the story's: left to the story's reading
        fields.append(("Summary" if label.endswith("summary") else "Notes", text))
        start = end
    if start < len(body) and len(body[start].lines) == 1 and _TEXT_LABEL.match(body[start].text):
        start += 1
    if start == 0:
        return metadata, body
    return Metadata(fields=tuple(fields), preface=metadata.preface), body[start:]


def _labels_apart(body: list[_Para]) -> list[_Para]:
    """The first paragraphs with any section label line ("Summary:") made a paragraph of its own."""
    out: list[_Para] = []
    for index, para in enumerate(body):
        if index >= 8 or len(para.lines) == 1 or not any(_SECTION_LABEL.match(ln.strip()) for ln in para.lines):
            out.append(para)
            continue
        run: list[str] = []
        for offset, line in enumerate(para.lines):
            if _SECTION_LABEL.match(line.strip()):
                if run:
                    out.append(_Para(tuple(run), para.line + offset - len(run)))
                out.append(_Para((line,), para.line + offset))
                run = []
            else:
                run.append(line)
        if run:
            out.append(_Para(tuple(run), para.line + len(para.lines) - len(run)))
    return out


def _opens_labelled_section(paras: list[_Para]) -> bool:
    return bool(paras) and len(paras[0].lines) == 1 and bool(_SECTION_LABEL.match(paras[0].lines[0].strip()))


def _labelled_notes_end(body: list[_Para], label: int) -> int:
    """Where the notes under a "Notes" or "Summary" label in the story end: at the archive's "Chapter
    Text" when one comes before the next chapter; else the label holds only the paragraph after it (a
    plain fic's "Author's Note:" over its note, then the story)."""
    for index in range(label + 1, len(body)):
        para = body[index]
        if len(para.lines) == 1 and _TEXT_LABEL.match(para.text):
            return index
        if _CHAPTER.match(para.lines[0]):
            break
    return label + 2


def _section_end(body: list[_Para], start: int) -> int:
    """Where a labelled section that begins at `start` stops: at the next label or chapter heading."""
    end = start
    while end < len(body) and not _is_label_or_heading(body[end]):
        end += 1
    return end


def _is_label_or_heading(para: _Para) -> bool:
    first = para.lines[0]
    return (len(para.lines) == 1 and bool(_SECTION_LABEL.match(first) or _TEXT_LABEL.match(first))) or bool(_CHAPTER.match(first))


def _split_keyed_header(paragraphs: list[_Para]) -> tuple[Metadata, list[_Para]]:
    first = None
    for index, para in enumerate(paragraphs[:8]):
        if _CHAPTER.match(para.lines[0]):
            break  # the body has begun: a later keyed line is a note, not the header
        if _is_header_paragraph(para) and not _only_note_keys(para):
            first = index
            break
    if first is None:
        return Metadata(), paragraphs
    fields: list[tuple[str, str]] = []
    end = first
    while end < len(paragraphs) and (end == first or _is_header_paragraph(paragraphs[end], started=True)):
        for line in paragraphs[end].lines:
            keyed = _key_of(line)
            several = _keyed_fields(line) if keyed else []
            if keyed and keyed[0].casefold() == "rated" and " - " in keyed[1]:
                fields.extend(_story_stats(keyed[1]))
            elif len(several) > 1:
                fields.extend(several)
            elif keyed and (keyed[0].casefold() in KNOWN_KEYS or not fields or keyed[0][0].isupper()):
                fields.append(keyed)
            elif fields:
                key, value = fields[-1]
                fields[-1] = (key, f"{value} {line.strip()}".strip())
            else:
                fields.append(("Note", line.strip()))
        end += 1
    # A header key with its value on the following paragraph ("Summary:" then text) takes that paragraph.
    if fields and not fields[-1][1] and end < len(paragraphs):
        following = paragraphs[end]
        if not _CHAPTER.match(following.lines[0]) and not _key_of(following.lines[0]) and not _SCENE_BREAK.match(following.text):
            fields[-1] = (fields[-1][0], following.text)
            end += 1
    preface = tuple(p.text for p in paragraphs[:first])
    return Metadata(fields=tuple(fields), preface=preface), paragraphs[end:]


_GENRES = re.compile(
    r"^(?:(?:romance|drama|humor|angst|hurt/comfort|friendship|adventure|family|tragedy|horror|mystery|fantasy|"
    r"sci-fi|parody|poetry|suspense|supernatural|spiritual|crime|general|western)/?)+$",
    re.IGNORECASE,
)


def _story_stats(value: str) -> list[tuple[str, str]]:
    """FanFiction.net's one line of stats, "Fiction T - English - Romance/Drama - Harry P., Draco M. -
    Chapters: 2 - Words: 3,210 - ...", as fields: the rating, language, genres and characters spoken,
    the counts kept unspoken."""
    parts = [part.strip() for part in value.split(" - ") if part.strip()]
    fields = [("Rating", re.sub(r"^(?:fan)?fiction\s+", "", parts[0], flags=re.IGNORECASE))]
    plain = []
    for part in parts[1:]:
        keyed = _key_of(part)
        if keyed:
            fields.append(keyed)
        else:
            plain.append(part)
    for part in plain:
        if not any(k == "Language" for k, _ in fields):
            fields.append(("Language", part))
        elif _GENRES.match(part):
            # "Romance/Drama" is two genres, read as a list ("Hurt/Comfort" is one).
            fields.append(("Genre", ", ".join(re.split(r"/(?!comfort)", part, flags=re.IGNORECASE))))
        else:
            fields.append(("Characters", part))
    return fields


def _comparable(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).strip().casefold()


_COUNTING = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
).split()
# A heading that is only a number: "1", "1.", "IV", "ONE", "Two", maybe with a title: "1. Beginnings".
_NUMBERED = re.compile(
    rf"^{_DECORATION}(\d{{1,3}}|[IVXLC]{{1,7}}|(?i:{'|'.join(_COUNTING)}))(?:(?:[.:]|\s*[-–—])(?:\s+(\S.{{0,80}}))?)?{_DECORATION}$"
)


def _numbered_headings(body: list[_Para]) -> set[int]:
    """Paragraphs that are bare numbered headings, trusted only as a run that counts up from one (two
    at least): a lone "1." is a list item, "Three." "Two." "One." a countdown."""
    from ..speakable import roman_value

    found: list[tuple[int, int, str]] = []  # (paragraph, value, the number as written)
    for index, para in enumerate(body):
        match = _NUMBERED.match(para.lines[0]) if len(para.lines) == 1 else None
        if match is None or (match.group(1).isalpha() and not match.group(1)[0].isupper()):
            continue
        if match.group(2) and re.search(r"[.!?\"”,;]$", match.group(2).rstrip(_HEADING_MARKS + " ")):
            continue  # "1. He ran." is a sentence
        number = match.group(1)
        value = int(number) if number.isdigit() else roman_value(number) if number.isupper() else None
        if value is None and number.casefold() in _COUNTING:
            value = _COUNTING.index(number.casefold()) + 1
        if value is not None:
            found.append((index, value, number))
    run: list[tuple[int, str]] = []
    for index, value, number in found:
        if value == len(run) + 1:
            run.append((index, number))
    if len(run) == 1:
        # "PROLOGUE" then "ONE": a number word in capitals, in a story with other headings, is one too.
        word = run[0][1]
        others = any(_CHAPTER.match(p.lines[0]) for p in body)
        return {run[0][0]} if word.isalpha() and word.isupper() and len(word) > 1 and others else set()
    return {index for index, _ in run}


def _chapters(body: list[_Para], metadata: Metadata) -> list[Chapter]:
    story_title = metadata.title or ""
    numbered = _numbered_headings(body)
    contents = _contents(body)
    chapters: list[Chapter] = []
    title: str | None = None
    blocks: list[Block] = []
    in_end_matter = False
    in_notes = False  # after AO3's "End Notes:", until the next chapter
    notes_until = -1  # paragraphs before this index follow a notes label: notes

    def close() -> None:
        nonlocal blocks, title
        if not blocks and title is None:
            return
        chapters.append(Chapter(title or story_title or "Story", tuple(blocks)))
        blocks, title = [], None

    for index, para in enumerate(body):
        text = para.text
        single = len(para.lines) == 1
        if in_end_matter:
            blocks.append(Block(BlockKind.NOTE, text))
        elif _CHAPTER_END_MARK.match(text) and single:
            blocks.append(Block(BlockKind.NOTE, text))
        elif _END_MARK.match(text) and single:
            in_end_matter = True
            blocks.append(Block(BlockKind.NOTE, text))
        elif _SCENE_BREAK.match(text) and single:
            if blocks:
                blocks.append(Block(BlockKind.SCENE_BREAK))
        elif single and _TEXT_LABEL.match(text):
            in_notes = False  # the archive's "Chapter Text": the story goes on after the chapter's notes
        elif single and (label := _SECTION_LABEL.match(text)):
            if label.group(1).casefold().endswith("end notes"):
                in_notes = True  # end notes run to the next chapter
            else:
                notes_until = _labelled_notes_end(body, index)
            blocks.append(Block(BlockKind.NOTE, text))
        elif index in contents:
            if contents[index]:
                blocks.append(Block(BlockKind.NOTE, contents[index]))  # the list, read once; its chapters come later
        elif (_CHAPTER.match(para.lines[0]) and len(para.lines[0]) <= 120) or index in numbered:
            rest = list(para.lines[1:])
            heading = bare_heading(para.lines[0])
            if rest and len(rest[0]) <= 80 and not re.search(r"[.!?\"”’']$", rest[0]):
                heading = f"{heading.rstrip('.:')}: {rest.pop(0)}"  # "Chapter 1" over "The Storm"
            if any(b.kind is BlockKind.PARAGRAPH for b in blocks):
                close()
            in_notes = False
            title = heading
            blocks.append(Block(BlockKind.HEADING, heading))
            if rest:
                blocks.append(Block(BlockKind.PARAGRAPH, _paragraph_text(_Para(tuple(rest), para.line + 1))))
        elif index == 0 and story_title and single and _comparable(text) == _comparable(story_title):
            blocks.append(Block(BlockKind.HEADING, text))
        elif _NOTE_START.match(text) or in_notes or index < notes_until:
            in_notes = in_notes or bool(_END_NOTES.match(text))
            blocks.append(Block(BlockKind.NOTE, text))
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, _paragraph_text(para)))
    close()
    return chapters


_CONTENTS_LABEL = re.compile(r"^(?:table\s+of\s+)?contents\s*:?$", re.IGNORECASE)


def _contents(body: list[_Para]) -> dict[int, str]:
    """Tables of contents: chapter headings on lines one after another (no blank line, no text between),
    maybe under "Contents". Maps the paragraphs to the note that reads the list (on the first of them)."""
    found: dict[int, str] = {}
    index = 0
    while index < len(body):
        end, lines, label = index, [], []
        while end < len(body):
            para = body[end]
            adjacent = end == index or para.line == body[end - 1].line + len(body[end - 1].lines)
            listed = [ln for ln in para.lines if not (end == index and _CONTENTS_LABEL.match(ln.strip()))]
            if end == index and len(listed) < len(para.lines):
                label = [para.lines[0].strip().rstrip(":")]
            if end == index and not listed:
                end += 1  # the "Contents" label on its own line
                continue
            if not adjacent or not listed or not all(_CHAPTER.match(ln) for ln in listed):
                break
            lines += listed
            end += 1
        if len(lines) >= 2:
            found.update({i: "" for i in range(index, end)})
            found[index] = "; ".join([*label, *(bare_heading(ln) for ln in lines)])
            index = end
        else:
            index += 1
    return found


def _paragraph_text(para: _Para) -> str:
    """Join hard-wrapped lines; keep breaks of verse and chat lines, which are read with a pause."""
    lines = para.lines
    if len(lines) > 1 and _is_verse_or_chat(lines):
        return "\n".join(lines)
    return para.text


def _is_verse_or_chat(lines: tuple[str, ...]) -> bool:
    chat = sum(1 for ln in lines if _CHAT_LINE.match(ln))
    if chat == len(lines):
        return True
    longest = max(len(ln) for ln in lines)
    return longest < 50 and len(lines) >= 2 and all(len(ln) < 50 for ln in lines[:-1])
