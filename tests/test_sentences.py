"""The project's Punkt (easy decisions answered first, the rest remembered) splits exactly as plain Punkt.

bench/sentences_same.py runs the same comparison over every story the project holds, all PDNC novels included.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize.punkt import PunktSentenceTokenizer

from fic2audio import sentences
from fic2audio.sentences import plain_sentences, split_sentences
from fic2audio.words import says_something

ROOT = Path(__file__).resolve().parents[1]
PDNC = ROOT.parent / "shared" / "corpora" / "pdnc-dev"


@pytest.fixture(scope="module")
def plain_split():
    """split_sentences as it is with plain NLTK Punkt and the same parameters."""
    plain = PunktSentenceTokenizer(sentences.punkt_parameters())
    project = sentences._tokenizer

    def split(text: str) -> list[str]:
        sentences._tokenizer = lambda: plain  # type: ignore[assignment]
        try:
            return split_sentences(text)
        finally:
            sentences._tokenizer = project

    return split


def test_project_tokenizer_is_in_use():
    assert type(sentences._tokenizer()) is not PunktSentenceTokenizer


def test_punkt_is_imported_without_the_rest_of_nltk():
    """In a fresh process the tokenizer is made without NLTK's package __init__ (numpy with it), leaves no NLTK module
    behind, and a later `import nltk` still gets the whole package."""
    check = (
        "import sys\n"
        "from fic2audio import sentences\n"
        "assert sentences.split_sentences('Mrs. Pell came. She sat.') == ['Mrs. Pell came.', 'She sat.']\n"
        "assert 'numpy' not in sys.modules and not [m for m in sys.modules if m.split('.')[0] == 'nltk']\n"
        "import nltk\n"
        "assert nltk.tokenize.punkt.PunktSentenceTokenizer and nltk.download\n"
    )
    subprocess.run([sys.executable, "-c", check], check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith came. He sat. Dr. Who? No. 5 is gone. It cost 3.5 dollars. Then etc. and so on.",
        "'Mr. Smith,' she said. \"Mrs. Jones.\" (Dr. Who.) He left. (St. Mary's.) ‘Prof. X.’ “Gen. Lee.” Fine.",
        "J.K. Rowling wrote it. C. S. Lewis did not. A. Then B. He met U.S. troops. It was 1990. And then.",
        "Very bad acting!!! I promise. What?! No! Really?\" he asked. Go.) Stop.' She ran. Stop.’ Fine.",
        "Wait... what? He said -- no. He said. . . fine. Co-op. Self-esp. Vol. 2. vs. them. Ch. 3 begins.",
        "Hello.World. ok. fine. e.g. this. i.e. that. A.M. today. It was 5 p.m. Then he left. jr. Sr. Jr.",
        '"Stop." "Go." \'No.\' ‘Yes.’ (Maybe.) [Never.] {Always.} *Think.* _Now._ Next. next. NEXT.',
        "Ab. Cd! Ef? Gh.\" Ij.' Kl.) Mn.” Op.’ Qr.» St.: Uv.; Wx., Yz.- done.",
        "  Hello. World.  ",
        "Go. go. GO! no? yes. Hi. Mr. Smith. Ok. Dr. No. So.",
        "word.\tNext word.  Two spaces. Then\u00a0word. Next (word. Next 'word. Next \u00a0word. Next",
        "He left. 'Bye. She stayed. \"No. Fine. A. B. Cd. E. fg. Hi. Yes! Yes? Yes. Yes",
    ],
)
def test_tricky_sentences_split_as_plain_punkt(plain_split, text):
    assert split_sentences(text) == plain_split(text)


_PIECES = [
    *"abcXYZ .?!,;:'\"()-*_’”“‘\n",
    "Mr",
    "mrs",
    "Dr",
    "etc",
    "vs",
    "No",
    "J",
    "K",
    "U.S",
    "e.g",
    "3",
    "1990",
    "3.5",
    "...",
    "--",
    "  ",
    "He",
    "she",
    "word",
    "Co-op",
    "self-esp",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_random_text_splits_as_plain_punkt(plain_split, text):
    assert split_sentences(text) == plain_split(text)


def _plain_path_agrees(plain_split, text: str) -> bool:
    """plain_sentences, where it answers, gives plain Punkt's sentences, stripped and each saying something."""
    plain = plain_sentences(text)
    return plain is None or (plain == plain_split(text) and all(s == s.strip() and says_something(s) for s in plain))


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("He left. She stayed! Why? Fine", True),
        ("Nobody gets left behind,", True),
        ("***", False),
        (" He left. She stayed.", False),
        ("Mr. Smith came. He sat.", False),
        ("He left. 3 days. Fine.", False),
        ("He left.\nShe stayed.", False),
    ],
)
def test_plain_lines_skip_punkt(plain_split, text, answered):
    assert (plain_sentences(text) is not None) is answered
    assert _plain_path_agrees(plain_split, text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_random_plain_lines_split_as_plain_punkt(plain_split, text):
    assert _plain_path_agrees(plain_split, text)
    assert _plain_path_agrees(plain_split, text.strip().replace("\n", " "))


def _sample() -> list[str]:
    files = [*ROOT.glob("stories/*.txt"), *ROOT.glob("bench/stories/*.txt"), *ROOT.glob("tests/annotated/*.txt")]
    files += [*ROOT.glob("tests/speakers/*.txt"), *sorted(PDNC.glob("*/novel_text.txt"))[:2]]
    assert len(files) > 40
    return [p for path in files for p in path.read_text(encoding="utf-8", errors="replace").split("\n\n") if p.strip()]


def test_stories_split_as_plain_punkt(plain_split):
    texts = _sample()
    assert len(texts) > 5000
    differing = [text for text in texts if split_sentences(text) != plain_split(text)]
    assert differing == []
    lines = [line.strip() for text in texts for line in text.split("\n")]
    assert sum(plain_sentences(line) is not None for line in lines) > len(lines) // 2
    assert [line for line in lines if not _plain_path_agrees(plain_split, line)] == []
