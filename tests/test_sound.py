"""How the book sounds (issue 14): loudness, peaks, head and tail silence, the ACX preset's files, voices
spread apart by pitch, rates as heard. Real renders measured with ffmpeg's own filters (ebur128, astats,
silencedetect) through fic2audio.mastering, which the ACX check and bench/sound.py use too."""

from __future__ import annotations

import itertools
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import f0, ffprobe

from fic2audio.atomic import FileLock
from fic2audio.casting import assign_voices
from fic2audio.characters import Character
from fic2audio.effects import make_clip
from fic2audio.engines import get_engine
from fic2audio.mastering import (
    ACX_HEAD_S,
    ACX_PEAK_DBFS,
    ACX_RMS_DBFS,
    ACX_TAIL_S,
    FileLevels,
    Mastering,
    acx_problems,
    block_histogram,
    integrated_lufs,
    measure_chapter,
    measure_chapters,
    measure_file,
)
from fic2audio.model import SAMPLE_RATE, Kind, VoiceProfile
from fic2audio.pipeline import recorded_acx_files
from fic2audio.voices import load_voices

CLI = [sys.executable, "-m", "fic2audio"]
STORY = """Title: The Ferry
Author: Test Writer

Chapter 1: Morning

The ferry left the harbour at seven, and the gulls followed it out past the breakwater.

"We'll be late," Anna said, and she pulled her coat tighter. "We are always late."

"Then nobody will be surprised," Tom said. He laughed at his own joke.

Chapter 2: Evening

By evening the wind had dropped, and the sea was flat and grey. *Almost home,* she thought.
"""


def _render(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    story = tmp_path / "ferry.txt"
    story.write_text(STORY, encoding="utf-8")
    return subprocess.run([*CLI, "render", str(story), "-q", "--jobs", "2", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def default_book(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sound")
    done = _render(folder, "-o", str(folder / "ferry.mp3"))
    assert done.returncode == 0, done.stderr
    return folder / "ferry.mp3"


@pytest.mark.real_audio
def test_a_book_is_mastered_to_its_loudness_under_the_peak_ceiling(default_book):
    levels = measure_file(default_book)
    assert abs(levels.integrated_lufs - -19) <= 0.7, levels  # the podcast norm for mono speech
    assert levels.true_peak_dbtp <= -2.0, levels
    assert levels.noise_floor_dbfs <= -60, levels  # the pauses are silent


@pytest.mark.real_audio
def test_every_chapter_starts_after_a_breath_and_the_book_ends_with_silence(default_book):
    """Silence measured on the audio (silencedetect): 0.5-1 s before each chapter's first word, 1-5 s
    after the book's last, with the chapter marks and the transcript still on the words."""
    chapters = json.loads(default_book.with_suffix(".chapters.json").read_text(encoding="utf-8"))["chapters"]
    cues = [
        line.split(" --> ")
        for line in default_book.with_suffix(".vtt").read_text(encoding="utf-8").splitlines()
        if " --> " in line
    ]
    starts = [_seconds(a) for a, _ in cues]
    levels = measure_file(default_book)
    assert ACX_HEAD_S[0] <= levels.head_s <= ACX_HEAD_S[1], levels
    assert ACX_TAIL_S[0] <= levels.tail_s <= ACX_TAIL_S[1], levels
    samples = _decoded(default_book)
    for chapter in chapters:
        first = min(s for s in starts if s >= chapter["startTime"])  # the chapter's first cue
        # the transcript is exact: nothing sounds between the mark and the first cue...
        before = samples[int(chapter["startTime"] * SAMPLE_RATE) : int(first * SAMPLE_RATE)]
        assert np.abs(before).max(initial=0) < 10 ** (-50 / 20), chapter
        # ...and the first cue starts 0.5-1 s after the mark (a cue begins 20 ms before its sound)
        assert 0.5 <= first - chapter["startTime"] <= 1.0, chapter
    last_end = _seconds(cues[-1][1])
    assert 1.0 <= chapters[-1]["endTime"] - last_end <= 5.0


@pytest.mark.real_audio
def test_the_loudness_option_sets_the_books_loudness(tmp_path):
    done = _render(tmp_path, "-o", str(tmp_path / "quiet.mp3"), "--loudness", "-24")
    assert done.returncode == 0, done.stderr
    assert abs(measure_file(tmp_path / "quiet.mp3").integrated_lufs - -24) <= 0.7


@pytest.mark.real_audio
def test_acx_preset_writes_checked_files_per_chapter_with_credits(tmp_path):
    done = _render(tmp_path, "--preset", "acx", "-o", str(tmp_path / "acx"))
    assert done.returncode == 0, done.stderr
    files = sorted((tmp_path / "acx").glob("*.mp3"))
    assert [f.name for f in files] == [
        "00 Opening Credits.mp3",
        "01 Chapter 1_ Morning.mp3",
        "02 Chapter 2_ Evening.mp3",
        "03 Closing Credits.mp3",
    ]
    # no parts, temporaries or lock left: the set's record of its files, hidden, is all beside them
    assert sorted(p.name for p in (tmp_path / "acx").iterdir() if p.suffix != ".mp3") == [".acx-files.json"]
    for file in files:
        stream = ffprobe(file)["streams"][0]
        assert (stream["codec_name"], int(stream["sample_rate"]), stream["channels"]) == ("mp3", 44100, 1)
        assert int(stream["bit_rate"]) == 192000
        assert _frame_bitrates(file) == {192}  # constant: every frame at 192 kbps
        levels = measure_file(file)
        assert ACX_RMS_DBFS[0] <= levels.rms_dbfs <= ACX_RMS_DBFS[1], (file, levels)
        assert levels.sample_peak_dbfs <= ACX_PEAK_DBFS, (file, levels)
        assert levels.noise_floor_dbfs <= -60, (file, levels)
        assert ACX_HEAD_S[0] <= levels.head_s <= ACX_HEAD_S[1] and ACX_TAIL_S[0] <= levels.tail_s <= ACX_TAIL_S[1], (file, levels)


@pytest.mark.real_audio
def test_acx_preset_fails_with_one_line_naming_the_file_and_figure(tmp_path):
    """Too quiet for ACX (RMS under -23 dBFS): the check after encoding stops the render."""
    done = _render(tmp_path, "--preset", "acx", "-o", str(tmp_path / "acx"), "--loudness", "-30")
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert "00 Opening Credits.mp3" in done.stderr and "RMS" in done.stderr and "-23..-18 dBFS" in done.stderr, done.stderr
    assert list((tmp_path / "acx").iterdir()) == []  # the failing set never landed


@pytest.mark.real_audio
def test_an_acx_set_replaces_the_earlier_set_in_its_folder_whole(tmp_path):
    """A second render into the folder, of the story with a chapter removed: the earlier set's files are
    replaced or retired at once, the reader's own files stay."""
    folder = tmp_path / "acx"
    assert _render(tmp_path, "--preset", "acx", "-o", str(folder)).returncode == 0
    (folder / "99 My intro.mp3").write_bytes(b"the reader's own")
    (folder / "notes.txt").write_text("mine")
    shorter = tmp_path / "shorter.txt"
    shorter.write_text(STORY[: STORY.index("Chapter 2:")], encoding="utf-8")
    done = subprocess.run(
        [*CLI, "render", str(shorter), "-q", "--jobs", "2", "--preset", "acx", "-o", str(folder)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        ".acx-files.json",
        "00 Opening Credits.mp3",
        "01 Chapter 1_ Morning.mp3",
        "02 Closing Credits.mp3",
        "99 My intro.mp3",
        "notes.txt",
    ]
    assert (folder / "99 My intro.mp3").read_bytes() == b"the reader's own"


def test_an_acx_folder_being_written_is_not_written_by_a_second_run(tmp_path):
    folder = tmp_path / "acx"
    folder.mkdir()
    lock = FileLock.beside(folder / "acx")
    assert lock.acquire()
    try:
        done = _render(tmp_path, "--preset", "acx", "-o", str(folder))
    finally:
        lock.release()
    assert done.returncode != 0 and done.stderr.count("\n") == 1, done.stderr
    assert "another fic2audio is writing ACX files here" in done.stderr, done.stderr
    assert list(folder.iterdir()) == []


def test_an_acx_record_names_only_files_in_its_own_folder(tmp_path):
    record = tmp_path / ".acx-files.json"
    record.write_text(json.dumps({"files": ["01 A.mp3", "../outside.mp3", "/etc/passwd", ".hidden", "", 7, "sub/x.mp3"]}))
    assert recorded_acx_files(record) == ["01 A.mp3"]
    record.write_text("not json")
    assert recorded_acx_files(record) == []


def test_acx_problems_name_each_figure():
    good = FileLevels(-19, 3, -3.5, -3.6, -20, -math.inf, 0.8, 2.0, 60)
    assert acx_problems(good) == []
    bad = FileLevels(-19, 3, -1, -1.2, -25, -50, 0.1, 0.3, 60)
    problems = acx_problems(bad)
    assert [p.split()[0] for p in problems] == ["RMS", "peak", "noise", "0.10", "0.30"]


def test_integrated_loudness_gates_quiet_blocks():
    """BS.1770 gating: silence (below -70 LUFS) and blocks 10 LU under the rest do not count."""
    speech = {-200: 100}  # 100 blocks at -20 LUFS
    assert integrated_lufs([speech]) == pytest.approx(-20)
    assert integrated_lufs([speech, {-1207: 500}]) == pytest.approx(-20)  # digital silence: absolute gate
    assert integrated_lufs([speech, {-350: 100}]) == pytest.approx(-20)  # 15 LU under: relative gate
    assert integrated_lufs([{-1207: 3}]) is None
    log = "t: 0.1 TARGET:-23 LUFS    M:-120.7 S:-120.7\nt: 0.2 TARGET:-23 LUFS    M: -20.0 S:-30\n"
    assert block_histogram(log) == {-1207: 1, -200: 1}


@pytest.fixture(scope="module")
def spoken_chapters(tmp_path_factory) -> list[Path]:
    """Chapters' raw PCM from the real eSpeak: a breath then speech, loud enough for the limiter to
    bite or quiet, long and short, and silent or empty ones."""
    folder = tmp_path_factory.mktemp("chapters")
    lines = [
        ("Tell me.", VoiceProfile(voice="en")),
        ("The lighthouse on the point had not been lit in forty years, but its door still opened. " * 5, VoiceProfile()),
        ("Kate! Stop it, please.", VoiceProfile(voice="en+f3", pitch=70)),
        ("By evening the wind had dropped, and the sea was flat and grey.", VoiceProfile(volume=0.2)),
    ]
    breath = b"\0" * (2 * SAMPLE_RATE * 3 // 4)
    paths = []
    for n, (text, profile) in enumerate(lines):
        paths.append(folder / f"{n}.pcm")
        paths[-1].write_bytes(breath + make_clip(text, profile) + b"\0" * 4000 * n)
    (folder / "silent.pcm").write_bytes(breath)
    (folder / "empty.pcm").write_bytes(b"")
    return [paths[0], folder / "silent.pcm", *paths[1:3], folder / "empty.pcm", paths[3]]


@pytest.mark.real_audio
def test_chapters_measured_together_measure_as_each_alone(spoken_chapters, monkeypatch):
    """Several chapters to one ffmpeg run per step (at most three runs), each histogram the very one
    it gets measured alone, the limiter's trial gains each chapter's own."""
    import fic2audio.export

    alone = [measure_chapter(path, SAMPLE_RATE, Mastering()) for path in spoken_chapters]
    assert [bool(histogram) for histogram in alone] == [True, False, True, True, False, True]
    runs = []
    run_ffmpeg = fic2audio.export.run_ffmpeg
    monkeypatch.setattr(fic2audio.export, "run_ffmpeg", lambda args, loglevel: runs.append(args) or run_ffmpeg(args, loglevel))
    assert measure_chapters(spoken_chapters, SAMPLE_RATE, Mastering()) == alone
    assert len(runs) <= 3
    assert measure_chapters(spoken_chapters, SAMPLE_RATE, Mastering(loudness_lufs=-14)) == [
        measure_chapter(path, SAMPLE_RATE, Mastering(loudness_lufs=-14)) for path in spoken_chapters
    ]


@pytest.mark.real_audio
def test_a_block_whose_chapter_the_log_does_not_name_has_the_chapters_measured_alone(spoken_chapters, monkeypatch):
    """Another thread's half-written line in ffmpeg's log can take a block line's name away: no block
    is then counted for the wrong chapter, or lost."""
    import fic2audio.export

    alone = [measure_chapter(path, SAMPLE_RATE, Mastering()) for path in spoken_chapters]
    run_ffmpeg = fic2audio.export.run_ffmpeg

    unnamed = []

    def interleaved(args, loglevel):
        log, changed = re.subn(r"\n\[ebur128@c2 @ [^]]*\] (t: 1\.)", r"  Stream #0:0\1", run_ffmpeg(args, loglevel), count=1)
        unnamed.append(changed)
        return log

    monkeypatch.setattr(fic2audio.export, "run_ffmpeg", interleaved)
    assert measure_chapters(spoken_chapters, SAMPLE_RATE, Mastering()) == alone
    assert unnamed[0] == 1


@pytest.mark.real_audio
def test_rates_are_words_per_minute_as_heard():
    text = (
        "The rain had started before noon, and by evening it was coming sideways off the sea. The lighthouse on the "
        "point had not been lit in forty years, but its door still opened."
    )
    for rate in (150, 220):
        pcm = make_clip(text, VoiceProfile(voice="en", rate=rate))
        heard = len(text.split()) / (len(pcm) / 2 / SAMPLE_RATE / 60)
        assert abs(heard / rate - 1) < 0.12, (rate, heard)


@pytest.mark.real_audio
def test_clips_fade_in_where_their_sound_starts():
    """No clip jumps from silence to a loud sample within a millisecond (eSpeak's own onsets do)."""
    for text in ("Tell me.", "Kate!", "Stop it, please."):
        samples = np.abs(np.frombuffer(make_clip(text, VoiceProfile(voice="en")), dtype="<i2").astype(float)) / 32768
        for edge in (samples, samples[::-1]):
            first = int(np.flatnonzero(edge > 10 ** (-60 / 20))[0])
            assert edge[first : first + SAMPLE_RATE // 1000].max() < 10 ** (-30 / 20), text


def _semitones(a: float, b: float) -> float:
    return abs(12 * math.log2(a / b))


@pytest.mark.real_audio
def test_automatic_cast_spreads_six_of_each_gender_apart_in_pitch():
    voices = load_voices(None)
    men, women = [f"Man{i}" for i in range(6)], [f"Woman{i}" for i in range(6)]
    characters = [Character(n, (), "male") for n in men] + [Character(n, (), "female") for n in women]
    chosen = assign_voices(voices, [n for pair in zip(men, women, strict=True) for n in pair], characters)
    engine = get_engine("pyttsx3")
    narrator = engine.pitch_hz(dict(voices.kinds)[Kind.NARRATION])
    for group in (men, women):
        hz = [engine.pitch_hz(chosen[n]) for n in group]
        assert all(_semitones(a, b) >= 2.5 for a, b in itertools.combinations(hz, 2)), hz
        assert all(_semitones(h, narrator) >= 2.5 for h in hz), (hz, narrator)
    assert (
        len({chosen[n].voice for n in men}) >= 5 and len({chosen[n].voice for n in women}) >= 5
    )  # timbre differs too (eSpeak has 5 female variants)


@pytest.mark.real_audio
def test_a_four_character_cast_measures_apart_on_real_audio():
    """Two women, two men and the narrator, each saying the same line: median pitches measured on the
    clips, 2.5 semitones or more between same-gender characters and between any character and the narrator."""
    voices = load_voices(None)
    characters = [
        Character("Mara", (), "female"),
        Character("Priya", (), "female"),
        Character("Owen", (), "male"),
        Character("Daniel", (), "male"),
    ]
    chosen = assign_voices(voices, [c.name for c in characters], characters)
    line = "I brought tools because I knew the lamp would need them, and the storm would not wait for us."
    heard = {name: f0(make_clip(line, profile), SAMPLE_RATE) for name, profile in chosen.items()}
    narrator = f0(make_clip(line, dict(voices.kinds)[Kind.NARRATION]), SAMPLE_RATE)
    for a, b in (("Mara", "Priya"), ("Owen", "Daniel")):
        assert _semitones(heard[a], heard[b]) >= 2.5, heard
    assert all(_semitones(hz, narrator) >= 2.5 for hz in heard.values()), (heard, narrator)


def _seconds(stamp: str) -> float:
    h, m, s = stamp.strip().split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def _decoded(path: Path) -> np.ndarray:
    from fic2audio.export import ffmpeg_path

    raw = subprocess.run(
        [ffmpeg_path(), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(SAMPLE_RATE), "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, dtype="<i2").astype(float) / 32768


def _frame_bitrates(path: Path) -> set[int]:
    """The bitrate of every MPEG-1 Layer III frame in the file, read from the frame headers."""
    rates = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
    data = path.read_bytes()
    if data[:3] == b"ID3":
        data = data[10 + ((data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]) :]
    found, offset = set(), 0
    while offset + 4 <= len(data) and data[offset] == 0xFF and data[offset + 1] & 0xE0 == 0xE0:
        kbps = rates[data[offset + 2] >> 4]
        found.add(kbps)
        offset += 144 * kbps * 1000 // 44100 + ((data[offset + 2] >> 1) & 1)
    assert offset >= len(data) - 128, "frames did not run to the end of the file"
    return found


@pytest.mark.real_audio
def test_the_inner_effect_sets_thoughts_apart_without_an_echo():
    """Thoughts in a character's own voice, told apart by the `inner` effect: the highs shelved down
    (energy above 3 kHz, as a share of the whole, 2 dB or more lower), about as loud, and no delayed
    copy of the words (the echo that made them hard to follow: no correlation peak at 60-200 ms)."""
    text = "So that's what she wanted to talk about last night, and I didn't let her."
    plain = make_clip(text, VoiceProfile(voice="en"))
    inner = make_clip(text, VoiceProfile(voice="en", effects=("inner",)))
    echo = make_clip(text, VoiceProfile(voice="en", effects=("echo",)))

    def samples(pcm: bytes) -> np.ndarray:
        return np.frombuffer(pcm, dtype="<i2").astype(float) / 32768

    def high_share_db(pcm: bytes) -> float:
        power = np.abs(np.fft.rfft(samples(pcm))) ** 2
        return 10 * math.log10(power[np.fft.rfftfreq(len(samples(pcm)), 1 / SAMPLE_RATE) > 3000].sum() / power.sum())

    def rms_db(pcm: bytes) -> float:
        return 20 * math.log10(float(np.sqrt(np.mean(samples(pcm) ** 2))))

    def late_copy(pcm: bytes) -> float:
        """The strongest self-correlation 60-200 ms apart, as a share of the signal's own energy."""
        x = samples(pcm)
        spectrum = np.fft.rfft(x, 2 * len(x))
        corr = np.fft.irfft(spectrum * np.conj(spectrum))[: len(x)]
        return float(corr[int(0.06 * SAMPLE_RATE) : int(0.2 * SAMPLE_RATE)].max() / corr[0])

    assert high_share_db(plain) - high_share_db(inner) >= 2.0
    assert abs(rms_db(plain) - rms_db(inner)) <= 3.0
    assert late_copy(inner) < late_copy(echo) / 2, (late_copy(inner), late_copy(echo))
    assert late_copy(echo) > 0.15  # the control: an echo is found


@pytest.mark.real_audio
def test_cast_command_prints_each_voices_pitch(tmp_path):
    story = tmp_path / "ferry.txt"
    story.write_text(STORY, encoding="utf-8")
    done = subprocess.run([*CLI, "cast", str(story), "-o", str(tmp_path / "cast.toml")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    pitches = {line.split(":")[0].strip(): float(line.rsplit("about ", 1)[1].split()[0]) for line in lines[1:]}
    assert {"Anna", "Tom", "narrator"} <= set(pitches), done.stdout
    assert pitches["Anna"] > pitches["Tom"] and _semitones(pitches["Tom"], pitches["narrator"]) >= 2.5
    assert "Hz" in (tmp_path / "cast.toml").read_text(encoding="utf-8")  # noted in the file too
