"""A folder of finished work keyed by content: shaped clips, and encoded chapter parts.

A clip's key is a hash of everything that decides its sound (the speakable text, the whole
VoiceProfile with its effects, the engine's version, the book's sample format), so a rerun after an
edit finds every unchanged clip, and a render killed at any point (SIGKILL included) resumes from the
clips and parts already stored. Every entry is written to a temporary name and renamed, so an entry
that exists is complete.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import struct
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from .atomic import sweep_temporaries, temporary_path, write_atomic
from .errors import Fic2AudioError
from .model import VoiceProfile

SIZE_LIMIT = 4 << 30  # bytes; past this, entries no render has used for longest are removed
CLIP_FORMAT = "pcm-s16le-mono-22050-v2"  # bump when shaping changes what a stored clip holds
# A stored clip: magic, the PCM's length in bytes, its SHA-256, then the PCM (16-bit samples).
_CLIP_HEADER = struct.Struct("<4sQ32s")
_CLIP_MAGIC = b"F2AC"
_HASH_BLOCK = 1 << 20  # bytes read at a time when hashing a part
APP_NAME = "fic2audio"


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME))


def clip_key(text: str, profile: VoiceProfile, engine_version: str) -> str:
    """The cache key of the clip that `profile` makes of `text` (the speakable text, not the display text)."""
    material = json.dumps([CLIP_FORMAT, engine_version, _fields(profile), text], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=256)  # a book has a few profiles and many clips; never mutated, only dumped
def _fields(profile: VoiceProfile) -> dict:
    return asdict(profile)


def content_key(*parts: object) -> str:
    """A key for anything built from JSON-able parts (a chapter part: its clip keys, pauses, codec)."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


class ClipCache:
    """Shaped clips as raw PCM files and encoded chapter parts with their manifests, under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.clips = self.root / "clips"
        self.parts = self.root / "parts"
        self.damaged: list[Path] = []  # entries found damaged (and removed) in this run
        self.unwritable: str | None = None  # why nothing can be stored (a read-only disk...), if so

    @property
    def writable(self) -> bool:
        return self.unwritable is None

    def warnings(self) -> tuple[str, ...]:
        """One line each for the render's warnings: a cache that could not be written, damaged entries."""
        found = []
        if self.unwritable:
            found.append(f"{self.root}: the cache cannot be written ({self.unwritable}); rendering without storing")
        if self.damaged:
            found.append(f"{len(self.damaged)} damaged cache entries (first: {self.damaged[0]}) were removed and made again")
        return tuple(found)

    def _drop(self, *paths: Path) -> None:
        self.damaged.append(paths[0])
        for path in paths:
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass

    def prepare(self) -> None:
        """Create the folders and sweep leftovers; a cache that cannot be written (a read-only disk,
        no permission, a full disk) is still read, and nothing is stored in it."""
        try:
            self.clips.mkdir(parents=True, exist_ok=True)
            self.parts.mkdir(parents=True, exist_ok=True)
            probe = temporary_path(self.parts / "probe")
            os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            probe.unlink()
        except OSError as exc:
            self.unwritable = exc.strerror or str(exc)
            return
        self._sweep()

    def _sweep(self) -> None:
        """Remove spooled PCM, half-encoded parts and half-written clips that a killed render
        (SIGKILL) or worker left behind."""
        sweep_temporaries(self.parts, r"[0-9a-f]{64}\.\w+|probe")  # .<key>.<suffix>.<pid>.pcm / .part
        for folder in self.clips.iterdir():
            if folder.is_dir():
                sweep_temporaries(folder, r"[0-9a-f]{64}\.pcm")

    # Clips -----------------------------------------------------------------------------------

    def clip_path(self, key: str) -> Path:
        return self.clips / key[:2] / f"{key}.pcm"

    def has_clip(self, key: str) -> bool:
        return self.clip_path(key).exists()

    def get_clip(self, key: str) -> bytes | None:
        """The stored clip's PCM; None when there is none, or it was damaged (then it is removed)."""
        path = self.clip_path(key)
        try:
            stored = path.read_bytes()
        except FileNotFoundError:
            return None
        self._touch(path)
        pcm = _clip_pcm(stored)
        if pcm is None:
            self._drop(path)
        return pcm

    def _touch(self, *paths: Path) -> None:
        """Mark entries used now, so prune keeps what renders use (not possible on a read-only cache)."""
        if self.writable:
            for path in paths:
                try:
                    os.utime(path)
                except OSError:
                    pass

    def put_clip(self, key: str, pcm: bytes) -> None:
        if not self.writable:
            return
        path = self.clip_path(key)
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, _CLIP_HEADER.pack(_CLIP_MAGIC, len(pcm), hashlib.sha256(pcm).digest()) + pcm, private=True)

    # Size ------------------------------------------------------------------------------------

    def prune(self, limit: int = SIZE_LIMIT, keep_since: float = 0.0) -> int:
        """Remove the entries unused for longest until the cache holds at most `limit` bytes, never
        one used at or after `keep_since` (the render that just finished). Returns bytes freed."""
        if not self.writable:
            return 0
        entries = []
        for folder in (self.clips, self.parts):
            for path in folder.rglob("*"):
                try:
                    info = path.stat()
                except FileNotFoundError:
                    continue
                if path.is_file() and not path.name.startswith("."):
                    entries.append((info.st_mtime, info.st_size, path))
        total = sum(size for _, size, _ in entries)
        freed = 0
        for mtime, size, path in sorted(entries):
            if total - freed <= limit or mtime >= keep_since:
                break
            path.unlink(missing_ok=True)
            freed += size
        return freed

    # Chapter parts ---------------------------------------------------------------------------

    def part_path(self, key: str, suffix: str) -> Path:
        return self.parts / f"{key}{suffix}"

    def get_part(self, key: str, suffix: str, samples_of: Callable[[Path], int]) -> tuple[Path, dict] | None:
        """The encoded part and its manifest, when both are stored (the manifest is written last), the
        manifest's own seal holds, and the part has the length, checksum and samples (counted by
        `samples_of`, reading the audio back) that the manifest gives; a damaged pair is removed."""
        audio = self.part_path(key, suffix)
        manifest_path = self.part_path(key, ".json")
        try:
            manifest = json.loads(manifest_path.read_bytes())
        except FileNotFoundError:
            return None
        except (ValueError, UnicodeDecodeError):
            manifest = None
        try:
            intact = (
                _valid_manifest(manifest)
                and (audio.stat().st_size, file_sha256(audio)) == (manifest["bytes"], manifest["sha256"])
                and samples_of(audio) == manifest["samples"]
            )
        except (FileNotFoundError, Fic2AudioError):  # gone, or not frames the counter can read
            intact = False
        if not intact:
            self._drop(manifest_path, audio)
            return None
        self._touch(audio, manifest_path)
        return audio, manifest

    def get_record(self, key: str) -> dict | None:
        """A record stored under `key` with put_record (a chapter's loudness); None when there is none,
        or it was damaged (then it is removed and counted, like a damaged part)."""
        path = self.part_path(key, ".json")
        try:
            stored = json.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except (ValueError, UnicodeDecodeError):
            stored = None
        if not (
            isinstance(stored, dict) and isinstance(stored.get("record"), dict) and stored.get("seal") == _seal(stored["record"])
        ):
            self._drop(path)
            return None
        self._touch(path)
        return stored["record"]

    def put_record(self, key: str, record: dict) -> None:
        """Store a small record with no audio beside it (a chapter's loudness), sealed like a manifest."""
        stored = json.loads(json.dumps(record))  # sealed as it reads back: JSON makes every key a string
        write_atomic(self.part_path(key, ".json"), json.dumps({"record": stored, "seal": _seal(stored)}), private=True)

    def put_manifest(self, key: str, manifest: dict, audio: Path) -> None:
        """Store a part's manifest with the length and checksum of its audio at `audio`."""
        described = {**manifest, "bytes": audio.stat().st_size, "sha256": file_sha256(audio)}
        write_atomic(self.part_path(key, ".json"), json.dumps({**described, "seal": _seal(described)}), private=True)


def _clip_pcm(stored: bytes) -> bytes | None:
    """The PCM of a stored clip, or None when its header, length or checksum is wrong."""
    if len(stored) < _CLIP_HEADER.size:
        return None
    magic, length, digest = _CLIP_HEADER.unpack_from(stored)
    pcm = stored[_CLIP_HEADER.size :]
    if magic != _CLIP_MAGIC or length != len(pcm) or length % 2 or hashlib.sha256(pcm).digest() != digest:
        return None
    return pcm


def _valid_manifest(manifest) -> bool:
    """A manifest of the shape put_manifest writes, whose counts can describe its part."""
    if (
        not isinstance(manifest, dict)
        or not isinstance(manifest.get("clips"), list)
        or not isinstance(manifest.get("pauses"), list)
    ):
        return False
    counts = [manifest.get("samples"), manifest.get("tail"), manifest.get("bytes"), *manifest["clips"], *manifest["pauses"]]
    described = {k: v for k, v in manifest.items() if k != "seal"}
    return (
        manifest.get("seal") == _seal(described)
        and all(type(n) is int and n >= 0 for n in counts)
        and isinstance(manifest.get("sha256"), str)
        and len(manifest["clips"]) == len(manifest["pauses"])
        # The part decodes to its PCM plus the encoder's delay and padding: never less.
        and manifest["samples"] >= sum(manifest["clips"]) + sum(manifest["pauses"]) + manifest["tail"]
    )


def _seal(manifest: dict) -> str:
    """The SHA-256 of a manifest's content: an edited count is found like damaged audio is."""
    return hashlib.sha256(json.dumps(manifest, sort_keys=True).encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()
