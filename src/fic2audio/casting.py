"""Characters -> voices: the cast file (voices/cast.toml) and the automatic cast for everyone it leaves out.

Every speaker gets a voice of their own that stays the same through the book; the narrator's voice is
never given to a character. Voices differ by the engine's variants of the dialogue voice (eSpeak's
en+m3, en+f2...), which change the timbre, then by pitch and rate once the variants of a gender are
used up; an engine without variants tells voices apart by pitch alone. A multi-speaker Piper model's
speakers are its variants (MODEL:SPEAKER, of the character's gender where the model card says); with a
single-speaker model the cast file says plainly that only pitch and pace differ.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from .atomic import write_atomic
from .characters import GENDERS, NARRATOR, ROLE_FOR_GENDER, Character
from .engines import get_engine, single_speaker
from .errors import OutputError, UsageError
from .model import Kind, Script, VoiceConfig, VoiceProfile
from .voices import PROFILE_KEYS, check_profiles, parse_profile, parse_toml, read_settings_file, reject_unknown_keys

DEFAULT_CAST = Path("voices") / "cast.toml"
_GENDER_OF_ROLE = {role: gender for gender, role in ROLE_FOR_GENDER.items()}
# Without variants (an engine that has none) the pitch alone tells voices apart: low for men, high for women.
_PITCHES = {"male": (32, 24, 40, 18, 46), "female": (70, 78, 62, 86, 56), None: (55, 36, 66, 28, 74)}
_PITCH_STEPS = (62, 38, 74, 28, 50)  # pitch on top of a variant, one per round; first well off the narrator's 45
_RATE_STEPS = (0, -12, 12, -20, 20)  # words per minute added to the dialogue rate, one per round
MAX_ROUNDS = 200  # past this many automatic voices for one gender, voices may repeat


@dataclass(frozen=True)
class CastMember:
    character: Character
    settings: tuple[tuple[str, object], ...] = ()  # voice profile keys the file gives


@dataclass(frozen=True)
class Cast:
    """A parsed cast file: characters with optional gender, aliases and voice settings."""

    members: tuple[CastMember, ...] = ()
    source: str = "<automatic>"

    @property
    def characters(self) -> tuple[Character, ...]:
        return tuple(m.character for m in self.members)


def load_cast(path: str | os.PathLike[str] | None = None) -> Cast:
    """Parse a cast file; with no path, `voices/cast.toml` here when present, else an empty cast."""
    if path is None:
        if not DEFAULT_CAST.is_file():
            return Cast()
        path = DEFAULT_CAST
    return parse_cast(read_settings_file(path, "cast"), str(path))


def parse_cast(text: str, source: str) -> Cast:
    data = parse_toml(text, source)
    reject_unknown_keys(data, {"characters"}, source, "")
    table = data.get("characters", {})
    if not isinstance(table, dict):
        raise UsageError(f"{source}: [characters] must be a table")
    members = []
    for name, entry in table.items():
        where = f"characters.{name}"
        if not isinstance(entry, dict):
            raise UsageError(f"{source}: [{where}] must be a table")
        reject_unknown_keys(entry, PROFILE_KEYS | {"gender", "aliases"}, source, f"{where}.")
        gender = entry.get("gender", "unknown")
        if gender not in (*GENDERS, "unknown"):
            raise UsageError(f'{source}: {where}.gender must be "male", "female" or "unknown", not {gender!r}')
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise UsageError(f"{source}: {where}.aliases must be a list of names")
        settings = {k: v for k, v in entry.items() if k in PROFILE_KEYS}
        parse_profile(settings, VoiceProfile(), source, where)  # validates ranges and names now, with the file named
        character = Character(name, tuple(aliases), None if gender == "unknown" else gender)
        members.append(CastMember(character, tuple(settings.items())))
    return Cast(tuple(members), source)


def speakers_in_order(script: Script) -> list[tuple[str, int]]:
    """(speaker, lines) for everyone who speaks or thinks, in order of first appearance."""
    counts: Counter[str] = Counter()
    for chapter in script.chapters:
        for segment in chapter.segments:
            if segment.speaker:
                counts[segment.speaker] += 1
    return list(counts.items())


def cast_voices(voices: VoiceConfig, script: Script, characters: list[Character], cast: Cast = Cast()) -> VoiceConfig:
    """`voices` with a profile for every speaker in `script`: the cast file's, the voices file's, or an automatic one."""
    return replace(
        voices, characters=tuple(assign_voices(voices, [s for s, _ in speakers_in_order(script)], characters, cast).items())
    )


def assign_voices(
    voices: VoiceConfig, speakers: list[str], characters: list[Character], cast: Cast = Cast()
) -> dict[str, VoiceProfile]:
    """A profile per speaker: the cast file's settings (on top of the dialogue voice), else the voices
    file's [characters], else the next automatic voice for their gender that nobody has yet."""
    kinds = dict(voices.kinds)
    dialogue, narration = kinds[Kind.DIALOGUE], kinds[Kind.NARRATION]
    genders = {c.name.casefold(): c.gender for c in characters}
    genders.update({c.name.casefold(): c.gender for c in cast.characters if c.gender})
    chosen: dict[str, VoiceProfile] = {}
    for member in cast.members:
        if member.settings:
            chosen[member.character.name] = _member_profile(dialogue, member)
    for name, profile in voices.characters:
        chosen.setdefault(name, profile)
    taken = {_identity(narration), _identity(dialogue)} | {_identity(p) for p in chosen.values()}
    engine = get_engine(dialogue.engine)
    variants: dict[str | None, list[str]] = {}  # the engine's variants of the dialogue voice, per gender
    rounds: Counter[str | None] = Counter()  # automatic voices handed out so far, per gender
    folded = {name.casefold() for name in chosen}
    for speaker in [*(m.character.name for m in cast.members), *speakers]:
        if speaker.casefold() in folded:
            continue
        folded.add(speaker.casefold())
        if speaker == NARRATOR:
            chosen[speaker] = narration  # the first-person narrator speaks in the narration voice
            continue
        gender = genders.get(speaker.casefold(), _GENDER_OF_ROLE.get(speaker))
        if gender not in variants:
            variants[gender] = engine.voice_variants(dialogue.voice, gender)
        while True:
            profile = _automatic(dialogue, gender, rounds[gender], variants[gender])
            rounds[gender] += 1
            if _identity(profile) not in taken or rounds[gender] > MAX_ROUNDS:
                break
        taken.add(_identity(profile))
        chosen[speaker] = profile
    return chosen


def _member_profile(dialogue: VoiceProfile, member: CastMember) -> VoiceProfile:
    """The cast file's settings for `member`, on top of the dialogue voice."""
    return replace(dialogue, **{k: (tuple(v) if k == "effects" else v) for k, v in member.settings})  # type: ignore[arg-type]


def check_cast(voices: VoiceConfig, cast: Cast) -> None:
    """Fail, naming the cast file, when it gives a character an engine or voice that does not exist."""
    dialogue = dict(voices.kinds)[Kind.DIALOGUE]
    check_profiles([_member_profile(dialogue, m) for m in cast.members if m.settings], cast.source)


def _identity(profile: VoiceProfile) -> tuple:
    return (profile.engine, profile.voice.casefold(), profile.pitch, profile.rate)


def _automatic(dialogue: VoiceProfile, gender: str | None, index: int, pool: list[str]) -> VoiceProfile:
    if pool:
        step = index // len(pool)
        return replace(
            dialogue,
            voice=pool[index % len(pool)],
            pitch=_PITCH_STEPS[step % len(_PITCH_STEPS)],
            rate=max(80, dialogue.rate + _RATE_STEPS[step % len(_RATE_STEPS)]),
        )
    pitches = _PITCHES[gender]
    step = index // len(pitches)
    return replace(
        dialogue,
        pitch=pitches[index % len(pitches)],
        rate=max(80, dialogue.rate + _RATE_STEPS[step % len(_RATE_STEPS)]),
    )


def cast_note(voices: VoiceConfig) -> str | None:
    """A plain warning when the dialogue voice can tell characters apart only by pitch and pace."""
    dialogue = dict(voices.kinds)[Kind.DIALOGUE]
    if not single_speaker(dialogue):
        return None
    return f"{dialogue.engine} voice {dialogue.voice!r} has a single speaker: characters differ only by pitch and pace"


def cast_file_text(
    voices: VoiceConfig, script: Script, characters: list[Character], cast: Cast = Cast()
) -> tuple[str, list[str]]:
    """A starting cast file (and the names in it): every character and speaker, their gender and automatic voice."""
    lines_by = dict(speakers_in_order(script))
    names = list(dict.fromkeys([*(c.name for c in characters), *lines_by]))
    names = [n for n in names if n != NARRATOR]
    profiles = assign_voices(voices, names, characters, cast)
    genders = {c.name: c.gender for c in characters}
    note = cast_note(voices)
    out = [
        '# fic2audio cast: one [characters."Name"] table per character. Edit freely:',
        '#   gender   "male", "female" or "unknown" (found from pronouns near the name)',
        "#   aliases  other names the text uses for them",
        "#   voice, pitch, rate, volume, effects  as in voices/default.toml (`fic2audio voices` lists voices)",
        '# "he" and "she" are speakers the story never names.',
        *([f"# Note: {note}."] if note else []),
        "",
    ]
    for name in names:
        profile = profiles.get(name)
        gender = genders.get(name) or _GENDER_OF_ROLE.get(name) or "unknown"
        count = lines_by.get(name, 0)
        out.append(f"[characters.{_quote(name)}]  # {count} line{'' if count == 1 else 's'} attributed")
        out.append(f"gender = {_quote(gender)}")
        aliases = next((c.aliases for c in characters if c.name == name), ())
        if aliases:
            out.append(f"aliases = [{', '.join(_quote(a) for a in aliases)}]")
        if profile:
            out.append(f"voice = {_quote(profile.voice)}")
            out.append(f"pitch = {profile.pitch}")
            out.append(f"rate = {profile.rate}")
        out.append("")
    return "\n".join(out), names


def write_cast_file(path: Path, text: str, *, force: bool = False) -> None:
    """Write the cast file atomically; an existing one is kept unless `force`."""
    if path.exists() and not force:
        raise OutputError(f"{path}: already exists; edit it, or pass --force to replace it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text, private=True)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write the cast file ({exc.strerror or exc})") from None


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
