"""Voices files: profiles per kind, inheritance, and errors that name the key and the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from fic2audio.errors import UsageError
from fic2audio.model import Kind, Segment
from fic2audio.voices import load_voices, parse_voices

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_default_matches_built_in_copy():
    assert (ROOT / "voices" / "default.toml").read_text() == (ROOT / "src" / "fic2audio" / "data" / "default.toml").read_text()


def test_default_voices_give_thought_a_distinct_sound():
    config = load_voices(ROOT / "voices" / "default.toml")
    profiles = dict(config.kinds)
    assert set(profiles) == set(Kind)
    narration, thought = profiles[Kind.NARRATION], profiles[Kind.THOUGHT]
    assert (thought.voice, thought.pitch, thought.effects) != (narration.voice, narration.pitch, narration.effects)
    assert config.pauses.paragraph > config.pauses.sentence > config.pauses.none


def test_kinds_inherit_missing_keys_from_narration():
    config = parse_voices('[kinds.narration]\nvoice = "en-us"\nrate = 200\n[kinds.thought]\npitch = 80\n', "t.toml")
    thought = config.profile_for(Segment(Kind.THOUGHT, "x"))
    assert (thought.voice, thought.rate, thought.pitch) == ("en-us", 200, 80)


@pytest.mark.parametrize(
    "toml, message",
    [
        ('[kinds.narration]\nvioce = "en"\n', "unknown key 'kinds.narration.vioce'"),
        ('[kinds.narrator]\nvoice = "en"\n', "unknown key 'kinds.narrator'"),
        ("[pauses]\nsentance = 100\n", "unknown key 'pauses.sentance'"),
        ("[kinds.narration]\nrate = 5000\n", "kinds.narration.rate must be a number 80-450"),
        ("[kinds.narration]\nvolume = 2\n", "kinds.narration.volume must be a number 0.0-1.0"),
        ("[kinds.narration]\npitch = -3\n", "kinds.narration.pitch must be a number 0-99"),
        ('[kinds.narration]\neffects = ["reverb"]\n', "kinds.narration.effects must be a list of"),
        ("[pauses]\nsentence = -1\n", "pauses.sentence must be a whole number"),
        ("[kinds.narration\n", "not valid TOML"),
        ("colour = 1\n", "unknown key 'colour'"),
    ],
)
def test_bad_voices_files_name_key_and_file(toml, message):
    with pytest.raises(UsageError) as error:
        parse_voices(toml, "my-voices.toml")
    assert "my-voices.toml" in str(error.value) and message in str(error.value)


def test_missing_voices_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="voices file not found"):
        load_voices(tmp_path / "nope.toml")


@pytest.mark.real_audio  # the real engine is asked whether the voice exists
@pytest.mark.parametrize(
    ("option", "content", "message"),
    [
        ("voices", '[kinds.narration]\nvoice = "no-such-voice"\n', "no-such-voice"),
        ("voices", "[kinds\n", "not valid TOML"),
        ("cast", '[characters.Ann]\nvoice = "no-such-voice"\n', "no-such-voice"),
        ("cast", '[characters.Ann]\ngender = "robot"\n', "gender"),
    ],
)
def test_voices_and_cast_files_are_checked_before_the_story_is_read(tmp_path, monkeypatch, option, content, message):
    import fic2audio.pipeline as pipeline

    def must_not_read(*args, **kwargs):
        raise AssertionError("the story was read before the settings were checked")

    monkeypatch.setattr(pipeline, "read_story", must_not_read)
    settings = tmp_path / "settings.toml"
    settings.write_text(content, encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text("Title: T\n\nShe waited.\n", encoding="utf-8")
    with pytest.raises(UsageError, match=message) as raised:
        pipeline.build_audiobook(story, pipeline.RenderOptions(output=tmp_path / "book.mp3", **{option: settings}))
    assert "settings.toml" in str(raised.value)
