"""Characters -> voices: the cast file (voices/cast.toml) and the automatic cast for everyone it leaves out.

Every speaker gets a voice of their own that stays the same through the book; the narrator's voice is
never given to a character. Voices differ by the engine's variants of the dialogue voice (eSpeak's
en+m3, en+f2...), which change the timbre, then by pitch and rate once the variants of a gender are
used up; an engine without variants tells voices apart by pitch alone. A multi-speaker Piper model's
speakers are its variants (MODEL:SPEAKER, of the character's gender where the model card says); with a
single-speaker model the cast file says plainly that only pitch and pace differ.
"""

from __future__ import annotations

import json
import math
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
# Median pitches automatic voices are given, by gender: where each sounds natural.
_PITCH_RANGE_HZ = {"male": (68.0, 176.0), "female": (150.0, 330.0), None: (85.0, 260.0)}
# Semitones wanted between the median pitches of any two voices, by how many automatic voices a gender
# needs: 2.5 tell voices apart, more is margin for how a sentence's pitch wanders from the voice's
# median; six men and the narrator fit in a man's range (68-176 Hz, 16 semitones) only at about 2.6.
SPREAD_SEMITONES = {1: 4.0, 2: 3.5, 3: 3.5, 4: 3.0, 5: 2.75}
MAIN_CAST_SPREAD = 2.55  # past the main cast, voices placed one at a time
MAIN_CAST = 6  # voices of one gender laid out together, as far apart as they fit


@dataclass(frozen=True)
class CastMember:
    character: Character
    settings: tuple[tuple[str, object], ...] = ()  # voice profile keys the file gives


@dataclass(frozen=True)
class Cast:
    """A parsed cast file: characters with optional gender, aliases and voice settings."""

    members: tuple[CastMember, ...] = ()
    source: str = "<automatic>"
    story: str | None = None  # the title of the story it was written for; None: any story
    found_here: bool = False  # read from voices/cast.toml by default, not named by --cast

    @property
    def characters(self) -> tuple[Character, ...]:
        return tuple(m.character for m in self.members)


def load_cast(path: str | os.PathLike[str] | None = None) -> Cast:
    """Parse a cast file; with no path, `voices/cast.toml` here when present, else an empty cast."""
    if path is None:
        if not DEFAULT_CAST.is_file():
            return Cast()
        return replace(load_cast(DEFAULT_CAST), found_here=True)
    return parse_cast(read_settings_file(path, "cast"), str(path))


def parse_cast(text: str, source: str) -> Cast:
    data = parse_toml(text, source)
    reject_unknown_keys(data, {"characters", "story"}, source, "")
    story = data.get("story")
    if story is not None and (not isinstance(story, str) or not story.strip()):
        raise UsageError(f"{source}: story must be the title of the story the cast is for")
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
    return Cast(tuple(members), source, story)


def cast_for_story(cast: Cast, title: str) -> tuple[Cast, str | None]:
    """The cast to use for the story called `title`, and a warning where it was written for another one. The
    voices/cast.toml that `fic2audio cast` left for one story would otherwise cast the next story read here with
    the first one's people: on PDNC dev, one novel's cast file in place took precision from 0.926 to 0.901."""
    if cast.story is None or _same_title(cast.story, title):
        return cast, None
    if cast.found_here:
        return Cast(), (
            f'{cast.source} is the cast of "{cast.story}", not of "{title}": not used (--cast {cast.source} uses it anyway)'
        )
    return cast, f'{cast.source} is the cast of "{cast.story}", not of "{title}": used, as --cast asks'


def _same_title(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


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
    by_lines = sorted(speakers_in_order(script), key=lambda item: -item[1])  # the main cast is cast first, farthest apart
    return replace(voices, characters=tuple(assign_voices(voices, [s for s, _ in by_lines], characters, cast).items()))


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
    # Pitches already heard: the narrator's and every voice a file fixed. Automatic voices are placed
    # as far from these, and from each other, as the gender's range allows.
    heard = [hz for hz in (engine.pitch_hz(p) for p in (narration, *chosen.values())) if hz]
    # The voices of lines nobody is named for (unattributed dialogue and thoughts) are kept clear of too,
    # where there is room: by 2.5 semitones, after the characters' own spacing.
    unnamed = [hz for hz in (engine.pitch_hz(kinds[k]) for k in (Kind.DIALOGUE, Kind.THOUGHT)) if hz]
    spread = engine.pitch_hz(dialogue) is not None
    rounds: Counter[str | None] = Counter()  # automatic voices handed out so far, per gender
    ladders: dict[str | None, list[VoiceProfile]] = {}
    folded = {name.casefold() for name in chosen}
    order = list(dict.fromkeys([*(m.character.name for m in cast.members), *speakers]))
    wanted = Counter(
        genders.get(s.casefold(), _GENDER_OF_ROLE.get(s)) for s in order if s.casefold() not in folded and s != NARRATOR
    )
    for speaker in order:
        if speaker.casefold() in folded:
            continue
        folded.add(speaker.casefold())
        if speaker == NARRATOR:
            chosen[speaker] = narration  # the first-person narrator speaks in the narration voice
            continue
        gender = genders.get(speaker.casefold(), _GENDER_OF_ROLE.get(speaker))
        if gender not in variants:
            variants[gender] = engine.voice_variants(dialogue.voice, gender)
        if spread and wanted[gender] >= len(SPREAD_SEMITONES) and gender not in ladders:
            # Many voices of one gender: packing them one at a time wastes room, so the main cast's
            # pitches are laid out together, as far apart as the range allows.
            ladders[gender] = _ladder(dialogue, gender, min(wanted[gender], MAIN_CAST), variants[gender], heard, engine)
        if spread and ladders.get(gender):
            centre = math.sqrt(math.prod(_PITCH_RANGE_HZ[gender]))
            profile = min(
                ladders[gender], key=lambda p: abs(math.log2((engine.pitch_hz(p) or centre) / centre))
            )  # the main part in the middle
            ladders[gender].remove(profile)
            rounds[gender] += 1
            heard.append(engine.pitch_hz(profile) or 0.0)
        elif spread:
            apart = SPREAD_SEMITONES.get(wanted[gender], MAIN_CAST_SPREAD)
            profile = _spread_voice(dialogue, gender, rounds[gender], variants[gender], heard, engine, apart, unnamed)
            rounds[gender] += 1
            heard.append(engine.pitch_hz(profile) or 0.0)
        else:
            while True:
                profile = _automatic(dialogue, gender, rounds[gender], variants[gender])
                rounds[gender] += 1
                if _identity(profile) not in taken or rounds[gender] > MAX_ROUNDS:
                    break
        taken.add(_identity(profile))
        chosen[speaker] = profile
    return chosen


def _candidates(dialogue: VoiceProfile, gender: str | None, pool: list[str], engine) -> list[tuple[float, int, VoiceProfile]]:
    """(median pitch, variant's rank, profile) for each variant of `pool` (else the dialogue voice)
    at each pitch setting, inside the gender's range."""
    low, high = _PITCH_RANGE_HZ[gender]
    found = []
    for rank, voice in enumerate(pool or [dialogue.voice]):
        for pitch in range(100):
            profile = replace(dialogue, voice=voice, pitch=pitch)
            hz = engine.pitch_hz(profile)
            if hz is not None and low <= hz <= high:
                found.append((hz, rank, profile))
    return found


def _ladder(
    dialogue: VoiceProfile, gender: str | None, count: int, pool: list[str], heard: list[float], engine
) -> list[VoiceProfile]:
    """`count` voices for `gender` whose closest pair (and closest to any pitch `heard`) is as far
    apart as the gender's range allows: the widest spacing at which voices laid from the bottom of the
    range up, each the lowest far enough from the last, still fit. Unused variants are preferred
    among voices of about the same pitch, for timbre."""
    candidates = sorted(_candidates(dialogue, gender, pool, engine), key=lambda c: (c[0], c[1]))

    def lay(spacing: float) -> list[tuple[float, int, VoiceProfile]] | None:
        laid: list[tuple[float, int, VoiceProfile]] = []
        for n, (hz, rank, profile) in enumerate(candidates):
            if laid and 12 * math.log2(hz / laid[-1][0]) < spacing or any(abs(12 * math.log2(hz / h)) < spacing for h in heard):
                continue
            used = {r for _, r, _ in laid}
            # about the same pitch (a fifth of a semitone), in a variant not used yet, when there is one
            near = [
                c
                for c in candidates[n : n + 40]
                if 12 * math.log2(c[0] / hz) < 0.2 and not any(abs(12 * math.log2(c[0] / h)) < spacing for h in heard)
            ]
            laid.append(next((c for c in near if c[1] not in used), (hz, rank, profile)))
            if len(laid) == count:
                return laid
        return None

    best: list[tuple[float, int, VoiceProfile]] = []
    spacing, step = 0.0, 2.0
    while step > 0.02:  # the widest spacing that fits, to a fiftieth of a semitone
        laid = lay(spacing + step)
        if laid is not None:
            spacing, best = spacing + step, laid
        else:
            step /= 2
    return [profile for _, _, profile in best]


def _spread_voice(
    dialogue: VoiceProfile,
    gender: str | None,
    index: int,
    pool: list[str],
    heard: list[float],
    engine,
    wanted_apart: float,
    unnamed: list[float],
) -> VoiceProfile:
    """The voice for the next speaker of `gender`: a pitch in the gender's range at least
    `wanted_apart` semitones from every pitch already `heard` (else as far as can be), nearest the
    range's middle, spoken by the next of the gender's variants that can reach it (each variant has
    its own timbre; with none, the dialogue voice at that pitch)."""
    low, high = _PITCH_RANGE_HZ[gender]
    centre = math.sqrt(low * high)
    size = max(1, len(pool))
    best: tuple[tuple, VoiceProfile] | None = None
    for hz, rank, candidate in _candidates(dialogue, gender, pool, engine):
        turn = (rank - index) % size
        apart = min((abs(12 * math.log2(hz / other)) for other in heard), default=99.0)
        clear = min((abs(12 * math.log2(hz / other)) for other in unnamed), default=99.0)
        # Enough distance first (beyond it, no more is needed), from the unnamed voices next; then the
        # variant whose turn it is, for timbre; then a pitch near the middle of the range.
        score = (min(apart, wanted_apart), min(clear, 2.5), -turn, -abs(math.log2(hz / centre)))
        if best is None or score > best[0]:
            best = (score, candidate)
    return best[1] if best is not None else _automatic(dialogue, gender, index, pool)


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
    voices: VoiceConfig, script: Script, characters: list[Character], cast: Cast = Cast(), story: str | None = None
) -> tuple[str, list[tuple[str, str]]]:
    """A starting cast file for the story titled `story`, and each voice in it (the narrator's last) with its
    pitch: every character and speaker, their gender and automatic voice."""
    lines_by = dict(speakers_in_order(script))
    names = list(dict.fromkeys([*(c.name for c in characters), *lines_by]))
    names = [n for n in names if n != NARRATOR]
    # those who speak first, in the story's order; those only named after them (a novel names two or three for each
    # one it gives a line: 29 of Mansfield Park's 49), kept for the gender and aliases the rules read
    names = [n for n in names if lines_by.get(n)] + [n for n in names if not lines_by.get(n)]
    narration = dict(voices.kinds)[Kind.NARRATION]
    # voices handed out most lines first, as a render does
    profiles = assign_voices(voices, sorted(names, key=lambda n: -lines_by.get(n, 0)), characters, cast)
    genders = {c.name: c.gender for c in characters}
    note = cast_note(voices)
    called = f" ({narrator_called(script)})" if script.narrator_name else ""
    out = [
        '# fic2audio cast: one [characters."Name"] table per character. Edit freely:',
        '#   gender   "male", "female" or "unknown" (found from pronouns near the name)',
        "#   aliases  other names the text uses for them",
        "#   voice, pitch, rate, volume, effects  as in voices/default.toml (`fic2audio voices` lists voices)",
        '# "he" and "she" are speakers the story never names. Each voice\'s median pitch is noted beside it:',
        "# voices 2.5 semitones apart (about 15 % in pitch) or more are easy to tell apart.",
        f"# The narrator{called}: {pitch_label(narration)}",
        *([f"# Note: {note}."] if note else []),
        "",
    ]
    if story:
        out += [
            "# The story this cast is for: as voices/cast.toml it is left out for a story of another title.",
            "# Delete this line to use it for any story.",
            f"story = {_quote(story)}",
            "",
        ]
    first_unheard = next((n for n in names if not lines_by.get(n)), None)
    for name in names:
        if name == first_unheard:
            out += ["# Named in the story but given no line: their gender and aliases still guide who says what.", ""]
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
            hz = get_engine(profile.engine).pitch_hz(profile)
            out.append(f"pitch = {profile.pitch}" + (f"  # about {hz:.0f} Hz" if hz else ""))
            out.append(f"rate = {profile.rate}")
        out.append("")
    return "\n".join(out), [(name, pitch_label(profiles[name])) for name in names if name in profiles] + [
        (NARRATOR, pitch_label(narration))
    ]


def narrator_called(script: Script) -> str:
    """How `plan` and the cast file name a first-person narrator the others call by name (not a character of its own)."""
    return f'the story\'s "I", whom the others call {script.narrator_name}'


def pitch_label(profile: VoiceProfile) -> str:
    """`voice, pitch N, about H Hz` for a listing."""
    hz = get_engine(profile.engine).pitch_hz(profile)
    return f"{profile.voice}, pitch {profile.pitch}" + (f", about {hz:.0f} Hz" if hz else "")


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
    # a TOML basic string: JSON's escapes are TOML's, and TOML forbids DEL raw too
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
