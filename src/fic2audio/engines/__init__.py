"""Text-to-speech engines behind one small protocol, found by name in a registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ..errors import UsageError
from ..model import VoiceProfile


@dataclass(frozen=True)
class Clip:
    """Mono 16-bit PCM from an engine."""

    pcm: bytes
    sample_rate: int

    @property
    def frames(self) -> int:
        return len(self.pcm) // 2

    @property
    def duration_ms(self) -> float:
        return self.frames * 1000 / self.sample_rate


@dataclass(frozen=True)
class VoiceInfo:
    id: str  # what a profile's `voice` names
    name: str
    languages: tuple[str, ...] = ()
    gender: str | None = None
    variant: bool = False  # an eSpeak variant (en+f3), usable on top of any language voice


class Engine(Protocol):
    """What the renderer needs from a speech engine."""

    name: str

    def version(self) -> str:
        """Identifies the engine build; part of the clip cache key."""
        ...

    def voices(self) -> list[VoiceInfo]: ...

    def check_voice(self, voice: str) -> None:
        """Raise UsageError naming `voice` when the engine does not have it."""
        ...

    def synthesize(self, text: str, profile: VoiceProfile) -> Clip:
        """Speak `text` with exactly `profile`'s settings; raise EngineError rather than return a wrong clip."""
        ...


_FACTORIES: dict[str, Callable[[], Engine]] = {}
_INSTANCES: dict[str, Engine] = {}


def register_engine(name: str, factory: Callable[[], Engine]) -> None:
    """Make an engine available to voice profiles under `name`."""
    _FACTORIES[name] = factory
    _INSTANCES.pop(name, None)


def get_engine(name: str) -> Engine:
    """The process's one instance of engine `name`."""
    if name not in _INSTANCES:
        if name not in _FACTORIES:
            raise UsageError(f"unknown engine '{name}' (available: {', '.join(sorted(_FACTORIES))})")
        _INSTANCES[name] = _FACTORIES[name]()
    return _INSTANCES[name]


def engine_factory(name: str) -> Callable[[], Engine]:
    """What `register_engine` was given for `name`, so a worker process can register it too."""
    if name not in _FACTORIES:
        raise UsageError(f"unknown engine '{name}' (available: {', '.join(sorted(_FACTORIES))})")
    return _FACTORIES[name]


def engine_names() -> list[str]:
    return sorted(_FACTORIES)


def _register_builtins() -> None:
    from .pyttsx3_espeak import Pyttsx3Engine

    register_engine(Pyttsx3Engine.name, Pyttsx3Engine)


_register_builtins()
