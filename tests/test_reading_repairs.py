"""Table tests for reading damaged files: encodings, mojibake, HTML remnants, invisible characters and
lost smart punctuation, decided from evidence in the file and reported by `fic2audio plan`."""

from __future__ import annotations

import codecs
import subprocess
import sys

import pytest

from fic2audio.model import Repair
from fic2audio.read import read_story
from fic2audio.read.decode import decode_story_bytes
from fic2audio.read.repair import damaged_question_marks, normalize_characters, restore_lost_punctuation


@pytest.mark.parametrize(
    ("data", "encoding", "guessed", "text"),
    [
        ("“Hi,” she said.".encode(), "utf-8", False, "“Hi,” she said."),
        (codecs.BOM_UTF8 + b"Hi.", "utf-8-sig", False, "Hi."),
        ("“Hola,” dijo.".encode("utf-16"), "utf-16", False, "“Hola,” dijo."),
        ('"Yes," said Tara, and left.'.encode("utf-16-le"), "utf-16-le", True, '"Yes," said Tara, and left.'),
        ('"Yes," said Tara, and left.'.encode("utf-16-be"), "utf-16-be", True, '"Yes," said Tara, and left.'),
        ("“Don’t,” she said – “please…”".encode("cp1252"), "cp1252", True, "“Don’t,” she said – “please…”"),
        ("Déjà vu, said Renée, naïve.".encode("latin-1"), "cp1252", True, "Déjà vu, said Renée, naïve."),
        (
            "Zażółć gęślą jaźń, powiedziała. Dziękuję bardzo.".encode("cp1250"),
            "cp1250",
            True,
            "Zażółć gęślą jaźń, powiedziała. Dziękuję bardzo.",
        ),
        ("Привет, как дела? Всё хорошо, спасибо.".encode("cp1251"), "cp1251", True, "Привет, как дела? Всё хорошо, спасибо."),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "cp1252-smart", "latin1", "cp1250-polish", "cp1251-russian"],
)
def test_decoding(data, encoding, guessed, text):
    decoded = decode_story_bytes(data, "x.txt")
    assert (decoded.encoding, decoded.guessed, decoded.text) == (encoding, guessed, text)


@pytest.mark.parametrize(
    ("line", "fixed", "what"),
    [
        ("â€œItâ€™s a cafÃ©,â€ she said.", "“It’s a café,” she said.", "mojibake"),
        ("We met thereâ€”rememberâ€¦", "We met there—remember…", "mojibake"),
        # the closing mark's lost byte written as `?`: after speech punctuation or before a tag, not a question's
        ("â€œHello,â€? she said. â€œWaitâ€”â€?", "“Hello,” she said. “Wait—”", "mojibake"),
        ("â€œFineâ€? she said. He said â€œnoâ€?", "“Fine” she said. He said “no”?", "mojibake"),
        ("&quot;Hi&quot; &amp; bye &#8212; &eacute;", '"Hi" & bye — é', "HTML entities"),
        ("<i>What now?</i> she said.<br>", "_What now?_ she said.", "HTML tags"),
        ("<span style='x'>Fine</span>", "Fine", "HTML tags"),
    ],
)
def test_normalize_characters_repairs_and_reports(line, fixed, what):
    repairs: list[Repair] = []
    assert normalize_characters(line, repairs).strip() == fixed
    assert [r.what for r in repairs] == [what]


def test_invisible_characters_and_crlf():
    repairs: list[Repair] = []
    text = normalize_characters("No\u00a0way.\u200b He\u00adllo\ufeff.\r\nNext\rline", repairs)
    assert text == "No way. Hello.\nNext\nline"
    assert repairs[0].what == "invisible or non-breaking characters"


@pytest.mark.parametrize(
    ("text", "damaged"),
    [
        ("this is it? he's not going", False),  # a real question before lowercase is no evidence alone
        ('"Really?" she asked.', False),
        ("he doesn?t know", True),  # a ? inside a contraction
        ("to say ?screw this all'", True),  # a ? opening a word
        ('"I love you" ? There', True),  # a spaced ?
        ("Why? Because.", False),
        ("it? he's. Well? fine. So? no. Now? never. Her? maybe. Sure? yes.", True),  # many ? lowercase, no ? Capital
        ("it? he's. Well? fine. So? no. Now? never. Her? maybe. Why? We. Who? They. How? Oh.", False),
    ],
)
def test_evidence_of_lost_punctuation(text, damaged):
    assert damaged_question_marks(text) is damaged


@pytest.mark.parametrize(
    ("paragraph", "restored", "what"),
    [
        ("he doesn?t know", "he doesn't know", "lost apostrophe"),
        ("it? he's not", "it… he's not", "lost dash or ellipsis"),
        ("to say ?screw this all' and", "to say 'screw this all' and", "lost opening quote"),
        ("He said ?leave now? and went", "He said \u201cleave now\u201d and went", "lost opening quote"),
        ('"I love you" ? There', '"I love you" — There', "lost dash"),
        ('"Are you sure?" he asked.', '"Are you sure?" he asked.', None),
        ("Was it real? Nobody knew.", "Was it real? Nobody knew.", None),
        ("She waited?and waited.", "She waited—and waited.", "lost dash"),
        ("Th?r?se looked at the fa?ade.", "Thérése looked at the faéade.", "lost accented letter (guessed é)"),
        ("the new r?gime began", "the new régime began", "lost accented letter (guessed é)"),
        ("She waited?so waited.", "She waited—so waited.", "lost dash"),
        ("?Are you coming?? he asked.", "\u201cAre you coming?\u201d he asked.", "lost opening quote"),
    ],
)
def test_restore_lost_punctuation(paragraph, restored, what):
    repairs: list[Repair] = []
    assert restore_lost_punctuation(paragraph, 3, repairs) == restored
    assert [r.what for r in repairs] == ([what] if what else [])
    assert all(r.line == 3 for r in repairs)


def test_a_clean_file_keeps_its_question_marks(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text('"Are you coming?" she asked.\n\nWhy? he wondered.\n', encoding="utf-8")
    story = read_story(path)
    assert story.repairs == ()
    assert [b.text for b in story.chapters[0].blocks] == ['"Are you coming?" she asked.', "Why? he wondered."]


def test_hard_wrapped_lines_are_joined_and_indents_start_paragraphs(tmp_path):
    long = "word " * 14
    path = tmp_path / "wrapped.txt"
    path.write_text(f"  {long}\n{long}\n  {long}\n{long}\n", encoding="utf-8")
    blocks = read_story(path).chapters[0].blocks
    assert [len(b.text.split()) for b in blocks] == [28, 28]


def test_plan_reports_the_encoding_guess_and_every_repair(tmp_path):
    path = tmp_path / "damaged.txt"
    path.write_bytes('“It’s late,” she said. He doesn?t care? not now.\n\n"I know" ? fine.\n'.encode("cp1252"))
    result = subprocess.run([sys.executable, "-m", "fic2audio", "plan", str(path)], capture_output=True, text=True, check=True)
    out = " ".join(result.stdout.split())
    assert "warning:" in out and "read as cp1252 (a guess)" in out
    assert "repaired line 1: lost apostrophe" in out
    assert "repaired line 1: lost dash or ellipsis" in out
    assert "repaired line 3: lost dash" in out


def test_utf8_file_with_a_stray_cp1252_byte():
    decoded = decode_story_bytes("“Hello,” she said. Café.\n\nHe didn".encode() + b"\x92t care.\n", "x.txt")
    assert decoded.text == "“Hello,” she said. Café.\n\nHe didn’t care.\n"
    assert decoded.guessed


def test_plan_json_reports_repairs_and_warnings_on_stderr(tmp_path):
    import json

    path = tmp_path / "damaged.txt"
    path.write_bytes("He doesn?t care.\n".encode("cp1252") + b"Caf\xe9.\n")
    result = subprocess.run(
        [sys.executable, "-m", "fic2audio", "plan", str(path), "--json"], capture_output=True, text=True, check=True
    )
    plan = json.loads(result.stdout)
    assert set(plan) == {"metadata", "chapters"}  # the documented shape, exactly
    lines = result.stderr.splitlines()
    assert [ln for ln in lines if "repaired" in ln] == [
        "fic2audio: repaired line 1: lost apostrophe: 'He doesn?t care.' -> \"He doesn't care.\""
    ]
    assert f"fic2audio: warning: {path}: not UTF-8; read as cp1252 (a guess)" in lines
