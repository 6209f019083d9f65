"""Loudness: the whole book brought to one loudness with one gain, peaks held under a ceiling, and the
measurements (ffmpeg's ebur128, astats and silencedetect filters) that the ACX preset checks and
bench/sound.py prints.

The book's integrated loudness (EBU R128 / ITU-R BS.1770) is gated over 400 ms blocks of the whole
book. Each chapter's blocks are measured once, as a histogram of their loudness, and kept beside its
part in the cache, so a rerun that changes one chapter measures that chapter alone; the histograms add
up to the book's.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError

DEFAULT_LOUDNESS_LUFS = -19.0  # podcast apps' norm for mono speech (-16 LUFS stereo)
LOUDNESS_RANGE = (-40.0, -6.0)  # what --loudness accepts
PEAK_CEILING_DBFS = -3.5  # the limiter's ceiling: true peak stays under -2 dBTP after MP3 encoding, and ACX's -3 dBFS holds
ABSOLUTE_GATE_LUFS = -70.0  # BS.1770: blocks quieter than this are not counted
RELATIVE_GATE_LU = -10.0  # ...nor those this far below the loudness of the counted blocks
SILENCE_DB = -50  # dBFS: quieter than this counts as silence between words (silencedetect)

Histogram = dict[int, int]  # block loudness in tenths of LUFS -> blocks


@dataclass(frozen=True)
class Mastering:
    """What the book is brought to: integrated loudness and the peak ceiling."""

    loudness_lufs: float = DEFAULT_LOUDNESS_LUFS
    ceiling_dbfs: float = PEAK_CEILING_DBFS

    def filters(self, gain_db: float) -> str:
        """ffmpeg's audio filters for one chapter: the book's gain, then the lookahead limiter (its delay
        compensated, so cues stay where they were; auto-level off, so the gain is the only gain)."""
        limit = 10 ** (self.ceiling_dbfs / 20)
        return f"volume={gain_db:.1f}dB,alimiter=limit={limit:.4f}:attack=5:release=50:level=disabled:latency=enabled"


_BLOCK = r"\bM:\s*(-?[\d.]+|-inf)"  # one 400 ms block's momentary loudness in ebur128's log


def block_histogram(ffmpeg_log: str) -> Histogram:
    """The momentary loudness of each 400 ms block (every 100 ms: BS.1770's 75 % overlap) from
    ebur128's log, counted by tenth of a LUFS."""
    return _histogram(re.findall(_BLOCK, ffmpeg_log))


def _histogram(levels: list[str]) -> Histogram:
    return dict(Counter(round(float(m) * 10) for m in levels if m != "-inf"))


def integrated_lufs(histograms: list[Histogram]) -> float | None:
    """The gated integrated loudness of blocks pooled from `histograms`; None when all are silent."""
    pooled: Counter[int] = Counter()
    for histogram in histograms:
        pooled.update({int(k): v for k, v in histogram.items()})
    blocks = [(tenths / 10, count) for tenths, count in pooled.items() if tenths / 10 > ABSOLUTE_GATE_LUFS]
    if not blocks:
        return None

    def mean_loudness(kept: list[tuple[float, int]]) -> float:
        energy = sum(10 ** ((level + 0.691) / 10) * count for level, count in kept) / sum(count for _, count in kept)
        return -0.691 + 10 * math.log10(energy)

    gate = mean_loudness(blocks) + RELATIVE_GATE_LU
    return mean_loudness([(level, count) for level, count in blocks if level > gate] or blocks)


def book_gain(histograms: list[Histogram], mastering: Mastering, encoder_loss: float = 0.0) -> float:
    """The one gain (dB, to a tenth) that brings the book to its loudness once encoded (the encoder
    takes `encoder_loss` LU off); 0 for a silent book."""
    measured = integrated_lufs(histograms)
    return 0.0 if measured is None else round(mastering.loudness_lufs - measured + encoder_loss, 1)


def measure_chapter(pcm_path: Path, sample_rate: int, mastering: Mastering) -> Histogram:
    """The loudness histogram of a chapter's raw PCM (16-bit mono) as it will sound after the limiter,
    in the raw signal's units. Limiting a peaky voice takes loudness off with the peaks (about 1 LU
    for eSpeak at -19 LUFS), so the chapter is measured through the limiter at the gain it would need
    alone; the book's gain differs from that by little, and the limiter's loss with it."""
    return measure_chapters([pcm_path], sample_rate, mastering)[0]


def measure_chapters(pcm_paths: list[Path], sample_rate: int, mastering: Mastering) -> list[Histogram]:
    """`measure_chapter` for each of several chapters, all measured together by one ffmpeg run per
    step (three in all), each as it would be alone: one run for many short chapters saves ffmpeg's
    start-up for each."""
    raw = {  # silent chapters have no blocks to count, and stay empty
        n: loudness
        for n, histogram in enumerate(_block_histograms(pcm_paths, sample_rate, [None] * len(pcm_paths)))
        if (loudness := integrated_lufs([histogram])) is not None
    }
    trials = {n: round(mastering.loudness_lufs - loudness, 1) for n, loudness in raw.items()}
    measured: list[Histogram] = [{} for _ in pcm_paths]
    trying = list(raw)
    for _ in range(2):  # the second trial starts from what the first lost to the limiter
        limited = _block_histograms([pcm_paths[n] for n in trying], sample_rate, [mastering.filters(trials[n]) for n in trying])
        again = []
        for n, histogram in zip(trying, limited, strict=True):
            measured[n] = {tenths - round(trials[n] * 10): count for tenths, count in histogram.items()}
            trial = round(mastering.loudness_lufs - (integrated_lufs([measured[n]]) or raw[n]), 1)
            if mastering.filters(trial) != mastering.filters(trials[n]):  # the same trial again would measure the same
                again.append(n)
            trials[n] = trial
        trying = again
    return measured


def _block_histograms(pcm_paths: list[Path], sample_rate: int, filters: list[str | None]) -> list[Histogram]:
    """Each raw PCM's block histogram through its `filters` (None: as it is), with one ffmpeg run.

    The chapters' chains are one filter graph, run on one thread, so each line of ebur128's log is
    whole and starts with its instance's name (`ebur128@cN`). A line of another thread's (ffmpeg's
    own notices) can still land between two pieces of a line and take its name away: when any block
    goes unclaimed, each chapter is measured again on its own."""
    from .export import run_ffmpeg

    sounding = [n for n, path in enumerate(pcm_paths) if path.stat().st_size >= 2]  # ffmpeg fails on an input of no samples
    if len(sounding) < len(pcm_paths):
        histograms: list[Histogram] = [{} for _ in pcm_paths]
        for n, histogram in zip(
            sounding,
            _block_histograms([pcm_paths[n] for n in sounding], sample_rate, [filters[n] for n in sounding]),
            strict=True,
        ):
            histograms[n] = histogram
        return histograms
    if not pcm_paths:
        return []
    inputs = [arg for path in pcm_paths for arg in ("-f", "s16le", "-ar", str(sample_rate), "-ac", "1", "-i", str(path))]
    chains = "".join(f"[{n}:a]{chain + ',' if chain else ''}ebur128@c{n}[c{n}];" for n, chain in enumerate(filters))
    ends = "".join(f"[c{n}]" for n in range(len(pcm_paths)))  # mixed to one output: one encoder and muxer, not one each
    graph = f"{chains}{ends}amix=inputs={len(pcm_paths)}:duration=longest[mixed]"
    log = run_ffmpeg(["-nostats", *inputs, "-filter_complex", graph, "-map", "[mixed]", "-f", "null", "-"], loglevel="info")
    if len(pcm_paths) == 1:
        return [block_histogram(log)]
    levels: list[list[str]] = [[] for _ in pcm_paths]
    for n, level in re.findall(rf"(?m)^\[ebur128@c(\d+) @ [^\]\n]*\] t:[^\n]*?{_BLOCK}", log):
        levels[int(n)].append(level)
    if sum(map(len, levels)) != len(re.findall(_BLOCK, log)):
        return [_block_histograms([path], sample_rate, [chain])[0] for path, chain in zip(pcm_paths, filters, strict=True)]
    return [_histogram(found) for found in levels]


# Measuring finished files ------------------------------------------------------------------------


@dataclass(frozen=True)
class FileLevels:
    """A finished audio file, as ffmpeg measures it."""

    integrated_lufs: float
    loudness_range_lu: float
    true_peak_dbtp: float
    sample_peak_dbfs: float
    rms_dbfs: float
    noise_floor_dbfs: float  # astats: the quietest window's peak
    head_s: float  # silence before the first sound
    tail_s: float  # silence after the last sound
    duration_s: float


def measure_file(path: Path) -> FileLevels:
    from .export import run_ffmpeg

    log = run_ffmpeg(
        [
            "-i",
            str(path),
            "-af",
            f"ebur128=peak=true+sample,astats=metadata=0,silencedetect=noise={SILENCE_DB}dB:d=0.01",
            "-f",
            "null",
            "-",
        ],
        loglevel="info",
    )
    summary = log[log.rindex("Summary:") :]
    overall = log[log.rindex("Overall") :]

    def value(label: str, text: str) -> float:
        found = re.search(rf"{label}:\s+(-?[\d.]+|-?inf)", text)
        return float(found.group(1)) if found else math.nan

    duration = _duration_s(log)
    starts = [float(x) for x in re.findall(r"silence_start: (-?[\d.]+)", log)]
    ends = [float(x) for x in re.findall(r"silence_end: ([\d.]+)", log)] + [duration]
    head = next((end for start, end in zip(starts, ends, strict=False) if start <= 0.002), 0.0)
    tail = next((duration - start for start, end in zip(starts, ends, strict=False) if end >= duration - 0.03), 0.0)
    return FileLevels(
        integrated_lufs=value("I", summary),
        loudness_range_lu=value("LRA", summary),
        true_peak_dbtp=value("Peak", summary[summary.index("True peak") :]),
        sample_peak_dbfs=value("Peak", summary[summary.index("Sample peak") :]),
        rms_dbfs=value("RMS level dB", overall),
        noise_floor_dbfs=value("Noise floor dB", overall),
        head_s=min(head, duration),
        tail_s=tail,
        duration_s=duration,
    )


def _duration_s(log: str) -> float:
    """The audio's length from ffmpeg's progress line (time= of the last one)."""
    stamps = re.findall(r"time=(\d+):(\d+):([\d.]+)", log)
    if not stamps:
        return 0.0
    h, m, s = stamps[-1]
    return int(h) * 3600 + int(m) * 60 + float(s)


# The ACX preset's checks ---------------------------------------------------------------------------

ACX_RMS_DBFS = (-23.0, -18.0)
ACX_PEAK_DBFS = -3.0
ACX_NOISE_FLOOR_DBFS = -60.0
ACX_HEAD_S = (0.5, 1.0)
ACX_TAIL_S = (1.0, 5.0)


def acx_problems(levels: FileLevels) -> list[str]:
    """What in `levels` falls outside ACX's audio submission requirements."""
    problems = []
    low, high = ACX_RMS_DBFS
    if not low <= levels.rms_dbfs <= high:
        problems.append(f"RMS {levels.rms_dbfs:.1f} dBFS is outside {low:g}..{high:g} dBFS")
    if levels.sample_peak_dbfs > ACX_PEAK_DBFS:
        problems.append(f"peak {levels.sample_peak_dbfs:.1f} dBFS is above {ACX_PEAK_DBFS:g} dBFS")
    if levels.noise_floor_dbfs > ACX_NOISE_FLOOR_DBFS:
        problems.append(f"noise floor {levels.noise_floor_dbfs:.1f} dBFS is above {ACX_NOISE_FLOOR_DBFS:g} dBFS")
    if not ACX_HEAD_S[0] <= levels.head_s <= ACX_HEAD_S[1]:
        problems.append(f"{levels.head_s:.2f} s of silence at the start, not {ACX_HEAD_S[0]:g}-{ACX_HEAD_S[1]:g} s")
    if not ACX_TAIL_S[0] <= levels.tail_s <= ACX_TAIL_S[1]:
        problems.append(f"{levels.tail_s:.2f} s of silence at the end, not {ACX_TAIL_S[0]:g}-{ACX_TAIL_S[1]:g} s")
    return problems


def check_acx(files: Iterable[tuple[Path, Path]]) -> None:
    """Measure each finished file, (the file, the path it will have) each; OutputError naming the
    first file and figure that fail ACX's rules."""
    for path, shown in files:
        problems = acx_problems(measure_file(path))
        if problems:
            raise OutputError(f"{shown}: fails ACX's requirements: {'; '.join(problems)}; the folder is unchanged")
