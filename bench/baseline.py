"""The engine-plus-encoder limit: eSpeak NG speaks the whole text in one go, its PCM piped into
ffmpeg's MP3 encoder (one voice, no chapters, no shaping). A tiny ctypes synth over the same library
fic2audio uses (the espeakng-loader wheel's, or the system's).

    python bench/baseline.py story.txt out.mp3
"""

from __future__ import annotations

import ctypes
import subprocess
import sys

from fic2audio.engines.pyttsx3_espeak import locate_espeak_library
from fic2audio.export import MP3_BITRATE, ffmpeg_path

AUDIO_OUTPUT_SYNCHRONOUS = 2
ESPEAK_CHARS_UTF8 = 1
CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


def speak_to_mp3(text: str, target: str) -> None:
    library, data = locate_espeak_library()
    espeak = ctypes.CDLL(library)
    rate = espeak.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 500, data.encode() if data else None, 0)
    if rate <= 0:
        raise SystemExit("espeak_Initialize failed")
    espeak.espeak_SetVoiceByName(b"en")
    encoder = subprocess.Popen(
        [
            ffmpeg_path(),
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "s16le",
            "-ar",
            str(rate),
            "-ac",
            "1",
            "-i",
            "pipe:0",
            "-c:a",
            "libmp3lame",
            "-b:a",
            MP3_BITRATE,
            target,
        ],
        stdin=subprocess.PIPE,
    )

    def on_audio(wav, samples, events):
        if samples > 0:
            encoder.stdin.write(ctypes.string_at(wav, samples * 2))
        return 0

    callback = CALLBACK(on_audio)
    espeak.espeak_SetSynthCallback(callback)
    encoded = text.encode("utf-8")
    espeak.espeak_Synth(encoded, len(encoded) + 1, 0, 0, 0, ESPEAK_CHARS_UTF8, None, None)
    espeak.espeak_Synchronize()
    encoder.stdin.close()
    if encoder.wait():
        raise SystemExit("ffmpeg failed")


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        speak_to_mp3(handle.read(), sys.argv[2])
