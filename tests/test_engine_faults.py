"""Engine faults: a clip that crashes, hangs, dies with its worker or comes back empty is retried,
then reported with its text; the run fails with EngineError rather than leave a gap."""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal

import pytest
from fault_engines import FaultyEngine, calls

from fic2audio.cli import main
from fic2audio.engines import register_engine
from fic2audio.errors import EXIT_ENGINE, EngineError
from fic2audio.model import VoiceProfile
from fic2audio.render import RenderSettings, _in_process, render_book
from fic2audio.workers import ClipPool, ClipTask, portable_factories

PROFILE = VoiceProfile(engine="faulty", voice="en", pitch=40)


def tasks(count: int, bad: int | None = None) -> list[ClipTask]:
    return [ClipTask(f"k{i}", f"clip {i} {'TRIGGER' if i == bad else ''} " + "word " * (i % 3), PROFILE) for i in range(count)]


def use_engine(tmp_path, fault: str, once: bool) -> dict:
    register_engine("faulty", functools.partial(FaultyEngine, fault, str(tmp_path), once))
    return portable_factories(["faulty"])


def expected_frames(task: ClipTask) -> int:
    return int(22050 * 0.05 * len(task.text.split()))


@pytest.mark.parametrize("fault", ["crash", "hang", "empty", "silent", "die"])
def test_a_fault_once_is_retried_and_the_clips_come_back_in_order(tmp_path, fault):
    work = tasks(12, bad=5)
    # A hang is found by its timeout; other faults are reported at once, so theirs can be generous.
    with ClipPool(2, use_engine(tmp_path, fault, once=True), None, timeout_s=3.0 if fault == "hang" else 60.0) as pool:
        clips = list(pool.run(work))
    assert len(clips) == len(work)
    # Shaping trims the tone's edges only where it is silent: a tone clip keeps its full length.
    assert [len(pcm) // 2 for pcm in clips] == [expected_frames(t) for t in work]
    assert sum("TRIGGER" in line for line in calls(tmp_path)) == 2
    assert pool.restarts == (1 if fault in ("hang", "die") else 0)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("crash", "RuntimeError: engine crashed"),
        ("hang", "no clip after 3 s"),
        ("empty", "empty or silent clip"),
        ("silent", "empty or silent clip"),
        ("die", "worker process died"),
    ],
)
def test_a_clip_that_always_fails_stops_the_run_naming_its_text(tmp_path, fault, reason):
    work = tasks(10, bad=3)
    with pytest.raises(EngineError) as caught:
        with ClipPool(
            2, use_engine(tmp_path, fault, once=False), None, timeout_s=3.0 if fault == "hang" else 60.0, attempts=2
        ) as pool:
            list(pool.run(work))
    message = str(caught.value)
    assert reason in message and "after 2 tries" in message and "clip 3 TRIGGER" in message
    assert "\n" not in message
    assert sum("TRIGGER" in line for line in calls(tmp_path)) == 2


def test_an_engine_that_cannot_start_in_a_worker_is_one_clear_error(tmp_path):
    with pytest.raises(EngineError, match="could not start in a worker process: RuntimeError: libespeak-ng.so.1: cannot open"):
        with ClipPool(2, use_engine(tmp_path, "nostart", once=False), None) as pool:
            list(pool.run(tasks(5)))


def test_in_process_clips_are_retried_and_reported_too(tmp_path):
    use_engine(tmp_path, "crash", once=True)
    work = tasks(4, bad=1)
    assert [len(pcm) // 2 for pcm in _in_process(work, RenderSettings(clip_attempts=3), None)] == [
        expected_frames(t) for t in work
    ]
    use_engine(tmp_path, "empty", once=False)
    with pytest.raises(EngineError, match=r"empty or silent clip.*clip 1 TRIGGER"):
        list(_in_process(work, RenderSettings(clip_attempts=3), None))


def test_a_clip_hanging_in_this_process_is_handed_to_a_worker_that_can_be_stopped(tmp_path):
    """A short story makes its clips in-process; a hang there still has a timeout: that clip and the
    rest go to a worker process, and the book comes out whole and in order."""
    factories = use_engine(tmp_path, "hang", once=True)
    work = tasks(6, bad=2)
    clips = list(_in_process(work, RenderSettings(clip_timeout_s=1.0), None, factories))
    assert [len(pcm) // 2 for pcm in clips] == [expected_frames(t) for t in work]
    makers = [line.split()[0] for line in calls(tmp_path)]
    assert makers[:3] == [str(os.getpid())] * 3  # clips 0, 1 and the hung 2 were tried here
    assert set(makers[3:]) - {str(os.getpid())}, "the rest were made in a worker process"


def test_a_clip_that_always_hangs_in_this_process_stops_the_run(tmp_path):
    factories = use_engine(tmp_path, "hang", once=False)
    with pytest.raises(EngineError, match=r"after 2 tries \(no clip after \d s\).*clip 2 TRIGGER"):
        list(_in_process(tasks(5, bad=2), RenderSettings(clip_timeout_s=1.0, clip_attempts=2), None, factories))
    # An engine that lives only in this process (a closure) cannot move to a worker: a clear error.
    register_engine("faulty", lambda: FaultyEngine("hang", str(tmp_path), False))
    with pytest.raises(EngineError, match=r"no clip after \d s; its engine cannot run in a worker process.*clip 2 TRIGGER"):
        list(_in_process(tasks(5, bad=2), RenderSettings(clip_timeout_s=1.0), None, None))


def story_with(tmp_path, sentences: int, bad_sentence: int | None = None):
    body = []
    for chapter in range(1, 4):
        body.append(f"Chapter {chapter}\n")
        body.append(
            " ".join(
                f"Sentence {chapter} {n}{' TRIGGER' if n == bad_sentence and chapter == 2 else ''} goes on."
                for n in range(sentences)
            )
            + "\n"
        )
    story = tmp_path / "story.txt"
    story.write_text("Title: Faults\nAuthor: Test\n\n" + "\n".join(body), encoding="utf-8")
    voices = tmp_path / "voices.toml"
    voices.write_text(
        "\n".join(
            f'[kinds.{k}]\nengine = "faulty"\nvoice = "en"\n'
            for k in ("header", "narration", "dialogue", "thought", "heading", "note")
        ),
        encoding="utf-8",
    )
    return story, voices


def test_cli_reports_a_failing_clip_in_one_line_and_writes_no_audiobook(tmp_path, capsys):
    story, voices = story_with(tmp_path, sentences=20, bad_sentence=4)
    state = tmp_path / "state"
    state.mkdir()
    register_engine("faulty", functools.partial(FaultyEngine, "crash", str(state), False))
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exited:
        main(
            [
                str(story),
                "-o",
                str(out / "book.mp3"),
                "--voices",
                str(voices),
                "-j",
                "2",
                "--cache-dir",
                str(tmp_path / "cache"),
                "-q",
            ]
        )
    assert exited.value.code == EXIT_ENGINE
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("fic2audio: error: could not speak a clip")
    assert "'Sentence 2 4 TRIGGER goes on.'" in err  # the story's own words, to find it by
    assert list(out.iterdir()) == []  # no audiobook, no temporary parts
    assert {int(line.split()[0]) for line in calls(state)} - {os.getpid()}, "clips were made in worker processes"


@pytest.mark.real_audio
def test_killing_a_real_worker_mid_run_still_gives_the_whole_book(tmp_path):
    """SIGKILL one pyttsx3 worker while clips are in flight; its clip is made again elsewhere."""
    from fic2audio.read import read_story
    from fic2audio.segment import build_script
    from fic2audio.voices import load_voices

    story, _ = story_with(tmp_path, sentences=20)
    script = build_script(read_story(story))
    voices = load_voices(None)
    killed = []

    def kill_one(done: int, total: int) -> None:
        if done >= 6 and not killed:
            victim = multiprocessing.active_children()[0]
            os.kill(victim.pid, signal.SIGKILL)
            killed.append(victim.pid)

    settings = RenderSettings(jobs=2)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    interrupted = render_book(script, voices, "mp3", tmp_path / "a", settings, kill_one)
    clean = render_book(script, voices, "mp3", tmp_path / "b", settings)
    assert killed and killed[0] not in [p.pid for p in multiprocessing.active_children()]
    # eSpeak in pyttsx3's retrieval mode varies a clip's edge silence by a few ms from run to run, so
    # the books match clip for clip in count and, within 50 ms, in length; none is missing or empty.
    assert [len(c.clip_frames) for c in interrupted.chapters] == [len(c.clip_frames) for c in clean.chapters]
    pairs = [
        (a, b)
        for x, y in zip(interrupted.chapters, clean.chapters, strict=True)
        for a, b in zip(x.clip_frames, y.clip_frames, strict=True)
    ]
    assert len(pairs) == sum(len(ch.segments) for ch in script.chapters)
    assert all(a > 22050 * 0.3 and abs(a - b) < 22050 * 0.05 for a, b in pairs)


@pytest.mark.real_audio
def test_ctrl_c_mid_render_stops_workers_and_encoders_and_leaves_nothing(tmp_path):
    """SIGINT to the whole process group, as a terminal's Ctrl-C does: exit 130, one line, no
    audiobook, no spooled or half-encoded parts, no process of the group left running."""
    import subprocess
    import sys
    import time

    story, _ = story_with(tmp_path, sentences=30)
    cache = tmp_path / "cache"
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "fic2audio", str(story), "-o", str(out / "book.mp3"), "--cache-dir", str(cache), "-j", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # A shell's background jobs inherit SIGINT ignored, and Python then keeps it so.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(cache.glob("clips/*/*.pcm"))) < 40 and process.poll() is None:
        time.sleep(0.01)
    assert process.poll() is None, "the render ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.strip() == "fic2audio: interrupted (SIGINT); nothing was written"
    assert [p.name for p in out.iterdir()] == []
    assert [p.name for p in (cache / "parts").iterdir() if p.name.startswith(".")] == []
    deadline = time.monotonic() + 10  # the forkserver and its workers notice their parent is gone
    while time.monotonic() < deadline and group_members(process.pid):
        time.sleep(0.05)
    assert group_members(process.pid) == []


def group_members(group: int) -> list[str]:
    """Command lines of the processes in process group `group`."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and os.getpgid(int(entry)) == group:
                found.append(open(f"/proc/{entry}/cmdline", "rb").read().replace(b"\0", b" ").decode())
        except (ProcessLookupError, FileNotFoundError, PermissionError):
            pass
    return found


def test_a_worker_whose_parent_lets_go_during_its_start_up_ends_quietly(tmp_path):
    """The parent gone (its end of the pipe closed) while the worker starts its engine: the worker's
    "ready" meets a broken pipe, which ends it quietly (exit 0), not with a traceback (exit 1)."""
    from fic2audio.workers import _context, _Worker

    worker = _Worker(_context(), use_engine(tmp_path, "slowstart", once=False), None)
    worker.conn.close()
    worker.process.join(timeout=60)
    assert worker.process.exitcode == 0


def test_an_interrupt_while_workers_start_stops_those_already_started(tmp_path, monkeypatch):
    from fic2audio.errors import Interrupted

    pool = ClipPool(3, use_engine(tmp_path, "slowstart", once=False), None)
    started = []
    original = ClipPool._start

    def start_then_interrupt(self):
        if len(started) == 2:
            raise Interrupted("SIGTERM")
        started.append(original(self))
        return started[-1]

    monkeypatch.setattr(ClipPool, "_start", start_then_interrupt)
    with pytest.raises(Interrupted):
        with pool:
            pass
    assert [w.process.is_alive() for w in started] == [False, False]
