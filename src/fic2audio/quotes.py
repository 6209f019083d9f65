"""Quotation and thought marks: which mark a story quotes speech with, and each paragraph cut into
narration, dialogue and thought spans, its marks removed."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from .model import DIALOGUE, NARRATION, THOUGHT, BlockKind, Kind, Story
from .name_words import IRREGULAR_PAST, SPEECH_VERBS
from .patterns import compiled
from .words import longest_first

_OPEN_DOUBLE = '"\u201c\u201e\u00ab\u300c\u300e'  # and the corner brackets of a translation from Chinese or Japanese
_CLOSE_FOR = {
    '"': '"',
    "\u201c": "\u201d",
    "\u201e": "\u201c",
    "\u00ab": "\u00bb",
    "\u201d": "\u201d",
    "\u300c": "\u300d",
    "\u300e": "\u300f",
}
_CLOSE_DOUBLE = '"\u201d'  # a closing double mark, in narration: doubled, or its opening mark was lost
_OPEN_SINGLE = "'\u2018"
_HAS_WORD = compiled(r"[^\W_]")
# Words that lost their first letters, not quotations: 'em, 'cause, '90s, and dialect 'e ("he"), 'im.
_ELIDED = r"(?:em|n|til|till|cause|cos|bout|round|twas|tis|s|d|ll|re|ve|m|e|im|\d0s|\d\d)\b"
_ELISIONS = compiled(r"(?i)'" + _ELIDED)
_SPEECH_END = ",.!?…—–;:-"
# A line opening with a mark, searched from the line break before it (found fast, where `^` is tried at
# every character): a chapter's text is searched after a line break of its own.
_DOUBLE_LINE_OPEN = compiled(r'\n[\s(]*["“„«「『]')
_DOUBLE_SPEECH_CLOSE = compiled(r'[,.!?…—–-]["”»」』](?=\s|$)')  # a set first: searched fast
_SINGLE_LINE_OPEN = compiled(r"\n[\s(]*['‘](?=\w)")
_SINGLE_SPEECH_CLOSE = compiled(r"[,.!?…—–-]['’](?=\s|$)")
# Verbs of thinking, and the self they may turn to: the one vocabulary of the thought tag and lead.
_THINKING = r"thought|wondered|mused|reflected|reali[sz]ed|prayed"
_ONESELF = r"(?:him|her|them|my|your|our)sel(?:f|ves)"
# A tag that makes quoted words a thought: `"Idiot," she thought.` / `'Why?' Buffy wondered.`
# (the verb must end the tag: `"Fine." She thought it was anything but.` is speech, then narration)
_THOUGHT_TAG = compiled(
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
_THOUGHT_LEAD = compiled(
    rf"(?i)\b(?:{_THOUGHT_NOUN}(?:{_THINKING})(?: to {_ONESELF})?|told (?:him|her|them)sel(?:f|ves))\s*[,:—–-]?\s*$"
)
_DOUBLED_MARK = compiled(r"\*{2,3}|(?<![\w_])__(?=\w)|(?<=\w)__(?![\w_])")
# Marks that wrap a thought (or, around one word, emphasis): *...*, _..._, /.../, ~...~
_THOUGHT_MARKS = "*_/~"


@dataclass(frozen=True, slots=True)  # several per paragraph: slots, as Segment's
class Span:
    kind: Kind
    text: str


OPENING_MARKS = "\"“'‘«„「『"
CLOSING_MARKS = "\"”'’»“」』"


def dialogue_quote_style(story: Story) -> str:
    """'double' when the story quotes speech with double marks, 'single' for British-style single quotes, 'dash'
    when more of its lines open with a dash than with or after quotation marks (`— I'm fine, — he said.`).

    Evidence is counted per mark: a line opening with the mark, and the mark closing speech after
    punctuation (`,' he said`). Apostrophes ('em, the twins' room, it's) give neither, and nested
    quotes (`'She said "no",' he said`) give the outer mark the most.
    """
    doubles = singles = dashes = 0
    paragraph = BlockKind.PARAGRAPH
    for chapter in story.chapters:
        # a chapter's paragraphs searched at once, each after a line break (the patterns stop at a line's end)
        text = "\n" + "\n".join([block.text for block in chapter.blocks if block.kind is paragraph])
        doubles += len(_DOUBLE_LINE_OPEN.findall(text)) + len(_DOUBLE_SPEECH_CLOSE.findall(text))
        singles += len(_SINGLE_SPEECH_CLOSE.findall(text)) + sum(
            1 for m in _SINGLE_LINE_OPEN.finditer(text) if not _ELISIONS.match(text, m.start() + 1)
        )
        dashes += len(_DASH_LINE_OPEN.findall(text))
    if dashes >= _DASH_STORY_LEAST and dashes > max(doubles, singles):
        return "dash"
    return "single" if singles >= 2 and singles > doubles else "double"


def split_spans(text: str, style: str = "double", unclosed: list[str] | None = None) -> list[Span]:
    """Cut one paragraph into narration, dialogue and thought spans, quote and thought marks removed.

    A quotation never closed runs to the paragraph's end (how a speech that goes on into the next
    paragraph is written); a `*` never closed is read as text. Each is noted in `unclosed`."""
    if style == "dash":
        as_quoted = _dash_speech_quoted(text)
        style = "double"
        if as_quoted is not text:
            text, unclosed = as_quoted, None  # a dash-led speech has no closing mark to lose: nothing to warn of
    if "<" in text:
        text = _angled_speech_quoted(text, "'" if style == "single" else '"')
    if _NARRATION_STOPS.search(text) is None:  # most narration: no mark that could open a span
        chunk = text.strip()
        return [Span(NARRATION, chunk)] if chunk else []
    if "**" in text or "__" in text:
        text = _DOUBLED_MARK.sub(lambda m: m.group(0)[0], text)  # markdown **bold** and ***both*** mark once
    if style == "double" and ("''" in text or "``" in text):
        # `''Hello,'' she said`, ``Hello,'': a double mark typed as two, made curly so a plain double mark inside
        # (``She said, "Amos, no."'') is the quotation it quotes
        # (where backticks open them, two closing after a plain double mark are a closing pair too: ``...dogs."'')
        pattern = _TWO_APOSTROPHES_AFTER_BACKTICKS if "``" in text else _TWO_APOSTROPHES
        text = pattern.sub(lambda m: "\u201c" if m.group(0) == "``" or _pair_opens(text, m.start(), m.end()) else "\u201d", text)
    spans: list[Span] = []
    buffer: list[str] = []
    kind = NARRATION
    closer = ""
    i = 0
    n = len(text)

    single_in_speech = False  # the speech open holds a single mark at a word's start: a quotation nested in it
    lost_tried = False  # a lost mark was looked for in the buffer: not again before the next flush (stays linear)

    def lost_opening(marks: re.Pattern[str]) -> tuple[str, str] | None:
        nonlocal lost_tried
        if lost_tried:
            return None
        lost_tried = True
        return _lost_opening("".join(buffer), spans, marks)

    def lost_closing(reopened: bool) -> tuple[str, str] | None:
        nonlocal lost_tried
        if lost_tried:
            return None
        lost_tried = True
        return _lost_closing("".join(buffer), reopened)

    def flush(new_kind: Kind) -> None:
        nonlocal buffer, kind, single_in_speech, lost_tried
        single_in_speech = lost_tried = False
        chunk = "".join(buffer).strip()
        if chunk:
            spans.append(Span(kind, chunk))
        buffer = []
        kind = new_kind

    def split_at_lost_mark(lost: tuple[str, str], then: Kind) -> None:
        """The text read so far cut where a lost mark stood: its first part ends the span open, its second is read
        as `then`, and the kind after it is the other of speech and narration."""
        nonlocal buffer
        buffer = [lost[0]]
        flush(then)
        buffer = [lost[1]]
        flush(NARRATION if then is DIALOGUE else DIALOGUE)

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
            if (
                char in _OPEN_DOUBLE
                and (_opens(text, i) or _opens_paragraph(text, i) or _opens_unspaced(text, i) or _opens_curly(text, i))
            ) or (char == "\u201d" and _opens_reversed(text, i)):
                scare = _scare_quote_end(text, i) if style == "double" else None
                if scare is not None:
                    buffer.append(text[i : scare + 1])  # a word in quotes mid-sentence, not speech
                    i = scare + 1
                    continue
                flush(DIALOGUE)
                closer = _CLOSE_FOR[char]
                doubled = text[i + 1 : i + 2] == char and text[i + 2 : i + 3] not in ("", char) and not text[i + 2].isspace()
                i += 2 if doubled else 1  # `""Hello`, `""*We* can't`: one mark
                continue
            if char in _CLOSE_DOUBLE:
                if text[i - 1] in _CLOSE_DOUBLE and not buffer and spans and spans[-1].kind is DIALOGUE:
                    if _ends_word(text, i + 1):
                        i += 1  # `"Hello,"" she said`: a doubled closing mark, read once
                        continue
                elif text[i - 1] in _SPEECH_END and _ends_word(text, i + 1) and (lost := lost_opening(_DOUBLE_MARKS)):
                    split_at_lost_mark(lost, DIALOGUE)  # `Hi," she said.` / `"Stop," she said. Just stop."`: opening lost
                    i += 1
                    continue
            if style == "single" and (_is_single_opener(text, i) or _single_opens_unspaced(text, i)):
                scare = _scare_quote_end(text, i)
                if scare is not None:
                    buffer.append(text[i : scare + 1])  # `it's 'character building'`: words in quotes, not speech
                    i = scare + 1
                    continue
                end = _find_single_close(text, i + 1)
                resumed = bool(spans) and spans[-1].kind is DIALOGUE and _leads_on(buffer)
                if end is None and (_starts_sentence(text, i) or resumed):
                    # speech that runs on into the next paragraph, which opens with a mark again; also when
                    # it resumes after its tag ("'When I was a boy,' he began, 'my father...")
                    end = n
                if end is not None:
                    speech, after, resume = _single_lost_closing(text, i + 1, end)
                    flush(DIALOGUE)
                    buffer.append(_without_marks(speech))
                    flush(NARRATION)
                    if after:
                        buffer.append(after)  # the tag and narration after a speech that lost its closing mark
                    i = resume
                    continue
            if (
                style == "single"
                and char == "'"
                and text[i - 1] in _SPEECH_END
                and _ends_word(text, i + 1)
                and (lost := lost_opening(_WORD_START_SINGLE))
            ):
                split_at_lost_mark(lost, DIALOGUE)  # `Hi,' she said.`: the opening mark was lost
                i += 1
                continue
            if style == "double" and (_is_single_opener(text, i) or _single_opens_unspaced(text, i)):
                end = _find_single_close(text, i + 1)
                resumed = bool(spans) and spans[-1].kind is not NARRATION and _leads_on(buffer)
                quoted = None if end is None else _single_quoted_kind(text, i, end, spans[-1].kind if resumed else None)
                if quoted is not None and end is not None:
                    flush(quoted)  # single quotes in a double-quote story, tagged or shaped as speech
                    buffer.append(_without_marks(text[i + 1 : end]))
                    flush(NARRATION)
                    i = end + 1
                    continue
            if char in _THOUGHT_MARKS and (_opens(text, i) or _marker_opens_unspaced(text, i)):
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
            if char in '"\u201c' and _shaped_to_open(text, i) and (lost := lost_closing(True)):
                split_at_lost_mark(lost, NARRATION)  # `"Hello, she said. "Come in."`: the speech's closing mark was lost
                closer = _CLOSE_FOR[char]
                i += 1
                continue
            if (
                char == closer
                or (closer == '"' and char in "\u201d")
                or (closer == "\u201d" and char == '"')
                or (closer in _CLOSE_FOR_ANY and char in _CLOSE_FOR_ANY and _closes_any(text, i))
            ):
                flush(NARRATION)
                i += 1
                continue
            if char in _THOUGHT_MARKS and _opens(text, i):
                end = _find_marker_close(text, i + 1, char)
                if end is not None:
                    buffer.append(text[i + 1 : end])
                    i = end + 1
                    continue
            if char in _SINGLE_MARKS:
                if _opens(text, i):
                    single_in_speech = True
                elif (
                    not single_in_speech
                    and text[i - 1] in _SPEECH_END
                    and _ends_word(text, i + 1)
                    and (_tag_end(text, i + 1, _TAG_START) is not None or _narration_sentence_end(text, i + 1) is not None)
                    and _next_double_opens(text, i)
                ):
                    flush(NARRATION)  # `"Hello,' she said.`: a single mark closed the double one before its tag
                    i += 1
                    continue
            buffer.append(char)
        i += 1
    if kind is DIALOGUE and unclosed is not None:
        unclosed.append(closer)  # also when a tag ends it below: the mark is still unclosed, and warned of
    if kind is DIALOGUE and (lost := lost_closing(False)) and _SENTENCE_END_AT_END.search(lost[1]):
        buffer = [lost[0]]  # `"It's fine, she said.`: a speech that lost its closing mark before its tag, unclosed
        flush(NARRATION)
        buffer = [lost[1]]
    flush(NARRATION)
    return _tagged_thoughts(spans)


# What can open a span in narration: quotation marks, single quotes, thought marks.
_NARRATION_STOPS = compiled("[" + re.escape(_OPEN_DOUBLE + _CLOSE_DOUBLE + _OPEN_SINGLE + _THOUGHT_MARKS) + "]")


@functools.cache
def _dialogue_stops(closer: str) -> re.Pattern[str]:
    """What can close a quotation opened with `closer`'s mark, or open marks inside it; in a double mark's
    quotation, single marks too (a nested quotation, or a single mark typed for the closing one)."""
    singles = _SINGLE_MARKS if closer in _CLOSE_DOUBLE else ""
    return re.compile("[" + re.escape(closer + '"\u201c\u201d' + _THOUGHT_MARKS + singles) + "]")


_SINGLE_MARKS = "'\u2018\u2019"


def _next_double_opens(text: str, i: int) -> bool:
    """No double mark comes after position `i`, or the next one opens a speech (a space before it, a word after):
    the speech open at `i` has no closing mark of its own left, so a single mark may have closed it. (A nested
    quotation whose opening mark was lost leaves the speech's own `'"` still to come.)"""
    j = _next_double(text, i)
    return j is None or _shaped_to_open(text, j)


def _next_double_closes(text: str, i: int) -> bool:
    """A double mark comes after position `i`, and it is no opening one (a space before it and a word after)."""
    j = _next_double(text, i)
    return j is not None and not _shaped_to_open(text, j)


def _next_double(text: str, i: int) -> int | None:
    """Where the first double mark after position `i` stands, if any."""
    positions = _double_positions(text)
    index = bisect.bisect_right(positions, i)
    return positions[index] if index < len(positions) else None


def _shaped_to_open(text: str, j: int) -> bool:
    """A mark at `j` has an opening mark's shape: a space before it, a word after it."""
    return j > 0 and text[j - 1].isspace() and _HAS_WORD.match(text, j + 1) is not None


@functools.lru_cache(maxsize=16)
def _double_positions(text: str) -> list[int]:
    return [found.start() for found in _DOUBLE_MARKS.finditer(text)]


_TWO_APOSTROPHES = compiled("(?<!['\"])''(?!')|``")
_TWO_APOSTROPHES_AFTER_BACKTICKS = compiled("(?<!')''(?!')|``")
_SENTENCE_END_AT_END = compiled(r"[.!?…]\s*$")


_SPEECH_VERB_WORDS = (
    r"(?:said|says|asked|asks|whispered|shouted|called|replied|answered|muttered|murmured|snapped|added|yelled|cried)"
)
_SPEECH_TAG = compiled(r"[\s,]*(?:he|she|they|I|we|you|[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)\s+" + _SPEECH_VERB_WORDS + r"\b")


_SPEECH_VERBS = compiled(
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


def _single_quoted_kind(text: str, start: int, end: int, resumed: Kind | None = None) -> Kind | None:
    """What single quotes hold in a double-quote story: a thought or speech when tagged or shaped so, else
    None (scare quotes or a remembered phrase mid-sentence: `to say 'screw this all' and leave`).

    Shaped as speech: opening a sentence (after another quotation's end too: `'Where were you?' 'Out.'`), after
    a speech verb and its comma (`She said, 'I'm going.'`), or going on after its tag (`'It's Tom's,' she said,
    'and mine.'`, the kind of the quotation before: `resumed`), and ending in speech punctuation."""
    if _THOUGHT_TAG.match(text, end + 1):
        return THOUGHT
    if _SPEECH_TAG.match(text, end + 1):
        return DIALOGUE
    if text[end - 1] not in _SPEECH_END:
        return None
    if resumed is not None:
        return resumed
    if _starts_sentence(text, start) or _SPEECH_VERB_LEAD.search(text, max(0, start - 30), start):
        return DIALOGUE
    before = _last_char_before(text, start)
    if before and before in CLOSING_MARKS and _last_char_before(text, text.rindex(before, 0, start)) in ".!?…—–-":
        return DIALOGUE
    return None


# A speech verb and the comma or colon that leads into its words: `She said, ` / `He told me: `
_SPEECH_VERB_LEAD = compiled(r"\b(?:" + _SPEECH_VERB_WORDS + r"|told (?:me|him|her|them|us|you))[,:]\s*$")


# Speech led by a dash, as translations and writers of other languages set it: `— I'm fine, — he said. — Really.`,
# `—I'm fine —he said—. And you?` A story is set so when at least _DASH_STORY_LEAST of its lines open with a dash
# before a word, and more than open or close with quotation marks.
_DASH_LINE_OPEN = compiled(r"\n[ \t]*[—―–] ?(?=[^\W\d_]|[¿¡…\"“'‘])")
_DASH_STORY_LEAST = 3
_DASH_LEAD = compiled(r"[ \t]*[—―–] ?(?=\S)")
_DASH = compiled("[—―–]")
_WORDS_FOLLOW = compiled(r"[ \t]*[^\s.,;:]")


def _dash_speech_quoted(text: str) -> str:
    """A paragraph of dash-led speech with its dashes as double quotation marks, for split_spans to read: `— I'm
    fine, — he said. — Really.` as `"I'm fine," he said. "Really."`; `text` itself when it opens with no dash.

    A dash within the speech ends it only before a tag (`— he said`); the speaker's own dashes stay (`— I was— I
    mean, no.`). The first dash after the tag opens speech again, after the tag's punctuation (`—he said—. And`). A
    tag with no dash before it is found as a lost closing mark's is (`— I'm fine, he said.`)."""
    lead = _DASH_LEAD.match(text)
    if lead is None:
        return text
    parts = ['"']
    speaking = True
    start = lead.end()
    for dash in _DASH.finditer(text, start):
        at = dash.start()
        if speaking:
            if (text[at - 1].isspace() or text[at - 1] in _SPEECH_END) and _tag_start_speaks(text, at + 1):
                parts += [text[start:at].rstrip(), '" ']
                start, speaking = at + 1, False
        elif _WORDS_FOLLOW.match(text, at + 1):  # speech again
            parts += [text[start:at].rstrip(), ' "']
            start, speaking = at + 1, True
        elif (punctuation := text[at + 1 : at + 2]) and punctuation in ".,;:" and _WORDS_FOLLOW.match(text, at + 2):
            parts += [text[start:at].rstrip() + punctuation, ' "']
            start, speaking = at + 2, True
    parts.append(text[start:].lstrip())
    return "".join(parts)


# Speech in angle brackets before its tag, as fan fiction marks mind-speech or a foreign tongue: `<Can you hear me?>
# Jean asked.`, `<<Loud and clear,>> he sent.` Without a tag after them, brackets are left as they are (`<br>`, `<3`).
_ANGLED = compiled(r"(?<![\w<])(<<?)(?=[^\s<>])([^<>\n]*?[^\s<>])(>>?)(?![\w>])")


def _angled_speech_quoted(text: str, mark: str) -> str:
    """`text` with each angle-bracketed speech before a tag in `mark`s, for split_spans to read as quoted speech."""

    def quoted(match: re.Match[str]) -> str:
        if len(match.group(1)) != len(match.group(3)) or not _tag_start_speaks(text, match.end()):
            return match.group(0)
        return f"{mark}{match.group(2)}{mark}"

    return _ANGLED.sub(quoted, text)


def _tag_start_speaks(text: str, pos: int) -> bool:
    """A speech tag begins at `pos` (`he said, smiling`, `said Anna`), its verb one of speaking. Unlike
    _tag_end's default, not `he went on`: its callers (dash-led and angle-bracketed speech) never took that for a tag."""
    return _tag_end(text, pos, _TAG_START, going_on=False) is not None


def _tagged_thoughts(spans: list[Span]) -> list[Span]:
    """Quoted words that a tag calls thought ("Idiot," she thought / She wondered, "Why?") are thought:
    `spans` is changed in place, and returned."""
    dialogue, narration = DIALOGUE, NARRATION
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
    if not _shaped_to_open(text, i):
        return None
    nested_end = None
    want_close = True  # the next mark should close the nested quotation, then one nested after it
    positions = _double_positions(text)
    for k in range(bisect.bisect_right(positions, i), len(positions)):  # by index: a slice copies the rest each call
        j = positions[k]
        opening = text[j] == "\u201c" or (text[j] == '"' and _shaped_to_open(text, j))
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


_DOUBLE_MARKS = compiled('["\u201c\u201d]')


def _opens(text: str, i: int) -> bool:
    """A mark opens a span when it starts a word: nothing or a space/opening mark before, a non-space after."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-\"'“‘") and not after.isspace()


def _pair_opens(text: str, start: int, end: int) -> bool:
    """Two marks typed for one (`''Hello,''`) open a quotation at a word's start: a space or nothing before, a
    non-space after."""
    before = text[start - 1] if start > 0 else " "
    return (before.isspace() or before in "([{—–-") and end < len(text) and not text[end].isspace()


def _opens_paragraph(text: str, i: int) -> bool:
    """A quotation mark opens speech though a space follows it where it opens the paragraph (`" Of shoes, sir," said
    Giles`), or after a comma or colon that leads into speech when a closing mark comes later (`she exclaimed, " Tis a
    messenger!"`, a lost apostrophe or dash)."""
    if _SPACED_WORD.match(text, i + 1) is None:  # matched in place: a copy of the rest was quadratic
        return False
    before = _last_char_before(text, i)
    if not before:
        return True
    if _SPEECH_LEAD_END.search(text, max(0, i - 3), i) is not None and _last_closing_mark(text) > i + 1:
        return True
    # quotes typed with spaces inside (`she said. " Come in. "`): after a sentence's end or a lead's comma, when the
    # next double mark does not open a speech of its own (a stray mark before a speech is no opening)
    return before in ".!?…,:" and _next_double_closes(text, i)


def _opens_unspaced(text: str, i: int) -> bool:
    """A double mark that opens speech with no space before it, after a sentence's mark (`she said."Come in."`, as
    hurried typing leaves it), when a letter follows it (maybe stressed: `she said."*You* did?"`) and a closing mark
    comes later in the paragraph."""
    return (
        0 < i < len(text) - 1
        and text[i - 1] in ".,;:!?…"
        and _LETTER_AFTER_MARK.match(text, i + 1) is not None
        and _last_closing_mark(text) > i + 1
    )


_LETTER_AFTER_MARK = compiled(r"[*_]?[^\W\d_]")


def _opens_curly(text: str, i: int) -> bool:
    """A curly opening mark opens speech before any non-space, whatever comes before it (`said\u201cCome in.\u201d`,
    `\u201cHello?\u201d\u201cAnyone?\u201d`): it is never anything else."""
    return text[i] == "\u201c" and i + 1 < len(text) and not text[i + 1].isspace()


def _opens_reversed(text: str, i: int) -> bool:
    """A curly closing mark typed for an opening one (`\u201dHi,\u201d she said.`, as some keyboards and Swedish
    typing leave it): at a word's start, before a word, when a closing mark comes later in the paragraph."""
    return _opens(text, i) and _HAS_WORD.match(text, i + 1) is not None and _last_closing_mark(text) > i + 1


def _closes_any(text: str, i: int) -> bool:
    """A double mark of another shape closes speech when it ends a word: after a non-space, before no letter
    (`\u201cHi,\u201c she said.`, `"Hi,\u201c she said.`, `\u201eJa\u201d`)."""
    return not text[i - 1].isspace() and (i + 1 == len(text) or _HAS_WORD.match(text, i + 1) is None)


_CLOSE_FOR_ANY = '"\u201c\u201d'


def _ends_word(text: str, j: int) -> bool:
    return j >= len(text) or text[j].isspace()


@functools.lru_cache(maxsize=16)
def _last_closing_mark(text: str) -> int:
    """Where the paragraph's last double mark after a non-space stands (-1 if none): a mark that may close speech
    comes after position p exactly when this is greater than p. Found once per paragraph, not searched for from
    each mark."""
    j = max(text.rfind('"'), text.rfind("\u201d"))
    while j > 0 and text[j - 1].isspace():
        j = max(text.rfind('"', 0, j), text.rfind("\u201d", 0, j))
    return j if j > 0 else -1


# A speech tag: a subject and a speech verb (`she warned`, `Harry asked quietly`, `Nadia told him`) or the verb first
# (`said June`), ending at punctuation; the verb must be one of name_words.SPEECH_VERBS.
_SUBJECT = r"(?:he|she|they|I|we|you|[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
_SUBJECT_AFTER = r"(?:he|she|I|(?:the )?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*)"  # after its verb: `said June`, not `thank you`
_TAG = compiled(
    rf"\s*(?:{_SUBJECT}\s+(?:\w+ly\s+)?([a-z]+)(?:\s+(?:\w+ly|him|her|them|me|us|again|on))?"
    rf"(?:\s+to\s+(?:him|her|them|me|us|[A-Z]\w+))?|([a-z]+)\s+{_SUBJECT_AFTER})\s*(?=[,.;:!?…—–-]|$)"
)
# The same right after a closing mark, where whatever follows its verb may go on (`' Tess said at the same moment`).
_TAG_START = compiled(rf"\s*(?:{_SUBJECT}\s+(?:\w+ly\s+)?([a-z]+)|([a-z]+)\s+{_SUBJECT_AFTER})\b")
# Where a tag may begin inside a speech that lost its closing mark: after its punctuation and a space.
_TAG_LEAD = compiled(r"[,!?…—–-](?=\s)")
_SENTENCE_REST = compiled(r"[^.!?…]*[.!?…]+\s+")
_SENTENCE_BREAK = compiled(r"[.!?…]+\s+")
# A sentence shaped as narration: a third-person subject, a verb in the past, no first or second person.
# Or in the present, for stories told in it (`Marr sips her tea.`): only verbs of a body's movement, which speech
# seldom reports of someone in the present (`He hates grapes.`, `He asks what day it is` are speech); not `has`,
# `knows`, `says`, nor those speech uses of other sorts (`He turns forty`, `She picks me up at six`, `It opens at
# nine`, `He stops by`); `looks` only before where (`Teo looks up.`, not `He looks tired.`). bench/messy_quotes.py
# words wrong (with the number below): lost opening 708 -> 548, single lost opening 900 -> 747, lost closing
# 765 -> 682; every -s verb instead read speech as narration (`He hates grapes.`, `Two minutes.`, `Everything hurts.`).
_GESTURES = (
    "sit stand lean sip set drum chew prop clear twist push yawn shrug nod sigh grin smile frown blink glance wince "
    "snort flinch stare squint gape swallow scowl pout smirk nudge shove tug pull tilt rub scratch fold cross stretch "
    "straighten slump settle kneel crouch perch pace step stride stalk hover hesitate pause glare gesture wave bite "
    "lick sniff huff groan gulp grimace beam wink shiver shudder tense stiffen fidget stir sway lift raise lower grab "
    "snatch seize clutch grip squeeze pat stroke tap thump toss fling shut slam unfold unzip scrub wipe peer peek"
).split()
_PRESENT_GESTURES = frozenset(verb + ("es" if verb.endswith(("sh", "ch", "ss", "x")) else "s") for verb in _GESTURES)
# Its verb (in the past: `-ed`, not `-eed`, or one of name_words.IRREGULAR_PAST) comes right after the subject (a
# pronoun, a name, or a determiner and up to two words: `The younger man tried`), maybe after a word such as "almost":
# `Main drive's cooked.` in speech is not so shaped, nor is a number (`Two hundred and forty`).
_NARRATION_SENTENCE = compiled(
    r"\s*(?:(?:But|And|Then|So)\s+)?(?:(?i:he|she|they|it)|(?i:the|his|her|their|its)(?:\s+[a-z]+){1,2}"
    r"|(?!(?:There|Who|What|Where|When|Why|How|Which)\b)[A-Z][a-z]+(?: [A-Z][a-z]+)?(?:['’]s(?:\s+[a-z]+){1,2})?)"
    r"\s+(?:(?:\w+ly|almost|just|then|still|only|never|also|already)\s+)?"
    r"(?:(?!hundred\b)[a-z]{3,}(?<!e)ed|(?:did|was|were|had|could|would)n['’]t|"
    + "|".join(longest_first(IRREGULAR_PAST))
    + "|(?P<present>"
    + "|".join(longest_first(_PRESENT_GESTURES))
    + r"|looks(?=\s+(?:up|down|at|away|round|around|over|across)\b)|doesn['’]t\s+(?:"
    + "|".join(longest_first(_GESTURES))
    + "))"
    + r")\b[^.!?…\"“”]*[.!…]+(?:\s+|$)"  # a question is no narration
)
_SPEAKING_PERSONAL = frozenset("i i'm i'll i've i'd you you're you'll you've your yours we we're we'll we've".split())
_PERSONAL = frozenset("i i'm i'll i've i'd me my mine you you're you'll you've your yours we we're we'll we've our us".split())
# The rest of a tag's sentence after its comma: speech again when it speaks in the first or second person (`Jess said,
# if she's late, call me`), narration otherwise (`said Sorensen, as though the lawyer had not spoken`).
_TAG_COMMA = compiled(r"[^,.!?…]{0,30}?,\s+")
_SENTENCE_END = compiled(r"[.!?…]")


def _speaks(clause: str) -> bool:
    """The clause, up to its sentence's end, speaks in the first or second person."""
    words = _WORD.findall(_SENTENCE_END.split(clause, maxsplit=1)[0].lower().replace("’", "'"))
    return any(word in _PERSONAL for word in words)


_WORD = compiled(r"[\w'’]+")


def _tag_end(text: str, pos: int, pattern: re.Pattern[str] = _TAG, *, going_on: bool = True) -> int | None:
    """Where a speech tag that starts at `pos` ends (before its punctuation), else None; with `going_on`, `he went
    on` is a tag too (its verb no speech verb)."""
    tag = pattern.match(text, pos)
    if tag is None:
        return None
    verb = tag.group(1) or tag.group(2)
    if verb in SPEECH_VERBS or (going_on and verb in _GOING_ON and _ON.match(text, tag.end(1) if tag.group(1) else tag.end(2))):
        return tag.end()
    return None


_GOING_ON = frozenset("went goes carried carries".split())  # `he went on.`: a tag
_ON = compiled(r"\s+on\b")


def _narration_sentence_end(text: str, pos: int) -> int | None:
    """Where a sentence shaped as narration that starts at `pos` ends (`He almost smiled. `), else None."""
    sentence = _NARRATION_SENTENCE.match(text, pos)
    if sentence is None:
        return None
    words = _WORD.findall(sentence.group(0).lower().replace("’", "'"))
    # a body moving in the present may move against the narrator (`Kiki yawns against my shoulder.`)
    personal = _SPEAKING_PERSONAL if sentence.group("present") else _PERSONAL
    return None if any(word in personal for word in words) else sentence.end()


def _lost_opening(lead: str, spans: list[Span], marks: re.Pattern[str]) -> tuple[str, str] | None:
    """Where speech began whose opening mark was lost, in the narration `lead` before a closing mark: the
    narration before it and the speech. The speech begins after the tag's sentence when a speech came before
    (`"Stop," she said. Just stop."`, `"Go," he warned. I know."`) and after the sentences shaped as narration
    (`Owen considered this. Define work."`); at the paragraph's start all of it is speech when every sentence
    is so shaped (`Hi," she said.`). None when the lead holds a mark of that kind already (a word in quotes, a
    stray mark), or after a thought or with no tag or narration before the speech."""
    if not _HAS_WORD.search(lead) or marks.search(lead):
        return None
    pos = 0
    if spans:
        if spans[-1].kind is not DIALOGUE:
            return None
        tag = _tag_end(lead, 0, _TAG_START)
        resumed = None if tag is None else _TAG_COMMA.match(lead, tag)
        if resumed is not None and _speaks(lead[resumed.end() : resumed.end() + 200]):
            return lead[: resumed.end()], lead[resumed.end() :]  # `"Well," Jess said, if she's late, call me."`
        rest = None if tag is None else _SENTENCE_REST.match(lead, tag)
        first = rest.end() if rest is not None else _narration_sentence_end(lead, 0)
        if first is None:
            return None
        pos = first
    while (after := _narration_sentence_end(lead, pos)) is not None:
        pos = after
    if not _HAS_WORD.search(lead, pos):
        if spans:
            return None
        pos = 0
    speech = lead[pos:].lstrip()
    if marks is _DOUBLE_MARKS and speech[:1] in "'\u2018":
        speech = speech[1:]  # `'Hello," she said.`: the opening mark typed as a single one
    return lead[:pos], speech


# In a speech left open at the paragraph's end, `said I` is the speaker telling what they said (`"My dear Courtland,
# said I, throwing them in the fire, do not...`, a nested quotation whose marks were lost): no tag of this speech.
_FIRST_PERSON_TAG = compiled(r"\s*(?:(?:I|we|you)\s|[a-z]+\s+(?:I|we|you)\b)")


def _lost_closing(lead: str, reopened: bool) -> tuple[str, str] | None:
    """A speech whose closing mark was lost, seen when a mark opens speech again inside it (`reopened`) or at the
    paragraph's end: the speech and the narration after it. It ended before a tag (`"Hello, she said. "Come in."`,
    `"Does it? June asked. She looked. "When?"`, at the end too: `"It's fine, she said.`); when reopened, also
    before a sentence shaped as narration (`"Okay. He almost smiled. "I'll move it."`). Else None."""
    for lead_in in _TAG_LEAD.finditer(lead):
        if _tag_end(lead, lead_in.end()) is not None and (reopened or not _FIRST_PERSON_TAG.match(lead, lead_in.end())):
            return lead[: lead_in.end()], lead[lead_in.end() :]
    if reopened:
        for sentence_end in _SENTENCE_BREAK.finditer(lead):
            if _narration_sentence_end(lead, sentence_end.end()) is not None:
                return lead[: sentence_end.end()], lead[sentence_end.end() :]
    return None


_SPEECH_LEAD_END = compiled(r"[,:]\s+$")
_SPACED_WORD = compiled(r"\s+(?:[*_'‘—–-]|\.\.\.|…)?[^\W_]")


def _leads_on(buffer: list[str]) -> bool:
    """The narration so far ends in a comma or colon that leads into more speech (`, she said, `). Read from its
    end, not joined: a paragraph with many marks in its narration stays linear."""
    for piece in reversed(buffer):
        stripped = piece.rstrip()
        if stripped:
            return stripped[-1] in ",:"
    return False


# A single mark at a word's start: an opening quotation, or an elision ('em): not a lost opening mark's speech
_WORD_START_SINGLE = compiled("(?:^|(?<=[\\s(\u2014\u2013-]))['\u2018]")


def _single_opens_unspaced(text: str, i: int) -> bool:
    """A single mark that opens a quotation with no space before it, after a sentence's mark (`she said.'Come in.'`),
    when a letter follows it and the quotation closes later."""
    return (
        0 < i < len(text) - 1
        and text[i] in _OPEN_SINGLE
        and text[i - 1] in ".,;:!?…"
        and text[i + 1].isalpha()
        and _find_single_close(text, i + 1) is not None
    )


def _marker_opens_unspaced(text: str, i: int) -> bool:
    """A `*` or `_` opening a thought with no space before it, after punctuation (`She thought,*why me?*`)."""
    return text[i] in "*_" and 0 < i < len(text) - 1 and text[i - 1] in ",;:.!?…" and _HAS_WORD.match(text, i + 1) is not None


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
# Also one after speech punctuation with no space after it, before a lowercase word that is no contraction's end or
# elision (`'Hello,'she said`, `*Why me?*she thought`; not `the U.S.'s`, `I was—'cause`, `rock-'n'-roll`).
_CAN_CLOSE = compiled(
    "(?<=\\S)[" + re.escape(_THOUGHT_MARKS) + "'\u2019](?![^\\W_])"
    "|(?<=[,.!?\u2026\u2014\u2013-])[*_'\u2019](?=[a-z])(?!t\\b|" + _ELIDED + ")"
)
_SINGLE_MARK = compiled("[" + re.escape(_OPEN_SINGLE) + "]")


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


_THREE_DOTS = compiled(r"\.(?: ?\.){2}")
_AFTER_A_WORD = compiled(r"[^\W\d_]['’]? $")  # a word (or one that dropped its last letter: "an'") and a space


def _is_single_opener(text: str, i: int) -> bool:
    """A single mark that starts a quotation: at a word start, before a word, and not an elision ('em, '90s)."""
    if text[i] not in _OPEN_SINGLE or not _opens(text, i):
        return False
    after = text[i + 1] if i + 1 < len(text) else " "
    if after in "'’" and _ELISIONS.match(text, i + 1):
        return True  # "''Cause she didn't": the quote opens on a word that lost its first letters
    if not (after.isalnum() or after in '"“…—-' or _THREE_DOTS.match(text, i + 1)):
        return False  # ("'...Tobin.'", "'. . . out,'": a line that trails in opens on three dots as on "…")
    if after.islower() and _AFTER_A_WORD.search(text, max(0, i - 3), i):
        return False  # "can't leave 'er", "an' 'ere I am": a word that dropped its first letter, mid-sentence
    if not _ELISIONS.match(text, i):
        return True
    # "'Round one,' said Colin." / "'Cause I said so,' she said.": a paragraph that opens on a capital elision
    # and closes a quotation after punctuation, with no other opening before it, opens with that quotation
    if _last_char_before(text, i) or not after.isupper():
        return False
    close = _find_single_close(text, i)
    return close is not None and text[close - 1] in ",.!?…—-"


# A single mark opening speech again inside a single-quoted speech: after a sentence's or tag's mark and a space,
# before a capital (`'It lit, he went on. 'Mostly.'`); `'Ello, 'ello` is an elision.
_SINGLE_REOPEN = compiled("(?<=[.!?…,—–-] )['\u2018](?=[A-Z])")


def _single_lost_closing(text: str, start: int, end: int) -> tuple[str, str, int]:
    """A single-quoted speech from `start` to its closing mark at `end` (the paragraph's end when unclosed) that lost
    its closing mark before a tag or narration: the speech, the narration after it, and where reading goes on (at
    the mark that opens speech again, or after `end`). Nothing is cut when no tag or narration is found."""
    reopen = _SINGLE_REOPEN.search(text, start, end)
    if reopen is not None:
        lost = _lost_closing(text[start : reopen.start()], True)
        if lost is not None:
            return lost[0], lost[1], reopen.start()
    elif end == len(text):
        lost = _lost_closing(text[start:end], False)
        if lost is not None and _SENTENCE_END_AT_END.search(lost[1]):
            return lost[0], lost[1], end + 1
    return text[start:end], "", end + 1


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
    if starts_sentence and _told_as_narration(inner):
        return False
    if starts_sentence and re.search(r"[.!?…,—–-]$", inner):
        return True
    return len(inner.split()) >= 3 and (starts_sentence or ends_sentence)


def _told_as_narration(inner: str) -> bool:
    """Marked words that are two or more sentences all shaped as narration, untagged and in no first or second
    person: a flashback or a letter set in italics (`*She had been seven when her mother left. The house had been
    cold that winter.*`), read as the story's narration, not as someone's thought."""
    sentences, at = 0, 0
    while at < len(inner):
        end = _narration_sentence_end(inner, at)
        if end is None:
            return False
        sentences, at = sentences + 1, end
    return sentences >= 2
