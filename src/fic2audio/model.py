"""Values that flow between the stages. Frozen, plain, and free of nltk/pyttsx3/pydub imports."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from . import header_keys

SAMPLE_RATE = 22050  # Hz; eSpeak NG's native rate, kept to the end (speech needs no more)
SAMPLE_WIDTH = 2  # bytes: signed 16-bit PCM
DEFAULT_ENGINE = (
    "pyttsx3"  # the built-in engine's registry name (engines/pyttsx3_espeak.py); profiles name it unless told otherwise
)


class Kind(StrEnum):
    """What a segment of the script is, which decides the voice that reads it."""

    HEADER = "header"  # the spoken header: title, author, rating, summary...
    NARRATION = "narration"
    DIALOGUE = "dialogue"  # words inside quotation marks
    THOUGHT = "thought"  # inner speech in *...*, _..._ or italics
    HEADING = "heading"  # a chapter title or the story title repeated before the text
    NOTE = "note"  # preface, author's notes, end matter


# The kinds read in the loops over a story's paragraphs and segments, as plain names: a member looked up through its
# enum class (Kind.DIALOGUE) costs about ten times a module name's on Python 3.11 (`kind is DIALOGUE` is the same
# test; a 200k-word plan: about 0.08 s of 2.9 s)
NARRATION, DIALOGUE, THOUGHT = Kind.NARRATION, Kind.DIALOGUE, Kind.THOUGHT


class Pause(StrEnum):
    """The silence after a segment; lengths come from the voices file."""

    NONE = "none"  # the sentence goes on in another voice ("I know," she said)
    SENTENCE = "sentence"
    LINE = "line"  # a kept line break: poetry, chat lines
    PARAGRAPH = "paragraph"
    SCENE = "scene"  # a scene break (***, ~~~, oOo)


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    NOTE = "note"
    SCENE_BREAK = "scene_break"


@dataclass(frozen=True)
class Metadata:
    """The story's header block, in file order; keys are kept as written (`Pairing`, `Rating`...)."""

    fields: tuple[tuple[str, str], ...] = ()
    preface: tuple[str, ...] = ()  # lines before the header block ("A companion piece for Miracles")

    def get(self, *keys: str) -> str | None:
        """The first value among `keys`, matched case-insensitively."""
        wanted = [k.casefold() for k in keys]
        for want in wanted:
            for key, value in self.fields:
                if key.casefold() == want and value:
                    return value
        return None

    @property
    def title(self) -> str | None:
        return self.get(*header_keys.TITLE)

    @property
    def author(self) -> str | None:
        return self.get(*header_keys.AUTHOR)

    def as_dict(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, value in self.fields:
            out[key] = f"{out[key]}\n{value}" if key in out else value
        if self.preface:
            out.setdefault("Preface", "\n".join(self.preface))
        return out


@dataclass(frozen=True, slots=True)  # one per paragraph
class Block:
    """One unit of the story body: a paragraph (line breaks kept where they matter), heading, note or break."""

    kind: BlockKind
    text: str = ""
    role: str = ""  # for notes from structured sources: "summary", "notes" or "end notes"


@dataclass(frozen=True)
class Chapter:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Repair:
    """A change made to the text while reading it, reported by `fic2audio plan`."""

    what: str  # e.g. "mojibake", "lost dash", "lost opening quote"
    before: str
    after: str
    line: int  # 1-based line in the decoded file, 0 when not tied to a line


@dataclass(frozen=True)
class Story:
    metadata: Metadata
    chapters: tuple[Chapter, ...]
    source_name: str  # file stem, used for the default output name
    repairs: tuple[Repair, ...] = ()
    warnings: tuple[str, ...] = ()
    encoding: str = "utf-8"

    @property
    def title(self) -> str:
        return self.metadata.title or self.source_name


@dataclass(frozen=True, slots=True)  # millions in a long book: slots keep each small
class Segment:
    """One stretch of the script read in one voice; the unit of synthesis."""

    kind: Kind
    text: str
    speaker: str | None = None
    pause: Pause = Pause.SENTENCE  # silence after this segment
    continues: bool = False  # dialogue going on from the paragraph before, whose quote was left open

    def with_speaker(self, speaker: str | None) -> Segment:
        """This segment said by `speaker`: `replace(self, speaker=speaker)`, made directly (a third of the time)."""
        return Segment(self.kind, self.text, speaker, self.pause, self.continues)


@dataclass(frozen=True)
class ScriptChapter:
    title: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Script:
    """The whole reading: the header is the first chapter."""

    metadata: Metadata
    chapters: tuple[ScriptChapter, ...]
    repairs: tuple[Repair, ...] = ()
    warnings: tuple[str, ...] = ()
    narrator_name: str | None = None  # the name the others call a first-person narrator by, when attribution found one

    def to_dict(self, segments_as_dicts: bool = True) -> dict:
        """The `fic2audio plan --json` shape. `segments_as_dicts=False` leaves each segment a `Segment`, for a
        writer that puts one in that shape itself (`segment_dict`) without a dict per segment of a long book."""
        return {
            "metadata": self.metadata.as_dict(),
            "chapters": [
                {
                    "title": ch.title,
                    "segments": [segment_dict(s) for s in ch.segments] if segments_as_dicts else list(ch.segments),
                }
                for ch in self.chapters
            ],
        }


def segment_dict(segment: Segment) -> dict[str, str | None]:
    """A segment in the plan's JSON shape."""
    # str() of a StrEnum is its value, read in C (`.value` goes through enum's slow descriptor)
    return {"kind": str(segment.kind), "text": segment.text, "speaker": segment.speaker}


@dataclass(frozen=True)
class VoiceProfile:
    """How one kind (or character) of segment is spoken."""

    engine: str = DEFAULT_ENGINE
    voice: str = "en"  # engine voice id; eSpeak variants such as "en+f3" count
    rate: int = 175  # words per minute
    volume: float = 1.0  # 0.0 - 1.0
    pitch: int = 50  # eSpeak pitch, 0 - 100
    effects: tuple[str, ...] = ()  # names from effects.EFFECTS, applied in order
    # Neural engines (Piper); None: the model's own value.
    speaker: str = ""  # a multi-speaker model's speaker, by name or number
    length_scale: float | None = None  # phoneme length (>1 slower); None: from `rate`
    noise_scale: float | None = None  # voice variation
    noise_w: float | None = None  # phoneme length variation


@dataclass(frozen=True)
class Pauses:
    """Silences in milliseconds."""

    none: int = 60
    sentence: int = 350
    line: int = 450
    paragraph: int = 750
    scene: int = 1800
    chapter: int = 2000

    def after(self, pause: Pause) -> int:
        return getattr(self, pause.value)


@dataclass(frozen=True)
class VoiceConfig:
    """A parsed voices file: a profile per kind (and per character) plus pauses."""

    kinds: tuple[tuple[Kind, VoiceProfile], ...]
    pauses: Pauses = field(default_factory=Pauses)
    characters: tuple[tuple[str, VoiceProfile], ...] = ()
    source: str = "<built-in>"

    def profile_for(self, segment: Segment) -> VoiceProfile:
        kind_profile = dict(self.kinds)[segment.kind]
        if segment.speaker:
            for name, profile in self.characters:
                if name.casefold() == segment.speaker.casefold():
                    if segment.kind is Kind.THOUGHT:
                        # their own voice, heard inside the head: the thought kind's effects and volume
                        return replace(profile, effects=kind_profile.effects, volume=kind_profile.volume)
                    return profile
        return kind_profile


@dataclass(frozen=True)
class ChapterMark:
    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Audiobook:
    path: str
    marks: tuple[ChapterMark, ...]
    duration_ms: int
    format: str
    sidecars: tuple[str, ...] = ()
    files: tuple[str, ...] = ()  # every audio file written: one, or the parts of a split book
    warnings: tuple[str, ...] = ()  # said once each: guessed encoding, unclosed quotes...


def frames_to_ms(frames: int) -> float:
    return frames * 1000 / SAMPLE_RATE


@dataclass(frozen=True, slots=True)  # one per segment: slots keep a long book's cues small
class Cue:
    """Where one segment sits in the audio, for transcripts and read-along."""

    chapter: int  # index into Script.chapters
    segment: Segment
    start_ms: float
    end_ms: float


@dataclass(frozen=True)
class Rendered:
    """One output file's chapter marks and segment cues."""

    marks: tuple[ChapterMark, ...]
    cues: tuple[Cue, ...]
    frames: int
    sample_rate: int = SAMPLE_RATE

    @property
    def duration_ms(self) -> float:
        return self.frames * 1000 / self.sample_rate


@dataclass(frozen=True)
class EncodedChapter:
    """One chapter's encoded part and where its segments fall inside it."""

    path: Path
    samples: int  # what the part decodes to, encoder delay and padding included
    clip_frames: tuple[int, ...]  # each segment's clip
    pause_frames: tuple[int, ...]  # the silence after each segment
    tail_frames: int  # the silence after the chapter
    head_frames: int = 0  # the silence before its first word

    def manifest(self) -> dict:
        return {
            "samples": self.samples,
            "clips": list(self.clip_frames),
            "pauses": list(self.pause_frames),
            "tail": self.tail_frames,
            "head": self.head_frames,
        }
