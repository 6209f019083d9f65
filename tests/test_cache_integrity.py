"""Issue 12, trust nothing read back: damaged clips and chapter parts in the cache are found by their
length and checksum, removed, made again and reported once; the book comes out as if the cache had
been whole, and its duration, marks and transcript describe the audio it holds."""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import fake_voices_toml, ffprobe
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fic2audio.pipeline import RenderOptions, build_audiobook

STORY = """Title: Kept Whole
Author: Test

Chapter 1

The harbor was quiet. "Are you awake?" Ana asked. The gulls had gone.

Chapter 2

"Always," said Ben. The sun rose over the roofs, and the bell rang twice.
"""


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _empty(data: bytes) -> bytes:
    return b""


def _zero(data: bytes) -> bytes:
    return bytes(len(data))


def _odd_length(data: bytes) -> bytes:
    return data[:-1]


def _random(data: bytes) -> bytes:
    return random.Random(len(data)).randbytes(len(data))


DAMAGE = [_truncate, _empty, _zero, _odd_length, _random]


@pytest.fixture
def first_render(tmp_path, fake_engine):
    """A story rendered once into a fresh cache; returns (story, options, the book, its bytes)."""
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    options = RenderOptions(
        output=tmp_path / "out" / "book.mp3", voices=fake_voices_toml(tmp_path), cache_dir=tmp_path / "cache", jobs=1
    )
    book = build_audiobook(story, options)
    assert book.warnings == ()
    return story, options, book, _outputs(tmp_path / "out")


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _assert_consistent(book, folder: Path) -> None:
    """Duration, chapter marks and transcript describe the audio the file holds."""
    decoded_ms = float(ffprobe(book.path)["format"]["duration"]) * 1000
    assert abs(decoded_ms - book.duration_ms) < 60
    assert book.marks[-1].end_ms == book.duration_ms
    cues = (folder / "book.vtt").read_text(encoding="utf-8")
    last_end = max(line.split(" --> ")[1] for line in cues.splitlines() if " --> " in line)
    hours, minutes, seconds = last_end.split(" ")[0].split(":")
    assert (int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000 <= decoded_ms + 60


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__.strip("_"))
def test_a_damaged_clip_is_made_again_with_one_warning(first_render, tmp_path, fake_engine, damage):
    story, options, _, outputs = first_render
    clips = sorted((tmp_path / "cache" / "clips").rglob("*.pcm"))
    for clip in clips[:3]:
        clip.write_bytes(damage(clip.read_bytes()))
    for part in (tmp_path / "cache" / "parts").iterdir():  # the clips must be read again: no parts to reuse
        part.unlink()
    shutil.rmtree(tmp_path / "out")
    fake_engine.calls.clear()
    book = build_audiobook(story, options)
    assert len(fake_engine.calls) == 3
    assert len(book.warnings) == 1 and "3 damaged cache entries" in book.warnings[0]
    assert _outputs(tmp_path / "out") == outputs  # the same book, byte for byte
    _assert_consistent(book, tmp_path / "out")


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("entry", ["audio", "manifest"])
def test_a_damaged_chapter_part_is_encoded_again_with_one_warning(first_render, tmp_path, fake_engine, damage, entry):
    story, options, _, outputs = first_render
    parts = sorted((tmp_path / "cache" / "parts").glob("*.mp3" if entry == "audio" else "*.json"))
    parts[0].write_bytes(damage(parts[0].read_bytes()))
    shutil.rmtree(tmp_path / "out")
    fake_engine.calls.clear()
    book = build_audiobook(story, options)
    assert fake_engine.calls == []  # the clips were whole: only the part is encoded again
    assert len(book.warnings) == 1 and "1 damaged cache entries" in book.warnings[0]
    assert _outputs(tmp_path / "out") == outputs
    _assert_consistent(book, tmp_path / "out")


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 8)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_fuzzed_cache_entries_never_give_a_traceback_or_a_book_that_disagrees(first_render, tmp_path, data):
    """Random bytes changed, cut or added in random cache files: the render succeeds, and the book is
    the one an intact cache gives. Each example starts from a copy of the same whole cache."""
    story, options, _, outputs = first_render
    pristine = tmp_path / "cache"
    entries = sorted(p.relative_to(pristine) for p in pristine.rglob("*") if p.is_file())
    example = Path(tempfile.mkdtemp(dir=tmp_path))
    shutil.copytree(pristine, example / "cache")
    for entry in data.draw(st.lists(st.sampled_from(entries), min_size=1, max_size=4, unique=True)):
        path = example / "cache" / entry
        stored = path.read_bytes()
        how = data.draw(st.sampled_from(["flip", "cut", "grow"]))
        if how == "flip" and stored:
            offset = data.draw(st.integers(0, len(stored) - 1))
            stored = stored[:offset] + bytes([stored[offset] ^ data.draw(st.integers(1, 255))]) + stored[offset + 1 :]
        elif how == "cut":
            stored = stored[: data.draw(st.integers(0, max(0, len(stored) - 1)))]
        else:
            stored += data.draw(st.binary(min_size=1, max_size=64))
        path.write_bytes(stored)
    book = build_audiobook(story, replace(options, output=example / "out" / "book.mp3", cache_dir=example / "cache"))
    assert _outputs(example / "out") == outputs
    _assert_consistent(book, example / "out")
    shutil.rmtree(example)
