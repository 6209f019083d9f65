"""Issue 16, tags apps read: M4B and MP3 tags read back with mutagen and ffprobe, and the feed's channel
(category, author, owner, self link, locked, explicit from the ratings, a guid that outlives the
address) read by gPodder's podcastparser and by feedparser.

The audio comes from the fake engine through the real pipeline and ffmpeg; the tags are written on
what ffmpeg made. (test_listen.py checks the feed of books read by the real engine.)
"""

from __future__ import annotations

import io
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import podcastparser
import pytest
from clitools import assert_failed_cleanly, run_cli
from conftest import FakeEngine, fake_voices_toml, ffprobe
from mutagen.id3 import ID3
from mutagen.mp4 import MP4

from fic2audio.engines import register_engine
from fic2audio.feed import FEED_GUID_FILE, build_feed
from fic2audio.pipeline import RenderOptions, build_audiobook

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ATOM_NS = "http://www.w3.org/2005/Atom"
EXPLICIT = """Title: After Hours
Author: Quill
Fandom: Test Fandom
Fandom: Other Fandom
Rating: Explicit
Published: 2024-01-05
URL: https://archive.example/works/42
Summary: Two friends, one night.

Chapter 1

"Stay," said Ana. Ben stayed.
"""
GENERAL = """Title: Morning Tea
Author: Wren
Rating: General Audiences
Summary: Tea is made.

The kettle sang. "Tea?" Ben asked.
"""


@pytest.fixture(scope="module")
def shelf(tmp_path_factory) -> Path:
    register_engine("fake", FakeEngine)
    folder = tmp_path_factory.mktemp("shelf")
    voices = fake_voices_toml(folder.parent)
    for name, text, fmt in (("after-hours", EXPLICIT, "m4b"), ("after-hours", EXPLICIT, "mp3"), ("morning-tea", GENERAL, "mp3")):
        story = folder.parent / f"{name}.txt"
        story.write_text(text, encoding="utf-8")
        suffix = "-aac" if fmt == "m4b" else ""
        build_audiobook(story, RenderOptions(output=folder / f"{name}{suffix}.{fmt}", format=fmt, voices=voices, use_cache=False))
    return folder


def test_m4b_has_the_tags_audiobook_apps_read(shelf):
    book = shelf / "after-hours-aac.m4b"
    tags = MP4(book).tags
    assert tags["\xa9nam"] == ["After Hours"] and tags["\xa9ART"] == ["Quill"] and tags["aART"] == ["Quill"]
    assert tags["desc"] == ["Two friends, one night."]
    assert tags["stik"] == [2]  # audiobook
    assert tags["\xa9day"] == ["2024-01-05"] and tags["\xa9gen"] == ["Audiobook"]
    freeform = {
        key.rsplit(":", 1)[1]: [bytes(v).decode("utf-8") for v in values]
        for key, values in tags.items()
        if key.startswith("----:com.apple.iTunes:")
    }
    assert freeform["Fandom"] == ["Test Fandom", "Other Fandom"]
    assert freeform["Rating"] == ["Explicit"] and freeform["URL"] == ["https://archive.example/works/42"]
    assert "Published" in freeform
    probed = ffprobe(book)["format"]["tags"]
    assert probed["album_artist"] == "Quill" and probed["date"] == "2024-01-05" and probed["media_type"] == "2"
    assert len(ffprobe(book)["chapters"]) == 2  # the tags were added without losing the chapters


def test_mp3_has_album_artist_and_date(shelf):
    tags = ID3(shelf / "after-hours.mp3")
    assert tags["TPE1"].text == ["Quill"] and tags["TPE2"].text == ["Quill"]
    assert str(tags["TDRC"].text[0]) == "2024-01-05"
    assert tags.getall("TXXX:Fandom")[0].text == ["Test Fandom", "Other Fandom"]
    assert tags.getall("TXXX:Rating")[0].text == ["Explicit"]
    probed = ffprobe(shelf / "after-hours.mp3")["format"]["tags"]
    assert probed["album_artist"] == "Quill" and probed["date"] == "2024-01-05"


def test_a_story_without_a_date_is_dated_today(shelf):
    import datetime

    assert str(ID3(shelf / "morning-tea.mp3")["TDRC"].text[0]) == datetime.date.today().isoformat()


def test_feed_channel_has_what_podcast_apps_ask_for(shelf):
    run = run_cli("feed", shelf, "--base-url", "https://books.example/private/x1/", cwd=shelf.parent)
    assert run.returncode == 0, run.stderr
    xml = (shelf / "feed.xml").read_bytes()

    parsed = podcastparser.parse("https://books.example/private/x1/feed.xml", io.BytesIO(xml))
    assert parsed["itunes_categories"] == [["Fiction"]]
    assert parsed["itunes_author"] == "Quill, Wren"
    assert parsed["itunes_owner"] == {"name": "Quill, Wren"}
    # (podcastparser knows the Podcasting 2.0 namespace only by its old GitHub address: podcast:locked
    # is read by feedparser below.)
    assert parsed["explicit"] is True  # one of the stories is rated Explicit
    assert parsed["title"] == "Fan fiction audiobooks"
    episodes = {e["enclosures"][0]["url"].rsplit("/", 1)[1]: e for e in parsed["episodes"]}
    assert episodes["after-hours.mp3"]["explicit"] is True and episodes["morning-tea.mp3"]["explicit"] is False
    assert episodes["after-hours-aac.m4b"]["enclosures"][0]["mime_type"] == "audio/mp4"
    assert episodes["after-hours-aac.m4b"]["description"] == "Two friends, one night."  # read from the M4B's desc

    feed = feedparser.parse(xml)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [t.term for t in feed.feed.tags] == ["Fiction"]
    assert feed.feed.author == "Quill, Wren" and feed.feed.publisher_detail.name == "Quill, Wren"
    assert feed.feed.itunes_explicit is True and feed.feed.podcast_locked == "yes"
    assert {(link.rel, link.href) for link in feed.feed.links} >= {("self", "https://books.example/private/x1/feed.xml")}

    channel = ET.fromstring(xml).find("channel")
    assert channel.find(f"{{{ATOM_NS}}}link").get("rel") == "self"
    assert channel.find(f"{{{PODCAST_NS}}}locked").text == "yes"
    guid = channel.find(f"{{{PODCAST_NS}}}guid").text
    assert guid == str(uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "books.example/private/x1/feed.xml"))


def test_feed_guid_is_made_once_and_survives_a_new_address(shelf, tmp_path):
    (shelf / FEED_GUID_FILE).unlink(missing_ok=True)
    first = ET.fromstring(build_feed(shelf, "http://192.168.1.5:8765/tokenA/")).find(f"channel/{{{PODCAST_NS}}}guid").text
    assert (shelf / FEED_GUID_FILE).read_text(encoding="ascii").strip() == first
    again = ET.fromstring(build_feed(shelf, "https://elsewhere.example/tokenB/")).find(f"channel/{{{PODCAST_NS}}}guid").text
    assert again == first
    # The control: a folder without the saved guid gets its own from the new address.
    other = tmp_path / "other"
    other.mkdir()
    for book in shelf.glob("*.mp3"):
        (other / book.name).write_bytes(book.read_bytes())
    fresh = ET.fromstring(build_feed(other, "https://elsewhere.example/tokenB/")).find(f"channel/{{{PODCAST_NS}}}guid").text
    assert fresh != first


def test_default_title_names_the_book_or_its_author(shelf, tmp_path):
    one = tmp_path / "one"
    one.mkdir()
    (one / "morning-tea.mp3").write_bytes((shelf / "morning-tea.mp3").read_bytes())
    parsed = feedparser.parse(build_feed(one, "http://a.example/"))
    assert parsed.feed.title == "Morning Tea"
    assert (
        ET.fromstring(build_feed(one, "http://a.example/")).find(f"channel/{{{ITUNES_NS}}}explicit").text == "no"
    )  # rated General
    (one / "morning-tea-2.mp3").write_bytes((shelf / "morning-tea.mp3").read_bytes())
    assert feedparser.parse(build_feed(one, "http://a.example/")).feed.title == "Stories by Wren"
    assert feedparser.parse(build_feed(one, "http://a.example/", "My shelf")).feed.title == "My shelf"


def test_feed_of_a_folder_without_audiobooks_is_an_error(tmp_path):
    run = run_cli("feed", tmp_path, "--base-url", "http://x.example/", cwd=tmp_path)
    assert_failed_cleanly(run, 3, str(tmp_path), "no audiobooks")
    assert not (tmp_path / "feed.xml").exists()
