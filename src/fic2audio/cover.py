"""Cover art: the reader's own image, or a square PNG drawn from the story's header."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from . import header_keys
from .errors import InputError
from .model import Metadata

COVER_SIZE = 1400  # px; Apple Podcasts asks for 1400-3000 px square art
MARGIN = 110  # px around the text block
COVER_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@dataclass(frozen=True)
class Cover:
    data: bytes
    mime: str  # image/png or image/jpeg

    @property
    def suffix(self) -> str:
        return ".png" if self.mime == "image/png" else ".jpg"


def load_cover(path: Path) -> Cover:
    """The reader's cover file, checked to be a PNG or JPEG that Pillow can open."""
    from PIL import Image, UnidentifiedImageError

    try:
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
    except OSError as exc:
        if isinstance(exc, UnidentifiedImageError):
            raise InputError(f"{path}: not an image Pillow can read") from None
        raise InputError(f"{path}: cannot read the cover ({exc.strerror or exc})") from None
    if kind not in ("PNG", "JPEG"):
        raise InputError(f"{path}: cover must be PNG or JPEG, not {kind}")
    return Cover(data, "image/png" if kind == "PNG" else "image/jpeg")


def draw_cover(metadata: Metadata, title: str, size: int = COVER_SIZE) -> Cover:
    """A square PNG with the title, author, fandom and pairing on a colour picked from the title."""
    from PIL import Image, ImageDraw, ImageFont

    # A stable colour per story, dark enough for white text (contrast above 7:1).
    digest = hashlib.sha256(title.encode("utf-8")).digest()
    background = tuple(24 + b % 48 for b in digest[:3])
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    scale = size / COVER_SIZE
    width = size - 2 * round(MARGIN * scale)
    lines: list[tuple[str, ImageFont.FreeTypeFont | ImageFont.ImageFont, tuple[int, int, int]]] = []
    title_font = ImageFont.load_default(size=round(170 * scale))
    detail_font = ImageFont.load_default(size=round(88 * scale))
    for line in _wrap(title, title_font, width, draw)[:4]:
        lines.append((line, title_font, (255, 255, 255)))
    lines.append(("", detail_font, (0, 0, 0)))  # a blank line between the title and the details
    details = [
        metadata.author and f"by {metadata.author}",
        metadata.get(*header_keys.FANDOM),
        metadata.get(*header_keys.PAIRING),
    ]
    for detail in filter(None, details):
        for line in _wrap(detail, detail_font, width, draw)[:3]:
            lines.append((line, detail_font, (225, 225, 225)))
    gap = round(36 * scale)
    heights = [_height(font, draw) for _, font, _ in lines]
    y = (size - sum(heights) - gap * (len(lines) - 1)) // 2
    for (text, font, colour), height in zip(lines, heights, strict=True):
        x = (size - draw.textlength(text, font=font)) / 2
        draw.text((x, y), text, font=font, fill=colour)
        y += height + gap
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return Cover(out.getvalue(), "image/png")


def _height(font, draw) -> int:
    left, top, right, bottom = draw.textbbox((0, 0), "Ag", font=font)
    return bottom - top


def _wrap(text: str, font, width: int, draw) -> list[str]:
    """Greedy word wrap by measured width; a word wider than the line is cut by characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        while draw.textlength(word, font=font) > width and len(word) > 1:
            cut = len(word)
            while cut > 1 and draw.textlength(word[:cut], font=font) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def cover_path(audio_path: Path) -> Path | None:
    """The cover image written beside `audio_path`, if there is one."""
    for suffix in (".png", ".jpg"):
        candidate = audio_path.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def write_cover(audio_path: Path, cover: Cover) -> Path:
    """Save the cover beside the audiobook (feeds and players use it as episode art)."""
    from .atomic import write_atomic

    target = audio_path.with_suffix(cover.suffix)
    write_atomic(target, cover.data)
    return target
