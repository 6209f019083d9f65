"""Issue 12, bounded input: endless and special files, lying and corrupt EPUB zips, and control
characters that XML, JSON and tags cannot carry. The endless-file runs go under RLIMIT_AS, so a
regression fails the test instead of exhausting the machine."""

from __future__ import annotations

import io
import json
import os
import resource
import struct
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from clitools import CLI, assert_failed_cleanly, run_cli
from conftest import fake_voices_toml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_formats_security import CHAPTER, CONTAINER, make_epub, opf

from fic2audio.errors import InputError
from fic2audio.read import read_story
from fic2audio.safe_text import printable

MEMORY_LIMIT = 2 << 30  # bytes of address space for a child reading an endless file


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_device_is_refused_by_type(tmp_path, device):
    result = subprocess.run(
        [*CLI, "plan", device], capture_output=True, text=True, timeout=60, cwd=tmp_path, preexec_fn=_limit_memory
    )
    assert_failed_cleanly(result, 3, device, "character device")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    result = subprocess.run(
        [*CLI, "plan", str(fifo)], capture_output=True, text=True, timeout=60, cwd=tmp_path, preexec_fn=_limit_memory
    )
    assert_failed_cleanly(result, 3, "story.txt", "FIFO")


def test_a_socket_is_refused(tmp_path):
    import socket

    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(tmp_path / "story.txt"))
        with pytest.raises(InputError, match="socket"):
            read_story(tmp_path / "story.txt")


def test_a_story_past_the_size_cap_is_one_error(tmp_path, monkeypatch):
    from fic2audio import read

    monkeypatch.setattr(read, "MAX_STORY_BYTES", 1000)
    story = tmp_path / "long.txt"
    story.write_text("Word " * 300, encoding="utf-8")
    with pytest.raises(InputError, match="too large for a story file"):
        read_story(story)


def test_a_file_that_claims_no_size_is_still_read_only_to_the_cap(tmp_path, monkeypatch):
    """/proc files say 0 bytes and may not end: the read stops one byte past the cap whatever stat says."""
    from fic2audio import read

    monkeypatch.setattr(read, "MAX_STORY_BYTES", 100)
    with pytest.raises(InputError, match="too large for a story file"):
        read_story("/proc/self/maps")  # hundreds of bytes, st_size 0


# --- lying and corrupt EPUB zips ------------------------------------------------------------------


def _good_epub(path: Path) -> Path:
    return make_epub(path, {"META-INF/container.xml": CONTAINER, "content.opf": opf(), "ch1.xhtml": CHAPTER * 20})


def _central_entry(data: bytes, member: str) -> int:
    """Offset of `member`'s central directory header."""
    offset = data.index(b"PK\x01\x02")
    while True:
        name_len = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46 : offset + 46 + name_len] == member.encode():
            return offset
        offset = data.index(b"PK\x01\x02", offset + 4)


def _local_data(data: bytes, member: str) -> tuple[int, int]:
    """(start, length) of `member`'s compressed data."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    start = info.header_offset
    name_len, extra_len = struct.unpack_from("<HH", data, start + 26)
    return start + 30 + name_len + extra_len, info.compress_size


def _patched(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    buffer = bytearray(data)
    struct.pack_into(fmt, buffer, offset, value)
    return bytes(buffer)


def _lie_about_size(data: bytes) -> bytes:
    entry = _central_entry(data, "ch1.xhtml")
    return _patched(data, entry + 24, "<I", 50)  # uncompressed size: 50 bytes, far short of the truth


def _wrong_crc(data: bytes) -> bytes:
    entry = _central_entry(data, "ch1.xhtml")
    return _patched(data, entry + 16, "<I", struct.unpack_from("<I", data, entry + 16)[0] ^ 0xDEADBEEF)


def _corrupt_deflate(data: bytes) -> bytes:
    start, length = _local_data(data, "ch1.xhtml")
    buffer = bytearray(data)
    for i in range(start + length // 3, start + 2 * length // 3):
        buffer[i] ^= 0x5A
    return bytes(buffer)


@pytest.mark.parametrize("damage", [_lie_about_size, _wrong_crc, _corrupt_deflate])
def test_a_damaged_epub_member_is_one_line_naming_it(tmp_path, damage):
    book = _good_epub(tmp_path / "book.epub")
    assert read_story(book).metadata.title == "Safe"  # the control: undamaged, it reads
    book.write_bytes(damage(book.read_bytes()))
    result = run_cli("plan", book, cwd=tmp_path, timeout=120)
    assert_failed_cleanly(result, 3, "book.epub", "ch1.xhtml")


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 60)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_fuzzed_epubs_give_a_story_or_one_input_error(tmp_path, data):
    """Random byte changes anywhere in a book, or in one member's compressed data: never a traceback."""
    book = _good_epub(tmp_path / "fuzz.epub")
    original = book.read_bytes()
    start, length = _local_data(original, "ch1.xhtml")
    where = data.draw(st.sampled_from(["anywhere", "member"]))
    low, high = (0, len(original) - 1) if where == "anywhere" else (start, start + length - 1)
    changes = data.draw(st.lists(st.tuples(st.integers(low, high), st.integers(0, 255)), min_size=1, max_size=8))
    buffer = bytearray(original)
    for offset, value in changes:
        buffer[offset] = value
    book.write_bytes(bytes(buffer))
    try:
        story = read_story(book)
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert story.chapters


# --- text that XML, JSON and tags can carry --------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bad\x0bTitle", "Bad Title"),
        ("Pod\x01cast", "Podcast"),
        ("tab\tand\nline", "tab\tand\nline"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("C1\x85control\x9f", "C1control"),
        ("not\ufffe\uffffchars", "notchars"),
        ("accents é, emoji 😀, CJK 漢字", "accents é, emoji 😀, CJK 漢字"),
    ],
)
def test_printable_text(text, expected):
    assert printable(text) == expected


HOSTILE_HTML = """<!DOCTYPE html><html><head><title>Bad&#1;Title&#xFFFE;</title></head><body>
<h2>Chapter&#3; One</h2><p>The harbor&#1; was quiet&#2;. Then the bell&#xFFFF; rang.</p>
<h2>Chapter Two</h2><p>Morning&#11; came.</p></body></html>"""


def _xml_members(book: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(book) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.endswith((".opf", ".xhtml", ".smil", ".ncx", ".xml"))}


def test_control_characters_never_reach_the_epub_tags_or_sidecars(tmp_path, fake_engine):
    from mutagen.id3 import ID3
    from test_listen import epubcheck

    from fic2audio.pipeline import RenderOptions, build_audiobook

    story = tmp_path / "hostile.html"
    story.write_text(HOSTILE_HTML, encoding="utf-8")
    voices = fake_voices_toml(tmp_path)
    book = build_audiobook(story, RenderOptions(output=tmp_path / "hostile.epub", format="epub3", voices=voices, use_cache=False))
    for member in _xml_members(Path(book.path)).values():
        ET.fromstring(member)  # a strict XML parser: raises on any character XML cannot carry
    epubcheck(Path(book.path), tmp_path / "report.json")
    mp3 = build_audiobook(story, RenderOptions(output=tmp_path / "hostile.mp3", voices=voices, use_cache=False))
    tags = ID3(mp3.path)
    assert all(str(text).isprintable() for frame in tags.values() if hasattr(frame, "text") for text in frame.text)
    assert str(tags["TIT2"].text[0]) == "BadTitle"
    chapters = json.loads((tmp_path / "hostile.chapters.json").read_text(encoding="utf-8"))
    assert all(c["title"].isprintable() for c in chapters["chapters"])
    assert all(ch.isprintable() or ch in "\n" for ch in (tmp_path / "hostile.vtt").read_text(encoding="utf-8"))
