"""Export through ffmpeg and mutagen with the fake engine: chapter order, tags, atomic output."""

from __future__ import annotations

import pytest
from conftest import fake_voices_toml, ffprobe
from mutagen.id3 import ID3

from fic2audio.pipeline import RenderOptions, build_audiobook

TITLES = [
    "Chapter 1: A",
    "Chapter 2: A much longer title than the first one",
    "Chapter 3: Mid length",
    "Chapter 4",
    "Chapter 5: x" * 3,
]


def story(tmp_path):
    text = "Title: Many\nAuthor: Someone\nSummary: Lots of chapters.\n\n" + "".join(
        f"{title}\n\nWords in chapter {i}. More words here.\n\n" for i, title in enumerate(TITLES, start=1)
    )
    path = tmp_path / "many.txt"
    path.write_text(text)
    return path


@pytest.mark.parametrize("fmt", ["mp3", "m4b"])
def test_chapters_in_order_with_tags(fake_engine, tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    book = build_audiobook(story(tmp_path), RenderOptions(output=target, format=fmt, voices=fake_voices_toml(tmp_path)))
    probe = ffprobe(target)
    assert [c["tags"]["title"] for c in probe["chapters"]] == ["Introduction", *TITLES]
    starts = [float(c["start_time"]) for c in probe["chapters"]]
    assert starts == sorted(starts) and starts[0] == 0
    assert float(probe["format"]["duration"]) == pytest.approx(book.duration_ms / 1000, abs=0.15)
    assert probe["format"]["tags"].get("artist") == "Someone"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    if fmt == "mp3":
        assert ID3(target).getall("CTOC")[0].child_element_ids == [f"chp{i}" for i in range(len(TITLES) + 1)]


def test_failed_render_leaves_no_file(fake_engine, tmp_path):
    from fic2audio.errors import EngineError

    def broken(text, profile):
        raise EngineError("engine exploded")

    fake_engine.synthesize = broken
    target = tmp_path / "out.mp3"
    with pytest.raises(EngineError):
        build_audiobook(story(tmp_path), RenderOptions(output=target, voices=fake_voices_toml(tmp_path)))
    assert list(tmp_path.glob("*.mp3")) == [] and [p for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_authors_header_key_is_the_books_artist(tmp_path):
    """An archive's plural "Authors:" key names the artist (ID3 TPE1, MP4 artist) like "Author:"."""
    from fic2audio.export import ffmetadata, write_id3
    from fic2audio.model import Metadata

    metadata = Metadata((("Title", "T"), ("Authors", "Ann and Bea")))
    assert metadata.author == "Ann and Bea"
    target = tmp_path / "tags.mp3"
    target.write_bytes(b"")
    write_id3(target, metadata, "T", ())
    assert ID3(target)["TPE1"].text == ["Ann and Bea"]
    assert "artist=Ann and Bea" in ffmetadata(metadata, "T", ()).splitlines()
