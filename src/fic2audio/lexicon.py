"""Pronunciation lexicons: words eSpeak says wrong, mapped to respellings or phonemes it says right.

Two files are read, later entries winning: `voices/lexicon.toml` under the current folder (or the
built-in one) and `<story>.lexicon.toml` beside the story. Entries apply to whole words. A key with a
capital letter is a name and matches only as written or in capitals (`Will` is not `will`); an
all-lowercase key matches in any case.

    emoji = "name"          # or "drop": emoji and emoticons spoken by name, or left out
    [words]
    Giles = "Jyles"
    Hermione = "[[h3:m'aI@ni]]"   # eSpeak NG phonemes; `fic2audio phonemes WORD` shows eSpeak's own
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import UsageError
from .words import longest_first

LEXICON_NAME = "lexicon.toml"
STORY_LEXICON_SUFFIX = ".lexicon.toml"
_TOP_KEYS = {"emoji", "words"}
PHONEMES_OPEN, PHONEMES_CLOSE = "[[", "]]"  # eSpeak NG's marks for phoneme input
EMOJI_CHOICES = ("name", "drop")  # what emoji and emoticons become: their name spoken, or nothing


@dataclass(frozen=True)
class Lexicon:
    """Respellings, in the order they were read; later entries for the same word win."""

    entries: tuple[tuple[str, str], ...] = ()

    def apply(self, text: str) -> str:
        if not self.entries:
            return text
        pattern, table = _compiled(self.entries)
        return pattern.sub(lambda m: _respelling(m.group(0), table), text)

    def merged(self, other: Lexicon) -> Lexicon:
        return Lexicon(self.entries + other.entries)


def _respelling(found: str, table: dict[str, list[tuple[str, str]]]) -> str:
    """The respelling for `found`: an entry written exactly so, then a name in capitals, then a lowercase key."""
    candidates = table.get(found.casefold(), ())
    for key, spoken in candidates:
        if key == found:
            return spoken
    for key, spoken in candidates:
        if not key.islower() and key.upper() == found:
            return spoken
    for key, spoken in candidates:
        if key.islower():
            return spoken
    return found


_CACHE: dict[tuple[tuple[str, str], ...], tuple[re.Pattern[str], dict]] = {}


def _compiled(entries: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict]:
    if entries not in _CACHE:
        table: dict[str, list[tuple[str, str]]] = {}
        for key, spoken in entries:
            bucket = table.setdefault(key.casefold(), [])
            bucket[:] = [(k, s) for k, s in bucket if k != key]  # a later file overrides an earlier entry
            bucket.append((key, spoken))
        words = longest_first({k for k, _ in entries})
        alternation = "|".join(re.escape(w) for w in words)
        _CACHE[entries] = (re.compile(rf"(?<![\w'’])(?:{alternation})(?![\w])", re.IGNORECASE), table)
    return _CACHE[entries]


@dataclass(frozen=True)
class LexiconFile:
    lexicon: Lexicon
    emoji: str | None  # None when the file does not say


def parse_lexicon(text: str, source: str) -> LexiconFile:
    """Parse one lexicon file; unknown keys and non-text respellings are errors naming the file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{source}: not valid TOML ({exc})") from None
    for key in data:
        if key not in _TOP_KEYS:
            raise UsageError(f"{source}: unknown key '{key}' (allowed: {', '.join(sorted(_TOP_KEYS))})")
    emoji = data.get("emoji")
    if emoji is not None and emoji not in EMOJI_CHOICES:
        raise UsageError(f"{source}: emoji must be one of {', '.join(EMOJI_CHOICES)}, not {emoji!r}")
    words = data.get("words", {})
    if not isinstance(words, dict):
        raise UsageError(f'{source}: [words] must be a table of word = "respelling"')
    entries = []
    for word, spoken in words.items():
        if not isinstance(spoken, str) or not spoken.strip():
            raise UsageError(f"{source}: words.{word} must be a respelling in quotes, not {spoken!r}")
        if not word.strip() or not re.search(r"\w", word):
            raise UsageError(f"{source}: '{word}' is not a word to respell")
        _check_phonemes(spoken.strip(), f"{source}: words.{word}")
        entries.append((word.strip(), spoken.strip()))
    return LexiconFile(Lexicon(tuple(entries)), emoji)


def _check_phonemes(spoken: str, where: str) -> None:
    """A value is a respelling, or phonemes wholly inside `[[ ]]`; half-marked phonemes are a typo."""
    marks = spoken.count(PHONEMES_OPEN) + spoken.count(PHONEMES_CLOSE)
    if not marks:
        return
    inner = spoken[len(PHONEMES_OPEN) : -len(PHONEMES_CLOSE)]
    if not (spoken.startswith(PHONEMES_OPEN) and spoken.endswith(PHONEMES_CLOSE)) or marks != 2 or not inner.strip():
        raise UsageError(f'{where}: phonemes go wholly inside one pair of [[ ]], like "[[h3:m\'aI@ni]]"; got {spoken!r}')


def _read(path: Path) -> LexiconFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read lexicon ({exc})") from None
    return parse_lexicon(text, str(path))


def story_lexicon_path(story: str | os.PathLike[str]) -> Path:
    """`stories/For_Her.txt` -> `stories/For_Her.lexicon.toml`."""
    story_path = Path(story)
    return story_path.with_name(story_path.stem + STORY_LEXICON_SUFFIX)


def _is_file(path: Path) -> bool:
    """Path.is_file, but False for a name the file system cannot hold (a story named near the limit)."""
    try:
        return path.is_file()
    except OSError:
        return False


def load_lexicons(story: str | os.PathLike[str] | None = None) -> list[LexiconFile]:
    """The shared lexicon (voices/lexicon.toml here, else the built-in one), then the story's own."""
    files = []
    local = Path("voices") / LEXICON_NAME
    if local.is_file():
        files.append(_read(local))
    else:
        built_in = resources.files("fic2audio").joinpath(f"data/{LEXICON_NAME}").read_text(encoding="utf-8")
        files.append(parse_lexicon(built_in, f"<built-in {LEXICON_NAME}>"))
    if story is not None and _is_file(story_lexicon_path(story)):
        files.append(_read(story_lexicon_path(story)))
    return files
