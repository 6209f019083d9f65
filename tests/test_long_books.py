"""Books past 255 chapters (nested ID3 tables of contents, the MP4 chapter track) and split output."""

from __future__ import annotations

import pytest
from conftest import fake_voices_toml, ffprobe

from fic2audio.export import finish_audiobook, run_ffmpeg, split_volumes
from fic2audio.model import ChapterMark, Metadata
from fic2audio.pipeline import RenderOptions, build_audiobook

CHAPTERS = 300  # past the 255 a one-byte chapter count can hold


@pytest.fixture(scope="module", params=["mp3", "m4b"])
def long_book(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    codec = ["-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3"] if request.param == "mp3" else ["-c:a", "aac", "-f", "adts"]
    source = folder / "tone"
    run_ffmpeg(
        ["-f", "lavfi", "-i", f"sine=frequency=300:sample_rate=22050:duration={CHAPTERS + 1}", "-ac", "1", *codec, str(source)]
    )
    marks = tuple(ChapterMark(f"Chapter {i + 1}", i * 1000, (i + 1) * 1000) for i in range(CHAPTERS))
    book = folder / f"book.{request.param}"
    finish_audiobook(source, book, request.param, Metadata((("Title", "Long"),)), "Long", marks)
    return book


def test_every_chapter_past_255_is_listed_in_order(long_book):
    chapters = ffprobe(long_book)["chapters"]
    assert len(chapters) == CHAPTERS
    assert [c["tags"]["title"] for c in sorted(chapters, key=lambda c: float(c["start_time"]))] == [
        f"Chapter {i + 1}" for i in range(CHAPTERS)
    ]
    assert float(max(chapters, key=lambda c: float(c["start_time"]))["start_time"]) == pytest.approx(CHAPTERS - 1, abs=0.01)


def test_each_format_lists_every_chapter_where_its_players_look(long_book):
    if long_book.suffix == ".mp3":
        check_id3_tables_of_contents(long_book)
    else:
        check_mp4_chapter_track(long_book)


def check_mp4_chapter_track(book):
    """The audio track names a QuickTime chapter track (what Apple's players read) holding one sample
    per chapter; the Nero chapter list (chpl) holds what its one-byte count allows, in order."""
    import struct

    from mutagen.mp4 import MP4, Atoms

    with open(book, "rb") as stream:

        def read(atom):
            stream.seek(atom.offset)
            return stream.read(atom.length)

        tracks = {}
        for trak in Atoms(stream)[(b"moov",)].findall(b"trak"):
            header = read(trak[(b"tkhd",)])
            track_id = struct.unpack(">I", header[20:24] if header[8] == 0 else header[28:32])[0]
            kind = read(trak[(b"mdia", b"hdlr")])[16:20]
            samples = struct.unpack(">I", read(trak[(b"mdia", b"minf", b"stbl", b"stsz")])[16:20])[0]
            tref = next((read(c) for c in trak.children if c.name == b"tref"), b"")
            chapters_at = struct.unpack(">I", tref[16:20])[0] if tref[12:16] == b"chap" else None
            tracks[track_id] = (kind, samples, chapters_at)
    audio = [t for t in tracks.values() if t[0] == b"soun"]
    assert len(audio) == 1 and audio[0][2] in tracks
    assert tracks[audio[0][2]][:2] == (b"text", CHAPTERS)
    nero = MP4(book).chapters
    assert [c.title for c in nero] == [f"Chapter {i + 1}" for i in range(255)]
    assert [round(c.start) for c in nero] == list(range(255))


def check_id3_tables_of_contents(long_book):
    from mutagen.id3 import ID3, CTOCFlags

    tags = ID3(long_book)
    tocs = {t.element_id: t for t in tags.getall("CTOC")}
    top = [t for t in tocs.values() if t.flags & CTOCFlags.TOP_LEVEL]
    assert len(top) == 1 and top[0].child_element_ids == ["toc0", "toc1"]
    listed = [chapter for child in top[0].child_element_ids for chapter in tocs[child].child_element_ids]
    assert all(len(t.child_element_ids) <= 255 for t in tocs.values())
    assert (
        listed
        == [f"chp{i}" for i in range(CHAPTERS)]
        == sorted({c.element_id for c in tags.getall("CHAP")}, key=lambda e: int(e[3:]))
    )


@pytest.mark.parametrize(
    ("samples", "hours", "chapters", "expected"),
    [
        ([10, 10, 10], None, None, [[0, 1, 2]]),
        ([10, 10, 10, 10, 10], None, 2, [[0, 1], [2, 3], [4]]),
        ([3600 * 22050] * 3, 1.0, None, [[0], [1], [2]]),
        ([1800 * 22050] * 5, 1.0, None, [[0, 1], [2, 3], [4]]),
        ([2400 * 22050] * 4, 1.0, None, [[0, 1], [2, 3]]),  # split at the first chapter end past the hour
        ([1800 * 22050] * 4, 5.0, 3, [[0, 1, 2], [3]]),
        ([7 * 3600 * 22050], 1.0, None, [[0]]),  # a chapter is never cut
    ],
)
def test_split_points_fall_at_chapter_ends(samples, hours, chapters, expected):
    assert split_volumes(samples, hours, chapters) == expected


@pytest.mark.parametrize("fmt", ["mp3", "m4b"])
def test_split_chapters_writes_numbered_files_that_together_hold_the_book(tmp_path, fake_engine, fmt):
    story = tmp_path / "story.txt"
    story.write_text(
        "Title: Split\nAuthor: Test\n\n" + "\n".join(f"Chapter {c}\n\nShe said a thing {c} times.\n" for c in range(1, 6)),
        encoding="utf-8",
    )
    options = RenderOptions(
        output=tmp_path / "out" / f"Split.{fmt}",
        format=fmt,
        voices=fake_voices_toml(tmp_path),
        split_chapters=2,
        cache_dir=tmp_path / "cache",
    )
    book = build_audiobook(story, options)
    names = [f"Split - part {n} of 3.{fmt}" for n in (1, 2, 3)]
    assert [p.rsplit("/", 1)[-1] for p in book.files] == names
    probes = [ffprobe(tmp_path / "out" / name) for name in names]
    titles = [[c["tags"]["title"] for c in sorted(p["chapters"], key=lambda c: float(c["start_time"]))] for p in probes]
    assert titles == [["Introduction", "Chapter 1"], ["Chapter 2", "Chapter 3"], ["Chapter 4", "Chapter 5"]]
    assert all(min(float(c["start_time"]) for c in p["chapters"]) == 0 for p in probes)
    assert sum(float(p["format"]["duration"]) for p in probes) * 1000 == pytest.approx(book.duration_ms, abs=150)
    assert not (tmp_path / "out" / f"Split.{fmt}").exists()


@pytest.mark.parametrize("option", [["--split-hours", "0"], ["--split-hours", "-1"], ["--split-chapters", "0"]])
def test_a_bad_split_is_refused_before_anything_is_spoken(tmp_path, fake_engine, capsys, option):
    from fic2audio.cli import main

    story = tmp_path / "story.txt"
    story.write_text("Title: T\n\nChapter 1\n\nWords here.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(
            [
                str(story),
                "-o",
                str(tmp_path / "out" / "b.mp3"),
                "--voices",
                str(fake_voices_toml(tmp_path)),
                "--cache-dir",
                str(tmp_path / "c"),
                *option,
            ]
        )
    assert exited.value.code == 2
    assert capsys.readouterr().err.strip() == "fic2audio: error: --split-hours must be above 0 and --split-chapters at least 1"
    assert fake_engine.calls == [] and not (tmp_path / "out" / "b.mp3").exists()
