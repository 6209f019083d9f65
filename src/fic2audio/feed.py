"""A private podcast feed (RSS 2.0 + iTunes + Podcasting 2.0) over a folder of audiobooks.

feedgen writes the XML; a small feedgen extension adds the Podcasting 2.0 elements it lacks.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from .atomic import sweep_temporaries, write_atomic
from .cover import cover_path
from .errors import InputError, OutputError, UsageError
from .safe_text import printable
from .sidecars import sidecar_paths

FEED_NAME = "feed.xml"
FEED_GUID_FILE = ".fic2audio-feed-guid"  # podcast:guid, made from the first feed URL and kept for good
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
# Podcasting 2.0's namespace for podcast:guid: uuid5(this, feed URL without scheme or trailing slashes).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
CATEGORY = "Fiction"  # Apple Podcasts' category for drama, comedy and science fiction told as stories
# Story ratings (AO3, FFN, plain headers) that mean adult content: the feed's itunes:explicit.
EXPLICIT_RATINGS = re.compile(r"\b(?:explicit|mature|adult|nc-?17|x|xxx|m|ma|r|18\+?)\b", re.IGNORECASE)
AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4b": "audio/mp4"}  # audio/x-m4b is not understood by every app
# Fixed namespace for item GUIDs: uuid5(namespace, title + author + format) never changes for a story.
GUID_NAMESPACE = uuid.UUID("6f1c2a4e-5b7d-4e0a-9c1e-2f3a4b5c6d7e")


@dataclass(frozen=True)
class Episode:
    """One audiobook file as the feed sees it."""

    path: Path
    title: str
    author: str | None
    summary: str | None
    duration_s: float
    size: int  # bytes: the enclosure length
    mime: str
    rating: str | None = None  # the story's rating as its header gave it ("Explicit", "T")
    modified: float = 0.0  # the file's mtime (seconds since the epoch): the item's publication date

    @property
    def explicit(self) -> bool:
        return bool(self.rating and EXPLICIT_RATINGS.search(self.rating))

    @property
    def guid(self) -> str:
        key = "\x1f".join((self.title, self.author or "", self.path.suffix.lower()))
        return f"urn:uuid:{uuid.uuid5(GUID_NAMESPACE, key)}"


Warn = Callable[[str], None]


def _ignore(message: str) -> None:
    pass


def find_episodes(folder: Path, warn: Warn = _ignore) -> list[Episode]:
    """Every audiobook in `folder` (not its subfolders), newest first, read from its own tags. A file
    that cannot be read (empty, damaged, unreadable) or a link to a file outside `folder` is left out,
    with a `warn`ing, so one bad file never takes the feed down for the rest."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder of audiobooks")
    root = folder.resolve()
    episodes = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in AUDIO_TYPES or path.name.startswith("."):
            continue
        try:
            if not path.resolve().is_relative_to(root):
                warn(f"{path}: links to a file outside the folder; left out of the feed")
                continue
            if path.is_file():
                episodes.append(read_episode(path))
        except InputError as exc:
            warn(f"{exc}; left out of the feed")
        except OSError as exc:
            warn(f"{path}: cannot be read ({exc.strerror or exc}); left out of the feed")
    episodes.sort(key=lambda e: (-e.modified, e.path.name))
    return episodes


def read_episode(path: Path) -> Episode:
    """The feed's view of one audiobook file; InputError when it is not audio with a length."""
    import mutagen

    try:
        audio = mutagen.File(str(path))
    except mutagen.MutagenError as exc:
        raise InputError(f"{path}: cannot read its tags ({exc})") from None
    if audio is None:
        raise InputError(f"{path}: not an audio file mutagen can read")
    if not audio.info.length > 0:
        raise InputError(f"{path}: holds no audio")
    tags = audio.tags or {}

    def first(*keys: str) -> str | None:
        for key in keys:
            value = tags.get(key)
            if value is None:
                continue
            text = value.text if hasattr(value, "text") else value
            if text and printable(str(text[0])).strip():
                return printable(str(text[0]))
        return None

    summary = first("desc", "\xa9cmt")
    if summary is None and hasattr(tags, "getall"):
        comments = [c for c in tags.getall("COMM") if c.text and c.desc == ""]
        summary = printable(str(comments[0].text[0])) if comments else None
    info = path.stat()
    return Episode(
        path=path,
        title=first("TIT2", "\xa9nam") or printable(path.stem),
        author=first("TPE1", "\xa9ART"),
        summary=summary,
        rating=_rating(tags),
        duration_s=float(audio.info.length),
        size=info.st_size,
        mime=AUDIO_TYPES[path.suffix.lower()],
        modified=info.st_mtime,
    )


RATING_KEYS = ("rating", "rated")


def _rating(tags) -> str | None:
    """The story's rating from the tags export wrote: an ID3 TXXX frame or an MP4 freeform atom."""
    if hasattr(tags, "getall"):
        found = [f for f in tags.getall("TXXX") if f.desc.casefold() in RATING_KEYS and f.text]
        return str(found[0].text[0]) if found else None
    for key, values in getattr(tags, "items", lambda: [])():
        if key.startswith("----:") and key.rsplit(":", 1)[-1].casefold() in RATING_KEYS and values:
            value = values[0]
            return bytes(value).decode("utf-8", "replace") if isinstance(value, (bytes, bytearray)) else str(value)
    return None


def feed_guid(folder: Path, feed_url: str) -> str:
    """The feed's podcast:guid: made once, from the first URL it is published at (Podcasting 2.0's
    uuid5 of the URL without its scheme and trailing slashes), then read back from the folder, so a
    new address or token keeps the podcast apps' subscription the same show."""
    path = folder / FEED_GUID_FILE
    try:
        return str(uuid.UUID(path.read_text(encoding="ascii").strip()))
    except (OSError, ValueError, UnicodeDecodeError):
        pass
    guid = str(
        uuid.uuid5(PODCAST_GUID_NAMESPACE, re.sub(r"^[a-z][a-z0-9+.-]*://", "", feed_url, flags=re.IGNORECASE).rstrip("/"))
    )
    try:
        write_atomic(path, guid + "\n")
    except OSError:
        pass  # a read-only folder: the same guid is made again from the same first URL
    return guid


def default_title(episodes: list[Episode]) -> str:
    """One book: its title; one author: their stories; else a plain name for the shelf."""
    if len(episodes) == 1:
        return episodes[0].title
    authors = {e.author for e in episodes}
    if len(authors) == 1 and None not in authors:
        return f"Stories by {episodes[0].author}"
    return "Fan fiction audiobooks"


def channel_author(episodes: list[Episode]) -> str:
    """The authors of the stories, most books first; a long list is cut short."""
    counts: dict[str, int] = {}
    for episode in episodes:
        if episode.author:
            counts[episode.author] = counts.get(episode.author, 0) + 1
    names = sorted(counts, key=lambda a: -counts[a])
    if not names:
        return "fic2audio"
    return ", ".join(names) if len(names) <= 3 else ", ".join(names[:3]) + " and others"


def build_feed(folder: Path, base_url: str, title: str | None = None, warn: Warn = _ignore, *, allow_empty: bool = True) -> str:
    """The RSS XML for every audiobook in `folder`, with file URLs under `base_url`; with
    allow_empty=False a folder with no audiobooks is an error rather than an empty feed; files left out
    are `warn`ed of."""
    from feedgen.feed import FeedGenerator

    if not base_url.startswith(("http://", "https://")):
        raise UsageError(f"--base-url must start with http:// or https://, not '{base_url}'")
    base = base_url if base_url.endswith("/") else base_url + "/"
    episodes = find_episodes(folder, warn)
    if not episodes and not allow_empty:
        raise InputError(f"{folder}: no audiobooks (.mp3 or .m4b) to list; render one there first")

    feed = FeedGenerator()
    feed.load_extension("podcast")  # the iTunes namespace
    feed.register_extension("podcastindex", PodcastIndexExtension, PodcastIndexEntryExtension)
    feed.title(printable(title or "").strip() or default_title(episodes))
    feed.link(href=base)
    feed.link(href=base + FEED_NAME, rel="self", type="application/rss+xml")  # atom:link, as RSS advises
    feed.description("Audiobooks made with fic2audio, for private listening.")
    feed.language("en")
    feed.generator("fic2audio")
    author = channel_author(episodes)
    feed.podcast.itunes_author(author)
    feed.podcast.itunes_category({"cat": CATEGORY})
    feed.podcast.itunes_block(True)  # keep a private feed out of directories
    feed.podcast.itunes_explicit("yes" if any(e.explicit for e in episodes) else "no")
    feed.podcastindex.owner = author  # itunes:owner; feedgen's wants an e-mail address, which we have not
    feed.podcastindex.block = True
    feed.podcastindex.locked = True  # no directory may import this feed
    feed.podcastindex.guid = feed_guid(folder, base + FEED_NAME)
    channel_art = next((c for c in (cover_path(e.path) for e in episodes) if c), None)
    if channel_art is not None:
        feed.image(url=base + quote(channel_art.name), title=feed.title(), link=base)
        feed.podcast.itunes_image(base + quote(channel_art.name))

    for episode in reversed(episodes):  # feedgen puts each new entry first
        url = base + quote(episode.path.name)
        entry = feed.add_entry()
        entry.id(episode.guid)
        entry.guid(episode.guid, permalink=False)
        entry.title(episode.title)
        entry.description(episode.summary or episode.title)
        entry.enclosure(url, str(episode.size), episode.mime)
        entry.published(datetime.fromtimestamp(episode.modified, tz=UTC))
        if episode.author:
            entry.podcast.itunes_author(episode.author)
        entry.podcast.itunes_duration(_duration(episode.duration_s))
        entry.podcast.itunes_explicit("yes" if episode.explicit else "no")
        entry.podcast.itunes_block(True)
        art = cover_path(episode.path)
        if art is not None:
            entry.podcast.itunes_image(base + quote(art.name))
        sidecars = sidecar_paths(episode.path)
        if sidecars["chapters"].is_file():
            entry.podcastindex.chapters = base + quote(sidecars["chapters"].name)
        if sidecars["vtt"].is_file():
            entry.podcastindex.transcripts.append((base + quote(sidecars["vtt"].name), "text/vtt"))
        if sidecars["srt"].is_file():
            entry.podcastindex.transcripts.append((base + quote(sidecars["srt"].name), "application/x-subrip"))
    return feed.rss_str(pretty=True).decode("utf-8")


def write_feed(folder: Path, base_url: str, title: str | None = None, warn: Warn = _ignore) -> Path:
    """Write `folder/feed.xml` atomically; return its path. A folder with no audiobooks is an error."""
    sweep_temporaries(folder, re.escape(FEED_NAME))  # what a killed run of this command left, whatever comes next
    xml = build_feed(folder, base_url, title, warn, allow_empty=False)
    target = folder / FEED_NAME
    try:
        write_atomic(target, xml)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    return target


def _duration(seconds: float) -> str:
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


class PodcastIndexExtension:
    """Channel elements of the Podcasting 2.0 namespace (podcast:block, podcast:locked, podcast:guid),
    and itunes:owner with a name alone."""

    def __init__(self) -> None:
        self.block = False
        self.locked = False
        self.guid: str | None = None
        self.owner: str | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, rss):
        from lxml import etree

        channel = rss[0]
        if self.guid:
            etree.SubElement(channel, f"{{{PODCAST_NS}}}guid").text = self.guid
        if self.block:
            etree.SubElement(channel, f"{{{PODCAST_NS}}}block").text = "yes"
        if self.locked:
            etree.SubElement(channel, f"{{{PODCAST_NS}}}locked").text = "yes"
        if self.owner:
            owner = etree.SubElement(channel, f"{{{ITUNES_NS}}}owner")
            etree.SubElement(owner, f"{{{ITUNES_NS}}}name").text = self.owner
        return rss

    def extend_atom(self, feed):
        return feed


class PodcastIndexEntryExtension:
    """Item elements of the Podcasting 2.0 namespace: podcast:chapters and podcast:transcript."""

    def __init__(self) -> None:
        self.chapters: str | None = None
        self.transcripts: list[tuple[str, str]] = []  # (url, mime type)

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, item):
        from lxml import etree

        if self.chapters:
            etree.SubElement(item, f"{{{PODCAST_NS}}}chapters", url=self.chapters, type="application/json+chapters")
        for url, mime in self.transcripts:
            etree.SubElement(item, f"{{{PODCAST_NS}}}transcript", url=url, type=mime, language="en")
        return item

    def extend_atom(self, entry):
        return entry
