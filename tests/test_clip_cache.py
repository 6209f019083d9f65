"""The clip cache: reruns re-make only what changed, a SIGKILLed render resumes, keys see every setting."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace

import pytest
from conftest import fake_voices_toml, ffprobe

from fic2audio.cache import clip_key
from fic2audio.model import VoiceProfile
from fic2audio.pipeline import RenderOptions, build_audiobook, plan_story
from fic2audio.read import read_story
from fic2audio.render import RenderSettings, render_book
from fic2audio.segment import build_script
from fic2audio.voices import load_voices

BASE = VoiceProfile(engine="pyttsx3", voice="en", rate=175, volume=1.0, pitch=50)


@pytest.mark.parametrize(
    ("text", "profile", "version"),
    [
        ("Hello there.", BASE, "v2"),  # engine version
        ("Hello there!", BASE, "v1"),  # text
        ("Hello there.", replace(BASE, voice="en+f3"), "v1"),
        ("Hello there.", replace(BASE, rate=176), "v1"),
        ("Hello there.", replace(BASE, volume=0.9), "v1"),
        ("Hello there.", replace(BASE, pitch=51), "v1"),
        ("Hello there.", replace(BASE, effects=("echo",)), "v1"),
        ("Hello there.", replace(BASE, engine="fake"), "v1"),
    ],
)
def test_every_setting_that_changes_the_sound_changes_the_key(text, profile, version):
    assert clip_key(text, profile, version) != clip_key("Hello there.", BASE, "v1")
    assert clip_key(text, profile, version) == clip_key(text, replace(profile), version)


def write_story(path, chapters: int, sentences: int, edit: str = "") -> None:
    body = ["Title: Cached\nAuthor: Test\n"]
    for c in range(1, chapters + 1):
        body.append(f"Chapter {c}\n")
        for p in range(3):
            extra = edit if (c, p) == (2, 1) else ""
            body.append(" ".join(f"Line {c} {p} {n} is said." for n in range(sentences)) + f' "Yes{extra}," she said.\n')
    path.write_text("\n".join(body), encoding="utf-8")


def test_a_rerun_after_editing_one_paragraph_remakes_only_its_clips(tmp_path, fake_engine):
    story = tmp_path / "story.txt"
    write_story(story, chapters=4, sentences=3)
    voices = load_voices(fake_voices_toml(tmp_path))
    settings = RenderSettings(jobs=1, cache_dir=tmp_path / "cache")
    first = render_book(build_script(read_story(story)), voices, "mp3", tmp_path, settings)
    assert first.made == len(fake_engine.calls) and first.reused_parts == 0
    write_story(story, chapters=4, sentences=3, edit=" indeed")
    fake_engine.calls.clear()
    second = render_book(build_script(read_story(story)), voices, "mp3", tmp_path, settings)
    assert [text for text, _ in fake_engine.calls] == ["Yes indeed,"]
    assert second.made == 1 and second.reused_parts == len(second.chapters) - 1
    changed = [a.path != b.path for a, b in zip(first.chapters, second.chapters, strict=True)]
    assert changed == [False, False, True, False, False]
    fake_engine.calls.clear()
    third = render_book(build_script(read_story(story)), voices, "mp3", tmp_path, settings)
    assert fake_engine.calls == [] and third.reused_parts == len(third.chapters)


def test_no_cache_stores_nothing_and_makes_every_clip(tmp_path, fake_engine):
    story = tmp_path / "story.txt"
    write_story(story, chapters=2, sentences=2)
    options = RenderOptions(
        output=tmp_path / "out" / "book.mp3", voices=fake_voices_toml(tmp_path), use_cache=False, cache_dir=tmp_path / "cache"
    )
    for _ in range(2):
        book = build_audiobook(story, options)
    assert not (tmp_path / "cache").exists()
    assert len(fake_engine.calls) == 2 * sum(len(ch.segments) for ch in plan_story(story).chapters)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "book.chapters.json",
        "book.mp3",
        "book.png",
        "book.srt",
        "book.vtt",
    ]
    assert abs(float(ffprobe(book.path)["format"]["duration"]) * 1000 - book.duration_ms) < 60


@pytest.mark.real_audio
def test_a_render_killed_with_sigkill_resumes_to_the_same_book(tmp_path):
    """Real eSpeak NG and ffmpeg in worker processes: kill -9 midway, run again, compare."""
    story = tmp_path / "story.txt"
    write_story(story, chapters=3, sentences=8)
    cache = tmp_path / "cache"
    target = tmp_path / "out" / "book.mp3"
    command = [sys.executable, "-m", "fic2audio", str(story), "-o", str(target), "--cache-dir", str(cache), "-j", "2", "-q"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    clips = cache / "clips"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(clips.glob("*/*.pcm"))) < 30 and process.poll() is None:
        time.sleep(0.01)
    assert process.poll() is None, "the render ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    stored = len(list(clips.glob("*/*.pcm")))
    assert not target.exists()

    resumed = subprocess.run(command, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    clean = subprocess.run(
        [*command[:5], str(tmp_path / "clean" / "book.mp3"), "--no-cache", "-j", "2", "-q"], capture_output=True, text=True
    )
    assert clean.returncode == 0, clean.stderr
    again = subprocess.run(
        [*command[:5], str(tmp_path / "again" / "book.mp3"), "--cache-dir", str(cache), "-q"], capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr

    total = sum(len(ch.segments) for ch in build_script(read_story(story)).chapters)
    assert 30 <= stored < total
    assert len(list(clips.glob("*/*.pcm"))) == len({*map(str, clips.glob("*/*.pcm"))}) <= total
    got, want = ffprobe(target), ffprobe(tmp_path / "clean" / "book.mp3")
    assert [c["tags"]["title"] for c in got["chapters"]] == [c["tags"]["title"] for c in want["chapters"]]
    # eSpeak varies edge silence by a few ms between runs; the resumed book matches a clean one closely
    # and a rerun from the cache matches it exactly.
    assert abs(float(got["format"]["duration"]) - float(want["format"]["duration"])) < 0.05 * total
    assert (tmp_path / "again" / "book.mp3").read_bytes() == target.read_bytes()
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == []


def test_prune_removes_the_longest_unused_entries_but_never_this_renders(tmp_path):
    from fic2audio.cache import ClipCache

    cache = ClipCache(tmp_path / "cache")
    cache.prepare()
    for n in range(6):
        cache.put_clip(f"{n:064x}", b"\x01" * 1000)
        os.utime(cache.clip_path(f"{n:064x}"), (1000 + n, 1000 + n))  # older first
    cache.put_clip("f" * 64, b"\x01" * 1000)  # written by "this render": newest
    assert cache.get_clip(f"{5:064x}") is not None  # read by this render: touched
    entry = cache.clip_path("f" * 64).stat().st_size  # the clip and its length and checksum
    freed = cache.prune(limit=entry * 5 // 2, keep_since=time.time() - 2)
    kept = sorted(p.stem for p in cache.clips.rglob("*.pcm"))
    assert kept == [f"{5:064x}", "f" * 64] and freed == 5 * entry
    assert cache.prune(limit=0, keep_since=time.time() - 2) == 0  # this render's entries stay
