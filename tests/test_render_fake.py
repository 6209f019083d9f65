"""Assembly with the fake engine: marks, cues and pauses add up to the audio written."""

from __future__ import annotations

from fic2audio.cast import load_voices
from fic2audio.model import Kind, Metadata, Pause, Script, ScriptChapter, Segment
from fic2audio.render import SAMPLE_RATE, render_script

from conftest import fake_voices_toml


class CountingSink:
    def __init__(self) -> None:
        self.bytes = 0
        self.writes = 0

    def write(self, pcm: bytes) -> None:
        self.bytes += len(pcm)
        self.writes += 1


def test_marks_and_cues_cover_the_stream(fake_engine, tmp_path):
    voices = load_voices(fake_voices_toml(tmp_path))
    script = Script(
        Metadata(),
        (
            ScriptChapter("Introduction", (Segment(Kind.HEADER, "Title here"),)),
            ScriptChapter("One", (Segment(Kind.NARRATION, "one two three", pause=Pause.NONE), Segment(Kind.DIALOGUE, "four five", pause=Pause.SCENE))),
            ScriptChapter("Two", (Segment(Kind.THOUGHT, "six"),)),
        ),
    )
    sink = CountingSink()
    rendered = render_script(script, voices, sink)
    assert rendered.frames * 2 == sink.bytes
    assert [m.title for m in rendered.marks] == ["Introduction", "One", "Two"]
    assert rendered.marks[0].start_ms == 0
    for before, after in zip(rendered.marks, rendered.marks[1:]):
        assert before.end_ms == after.start_ms
    assert abs(rendered.marks[-1].end_ms - sink.bytes / 2 / SAMPLE_RATE * 1000) < 1
    assert [c.segment.text for c in rendered.cues] == ["Title here", "one two three", "four five", "six"]
    gap_after_none = rendered.cues[2].start_ms - rendered.cues[1].end_ms
    assert abs(gap_after_none - voices.pauses.none) < 1
    assert len(fake_engine.calls) == 4


def test_profiles_follow_kinds(fake_engine, tmp_path):
    path = tmp_path / "v.toml"
    path.write_text('[kinds.narration]\nengine = "fake"\nvoice = "en"\npitch = 20\n[kinds.dialogue]\npitch = 80\n')
    script = Script(Metadata(), (ScriptChapter("A", (Segment(Kind.NARRATION, "a b"), Segment(Kind.DIALOGUE, "c d"))),))
    render_script(script, load_voices(path), CountingSink())
    assert [p.pitch for _, p in fake_engine.calls] == [20, 80]
