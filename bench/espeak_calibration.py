"""eSpeak NG through pyttsx3, measured: real speaking rate against the rate asked for, and the median
pitch of each variant at each pitch setting (by hand, not a test; its figures feed the engine's tables).

    .venv/bin/python bench/espeak_calibration.py rate      # configured wpm -> measured wpm, per voice
    .venv/bin/python bench/espeak_calibration.py pitch     # variant x pitch setting -> median Hz

The rate is measured on the clip as a render makes it (edge silence trimmed), over a passage of plain
prose; the pitch by autocorrelation over voiced 40 ms frames.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sound import f0_hz  # noqa: E402

from fic2audio.effects import make_clip  # noqa: E402
from fic2audio.model import (
    SAMPLE_RATE,  # noqa: E402
    VoiceProfile,  # noqa: E402
)

PASSAGE = (
    "The rain had started before noon, and by evening it was coming sideways off the sea. The lighthouse on the "
    "point had not been lit in forty years, but its door still opened, and that was all the four of them needed. "
    "She pushed the door shut with her shoulder and shook the water from her hair, and for a while nobody spoke."
)
WORDS = len(PASSAGE.split())


def measured_wpm(profile: VoiceProfile) -> float:
    pcm = make_clip(PASSAGE, profile)
    return WORDS / (len(pcm) / 2 / SAMPLE_RATE / 60)


def median_hz(profile: VoiceProfile) -> float:
    pcm = make_clip(PASSAGE, profile)
    return statistics.median(f0_hz(np.frombuffer(pcm, dtype="<i2") / 32768, SAMPLE_RATE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("rate", "pitch"))
    parser.add_argument("--voices", nargs="+", default=["en", "en-us", "en-gb-x-rp", "en+f2", "en-us+m3"])
    parser.add_argument(
        "--variants", nargs="+", default=["", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "f1", "f2", "f3", "f4", "f5"]
    )
    args = parser.parse_args()
    if args.what == "rate":
        rates = list(range(80, 451, 30))
        print("asked " + " ".join(f"{r:5d}" for r in rates))
        for voice in args.voices:
            got = [measured_wpm(VoiceProfile(voice=voice, rate=r)) for r in rates]
            print(
                f"{voice:12} "
                + " ".join(f"{g:5.0f}" for g in got)
                + "   ratio "
                + " ".join(f"{g / r:.2f}" for g, r in zip(got, rates, strict=True))
            )
    else:
        pitches = list(range(0, 100, 10)) + [99]
        print("pitch      " + " ".join(f"{p:4d}" for p in pitches))
        base = VoiceProfile(voice="en-us")
        for variant in args.variants:
            profile = replace(base, voice=f"en-us+{variant}" if variant else "en-us")
            print(
                f"{variant or 'plain':10} " + " ".join(f"{median_hz(replace(profile, pitch=p)):4.0f}" for p in pitches),
                flush=True,
            )


if __name__ == "__main__":
    main()
