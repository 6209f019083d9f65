"""Quotation and thought marks: which mark a story quotes speech with, and each paragraph cut into
narration, dialogue and thought spans, its marks removed."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from .model import DIALOGUE, NARRATION, THOUGHT, BlockKind, Kind, Story

_OPEN_DOUBLE = '"\u201c\u201e\u00ab'
_CLOSE_FOR = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201c", "\u00ab": "\u00bb"}
_OPEN_SINGLE = "'\u2018"
_HAS_WORD = re.compile(r"[^\W_]")
# Words that lost their first letters, not quotations: 'em, 'cause, '90s, and dialect 'e ("he"), 'im.
_ELISIONS = re.compile(r"(?i)'(?:em|n|til|till|cause|cos|bout|round|twas|tis|s|d|ll|re|ve|m|e|im|\d0s|\d\d)\b")
_SPEECH_END = ",.!?…—–;:-"
# A line opening with a mark, searched from the line break before it (found fast, where `^` is tried at
# every character): a chapter's text is searched after a line break of its own.
_DOUBLE_LINE_OPEN = re.compile(r'\n[\s(]*["“„«]')
_DOUBLE_SPEECH_CLOSE = re.compile(r'[,.!?…—–-]["”»](?=\s|$)')  # a set first: searched fast
_SINGLE_LINE_OPEN = re.compile(r"\n[\s(]*['‘](?=\w)")
_SINGLE_SPEECH_CLOSE = re.compile(r"[,.!?…—–-]['’](?=\s|$)")
# Verbs of thinking, and the self they may turn to: the one vocabulary of the thought tag and lead.
_THINKING = r"thought|wondered|mused|reflected|reali[sz]ed|prayed"
_ONESELF = r"(?:him|her|them|my|your|our)sel(?:f|ves)"
# A tag that makes quoted words a thought: `"Idiot," she thought.` / `'Why?' Buffy wondered.`
# (the verb must end the tag: `"Fine." She thought it was anything but.` is speech, then narration)
_THOUGHT_TAG = re.compile(
    r"[\s,]*(?:he|she|they|I|we|you|[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)\s+"
    rf"(?:(?:had |could |must have )?(?:{_THINKING})"
    rf"(?:\s+\w+ly)?(?=\s*(?:[,.;:!?…—–-]|$)|\s+to {_ONESELF})"
    rf"|(?:told|reminded|asked) {_ONESELF}\b)"
)
# A lead that makes the quoted or marked words after it a thought: `He thought to himself, "Not again."`,
# `She thought, *this cannot be happening*`.
# A noun "thought" leads into no thought: `"Oh, William," she burst out, as if he had interrupted some absorbing train of
# thought, "how you go on!"` is speech (one fixed-width look-behind per word before it).
_THOUGHT_NOUN = "".join(rf"(?<!\b{word} )" for word in "of a the his her my your our their its this that no".split())
_THOUGHT_LEAD = re.compile(
    rf"(?i)\b(?:{_THOUGHT_NOUN}(?:{_THINKING})(?: to {_ONESELF})?|told (?:him|her|them)sel(?:f|ves))\s*[,:—–-]?\s*$"
)
_DOUBLED_MARK = re.compile(r"\*{2,3}|(?<![\w_])__(?=\w)|(?<=\w)__(?![\w_])")
# Marks that wrap a thought (or, around one word, emphasis): *...*, _..._, /.../
_THOUGHT_MARKS = "*_/"


@dataclass(frozen=True, slots=True)  # several per paragraph: slots, as Segment's
class Span:
    kind: Kind
    text: str


OPENING_MARKS = "\"“'‘«„"
CLOSING_MARKS = "\"”'’»“"


def dialogue_quote_style(story: Story) -> str:
    """'double' when the story quotes speech with double marks, 'single' for British-style single quotes.

    Evidence is counted per mark: a line opening with the mark, and the mark closing speech after
    punctuation (`,' he said`). Apostrophes ('em, the twins' room, it's) give neither, and nested
    quotes (`'She said "no",' he said`) give the outer mark the most.
    """
    doubles = singles = 0
    paragraph = BlockKind.PARAGRAPH
    for chapter in story.chapters:
        # a chapter's paragraphs searched at once, each after a line break (the patterns stop at a line's end)
        text = "\n" + "\n".join([block.text for block in chapter.blocks if block.kind is paragraph])
        doubles += len(_DOUBLE_LINE_OPEN.findall(text)) + len(_DOUBLE_SPEECH_CLOSE.findall(text))
        singles += len(_SINGLE_SPEECH_CLOSE.findall(text)) + sum(
            1 for m in _SINGLE_LINE_OPEN.finditer(text) if not _ELISIONS.match(text, m.start() + 1)
        )
    return "single" if singles >= 2 and singles > doubles else "double"


def split_spans(text: str, style: str = "double", unclosed: list[str] | None = None) -> list[Span]:
    """Cut one paragraph into narration, dialogue and thought spans, quote and thought marks removed.

    A quotation never closed runs to the paragraph's end (how a speech that goes on into the next
    paragraph is written); a `*` never closed is read as text. Each is noted in `unclosed`."""
    if _NARRATION_STOPS.search(text) is None:  # most narration: no mark that could open a span
        chunk = text.strip()
        return [Span(NARRATION, chunk)] if chunk else []
    if "**" in text or "__" in text:
        text = _DOUBLED_MARK.sub(lambda m: m.group(0)[0], text)  # markdown **bold** and ***both*** mark once
    spans: list[Span] = []
    buffer: list[str] = []
    kind = NARRATION
    closer = ""
    i = 0
    n = len(text)

    def flush(new_kind: Kind) -> None:
        nonlocal buffer, kind
        chunk = "".join(buffer).strip()
        if chunk:
            spans.append(Span(kind, chunk))
        buffer = []
        kind = new_kind

    while i < n:
        # Characters that cannot open or close a span are copied in one run, not one at a time.
        plain = (_NARRATION_STOPS if kind is NARRATION else _dialogue_stops(closer)).search(text, i)
        stop = n if plain is None else plain.start()
        if stop > i:
            buffer.append(text[i:stop])
            i = stop
            continue
        char = text[i]
        if kind is NARRATION:
            if char in _OPEN_DOUBLE and (_opens(text, i) or _opens_paragraph(text, i) or _opens_unspaced(text, i)):
                scare = _scare_quote_end(text, i) if style == "double" else None
                if scare is not None:
                    buffer.append(text[i : scare + 1])  # a word in quotes mid-sentence, not speech
                    i = scare + 1
                    continue
                flush(DIALOGUE)
                closer = _CLOSE_FOR[char]
                i += 1
                continue
            if style == "single" and _is_single_opener(text, i):
                scare = _scare_quote_end(text, i)
                if scare is not None:
                    buffer.append(text[i : scare + 1])  # `it's 'character building'`: words in quotes, not speech
                    i = scare + 1
                    continue
                end = _find_single_close(text, i + 1)
                resumed = bool(spans) and spans[-1].kind is DIALOGUE and re.search(r"[,:]\s*$", "".join(buffer)) is not None
                if end is None and (_starts_sentence(text, i) or resumed):
                    # speech that runs on into the next paragraph, which opens with a mark again; also when
                    # it resumes after its tag ("'When I was a boy,' he began, 'my father...")
                    end = n
                if end is not None:
                    flush(DIALOGUE)
                    buffer.append(_without_marks(text[i + 1 : end]))
                    flush(NARRATION)
                    i = end + 1
                    continue
            if style == "double" and _is_single_opener(text, i):
                end = _find_single_close(text, i + 1)
                quoted = None if end is None else _single_quoted_kind(text, i, end)
                if quoted is not None and end is not None:
                    flush(quoted)  # single quotes in a double-quote story, tagged or shaped as speech
                    buffer.append(_without_marks(text[i + 1 : end]))
                    flush(NARRATION)
                    i = end + 1
                    continue
            if char in _THOUGHT_MARKS and _opens(text, i):
                end = _find_marker_close(text, i + 1, char)
                if end is None and unclosed is not None and char == "*":
                    unclosed.append(char)
                if end is not None:
                    inner = text[i + 1 : end]
                    if _is_thought(text, i, end, inner):
                        flush(THOUGHT)
                        buffer.append(inner)
                        flush(NARRATION)
                    else:
                        buffer.append(inner)  # emphasis: read in the surrounding voice
                    i = end + 1
                    continue
            buffer.append(char)
        else:  # inside dialogue
            if char in '"\u201c' and (nested := _nested_quote_end(text, i)) is not None:
                buffer.append(text[i : nested + 1])  # `"I knew it would be "no" before I read it."`: one speech
                i = nested + 1
                continue
            if char == closer or (closer == '"' and char in "\u201d") or (closer == "\u201d" and char == '"'):
                flush(NARRATION)
                i += 1
                continue
            if char in _THOUGHT_MARKS and _opens(text, i):
                end = _find_marker_close(text, i + 1, char)
                if end is not None:
                    buffer.append(text[i + 1 : end])
                    i = end + 1
                    continue
            buffer.append(char)
        i += 1
    if kind is DIALOGUE and unclosed is not None:
        unclosed.append(closer)
    flush(NARRATION)
    return _tagged_thoughts(spans)


# What can open a span in narration: quotation marks, single quotes, thought marks.
_NARRATION_STOPS = re.compile("[" + re.escape(_OPEN_DOUBLE + _OPEN_SINGLE + _THOUGHT_MARKS) + "]")


@functools.cache
def _dialogue_stops(closer: str) -> re.Pattern[str]:
    """What can close a quotation opened with `closer`'s mark, or open marks inside it."""
    return re.compile("[" + re.escape(closer + '"\u201c\u201d' + _THOUGHT_MARKS) + "]")


_SPEECH_TAG = re.compile(
    r"[\s,]*(?:he|she|they|I|we|you|[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)\s+"
    r"(?:said|says|asked|asks|whispered|shouted|called|replied|answered|muttered|murmured|snapped|added|yelled|cried)\b"
)


_SPEECH_VERBS = re.compile(
    r"(?:said|says|say|saying|asked|asks|ask|shouted|whispered|yelled|replied|answered|muttered|murmured|"
    r"called|cried|added|went|goes|like|was|is|screamed|told|tell|tells|snapped|hissed|sang|read)$",
    re.IGNORECASE,
)


def _scare_quote_end(text: str, i: int) -> int | None:
    """Where a scare-quoted word or two ends (`Mom says I'm "overreacting" but`), else None.

    Quoted words are speech unless all of this holds: at most three words with no sentence
    punctuation, inside a sentence after a plain word that is not a speech verb (`he said "no"`), and
    the sentence going on in lowercase after the closing mark, or ending there.
    """
    if text[i] in _OPEN_SINGLE:
        found = _find_single_close(text, i + 1)
        end = -1 if found is None else found
    else:
        closer = _CLOSE_FOR[text[i]]
        end = text.find(closer, i + 1)
        if closer == "\u201d" and end == -1:
            end = text.find('"', i + 1)
    if end == -1 or end - i > 40:
        return None
    inner = text[i + 1 : end]
    if not inner.strip() or len(inner.split()) > 3 or re.search(r"[.!?…,;:—–]", inner):
        return None
    before = text[max(0, i - 40) : i].rstrip()
    previous_word = re.search(r"([A-Za-z][\w'’]*)$", before)
    if not previous_word or _SPEECH_VERBS.search(previous_word.group(1)):
        return None
    return end if re.match(r"\s*(?:[a-z]|[,;:)]\s*[a-z])|[.!?…](?:\s|$)", text[end + 1 :]) else None


def _single_quoted_kind(text: str, start: int, end: int) -> Kind | None:
    """What single quotes hold in a double-quote story: a thought or speech when tagged or shaped so, else
    None (scare quotes or a remembered phrase mid-sentence: `to say 'screw this all' and leave`)."""
    if _THOUGHT_TAG.match(text, end + 1):
        return THOUGHT
    if _SPEECH_TAG.match(text, end + 1):
        return DIALOGUE
    if _starts_sentence(text, start) and text[end - 1] in _SPEECH_END:
        return DIALOGUE
    return None


def _tagged_thoughts(spans: list[Span]) -> list[Span]:
    """Quoted words that a tag calls thought ("Idiot," she thought / She wondered, "Why?") are thought:
    `spans` is changed in place, and returned."""
    dialogue, narration = DIALOGUE, NARRATION  # read once: an enum member costs a lookup each time
    for index, span in enumerate(spans):
        if span.kind is not dialogue:
            continue
        following = spans[index + 1] if index + 1 < len(spans) else None
        preceding = spans[index - 1] if index > 0 else None
        if (following and following.kind is narration and _THOUGHT_TAG.match(following.text)) or (
            preceding
            and preceding.kind is narration
            and _THOUGHT_LEAD.search(preceding.text, _lead_window(preceding.text, len(preceding.text)))
        ):
            spans[index] = Span(THOUGHT, span.text)
    return spans


def _without_marks(text: str) -> str:
    """Quoted words with their emphasis marks (`I *did* try`) dropped: inside speech they only stress."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] in _THOUGHT_MARKS and _opens(text, i):
            end = _find_marker_close(text, i + 1, text[i])
            if end is not None:
                out.append(text[i + 1 : end])
                i = end + 1
                continue
        out.append(text[i])
        i += 1
    return "".join(out)


class UnclosedMarks:
    """Counts the paragraphs that leave a mark open, chapter by chapter, for the one warning."""

    def __init__(self) -> None:
        self.paragraphs = 0
        self.first = ""

    def count(self, title: str, paragraphs: list[tuple[str, list[str]]]) -> None:
        for index, (text, marks) in enumerate(paragraphs):
            following = paragraphs[index + 1][0].lstrip() if index + 1 < len(paragraphs) else " "
            if marks and marks[-1] != "*" and following[0] in _OPEN_DOUBLE + _OPEN_SINGLE:
                marks = marks[:-1]
            if marks:
                self.paragraphs += 1
                self.first = self.first or f"{title}: {text[:60]!r}"

    def warning(self) -> str | None:
        if not self.paragraphs:
            return None
        return (
            f"{self.paragraphs} paragraph(s) leave a quotation mark or * unclosed (first in {self.first}); "
            "a quotation is read as speech to the paragraph's end, a lone * as text"
        )


def _nested_quote_end(text: str, i: int) -> int | None:
    """Where a quotation nested in the speech open at `i` closes, when the double mark at `i` opens one (a space
    before it, a word after it) and the speech's own closing mark still comes after it: `"That's all right. I
    knew it would be "no" before I opened the letter."`, `"You said "to-morrow". It isn't fair."`. A mark that
    opens where the speech never closes again is a new speech after a lost closing mark: None."""
    if not (i > 0 and text[i - 1].isspace() and i + 1 < len(text) and _HAS_WORD.match(text[i + 1])):
        return None
    nested_end = None
    want_close = True  # the next mark should close the nested quotation, then one nested after it
    for found in _DOUBLE_MARKS.finditer(text, i + 1):
        j = found.start()
        opening = text[j] == "\u201c" or (text[j] == '"' and text[j - 1].isspace() and _HAS_WORD.match(text[j + 1 : j + 2]))
        if want_close:
            if opening:
                return None
            nested_end = nested_end if nested_end is not None else j
            want_close = False
        elif opening:
            want_close = True  # another quotation nested in the same speech
        else:
            return nested_end  # the speech's own closing mark
    return None


_DOUBLE_MARKS = re.compile('["\u201c\u201d]')


def _opens(text: str, i: int) -> bool:
    """A mark opens a span when it starts a word: nothing or a space/opening mark before, a non-space after."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-\"'“‘") and not after.isspace()


def _opens_paragraph(text: str, i: int) -> bool:
    """A quotation mark opens speech though a space follows it where it opens the paragraph (`" Of shoes, sir," said
    Giles`), or after a comma or colon that leads into speech when a closing mark comes later (`she exclaimed, " Tis a
    messenger!"`, a lost apostrophe or dash)."""
    if not (text[i + 1 : i + 2].isspace() and _HAS_WORD.match(text[i + 1 :].lstrip()[:1]) is not None):
        return False
    if not text[:i].strip():
        return True
    return _SPEECH_LEAD_END.search(text, max(0, i - 3), i) is not None and _CLOSING_MARK.search(text, i + 2) is not None


def _opens_unspaced(text: str, i: int) -> bool:
    """A double mark that opens speech with no space before it, after a sentence's mark (`she said."Come in."`, as
    hurried typing leaves it), when a letter follows it and a closing mark comes later in the paragraph."""
    return (
        0 < i < len(text) - 1
        and text[i - 1] in ".,;:!?…"
        and text[i + 1].isalpha()
        and _CLOSING_MARK.search(text, i + 2) is not None
    )


_SPEECH_LEAD_END = re.compile(r"[,:]\s+$")
_CLOSING_MARK = re.compile(r'\S["\u201d]')


@functools.lru_cache(maxsize=16)
def _marks(text: str) -> _MarkIndex:
    """Where each kind of closing mark can stand in `text`, found once per paragraph.

    Searching forward from every unclosed mark would take time quadratic in the paragraph, and a
    hard-wrapped file with no blank lines can be one paragraph of hundreds of kilobytes.
    """
    closers: dict[str, list[int]] = {mark: [] for mark in _THOUGHT_MARKS}
    single_after_punctuation: list[int] = []
    single_after_letter: list[int] = []
    for found in _CAN_CLOSE.finditer(text):
        j = found.start()
        if text[j] in closers:
            closers[text[j]].append(j)
        else:
            (single_after_punctuation if text[j - 1] in _SPEECH_END else single_after_letter).append(j)
    single_openers = [found.start() for found in _SINGLE_MARK.finditer(text, 1) if _is_single_opener(text, found.start())]
    return _MarkIndex(closers, single_after_punctuation, single_after_letter, single_openers)


# A mark that can close: after a non-space, before no letter or digit (`[^\W_]` is str.isalnum's class).
_CAN_CLOSE = re.compile("(?<=\\S)[" + re.escape(_THOUGHT_MARKS) + "'\u2019](?![^\\W_])")
_SINGLE_MARK = re.compile("[" + re.escape(_OPEN_SINGLE) + "]")


@dataclass(frozen=True)
class _MarkIndex:
    closers: dict[str, list[int]]  # thought/emphasis mark -> positions where it can close
    single_after_punctuation: list[int]  # `,'` `.'` `—'`: a single quote closing speech
    single_after_letter: list[int]  # `s'` `o'`: a closing quote, or a plural possessive
    single_openers: list[int]  # single marks that open a quotation

    @staticmethod
    def first_after(positions: list[int], start: int) -> int | None:
        index = bisect.bisect_left(positions, start)
        return positions[index] if index < len(positions) else None


def _find_marker_close(text: str, start: int, marker: str) -> int | None:
    """Where a thought or emphasis mark opened just before `start` closes, or None."""
    j = _MarkIndex.first_after(_marks(text).closers[marker], start)
    if j is None:
        return None
    if marker == "/":
        inner = text[start:j]
        if "/" in inner or "\n" in inner or not _HAS_WORD.search(inner) or text[j - 1] == ":":
            return None  # a path or a URL, not slashes around a thought
    return j


def _is_single_opener(text: str, i: int) -> bool:
    """A single mark that starts a quotation: at a word start, before a word, and not an elision ('em, '90s)."""
    if text[i] not in _OPEN_SINGLE or not _opens(text, i):
        return False
    after = text[i + 1] if i + 1 < len(text) else " "
    if after in "'’" and _ELISIONS.match(text, i + 1):
        return True  # "''Cause she didn't": the quote opens on a word that lost its first letters
    if not (after.isalnum() or after in '"“…—-'):
        return False
    if not _ELISIONS.match(text, i):
        return True
    # "'Round one,' said Colin." / "'Cause I said so,' she said.": a paragraph that opens on a capital elision
    # and closes a quotation after punctuation, with no other opening before it, opens with that quotation
    if text[:i].strip() or not after.isupper():
        return False
    close = _find_single_close(text, i)
    return close is not None and text[close - 1] in ",.!?…—-"


def _find_single_close(text: str, start: int) -> int | None:
    """Where a single-quoted speech opened before `start` ends, or None when it does not end here.

    A closing mark after punctuation (`,'` `.'` `—'`) wins over one after a letter, which may be a
    plural possessive (`the twins' train`), until the next quotation opens. A mark that looks like an
    opening before any closing is an elision the list does not know (`'Ello, 'ello,' said the copper`).
    """
    index = _marks(text)
    after_punctuation = index.first_after(index.single_after_punctuation, start + 1)
    after_letter = index.first_after(index.single_after_letter, start + 1)
    if after_letter is None or (after_punctuation is not None and after_punctuation < after_letter):
        return after_punctuation
    next_opening = index.first_after(index.single_openers, after_letter + 1)
    if after_punctuation is None or (next_opening is not None and next_opening < after_punctuation):
        return after_letter  # a new quotation opens first: the plain closing mark ended this one
    return after_punctuation


def _last_char_before(text: str, i: int) -> str:
    """The last non-space character before position `i`, or '' at the paragraph start."""
    j = i - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return text[j] if j >= 0 else ""


def _starts_sentence(text: str, i: int) -> bool:
    before = _last_char_before(text, i)
    return not before or before in ".!?…:"


def _lead_window(text: str, start: int) -> int:
    """Where a thought lead ending at `start` can begin: its verb phrase (at most 23 characters, "realised
    to themselves") ends before the spaces and the one mark before `start`. Searching from there, not from
    the paragraph's start, keeps a paragraph with many marks linear (`\b` still sees the character before)."""
    j = start
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j > 0 and text[j - 1] in ",:—–-":
        j -= 1
        while j > 0 and text[j - 1].isspace():
            j -= 1
    return max(0, j - 40)


def _is_thought(text: str, start: int, end: int, inner: str) -> bool:
    """A marked span is a thought when it reads as a clause of its own, not a stressed word or a title.

    It is one when a thinking verb comes just before it (`She thought, *now what*`), when it opens a sentence and ends in punctuation (`*Liar.*`, `*He's right,* she ...`),
    when a thinking tag follows (`*fine* she thought`), or when it has 3+ words and either opens the
    sentence or closes one (`She stared, *what now?*`). `He was *so* tired` and `She read *Pride and
    Prejudice* again` are emphasis.
    """
    inner = inner.strip()
    before = _last_char_before(text, start)
    starts_sentence = not before or before in '.!?…"”:—–'
    ends_sentence = bool(re.search(r"[.!?…]$", inner))
    if _THOUGHT_TAG.match(text, end + 1) or _THOUGHT_LEAD.search(text, _lead_window(text, start), start):
        return True
    if starts_sentence and re.search(r"[.!?…,—–-]$", inner):
        return True
    return len(inner.split()) >= 3 and (starts_sentence or ends_sentence)
