"""Plain text -> paragraphs: blank lines, hard wrapping and indents read as the writer meant them, and
chat and verse lines kept together with their breaks."""

from __future__ import annotations

from dataclasses import dataclass

from .marks import CHAPTER_END_MARK, CHAPTER_HEADING, CHAT_LINE, END_MARK, NOTE_START, SCENE_BREAK, key_of

_WRAP_LIMIT = 100  # columns; files whose lines all fit are hard-wrapped, longer lines are whole paragraphs


@dataclass(frozen=True)
class Paragraph:
    """Lines of a plain-text paragraph, as written."""

    lines: tuple[str, ...]
    line: int  # 1-based first line in the file

    @property
    def text(self) -> str:
        return " ".join(part.strip() for part in self.lines)


def split_paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of a plain-text file, with the line each begins on."""
    lines = text.split("\n")
    content = [ln.strip() for ln in lines if ln.strip()]
    lengths = sorted(len(c) for c in content)
    # Hard-wrapped when nearly every line fits the wrap limit (a few long URLs or headings may not).
    wrapped = bool(lengths) and lengths[int(0.95 * (len(lengths) - 1))] <= _WRAP_LIMIT
    indented = wrapped and _indent_opens_paragraphs(lines)
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped:
            if current:
                paragraphs.append(Paragraph(tuple(current), start))
                current = []
            continue
        if current and (not wrapped or _starts_new_paragraph(raw, current, lines, number, indented)):
            paragraphs.append(Paragraph(tuple(current), start))
            current = []
        if not current:
            start = number
        current.append(stripped)
    if current:
        paragraphs.append(Paragraph(tuple(current), start))
    return paragraphs if wrapped else _regroup_line_blocks(paragraphs)


def _regroup_line_blocks(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """In a file of one paragraph a line, keep adjacent chat, verse and header lines together, and join a line that
    goes on with the one before (`_continues`).

    Chat and verse lines are read with a short pause between them, not a paragraph's; a run of ordinary
    paragraphs with no blank lines between them stays apart.
    """
    out: list[Paragraph] = []
    next_line = 0  # the file's line just after the last paragraph kept (a joined line holds two)
    # a story written all in lower case ("i looked up.") opens its paragraphs so: no line of it goes on with another
    openings = [p.lines[0][:1] for p in paragraphs if p.lines[0][:1].isalpha()]
    lower_case = sum(c.islower() for c in openings) > _LOWER_CASE_SHARE * len(openings)
    for para in paragraphs:
        previous = out[-1] if out else None
        line = para.lines[0]
        adjacent = previous is not None and next_line == para.line  # no blank line between them
        if previous is not None and adjacent and not lower_case and _continues(previous.lines[-1], line):
            # one line with the one before, so the two are never read as verse
            out[-1] = Paragraph((*previous.lines[:-1], f"{previous.lines[-1]} {line}", *para.lines[1:]), previous.line)
        elif (
            previous is not None
            and adjacent
            and is_verse_or_chat((*previous.lines, line))
            and not (line.startswith(_OPENING_QUOTES) and previous.lines[-1].startswith(_OPENING_QUOTES))
            and not any(
                p.match(x)
                for x in (*previous.lines, line)
                for p in (SCENE_BREAK, CHAPTER_HEADING, END_MARK, CHAPTER_END_MARK, NOTE_START)
            )
        ):
            out[-1] = Paragraph((*previous.lines, line), previous.line)
        else:
            out.append(para)
        next_line = para.line + len(para.lines)
    return out


def _continues(previous: str, line: str) -> bool:
    """In a file of one paragraph a line, a line that goes on with the one before: it opens on a lower-case word after
    a line that ends mid-sentence or closes a quotation (`"You're late."` / `said Master Vell.`; `"I was` / `detained,"
    Kit said.`), as a paragraph never opens."""
    end = previous.rstrip()[-1:]
    return (
        line[:1].islower()
        and not CHAT_LINE.match(line)
        and not CHAT_LINE.match(previous)
        and (end in _CLOSING_QUOTES or end.isalnum() or end in ",;—–-")
    )


_CLOSING_QUOTES = "\"”’'"
_LOWER_CASE_SHARE = 0.5  # of a file's lines opening on a letter, in lower case, beyond which it is written so
_OPENING_QUOTES = ('"', "“", "'", "‘", "«")  # two short lines that open speech are two lines of talk, no verse


def _indent_opens_paragraphs(lines: list[str]) -> bool:
    """Whether the file marks paragraphs by indenting their first line (the rest flush left), so an
    indented line opens a paragraph even right after another indented line."""
    opened = followed = 0
    for line, after in zip(lines, lines[1:], strict=False):
        if line.strip() and len(line) - len(line.lstrip()) >= 2:
            opened += 1
            followed += bool(after.strip()) and not after[:1].isspace()
    return opened >= 3 and followed * 4 >= opened


def _starts_new_paragraph(raw: str, current: list[str], lines: list[str], number: int, indented: bool = False) -> bool:
    """In a hard-wrapped file with no blank lines, an indented line or a break/heading line starts anew."""
    stripped = raw.strip()
    if SCENE_BREAK.match(stripped) or SCENE_BREAK.match(current[-1]) or CHAPTER_HEADING.match(stripped):
        return True
    if key_of(current[0]):
        return False  # in a `Key: value` block an indented line continues the value
    indent = len(raw) - len(raw.lstrip())
    previous = lines[number - 2] if number >= 2 else ""
    previous_indent = len(previous) - len(previous.lstrip())
    return indent >= 2 and (indented or indent > previous_indent)


def paragraph_text(para: Paragraph) -> str:
    """Join hard-wrapped lines; keep breaks of verse and chat lines, which are read with a pause."""
    lines = para.lines
    if len(lines) > 1 and is_verse_or_chat(lines) and not _quotation_wrapped(lines[0], lines[1]):
        return "\n".join(lines)
    return para.text


def _quotation_wrapped(first: str, second: str) -> bool:
    """A first line that opens a quotation and does not close it, and a second that goes on in lower case (`"By the` /
    `stairs."`): speech wrapped over lines, not verse (whose lines open on capitals: `"Many a flower is born to blush
    unseen,` / `And waste its fragrance on the desert air."`)."""
    unclosed = first.count('"') % 2 == 1 or first.count("“") > first.count("”")
    return first.startswith(('"', "“")) and unclosed and second[:1].islower()


def is_verse_or_chat(lines: tuple[str, ...]) -> bool:
    """Lines that are all chat (`Name: text`), or short lines (under 50 columns) read as verse."""
    chat = sum(1 for ln in lines if CHAT_LINE.match(ln))
    if chat == len(lines):
        return True
    longest = max(len(ln) for ln in lines)
    return longest < 50 and len(lines) >= 2 and all(len(ln) < 50 for ln in lines[:-1])
