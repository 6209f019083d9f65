"""Bytes -> text: refuse what is not text, detect the encoding, say when it was a guess."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..errors import InputError

# Magic numbers of formats people mistake for stories; the hint says what to do instead.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF; save the story as text, HTML or EPUB instead"),
    (b"PK\x03\x04", "a ZIP archive (EPUB or DOCX); save the story as plain text"),
    (b"\x89PNG", "a PNG image, not a story"),
    (b"\xff\xd8\xff", "a JPEG image, not a story"),
    (b"GIF8", "a GIF image, not a story"),
    (b"BOOKMOBI", "a MOBI e-book; download the story as EPUB, HTML or text instead"),
    (b"\x7fELF", "a program, not a story"),
    (b"ID3", "an MP3 file, not a story"),
    (b"RIFF", "a RIFF (WAV/AVI) file, not a story"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    guessed: bool  # True when the encoding was inferred from statistics, not declared or certain


def decode_story_bytes(data: bytes, name: str) -> Decoded:
    """Decode a story file's bytes, or raise InputError naming why it is not a story."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty; give a story file with text in it")
    for magic, what in _BINARY_SIGNATURES:
        if data.startswith(magic):
            raise InputError(f"{name}: this is {what}")
    if data[60:68] in (b"BOOKMOBI", b"TEXtREAd"):
        raise InputError(f"{name}: this is a MOBI/AZW e-book; download the story as EPUB, HTML or text")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return Decoded(data.decode(encoding), encoding, guessed=False)
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return Decoded(data.decode(encoding, errors="replace"), encoding, guessed=True)
    if b"\x00" in data:
        raise InputError(f"{name}: the file contains NUL bytes, so it is binary, not a text story; save the story as plain text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _refuse_control_heavy(text, name)
        return Decoded(text, "utf-8", guessed=False)
    return _guess(data, name)


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    zeros_odd, zeros_even = sample[1::2].count(0), sample[0::2].count(0)
    half = len(sample) // 2 or 1
    return max(zeros_odd, zeros_even) / half > 0.3 and min(zeros_odd, zeros_even) / half < 0.05


def _guess(data: bytes, name: str) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp1251", "mac_roman", "utf_16"]).best()
    if best is None:
        # Every byte is valid cp1252-or-latin-1, so text always comes back; the warning says it was a guess.
        encoding = "cp1252"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            encoding = "latin-1"
            text = data.decode(encoding)
    else:
        encoding, text = best.encoding, str(best)
    _refuse_control_heavy(text, name)
    return Decoded(text, encoding, guessed=True)


def _refuse_control_heavy(text: str, name: str) -> None:
    sample = text[:20000]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls > max(8, len(sample) // 50):
        raise InputError(f"{name}: the file is mostly control bytes, so it is binary, not a text story; save the story as plain text")
