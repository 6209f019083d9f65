"""EPUB -> Story: AO3 and FanFicFare books by their own markup, any other book by spine and contents.

An EPUB is a ZIP of XHTML files. It is read in memory, never unpacked to disk, and treated as hostile:
member names and links may not climb out of the book, the unpacked size and compression ratio are
bounded (zip bombs), and the package XML is parsed with defusedxml, which refuses entity declarations
(XXE, billion laughs). Chapter XHTML goes through Python's HTML parser, which expands no entities.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from urllib.parse import unquote, urldefrag

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeXml

from ..errors import InputError
from ..model import Block, BlockKind, Chapter, Metadata, Story
from .html import BlockBuilder, attribute, feed, parse_html, text_of

MAX_MEMBERS = 5000  # files in one book; real fics have a few hundred at most
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # 256 MiB of unpacked content in all
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # 64 MiB for any one file
MAX_RATIO = 100  # unpacked/packed; XHTML packs 3-10x, zip bombs 1000x and more
_RATIO_FLOOR = 1024 * 1024  # small members may pack tighter than MAX_RATIO harmlessly

_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
# What zipfile and zlib raise for a damaged archive: bad headers, CRC, corrupt or truncated deflate data,
# an unknown compression method, an encrypted member.
_ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError)
_HTML_TYPES = {"application/xhtml+xml", "text/html", "application/x-dtbook+xml"}


@dataclass(frozen=True)
class SpineDoc:
    href: str  # path inside the book
    markup: bytes
    toc_title: str | None  # the contents entry that points at this file, if any


@dataclass(frozen=True)
class Book:
    metadata: Metadata
    spine: tuple[SpineDoc, ...]
    contributors: tuple[str, ...]
    publisher: str


def read_epub(data: bytes, name: str, source_name: str) -> Story:
    book = open_book(data, name)
    from .ao3 import looks_like_ao3, parse_ao3
    from .fanficfare import is_fanficfare_book, parse_fanficfare_book

    if is_fanficfare_book(book):
        return parse_fanficfare_book(book, source_name)
    joined = join_spine(book)
    if "archive of our own" in book.publisher.casefold() or looks_like_ao3(joined):
        story = parse_ao3(joined, source_name)
        return _with_book_metadata(story, book)
    return _generic(book, source_name)


def open_book(data: bytes, name: str) -> Book:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_DAMAGE as exc:
        raise InputError(f"{name}: not a readable EPUB ({exc})") from None
    with archive:
        reader = _SafeZip(archive, name)
        container = reader.xml("META-INF/container.xml")
        rootfile = container.find(".//c:rootfile", _NS)
        if rootfile is None or not rootfile.get("full-path"):
            raise InputError(f"{name}: EPUB has no package file in META-INF/container.xml")
        opf_path = reader.resolve("", rootfile.get("full-path", ""))
        opf = reader.xml(opf_path)
        base = posixpath.dirname(opf_path)
        manifest = {}
        for item in opf.iterfind(".//opf:manifest/opf:item", _NS):
            href = item.get("href")
            if item.get("id") and href:
                manifest[item.get("id")] = (reader.resolve(base, href), item.get("media-type", ""), item.get("properties", ""))
        toc = _toc_titles(reader, opf, manifest, base)
        spine = []
        for ref in opf.iterfind(".//opf:spine/opf:itemref", _NS):
            entry = manifest.get(ref.get("idref", ""))
            if entry is None or entry[1] not in _HTML_TYPES or "nav" in entry[2].split():
                continue
            spine.append(SpineDoc(entry[0], reader.read(entry[0]), toc.get(entry[0])))
        metadata, contributors, publisher = _package_metadata(opf)
    if not spine:
        raise InputError(f"{name}: EPUB has no readable chapters in its spine")
    return Book(metadata, tuple(spine), contributors, publisher)


class _SafeZip:
    """Reads members of an untrusted ZIP within fixed bounds."""

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive = archive
        self.name = name
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"{name}: EPUB holds {len(infos)} files (limit {MAX_MEMBERS}); refusing it")
        total = 0
        for info in infos:
            parts = info.filename.replace("\\", "/").split("/")
            if info.filename.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", info.filename):
                raise InputError(f"{name}: EPUB member '{info.filename}' points outside the book; refusing it")
            if info.file_size > MAX_MEMBER_BYTES:
                raise InputError(f"{name}: EPUB member '{info.filename}' unpacks to {info.file_size // 2**20} MiB; refusing it")
            if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise InputError(
                    f"{name}: EPUB member '{info.filename}' is compressed {info.file_size // max(info.compress_size, 1)}:1, like a zip bomb; refusing it"
                )
            total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise InputError(
                f"{name}: EPUB unpacks to {total // 2**20} MiB (limit {MAX_UNPACKED_BYTES // 2**20} MiB); refusing it"
            )
        self.names = {info.filename for info in infos}

    def resolve(self, base: str, href: str) -> str:
        """A link inside the book as a member name; a link that climbs out of the book is refused."""
        path = unquote(urldefrag(href)[0])
        if path.startswith("/") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", path):
            raise InputError(f"{self.name}: EPUB links to '{href}', outside the book; refusing it")
        joined = posixpath.normpath(posixpath.join(base, path)) if base else posixpath.normpath(path)
        if joined.startswith("../") or joined == "..":
            raise InputError(f"{self.name}: EPUB links to '{href}', outside the book; refusing it")
        return joined

    def read(self, member: str) -> bytes:
        if member not in self.names:
            raise InputError(f"{self.name}: EPUB lists '{member}' but does not contain it")
        try:
            with self.archive.open(member) as handle:
                # Declared sizes can lie; never read past the bound whatever the header says. zipfile
                # stops at the declared size and checks the CRC of what it read, so data that inflates
                # past its declared size, or is corrupt, fails here.
                data = handle.read(MAX_MEMBER_BYTES + 1)
        except _ZIP_DAMAGE as exc:
            raise InputError(f"{self.name}: EPUB member '{member}' is damaged ({exc}); refusing it") from None
        if len(data) > MAX_MEMBER_BYTES:
            raise InputError(f"{self.name}: EPUB member '{member}' unpacks past {MAX_MEMBER_BYTES // 2**20} MiB; refusing it")
        return data

    def xml(self, member: str):
        data = self.read(member)
        try:
            return SafeXml.fromstring(data)
        except DefusedXmlException:
            raise InputError(f"{self.name}: '{member}' declares XML entities, which are refused for safety") from None
        except SafeXml.ParseError as exc:
            raise InputError(f"{self.name}: '{member}' is not well-formed XML ({exc})") from None


def _toc_titles(reader: _SafeZip, opf, manifest: dict, base: str) -> dict[str, str]:
    """Member -> the first contents entry pointing at it, from the EPUB 3 nav or the EPUB 2 NCX."""
    titles: dict[str, str] = {}
    nav = next((entry for entry in manifest.values() if "nav" in entry[2].split()), None)
    if nav is not None:
        soup = parse_html(reader.read(nav[0]))
        nav_base = posixpath.dirname(nav[0])
        for link in soup.select("nav a[href]"):
            try:
                target = reader.resolve(nav_base, attribute(link, "href"))
            except InputError:
                continue
            titles.setdefault(target, " ".join(link.get_text().split()))  # nav text is skipped by text_of
        if titles:
            return titles
    spine = opf.find(".//opf:spine", _NS)
    ncx_id = spine.get("toc") if spine is not None else None
    ncx = manifest.get(ncx_id or "") or next((e for e in manifest.values() if e[1] == "application/x-dtbncx+xml"), None)
    if ncx is None:
        return titles
    tree = reader.xml(ncx[0])
    ncx_base = posixpath.dirname(ncx[0])
    for point in tree.iter(f"{{{_NS['ncx']}}}navPoint"):
        label = point.find("ncx:navLabel/ncx:text", _NS)
        content = point.find("ncx:content", _NS)
        if label is None or content is None or not content.get("src"):
            continue
        try:
            target = reader.resolve(ncx_base, content.get("src", ""))
        except InputError:
            continue
        titles.setdefault(target, " ".join((label.text or "").split()))
    return titles


def _package_metadata(opf) -> tuple[Metadata, tuple[str, ...], str]:
    def texts(tag: str) -> list[str]:
        return [
            " ".join((el.text or "").split()) for el in opf.iterfind(f".//opf:metadata/dc:{tag}", _NS) if (el.text or "").strip()
        ]

    fields: list[tuple[str, str]] = []
    for key, values in (("Title", texts("title")[:1]), ("Author", [", ".join(texts("creator"))] if texts("creator") else [])):
        fields.extend((key, v) for v in values)
    description = texts("description")
    if description:
        fields.append(("Summary", text_of(parse_html(description[0])) or description[0]))
    subjects = texts("subject")
    if subjects:
        fields.append(("Tags", ", ".join(subjects)))
    url = next((v for v in texts("source") + texts("identifier") if re.match(r"^(?:URL:)?https?://", v)), None)
    if url:
        fields.append(("URL", url.removeprefix("URL:")))
    publisher = (texts("publisher") or [""])[0]
    return Metadata(fields=tuple(fields)), tuple(texts("contributor")), publisher


def join_spine(book: Book):
    """The spine's bodies in reading order as one HTML document (how AO3's EPUB was made from its HTML)."""
    joined = parse_html("<html><body></body></html>")
    into = joined.body
    assert into is not None  # the markup above has one
    for doc in book.spine:
        soup = parse_html(doc.markup)
        body = soup.body or soup
        wrapper = joined.new_tag("div")
        for child in list(body.children):
            wrapper.append(child.extract())
        into.append(wrapper)
    return joined


def _with_book_metadata(story: Story, book: Book) -> Story:
    """Fields the pages lack (a URL, a title when the preface is missing) come from the package file."""
    have = {key.casefold() for key, _ in story.metadata.fields}
    extra = tuple((k, v) for k, v in book.metadata.fields if k.casefold() not in have and k != "Tags")
    if not extra:
        return story
    return Story(
        Metadata(story.metadata.fields + extra, story.metadata.preface),
        story.chapters,
        story.source_name,
        story.repairs,
        story.warnings,
        story.encoding,
    )


def _generic(book: Book, source_name: str) -> Story:
    """Each contents entry starts a chapter; spine files without an entry continue the one before."""
    metadata = book.metadata
    title = metadata.title or source_name
    front_words = set(re.findall(r"\w+", f"{title} {metadata.author or ''} by".casefold()))
    chapters: list[tuple[str, list[Block]]] = []
    has_toc = any(doc.toc_title for doc in book.spine)
    for doc in book.spine:
        soup = parse_html(doc.markup)
        builder = BlockBuilder()
        feed(soup.body or soup, builder)
        builder.flush()
        blocks = builder.blocks  # a break at the end of a file may belong between it and the next
        words = set(re.findall(r"\w+", " ".join(b.text for b in blocks).casefold()))
        if not blocks or (not chapters and words <= front_words):
            continue  # a cover or a title page that only repeats the title and author
        if doc.toc_title or not chapters or not has_toc:
            heading = next((b.text for b in blocks if b.kind is BlockKind.HEADING), None)
            chapter_title = doc.toc_title or heading or (title if len(book.spine) == 1 else f"Chapter {len(chapters) + 1}")
            chapters.append((chapter_title, blocks))
        else:
            chapters[-1][1].extend(blocks)
    return Story(metadata=metadata, chapters=tuple(Chapter(t, _trim_breaks(b)) for t, b in chapters), source_name=source_name)


def _trim_breaks(blocks: list[Block]) -> tuple[Block, ...]:
    start, end = 0, len(blocks)
    while start < end and blocks[start].kind is BlockKind.SCENE_BREAK:
        start += 1
    while end > start and blocks[end - 1].kind is BlockKind.SCENE_BREAK:
        end -= 1
    return tuple(blocks[start:end])
