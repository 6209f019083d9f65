"""Benchmark fic2audio against the engine-plus-encoder limit, by hand (never part of the test suite).

For each size of synthetic story (bench/generate.py) it prints: the wall time of a cold MP3 render
(empty cache; three voices, chapters, effects), the audio's duration, the real-time factor, peak RSS
(fic2audio's main process, and the whole process tree sampled), the ratio to a baseline measured in
the same run on the same text (bench/baseline.py: eSpeak NG speaking it in one go into ffmpeg's MP3
encoder), and the time of a rerun after one paragraph is edited, as a fraction of the cold time.
Then the time of `fic2audio --help`.

    python bench/run.py                    # 5k, 50k and 200k words
    python bench/run.py --sizes 5000 50000 --jobs 8
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import story  # noqa: E402


def tree_stats(root: int) -> tuple[int, dict[int, float]]:
    """Resident memory (KB) of `root` and all its descendants, and each one's CPU seconds so far, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        cpu[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    total, stack, tree_cpu = 0, [root], {}
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        tree_cpu[pid] = cpu.get(pid, 0.0)
        stack += children.get(pid, [])
    return total, tree_cpu


def measure(command: list[str]) -> tuple[float, int, int, float]:
    """(wall seconds, peak RSS of the process in KB, peak RSS of its whole tree in KB, CPU seconds of the
    whole tree, sampled: on a busy machine a steadier figure than wall time)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_tree = 0
    cpu_seen: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not stop.is_set():
            rss, cpu = tree_stats(process.pid)
            peak_tree = max(peak_tree, rss)
            cpu_seen.update(cpu)
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return wall, usage.ru_maxrss, peak_tree, sum(cpu_seen.values())


def timed(command: list[str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS of the process in KB, peak RSS of its whole tree in KB)."""
    return measure(command)[:3]


def audio_seconds(path: Path) -> float:
    from mutagen.mp3 import MP3

    return MP3(path).info.length


def edit_one_paragraph(text: str) -> str:
    """Add a sentence to the paragraph in the middle of the story."""
    lines = text.split("\n")
    paragraphs = [i for i, line in enumerate(lines) if len(line.split()) > 12]
    middle = paragraphs[len(paragraphs) // 2]
    lines[middle] += " Nobody moved for a while."
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000, 200000])
    parser.add_argument("--jobs", type=int, default=0, help="fic2audio --jobs (0: its default)")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--no-baseline", action="store_true", help="skip the baseline (memory checks); ratios print as nan")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="fic2audio-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    print(f"cpus {os.cpu_count()}, jobs {args.jobs or 'default'}, work in {work}")
    header = f"{'words':>7} {'audio':>8} {'base s':>7} {'cold s':>7} {'ratio':>6} {'x real':>7} {'RSS main':>9} {'RSS tree':>9} {'rerun s':>8} {'rerun':>6}"
    print(header)
    for words in args.sizes:
        folder = work / f"w{words}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        text = story(words)
        source = folder / "story.txt"
        source.write_text(text, encoding="utf-8")
        base_wall = float("nan")
        if not args.no_baseline:
            base_wall, _, _ = timed([python, str(HERE / "baseline.py"), str(source), str(folder / "baseline.mp3")])
        render = [
            python,
            "-m",
            "fic2audio",
            str(source),
            "-o",
            str(folder / "book.mp3"),
            "--cache-dir",
            str(folder / "cache"),
            "-q",
        ]
        if args.jobs:
            render += ["--jobs", str(args.jobs)]
        cold_wall, main_rss, tree_rss = timed(render)
        seconds = audio_seconds(folder / "book.mp3")
        source.write_text(edit_one_paragraph(text), encoding="utf-8")
        rerun_wall, _, _ = timed(render)
        print(
            f"{words:>7} {seconds / 3600:>7.2f}h {base_wall:>7.1f} {cold_wall:>7.1f} {cold_wall / base_wall:>6.2f} {seconds / cold_wall:>6.0f}x "
            f"{main_rss / 1024:>7.0f}MB {tree_rss / 1024:>7.0f}MB {rerun_wall:>8.2f} {rerun_wall / cold_wall:>6.1%}",
            flush=True,
        )
        shutil.rmtree(folder / "cache", ignore_errors=True)
    helps = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run([python, "-m", "fic2audio", "--help"], stdout=subprocess.DEVNULL, check=True)
        helps.append(time.perf_counter() - start)
    script = shutil.which("fic2audio") or (
        str(Path(sys.executable).parent / "fic2audio") if (Path(sys.executable).parent / "fic2audio").exists() else None
    )
    line = f"fic2audio --help: median {statistics.median(helps):.3f} s (python -m fic2audio)"
    if script:
        helps = []
        for _ in range(7):
            start = time.perf_counter()
            subprocess.run([script, "--help"], stdout=subprocess.DEVNULL, check=True)
            helps.append(time.perf_counter() - start)
        line += f", {statistics.median(helps):.3f} s ({script})"
    print(line)


if __name__ == "__main__":
    main()
