"""Issue 16, the read-along and library pages on a phone (390x844) and a laptop (1280x800), in Debian's
headless chromium: the player stays on screen, the transcript starts on the first screen and follows the
audio below the player, the position is remembered, lock-screen metadata and actions, keys, and no
axe-core violations in light and dark.

The book is long enough to scroll (three chapters of dialogue); its audio comes from the fake engine
through the real pipeline and ffmpeg, since what is tested here is the page (the real engine's audio
on these pages is test_listen.py's).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clitools import serving
from conftest import FakeEngine, fake_voices_toml

from fic2audio.engines import register_engine
from fic2audio.pipeline import RenderOptions, build_audiobook

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
TITLE = "The Long Night Shift"
AUTHOR = "Quill"


def long_story() -> str:
    names = ["Ana", "Ben", "Cass"]
    chapters = []
    for number in range(1, 4):
        paragraphs = [f"Chapter {number}"]
        for line in range(18):
            who = names[line % 3]
            paragraphs.append(
                f'"This is line {line + 1} of chapter {number}, and it runs on a little," {who} said. The lamps hummed over the empty ward.'
            )
        chapters.append("\n\n".join(paragraphs))
    header = f"Title: {TITLE}\nAuthor: {AUTHOR}\nRating: Teen And Up Audiences\nSummary: Three nurses keep each other awake.\n\n"
    return header + "\n\n".join(chapters) + "\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One book in a served folder; yields (base URL, cues, chapters)."""
    register_engine("fake", FakeEngine)
    folder = tmp_path_factory.mktemp("shelf")
    story = folder.parent / "night-shift.txt"
    story.write_text(long_story(), encoding="utf-8")
    build_audiobook(
        story, RenderOptions(output=folder / "night-shift.mp3", voices=fake_voices_toml(folder.parent), use_cache=False)
    )
    chapters = json.loads((folder / "night-shift.chapters.json").read_text(encoding="utf-8"))["chapters"]
    with serving(folder) as base:
        yield base, chapters


def open_book(browser, base: str, viewport: dict, *, context=None, scheme: str = "light", init_script: str | None = None):
    context = context or browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    if init_script:
        page.add_init_script(init_script)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base + "listen?book=night-shift.mp3")
    page.wait_for_selector("#transcript[data-ready=true]")
    page.wait_for_selector("#chapters[data-ready=true]", state="attached")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    return page, errors


def boxes(page) -> dict:
    return page.evaluate("""() => {
        const r = (el) => { const b = el.getBoundingClientRect(); return {top: b.top, bottom: b.bottom}; };
        const lit = document.querySelector('#transcript li.current');
        return {player: r(document.getElementById('player-bar')), audio: r(document.getElementById('player')),
                first: r(document.querySelector('#transcript li')), lit: lit ? r(lit) : null,
                height: window.innerHeight, scrollY: window.scrollY,
                scrollWidth: document.documentElement.scrollWidth, width: document.documentElement.clientWidth};
    }""")


def seek_and_wait(page, seconds: float, *, line_start: bool = True) -> None:
    """Seek the player to `seconds`; with line_start, wait for the line starting there to be lit."""
    page.evaluate(f"document.getElementById('player').currentTime = {seconds}")
    page.wait_for_function(
        f"Math.abs(document.getElementById('player').currentTime - {seconds}) < 0.05 && !document.getElementById('player').seeking"
    )
    if line_start:
        page.wait_for_function(
            f"(() => {{ const lit = document.querySelector('#transcript li.current'); return lit && Math.abs(+lit.dataset.start - {seconds}) < 0.01; }})()"
        )


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_transcript_starts_on_the_first_screen_and_the_player_stays_in_view(browser, site, viewport):
    base, _ = site
    page, errors = open_book(browser, base, viewport)
    start = boxes(page)
    assert start["first"]["top"] < viewport["height"] - 40, start  # at least a line of the transcript shows
    assert start["scrollWidth"] <= start["width"], start  # nothing wider than the screen
    transcript_width = page.evaluate("document.getElementById('transcript').getBoundingClientRect().width")
    assert transcript_width > 0.6 * min(viewport["width"], 72 * 18)  # the transcript has the room, not a side column
    # The control: the transcript is longer than the screen, so following it has to scroll.
    last_start = float(page.locator("#transcript li").last.get_attribute("data-start"))
    assert page.evaluate("document.documentElement.scrollHeight") > 2 * viewport["height"]
    for seconds in (last_start, float(page.locator("#transcript li").nth(20).get_attribute("data-start"))):
        seek_and_wait(page, seconds)
        now = boxes(page)
        assert now["scrollY"] > 0 or seconds != last_start
        assert now["player"]["top"] >= 0 and now["audio"]["bottom"] <= viewport["height"], now  # the player is on screen
        assert now["lit"]["top"] >= now["player"]["bottom"] - 1 and now["lit"]["bottom"] <= viewport["height"] + 1, (
            now
        )  # the line is below it, visible
    # Playing on: the lit line moves and stays visible below the player.
    seek_and_wait(page, float(page.locator("#transcript li").nth(5).get_attribute("data-start")))
    page.evaluate("document.getElementById('player').play()")
    following = float(page.locator("#transcript li").nth(7).get_attribute("data-start"))
    page.wait_for_function(f"document.getElementById('player').currentTime > {following + 0.1}", timeout=30_000)
    page.evaluate("document.getElementById('player').pause()")
    now = boxes(page)
    assert (
        now["player"]["top"] >= 0
        and now["lit"]["top"] >= now["player"]["bottom"] - 1
        and now["lit"]["bottom"] <= viewport["height"] + 1
    ), now
    assert errors == []
    page.context.close()


def test_position_is_remembered_per_book_and_offered_on_return(browser, site):
    base, _ = site
    context = browser.new_context(viewport=PHONE)
    page, errors = open_book(browser, base, PHONE, context=context)
    assert page.locator("#resume").is_hidden()  # nothing saved yet: nothing offered
    seek_and_wait(page, 42.0, line_start=False)
    page.evaluate("document.getElementById('player').pause()")
    page.close()
    again, more_errors = open_book(browser, base, PHONE, context=context)
    offer = again.locator("#resume-button")
    offer.wait_for(state="visible")
    assert offer.inner_text() == "Resume at 0:42"
    offer.click()
    again.wait_for_function("(t => t > 41.95 && t < 45)(document.getElementById('player').currentTime)")  # there, and playing on
    assert again.locator("#resume").is_hidden()
    # Start over forgets it.
    again.evaluate("document.getElementById('player').pause()")
    again.close()
    third, _ = open_book(browser, base, PHONE, context=context)
    third.locator("#start-over").click()
    assert third.evaluate("Object.keys(localStorage).filter(k => k.startsWith('fic2audio:position:')).length") == 0
    assert errors == more_errors == []
    context.close()


RECORD_ACTIONS = """
window.__actions = {};
if (navigator.mediaSession) {
  const original = navigator.mediaSession.setActionHandler.bind(navigator.mediaSession);
  navigator.mediaSession.setActionHandler = (action, handler) => { window.__actions[action] = handler; original(action, handler); };
}
"""


def test_media_session_has_the_book_and_its_actions(browser, site):
    base, chapters = site
    page, errors = open_book(browser, base, PHONE, init_script=RECORD_ACTIONS)
    metadata = page.evaluate(
        "(() => { const m = navigator.mediaSession.metadata; return {title: m.title, artist: m.artist, artwork: m.artwork.map(a => a.src)}; })()"
    )
    assert metadata["title"] == TITLE and metadata["artist"] == AUTHOR
    assert len(metadata["artwork"]) == 1 and metadata["artwork"][0].endswith("/night-shift.png")
    assert sorted(page.evaluate("Object.keys(window.__actions)")) == [
        "nexttrack",
        "pause",
        "play",
        "previoustrack",
        "seekbackward",
        "seekforward",
        "seekto",
    ]
    player = "document.getElementById('player')"
    page.evaluate("window.__actions.nexttrack()")  # the next chapter
    page.wait_for_function(f"Math.abs({player}.currentTime - {chapters[1]['startTime']}) < 0.05")
    page.evaluate("window.__actions.nexttrack()")
    page.wait_for_function(f"Math.abs({player}.currentTime - {chapters[2]['startTime']}) < 0.05")
    page.evaluate("window.__actions.previoustrack()")  # at a chapter's start: the one before
    page.wait_for_function(f"Math.abs({player}.currentTime - {chapters[1]['startTime']}) < 0.05")
    page.evaluate("window.__actions.seekto({seekTime: 30})")
    page.wait_for_function(f"Math.abs({player}.currentTime - 30) < 0.05")
    page.evaluate("window.__actions.seekbackward({})")
    page.wait_for_function(f"Math.abs({player}.currentTime - 20) < 0.05")
    page.evaluate("window.__actions.seekforward({seekOffset: 5})")
    page.wait_for_function(f"Math.abs({player}.currentTime - 25) < 0.05")
    page.evaluate("window.__actions.play()")
    page.wait_for_function(f"!{player}.paused")
    page.evaluate("window.__actions.pause()")
    page.wait_for_function(f"{player}.paused")
    assert errors == []
    page.context.close()


def test_keys_play_pause_and_skip(browser, site):
    base, _ = site
    page, errors = open_book(browser, base, LAPTOP)
    player = "document.getElementById('player')"
    page.evaluate("document.activeElement.blur()")
    page.evaluate(f"{player}.currentTime = 30")
    page.wait_for_function(f"!{player}.seeking && Math.abs({player}.currentTime - 30) < 0.05")
    scrolled = page.evaluate("window.scrollY")
    page.keyboard.press("Space")
    page.wait_for_function(f"!{player}.paused")
    assert page.evaluate("window.scrollY") == scrolled  # Space played rather than scrolled the page
    page.keyboard.press("k")
    page.wait_for_function(f"{player}.paused")
    at = page.evaluate(f"{player}.currentTime")
    page.keyboard.press("l")
    page.wait_for_function(f"Math.abs({player}.currentTime - {at + 10}) < 0.05")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.wait_for_function(f"Math.abs({player}.currentTime - {at - 10}) < 0.05")
    page.keyboard.press("K")
    page.wait_for_function(f"!{player}.paused")
    page.evaluate(f"{player}.pause()")
    # On a button, Space is the button's: it seeks to that line, and does not also play.
    page.locator("#transcript button").nth(3).focus()
    page.keyboard.press("Space")
    line = float(page.locator("#transcript li").nth(3).get_attribute("data-start"))
    page.wait_for_function(f"Math.abs({player}.currentTime - {line}) < 0.05")
    assert page.evaluate(f"{player}.paused")
    assert errors == []
    page.context.close()


def axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


# Every rule axe-core has, the experimental ones too (label-content-name-mismatch is one).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "experimental"]


def axe_violations(page) -> list:
    page.add_script_tag(content=axe_script())
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_pages_have_no_axe_violations(browser, site, scheme, viewport):
    base, _ = site
    page, errors = open_book(browser, base, viewport, scheme=scheme)
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
    seek_and_wait(page, float(page.locator("#transcript li").nth(4).get_attribute("data-start")))  # a lit line too
    page.evaluate("document.getElementById('chapter-box').open = true")
    assert axe_violations(page) == []
    page.goto(base)
    page.wait_for_selector("#books li")
    assert axe_violations(page) == []
    assert errors == []
    page.context.close()


def test_axe_finds_a_violation_when_there_is_one(browser, site):
    """The control for the test above: the same run reports a button whose name its label lacks."""
    base, _ = site
    page, _ = open_book(browser, base, PHONE)
    page.evaluate("document.querySelector('#transcript button').setAttribute('aria-label', 'Something else entirely')")
    assert "label-content-name-mismatch" in [v[0] for v in axe_violations(page)]
    page.context.close()


def test_library_page_fits_a_phone_and_counts_one_book(browser, site):
    base, _ = site
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base)
    page.wait_for_selector("#books li")
    assert page.locator("#status").inner_text() == "1 audiobook"
    feed = page.locator("#feed-url")
    assert feed.inner_text() == base + "feed.xml" and len(feed.inner_text()) * 8 > PHONE["width"]  # longer than a line
    size = page.evaluate("({scrollWidth: document.documentElement.scrollWidth, width: document.documentElement.clientWidth})")
    assert size["scrollWidth"] <= size["width"], size
    context.close()
