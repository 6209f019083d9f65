"""Stories given by URL: fetched with FanFicFare's library (the optional extra `fic2audio[fetch]`) into an
EPUB in a temporary folder, which the ordinary EPUB reader then reads."""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError, UsageError

URL = re.compile(r"^https?://", re.IGNORECASE)
INSTALL_HINT = "pip install 'fic2audio[fetch]' to fetch stories by URL, or download the story as an EPUB and give its file"


def is_url(story: str) -> bool:
    return bool(URL.match(story))


@contextlib.contextmanager
def fetched(stories: list[str]) -> Iterator[list[str]]:
    """`stories` with each http(s) URL replaced by the path of an EPUB fetched from it; the EPUBs
    live in a temporary folder removed on leaving."""
    if not any(is_url(s) for s in stories):
        yield stories
        return
    folder = Path(tempfile.mkdtemp(prefix="fic2audio-fetch-"))
    try:
        yield [str(fetch_epub(s, folder)) if is_url(s) else s for s in stories]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fetch_epub(url: str, folder: Path) -> Path:
    """Download the story at `url` with FanFicFare into `folder` as an EPUB named after its title."""
    try:
        from fanficfare import adapters, exceptions, writers
        from fanficfare.configurable import Configuration
    except ImportError:
        raise UsageError(f"{url}: {INSTALL_HINT}") from None
    import logging
    from importlib import resources

    logging.getLogger("fanficfare").setLevel(logging.ERROR)  # its progress lines are not ours to print
    try:
        config = Configuration(adapters.getConfigSectionsFor(url), "epub")
    except exceptions.UnknownSite:
        raise InputError(f"{url}: FanFicFare does not know this site; download the story as an EPUB and give its file") from None
    config.read_string(resources.files("fanficfare").joinpath("defaults.ini").read_text(encoding="utf-8"))
    if not config.has_section("overrides"):
        config.add_section("overrides")
    config.set("overrides", "include_images", "false")  # the audio has no use for them
    config.set("overrides", "never_make_cover", "true")
    try:
        adapter = adapters.getAdapter(config, url)
        adapter.getStoryMetadataOnly()
        title = adapter.story.getMetadata("title") or "story"
        from .pipeline import safe_file_name

        target = folder / f"{safe_file_name(title)}.epub"
        writers.getWriter("epub", config, adapter).writeStory(outfilename=str(target), forceOverwrite=True)
    except (
        exceptions.StoryDoesNotExist,
        exceptions.AccessDenied,
        exceptions.FailedToLogin,
        exceptions.AdultCheckRequired,
    ) as exc:
        raise InputError(f"{url}: cannot fetch the story ({type(exc).__name__}: {exc})") from None
    except exceptions.FailedToDownload as exc:
        raise InputError(f"{url}: cannot fetch the story ({exc})") from None
    except OSError as exc:
        raise InputError(f"{url}: cannot fetch the story ({exc.strerror or exc})") from None
    return target
