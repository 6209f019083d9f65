"""A folder of finished work keyed by content: shaped clips, and encoded chapter parts.

A clip's key is a hash of everything that decides its sound (the speakable text, the whole
VoiceProfile with its effects, the engine's version, the book's sample format), so a rerun after an
edit finds every unchanged clip, and a render killed at any point (SIGKILL included) resumes from the
clips and parts already stored. Every entry is written to a temporary name and renamed, so an entry
that exists is complete.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from .atomic import sweep_temporaries, write_atomic
from .model import VoiceProfile

SIZE_LIMIT = 4 << 30  # bytes; past this, entries no render has used for longest are removed
CLIP_FORMAT = "pcm-s16le-mono-22050-v2"  # bump when shaping changes what a stored clip holds
APP_NAME = "fic2audio"


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME))


def clip_key(text: str, profile: VoiceProfile, engine_version: str) -> str:
    """The cache key of the clip that `profile` makes of `text` (the speakable text, not the display text)."""
    material = json.dumps([CLIP_FORMAT, engine_version, asdict(profile), text], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def content_key(*parts: object) -> str:
    """A key for anything built from JSON-able parts (a chapter part: its clip keys, pauses, codec)."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


class ClipCache:
    """Shaped clips as raw PCM files and encoded chapter parts with their manifests, under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.clips = self.root / "clips"
        self.parts = self.root / "parts"

    def prepare(self) -> None:
        from .errors import OutputError

        try:
            self.clips.mkdir(parents=True, exist_ok=True)
            self.parts.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"{self.root}: cannot create the cache folder ({exc.strerror or exc}); choose another with --cache-dir or use --no-cache"
            ) from None
        self._sweep()

    def _sweep(self) -> None:
        """Remove spooled PCM and half-encoded parts that a killed render (SIGKILL) left behind."""
        sweep_temporaries(self.parts, r"[0-9a-f]{64}\.\w+")  # .<key>.<suffix>.<pid>.pcm / .part

    # Clips -----------------------------------------------------------------------------------

    def clip_path(self, key: str) -> Path:
        return self.clips / key[:2] / f"{key}.pcm"

    def has_clip(self, key: str) -> bool:
        return self.clip_path(key).exists()

    def get_clip(self, key: str) -> bytes | None:
        path = self.clip_path(key)
        try:
            pcm = path.read_bytes()
            os.utime(path)  # used now: prune keeps what renders use
        except FileNotFoundError:
            return None
        return pcm

    def put_clip(self, key: str, pcm: bytes) -> None:
        path = self.clip_path(key)
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, pcm, private=True)

    # Size ------------------------------------------------------------------------------------

    def prune(self, limit: int = SIZE_LIMIT, keep_since: float = 0.0) -> int:
        """Remove the entries unused for longest until the cache holds at most `limit` bytes, never
        one used at or after `keep_since` (the render that just finished). Returns bytes freed."""
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

    def get_part(self, key: str, suffix: str) -> tuple[Path, dict] | None:
        """The encoded part and its manifest, when both are stored (the manifest is written last)."""
        audio = self.part_path(key, suffix)
        try:
            manifest = json.loads(self.part_path(key, ".json").read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.utime(audio)
            os.utime(self.part_path(key, ".json"))
        except FileNotFoundError:
            return None
        return audio, manifest

    def get_record(self, key: str) -> dict | None:
        """A record stored under `key` with put_manifest and no audio (a chapter's loudness)."""
        try:
            record = json.loads(self.part_path(key, ".json").read_text(encoding="utf-8"))
            os.utime(self.part_path(key, ".json"))
        except (FileNotFoundError, ValueError):
            return None
        return record

    def put_manifest(self, key: str, manifest: dict) -> None:
        write_atomic(self.part_path(key, ".json"), json.dumps(manifest), private=True)
