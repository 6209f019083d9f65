"""Ctrl-C and SIGTERM: a real render stops, says so in one line, exits 130 and leaves nothing behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clitools import CLI, leftovers
from conftest import fake_voices_toml

from fic2audio.errors import EXIT_INTERRUPTED
from fic2audio.pipeline import RenderOptions, build_audiobook

WORDS = "the quiet house stood at the end of a long road where nobody came and she waited for him every evening".split()


def long_story(path: Path, paragraphs: int = 300) -> Path:
    """Long enough that a real render takes tens of seconds (about 0.1 s a paragraph)."""
    rng = random.Random(paragraphs)
    body = []
    for _ in range(paragraphs):
        narration = " ".join(rng.choice(WORDS) for _ in range(12)).capitalize()
        speech = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
        body.append(f'{narration}. "{speech}," he said.')
    path.write_text("Title: Long Night\nAuthor: Tester\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    return path


def _wait_for_clips(folder: Path, process: subprocess.Popen, clips: int = 3, limit_s: float = 120) -> None:
    """Block until the render's temporaries exist beside the book and `clips` clips are in its cache:
    the render is under way, its workers started and speaking."""
    stored = Path(os.environ["XDG_CACHE_HOME"]) / "fic2audio" / "clips"  # the private cache (conftest), which the CLI inherits
    deadline = time.monotonic() + limit_s
    while not leftovers(folder) or sum(1 for _ in stored.glob("*/*.pcm")) < clips:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the render never started"
        time.sleep(0.02)


@pytest.mark.real_audio
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("fmt", ["mp3", "m4b"])
def test_signal_stops_a_real_render_cleanly(tmp_path: Path, sig: signal.Signals, fmt: str) -> None:
    long_story(tmp_path / "long.txt")
    scratch = tmp_path / "scratch"  # the engine's temporary folder goes here, to check it is removed
    scratch.mkdir()
    out = tmp_path / "out"
    process = subprocess.Popen(
        [*CLI, "long.txt", "-o", f"out/long.{fmt}", "--format", fmt],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    try:
        _wait_for_clips(out, process)
        process.send_signal(sig)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert process.returncode == EXIT_INTERRUPTED, stderr
    assert lines == [f"fic2audio: interrupted ({sig.name}); nothing was written"], stderr
    assert stdout == ""
    assert sorted(p.name for p in out.iterdir()) == []  # no audiobook, no sidecar, no .part
    assert list(scratch.iterdir()) == []


def test_interrupt_inside_the_library_leaves_no_file(tmp_path: Path, fake_engine, monkeypatch) -> None:
    """KeyboardInterrupt (a library caller's Ctrl-C) mid-render: the temporary audio is removed and
    ffmpeg stopped, and nothing appears at the final path."""
    monkeypatch.chdir(tmp_path)
    story = long_story(tmp_path / "long.txt", paragraphs=40)
    target = tmp_path / "book" / "long.mp3"

    def interrupt(done: int, total: int) -> None:
        if done == total // 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_audiobook(story, RenderOptions(output=target, voices=fake_voices_toml(tmp_path), progress=interrupt))
    assert list(target.parent.iterdir()) == []


def test_temporaries_of_a_killed_run_are_removed_by_the_next(tmp_path: Path, fake_engine, monkeypatch) -> None:
    """SIGKILL gives no chance to clean up; the next render to the same path removes what was left,
    and leaves alone the temporary file of a run still going."""
    monkeypatch.chdir(tmp_path)
    story = long_story(tmp_path / "short.txt", paragraphs=3)
    target = tmp_path / "book" / "short.mp3"
    target.parent.mkdir()
    dead = target.parent / f".short.mp3.{2**22 + 1}.audio.part"  # above Linux's highest pid: never running
    alive = target.parent / f".short.mp3.{os.getppid()}.audio.part"  # the test runner's parent is running
    dead.write_bytes(b"half an mp3")
    alive.write_bytes(b"another run's mp3")
    build_audiobook(story, RenderOptions(output=target, voices=fake_voices_toml(tmp_path)))
    assert not dead.exists() and alive.exists() and target.stat().st_size > 0


# The child loads fic2audio's entry point as the console script does, and sends itself SIGINT the moment
# Python is asked for `module`: a Ctrl-C that lands while the program is still loading, every time.
_CTRL_C_WHILE_LOADING = """
import importlib.abc, os, signal, sys

module, sys.argv = sys.argv[1], ["fic2audio", "plan", sys.argv[2]]

class CtrlC(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == module:
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, CtrlC())
from fic2audio.launch import main
main()
"""


@pytest.mark.parametrize("module", ["typer", "fic2audio.cli", "fic2audio.engines"])
def test_ctrl_c_while_loading_is_one_line_not_a_traceback(tmp_path: Path, module: str) -> None:
    """`typer` and `fic2audio.cli` load before the command starts; `fic2audio.engines` loads inside it,
    before its own signal handlers are set."""
    story = tmp_path / "story.txt"
    story.write_text("Title: T\n\nShe said nothing.\n", encoding="utf-8")
    child = subprocess.run(
        [sys.executable, "-c", _CTRL_C_WHILE_LOADING, module, str(story)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a terminal's foreground job has it
    )
    assert child.returncode == EXIT_INTERRUPTED, child.stderr
    assert child.stderr == "fic2audio: interrupted (SIGINT); nothing was written\n"
    assert child.stdout == ""


def test_the_console_script_starts_at_the_guarded_entry_point() -> None:
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "fic2audio"]
    assert script.value == "fic2audio.launch:main"
