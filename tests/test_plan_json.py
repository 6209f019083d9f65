"""`fic2audio plan --json` is written by a streaming writer of its own: it must give, byte for byte, what
`json.dumps(script.to_dict(), ensure_ascii=False, indent=1)` gives, whatever the text holds."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

from fic2audio.cli import _write_json
from fic2audio.model import Kind, Metadata, Pause, Script, ScriptChapter, Segment
from fic2audio.pipeline import plan_story

ROOT = Path(__file__).resolve().parents[1]


def written(value: object) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        _write_json(value)
    return out.getvalue()


def expected(script: Script) -> str:
    return json.dumps(script.to_dict(), ensure_ascii=False, indent=1) + "\n"


def test_odd_text_is_written_as_json_writes_it():
    odd = [
        'She said "no" \\ twice',
        "tab\there, line\nbreak, bell \x07, nul \x00",
        "\u201ccurly\u201d \u2014 caf\u00e9 \U0001f600 \u2028 \ud7ff",
        "",
    ]
    segments = tuple(
        Segment(kind, text, speaker, Pause.SENTENCE)
        for kind in (Kind.NARRATION, Kind.DIALOGUE, Kind.THOUGHT)
        for text in odd
        for speaker in (None, "Ann", 'O"Neil \u00e9')
    )
    script = Script(
        Metadata((("Title", 'Title "quoted"'), ("Author", "A\u00e9"))),
        (ScriptChapter("Header", ()), ScriptChapter("Chapter 1", segments), ScriptChapter("", ())),
    )
    assert written(script.to_dict(segments_as_dicts=False)) == expected(script)
    assert written(script.to_dict()) == expected(script)


def test_a_real_plan_is_written_as_json_writes_it():
    script = plan_story(ROOT / "stories" / "For_Her.txt")
    assert written(script.to_dict(segments_as_dicts=False)) == expected(script)
