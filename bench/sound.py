"""How a rendered audiobook sounds, in figures against the podcast and ACX norms (by hand, not a test).

For each audio file given (a book, or the per-chapter files of an ACX render) it prints: integrated
loudness, loudness range, true and sample peak (ffmpeg's ebur128), RMS level and noise floor (astats:
the quietest 0.5 s RMS window), the format (codec, MPEG version, rate, bitrate, CBR or not), the
silence before the first word and after the last of each chapter (silencedetect at -50 dB), clicks
at clip edges (a clip whose sound goes from digital silence to above -30 dBFS within 1 ms), the
speaking rate (words per minute of the transcript over each chapter's audio, and over the speech
alone), and, with --plan, the median pitch of each voice (narration, each character) with the
pairs closer than 2.5 semitones.

    .venv/bin/python bench/sound.py output/For_Her.mp3 --plan plan.json
    .venv/bin/python bench/sound.py output/acx/*.mp3        # each file measured on its own

The transcript (<audio>.vtt) and chapters (<audio>.chapters.json) are read from beside the audio when
present; without them the whole file counts as one chapter.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import statistics
import subprocess
from pathlib import Path

import numpy as np

from fic2audio.export import ffmpeg_path, run_ffmpeg
from fic2audio.mastering import SILENCE_DB, measure_file

CLICK_FROM_DBFS = -60  # an edge starts from (near) digital silence...
CLICK_TO_DBFS = -30  # ...and is a click when it passes this within CLICK_WINDOW_MS
CLICK_WINDOW_MS = 1.0
CLOSE_SEMITONES = 2.5


def ffmpeg_log(path: Path, filters: str) -> str:
    """ffmpeg's log (stderr) after running `filters` over `path`'s audio."""
    return run_ffmpeg(["-i", str(path), "-af", filters, "-f", "null", "-"], loglevel="info")


def silences(path: Path) -> list[tuple[float, float]]:
    log = ffmpeg_log(path, f"silencedetect=noise={SILENCE_DB}dB:d=0.01")
    starts = [float(x) for x in re.findall(r"silence_start: (-?[\d.]+)", log)]
    ends = [float(x) for x in re.findall(r"silence_end: ([\d.]+)", log)]
    return list(itertools.zip_longest(starts, ends, fillvalue=math.inf))


def mp3_format(path: Path) -> str:
    """Codec line from ffmpeg, plus MPEG version and whether every frame has the same bitrate."""
    done = subprocess.run([ffmpeg_path(), "-hide_banner", "-i", str(path)], capture_output=True, text=True)
    stream = re.search(r"Audio: (.*)", done.stderr)
    desc = stream.group(1).strip() if stream else "?"
    data = path.read_bytes()
    if data[:3] == b"ID3":
        data = data[10 + ((data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]) :]
    bitrates, versions = set(), set()
    offset = 0
    rates_1 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
    rates_2 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
    srates = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
    while offset + 4 <= len(data) and data[offset] == 0xFF and data[offset + 1] & 0xE0 == 0xE0:
        version = (data[offset + 1] >> 3) & 3
        kbps = (rates_1 if version == 3 else rates_2)[data[offset + 2] >> 4]
        rate = srates[version][(data[offset + 2] >> 2) & 3]
        per_frame = 1152 if version == 3 else 576
        length = per_frame // 8 * kbps * 1000 // rate + ((data[offset + 2] >> 1) & 1)
        if length <= 4:
            break
        bitrates.add(kbps)
        versions.add({3: "MPEG-1", 2: "MPEG-2", 0: "MPEG-2.5"}[version])
        offset += length
    frames = "; ".join(sorted(versions)) + (
        f"; {'CBR' if len(bitrates) == 1 else 'VBR'} {sorted(bitrates)} kbps" if bitrates else ""
    )
    return f"{desc} [{frames}]" if frames else desc


def decode(path: Path) -> tuple[np.ndarray, int]:
    done = subprocess.run(
        [ffmpeg_path(), "-hide_banner", "-loglevel", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-"],
        capture_output=True,
    )
    rate = int(
        re.search(
            r"(\d+) Hz", subprocess.run([ffmpeg_path(), "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr
        ).group(1)
    )
    return np.frombuffer(done.stdout, dtype="<i2").astype(np.float64) / 32768, rate


def read_vtt(path: Path) -> list[dict]:
    cues = []
    lines = path.read_text(encoding="utf-8").splitlines()

    def secs(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    for i, line in enumerate(lines):
        if "-->" in line:
            a, b = (x.strip() for x in line.split("-->"))
            body = lines[i + 1] if i + 1 < len(lines) else ""
            speaker = re.match(r"<v ([^>]+)>", body)
            text = re.sub(r"<[^>]+>", "", body).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            cues.append({"start": secs(a), "end": secs(b), "text": text, "speaker": speaker.group(1) if speaker else None})
    return cues


def words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("\u2019", "'").replace("-", " ")).replace("'", "").split()


def label_cues(cues: list[dict], plan_path: Path) -> None:
    """Give each cue the kind and speaker of its plan segment (matched in order by its first words)."""
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    segments = [s for ch in plan["chapters"] for s in ch["segments"]]
    j = 0
    for cue in cues:
        head = words(cue["text"])[:4]
        for k in range(j, min(j + 40, len(segments))):
            if head and words(segments[k]["text"])[:4] == head:
                cue["kind"], cue["speaker"], j = segments[k]["kind"], segments[k]["speaker"], k + 1
                break


def f0_hz(samples: np.ndarray, rate: int) -> list[float]:
    """Fundamental frequency of each voiced 40 ms frame, by autocorrelation (60-400 Hz)."""
    size = int(0.04 * rate)
    lo, hi = int(rate / 400), int(rate / 60)
    found = []
    for start in range(0, len(samples) - size, size):
        frame = samples[start : start + size] - samples[start : start + size].mean()
        if np.sqrt(np.mean(frame**2)) < 0.015:
            continue
        corr = np.correlate(frame, frame, "full")[size - 1 :]
        lag = lo + int(np.argmax(corr[lo:hi]))
        if corr[lag] > 0.3 * corr[0]:
            found.append(rate / lag)
    return found


def clicks(samples: np.ndarray, rate: int, cues: list[dict]) -> tuple[int, int]:
    """(clip edges that click, clip edges looked at): onsets and ends of every cue."""
    quiet, loud = 10 ** (CLICK_FROM_DBFS / 20), 10 ** (CLICK_TO_DBFS / 20)
    window = max(1, int(rate * CLICK_WINDOW_MS / 1000))
    found = edges = 0
    for cue in cues:
        for edge, direction in ((cue["start"], 1), (cue["end"], -1)):
            centre = int(edge * rate)
            span = samples[max(0, centre - int(0.06 * rate)) : centre + int(0.06 * rate)]
            if direction < 0:
                span = span[::-1]
            above = np.flatnonzero(np.abs(span) > quiet)
            if not len(above):
                continue
            edges += 1
            first = above[0]
            found += bool(np.abs(span[first : first + window]).max() > loud)
    return found, edges


def chapters_of(path: Path, duration: float) -> list[dict]:
    marks = path.with_suffix(".chapters.json")
    if marks.is_file():
        return [
            {"title": c["title"], "start": c["startTime"], "end": c["endTime"]} for c in json.loads(marks.read_text())["chapters"]
        ]
    return [{"title": path.stem, "start": 0.0, "end": duration}]


def head_tail(quiet: list[tuple[float, float]], start: float, end: float) -> tuple[float, float]:
    """Silence from `start` to the first sound, and from the last sound to `end` (seconds)."""
    head = next((min(e, end) - start for s, e in quiet if s <= start + 0.002 and e > start), 0.0)
    tail = next((end - max(s, start) for s, e in quiet if s < end and e >= end - 0.03), 0.0)
    return head, tail


def report(path: Path, plan: Path | None) -> None:
    levels = measure_file(path)
    samples, rate = decode(path)
    duration = len(samples) / rate
    print(f"== {path}  ({duration / 60:.1f} min)")
    print(f"  format          {mp3_format(path)}")
    print(f"  loudness        {levels.integrated_lufs:.1f} LUFS integrated, LRA {levels.loudness_range_lu:.1f} LU")
    print(f"  peaks           true {levels.true_peak_dbtp:.1f} dBTP, sample {levels.sample_peak_dbfs:.1f} dBFS")
    print(f"  RMS / floor     {levels.rms_dbfs:.1f} dBFS / {levels.noise_floor_dbfs:.1f} dBFS (astats noise floor)")
    print(f"  file            {levels.head_s * 1000:.0f} ms of silence first, {levels.tail_s * 1000:.0f} ms last")
    quiet = silences(path)
    vtt = path.with_suffix(".vtt")
    cues = read_vtt(vtt) if vtt.is_file() else []
    if plan and cues:
        label_cues(cues, plan)
    for chapter in chapters_of(path, duration):
        head, tail = head_tail(quiet, chapter["start"], chapter["end"])
        inside = [c for c in cues if chapter["start"] <= c["start"] < chapter["end"]]
        count = sum(len(words(c["text"])) for c in inside)
        spoken = sum(c["end"] - c["start"] for c in inside)
        minutes = (chapter["end"] - chapter["start"]) / 60
        rates = (
            f"{count / minutes:.0f} wpm with pauses, {count / (spoken / 60):.0f} speaking"
            if count and spoken
            else "no transcript"
        )
        print(f"  chapter         head {head * 1000:5.0f} ms  tail {tail * 1000:5.0f} ms  {rates}  {chapter['title'][:40]!r}")
    if not cues:
        return
    found, edges = clicks(samples, rate, cues)
    print(f"  clip edges      {found} of {edges} jump from silence above {CLICK_TO_DBFS} dBFS within {CLICK_WINDOW_MS:g} ms")
    by_kind: dict[str, list[dict]] = {}
    for cue in cues:
        by_kind.setdefault(cue.get("kind", "?"), []).append(cue)
    for kind, group in sorted(by_kind.items()):
        count = sum(len(words(c["text"])) for c in group)
        spoken = sum(c["end"] - c["start"] for c in group)
        print(f"  rate {kind:10} {count / (spoken / 60):.0f} wpm speaking ({count} words)")
    voices: dict[str, list[float]] = {}
    for cue in cues:
        voice = (
            cue.get("speaker")
            if cue.get("kind", "dialogue") in ("dialogue", "thought") and cue.get("speaker")
            else cue.get("kind", "unlabelled")
        )
        if cue.get("kind") == "dialogue" and not cue.get("speaker"):
            voice = "dialogue (unattributed)"
        voices.setdefault(voice, []).extend(f0_hz(samples[int(cue["start"] * rate) : int(cue["end"] * rate)], rate))
    medians = {v: statistics.median(f) for v, f in voices.items() if len(f) >= 10}
    print("  median pitch    " + ", ".join(f"{v} {hz:.0f} Hz" for v, hz in sorted(medians.items(), key=lambda x: x[1])))
    close = [(a, b, abs(12 * math.log2(medians[a] / medians[b]))) for a, b in itertools.combinations(medians, 2)]
    close = sorted(c for c in close if c[2] < CLOSE_SEMITONES)
    print(
        f"  close voices    {len(close)} pairs under {CLOSE_SEMITONES} st"
        + "".join(f"\n                  {a} / {b}: {st:.1f} st" for a, b, st in close)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("audio", type=Path, nargs="+")
    parser.add_argument("--plan", type=Path, help="`fic2audio plan --json` of the story: kinds and speakers per cue")
    args = parser.parse_args()
    for path in args.audio:
        report(path, args.plan)


if __name__ == "__main__":
    main()
