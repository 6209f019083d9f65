"""pyttsx3's eSpeak NG driver, wrapped so that every clip has the settings it asked for.

The driver races (pyttsx3 2.9x on Linux): queued `save_to_file` calls collapse into one file, property
changes made while eSpeak is busy are dropped, the first `runAndWait` of a process can return before
the file is written, and it prints to stdout. So each clip is one save + one run, the settings are read
back from eSpeak before and after, the file is checked, and a wrong clip is made again.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import functools
import gc
import io
import itertools
import os
import shutil
import sys
import tempfile
import time
import wave
from pathlib import Path

from ..atomic import process_alive
from ..errors import EngineError, UsageError
from ..model import VoiceProfile
from .base import Clip, VoiceInfo

ATTEMPTS = 4
SCRATCH_PREFIX = "fic2audio-espeak-"  # + pid: whose scratch folder it is, so the dead's can be swept
SETTLE_SECONDS = 2.0  # longest wait for a setting to land before the attempt counts as failed
SAMPLE_RATE = 22050  # eSpeak NG's output rate, Hz
# eSpeak NG speaks faster than the rate it is given: 1.26-1.33 times, measured words per minute over
# asked, from 80 to 440 wpm, on en, en-us, en-gb-x-rp and variants (bench/espeak_calibration.py rate).
# A voices file's rate is real words per minute; eSpeak is asked for that over this.
ESPEAK_RATE_SCALE = 1.28
ESPEAK_MIN_RATE = 80  # eSpeak's slowest: about 105 real words per minute


# The median pitch (Hz) eSpeak NG speaks at, by variant, at pitch settings 0, 10, ... 90 and 99: measured
# over a passage of prose (bench/espeak_calibration.py pitch). "" is a language voice with no variant.
PITCH_SETTINGS = (0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99)
MEDIAN_PITCH_HZ = {
    "": (73, 74, 78, 84, 91, 101, 111, 123, 137, 153, 168),
    "m1": (74, 71, 74, 80, 85, 93, 103, 114, 127, 141, 156),
    "m2": (67, 68, 74, 81, 90, 100, 112, 125, 140, 159, 176),
    "m3": (73, 77, 82, 87, 95, 104, 114, 126, 140, 156, 172),
    "m4": (74, 73, 75, 80, 85, 93, 102, 112, 124, 138, 152),
    "m5": (69, 74, 79, 85, 93, 102, 112, 125, 139, 155, 171),
    "m6": (68, 71, 76, 83, 90, 100, 111, 123, 138, 154, 171),
    "m7": (79, 82, 87, 91, 98, 106, 115, 127, 140, 155, 168),
    "m8": (68, 70, 70, 74, 78, 85, 93, 103, 114, 126, 140),
    "f1": (114, 123, 133, 146, 160, 178, 197, 218, 245, 276, 302),
    "f2": (128, 137, 148, 161, 176, 193, 212, 237, 262, 290, 320),
    "f3": (144, 154, 163, 175, 190, 208, 227, 249, 276, 306, 334),
    "f4": (111, 122, 133, 145, 160, 178, 197, 220, 245, 276, 306),
    "f5": (129, 140, 152, 168, 182, 204, 225, 251, 279, 315, 350),
}


def median_pitch_hz(voice: str, pitch: int) -> float | None:
    """The median pitch of `voice` (a language voice, or one with a measured variant) at `pitch`."""
    variant = voice.partition("+")[2].casefold()
    table = MEDIAN_PITCH_HZ.get(variant)
    if table is None:
        return None
    for (low, low_hz), (high, high_hz) in itertools.pairwise(zip(PITCH_SETTINGS, table, strict=True)):
        if pitch <= high:
            return low_hz * (high_hz / low_hz) ** ((max(pitch, low) - low) / (high - low))  # straight in semitones
    return float(table[-1])


def espeak_rate(words_per_minute: int) -> int:
    """The rate to ask eSpeak NG for so that it speaks `words_per_minute`."""
    return max(ESPEAK_MIN_RATE, round(words_per_minute / ESPEAK_RATE_SCALE))


# eSpeak NG variants by the gender their files declare, in the order they are handed out: the most
# unlike each other first.
VARIANTS_BY_GENDER = {
    "male": ("m3", "m1", "m7", "m2", "m6", "m4", "m5", "m8"),
    "female": ("f2", "f4", "f1", "f3", "f5"),
    None: ("m5", "f5", "m8", "f4"),  # gender unknown: alternate, so two unknowns still differ
}


SYSTEM_LIBRARY_NAMES = ("libespeak-ng.so.1", "libespeak-ng.1.dylib", "libespeak-ng.dylib")


@functools.cache
def locate_espeak_library() -> tuple[str, str | None]:
    """(library path, data path or None): the system's eSpeak NG when installed, else the espeakng-loader wheel's."""
    system = _system_library()
    if system:
        return system, None
    try:
        import espeakng_loader
    except ImportError:
        raise EngineError(
            "eSpeak NG not found: install the Python package 'espeakng-loader' (pip install espeakng-loader) "
            "or the system package 'espeak-ng'"
        ) from None
    return espeakng_loader.get_library_path(), espeakng_loader.get_data_path()


def _system_library() -> str | None:
    """The system's libespeak-ng as the dynamic loader finds it. Not ctypes.util.find_library: on Linux
    it runs gcc over a temporary file, slow in every worker, and a worker stopped meanwhile leaves
    that file behind."""
    for name in SYSTEM_LIBRARY_NAMES:
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return _mapped_path(name) or name
    return None


def _mapped_path(name: str) -> str | None:
    """Where the library called `name` was loaded from (Linux), so its version can be stamped."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return None
    stem = name.split(".so")[0]
    for line in maps.splitlines():
        path = line.split(maxsplit=5)[-1] if line.count(" ") >= 5 else ""
        if Path(path).name.startswith(stem + ".so"):
            return path
    return None


def _load_pyttsx3():
    library, data = locate_espeak_library()
    if data is not None:
        # eSpeak reads its data folder from this variable; the wheel's library has no usable built-in path.
        os.environ.setdefault("ESPEAK_DATA_PATH", data)
        try:
            # pyttsx3 dlopens "libespeak-ng.so.1" by soname; loading the wheel's copy globally first makes
            # that name resolve to it.
            ctypes.CDLL(library, mode=ctypes.RTLD_GLOBAL)
        except OSError as exc:
            raise EngineError(f"cannot load eSpeak NG from {library}: {exc}") from None
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import pyttsx3

            _read_phoneme_marks()
            return pyttsx3.init("espeak"), library
    except Exception as exc:  # pyttsx3 raises bare Exceptions and RuntimeErrors from ctypes
        raise EngineError(f"pyttsx3 could not start eSpeak NG ({library}): {exc}") from None


def _read_phoneme_marks() -> None:
    """Have eSpeak read `[[...]]` as phonemes (a lexicon's phoneme entries). pyttsx3's driver calls
    espeak_Synth without espeakPHONEMES; the story's own `[[` is made plain before it gets here."""
    from pyttsx3.drivers import _espeak

    synth = _espeak.Synth
    if getattr(synth, "reads_phonemes", False):
        return

    def synth_with_phonemes(text, *args, flags=0, **kwargs):
        return synth(text, *args, flags=flags | _espeak.PHONEMES, **kwargs)

    synth_with_phonemes.reads_phonemes = True  # type: ignore[attr-defined]  # marks the patch as made
    _espeak.Synth = synth_with_phonemes


class Pyttsx3Engine:
    """The built-in engine: pyttsx3 driving eSpeak NG."""

    name = "pyttsx3"

    def __init__(self) -> None:
        self._engine, self._library = _load_pyttsx3()
        self._voice_ids: dict[str, str] | None = None
        self._tmp = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))
        # Removed however the process ends short of a kill: normal exit, an error, Ctrl-C or SIGTERM.
        atexit.register(shutil.rmtree, self._tmp, ignore_errors=True)
        self.retries = 0  # clips made again because a check failed; tests read it
        atexit.register(self.close)

    def close(self) -> None:
        """Drop the pyttsx3 engine while the interpreter is whole (its __del__ fails during shutdown)
        and remove the scratch folder."""
        self._engine = None
        gc.collect()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def version(self) -> str:
        import pyttsx3

        lib = Path(self._library)
        try:
            stamp = f"{lib.resolve().name}:{lib.stat().st_size}"
        except OSError:
            stamp = lib.name
        return f"pyttsx3-{getattr(pyttsx3, '__version__', '2')}/{stamp}/rate-x{ESPEAK_RATE_SCALE}"

    def pitch_hz(self, profile: VoiceProfile) -> float | None:
        return median_pitch_hz(profile.voice, profile.pitch)

    def voices(self) -> list[VoiceInfo]:
        """Each voice under the id a voices file takes (`en-us`, not eSpeak's `gmw/en-us`); the
        variants (`+f3`) with the gender their file gives. A language voice speaks with eSpeak's
        default, male, formants until a variant is added."""
        found = []
        for v in self._engine.getProperty("voices"):
            short = v.id.rsplit("/", 1)[-1]
            ident = short if self._resolve(short) == v.id.lower() else v.id
            found.append(VoiceInfo(ident, v.name, tuple(v.languages or ()), (v.gender or "").lower() or None))
        return found + [VoiceInfo(f"+{name}", name, (), gender, variant=True) for name, gender in _variant_genders().items()]

    def _resolve(self, voice: str) -> str:
        """The eSpeak identifier (gmw/en+f3) for what a profile calls the voice (en+f3, English, gmw/en)."""
        if self._voice_ids is None:
            ids: dict[str, str] = {}
            for v in self._engine.getProperty("voices"):
                ident = v.id.lower()
                for alias in (ident, ident.rsplit("/", 1)[-1], v.name.lower()):
                    ids.setdefault(alias, ident)
            self._voice_ids = ids
        base, _, variant = voice.strip().lower().partition("+")
        ident = self._voice_ids.get(base)
        if ident is None:
            raise UsageError(f"voice '{voice}' is not an eSpeak NG voice; `fic2audio voices` lists them")
        if variant:
            if variant not in {v.lower() for v in _variants()}:
                raise UsageError(f"voice '{voice}': '{variant}' is not an eSpeak NG variant; `fic2audio voices` lists them")
            return f"{ident}+{variant}"
        return ident

    def check_voice(self, voice: str) -> None:
        self._resolve(voice)

    def voice_variants(self, voice: str, gender: str | None) -> list[str]:
        base = voice.split("+")[0]
        installed = {name.casefold() for name in _variants()}
        return [f"{base}+{variant}" for variant in VARIANTS_BY_GENDER[gender] if variant in installed]

    def phonemes(self, text: str, voice: str = "en") -> str:
        """How eSpeak NG reads `text` in `voice`, in the mnemonics a lexicon's `[[ ]]` takes."""
        from pyttsx3.drivers import _espeak

        with contextlib.redirect_stdout(io.StringIO()):
            self._engine.setProperty("voice", self._resolve(voice))
            self._drain_if_busy()
            _espeak.Synchronize()
        to_phonemes = _text_to_phonemes()
        source = ctypes.create_string_buffer(text.encode("utf-8"))
        cursor = ctypes.cast(source, ctypes.c_char_p)
        clauses = []
        while cursor.value:  # one clause per call; eSpeak moves the cursor on, to NULL at the end
            clauses.append(to_phonemes(ctypes.byref(cursor), _UTF8, 0).decode("utf-8", "replace").strip())
        return " ".join(c for c in clauses if c)

    def _drain_if_busy(self) -> bool:
        """When pyttsx3 has queued property changes itself (a new engine starts busy), run the queue with
        a throwaway utterance; True when it had to."""
        if not self._engine.isBusy():
            return False
        self._engine.save_to_file(".", str(self._tmp / "drain.wav"))
        self._engine.runAndWait()
        return True

    def synthesize(self, text: str, profile: VoiceProfile) -> Clip:
        wanted = {
            "voice": self._resolve(profile.voice),
            "rate": espeak_rate(profile.rate),
            "volume": round(profile.volume, 2),
            "pitch": int(profile.pitch),
        }
        problem = "no attempt made"
        for attempt in range(ATTEMPTS):
            if attempt:
                self.retries += 1
            try:
                clip = self._attempt(text, wanted)
            except _BadClip as exc:
                problem = str(exc)
                continue
            return clip
        raise EngineError(f"eSpeak NG gave no good clip after {ATTEMPTS} tries ({problem}) for: {text[:80]!r}")

    def _attempt(self, text: str, wanted: dict) -> Clip:
        from pyttsx3.drivers import _espeak

        engine = self._engine
        target = self._tmp / "clip.wav"
        with contextlib.redirect_stdout(io.StringIO()):
            self._apply_settings(wanted)
            # One utterance per run: a run with no utterance queued never returns (the driver's loop
            # waits for an end-of-message that never comes), and queued saves collapse into one file.
            target.unlink(missing_ok=True)
            engine.save_to_file(text, str(target))
            engine.runAndWait()
            _espeak.Synchronize()
        # Nothing changes eSpeak's settings between the utterance and this read-back, so a match proves
        # the clip was spoken with them; a dropped change shows up here as the previous value.
        self._check_settings(wanted)
        try:
            with wave.open(str(target), "rb") as wav:
                rate, width, channels = wav.getframerate(), wav.getsampwidth(), wav.getnchannels()
                pcm = wav.readframes(wav.getnframes())
        except (FileNotFoundError, EOFError, wave.Error) as exc:
            raise _BadClip(f"no audio file written: {exc}") from None
        finally:
            target.unlink(missing_ok=True)
        if width != 2 or channels != 1:
            raise _BadClip(f"unexpected WAV format: {width * 8}-bit, {channels} channels")
        clip = Clip(pcm, rate)
        if clip.frames == 0 or not any(pcm):
            raise _BadClip("empty or silent clip")
        return clip

    def _apply_settings(self, wanted: dict) -> None:
        """Set voice, rate, volume and pitch and see them land before speaking.

        pyttsx3 starts eSpeak in AUDIO_OUTPUT_RETRIEVAL mode, which is asynchronous: a property change
        joins eSpeak's command queue and lands later, maybe after the next utterance has begun. So wait
        for the queue to drain (espeak_Synchronize) and read the values back before speaking.
        """
        from pyttsx3.drivers import _espeak

        engine = self._engine
        for _ in range(ATTEMPTS):
            for key, value in wanted.items():
                engine.setProperty(key, value)
            if self._drain_if_busy():
                continue  # the changes are made again, now on an idle driver
            deadline = time.monotonic() + SETTLE_SECONDS
            while True:
                _espeak.Synchronize()
                try:
                    self._check_settings(wanted)
                    return
                except _BadClip:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.002)
        self._check_settings(wanted)

    def _check_settings(self, wanted: dict) -> None:
        engine = self._engine
        current = _current_parameter_reader()
        got = {
            "voice": (engine.getProperty("voice") or "").lower(),
            "rate": current(_RATE),
            "volume": round(current(_VOLUME) / 100, 2),
            "pitch": current(_PITCH),
        }
        # eSpeak reports a variant voice by its base identifier on some builds.
        voice_ok = got["voice"] in (wanted["voice"], wanted["voice"].split("+")[0])
        if not voice_ok or any(got[k] != wanted[k] for k in ("rate", "volume", "pitch")):
            raise _BadClip(f"eSpeak's settings were {got}, wanted {wanted}")


# espeak_parameter numbers from speak_lib.h.
_RATE, _VOLUME, _PITCH = 1, 2, 3
_UTF8 = 1  # espeakCHARS_UTF8


@functools.cache
def _current_parameter_reader():
    """espeak_GetParameter(parameter, current=1). pyttsx3 binds it with one argument, so its reads
    return the default or the current value depending on a leftover register."""
    from pyttsx3.drivers import _espeak

    function = _espeak.dll.espeak_GetParameter
    function.argtypes = [ctypes.c_int, ctypes.c_int]
    function.restype = ctypes.c_int
    return lambda parameter: function(parameter, 1)


@functools.cache
def _text_to_phonemes():
    """espeak_TextToPhonemes(&text, textmode, phonememode), which pyttsx3 does not bind."""
    from pyttsx3.drivers import _espeak

    function = _espeak.dll.espeak_TextToPhonemes
    function.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int]
    function.restype = ctypes.c_char_p
    return function


class _BadClip(Exception):
    pass


def _variants_folder() -> Path | None:
    """eSpeak NG's `voices/!v` folder, where the variants live."""
    library, data = locate_espeak_library()
    roots = [Path(data)] if data else []
    roots += [Path(os.environ["ESPEAK_DATA_PATH"])] if os.environ.get("ESPEAK_DATA_PATH") else []
    roots += [
        Path("/usr/lib/x86_64-linux-gnu/espeak-ng-data"),
        Path("/usr/share/espeak-ng-data"),
        Path("/usr/lib/aarch64-linux-gnu/espeak-ng-data"),
    ]
    return next((root / "voices" / "!v" for root in roots if (root / "voices" / "!v").is_dir()), None)


def _variants() -> list[str]:
    """eSpeak NG's voice variants (the `!v` folder): names usable as `en+NAME`."""
    folder = _variants_folder()
    return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder else []


def _variant_genders() -> dict[str, str | None]:
    """Each variant's name and the gender its file declares (`gender female`), None where it declares none."""
    folder = _variants_folder()
    genders: dict[str, str | None] = {}
    for name in _variants():
        gender = None
        try:
            for line in (folder / name).read_text(encoding="utf-8", errors="replace").splitlines() if folder else ():
                words = line.split()
                if len(words) >= 2 and words[0].lower() == "gender" and words[1].lower() in ("male", "female"):
                    gender = words[1].lower()
                    break
        except OSError:
            pass
        genders[name] = gender
    return genders


def sweep_scratch_folders() -> None:
    """Remove the scratch folders of engines whose process is gone (a worker killed mid-clip runs no
    exit handler of its own)."""
    root = Path(tempfile.gettempdir())
    try:
        entries = list(root.glob(f"{SCRATCH_PREFIX}*"))
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(SCRATCH_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


def silence_stdout() -> None:
    """pyttsx3 prints "Audio saved to..." from eSpeak's thread when a clip it was making ends, after
    the engine's own redirect has put sys.stdout back: so the descriptor itself goes to /dev/null.
    For a run being abandoned, which prints nothing more to stdout."""
    if sys.__stdout__ is not None:
        sys.__stdout__.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
