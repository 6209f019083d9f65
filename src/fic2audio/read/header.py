"""The header of a plain-text fic: `Key: value` blocks, a title over its byline, an archive's opening and
front matter (labelled summary and notes), FanFiction.net's stats line. What is left is the story's body."""

from __future__ import annotations

import re

from .. import header_keys
from ..model import Metadata
from ..patterns import compiled
from .marks import CHAPTER_HEADING, SCENE_BREAK, SECTION_LABEL, TEXT_LABEL, key_of
from .paragraphs import Paragraph

_NOTE_KEYS = frozenset(header_keys.NOTES)
_POSTED_AT = compiled(r"^Posted originally on the (.+?) at (\S+?)\.?$")


def _keyed_fields(line: str) -> list[tuple[str, str]]:
    """The `Key: value` fields of a header line; "Rating: T | Words: 2,100 | Pairing: A/B" holds three."""
    parts = re.split(r"\s+[|•·]\s+", line.strip())
    keyed = [key_of(part) for part in parts]
    if len(parts) > 1 and all(keyed):
        return [k for k in keyed if k]
    one = key_of(line)
    return [one] if one else []


def _is_header_paragraph(para: Paragraph, *, started: bool = False) -> bool:
    """A paragraph of `Key: value` lines with a known key; before the header has begun, notes alone
    ("A/N: sorry for the wait") do not make a header."""
    keyed = [key_of(ln) for ln in para.lines]
    known = [k for k in keyed if k and k[0].casefold() in header_keys.KNOWN]
    if not started and all(k[0].casefold() in _NOTE_KEYS for k in known):
        return False
    return (
        bool(known)
        and keyed[0] is not None
        and (len(known) >= 2 or len(para.lines) == 1 or len(known) * 2 >= sum(1 for k in keyed if k))
    )


def _only_note_keys(para: Paragraph) -> bool:
    keys = {k[0].casefold() for k in map(key_of, para.lines) if k}
    return bool(keys) and keys <= _NOTE_KEYS


# "by Someone", "by some_writer": a name of at most five words, not a sentence ("By morning, it was over.")
# Also "A Star Wars fanfic by Someone": the words before the kind of work name its fandom.
_BYLINE = compiled(
    r"^(?:(?:an?\s+)?(?:(?P<fandom>[A-Z0-9][\w'’:&.!-]*(?:\s+[\w'’:&.!-]+){0,5}?)\s+)?"
    r"(?i:fic|fanfic|fan\s?fiction|fanfiction|story|one-?shot|drabble|ficlet|tale|crossover)\s+)?"
    r"(?i:by|written\s+by)\s*:?\s+([^\s,.;:!?]+(?:[ .][^\s,;:!?]+){0,4})$",
    re.IGNORECASE,
)


def _title_and_byline(paragraphs: list[Paragraph]) -> tuple[tuple[tuple[str, str], ...], int] | None:
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
    if (
        len(title) > 100
        or title.rstrip()[-1] in ".,;:…—"
        or CHAPTER_HEADING.match(title)
        or key_of(title)
        or not re.search(r"\w", title)
    ):
        return None
    fields: tuple[tuple[str, str], ...] = (("Title", title.strip()), ("Author", author.group(2).strip()))
    if author.group("fandom") and author.group("fandom")[0].isupper():
        fields += (("Fandom", author.group("fandom").strip()),)
    return fields, used


def split_header(paragraphs: list[Paragraph]) -> tuple[Metadata, list[Paragraph]]:
    """The story's header (fields and preface) and the paragraphs of its body after it."""
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
        if (
            len(preface) == 1
            and len(preface[0].split()) >= 8
            and rest.fields
            and not any(k.casefold() == "summary" for k, _ in rest.fields)
        ):
            # Title, byline, a blurb, then the tags (FanFiction.net's page): the blurb is the summary.
            fields, preface = fields + (("Summary", preface[0]),), ()
        return _front_matter(Metadata(fields=fields + rest.fields, preface=preface), body)
    return _front_matter(*_split_keyed_header(paragraphs))


def _posted_at(paragraphs: list[Paragraph]) -> tuple[tuple[tuple[str, str], ...], int] | None:
    """An archive's opening, `Title` over "Posted originally on the Archive of Our Own at URL."."""
    if not paragraphs or len(paragraphs[0].lines) != 2:
        return None
    found = _POSTED_AT.match(paragraphs[0].lines[1].strip())
    if found is None:
        return None
    return (("Title", paragraphs[0].lines[0].strip()), ("URL", found.group(2))), 1


def _front_matter(metadata: Metadata, body: list[Paragraph]) -> tuple[Metadata, list[Paragraph]]:
    """What an archive prints between the tags and the story: the title over its byline again, then
    labelled Summary and Notes sections, then "Chapter Text". Taken into the header."""
    fields = list(metadata.fields)
    have = {key.casefold() for key, _ in fields}
    body = _labels_apart(body)
    start = 0
    byline = _title_and_byline(body)
    if byline is not None and (not metadata.title or comparable(byline[0][0][1]) == comparable(metadata.title)):
        fields += [(k, v) for k, v in byline[0] if k.casefold() not in have]
        start = byline[1]
    elif (
        _opens_labelled_section(body[1:2])
        and 2 < _section_end(body, 2) < len(body)  # "Summary:", a summary, then more
        and len(body[0].lines) <= 2
        and all(len(ln) <= 100 and re.search(r"\w", ln) and not CHAPTER_HEADING.match(ln) for ln in body[0].lines)
    ):
        # A browser copy of an archive page: the title, the author's name alone, then "Summary:".
        names = [ln.strip() for ln in body[0].lines]
        fields += [(k, v) for k, v in zip(("Title", "Author"), names, strict=False) if k.casefold() not in have]
        start = 1
    while start < len(body) and len(body[start].lines) == 1 and (found := SECTION_LABEL.match(body[start].text)):
        label = found.group(1).casefold()
        end = _section_end(body, start + 1)
        text = " ".join(p.text for p in body[start + 1 : end])
        if not text or end >= len(body):
            break  # nothing under it, or no end to it but the story's: left to the story's reading
        fields.append(("Summary" if label.endswith("summary") else "Notes", text))
        start = end
    if start < len(body) and len(body[start].lines) == 1 and TEXT_LABEL.match(body[start].text):
        start += 1
    if start == 0:
        return metadata, body
    return Metadata(fields=tuple(fields), preface=metadata.preface), body[start:]


def _labels_apart(body: list[Paragraph]) -> list[Paragraph]:
    """The first paragraphs with any section label line ("Summary:") made a paragraph of its own."""
    out: list[Paragraph] = []
    for index, para in enumerate(body):
        if index >= 8 or len(para.lines) == 1 or not any(SECTION_LABEL.match(ln.strip()) for ln in para.lines):
            out.append(para)
            continue
        run: list[str] = []
        for offset, line in enumerate(para.lines):
            if SECTION_LABEL.match(line.strip()):
                if run:
                    out.append(Paragraph(tuple(run), para.line + offset - len(run)))
                out.append(Paragraph((line,), para.line + offset))
                run = []
            else:
                run.append(line)
        if run:
            out.append(Paragraph(tuple(run), para.line + len(para.lines) - len(run)))
    return out


def _opens_labelled_section(paras: list[Paragraph]) -> bool:
    return bool(paras) and len(paras[0].lines) == 1 and bool(SECTION_LABEL.match(paras[0].lines[0].strip()))


def _section_end(body: list[Paragraph], start: int) -> int:
    """Where a labelled section that begins at `start` stops: at the next label or chapter heading."""
    end = start
    while end < len(body) and not _is_label_or_heading(body[end]):
        end += 1
    return end


def _is_label_or_heading(para: Paragraph) -> bool:
    first = para.lines[0]
    return (len(para.lines) == 1 and bool(SECTION_LABEL.match(first) or TEXT_LABEL.match(first))) or bool(
        CHAPTER_HEADING.match(first)
    )


def _split_keyed_header(paragraphs: list[Paragraph]) -> tuple[Metadata, list[Paragraph]]:
    first = None
    for index, para in enumerate(paragraphs[:8]):
        if CHAPTER_HEADING.match(para.lines[0]):
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
            keyed = key_of(line)
            several = _keyed_fields(line) if keyed else []
            if keyed and keyed[0].casefold() == "rated" and " - " in keyed[1]:
                fields.extend(_story_stats(keyed[1]))
            elif len(several) > 1:
                fields.extend(several)
            elif keyed and (keyed[0].casefold() in header_keys.KNOWN or not fields or keyed[0][0].isupper()):
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
        if (
            not CHAPTER_HEADING.match(following.lines[0])
            and not key_of(following.lines[0])
            and not SCENE_BREAK.match(following.text)
        ):
            fields[-1] = (fields[-1][0], following.text)
            end += 1
    preface = tuple(p.text for p in paragraphs[:first])
    return Metadata(fields=tuple(fields), preface=preface), paragraphs[end:]


_GENRES = compiled(
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
        keyed = key_of(part)
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


def comparable(text: str) -> str:
    """`text` for comparing titles: words only, case folded ("The Storm!" and "the storm" match)."""
    return re.sub(r"[\W_]+", " ", text).strip().casefold()
