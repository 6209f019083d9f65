"""Voices files -> VoiceConfig, checked against the engines; the engines' voices and readings, for the CLI."""

from __future__ import annotations

import os
import tomllib
from dataclasses import fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from .effects import EFFECTS
from .engines import VoiceInfo, check_profile, default_voice, engine_names, get_engine
from .errors import UsageError
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


def available_voices(only: str | None = None) -> list[tuple[str, str, list[VoiceInfo]]]:
    """(engine name, engine version, its voices) for every registered engine, or engine `only`; an engine
    whose extra is not installed has its version say so and no voices."""
    listing = []
    for name in [only] if only else engine_names():
        engine = get_engine(name)
        try:
            listing.append((name, engine.version(), engine.voices()))
        except UsageError as exc:
            listing.append((name, str(exc), []))
    return listing


def phonemes(text: str, voice: str, engine: str = DEFAULT_ENGINE) -> str:
    """How `engine` reads `text` in `voice`, in the phoneme notation a lexicon's `[[ ]]` takes."""
    return get_engine(engine).phonemes(text, voice)
