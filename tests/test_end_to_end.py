"""The whole path through the real CLI: eSpeak NG, pydub, ffmpeg; read back with ffprobe and mutagen."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import mutagen
import pytest
from conftest import ffprobe
from mutagen.id3 import ID3
from mutagen.mp4 import MP4

pytestmark = pytest.mark.real_audio  # every test here speaks with the real eSpeak NG

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "fic2audio"]


def run(args, cwd, **kw):
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=300, **kw)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder laid out like a user's: stories/ with For_Her.txt; output/ made by the run."""
    folder = tmp_path_factory.mktemp("user")
    (folder / "stories").mkdir()
    shutil.copy(ROOT / "stories" / "For_Her.txt", folder / "stories")
    return folder


@pytest.fixture(scope="module")
def mp3(workdir):
    result = run(["For_Her.txt", "--quiet"], workdir)
    assert result.returncode == 0, result.stderr
    path = workdir / "output" / "For_Her.mp3"
    assert path.exists()
    return path


def story_words() -> int:
    return len((ROOT / "stories" / "For_Her.txt").read_text().split())


def test_mp3_has_chapters_tags_and_plausible_duration(mp3):
    probe = ffprobe(mp3)
    assert probe["format"]["format_name"] == "mp3"
    duration = float(probe["format"]["duration"])
    # ~640 words at 150-200 words a minute plus pauses: between 2.5 and 6 minutes.
    assert 150 < duration < 360, duration
    chapters = probe["chapters"]
    assert [c["tags"]["title"] for c in chapters] == ["Introduction", "For Her"]
    assert float(chapters[-1]["end_time"]) == pytest.approx(duration, abs=0.2)
    tags = ID3(mp3)
    assert str(tags["TIT2"]) == "For Her"
    assert str(tags["TALB"]) == "For Her"
    assert str(tags["TCON"]) == "Audiobook"
    assert tags.getall("COMM")[0].text == ["The next day after my fic Miracles"]
    ctoc = tags.getall("CTOC")[0]
    assert ctoc.child_element_ids == ["chp0", "chp1"]
    chaps = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    assert chaps[0].start_time == 0 and chaps[0].end_time == chaps[1].start_time
    assert mutagen.File(mp3).info.length == pytest.approx(duration, abs=0.2)


def test_header_chapter_is_spoken_first(mp3):
    chapters = ffprobe(mp3)["chapters"]
    header_seconds = float(chapters[0]["end_time"])
    assert 8 < header_seconds < 60  # title, pairing, rating, time, summary, status, disclaimer, preface


def test_sidecars_match_the_audio(mp3):
    vtt = mp3.with_suffix(".vtt").read_text()
    assert vtt.startswith("WEBVTT") and "I love you" in vtt
    chapters = json.loads(mp3.with_suffix(".chapters.json").read_text())
    assert [c["title"] for c in chapters["chapters"]] == ["Introduction", "For Her"]


def test_output_is_atomic_no_temp_files_left(mp3):
    leftovers = [p.name for p in mp3.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_m4b_has_aac_chapters_and_tags(workdir):
    target = workdir / "book.m4b"
    result = run(["stories/For_Her.txt", "--format", "m4b", "-o", str(target), "-q"], workdir)
    assert result.returncode == 0, result.stderr
    probe = ffprobe(target)
    assert probe["streams"][0]["codec_name"] == "aac"
    assert [c["tags"]["title"] for c in probe["chapters"]] == ["Introduction", "For Her"]
    tags = MP4(target).tags
    assert tags["\xa9nam"] == ["For Her"] and tags["\xa9gen"] == ["Audiobook"]
    assert MP4(target).info.length == pytest.approx(float(probe["format"]["duration"]), abs=0.3)


def test_plan_json_shape(workdir):
    result = run(["plan", "For_Her.txt", "--json"], workdir)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert set(plan) == {"metadata", "chapters"}
    assert plan["metadata"]["Title"] == "For Her"
    for chapter in plan["chapters"]:
        assert set(chapter) == {"title", "segments"}
        for segment in chapter["segments"]:
            assert set(segment) == {"kind", "text", "speaker"}
    assert plan["chapters"][0]["segments"][0]["kind"] == "header"


def test_plan_readable_output_shows_repairs(workdir):
    result = run(["plan", "For_Her.txt"], workdir)
    assert result.returncode == 0
    assert "lost opening quote" in result.stdout and re.search(r"dialogue( \(\w+\))? \| I love you", result.stdout)


def test_score_tool_agrees(workdir):
    scorer = ROOT.parent / "shared" / "tools" / "score_plan.py"
    expected = ROOT / "tests" / "data" / "For_Her.expected"
    wrapper = workdir / "fic2audio-cli"
    wrapper.write_text(f'#!/bin/sh\nexec {sys.executable} -m fic2audio "$@"\n')
    wrapper.chmod(0o755)
    if not scorer.exists():
        scorer = ROOT / "tests" / "data" / "score_plan.py"
    result = subprocess.run(
        [sys.executable, str(scorer), str(ROOT / "stories" / "For_Her.txt"), str(expected), "--cli", str(wrapper)],
        capture_output=True,
        text=True,
        cwd=workdir,
    )
    assert "kind accuracy 1.000  coverage 1.000" in result.stdout, result.stdout + result.stderr


def test_voices_option_and_bad_voice(workdir, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[kinds.dialogue]\nvoice = "zorblax"\n')
    result = run(["For_Her.txt", "--voices", str(bad), "-o", str(tmp_path / "x.mp3")], workdir)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "zorblax" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.mp3").exists()


def test_voices_command_lists_variants(workdir):
    result = run(["voices"], workdir)
    assert result.returncode == 0 and "en-us" in result.stdout.split() and "+f3" in result.stdout
