"""Bytes -> text: refuse what is not text, detect the encoding, say when it was a guess."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..errors import InputError
from ..patterns import compiled

# Magic numbers of formats people mistake for stories; the hint says what to do instead.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF; download the story as EPUB or HTML instead (AO3 and FanFicFare offer both)"),
    (b"PK\x03\x04", "a ZIP archive but not an EPUB (a DOCX?); save the story as EPUB, HTML or text"),
    (b"\x89PNG", "a PNG image, not a story"),
    (b"\xff\xd8\xff", "a JPEG image, not a story"),
    (b"GIF8", "a GIF image, not a story"),
    (b"BOOKMOBI", "a MOBI e-book; download the story as EPUB, HTML or text instead"),
    (b"\x7fELF", "a program, not a story"),
    (b"ID3", "an MP3 file, not a story"),
    (b"RIFF", "a RIFF (WAV/AVI) file, not a story"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
)


_EBOOK_HINT = "download the story as EPUB or HTML instead (AO3 and FanFicFare offer both)"


def is_epub(data: bytes) -> bool:
    """Whether the bytes are an EPUB (here, not in epub.py: a text story is told apart without loading bs4)."""
    return data.startswith(b"PK\x03\x04") and (b"mimetypeapplication/epub+zip" in data[:200] or b"META-INF/container.xml" in data)


def refuse_ebook_formats(data: bytes, name: str) -> None:
    """PDF, MOBI and AZW3 cannot be read; say which one it is and what to download instead."""
    if data.startswith(b"%PDF"):
        raise InputError(f"{name}: this is a PDF; {_EBOOK_HINT}")
    if data[60:68] in (b"BOOKMOBI", b"TEXtREAd") or data.startswith(b"BOOKMOBI"):
        raise InputError(f"{name}: this is {_kindle_format(data)} Kindle e-book; {_EBOOK_HINT}")


def _kindle_format(data: bytes) -> str:
    """'an AZW3' for KF8 books (MOBI header version 8), else 'a MOBI'."""
    try:
        record0 = int.from_bytes(data[78:82], "big")  # first record offset in the Palm database header
        if data[record0 + 16 : record0 + 20] == b"MOBI":
            version = int.from_bytes(data[record0 + 36 : record0 + 40], "big")
            if version >= 8:
                return "an AZW3"
    except (ValueError, IndexError):
        pass
    return "a MOBI"


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
    mixed = _utf8_with_stray_cp1252(data)
    if mixed is not None:
        _refuse_control_heavy(mixed, name)
        return Decoded(mixed, "utf-8 with some cp1252 bytes", guessed=True)
    return _guess(data, name)


def _utf8_with_stray_cp1252(data: bytes) -> str | None:
    """A UTF-8 file with a few Windows-1252 bytes pasted in (`didn\x92t`): each bad byte read as cp1252.

    Only when real UTF-8 sequences outnumber the bad bytes; otherwise the file is in one legacy code page.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    stray = sum(1 for c in text if "\udc80" <= c <= "\udcff")
    valid = sum(1 for c in text if ord(c) > 0x7F) - stray
    if valid < stray or valid == 0:
        return None
    return "".join(bytes([ord(c) - 0xDC00]).decode("cp1252", errors="replace") if "\udc80" <= c <= "\udcff" else c for c in text)


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    zeros_odd, zeros_even = sample[1::2].count(0), sample[0::2].count(0)
    half = len(sample) // 2 or 1
    return max(zeros_odd, zeros_even) / half > 0.3 and min(zeros_odd, zeros_even) / half < 0.05


def _guess(data: bytes, name: str) -> Decoded:
    western = _western_cp1252(data)
    if western is not None:
        _refuse_control_heavy(western, name)
        return Decoded(western, "cp1252", guessed=True)
    from charset_normalizer import from_bytes

    best = from_bytes(
        data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp1250", "cp1251", "cp1253", "mac_roman", "utf_16"]
    ).best()
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


_SYMBOL_IN_WORD = compiled(r"(?<=[^\W\d_])[^\w\s\x00-\x7f\u2019\u2018\u2013\u2014\u2026\u201c\u201d\u00a0\u00b4](?=[^\W\d_])")


_MOJIBAKE = compiled(r"â€.?|[ÃÂ].")


def _western_cp1252(data: bytes) -> str | None:
    """The text when the file reads as English-like Windows-1252 (a superset of printable latin-1).

    Statistics alone misjudge short files: a few curly quotes (bytes 0x91-0x94) read as MacRoman give
    `í` for `’`. Text whose non-ASCII characters are mostly punctuation, or a minority of its letters,
    is Western prose with smart punctuation and accents; a Cyrillic or Greek file read this way is
    nearly all non-ASCII letters, and is left to the statistics.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    # `â€™`, `Ã©`: UTF-8 already read as cp1252 once (mojibake, repaired later); not evidence either way.
    plain = _MOJIBAKE.sub("", text)
    letters = [c for c in plain if c.isalpha()]
    foreign = sum(1 for c in letters if not c.isascii())
    if foreign * 10 > len(letters) * 3:
        return None
    # A symbol inside a word ("Za¿ó³æ" is Polish cp1250 read as cp1252) means another code page.
    if _SYMBOL_IN_WORD.search(plain):
        return None
    return text


def _refuse_control_heavy(text: str, name: str) -> None:
    sample = text[:20000]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls > max(8, len(sample) // 50):
        raise InputError(
            f"{name}: the file is mostly control bytes, so it is binary, not a text story; save the story as plain text"
        )
