"""Casting: the cast file, the automatic cast, the `cast` command, and a real render in two voices."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import STORIES, f0, fake_voices_toml

from fic2audio.casting import Cast, assign_voices, cast_voices, parse_cast
from fic2audio.characters import Character
from fic2audio.effects import make_clip
from fic2audio.errors import UsageError
from fic2audio.model import SAMPLE_RATE, Kind, Pause, Script, ScriptChapter, Segment
from fic2audio.pipeline import RenderOptions, plan_story
from fic2audio.speakable import speakable
from fic2audio.voices import load_voices, parse_voices

CLI = str(Path(sys.executable).parent / "fic2audio")


def _identity(profile):
    return (profile.voice, profile.pitch, profile.rate)


def test_automatic_cast_is_distinct_consistent_and_spares_the_narrator(tmp_path, fake_engine):
    voices = load_voices(fake_voices_toml(tmp_path))
    people = [Character(f"W{i}", (), "female") for i in range(6)] + [Character(f"M{i}", (), "male") for i in range(6)]
    people += [Character("Kit", (), None)]
    names = [c.name for c in people]
    cast = assign_voices(voices, names, people)
    assert sorted(cast) == sorted(names)
    identities = [_identity(p) for p in cast.values()]
    assert len(set(identities)) == len(identities)  # everyone sounds different
    narration = dict(voices.kinds)[Kind.NARRATION]
    assert _identity(narration) not in identities
    assert assign_voices(voices, names, people) == cast  # the same story gets the same cast every time
    # this engine has no variants, so pitch carries gender: every woman above every man
    assert min(cast[f"W{i}"].pitch for i in range(6)) > max(cast[f"M{i}"].pitch for i in range(6))


def test_espeak_cast_uses_gendered_variants():
    voices = load_voices(None)
    cast = assign_voices(voices, ["she", "Spike", "narrator"], [Character("Spike", (), "male")])
    assert "+f" in cast["she"].voice and "+m" in cast["Spike"].voice
    assert cast["narrator"] == dict(voices.kinds)[Kind.NARRATION]  # the "I" of the story is the narrator


def test_cast_file_sets_voice_and_gender(tmp_path, fake_engine):
    voices = load_voices(fake_voices_toml(tmp_path))
    cast = parse_cast(
        '[characters.Spike]\nvoice = "en-gb-x-rp"\npitch = 20\n[characters.Buffy]\ngender = "female"\n', "cast.toml"
    )
    chosen = assign_voices(voices, ["Spike", "Buffy", "Willow"], [], cast)
    assert (chosen["Spike"].voice, chosen["Spike"].pitch, chosen["Spike"].engine) == ("en-gb-x-rp", 20, "fake")
    assert chosen["Buffy"].pitch > chosen["Willow"].pitch  # female voice vs unknown


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[characters.A]\ncolour = "red"\n', "unknown key 'characters.A.colour'"),
        ('[characters.A]\ngender = "other"\n', "characters.A.gender must be"),
        ("[characters.A]\npitch = 300\n", "characters.A.pitch must be a number 0-99"),
        ('[characters.A]\naliases = "Al"\n', "characters.A.aliases must be a list"),
        ("[people.A]\n", "unknown key 'people'"),
        ("story = 3\n[characters.A]\n", "story must be the title"),
        ('story = " "\n', "story must be the title"),
    ],
)
def test_cast_file_errors_name_the_file_and_key(text, message):
    with pytest.raises(UsageError) as caught:
        parse_cast(text, "voices/cast.toml")
    assert str(caught.value).startswith("voices/cast.toml: ") and message in str(caught.value)


_TWO_SPEAKERS = """Title: The Second Story

"Is anyone there?" asked Tom.

"Only me," Ada said.
"""
# A cast file whose alias would take Tom's line, if it were read for this story.
_OTHER_CAST = 'story = "{title}"\n[characters."Mrs. Vane"]\ngender = "female"\naliases = ["Tom"]\n'


def _speakers(script):
    return [s.speaker for ch in script.chapters for s in ch.segments if s.kind is Kind.DIALOGUE]


@pytest.mark.parametrize(
    ("written_for", "named", "speakers", "warning"),
    [
        (
            "The First Story",
            False,
            ["Tom", "Ada"],
            'voices/cast.toml is the cast of "The First Story", not of "The Second Story": not used',
        ),
        ("The First Story", True, ["Mrs. Vane", "Ada"], "used, as --cast asks"),
        ("  the SECOND   story ", False, ["Mrs. Vane", "Ada"], None),  # the same title, spaced and cased otherwise
        (None, False, ["Mrs. Vane", "Ada"], None),  # a cast file that names no story is for any
    ],
)
def test_a_cast_file_written_for_another_story_is_left_out_unless_named(
    tmp_path, monkeypatch, written_for, named, speakers, warning
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "voices").mkdir()
    cast = tmp_path / "voices" / "cast.toml"
    text = _OTHER_CAST.format(title=written_for)
    cast.write_text(text if written_for else text.split("\n", 1)[1], encoding="utf-8")
    story = tmp_path / "second.txt"
    story.write_text(_TWO_SPEAKERS, encoding="utf-8")
    script = plan_story(story, RenderOptions(cast=Path("voices/cast.toml") if named else None))
    assert _speakers(script) == speakers
    cast_warnings = [w for w in script.warnings if "cast" in w]
    assert len(cast_warnings) == (warning is not None), script.warnings
    if warning:
        assert warning in cast_warnings[0]


def test_the_cast_command_names_its_story_and_plan_leaves_it_out_for_another(tmp_path):
    first = tmp_path / "first.txt"
    first.write_text(_TWO_SPEAKERS.replace("The Second Story", 'The "First" Story\\'), encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text(_TWO_SPEAKERS, encoding="utf-8")
    made = subprocess.run([CLI, "cast", str(first)], capture_output=True, text=True, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert parse_cast((tmp_path / "voices" / "cast.toml").read_text(encoding="utf-8"), "cast.toml").story == (
        'The "First" Story\\'
    )
    for story, left_out in ((first, False), (second, True)):
        plan = subprocess.run([CLI, "plan", str(story), "--json"], capture_output=True, text=True, cwd=tmp_path)
        assert plan.returncode == 0, plan.stderr
        assert ("not used (--cast voices/cast.toml uses it anyway)" in plan.stderr) is left_out, plan.stderr


@pytest.mark.parametrize("name", ['Dr. "Doc" Holm', "back\\slash", "tab\there", "bell\x07", "del\x7f", "Zoë ☂"])
def test_cast_file_names_round_trip_through_toml(name):
    from fic2audio.casting import _quote

    assert parse_cast(f"[characters.{_quote(name)}]\n", "cast.toml").characters[0].name == name


def test_thought_in_a_characters_voice_keeps_the_thought_effect():
    voices = parse_voices('[kinds.thought]\neffects = ["echo"]\nvolume = 0.8\n[characters.Spike]\nvoice = "en+m3"\n', "v.toml")
    thought = voices.profile_for(Segment(Kind.THOUGHT, "hm", "Spike"))
    said = voices.profile_for(Segment(Kind.DIALOGUE, "hm", "Spike"))
    assert thought.voice == said.voice == "en+m3"
    assert thought.effects == ("echo",) and thought.volume == 0.8 and said.effects == ()


@pytest.mark.real_audio
def test_cast_command_writes_a_file_it_can_read_back(tmp_path):
    target = tmp_path / "voices" / "cast.toml"
    first = subprocess.run([CLI, "cast", str(STORIES / "For_Her.txt"), "-o", str(target)], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    cast = parse_cast(target.read_text(encoding="utf-8"), str(target))
    assert {c.name: c.gender for c in cast.characters} == {"Spike": "male", "she": "female"}
    again = subprocess.run([CLI, "cast", str(STORIES / "For_Her.txt"), "-o", str(target)], capture_output=True, text=True)
    assert again.returncode == 6 and "already exists" in again.stderr and again.stderr.count("\n") == 1
    forced = subprocess.run(
        [CLI, "cast", str(STORIES / "For_Her.txt"), "-o", str(target), "--force"], capture_output=True, text=True
    )
    assert forced.returncode == 0, forced.stderr
    # an edited cast file drives plan: her voice renamed and given a name the story never uses
    target.write_text(
        target.read_text(encoding="utf-8").replace('[characters."Spike"]', '[characters."Spike"]\naliases = ["William"]'),
        encoding="utf-8",
    )
    script = plan_story(STORIES / "For_Her.txt", RenderOptions(cast=target))
    assert [s.speaker for ch in script.chapters for s in ch.segments if s.kind is Kind.DIALOGUE] == ["she", "Spike"]


_NAMED_NARRATOR = """Title: T
Characters: Wren, Tobin

I was halfway up the stairs when my phone went. I knew it was Tobin before I looked, and I sat down on my step.

"Where are you, Wren?" he asked.

"On the stairs, where I live."

"Wren, the door's locked."

"Ring the bell, then."
"""


def test_plan_and_cast_say_whom_a_first_person_narrator_is_taken_for(tmp_path):
    # the narrator's own name gets no voice of its own, so the guess is said where a user would fix it
    story = tmp_path / "story.txt"
    story.write_text(_NAMED_NARRATOR, encoding="utf-8")
    plan = subprocess.run([CLI, "plan", str(story)], capture_output=True, text=True)
    assert plan.returncode == 0, plan.stderr
    assert 'narrator ("I") is taken to be Wren' in plan.stdout
    assert 'narrator: the story\'s "I", whom the others call Wren' in plan.stdout.split("Characters", 1)[1]
    target = tmp_path / "cast.toml"
    cast = subprocess.run([CLI, "cast", str(story), "-o", str(target)], capture_output=True, text=True)
    assert cast.returncode == 0, cast.stderr
    text = target.read_text(encoding="utf-8")
    assert '# The narrator (the story\'s "I", whom the others call Wren):' in text
    assert '[characters."Wren"]' not in text and '[characters."Tobin"]' in text


def _pitch_hz(pcm: bytes) -> float:
    return f0(pcm, SAMPLE_RATE)


@pytest.mark.real_audio
def test_for_her_speakers_render_in_different_real_voices():
    """Her line, his line and the narration through real eSpeak NG: three voices, hers measurably higher."""
    planned = plan_story(STORIES / "For_Her.txt")
    body = [s for ch in planned.chapters[1:] for s in ch.segments]
    her = next(s for s in body if s.text == "I love you")
    his = next(s for s in body if s.text.startswith("No, you don't"))
    narration = next(s for s in body if s.kind is Kind.NARRATION and s.text.startswith("He has to let her go"))
    script = Script(
        planned.metadata, (ScriptChapter("For Her", tuple(replace(s, pause=Pause.SENTENCE) for s in (narration, her, his))),)
    )
    from fic2audio.characters import find_characters

    voices = cast_voices(load_voices(None), script, find_characters(planned), Cast())
    profiles = [voices.profile_for(s) for s in (narration, her, his)]
    assert len({_identity(p) for p in profiles}) == 3
    # Each line's clip as a render makes it (what every worker runs).
    clips = {s.text: make_clip(speakable(s.text), p) for s, p in zip((narration, her, his), profiles, strict=True)}
    pitch = {who: _pitch_hz(clips[s.text]) for who, s in (("narrator", narration), ("her", her), ("him", his))}
    assert pitch["her"] > 1.3 * pitch["him"], pitch
    assert pitch["her"] > 1.3 * pitch["narrator"], pitch
    assert pitch["him"] > 1.1 * pitch["narrator"], pitch  # his voice is pitched off the narrator's too


def test_build_audiobook_reads_each_speaker_in_their_own_voice(tmp_path, fake_engine):
    """The whole pipeline: For_Her's two lines go to the engine with two voices, neither the narrator's."""
    from fic2audio.pipeline import RenderOptions, build_audiobook

    book = build_audiobook(STORIES / "For_Her.txt", RenderOptions(output=tmp_path / "fh.mp3", voices=fake_voices_toml(tmp_path)))
    assert Path(book.path).exists()
    profile_of = {text: profile for text, profile in fake_engine.calls}
    her, his = profile_of["I love you"], profile_of["No, you don't, but thanks for saying it"]
    narration = profile_of["He has to let her go."]
    assert len({_identity(her), _identity(his), _identity(narration)}) == 3
    assert her.pitch > his.pitch  # a woman's voice and a man's, on an engine without variants
    thought = next(p for t, p in fake_engine.calls if t.startswith("So that's what she wanted"))
    assert (thought.voice, thought.pitch) == (his.voice, his.pitch)  # his thought in his voice


def test_cast_file_puts_the_speakers_first_and_the_unheard_after_them(tmp_path):
    from fic2audio.pipeline import write_starting_cast

    story = tmp_path / "story.txt"
    story.write_text(
        _TWO_SPEAKERS.replace("\n\n", "\n\nMrs. Vane had left the house at dawn, and Mrs. Vane had not come back.\n\n", 1),
        encoding="utf-8",
    )
    target = tmp_path / "cast.toml"
    write_starting_cast(story, target)
    text = target.read_text(encoding="utf-8")
    tables = [line.split('"')[1] for line in text.splitlines() if line.startswith("[characters.")]
    assert tables == ["Tom", "Ada", "Mrs. Vane"]
    assert text.index("given no line") > text.index('[characters."Ada"]')
    assert text.index("given no line") < text.index('[characters."Mrs. Vane"]')
    assert parse_cast(text, str(target)).story == "The Second Story"
