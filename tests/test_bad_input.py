"""Bad input ends in one line naming the file, the problem and the fix, the documented exit code, and no
audiobook or temporary file anywhere. Each case runs the real `fic2audio` command."""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

import pytest
from clitools import assert_failed_cleanly, audio_files, leftovers, run_cli, without_root_file_powers

from fic2audio.errors import EXIT_INPUT, EXIT_OUTPUT, EXIT_USAGE
from fic2audio.pipeline import RenderOptions, output_path, safe_file_name

STORY = 'Title: Tiny\nAuthor: Someone\n\nShe waited by the door. "Are you coming?" he asked.\n'


def _random_bytes(count: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(count)


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + _random_bytes(2000, 1)


def _zip(tmp: Path) -> bytes:
    archive = tmp / "archive.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("story.txt", STORY)
    return archive.read_bytes()


BAD_FILES = {
    # name: (file name, bytes or a builder, words the message must hold)
    "empty": ("empty.txt", b"", ["empty.txt", "empty", "give a story file"]),
    "whitespace only": ("blank.txt", b"  \n\n\t \r\n   \n", ["blank.txt", "empty"]),
    "pdf": (
        "story.pdf",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        ["story.pdf", "PDF", "download the story as EPUB or HTML"],
    ),
    "pdf named txt": ("story.txt", b"%PDF-1.4\n" + bytes(range(256)) * 4, ["story.txt", "PDF"]),
    "zip": ("story.zip", _zip, ["story.zip", "ZIP", "not an EPUB", "save the story as EPUB, HTML or text"]),
    "docx": ("story.docx", _zip, ["story.docx", "ZIP"]),
    "image": ("cover.png", _png(), ["cover.png", "PNG image"]),
    "random bytes": ("noise.txt", _random_bytes(5000, 7), ["noise.txt", "binary", "plain text"]),
    "random bytes, no NUL": ("noise2.txt", bytes(b for b in _random_bytes(8000, 3) if b), ["noise2.txt", "binary"]),
    "nul bytes": ("nul.txt", b"She waited.\x00\x00\x00 He came.\n" * 20, ["nul.txt", "NUL bytes", "plain text"]),
    "unknown extension": (
        "story.rtf",
        b"{\\rtf1\\ansi She waited by the door.}",
        ["story.rtf", "unknown extension '.rtf'", ".txt"],
    ),
    "csv": ("table.csv", b"a,b,c\n1,2,3\n", ["table.csv", "unknown extension"]),
    "header only": (
        "header.txt",
        b"Title: Nothing Here\nAuthor: Nobody\nRating: G\n",
        ["header.txt", "no story text after the header"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_story_file_is_refused_in_one_line(tmp_path: Path, case: str) -> None:
    name, content, needles = BAD_FILES[case]
    data = content(tmp_path) if callable(content) else content
    (tmp_path / name).write_bytes(data)
    result = run_cli(name, cwd=tmp_path)
    assert_failed_cleanly(result, EXIT_INPUT, *needles)
    assert not (tmp_path / "output").exists() or not any((tmp_path / "output").iterdir())
    assert leftovers(tmp_path) == []


def test_missing_file(tmp_path: Path) -> None:
    result = run_cli("nowhere.txt", cwd=tmp_path)
    assert_failed_cleanly(result, EXIT_INPUT, "nowhere.txt", "no such file", "check the path")
    assert audio_files(tmp_path) == []


def test_directory_without_chapter_files(tmp_path: Path) -> None:
    """A folder is read as a story's chapters (issue 7); one with none of them is an input error."""
    (tmp_path / "chapters.txt").mkdir()
    (tmp_path / "chapters.txt" / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    result = run_cli("chapters.txt", cwd=tmp_path)
    assert_failed_cleanly(result, EXIT_INPUT, "chapters.txt", "no chapter files")
    assert audio_files(tmp_path) == []


def test_plan_refuses_bad_input_the_same_way(tmp_path: Path) -> None:
    (tmp_path / "story.pdf").write_bytes(b"%PDF-1.5\n")
    assert_failed_cleanly(run_cli("plan", "story.pdf", "--json", cwd=tmp_path), EXIT_INPUT, "story.pdf", "PDF")


def test_unreadable_file(tmp_path: Path) -> None:
    story = tmp_path / "locked.txt"
    story.write_text(STORY, encoding="utf-8")
    story.chmod(0o000)
    result = run_cli("locked.txt", cwd=tmp_path, **without_root_file_powers())
    assert_failed_cleanly(result, EXIT_INPUT, "locked.txt", "permission denied", "make the file readable")
    assert audio_files(tmp_path) == []


def test_output_folder_not_writable(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "story.txt").chmod(0o644)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    result = run_cli("story.txt", "-o", "locked/book.mp3", cwd=tmp_path, **without_root_file_powers())
    assert_failed_cleanly(result, EXIT_OUTPUT, "locked", "not writable", "-o")
    assert list(locked.iterdir()) == []


def test_output_folder_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    result = run_cli("story.txt", "-o", "taken/book.mp3", cwd=tmp_path)
    assert_failed_cleanly(result, EXIT_OUTPUT, "taken", "cannot create the output folder")
    assert audio_files(tmp_path) == [] and leftovers(tmp_path) == []


def test_output_path_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "book.mp3").mkdir()
    result = run_cli("story.txt", "-o", "book.mp3", cwd=tmp_path)
    assert_failed_cleanly(result, EXIT_OUTPUT, "book.mp3", "is a directory", "-o")
    assert audio_files(tmp_path) == [] and leftovers(tmp_path) == []


def test_output_name_too_long(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    result = run_cli("story.txt", "-o", "x" * 300 + ".mp3", cwd=tmp_path)
    assert_failed_cleanly(result, EXIT_OUTPUT, "too long", "shorter name")
    assert audio_files(tmp_path) == [] and leftovers(tmp_path) == []


def test_output_name_just_short_enough_for_its_temporary_files(tmp_path: Path) -> None:
    """The check counts the temporary name's extra bytes, so a name near the 255-byte limit fails up
    front (exit 6) instead of as an ffmpeg error halfway through."""
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    result = run_cli("story.txt", "-o", "é" * 120 + ".mp3", cwd=tmp_path)  # 244 bytes: fits, its temp names do not
    assert_failed_cleanly(result, EXIT_OUTPUT, "too long", "(244 bytes)")


@pytest.mark.real_audio
def test_long_story_file_name_gets_a_short_enough_output_name(tmp_path: Path) -> None:
    stem = "A" * 249  # 253 bytes with .txt: the longest name the file system allows, nearly
    (tmp_path / f"{stem}.txt").write_text(STORY, encoding="utf-8")
    result = run_cli(f"{stem}.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (book,) = (tmp_path / "output").glob("*.mp3")
    assert len(book.name.encode()) <= 255 and book.stat().st_size > 0
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "name",
    [
        "../../x",
        "..",
        "/etc/passwd",
        "a/../../b",
        "..\\..\\win",
        "C:\\story",
        "\x00nul",
        " . _ ",
        "x" * 300,
        "é" * 300,
        "🙂" * 100,
    ],
)
def test_output_name_from_a_title_stays_in_the_output_folder(tmp_path: Path, name: str, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    safe = safe_file_name(name)
    assert safe and "/" not in safe and "\\" not in safe and "\x00" not in safe and not safe.startswith(".")
    assert len(safe.encode()) <= 200
    target = output_path(name, RenderOptions())
    assert target.resolve().parent == (tmp_path / "output").resolve()


@pytest.mark.real_audio
def test_file_named_only_dots_renders_inside_output(tmp_path: Path) -> None:
    (tmp_path / "...txt").write_text(STORY, encoding="utf-8")  # stem "..": would be the parent folder
    result = run_cli("...txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "output").glob("*.mp3")] == ["story.mp3"]


VOICES_CASES = {
    "bad toml": ("[kinds.narration\nvoice = 'en'\n", ["not valid TOML", "line 1"]),
    "rate out of range": ("[kinds.narration]\nrate = 5000\n", ["kinds.narration.rate", "80-450", "5000"]),
    "negative pause": ("[pauses]\nsentence = -5\n", ["pauses.sentence", "-5"]),
    "volume too loud": ("[kinds.dialogue]\nvolume = 3.5\n", ["kinds.dialogue.volume", "0.0-1.0"]),
    "pitch as text": ("[kinds.thought]\npitch = 'high'\n", ["kinds.thought.pitch", "'high'"]),
    "unknown key": ("[kinds.narration]\nspeed = 200\n", ["unknown key 'kinds.narration.speed'"]),
    "unknown effect": ("[kinds.narration]\neffects = ['reverb']\n", ["effects", "reverb"]),
    "unknown voice": ("[kinds.narration]\nvoice = 'qqzzx'\n", ["qqzzx", "fic2audio voices"]),
    "not a table": ("kinds = 3\n", ["[kinds] must be a table"]),
    "binary": ("\x00\x01\x02", ["not valid TOML"]),
}


@pytest.mark.parametrize("case", sorted(VOICES_CASES))
def test_bad_voices_file(tmp_path: Path, case: str) -> None:
    text, needles = VOICES_CASES[case]
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "my-voices.toml").write_text(text, encoding="utf-8")
    result = run_cli("story.txt", "--voices", "my-voices.toml", cwd=tmp_path)
    line = assert_failed_cleanly(result, EXIT_USAGE, "my-voices.toml", *needles)
    assert re.search(r"must|unknown|not valid|not an|fic2audio voices", line)
    assert audio_files(tmp_path) == [] and leftovers(tmp_path) == []


def test_missing_voices_file(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    result = run_cli("story.txt", "--voices", "nope.toml", cwd=tmp_path)
    assert_failed_cleanly(result, EXIT_USAGE, "nope.toml", "not found")
    assert audio_files(tmp_path) == []


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["story.txt", "--format", "wav"], ["unknown format 'wav'", "mp3"]),
        (["story.txt", "--bogus"], ["No such option: --bogus", "--help"]),
        (["render"], ["Missing argument", "--help"]),
    ],
)
def test_usage_errors(tmp_path: Path, args: list[str], needles: list[str]) -> None:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    assert_failed_cleanly(run_cli(*args, cwd=tmp_path), EXIT_USAGE, *needles)
    assert audio_files(tmp_path) == []


def test_readme_lists_every_exit_code() -> None:
    from fic2audio import errors

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    codes = {value for name, value in vars(errors).items() if name.startswith("EXIT_")}
    for code in codes | {0}:
        assert re.search(rf"^\| {code} \| \w", readme, re.MULTILINE), code


def test_file_name_with_a_newline_still_gives_one_line(tmp_path: Path) -> None:
    (tmp_path / "two\nlines.pdf").write_bytes(b"%PDF-1.4\n")
    result = run_cli("two\nlines.pdf", cwd=tmp_path)
    assert_failed_cleanly(result, EXIT_INPUT, "two lines.pdf", "PDF")


def test_ffmpeg_failure_is_one_readable_error(tmp_path: Path) -> None:
    from fic2audio.errors import EncoderError
    from fic2audio.export import run_ffmpeg

    with pytest.raises(EncoderError) as caught:
        run_ffmpeg(["-i", str(tmp_path / "missing.wav"), str(tmp_path / "x.mp3")])
    message = str(caught.value)
    assert "\n" not in message and "ffmpeg failed" in message and "No such file or directory" in message
    assert not (tmp_path / "x.mp3").exists()
