"""PCM -> MP3 (ID3 tags and CHAP/CTOC chapters) or M4B (AAC, MP4 chapters). The one place ffmpeg runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import EncoderError, OutputError
from .model import ChapterMark, Metadata

FORMATS = ("mp3", "m4b")
MP3_BITRATE = "64k"  # mono speech at 22.05 kHz: transparent enough, ~29 MB per hour
AAC_BITRATE = "48k"
GENRE = "Audiobook"
MAX_CTOC_ENTRIES = 255  # an ID3 table of contents counts its entries in one byte


def ffmpeg_path() -> str:
    """The system's ffmpeg when installed, else the imageio-ffmpeg wheel's binary."""
    system = shutil.which("ffmpeg")
    if system:
        return system
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        raise EncoderError("ffmpeg not found: pip install imageio-ffmpeg, or install the system package 'ffmpeg'") from None


def run_ffmpeg(args: list[str], *, stdin=None) -> subprocess.Popen | None:
    """Run ffmpeg with `args`; with stdin=subprocess.PIPE return the running process for streaming."""
    command = [ffmpeg_path(), "-hide_banner", "-loglevel", "error", "-y", *(["-nostdin"] if stdin is None else []), *args]
    if stdin is None:
        result = subprocess.run(command, capture_output=True, text=True, errors="replace", start_new_session=True)
        if result.returncode:
            raise EncoderError(f"ffmpeg failed ({result.returncode}): {_last_lines(result.stderr)}")
        return None
    stderr = tempfile.TemporaryFile()
    # Its own session: a terminal's Ctrl-C reaches only fic2audio, which stops ffmpeg itself and removes
    # the temporary file; otherwise ffmpeg could die first and the interrupt would read as an encoder failure.
    process = subprocess.Popen(command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
    process.stderr_file = stderr  # type: ignore[attr-defined]
    return process


def _last_lines(text: str, lines: int = 3) -> str:
    kept = [ln.strip() for ln in text.strip().splitlines() if ln.strip()][-lines:]
    return " | ".join(kept) or "no message"


class Encoder:
    """Streams PCM into ffmpeg, encoding to a temporary file beside the final path."""

    def __init__(self, final_path: Path, fmt: str, sample_rate: int) -> None:
        self.final_path = final_path
        self.fmt = fmt
        remove_stale_temporaries(final_path)
        self.temp_path = _temp_beside(final_path, ".audio")
        codec = (
            ["-c:a", "libmp3lame", "-b:a", MP3_BITRATE, "-f", "mp3"]
            if fmt == "mp3"
            else ["-c:a", "aac", "-aac_coder", "fast", "-b:a", AAC_BITRATE, "-f", "ipod"]
        )
        self._process = run_ffmpeg(
            ["-f", "s16le", "-ar", str(sample_rate), "-ac", "1", "-i", "pipe:0", "-map_metadata", "-1", *codec, str(self.temp_path)],
            stdin=subprocess.PIPE,
        )

    def write(self, pcm: bytes) -> None:
        try:
            self._process.stdin.write(pcm)
        except BrokenPipeError:
            self._fail()

    def finish(self) -> Path:
        try:
            self._process.stdin.close()
        except BrokenPipeError:
            pass
        if self._process.wait():
            self._fail()
        return self.temp_path

    def abort(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self.temp_path.unlink(missing_ok=True)

    def _fail(self) -> None:
        self._process.kill()
        self._process.wait()
        self._process.stderr_file.seek(0)
        message = self._process.stderr_file.read().decode("utf-8", "replace")
        self.temp_path.unlink(missing_ok=True)
        raise EncoderError(f"ffmpeg could not encode {self.fmt}: {_last_lines(message)}")


def _temp_beside(path: Path, suffix: str) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}{suffix}.part")


def remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files a killed run (SIGKILL, power loss) left beside `path`; a live run's stay."""
    prefix = f".{path.name}."
    try:
        siblings = list(path.parent.iterdir())
    except OSError:
        return
    for sibling in siblings:
        pid = sibling.name[len(prefix) :].split(".", 1)[0]
        if sibling.name.startswith(prefix) and sibling.name.endswith(".part") and pid.isdigit() and not _running(int(pid)):
            sibling.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process, or no such pid to ask about: leave its file alone
    return True


def finish_audiobook(encoded: Path, final_path: Path, fmt: str, metadata: Metadata, title: str, marks: tuple[ChapterMark, ...]) -> None:
    """Add tags and chapters to the encoded audio and move it to `final_path` in one rename."""
    try:
        if fmt == "mp3":
            write_id3(encoded, metadata, title, marks)
            os.replace(encoded, final_path)
        else:
            chaptered = _temp_beside(final_path, ".m4b")
            try:
                _mux_mp4(encoded, chaptered, metadata, title, marks)
                os.replace(chaptered, final_path)
            finally:
                chaptered.unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"{final_path}: cannot write ({exc.strerror or exc})") from None
    finally:
        encoded.unlink(missing_ok=True)


def write_id3(path: Path, metadata: Metadata, title: str, marks: tuple[ChapterMark, ...]) -> None:
    from mutagen.id3 import CHAP, COMM, CTOC, ID3, TALB, TCON, TIT2, TPE1, TXXX, CTOCFlags

    tags = ID3()
    tags.add(TIT2(encoding=3, text=title))
    tags.add(TALB(encoding=3, text=title))
    if metadata.author:
        tags.add(TPE1(encoding=3, text=metadata.author))
    tags.add(TCON(encoding=3, text=GENRE))
    summary = metadata.get("summary")
    if summary:
        tags.add(COMM(encoding=3, lang="eng", desc="", text=summary))
    for key, value in metadata.fields:
        if key.casefold() not in ("title", "author", "summary"):
            tags.add(TXXX(encoding=3, desc=key, text=value))
    ids = [f"chp{i}" for i in range(len(marks))]
    if len(ids) <= MAX_CTOC_ENTRIES:
        tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids, sub_frames=[TIT2(encoding=3, text="Chapters")]))
    else:
        # A CTOC counts its entries in one byte: more chapters go in nested tables of contents.
        groups = [ids[i : i + MAX_CTOC_ENTRIES] for i in range(0, len(ids), MAX_CTOC_ENTRIES)]
        group_ids = [f"toc{n}" for n in range(len(groups))]
        tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=group_ids, sub_frames=[TIT2(encoding=3, text="Chapters")]))
        for number, (group_id, group) in enumerate(zip(group_ids, groups)):
            first = number * MAX_CTOC_ENTRIES + 1
            title = f"Chapters {first}-{first + len(group) - 1}"
            tags.add(CTOC(element_id=group_id, flags=CTOCFlags.ORDERED, child_element_ids=group, sub_frames=[TIT2(encoding=3, text=title)]))
    for element_id, mark in zip(ids, marks):
        tags.add(CHAP(element_id=element_id, start_time=mark.start_ms, end_time=mark.end_ms, sub_frames=[TIT2(encoding=3, text=mark.title)]))
    tags.save(str(path), v2_version=4)


def _mux_mp4(encoded: Path, target: Path, metadata: Metadata, title: str, marks: tuple[ChapterMark, ...]) -> None:
    lines = [";FFMETADATA1", f"title={_escape(title)}", f"album={_escape(title)}", f"genre={GENRE}"]
    if metadata.author:
        lines.append(f"artist={_escape(metadata.author)}")
    if metadata.get("summary"):
        lines.append(f"comment={_escape(metadata.get('summary') or '')}")
    for mark in marks:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={mark.start_ms}", f"END={mark.end_ms}", f"title={_escape(mark.title)}"]
    meta = _temp_beside(target, ".ffmeta")
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        run_ffmpeg(["-i", str(encoded), "-i", str(meta), "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1", "-c", "copy", "-movflags", "+faststart", "-f", "ipod", str(target)])
    finally:
        meta.unlink(missing_ok=True)


def _escape(value: str) -> str:
    for char in ("\\", "=", ";", "#", "\n"):
        value = value.replace(char, "\\" + char)
    return value
