"""Voices files -> VoiceConfig, checked against the engines; the engines' voices and readings, for the CLI."""

from __future__ import annotations

import io
import os
import re
import tomllib
import wave
from dataclasses import fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from .atomic import write_atomic
from .effects import EFFECTS
from .engines import VoiceInfo, check_profile, default_voice, engine_names, get_engine
from .errors import OutputError, UsageError
from .model import DEFAULT_ENGINE, Kind, Pauses, VoiceConfig, VoiceProfile

PROFILE_KEYS = {f.name for f in fields(VoiceProfile)}
_PAUSE_KEYS = {f.name for f in fields(Pauses)}
_RANGES = {
    "rate": (80, 450),
    "pitch": (0, 99),
    "volume": (0.0, 1.0),
    "length_scale": (0.1, 5.0),
    "noise_scale": (0.0, 2.0),
    "noise_w": (0.0, 2.0),
}
_FRACTIONAL = {"volume", "length_scale", "noise_scale", "noise_w"}
MAX_PAUSE_MS = 60_000


def default_voices_path() -> Path | None:
    """`voices/default.toml` under the current folder when present (the user's edits win)."""
    local = Path("voices") / "default.toml"
    return local if local.is_file() else None


def load_voices(path: str | os.PathLike[str] | None = None) -> VoiceConfig:
    """Parse a voices file; with no path, `voices/default.toml` here, else the built-in defaults."""
    if path is None:
        path = default_voices_path()
    if path is None:
        text = resources.files("fic2audio").joinpath("data/default.toml").read_text(encoding="utf-8")
        return parse_voices(text, "<built-in default.toml>")
    return parse_voices(read_settings_file(path, "voices"), str(path))


def read_settings_file(path: str | os.PathLike[str], what: str) -> str:
    """The text of a settings file (voices, cast...), or a UsageError naming the file and the problem."""
    file = Path(path)
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{file}: {what} file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{file}: cannot read {what} file ({exc})") from None


def parse_toml(text: str, source: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{source}: not valid TOML ({exc})") from None


def parse_voices(text: str, source: str) -> VoiceConfig:
    data = parse_toml(text, source)
    reject_unknown_keys(data, {"pauses", "kinds", "characters"}, source, "")
    pauses = _pauses(data.get("pauses", {}), source)
    kinds_table = _table(data.get("kinds", {}), source, "kinds")
    reject_unknown_keys(kinds_table, {k.value for k in Kind}, source, "kinds.")
    base = parse_profile(kinds_table.get("narration", {}), VoiceProfile(), source, "kinds.narration")
    kinds = tuple((kind, parse_profile(kinds_table.get(kind.value, {}), base, source, f"kinds.{kind.value}")) for kind in Kind)
    characters_table = _table(data.get("characters", {}), source, "characters")
    dialogue = dict(kinds)[Kind.DIALOGUE]
    characters = tuple(
        (name, parse_profile(table, dialogue, source, f"characters.{name}")) for name, table in characters_table.items()
    )
    return VoiceConfig(kinds=kinds, pauses=pauses, characters=characters, source=source)


def _table(value: object, source: str, where: str) -> dict:
    if not isinstance(value, dict):
        raise UsageError(f"{source}: [{where}] must be a table")
    return value


def reject_unknown_keys(table: dict, allowed: set[str], source: str, prefix: str) -> None:
    for key in table:
        if key not in allowed:
            raise UsageError(f"{source}: unknown key '{prefix}{key}' (allowed: {', '.join(sorted(allowed))})")


def _pauses(table: object, source: str) -> Pauses:
    table = _table(table, source, "pauses")
    reject_unknown_keys(table, _PAUSE_KEYS, source, "pauses.")
    for key, value in table.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_PAUSE_MS:
            raise UsageError(f"{source}: pauses.{key} must be a whole number of milliseconds 0-{MAX_PAUSE_MS}, not {value!r}")
    return Pauses(**table)


def parse_profile(table: object, base: VoiceProfile, source: str, where: str) -> VoiceProfile:
    table = _table(table, source, where)
    reject_unknown_keys(table, PROFILE_KEYS, source, f"{where}.")
    for key, value in table.items():
        if key in ("engine", "voice") and not (isinstance(value, str) and value.strip()):
            raise UsageError(f"{source}: {where}.{key} must be a non-empty string")
        if key in _RANGES:
            low, high = _RANGES[key]
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            if not numeric or not low <= value <= high or (key not in _FRACTIONAL and not isinstance(value, int)):
                raise UsageError(f"{source}: {where}.{key} must be a number {low}-{high}, not {value!r}")
        if key == "speaker" and not (
            (isinstance(value, str) and value.strip()) or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)
        ):
            raise UsageError(f"{source}: {where}.speaker must be a speaker's name or number, not {value!r}")
        if key == "effects":
            if not isinstance(value, list) or any(e not in EFFECTS for e in value):
                raise UsageError(f"{source}: {where}.effects must be a list of {', '.join(EFFECTS)}; got {value!r}")
    values: dict[str, Any] = {k: (tuple(v) if k == "effects" else v) for k, v in table.items()}
    for key in _FRACTIONAL & values.keys():
        values[key] = float(values[key])
    if "speaker" in values:
        values["speaker"] = str(values["speaker"])
    return replace(base, **values)


def with_engine(config: VoiceConfig, engine: str | None) -> VoiceConfig:
    """`config` with every profile on `engine` (`--engine`); profiles moved from another engine take its
    default voice and keep their rate, pitch, volume and effects."""
    if engine is None:
        return config
    voice = default_voice(engine)

    def moved(profile: VoiceProfile) -> VoiceProfile:
        return profile if profile.engine == engine else replace(profile, engine=engine, voice=voice, speaker="")

    return replace(
        config,
        kinds=tuple((kind, moved(p)) for kind, p in config.kinds),
        characters=tuple((name, moved(p)) for name, p in config.characters),
    )


def check_voices(voices: VoiceConfig) -> None:
    """Fail before any audio is made when a profile names an engine or voice that does not exist."""
    check_profiles([profile for _, profile in (*voices.kinds, *voices.characters)], voices.source)


def check_profiles(profiles: list[VoiceProfile], source: str) -> None:
    for profile in profiles:
        try:
            check_profile(profile)
        except UsageError as exc:
            raise UsageError(f"{source}: {exc}") from None  # name the file to fix


def available_voices(language: str | None = None, engine: str | None = None) -> list[tuple[str, VoiceInfo]]:
    """(engine name, voice) for every voice a voices file can name, of `engine` when given, those speaking
    `language` (en matches en, en-us, en-gb-x-rp...) when given; variants, which suit every language,
    always. An engine whose extra is not installed lists nothing, unless it was asked for by name."""
    wanted = language.casefold() if language else None
    found = []
    for name in [engine] if engine else engine_names():
        try:
            voices = get_engine(name).voices()
        except UsageError:
            if engine:
                raise
            continue
        for voice in voices:
            spoken = [lang.casefold() for lang in voice.languages]
            if voice.variant or wanted is None or any(lang == wanted or lang.startswith(wanted + "-") for lang in spoken):
                found.append((name, voice))
    return found


def phonemes(text: str, voice: str, engine: str = DEFAULT_ENGINE) -> str:
    """How `engine` reads `text` in `voice`, in the phoneme notation a lexicon's `[[ ]]` takes."""
    return get_engine(engine).phonemes(text, voice)


SAMPLE_SENTENCE = 'This is {voice}. "Are you awake?" Ana asked, and the kettle sang.'
SPEED_RANGE = (0.5, 2.5)  # --speed: slower than half or faster than 2.5x is not speech a listener follows


def override_voices(
    config: VoiceConfig, voice: str | None = None, rate: int | None = None, speed: float | None = None
) -> VoiceConfig:
    """The voices file as changed by --voice, --rate and --speed.

    `voice` replaces every kind's voice (a kind's eSpeak variant, `+f3`, is kept), so the narration
    and the automatic cast, which varies the dialogue voice, start from it. `rate` is the narration's
    words per minute, the other kinds and characters moved in proportion; `speed` multiplies every rate.
    """
    if rate is not None and speed is not None:
        raise UsageError("give --rate or --speed, not both")
    if voice is not None and not voice.strip():
        raise UsageError("--voice needs a voice id; `fic2audio voices` lists them")
    low, high = _RANGES["rate"]
    if rate is not None and not low <= rate <= high:
        raise UsageError(f"--rate must be {low}-{high} words per minute, not {rate}")
    if speed is not None and not SPEED_RANGE[0] <= speed <= SPEED_RANGE[1]:
        raise UsageError(f"--speed must be {SPEED_RANGE[0]}-{SPEED_RANGE[1]}, not {speed}")
    factor = speed if speed is not None else (rate / dict(config.kinds)[Kind.NARRATION].rate if rate is not None else 1.0)

    def changed(profile: VoiceProfile, *, narration: bool = False, keep_voice: bool = False) -> VoiceProfile:
        values: dict[str, Any] = {}
        if voice is not None and not keep_voice:
            variant = profile.voice.partition("+")[2]
            values["voice"] = voice.strip() + (f"+{variant}" if variant and "+" not in voice else "")
        if factor != 1.0:
            values["rate"] = rate if narration and rate is not None else max(low, min(high, round(profile.rate * factor)))
        return replace(profile, **values)

    kinds = tuple((kind, changed(profile, narration=kind is Kind.NARRATION)) for kind, profile in config.kinds)
    # Characters the voices file names keep their voice; their pace follows the book's.
    characters = tuple((name, changed(profile, keep_voice=True)) for name, profile in config.characters)
    return replace(config, kinds=kinds, characters=characters)


def speak_sample(voice: str, target: Path | None = None, rate: int | None = None) -> Path:
    """Say a sentence in `voice` into a WAV file (default voice-<id>.wav here); return its path."""
    profile = replace(dict(override_voices(load_voices(None), voice, rate).kinds)[Kind.NARRATION], effects=())
    engine = get_engine(profile.engine)
    engine.check_voice(profile.voice)
    target = target or Path("voice-" + re.sub(r"[^\w+.-]", "_", voice) + ".wav")
    if target.suffix.lower() != ".wav":
        raise UsageError(f"-o {target.name}: a voice sample is a WAV file; end the name in .wav")
    clip = engine.synthesize(SAMPLE_SENTENCE.format(voice=voice), profile)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(clip.sample_rate)
        out.writeframes(clip.pcm)
    try:
        write_atomic(target, buffer.getvalue())
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    return target
