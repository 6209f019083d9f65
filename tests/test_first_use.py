"""Issue 16, the first ten minutes: flags people expect (--voice, --rate, --speed, -h, --version,
--verbose), voices listed by the ids voices files take and heard with --sample, the format following
-o's extension, stories by URL, and the small ones (-q, an unknown voice, Ctrl-C on serve)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from clitools import CLI, assert_failed_cleanly, run_cli
from conftest import ffprobe

from fic2audio.errors import UsageError
from fic2audio.model import Kind
from fic2audio.pipeline import output_format
from fic2audio.voices import load_voices, override_voices

TINY = (
    'Title: Tiny\nAuthor: Quill\n\nThe kettle sang. "Are you awake?" Ana asked. The sun rose over the roofs and the day began.\n'
)


# --- help, version ----------------------------------------------------------------------------------


def test_bare_command_prints_short_help_and_exits_0(tmp_path):
    run = run_cli(cwd=tmp_path, timeout=60)
    assert run.returncode == 0 and run.stderr == ""
    assert run.stdout.startswith("Usage: fic2audio STORY") and len(run.stdout.splitlines()) < 20
    assert "fic2audio voices" in run.stdout and "-o book.m4b" in run.stdout


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_flags(tmp_path, flag):
    run = run_cli(flag, cwd=tmp_path, timeout=60)
    assert run.returncode == 0 and run.stdout.startswith("Usage: fic2audio") and "render" in run.stdout


def test_version(tmp_path):
    from importlib.metadata import version

    run = run_cli("--version", cwd=tmp_path, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == f"fic2audio {version('fic2audio')}"


@pytest.mark.parametrize(
    "command, names",
    [
        (
            "render",
            ["STORY...", "-o, --output FILE", "--voice ID", "--rate WPM", "--speed FACTOR", "--verbose", "-f, --format FORMAT"],
        ),
        ("plan", ["STORY..."]),
        ("phonemes", ["WORD...", "--voice ID"]),
        ("feed", ["FOLDER", "--base-url URL"]),
        ("voices", ["--lang LANG", "--sample ID"]),
    ],
)
def test_usage_names_arguments_as_a_person_would(tmp_path, command, names):
    run = run_cli(command, "-h", cwd=tmp_path, timeout=60)
    assert run.returncode == 0
    assert "{" not in run.stdout and "<list" not in run.stdout and "<str>" not in run.stdout and "<path>" not in run.stdout
    for name in names:
        assert name in run.stdout, name
    assert run.stdout.splitlines()[0].startswith(f"Usage: fic2audio {command} [OPTIONS]")


# --- voices -------------------------------------------------------------------------------------------


def test_voices_lists_ids_as_voices_files_take_them(tmp_path):
    run = run_cli("voices", "--lang", "en", cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    rows = [line.split() for line in run.stdout.splitlines()]
    voices = {row[0]: row for row in rows if not row[0].startswith("+")}
    assert {"en", "en-us", "en-gb-x-rp"} <= set(voices)
    assert not any("/" in ident for ident in voices)  # not eSpeak's gmw/en-us
    assert all(row[-2].split(",")[0].startswith("en") for row in voices.values())  # English only
    variants = {row[0]: row[-1] for row in rows if row[0].startswith("+")}
    assert variants["+f3"] == "female" and variants["+m3"] == "male"
    every = run_cli("voices", cwd=tmp_path, timeout=120)
    assert len(every.stdout.splitlines()) > len(rows)  # the control: without --lang, more voices


def test_voices_with_a_language_nobody_speaks_is_an_error(tmp_path):
    assert_failed_cleanly(run_cli("voices", "--lang", "zz-qq", cwd=tmp_path, timeout=120), 2, "zz-qq")


@pytest.mark.real_audio
def test_voice_sample_is_a_wav_of_speech(tmp_path):
    run = run_cli("voices", "--sample", "en-us+f3", "-o", tmp_path / "hear.wav", cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(tmp_path / "hear.wav")
    with wave.open(str(tmp_path / "hear.wav")) as sample:
        seconds = sample.getnframes() / sample.getframerate()
        assert sample.getnchannels() == 1 and 1.5 < seconds < 15
    default = run_cli("voices", "--sample", "en", cwd=tmp_path, timeout=120)
    assert default.returncode == 0 and (tmp_path / "voice-en.wav").is_file()


def test_voice_sample_of_an_unknown_voice_is_an_error(tmp_path):
    assert_failed_cleanly(run_cli("voices", "--sample", "no-such-voice", cwd=tmp_path, timeout=120), 2, "no-such-voice")
    assert not list(tmp_path.glob("*.wav"))


# --- --voice, --rate, --speed ---------------------------------------------------------------------------


def test_voice_rate_and_speed_override_the_voices_file():
    base = load_voices(None)
    kinds = dict(base.kinds)
    voiced = dict(override_voices(base, voice="en-gb-scotland").kinds)
    assert {p.voice for p in voiced.values()} == {"en-gb-scotland"}
    assert [p.rate for p in voiced.values()] == [p.rate for p in kinds.values()]
    rated = dict(override_voices(base, rate=210).kinds)
    assert rated[Kind.NARRATION].rate == 210
    assert rated[Kind.DIALOGUE].rate == round(kinds[Kind.DIALOGUE].rate * 210 / kinds[Kind.NARRATION].rate)
    faster = dict(override_voices(base, speed=1.5).kinds)
    assert all(faster[k].rate == min(450, round(kinds[k].rate * 1.5)) for k in kinds)
    assert override_voices(base) == base


@pytest.mark.parametrize(
    "args, message",
    [
        ({"rate": 200, "speed": 1.2}, "not both"),
        ({"rate": 20}, "--rate"),
        ({"speed": 9.0}, "--speed"),
        ({"voice": " "}, "--voice"),
    ],
)
def test_voice_overrides_reject_nonsense(args, message):
    with pytest.raises(UsageError, match=message):
        override_voices(load_voices(None), **args)


def test_voice_option_reaches_the_engine(tmp_path, fake_engine):
    from conftest import fake_voices_toml

    from fic2audio.pipeline import RenderOptions, build_audiobook

    story = tmp_path / "tiny.txt"
    story.write_text(TINY, encoding="utf-8")
    build_audiobook(
        story,
        RenderOptions(
            output=tmp_path / "t.mp3", voices=fake_voices_toml(tmp_path), voice="en-gb-x-rp", speed=1.2, use_cache=False
        ),
    )
    narration = [profile for text, profile in fake_engine.calls if text == "The kettle sang."]
    assert narration and narration[0].voice == "en-gb-x-rp" and narration[0].rate == round(175 * 1.2)
    spoken = {profile.voice.split("+")[0] for _, profile in fake_engine.calls}
    assert spoken == {"en-gb-x-rp"}  # the automatic cast starts from it too


@pytest.mark.real_audio
def test_speed_and_format_from_the_name_on_real_renders(tmp_path):
    """-o book.m4b writes an M4B; --speed changes the pace; -q prints nothing; --verbose names the files."""
    story = tmp_path / "tiny.txt"
    story.write_text(TINY, encoding="utf-8")
    fast = run_cli(story, "-o", tmp_path / "fast.m4b", "--speed", "1.6", "--voice", "en-us", "-q", cwd=tmp_path)
    assert fast.returncode == 0, fast.stderr
    assert fast.stdout == ""  # -q: no summary
    slow = run_cli(story, "-o", tmp_path / "slow.m4b", "--speed", "0.8", "--verbose", cwd=tmp_path)
    assert slow.returncode == 0, slow.stderr
    lines = slow.stdout.splitlines()
    assert "format: m4b" in lines and f"wrote: {tmp_path / 'slow.m4b'}" in lines and f"wrote: {tmp_path / 'slow.vtt'}" in lines
    assert lines[-1].startswith(f"{tmp_path / 'slow.m4b'}: 0:00:")  # and the summary
    for name in ("fast.m4b", "slow.m4b"):
        probed = ffprobe(tmp_path / name)
        assert "mp4" in probed["format"]["format_name"] and probed["streams"][0]["codec_name"] == "aac"
    fast_s = float(ffprobe(tmp_path / "fast.m4b")["format"]["duration"])
    slow_s = float(ffprobe(tmp_path / "slow.m4b")["format"]["duration"])
    assert fast_s < 0.8 * slow_s, (fast_s, slow_s)
    from fic2audio.feed import build_feed

    feed = build_feed(tmp_path, "http://a.example/")
    assert feed.count('type="audio/mp4"') == 2 and "audio/mpeg" not in feed


@pytest.mark.parametrize(
    "output, fmt, expected",
    [
        (None, None, "mp3"),
        ("b.mp3", None, "mp3"),
        ("b.m4b", None, "m4b"),
        ("b.M4A", None, "m4b"),
        ("b.epub", None, "epub3"),
        ("b.m4b", "m4b", "m4b"),
        ("b", "m4b", "m4b"),
        ("b", None, "mp3"),
        (None, "EPUB3", "epub3"),
    ],
)
def test_format_follows_the_output_name(output, fmt, expected):
    assert output_format(Path(output) if output else None, fmt) == expected


@pytest.mark.parametrize(
    "output, fmt, named",
    [
        ("b.m4b", "mp3", "b.m4b"),
        ("b.epub", "m4b", "b.epub"),
        ("b.mp3", "epub3", "b.mp3"),
        ("b.ogg", None, "b.ogg"),
        ("b.m4b", "flac", "flac"),
    ],
)
def test_format_contradicting_the_name_is_a_usage_error(tmp_path, output, fmt, named):
    story = tmp_path / "tiny.txt"
    story.write_text(TINY, encoding="utf-8")
    run = run_cli(story, "-o", tmp_path / output, *(["--format", fmt] if fmt else []), cwd=tmp_path, timeout=120)
    assert_failed_cleanly(run, 2, named)
    assert not (tmp_path / output).exists()


# --- the small ones ---------------------------------------------------------------------------------


def test_phonemes_of_an_unknown_voice_fails(tmp_path):
    assert_failed_cleanly(run_cli("phonemes", "hello", "--voice", "no-such-voice", cwd=tmp_path, timeout=120), 2, "no-such-voice")
    # "klingon" is a real eSpeak NG voice (art/piqd), listed as such: not an unknown one.
    assert any(
        line.split()[0] == "piqd" and "Klingon" in line
        for line in run_cli("voices", cwd=tmp_path, timeout=120).stdout.splitlines()
    )


def test_ctrl_c_on_serve_stops_it_without_talk_of_writing(tmp_path):
    process = subprocess.Popen(
        [*CLI, "serve", str(tmp_path), "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline().startswith("subscribe: http://127.0.0.1:")
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert stderr.strip() == "fic2audio: stopped serving"


# --- stories by URL -----------------------------------------------------------------------------------

TEST_SITE = "http://test1.com?sid=1234"  # FanFicFare's offline test adapter: makes its story up, no network


def test_story_by_url_is_fetched_with_fanficfare(tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    run = run_cli("plan", TEST_SITE, "--json", cwd=tmp_path, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    script = json.loads(run.stdout)
    assert script["metadata"]["Title"] == "Test Story Title 1234" and script["metadata"]["URL"] == TEST_SITE
    assert any("fake adapter for testing" in s["text"] for ch in script["chapters"] for s in ch["segments"])
    assert "FFF:" not in run.stderr  # FanFicFare's own log lines stay quiet
    assert list((tmp_path / "tmp").iterdir()) == []  # the fetched EPUB is gone


def test_a_story_that_does_not_exist_is_one_line(tmp_path):
    assert_failed_cleanly(
        run_cli("plan", "http://test1.com?sid=666", cwd=tmp_path, timeout=300), 3, "http://test1.com?sid=666", "cannot fetch"
    )


@pytest.mark.parametrize("url", [TEST_SITE, "https://archiveofourown.org/works/1"])
def test_without_fanficfare_a_url_is_one_line_saying_what_to_do(tmp_path, url):
    blocked = "import sys; sys.modules['fanficfare'] = None; from fic2audio.cli import main; main()"
    run = subprocess.run([sys.executable, "-c", blocked, url], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    line = assert_failed_cleanly(run, 2, url, "fic2audio[fetch]", "EPUB")
    assert "no such file" not in line
