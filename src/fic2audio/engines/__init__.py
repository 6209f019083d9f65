"""Text-to-speech engines behind one small protocol, found by name in a registry.

Everything the rest of fic2audio knows about an engine is here: a second engine is one new module
beside pyttsx3_espeak.py and one `register_engine` line in `_register_builtins`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import UsageError
from ..model import DEFAULT_ENGINE, VoiceProfile
from .base import Clip, Engine, VoiceInfo

__all__ = [
    "Clip",
    "Engine",
    "VoiceInfo",
    "check_profile",
    "clip_version",
    "close_engines",
    "default_voice",
    "engine_factory",
    "engine_names",
    "get_engine",
    "quiet_engines",
    "register_engine",
    "single_speaker",
    "sweep_leftovers",
    "unregister_engine",
]


@dataclass(frozen=True)
class _Registration:
    factory: Callable[[], Engine]
    sweep: Callable[[], None] | None  # removes what the engine left behind in processes that died
    quiet: Callable[[], None] | None  # stops the engine's own threads writing to the terminal


_REGISTRY: dict[str, _Registration] = {}
_INSTANCES: dict[str, Engine] = {}


def register_engine(
    name: str, factory: Callable[[], Engine], *, sweep: Callable[[], None] | None = None, quiet: Callable[[], None] | None = None
) -> None:
    """Make an engine available to voice profiles under `name`. `sweep` removes what killed processes
    left behind; `quiet` silences output the engine writes from threads of its own (an interrupted run)."""
    _REGISTRY[name] = _Registration(factory, sweep, quiet)
    _INSTANCES.pop(name, None)


def unregister_engine(name: str) -> None:
    """Forget engine `name` (a test's fake engine, once the test is over)."""
    _REGISTRY.pop(name, None)
    _INSTANCES.pop(name, None)


def get_engine(name: str) -> Engine:
    """The process's one instance of engine `name`."""
    if name not in _INSTANCES:
        _INSTANCES[name] = _registration(name).factory()
    return _INSTANCES[name]


def engine_factory(name: str) -> Callable[[], Engine]:
    """What `register_engine` was given for `name`, so a worker process can register it too."""
    return _registration(name).factory


def _registration(name: str) -> _Registration:
    if name not in _REGISTRY:
        raise UsageError(f"unknown engine '{name}' (available: {', '.join(engine_names())})")
    return _REGISTRY[name]


def engine_names() -> list[str]:
    return sorted(_REGISTRY)


def clip_version(name: str, voice: str) -> str:
    """What identifies engine `name`'s build and `voice`'s data (a model's hash), for the clip cache key."""
    engine = get_engine(name)
    voice_version = getattr(engine, "voice_version", None)
    return engine.version() + (f"/{voice_version(voice)}" if voice_version else "")


def check_profile(profile: VoiceProfile) -> None:
    """UsageError when `profile`'s engine lacks its voice (or what only the voice can judge: a speaker)."""
    engine = get_engine(profile.engine)
    check = getattr(engine, "check_profile", None)
    if check is not None:
        check(profile)
    else:
        engine.check_voice(profile.voice)


def default_voice(name: str) -> str:
    """The voice `--engine NAME` gives profiles moved from another engine."""
    chosen = getattr(get_engine(name), "default_voice", None)
    return chosen() if chosen else VoiceProfile().voice


def single_speaker(profile: VoiceProfile) -> bool:
    """True when characters read in `profile`'s voice can differ only by pitch and pace."""
    check = getattr(get_engine(profile.engine), "single_speaker", None)
    return bool(check and check(profile.voice))


def close_engines() -> None:
    """End the engines this process started (their helper processes, scratch folders)."""
    for engine in list(_INSTANCES.values()):
        engine.close()


def sweep_leftovers() -> None:
    """Remove what engines in processes that died (a killed worker) left behind."""
    for registration in list(_REGISTRY.values()):
        if registration.sweep is not None:
            registration.sweep()


def quiet_engines() -> None:
    """The run is being abandoned: engines' own threads write nothing more to the terminal."""
    for registration in list(_REGISTRY.values()):
        if registration.quiet is not None:
            registration.quiet()


def _register_builtins() -> None:
    from .pyttsx3_espeak import Pyttsx3Engine, silence_stdout, sweep_scratch_folders

    register_engine(Pyttsx3Engine.name, Pyttsx3Engine, sweep=sweep_scratch_folders, quiet=silence_stdout)
    register_engine("piper", _piper)
    assert DEFAULT_ENGINE in _REGISTRY, "model.DEFAULT_ENGINE names no built-in engine"


def _piper() -> Engine:
    # Imported when first used: `python -m fic2audio.engines.piper` (its host) must not find it imported.
    from .piper import PiperEngine

    return PiperEngine()


_register_builtins()
