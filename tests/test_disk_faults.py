"""Issue 12, every OSError a line, outputs landing as a set, one render per output, sweeps.

The full disk is a real tmpfs filled to its last megabyte and the read-only cache a real read-only
bind mount, each made in a private mount namespace of the child (`unshare -m`, or `unshare -rm` when
not root), so nothing outside the test is touched and nothing needs unmounting."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clitools import CLI, assert_failed_cleanly, leftovers
from conftest import fake_voices_toml

from fic2audio import atomic
from fic2audio.errors import EXIT_INTERRUPTED, EXIT_OUTPUT, InputError
from fic2audio.pipeline import RenderOptions, build_audiobook

STORY = """Title: Full Disk
Author: Test

Chapter 1

The harbor was quiet that night, and the boats knocked softly against the pier while the tide came in.
"Are you awake?" Ana asked. The gulls had gone to sleep on the roofs of the sheds.

Chapter 2

"Always," said Ben. The sun rose over the roofs, and the bell of the old church rang twice, then once more.
"""

# Runs inside the private mount namespace: mounts, renders with the real CLI, reports as JSON.
CHILD = r"""
import json, os, subprocess, sys
from pathlib import Path
mode, disk, story, previous = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
cli = [sys.executable, "-m", "fic2audio"]
out = disk / "out"
if mode == "full":
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(disk)], check=True)
    out.mkdir()
    for p in previous.iterdir():  # the previous good book, to be left untouched
        (out / p.name).write_bytes(p.read_bytes())
    extra = sys.argv[5:]
    if "--cache-dir" in extra:
        (disk / "cache").mkdir()
    with open(disk / "filler", "wb") as filler:  # the disk filled to its last megabyte
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        filler.write(b"\0" * max(0, free - (1 << 20)))
else:  # "readonly": the cache in place, then bound read-only over itself
    extra = sys.argv[5:]
    cache = Path(extra[extra.index("--cache-dir") + 1])
    subprocess.run(["mount", "--bind", str(cache), str(cache)], check=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", str(cache)], check=True)
run = subprocess.run([*cli, story, "-o", str(out / "book.mp3"), "-q", *extra], capture_output=True, text=True)
files = {p.name: p.read_bytes().hex() for p in sorted(out.iterdir())} if out.exists() else {}
print(json.dumps({"rc": run.returncode, "stderr": run.stderr, "stdout": run.stdout, "files": files}))
"""


def _in_private_mounts(*args: str) -> dict:
    unshare = shutil.which("unshare")
    assert unshare, "unshare (util-linux) is needed for the disk fault tests"
    command = [unshare, "-m" if os.geteuid() == 0 else "-rm", sys.executable, "-c", CHILD, *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0 and result.stdout.strip(), result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def previous_book(tmp_path_factory) -> Path:
    """A good book of the same story, rendered with the real engine: what a failed run must leave as it was."""
    folder = tmp_path_factory.mktemp("previous")
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    run = subprocess.run(
        [*CLI, "story.txt", "-o", "out/book.mp3", "-q", "--no-cache"], cwd=folder, capture_output=True, text=True, timeout=240
    )
    assert run.returncode == 0, run.stderr
    return folder / "out"


@pytest.mark.real_audio
@pytest.mark.parametrize("where", ["no-cache", "cache-on-the-full-disk"])
def test_a_full_disk_is_one_line_and_leaves_the_previous_book(tmp_path, previous_book, where):
    disk = tmp_path / "disk"
    disk.mkdir()
    extra = ["--no-cache"] if where == "no-cache" else ["--cache-dir", str(disk / "cache")]
    report = _in_private_mounts("full", str(disk), str(previous_book.parent / "story.txt"), str(previous_book), *extra)
    result = subprocess.CompletedProcess([], report["rc"], report["stdout"], report["stderr"])
    line = assert_failed_cleanly(result, EXIT_OUTPUT, str(disk), "No space left on device")
    assert "previous audiobook" in line
    before = {p.name: p.read_bytes().hex() for p in sorted(previous_book.iterdir())}
    assert report["files"] == before  # the old book and its sidecars, untouched, and nothing else


@pytest.mark.real_audio
def test_a_read_only_cache_renders_without_storing_and_warns_once(tmp_path, previous_book):
    story = previous_book.parent / "story.txt"
    cache = tmp_path / "cache"
    first = subprocess.run(
        [*CLI, str(story), "-o", str(tmp_path / "first" / "book.mp3"), "-q", "--cache-dir", str(cache)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert first.returncode == 0, first.stderr
    (tmp_path / "disk").mkdir()
    report = _in_private_mounts("readonly", str(tmp_path / "disk"), str(story), str(previous_book), "--cache-dir", str(cache))
    assert report["rc"] == 0, report["stderr"]
    warnings = report["stderr"].splitlines()
    assert len(warnings) == 1 and "the cache cannot be written (Read-only file system)" in warnings[0], report["stderr"]
    assert bytes.fromhex(report["files"]["book.mp3"]) == (tmp_path / "first" / "book.mp3").read_bytes()  # from the stored parts


# --- outputs land as a set --------------------------------------------------------------------------


def _render_args(tmp_path: Path) -> list[str]:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    return [str(story), "-o", str(tmp_path / "out" / "book.mp3"), "--voices", str(fake_voices_toml(tmp_path)), "--no-cache", "-q"]


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_signal_while_the_set_lands_leaves_the_whole_new_set_and_says_so(tmp_path, fake_engine, monkeypatch, capsys):
    from fic2audio.cli import main

    args = _render_args(tmp_path)
    main(args)
    old = _listing(tmp_path / "out")
    (tmp_path / "story.txt").write_text(STORY.replace("twice", "three times"), encoding="utf-8")
    real_replace = os.replace
    final_audio = tmp_path / "out" / "book.mp3"

    def replace_then_signal(source, target):
        real_replace(source, target)
        if Path(target) == final_audio:  # just after the audio is in place, before its sidecars
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # an unblocked signal's handler runs here

    monkeypatch.setattr(atomic.os, "replace", replace_then_signal)
    capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:
        _exit_now_raises(monkeypatch)
        main(args)
    assert stopped.value.code == EXIT_INTERRUPTED
    new = _listing(tmp_path / "out")
    assert new.keys() == old.keys() and all(new[name] != old[name] for name in ("book.mp3", "book.vtt", "book.srt"))
    message = capsys.readouterr().err.strip()
    assert (
        "interrupted (SIGINT); the new audiobook was written whole" in message and str(tmp_path / "out" / "book.mp3") in message
    )


def _exit_now_raises(monkeypatch) -> None:
    """The CLI ends an interrupted process at once (os._exit); in-process, a SystemExit instead."""
    from fic2audio import cli

    def leave(code: int) -> None:
        raise SystemExit(code)

    monkeypatch.setattr(cli, "_exit_now", leave)


def test_a_signal_after_the_success_line_exits_0(tmp_path, fake_engine, monkeypatch, capsys):
    import typer

    from fic2audio.cli import main

    real_echo = typer.echo

    def echo_then_signal(message=None, *args, **kwargs):
        real_echo(message, *args, **kwargs)
        if message and "chapters" in str(message):  # the success line
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)

    monkeypatch.setattr(typer, "echo", echo_then_signal)
    _exit_now_raises(monkeypatch)
    main([arg for arg in _render_args(tmp_path) if arg != "-q"])  # returns: no SystemExit(130); -q would hide the line
    assert "chapters" in capsys.readouterr().out


def test_a_signal_as_the_process_exits_after_success_still_exits_0(tmp_path):
    """The console entry point, then SIGTERM to itself on the way out: 0, not -15."""
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    code = "import os, signal, sys\nfrom fic2audio.cli import main\ntry:\n    main()\nfinally:\n    os.kill(os.getpid(), signal.SIGTERM)\n"
    run = subprocess.run([sys.executable, "-c", code, "plan", str(story)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, (run.returncode, run.stderr)


# --- one render per output, and sweeps -------------------------------------------------------------


def test_a_second_render_of_the_same_output_is_refused_in_one_line(tmp_path):
    args = [a for a in _render_args(tmp_path) if "fake-voices" not in a and a != "--voices"]  # the real engine
    (tmp_path / "out").mkdir()
    held = atomic.FileLock.beside(tmp_path / "out" / "book.mp3")  # a first render, under way
    assert held.acquire()
    try:
        result = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120)
    finally:
        held.release()
    assert_failed_cleanly(result, EXIT_OUTPUT, "book.mp3", "another fic2audio is writing this audiobook")
    assert list((tmp_path / "out").iterdir()) == []  # the lock file went with the lock


def test_the_lock_is_released_and_a_later_render_runs(tmp_path, fake_engine):
    options = RenderOptions(output=tmp_path / "out" / "book.mp3", voices=fake_voices_toml(tmp_path), use_cache=False)
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    build_audiobook(tmp_path / "story.txt", options)
    build_audiobook(tmp_path / "story.txt", options)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "book.chapters.json",
        "book.mp3",
        "book.png",
        "book.srt",
        "book.vtt",
    ]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.parametrize(
    "name",
    [
        ".book.vtt.{pid}.1a2b3c4d.part",  # write_atomic's, for a sidecar
        ".book.chapters.json.{pid}.12345678.part",
        ".book.png.{pid}.9f8e7d6c.part",  # write_atomic's, for the cover
        ".book.mp3.{pid}.m4b.part",  # the encoder's
        ".book - part 2 of 3.srt.{pid}.0badf00d.part",  # a split book's
    ],
)
def test_a_render_sweeps_the_leftovers_of_any_killed_writer(tmp_path, fake_engine, name):
    out = tmp_path / "out"
    out.mkdir()
    leftover = out / name.format(pid=_dead_pid())
    leftover.write_bytes(b"half written")
    alive = out / name.format(pid=os.getpid())  # this process's own: in use, kept
    alive.write_bytes(b"being written")
    keep = out / ".notes.txt"  # not a temporary name
    keep.write_text("mine", encoding="utf-8")
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    build_audiobook(
        tmp_path / "story.txt", RenderOptions(output=out / "book.mp3", voices=fake_voices_toml(tmp_path), use_cache=False)
    )
    assert not leftover.exists() and alive.exists() and keep.exists()


def test_the_cache_sweeps_half_written_clips(tmp_path):
    from fic2audio.cache import ClipCache

    cache = ClipCache(tmp_path / "cache")
    cache.prepare()
    cache.put_clip("ab" + "0" * 62, b"\0\0" * 10)
    leftover = cache.clip_path("ab" + "0" * 62).with_name(f".{'ab' + '1' * 62}.pcm.{_dead_pid()}.12345678.part")
    leftover.write_bytes(b"half")
    ClipCache(tmp_path / "cache").prepare()
    assert not leftover.exists() and cache.get_clip("ab" + "0" * 62) == b"\0\0" * 10
    assert leftovers(tmp_path / "cache") == []


def test_a_render_waits_for_another_using_the_same_cache(tmp_path, fake_engine):
    """While another render holds the cache, a second waits, then finds the clips made."""
    import threading

    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    other = atomic.FileLock(cache / "lock")  # flock: a second open file in one process conflicts too
    assert other.acquire()
    books = []
    options = RenderOptions(output=tmp_path / "out" / "book.mp3", voices=fake_voices_toml(tmp_path), cache_dir=cache, jobs=1)
    render = threading.Thread(target=lambda: books.append(build_audiobook(tmp_path / "story.txt", options)))
    render.start()
    render.join(timeout=3)
    try:
        assert render.is_alive() and fake_engine.calls == []  # waiting, nothing made
    finally:
        other.release()
    render.join(timeout=120)
    assert not render.is_alive() and books and fake_engine.calls


def test_the_feed_command_sweeps_its_own_leftovers(tmp_path):
    from fic2audio.feed import write_feed

    leftover = tmp_path / f".feed.xml.{_dead_pid()}.00ff00ff.part"
    leftover.write_text("<rss", encoding="utf-8")
    with pytest.raises(InputError):  # no audiobooks here: no feed, but the leftover is swept all the same
        write_feed(tmp_path, "http://example.org/")
    assert not leftover.exists() and not (tmp_path / "feed.xml").exists()
