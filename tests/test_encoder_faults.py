"""ffmpeg failures: its own message, in one line, exit code 5, and nothing half-written left behind."""

from __future__ import annotations

import pytest
from conftest import fake_voices_toml

from fic2audio.cli import main
from fic2audio.errors import EXIT_ENCODER, EncoderError
from fic2audio.export import count_samples


@pytest.fixture
def broken_ffmpeg(tmp_path, monkeypatch):
    """An `ffmpeg` first on PATH that fails the way a real one does: a message on stderr, exit 1."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "ffmpeg"
    script.write_text(
        "#!/bin/sh\necho 'Unknown encoder libmp3lame' >&2\necho 'Error opening output files: Encoder not found' >&2\nexit 1\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")


def test_a_failing_ffmpeg_is_one_line_with_its_message_and_leaves_nothing(tmp_path, fake_engine, broken_ffmpeg, capsys):
    story = tmp_path / "story.txt"
    story.write_text("Title: T\nAuthor: A\n\nChapter 1\n\nShe left. He stayed.\n", encoding="utf-8")
    out = tmp_path / "out"
    cache = tmp_path / "cache"
    with pytest.raises(SystemExit) as exited:
        main(
            [
                str(story),
                "-o",
                str(out / "book.mp3"),
                "--voices",
                str(fake_voices_toml(tmp_path)),
                "--cache-dir",
                str(cache),
                "-q",
            ]
        )
    assert exited.value.code == EXIT_ENCODER
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith("fic2audio: error: ffmpeg failed (1): ") and "Encoder not found" in err
    assert list(out.iterdir()) == []
    assert list((cache / "parts").iterdir()) == []  # no spooled PCM, no half-encoded part


def test_a_part_that_is_not_audio_frames_is_an_encoder_error(tmp_path):
    part = tmp_path / "part.mp3"
    part.write_bytes(b"ID3\x04" + b"\x00" * 100)
    with pytest.raises(EncoderError, match="not mp3 frames at byte 0"):
        count_samples(part, "mp3")
