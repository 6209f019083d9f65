"""Assembly with the fake engine: marks, cues and pauses add up to the audio encoded."""

from __future__ import annotations

import itertools

from conftest import fake_voices_toml

from fic2audio.export import part_format
from fic2audio.model import SAMPLE_RATE, Kind, Metadata, Pause, Script, ScriptChapter, Segment
from fic2audio.render import BOOK_TAIL_MS, CHAPTER_HEAD_MS, layout, render_book
from fic2audio.voices import load_voices


def test_marks_and_cues_cover_the_stream(fake_engine, tmp_path):
    voices = load_voices(fake_voices_toml(tmp_path))
    script = Script(
        Metadata(),
        (
            ScriptChapter("Introduction", (Segment(Kind.HEADER, "Title here"),)),
            ScriptChapter(
                "One",
                (
                    Segment(Kind.NARRATION, "one two three", pause=Pause.NONE),
                    Segment(Kind.DIALOGUE, "four five", pause=Pause.SCENE),
                ),
            ),
            ScriptChapter("Two", (Segment(Kind.THOUGHT, "six"),)),
        ),
    )
    book = render_book(script, voices, "mp3", tmp_path)
    rendered = layout(script, book.chapters, range(3), part_format("mp3").encoder_delay)
    assert rendered.frames == sum(c.samples for c in book.chapters)
    assert [m.title for m in rendered.marks] == ["Introduction", "One", "Two"]
    assert rendered.marks[0].start_ms == 0
    for before, after in itertools.pairwise(rendered.marks):
        assert before.end_ms == after.start_ms
    assert abs(rendered.marks[-1].end_ms - rendered.frames / SAMPLE_RATE * 1000) < 1
    assert [c.segment.text for c in rendered.cues] == ["Title here", "one two three", "four five", "six"]
    gap_after_none = rendered.cues[2].start_ms - rendered.cues[1].end_ms
    assert abs(gap_after_none - voices.pauses.none) < 1
    gap_after_scene = rendered.cues[3].start_ms - rendered.cues[2].end_ms  # a scene break, then a chapter's pause
    assert gap_after_scene > voices.pauses.scene + voices.pauses.chapter - 1
    # Each part holds its clips and pauses (the encoder adds its delay and padding around them).
    for chapter in book.chapters:
        assert chapter.samples >= chapter.head_frames + sum(chapter.clip_frames) + sum(chapter.pause_frames) + chapter.tail_frames
        assert chapter.head_frames == round(CHAPTER_HEAD_MS * SAMPLE_RATE / 1000)  # a breath before each chapter's first word
    # the book ends with its own silence after the last word, not a pause as well
    assert book.chapters[-1].pause_frames[-1] == 0 and book.chapters[-1].tail_frames == round(BOOK_TAIL_MS * SAMPLE_RATE / 1000)
    first_cue_ms = rendered.cues[0].start_ms
    assert (
        abs(first_cue_ms - CHAPTER_HEAD_MS - part_format("mp3").encoder_delay * 1000 / SAMPLE_RATE) < 1
    )  # cues moved with the head
    assert len(fake_engine.calls) == 4


def test_profiles_follow_kinds(fake_engine, tmp_path):
    path = tmp_path / "v.toml"
    path.write_text('[kinds.narration]\nengine = "fake"\nvoice = "en"\npitch = 20\n[kinds.dialogue]\npitch = 80\n')
    script = Script(Metadata(), (ScriptChapter("A", (Segment(Kind.NARRATION, "a b"), Segment(Kind.DIALOGUE, "c d"))),))
    render_book(script, load_voices(path), "mp3", tmp_path)
    assert [p.pitch for _, p in fake_engine.calls] == [20, 80]
