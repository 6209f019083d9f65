"""Piper against eSpeak NG, by hand (never part of the test suite): a cold MP3 render of the same
synthetic story (bench/generate.py) with each engine, `--jobs 2`, no cache. Prints wall time, the
audio's duration, the real-time factor (audio seconds per wall second), the same from CPU time as if
the machine were idle (audio seconds per CPU second, times min(jobs, CPUs): steadier on a shared
machine), and peak RSS of the whole process tree (fic2audio, its workers, Piper's host processes,
ffmpeg), with Piper's ratios to eSpeak. Targets for Piper: at least 8x real time and under 1 GB on 2 cores.

    python bench/piper.py                 # 5,000 words, 2 jobs
    python bench/piper.py --words 1000 --jobs 2
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import story  # noqa: E402
from run import audio_seconds, measure  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    print(f"{args.words} words, --jobs {args.jobs}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    print(
        f"{'engine':8} {'wall s':>8} {'CPU s':>8} {'audio s':>8} {'x real time':>12} {'x (CPU, idle)':>14} {'peak tree MB':>13}"
    )
    cores = min(args.jobs, os.cpu_count() or 1)
    results = {}
    with tempfile.TemporaryDirectory(prefix="fic2audio-bench-piper-") as folder:
        source = Path(folder) / "bench.txt"
        source.write_text(story(args.words), encoding="utf-8")
        for engine in ("pyttsx3", "piper"):
            target = Path(folder) / f"{engine}.mp3"
            command = [
                sys.executable,
                "-m",
                "fic2audio",
                "render",
                str(source),
                "-o",
                str(target),
                "--engine",
                engine,
                "--jobs",
                str(args.jobs),
                "--no-cache",
                "--quiet",
            ]
            wall, _, tree_kb, cpu = measure(command)
            audio = audio_seconds(target)
            results[engine] = (wall, audio, tree_kb, cpu)
            print(
                f"{engine:8} {wall:8.1f} {cpu:8.1f} {audio:8.1f} {audio / wall:12.1f} {audio * cores / cpu:14.1f} {tree_kb / 1024:13.0f}",
                flush=True,
            )
    (e_wall, e_audio, e_tree, e_cpu), (p_wall, p_audio, p_tree, p_cpu) = results["pyttsx3"], results["piper"]
    print(
        f"piper/espeak: wall {p_wall / e_wall:.1f}x, real-time factor {(p_audio / p_wall) / (e_audio / e_wall):.2f}x "
        f"(from CPU time {(p_audio / p_cpu) / (e_audio / e_cpu):.2f}x), peak tree memory {p_tree / e_tree:.1f}x; "
        f"load average {os.getloadavg()[0]:.1f} at end"
    )


if __name__ == "__main__":
    main()
