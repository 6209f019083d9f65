"""Table tests: display text -> what eSpeak is given."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fic2audio.lexicon import Lexicon
from fic2audio.speakable import SpeechOptions, cardinal, ordinal, speakable, year
from fic2audio.words import roman_value

SPOKEN = [
    # numbers
    ("She had 3 cats.", "She had three cats."),
    ("He counted 42 stars and 1,234 more.", "He counted forty-two stars and one thousand two hundred and thirty-four more."),
    ("It weighed 2.5 tons.", "It weighed two point five tons."),
    ("Agent 007 and 50% off", "Agent oh oh seven and fifty percent off"),
    ("a million: 1000000", "a million: one million"),
    # times with a dot (British), heights, sizes, episodes, units, phone numbers, numbers run into letters
    ("1.30 a.m. Harry couldn't sleep.", "one thirty a m Harry couldn't sleep."),
    ("at 10.15pm", "at ten fifteen p m"),
    ("She was 5'6\" tall, he 6’1”.", "She was five foot six tall, he six foot one."),
    ("a 2x4 and a 10x10 room", "a two by four and a ten by ten room"),
    ("Tag to 7x22 and 4x03.", "Tag to season seven, episode twenty-two and season four, episode three."),
    ("100km in 6ft snow, 1km back", "one hundred kilometers in six feet snow, one kilometer back"),
    ("1.5k words", "one point five thousand words"),
    ("a 17yo with ~20 friends", "a seventeen year old with about twenty friends"),
    ("call 555-1234", "call five five five, one two three four"),
    ("Apt 4B, B12 and mp3s", "Apt four B, B twelve and mp three s"),
    ("Platform 9¾, about ⅓ full", "Platform nine three quarters, about one third full"),
    ("ch. 5 and vol. 2", "Chapter five and Volume two"),
    ("She's 5' 4\"", "She's five foot four"),
    # ordinals
    ("the 1st, 2nd, 3rd and 21st time", "the first, second, third and twenty-first time"),
    ("her 100th fic", "her one hundredth fic"),
    # times
    ("Meet me at 7:30.", "Meet me at seven thirty."),
    ("at 9:05 pm", "at nine oh five p m"),
    ("by 10:00 sharp", "by ten o clock sharp"),
    ("at 7pm or 8 a.m.", "at seven p m or eight a m"),
    # dates and years
    ("It was 1997, the year of it.", "It was nineteen ninety-seven, the year of it."),
    ("in 1905 and 2003 and 2024", "in nineteen oh five and two thousand and three and twenty twenty-four"),
    ("on December 25, 1997", "on December twenty-fifth, nineteen ninety-seven"),
    ("on the 4th of July", "on the fourth of July"),
    ("born 4 July", "born the fourth of July"),
    ("on 1997-12-25", "on December twenty-fifth, nineteen ninety-seven"),
    ("on 25/12/1997", "on December twenty-fifth, nineteen ninety-seven"),
    ("back in the '90s and the 1980s", "back in the nineties and the nineteen eighties"),
    ("9/11 and 24/7 and 1/2 a cup", "nine eleven and twenty-four seven and one half a cup"),
    # money
    ("It cost $20.", "It cost twenty dollars."),
    ("$1 and $3.50", "one dollar and three dollars and fifty cents"),
    ("£5 and €10 and $2.5 million", "five pounds and ten euros and two point five million dollars"),
    # Roman numerals in chapter titles
    ("Chapter IV: The Return", "Chapter four: The Return"),
    ("Part XII", "Part twelve"),
    ("Book ii", "Book two"),
    ("XIV. Ashes", "fourteen. Ashes"),
    ("Part I think so", "Part I think so"),
    # episodes and abbreviations
    ('Time: Ep. 7.22 "Chosen"', 'Time: Episode seven twenty-two "Chosen"'),
    ("S07E22 aired", "season seven, episode twenty-two aired"),
    ("Mr. Giles met Mrs. Summers and Dr. Walsh.", "Mister Giles met Missus Summers and Doctor Walsh."),
    ("at St. Mary's on Baker St. today", "at Saint Mary's on Baker Street today"),
    ("Buffy vs. the world, etc.", "Buffy versus the world, et cetera."),
    ("See Ch. 3 and No. 5", "See Chapter three and number five"),
    # fandom shorthand
    ("A/N: sorry!", "Author's note: sorry!"),
    ("AN: thanks", "Author's note: thanks"),
    ("Spike POV, AU, OOC, WIP", "Spike point of view, alternate universe, out of character, work in progress"),
    ("my OTP, with an OC", "my O T P, with an original character"),
    # a reader-insert story's blanks, as the reader fills them in; the tags' H/C is hurt/comfort
    ('"Hey, y/n," he said. [Y/N] [L/N] was late.', '"Hey, your name," he said. [your name] [your last name] was late.'),
    ("your (h/c) hair and (E/C) eyes", "your (hair colour) hair and (eye colour) eyes"),
    ("Tags: H/C, angst", "Tags: hurt comfort, angst"),
    # a consonant held long, which eSpeak would spell out, held twice; capitals (XXX, a number) are left to their rules
    ("Hmmmmm. Shhhh! Brrrr, it's cold.", "Hmm. Shh! Brr, it's cold."),
    ("r u there? omg brb", "are you there? oh my god be right back"),
    # symbols
    ("Joss & ME", "Joss and ME"),
    ("~*~ Part II ~*~", "Part two"),
    ("him/her", "him slash her"),
    ("the Hellmouth", "the Hellmouth"),
]


@pytest.mark.parametrize(("text", "spoken"), SPOKEN)
def test_speakable(text, spoken):
    assert speakable(text) == spoken


@pytest.mark.parametrize(
    ("text", "named", "dropped"),
    [
        ("found it!! :) 🎉", "found it!! smile party popper", "found it!!"),
        ("omg ❤️", "oh my god heart", "oh my god"),
        ("love u <3", "love you heart", "love you"),
        ("I ♥ you", "I heart you", "I you"),  # a heart, not a card game's "heart suit"
        ("♪ la la la ♪", "la la la", "la la la"),  # the notes around a song's words are not said
        ("ok 👍🏽", "ok thumbs up", "ok"),
        ("sad ;) :( xD", "sad wink frown laughing", "sad"),
        ("see https://archiveofourown.org/works/1 :P", "see a link tongue out", "see a link"),
    ],
)
def test_emoji_and_emoticons_are_named_or_dropped(text, named, dropped):
    assert speakable(text, SpeechOptions(emoji="name")) == named
    assert speakable(text, SpeechOptions(emoji="drop")) == dropped


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (13, "thirteen"),
        (40, "forty"),
        (99, "ninety-nine"),
        (101, "one hundred and one"),
        (1005, "one thousand and five"),
        (2_000_000, "two million"),
        (-4, "minus four"),
    ],
)
def test_cardinal(n, words):
    assert cardinal(n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "first"),
        (2, "second"),
        (5, "fifth"),
        (12, "twelfth"),
        (20, "twentieth"),
        (22, "twenty-second"),
        (101, "one hundred and first"),
    ],
)
def test_ordinal(n, words):
    assert ordinal(n) == words


@pytest.mark.parametrize(
    ("n", "words"), [(1066, "ten sixty-six"), (1900, "nineteen hundred"), (2000, "two thousand"), (2010, "twenty ten")]
)
def test_year(n, words):
    assert year(n) == words


@pytest.mark.parametrize(
    ("numeral", "value"), [("IV", 4), ("ix", 9), ("XLII", 42), ("MCMXCVII", 1997), ("IIII", None), ("VX", None), ("", None)]
)
def test_roman_value(numeral, value):
    assert roman_value(numeral) == value


def test_lexicon_is_applied_before_the_other_rules():
    lexicon = Lexicon((("Giles", "Jyles"), ("POV", "pee oh vee")))
    assert speakable("Giles's POV", SpeechOptions(lexicon=lexicon)) == "Jyles's pee oh vee"


_PIECES = st.sampled_from(
    [
        "Chapter",
        "IV",
        "$",
        "£",
        "3",
        "1997",
        "7:30",
        "pm",
        "1st",
        "/",
        "*",
        "~",
        ":)",
        "<3",
        "🎉",
        "❤️",
        "Mr.",
        "St.",
        "Ep.",
        "7.22",
        "'90s",
        "A/N",
        "-",
        "12/25/1997",
        "1,000",
        "0",
        "99999999999999999999",
        "%",
        "#",
        "&",
        "u",
        "r",
        " ",
        "\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=25).map(" ".join), st.sampled_from(["name", "drop"]))
def test_speakable_never_fails_and_never_hands_eSpeak_decoration(text, emoji):
    spoken = speakable(text, SpeechOptions(emoji=emoji))
    assert not set(spoken) & set("*~^_=|<>#")
    assert spoken == spoken.strip()


@pytest.mark.parametrize(
    ("text", "spoken"),
    [("CHAPTER I: THE INN", "CHAPTER one: THE INN"), ("chapter iv", "chapter four"), ("Part I think so", "Part I think so")],
)
def test_roman_numerals_after_chapter_words_in_any_case(text, spoken):
    assert speakable(text) == spoken
