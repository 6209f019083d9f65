"""A synthetic fan-fiction story of about N words: a header, chapters, narration, dialogue with
speech tags, *thoughts*, scene breaks and author's notes. Seeded, so a size always gives the same text.

    python bench/generate.py 50000 > story.txt
"""

from __future__ import annotations

import random
import sys

NAMES = ["Buffy", "Spike", "Willow", "Xander", "Giles", "Dawn", "Faith", "Tara"]
PLACES = ["the crypt", "the Magic Box", "the high school library", "Revello Drive", "the Bronze", "the cemetery"]
VERBS = ["walked", "stared", "waited", "turned", "laughed", "shivered", "listened", "frowned"]
THINGS = ["the stake", "a mug of cocoa", "the old book", "her jacket", "the amulet", "a crossbow"]
ADVERBS = ["slowly", "quietly", "at last", "without a word", "again", "for a long moment"]
LINES = [
    "We have to go now",
    "I never asked for this",
    "Do you trust me",
    "It's not over yet",
    "You came back for me",
    "Tell me what you saw",
    "Nobody gets left behind",
    "What happens at sunrise",
    "I remember everything",
    "This was a mistake",
    "Stay with me",
    "Are you sure about this",
]
THOUGHTS = ["Don't look back", "Why now, of all nights", "He knows", "Just breathe", "Not again"]
TAGS = ["said", "whispered", "asked", "muttered", "called", "answered"]


def sentence(rng: random.Random) -> str:
    who, where = rng.choice(NAMES), rng.choice(PLACES)
    return rng.choice(
        [
            f"{who} {rng.choice(VERBS)} {rng.choice(ADVERBS)} in {where}.",
            f"The night over {where} was cold, and {who} held {rng.choice(THINGS)} a little tighter.",
            f"{who} had not expected {rng.choice(NAMES)} to be there, not tonight, not after everything.",
            f"Somewhere beyond {where} a dog barked twice and then went still.",
        ]
    )


def paragraph(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        who = rng.choice(NAMES)
        line = rng.choice(LINES)
        mark = "?" if line.startswith(("Do", "What", "Are", "Tell")) and rng.random() < 0.5 else ","
        return f'"{line}{mark}" {who} {rng.choice(TAGS)}. {sentence(rng)} "{rng.choice(LINES)}."'
    if kind < 0.5:
        return f"*{rng.choice(THOUGHTS)}.* {sentence(rng)} {sentence(rng)}"
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))


def story(words: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    out = [f"Title: Benchmark Night ({words} words)", "Author: bench", "Rating: T", "Summary: A long night, generated.", ""]
    count = 0
    chapter = 0
    chapter_words = max(800, words // 20)  # ~20 chapters at any length
    while count < words:
        chapter += 1
        out += [f"Chapter {chapter}", ""]
        if chapter % 5 == 1:
            out += ["A/N: Thanks for reading, as always.", ""]
        written = 0
        while written < chapter_words and count < words:
            text = paragraph(rng)
            if rng.random() < 0.02:
                out += ["* * *", ""]
            out += [text, ""]
            written += len(text.split())
            count += len(text.split())
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(story(int(sys.argv[1]) if len(sys.argv) > 1 else 5000))
