"""What an engine is: the protocol every engine implements, and the values it hands back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
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
    details: str = ""  # quality, speakers, licence... for `fic2audio voices`


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

    def pitch_hz(self, profile: VoiceProfile) -> float | None:
        """The median pitch `profile` speaks at (Hz), for casting voices apart; None when unknown."""
        ...

    def voice_variants(self, voice: str, gender: str | None) -> list[str]:
        """Voices built on `voice` that sound unlike each other (eSpeak's en+m3, en+f2...), suited to
        `gender` ("male", "female" or None), the most unlike first; [] when the engine has none."""
        ...

    def phonemes(self, text: str, voice: str) -> str:
        """How the engine reads `text` in `voice`, in the phoneme notation a lexicon's `[[ ]]` takes."""
        ...

    def synthesize(self, text: str, profile: VoiceProfile) -> Clip:
        """Speak `text` with exactly `profile`'s settings (mono 16-bit PCM); raise EngineError rather
        than return a wrong clip."""
        ...

    def close(self) -> None:
        """Let go of the engine and what it keeps on disk; called at most once, at exit."""
        ...

    # Optional, for an engine whose voices are data files (Piper's models); see engines.clip_version
    # and engines.check_profile:
    #   voice_version(voice) -> str     the voice's own data hash, part of the clip cache key
    #   check_profile(profile) -> None  check_voice plus settings only the voice can judge (a speaker)
    #   default_voice() -> str          the voice `--engine NAME` moves profiles to
    #   single_speaker(voice) -> bool   characters can differ only by pitch and pace (`fic2audio cast` says so)
