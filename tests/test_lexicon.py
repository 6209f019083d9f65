"""Pronunciation lexicons: parsing, whole-word case-aware matching, the story's own file, and real eSpeak."""

from __future__ import annotations

import pytest
from conftest import fake_voices_toml

from fic2audio.effects import make_clip
from fic2audio.errors import UsageError
from fic2audio.lexicon import Lexicon, parse_lexicon, story_lexicon_path
from fic2audio.model import VoiceProfile
from fic2audio.pipeline import RenderOptions, build_audiobook
from fic2audio.speakable import DEFAULT_SPEECH, SpeechOptions, load_speech, speakable

LEXICON = Lexicon((("Giles", "Jyles"), ("Will", "Wil"), ("ookla", "ook-lah"), ("Mr. Pointy", "Mister Pointy")))


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Giles said", "Jyles said"),
        ("GILES!", "Jyles!"),
        ("giles the verb", "giles the verb"),  # a capitalised key is a name: lowercase is another word
        ("Giles's glasses", "Jyles's glasses"),
        ("Gilesy and McGiles", "Gilesy and McGiles"),  # whole words only
        ("Will you, Will? I will.", "Wil you, Wil? I will."),
        ("Ookla OOKLA ookla", "ook-lah ook-lah ook-lah"),  # a lowercase key matches any case
        ("Mr. Pointy is here", "Mister Pointy is here"),
    ],
)
def test_lexicon_applies_whole_word_and_case_aware(text, spoken):
    assert LEXICON.apply(text) == spoken


def test_later_entries_override_earlier_ones():
    merged = Lexicon((("Giles", "Jyles"),)).merged(Lexicon((("Giles", "Rupert"),)))
    assert merged.apply("Giles") == "Rupert"


def test_parse_lexicon_reads_words_and_emoji_setting():
    parsed = parse_lexicon('emoji = "drop"\n[words]\nXander = "Zander"\n', "x.toml")
    assert parsed.emoji == "drop"
    assert parsed.lexicon.apply("Xander's") == "Zander's"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[word]\nA = "b"', "unknown key 'word'"),
        ('emoji = "sing"', "emoji must be one of name, drop"),
        ("[words]\nA = 3", "words.A must be a respelling"),
        ('words = "x"', "[words] must be a table"),
        ("[words\n", "not valid TOML"),
        ('[words]\nA = "[[h@l\'oU"', "phonemes go wholly inside one pair of [[ ]]"),
        ('[words]\nA = "say [[h@l\'oU]]"', "phonemes go wholly inside one pair of [[ ]]"),
        ('[words]\nA = "[[ ]]"', "phonemes go wholly inside one pair of [[ ]]"),
    ],
)
def test_bad_lexicon_is_a_one_line_error_naming_the_file(text, message):
    with pytest.raises(UsageError, match="^bad.toml: ") as caught:
        parse_lexicon(text, "bad.toml")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_story_lexicon_sits_beside_the_story_and_wins(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "voices").mkdir()
    (tmp_path / "voices" / "lexicon.toml").write_text(
        'emoji = "name"\n[words]\nGiles = "Jyles"\nWillow = "Wil-oh"\n', encoding="utf-8"
    )
    story = tmp_path / "stories" / "Fic.txt"
    story.parent.mkdir()
    story.write_text("Giles.", encoding="utf-8")
    assert story_lexicon_path(story) == tmp_path / "stories" / "Fic.lexicon.toml"
    story_lexicon_path(story).write_text('emoji = "drop"\n[words]\nGiles = "Ripper"\n', encoding="utf-8")
    speech = load_speech(story)
    assert speech.emoji == "drop"
    assert speech.lexicon.apply("Giles and Willow") == "Ripper and Wil-oh"
    assert load_speech(story, emoji="name").emoji == "name"


def test_built_in_lexicon_is_used_without_a_voices_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_speech().lexicon.apply("Hermione") != "Hermione"


def test_build_audiobook_speaks_the_lexicon_and_the_emoji_setting(tmp_path, monkeypatch, fake_engine):
    monkeypatch.chdir(tmp_path)
    story = tmp_path / "Fic.txt"
    story.write_text('"Giles, it costs $20," she said. 🎉\n', encoding="utf-8")
    story_lexicon_path(story).write_text('[words]\nGiles = "Jyles"\n', encoding="utf-8")
    build_audiobook(story, RenderOptions(output=tmp_path / "a.mp3", voices=fake_voices_toml(tmp_path), emoji="drop"))
    spoken = [text for text, _ in fake_engine.calls]
    assert "Jyles, it costs twenty dollars," in spoken
    assert "she said." in spoken
    assert not any("🎉" in text or "party" in text for text in spoken)


def frames(text: str, profile: VoiceProfile, speech: SpeechOptions = DEFAULT_SPEECH) -> int:
    """The length of `text`'s clip as a render makes it: speakable text, then the real engine."""
    return len(make_clip(speakable(text, speech), profile)) // 2


@pytest.mark.real_audio
def test_real_espeak_speaks_the_respelling():
    # eSpeak's clips differ by a few samples run to run, so compare durations: a long respelling of a
    # short name must last as long as the respelling, far longer than the name.
    profile = VoiceProfile()
    speech = SpeechOptions(lexicon=Lexicon((("Zed", "Zebediah Montgomery Fairweather"),)))
    respelled = frames("Zed", profile, speech)
    assert abs(respelled - frames("Zebediah Montgomery Fairweather", profile)) < respelled * 0.05
    assert respelled > 2 * frames("Zed", profile)


def test_phoneme_entries_reach_the_engine_untouched_and_story_brackets_stay_plain():
    lexicon = parse_lexicon('[words]\nThranduil = "[[Tr\'andwi:l]]"\nHermione = "[[h3:m\'aI@ni]]"\n', "x.toml").lexicon
    speech = SpeechOptions(lexicon=lexicon)
    # `3:` is a vowel, not the number three; the sentence's own numbers are still read as words.
    assert speakable("Hermione had 3 owls.", speech) == "[[h3:m'aI@ni]] had three owls."
    assert speakable("Thranduil's 2nd son", speech) == "[[Tr'andwi:l]]'s second son"
    assert speakable("Hermione", speech) == "[[h3:m'aI@ni]]"
    # A story's own [[ ]] is text: eSpeak must not take it for phonemes.
    assert speakable("See [[link]] and x]]y", speech) == "See [ [link] ] and x] ]y"


@pytest.mark.real_audio
def test_real_espeak_speaks_phonemes_as_sounds_not_letters():
    from fic2audio.engines import get_engine

    engine, profile = get_engine("pyttsx3"), VoiceProfile()
    hello = engine.synthesize("hello", profile).frames
    as_phonemes = engine.synthesize("[[h@l'oU]]", profile).frames
    spelled_out = engine.synthesize("h@l'oU", profile).frames  # the same marks read as text
    assert abs(as_phonemes - hello) < 0.1 * hello
    assert spelled_out > 1.5 * hello


@pytest.mark.real_audio
def test_phonemes_command_prints_lexicon_lines_espeak_reads_back_alike(tmp_path):
    import tomllib

    from clitools import run_cli

    result = run_cli("phonemes", "Thranduil", "Mary Jane", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    entries = tomllib.loads("[words]\n" + result.stdout)["words"]
    assert list(entries) == ["Thranduil", "Mary Jane"]
    assert all(v.startswith("[[") and v.endswith("]]") and len(v) > 6 for v in entries.values())
    profile = VoiceProfile()
    for word, spoken in entries.items():
        lexicon = parse_lexicon("[words]\n" + f'"{word}" = "{spoken}"\n', "x.toml").lexicon
        from_phonemes = frames(word, profile, SpeechOptions(lexicon=lexicon))
        plain = frames(word, profile)
        assert abs(from_phonemes - plain) < 0.1 * plain, (word, spoken)


@pytest.mark.parametrize(("emoji", "spoken"), [("name", ["party popper", "smile"]), ("drop", [])])
def test_emoji_only_lines_are_named_or_left_silent_but_keep_their_cue(tmp_path, monkeypatch, fake_engine, emoji, spoken):
    monkeypatch.chdir(tmp_path)
    story = tmp_path / "Chat.txt"
    story.write_text("Title: Chat\n\nBuffy: where r u\n\n🎉\n\n:)\n", encoding="utf-8")
    book = build_audiobook(story, RenderOptions(output=tmp_path / "c.mp3", voices=fake_voices_toml(tmp_path), emoji=emoji))
    said = [text for text, _ in fake_engine.calls]
    assert [t for t in said if t in ("party popper", "smile")] == spoken
    assert not any(t == "" for t in said)  # a dropped line is not handed to the engine
    transcript = (tmp_path / "c.vtt").read_text(encoding="utf-8")
    assert "\n🎉\n" in transcript and "\n:)\n" in transcript
    assert book.duration_ms > 0


def test_phonemes_command_names_an_unknown_voice_in_one_line(tmp_path):
    from clitools import assert_failed_cleanly, run_cli

    assert_failed_cleanly(run_cli("phonemes", "Zed", "--voice", "nosuch", cwd=tmp_path), 2, "nosuch", "fic2audio voices")
