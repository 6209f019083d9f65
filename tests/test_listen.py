"""Issue 6, listen anywhere: transcripts, chapters JSON, cover art, the podcast feed and `serve`.

Audio comes from the real engine (eSpeak NG through pyttsx3) and ffmpeg; the feed is read back with
feedparser, the server is run on loopback and fetched with httpx and http.client.
"""

from __future__ import annotations

import http.client
import io
import itertools
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import httpx
import pytest
from clitools import serving
from conftest import fake_voices_toml, ffprobe
from mutagen.id3 import ID3
from mutagen.mp4 import MP4
from PIL import Image

from fic2audio.export import ffmpeg_path
from fic2audio.model import SAMPLE_RATE, Cue, Kind, Segment
from fic2audio.pipeline import RenderOptions, build_audiobook, plan_story
from fic2audio.render import BOOK_TAIL_MS
from fic2audio.sidecars import srt, webvtt

STORY = """Title: The Small Hours
Author: Quill
Fandom: Test Fandom
Pairing: Ana/Ben
Summary: Two friends talk at dawn.

Chapter 1

The kettle sang. "Are you awake?" Ana asked.

Chapter 2

"Always," said Ben. The sun rose over the roofs.
"""
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
BOOKS = {"mp3": "small-hours.mp3", "m4b": "small-hours-aac.m4b"}
FIC2AUDIO = [sys.executable, "-m", "fic2audio"]


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    """A folder with the tiny story rendered by the real engine as MP3 and M4B.

    The two get different names because sidecars are named by the audio's stem (two renders may
    differ by a few milliseconds, so they must not share a transcript)."""
    folder = tmp_path_factory.mktemp("library")
    story = folder.parent / "small-hours.txt"
    story.write_text(STORY, encoding="utf-8")
    for fmt in ("mp3", "m4b"):
        build_audiobook(story, RenderOptions(output=folder / BOOKS[fmt], format=fmt))
    return folder


def parse_vtt(text: str, *, voices: bool = False) -> list[tuple]:
    """(start, end, text) per cue, the `<v Speaker>` tag taken off the text; with voices=True the
    speaker (or None) comes fourth."""
    cues = []
    for block in text.strip().split("\n\n")[1:]:
        lines = block.splitlines()
        start, end = re.match(r"(\S+) --> (\S+)", lines[1]).groups()
        voiced = re.match(r"<v ([^>]*)>(.*)", "\n".join(lines[2:]), re.S)
        speaker, body = (voiced.group(1), voiced.group(2)) if voiced else (None, "\n".join(lines[2:]))
        cues.append((seconds(start), seconds(end), body, speaker) if voices else (seconds(start), seconds(end), body))
    return cues


def seconds(stamp: str) -> float:
    hours, minutes, rest = stamp.replace(",", ".").split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def decoded_seconds(path: Path) -> float:
    """The audio's length as a player hears it: decode every sample (encoder delay and padding removed)."""
    pcm = subprocess.run(
        [ffmpeg_path(), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(SAMPLE_RATE), "-"],
        capture_output=True,
        check=True,
    ).stdout
    return len(pcm) / 2 / SAMPLE_RATE


# --- transcripts: pure text, table tests -------------------------------------------------------

CUE_TABLE = [
    # (segment, start ms, end ms, WebVTT cue text, SRT text)
    (Segment(Kind.NARRATION, "The kettle sang."), 0, 1234.4, "The kettle sang.", "The kettle sang."),
    (Segment(Kind.DIALOGUE, "Are you awake?", speaker="Ana"), 1500, 2500.6, "<v Ana>Are you awake?", "Ana: Are you awake?"),
    (Segment(Kind.DIALOGUE, "Who's there?"), 3_600_000, 3_601_000, "Who's there?", "Who's there?"),
    (Segment(Kind.THOUGHT, "Not again.", speaker="Ben"), 61_000, 62_000, "<v Ben>Not again.", "Ben: Not again."),
    (Segment(Kind.NARRATION, "a <b> & c --> d\n\ne", speaker="Ana"), 10, 20, "a &lt;b&gt; &amp; c → d e", "a <b> & c → d e"),
    (Segment(Kind.DIALOGUE, "Hi", speaker="A<B>"), 0, 1, "<v A&lt;B&gt;>Hi", "A<B>: Hi"),
]


@pytest.mark.parametrize("segment, start, end, vtt_text, srt_text", CUE_TABLE)
def test_transcript_cue_text(segment, start, end, vtt_text, srt_text):
    cue = (Cue(0, segment, start, end),)
    vtt_lines = webvtt(cue).split("\n")
    srt_lines = srt(cue).split("\n")
    assert vtt_lines[0] == "WEBVTT" and vtt_lines[4] == vtt_text
    assert srt_lines[0] == "1" and srt_lines[2] == srt_text


def test_transcript_timestamps_round_to_milliseconds():
    cues = (Cue(0, Segment(Kind.NARRATION, "a"), 0.4, 1234.5), Cue(0, Segment(Kind.NARRATION, "b"), 3_723_004.6, 3_723_999.4))
    assert "00:00:00.000 --> 00:00:01.234" in webvtt(cues)  # round half to even: 1234.5 -> 1234
    assert "01:02:03.005 --> 01:02:03.999" in webvtt(cues)
    assert "01:02:03,005 --> 01:02:03,999" in srt(cues)


def test_fake_render_ends_with_its_last_word_and_the_books_silence(tmp_path, fake_engine):
    """No pause after the last word, only the book's end silence (issue 14: ACX asks for 1-5 s): the
    audio ends that long after the last cue, give or take the encoder's last frame (chapters are
    encoded as parts, each ending on a whole MP3 frame); issue 6 asks for 50 ms."""
    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    book = build_audiobook(story, RenderOptions(output=tmp_path / "s.mp3", voices=fake_voices_toml(tmp_path)))
    last_end = parse_vtt((tmp_path / "s.vtt").read_text(encoding="utf-8"))[-1][1]
    assert abs(book.duration_ms / 1000 - last_end - BOOK_TAIL_MS / 1000) <= 0.050
    assert book.marks[-1].end_ms == book.duration_ms


# --- sidecars and art on real audio --------------------------------------------------------------


@pytest.mark.real_audio
@pytest.mark.parametrize("fmt", ["mp3", "m4b"])
def test_transcript_matches_script_and_ends_with_audio(library, fmt):
    audio = library / BOOKS[fmt]
    vtt = parse_vtt(audio.with_suffix(".vtt").read_text(encoding="utf-8"))
    srt_cues = parse_vtt("X\n\n" + audio.with_suffix(".srt").read_text(encoding="utf-8"))
    segments = [s for ch in plan_story(library.parent / "small-hours.txt").chapters for s in ch.segments]
    assert [c[2] for c in vtt] == [s.text for s in segments]
    voiced = parse_vtt(audio.with_suffix(".vtt").read_text(encoding="utf-8"), voices=True)
    assert [c[3] for c in voiced] == [s.speaker if s.kind in (Kind.DIALOGUE, Kind.THOUGHT) else None for s in segments]
    assert [c[:2] for c in srt_cues] == [c[:2] for c in vtt]
    assert all(start < end for start, end, _ in vtt)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(vtt))
    heard = decoded_seconds(audio)
    tail = BOOK_TAIL_MS / 1000
    assert abs(vtt[-1][1] + tail - heard) <= 0.050, (vtt[-1][1], heard)
    if fmt == "m4b":  # MP4 edit lists carry the exact length; MP3's header counts whole 1152-sample frames
        assert abs(vtt[-1][1] + tail - float(ffprobe(audio)["format"]["duration"])) <= 0.050


@pytest.mark.real_audio
@pytest.mark.parametrize("fmt", ["mp3", "m4b"])
def test_chapters_json_matches_embedded_chapters(library, fmt):
    audio = library / BOOKS[fmt]
    data = json.loads(audio.with_suffix(".chapters.json").read_text(encoding="utf-8"))
    assert data["version"] == "1.2.0"
    embedded = sorted(ffprobe(audio)["chapters"], key=lambda c: float(c["start_time"]))
    assert (
        [c["title"] for c in data["chapters"]]
        == [c["tags"]["title"] for c in embedded]
        == ["Introduction", "Chapter 1", "Chapter 2"]
    )
    for ours, theirs in zip(data["chapters"], embedded, strict=True):
        assert abs(ours["startTime"] - float(theirs["start_time"])) <= 0.001
        assert abs(ours["endTime"] - float(theirs["end_time"])) <= 0.001


@pytest.mark.real_audio
def test_generated_cover_is_embedded_in_both_formats(library):
    png = (library / "small-hours.png").read_bytes()
    assert (library / "small-hours-aac.png").read_bytes() == png  # drawn from the story, the same each time
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.width == image.height and 1400 <= image.width <= 3000
        assert len(image.getcolors(1 << 20) or []) > 2  # text was drawn on the background
    pictures = ID3(library / "small-hours.mp3").getall("APIC")
    assert len(pictures) == 1 and pictures[0].mime == "image/png" and pictures[0].type == 3 and pictures[0].data == png
    covers = MP4(library / BOOKS["m4b"]).tags["covr"]
    assert len(covers) == 1 and covers[0].imageformat == covers[0].FORMAT_PNG and bytes(covers[0]) == png
    assert any(s.get("disposition", {}).get("attached_pic") for s in ffprobe(library / BOOKS["m4b"])["streams"])


@pytest.mark.real_audio
def test_cover_option_uses_the_readers_image(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("Title: Red\n\nOne short line.\n", encoding="utf-8")
    art = tmp_path / "mine.jpg"
    Image.new("RGB", (1500, 1500), (200, 30, 30)).save(art, format="JPEG")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "s.png").write_bytes(b"an older generated cover")
    run = subprocess.run(
        [*FIC2AUDIO, str(story), "-o", str(tmp_path / "out" / "s.mp3"), "--cover", str(art), "-q"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    pictures = ID3(tmp_path / "out" / "s.mp3").getall("APIC")
    assert pictures[0].mime == "image/jpeg" and pictures[0].data == art.read_bytes()
    assert (tmp_path / "out" / "s.jpg").read_bytes() == art.read_bytes()
    assert not (tmp_path / "out" / "s.png").exists()


def test_cover_option_rejects_a_non_image(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    bad = tmp_path / "cover.png"
    bad.write_text("not a picture", encoding="utf-8")
    run = subprocess.run(
        [*FIC2AUDIO, str(story), "-o", str(tmp_path / "s.mp3"), "--cover", str(bad), "-q"], capture_output=True, text=True
    )
    assert run.returncode == 3
    assert run.stderr.strip().splitlines() == [f"fic2audio: error: {bad}: not an image Pillow can read"]
    assert not (tmp_path / "s.mp3").exists()


# --- the podcast feed ------------------------------------------------------------------------------


def feed_items(xml: str) -> list[ET.Element]:
    return ET.fromstring(xml).findall("./channel/item")


@pytest.mark.real_audio
def test_feed_command_writes_a_feed_a_parser_reads(library):
    run = subprocess.run(
        [*FIC2AUDIO, "feed", str(library), "--base-url", "https://books.example/private/x1/"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    xml = (library / "feed.xml").read_text(encoding="utf-8")
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.itunes_block == 1 and parsed.feed.podcast_block == "yes"
    assert sorted(e.title for e in parsed.entries) == ["The Small Hours", "The Small Hours"]
    by_url = {e.enclosures[0].href: e for e in parsed.entries}
    assert set(by_url) == {f"https://books.example/private/x1/{name}" for name in BOOKS.values()}
    for fmt, name in BOOKS.items():
        entry = by_url[f"https://books.example/private/x1/{name}"]
        assert int(entry.enclosures[0].length) == (library / name).stat().st_size
        assert entry.enclosures[0].type == {"mp3": "audio/mpeg", "m4b": "audio/mp4"}[fmt]
        assert entry.summary == "Two friends talk at dawn."
        assert entry.author == "Quill"
        assert entry.itunes_block == 1
        h, m, s = map(int, entry.itunes_duration.split(":"))
        assert abs(h * 3600 + m * 60 + s - decoded_seconds(library / name)) <= 1
        assert entry.image.href == f"https://books.example/private/x1/{Path(name).with_suffix('.png').name}"
        assert entry.guidislink is False and entry.id.startswith("urn:uuid:")
    assert len({e.id for e in parsed.entries}) == 2
    # Podcasting 2.0 elements, read with a plain XML parser (feedparser keeps one transcript per item).
    for item in feed_items(xml):
        stem = Path(urlsplit(item.find("enclosure").get("url")).path).stem
        chapters = item.find(f"{{{PODCAST_NS}}}chapters")
        assert chapters.get("url").endswith(f"/{stem}.chapters.json") and chapters.get("type") == "application/json+chapters"
        transcripts = {t.get("type"): t.get("url") for t in item.findall(f"{{{PODCAST_NS}}}transcript")}
        assert transcripts == {
            "text/vtt": f"https://books.example/private/x1/{stem}.vtt",
            "application/x-subrip": f"https://books.example/private/x1/{stem}.srt",
        }
        assert item.find(f"{{{ITUNES_NS}}}block").text == "yes"


@pytest.mark.real_audio
def test_feed_guid_is_stable_across_renders(library, tmp_path):
    from fic2audio.feed import build_feed

    before = {i.find("enclosure").get("url"): i.find("guid").text for i in feed_items(build_feed(library, "http://a.example/"))}
    story = tmp_path / "again.txt"
    story.write_text(STORY, encoding="utf-8")
    again = tmp_path / "again"
    again.mkdir()
    build_audiobook(story, RenderOptions(output=again / BOOKS["mp3"]))
    after = {i.find("enclosure").get("url"): i.find("guid").text for i in feed_items(build_feed(again, "http://a.example/"))}
    assert after["http://a.example/small-hours.mp3"] == before["http://a.example/small-hours.mp3"]


@pytest.mark.parametrize("base_url", ["ftp://x/", "books.example/", ""])
def test_feed_rejects_a_base_url_that_is_not_http(tmp_path, base_url):
    run = subprocess.run([*FIC2AUDIO, "feed", str(tmp_path), "--base-url", base_url], capture_output=True, text=True)
    assert run.returncode == 2
    assert (
        run.stderr.startswith("fic2audio: error: --base-url must start with http:// or https://")
        and len(run.stderr.strip().splitlines()) == 1
    )


def test_feed_of_a_missing_folder_is_an_input_error(tmp_path):
    run = subprocess.run([*FIC2AUDIO, "feed", str(tmp_path / "nope"), "--base-url", "http://x/"], capture_output=True, text=True)
    assert run.returncode == 3 and "not a folder of audiobooks" in run.stderr


# --- serve on loopback -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(library):
    """`fic2audio serve` on 127.0.0.1 and a free port; yields the base URL (with the token)."""
    outside = library.parent / "outside-secret.txt"
    outside.write_text("not for you", encoding="utf-8")
    (library / "escape.txt").symlink_to(outside)
    with serving(library) as base:
        yield base


def raw_get(base: str, path: str) -> int:
    """GET a path exactly as written (no client-side normalising of `..` or `%2e`); return the status."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.real_audio
def test_served_feed_lists_every_book_with_exact_lengths(server, library):
    response = httpx.get(server + "feed.xml", timeout=10)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/rss+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo and len(parsed.entries) == len(BOOKS)
    for entry in parsed.entries:
        enclosure = entry.enclosures[0]
        assert enclosure.href.startswith(server)
        head = httpx.head(enclosure.href, timeout=10)
        assert head.status_code == 200
        assert (
            int(head.headers["content-length"])
            == int(enclosure.length)
            == (library / Path(urlsplit(enclosure.href).path).name).stat().st_size
        )
        assert head.headers["content-type"] == enclosure.type
        assert head.headers["accept-ranges"] == "bytes"
        assert head.content == b""


@pytest.mark.real_audio
@pytest.mark.parametrize(
    "name, mime",
    [
        ("small-hours.mp3", "audio/mpeg"),
        ("small-hours-aac.m4b", "audio/mp4"),
        ("small-hours.vtt", "text/vtt"),
        ("small-hours.srt", "application/x-subrip"),
        ("small-hours.png", "image/png"),
        ("small-hours.chapters.json", "application/json"),
    ],
)
def test_served_files_have_their_content_types(server, library, name, mime):
    response = httpx.get(server + name, timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == mime
    assert response.content == (library / name).read_bytes()


@pytest.mark.real_audio
@pytest.mark.parametrize("byte_range", ["bytes=0-0", "bytes=100-1123", "bytes=-500", "bytes=5000-"])
def test_byte_ranges_return_206_and_the_right_bytes(server, library, byte_range):
    data = (library / "small-hours.mp3").read_bytes()
    first, last = byte_range.removeprefix("bytes=").split("-")
    if not first:
        start, end = len(data) - int(last), len(data) - 1
    else:
        start, end = int(first), int(last) if last else len(data) - 1
    response = httpx.get(server + "small-hours.mp3", headers={"Range": byte_range}, timeout=10)
    assert response.status_code == 206
    assert response.headers["content-range"] == f"bytes {start}-{end}/{len(data)}"
    assert response.content == data[start : end + 1]


@pytest.mark.real_audio
def test_range_past_the_end_is_416(server, library):
    size = (library / "small-hours.mp3").stat().st_size
    response = httpx.get(server + "small-hours.mp3", headers={"Range": f"bytes={size + 10}-"}, timeout=10)
    assert response.status_code == 416


@pytest.mark.real_audio
def test_nothing_outside_the_folder_or_without_the_token_is_reachable(server, library):
    token_path = urlsplit(server).path  # /TOKEN/
    token = token_path.strip("/")
    assert len(token) >= 16
    assert raw_get(server, token_path + "small-hours.vtt") == 200  # the control: the same client reaches a real file
    for path in [
        token_path + "../" + library.name + "/small-hours.vtt",
        token_path + "../outside-secret.txt",
        token_path + "%2e%2e/outside-secret.txt",
        token_path + "..%2foutside-secret.txt",
        token_path + "_app/../../outside-secret.txt",
        token_path + "escape.txt",  # a symlink to a file outside the folder
        token_path + ".fic2audio-token",
        "/small-hours.vtt",
        "/feed.xml",
        "/" + token[:-1] + "/small-hours.vtt",
        "/wrong" + token_path + "small-hours.vtt",
    ]:
        assert raw_get(server, path) == 404, path


# --- the read-along page in a real headless browser ------------------------------------------------


def lit_cue(page) -> dict:
    return page.evaluate("""() => {
        const lit = document.querySelectorAll('#transcript li.current');
        return {count: lit.length, start: lit.length ? +lit[0].dataset.start : null,
                text: lit.length ? lit[0].querySelector('.text').textContent : null,
                current: lit.length ? lit[0].getAttribute('aria-current') : null,
                t: document.getElementById('player').currentTime};
    }""")


def expected_cue(cues, t):
    """The cue a reader should see at t: the last one started (it stays lit through the pause after it)."""
    started = [c for c in cues if c[0] <= t + 0.001]
    return started[-1]


@pytest.mark.real_audio
def test_library_page_lists_the_audiobooks(server, browser):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server)
    page.wait_for_selector("#books li")
    links = page.locator("#books a")
    assert sorted(links.evaluate_all("links => links.map(a => a.getAttribute('href'))")) == sorted(
        f"listen?book={n}" for n in BOOKS.values()
    )
    assert links.all_inner_texts() == ["The Small Hours", "The Small Hours"]
    assert page.locator("#feed-url").inner_text() == server + "feed.xml"
    assert page.locator("#status").inner_text() == "2 audiobooks"
    assert errors == []
    page.close()


@pytest.mark.real_audio
def test_read_along_page_seeks_and_follows_the_playhead(server, browser, library):
    cues = parse_vtt((library / "small-hours.vtt").read_text(encoding="utf-8"))
    chapters = json.loads((library / "small-hours.chapters.json").read_text(encoding="utf-8"))["chapters"]
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "listen?book=small-hours.mp3")
    page.wait_for_selector("#transcript[data-ready=true]")
    page.wait_for_selector("#chapters[data-ready=true]")
    assert page.locator("h1").inner_text() == "The Small Hours"
    assert page.locator("#transcript .text").all_inner_texts() == [c[2] for c in cues]
    chapter_buttons = page.locator("#chapters button")
    assert chapter_buttons.count() == len(chapters)
    # Every control has a name a screen reader can speak, and the player is labelled.
    assert page.locator("audio#player").get_attribute("aria-label")
    assert page.evaluate(
        "() => [...document.querySelectorAll('button')].every(b => (b.getAttribute('aria-label') || b.textContent).trim().length > 0)"
    )
    assert page.get_by_role("region", name="Transcript").count() == 1 and page.get_by_role("region", name="Chapters").count() == 1

    # A click on the last chapter seeks there, and the line lit is the chapter's first.
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    chapter_buttons.nth(len(chapters) - 1).click()
    page.wait_for_function(f"Math.abs(document.getElementById('player').currentTime - {chapters[-1]['startTime']}) < 0.05")
    lit = lit_cue(page)
    assert lit["count"] == 1 and lit["current"] == "true"
    assert (
        lit["text"]
        == expected_cue(cues, lit["t"])[2]
        == cues[[c[0] for c in cues].index(expected_cue(cues, chapters[-1]["startTime"])[0])][2]
    )
    assert page.locator("#chapters li.current button").inner_text().endswith(chapters[-1]["title"])

    # Keyboard alone: focus the second chapter's button and press Enter.
    chapter_buttons.nth(1).focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"Math.abs(document.getElementById('player').currentTime - {chapters[1]['startTime']}) < 0.05")
    first_lit = lit_cue(page)
    assert first_lit["text"] == expected_cue(cues, first_lit["t"])[2]

    # Playing: the lit line moves on to the next cue as the playhead passes its start.
    following = [c for c in cues if c[0] > first_lit["t"] + 0.01][0]
    page.evaluate("document.getElementById('player').play()")
    page.wait_for_function(f"document.getElementById('player').currentTime > {following[0] + 0.3}", timeout=30_000)
    page.evaluate("document.getElementById('player').pause()")
    later = lit_cue(page)
    assert later["start"] > first_lit["start"]
    assert later["text"] == expected_cue(cues, later["t"])[2]
    assert errors == []
    page.close()


# --- EPUB 3 with Media Overlays ----------------------------------------------------------------------

EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")  # Debian's epubcheck; its /usr/bin wrapper needs binfmt


@pytest.fixture(scope="module")
def epub(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("epub")
    story = folder / "small-hours.txt"
    story.write_text(STORY, encoding="utf-8")
    run = subprocess.run(
        [*FIC2AUDIO, str(story), "-o", str(folder / "small-hours.epub"), "--format", "epub3", "-q"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return folder / "small-hours.epub"


def epubcheck(epub: Path, report: Path) -> dict:
    """Debian's epubcheck on `epub`: its JSON report, after asserting it found nothing at all."""
    import shutil

    java = shutil.which("java")
    assert java and EPUBCHECK_JAR.exists(), "Debian's epubcheck is missing: apt-get install -y epubcheck (.ci/run does this)"
    run = subprocess.run([java, "-jar", str(EPUBCHECK_JAR), str(epub), "--json", str(report)], capture_output=True, text=True)
    result = json.loads(report.read_text(encoding="utf-8"))
    problems = [(m["severity"], m["ID"], m["message"]) for m in result["messages"]]
    assert run.returncode == 0 and problems == [], problems
    assert result["checker"]["nFatal"] == result["checker"]["nError"] == result["checker"]["nWarning"] == 0
    return result


@pytest.mark.real_audio
def test_epub3_passes_epubcheck(epub, tmp_path):
    assert epubcheck(epub, tmp_path / "report.json")["publication"]["hasAudio"] is True


@pytest.mark.real_audio
def test_epub3_with_a_silent_line_passes_epubcheck(tmp_path):
    """A chat line that is only emoji, with emoji dropped, has text but no audio: no zero-length clip
    in the overlays (epubcheck's MED-009)."""
    story = tmp_path / "chat.txt"
    story.write_text("Title: Chat\n\nBuffy: where are you\n\n🎉\n\nWillow: here\n", encoding="utf-8")
    run = subprocess.run(
        [*FIC2AUDIO, str(story), "-o", str(tmp_path / "chat.epub"), "--format", "epub3", "--emoji", "drop", "-q"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "\n🎉\n" in (tmp_path / "chat.vtt").read_text(encoding="utf-8")
    assert epubcheck(tmp_path / "chat.epub", tmp_path / "report.json")["publication"]["hasAudio"] is True


@pytest.mark.real_audio
def test_epub3_overlays_point_at_every_line_and_its_audio(epub, tmp_path):
    import zipfile

    smil_ns = "{http://www.w3.org/ns/SMIL}"
    xhtml_ns = "{http://www.w3.org/1999/xhtml}"
    segments = [s for ch in plan_story(epub.with_name("small-hours.txt")).chapters for s in ch.segments]
    vtt = parse_vtt(epub.with_suffix(".vtt").read_text(encoding="utf-8"))
    with zipfile.ZipFile(epub) as book:
        assert book.namelist()[0] == "mimetype" and book.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        opf = ET.fromstring(book.read("EPUB/package.opf"))
        overlays = {
            i.get("href"): i.get("media-overlay")
            for i in opf.iter("{http://www.idpf.org/2007/opf}item")
            if i.get("media-overlay")
        }
        assert sorted(overlays) == ["ch1.xhtml", "ch2.xhtml", "ch3.xhtml"]
        spoken = []
        for page in sorted(overlays):
            xhtml = ET.fromstring(book.read(f"EPUB/{page}"))
            spans = {e.get("id"): "".join(e.itertext()) for e in xhtml.iter(f"{xhtml_ns}span") if e.get("id")}
            smil = ET.fromstring(book.read(f"EPUB/{page.replace('.xhtml', '.smil')}"))
            for par in smil.iter(f"{smil_ns}par"):
                target_page, target_id = par.find(f"{smil_ns}text").get("src").split("#")
                audio = par.find(f"{smil_ns}audio")
                assert target_page == page and audio.get("src") == "audio/book.mp3"
                spoken.append(
                    (float(audio.get("clipBegin").rstrip("s")), float(audio.get("clipEnd").rstrip("s")), spans[target_id])
                )
        (tmp_path / "book.mp3").write_bytes(book.read("EPUB/audio/book.mp3"))
    assert [s[2] for s in spoken] == [s.text for s in segments]  # every line once, in order, no labels added
    assert [s[:2] for s in spoken] == [v[:2] for v in vtt]
    assert abs(spoken[-1][1] + BOOK_TAIL_MS / 1000 - decoded_seconds(tmp_path / "book.mp3")) <= 0.050


def test_serve_token_is_kept_and_private(tmp_path):
    from fic2audio.serve import TOKEN_FILE, folder_token

    first = folder_token(tmp_path)
    assert len(first) >= 32 and folder_token(tmp_path) == first  # a phone's subscription survives a restart
    assert (tmp_path / TOKEN_FILE).stat().st_mode & 0o077 == 0
    (tmp_path / TOKEN_FILE).write_text("short\n", encoding="ascii")
    replaced = folder_token(tmp_path)
    assert replaced not in (first, "short") and len(replaced) >= 32


def test_serve_reports_a_busy_port_and_a_missing_folder_in_one_line(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        run = subprocess.run(
            [*FIC2AUDIO, "serve", str(tmp_path), "--host", "127.0.0.1", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert run.returncode == 2
    assert (
        run.stderr.startswith(f"fic2audio: error: cannot listen on 127.0.0.1:{port}")
        and len(run.stderr.strip().splitlines()) == 1
    )
    run = subprocess.run(
        [*FIC2AUDIO, "serve", str(tmp_path / "missing"), "--host", "127.0.0.1", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert run.returncode == 3 and run.stderr.strip() == f"fic2audio: error: {tmp_path / 'missing'}: not a folder"
