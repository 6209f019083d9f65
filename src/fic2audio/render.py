"""Voiced script -> clips (cache, workers) -> encoded chapter parts, plus chapter marks and cues.

Clips are made across worker processes (or in this one, for a handful), handed back in script order
and streamed straight into each chapter's encoder, so memory stays flat however long the story is.
Finished clips and encoded chapters are stored under content keys (cache.py): a rerun re-makes only
what changed, and a killed render resumes where it stopped.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass
from pathlib import Path

from .atomic import temporary_path
from .cache import ClipCache, clip_key, content_key
from .effects import make_clip
from .engines import clip_version
from .errors import Fic2AudioError
from .export import count_samples, encode_parts, part_format, stop_ffmpeg
from .mastering import Histogram, Mastering, book_gain, measure_chapters
from .model import SAMPLE_RATE, SAMPLE_WIDTH, ChapterMark, Cue, EncodedChapter, Rendered, Script, VoiceConfig, frames_to_ms
from .speakable import DEFAULT_SPEECH, SpeechOptions, speakable
from .workers import (
    CLIP_ATTEMPTS,
    CLIP_TIMEOUT_S,
    ClipHung,
    ClipPool,
    ClipTask,
    WatchedMaker,
    clip_failure,
    portable_factories,
    timeout_for,
)

CHAPTER_HEAD_MS = 750  # silence before each chapter's first word (ACX: 0.5-1 s)
BOOK_TAIL_MS = 2000  # silence after the book's last word (ACX: 1-5 s)
ENCODE_TOGETHER_BYTES = 2 << 20  # spooled PCM (~48 s): shorter chapters are measured and encoded several to one ffmpeg run
ENCODE_TOGETHER_MAX = 64  # chapters in one ffmpeg run at most
IN_PROCESS_MAX_CLIPS = (
    48  # fewer clips to make than this: worker start-up (~0.5 s each) would cost more than it saves (~30 ms a clip)
)

ProgressCallback = Callable[[int, int], None]  # (segments done, segments in all)


# Whole books: cached, parallel, encoded chapter by chapter ---------------------------------------


@dataclass(frozen=True)
class RenderSettings:
    """How to make the audio (not what it sounds like: none of this changes a single sample)."""

    jobs: int = 0  # worker processes; 0 means one per CPU
    cache_dir: Path | None = None  # clip and part cache; None renders with no cache
    clip_timeout_s: float = CLIP_TIMEOUT_S  # a clip taking longer is a hang: its worker is replaced
    clip_attempts: int = CLIP_ATTEMPTS

    def worker_count(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)


@dataclass(frozen=True)
class RenderedBook:
    chapters: tuple[EncodedChapter, ...]
    made: int  # clips synthesized in this run (the rest came from the cache)
    reused_parts: int  # chapters whose encoded part came from the cache
    warnings: tuple[str, ...] = ()  # the cache's, said once: damaged entries, a cache that cannot be written
    gain_db: float = 0.0  # the one gain that brought the book to its loudness


M_MMAP_THRESHOLD = -3  # glibc's mallopt option


def _settle_heap() -> None:
    """Keep peak memory flat over a long render (glibc only; elsewhere nothing to do).

    Clips are large short-lived buffers. glibc raises its mmap threshold each time it frees a mapped
    one, and then serves them from the heap, which fragments and grows with the length of the book:
    a fixed threshold keeps them mapped and handed back. What reading and segmenting freed is
    returned to the system first, since mapped clips would not reuse it."""
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(M_MMAP_THRESHOLD, 128 * 1024)
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


ChapterClips = list[tuple[ClipTask, int]]  # a chapter's clips, each with the pause after it (frames)


@dataclass(frozen=True)
class _Planned:
    """What the plan keeps of a chapter once worked out, so that its speakable texts and clip keys are
    made once however often it is asked for: 32 bytes a clip (a text only where speaking changed it)."""

    clip_keys: bytes  # each clip's cache key, as its 32 bytes
    changed: dict[int, str]  # the speakable text of the clips whose text is not the story's own
    tail: int  # frames
    key: str


class _BookPlan:
    """What each chapter of the book is made of: its clips, pauses and part key, built when needed
    rather than held for the whole book (only each chapter's compact _Planned is kept), so memory
    stays nearly flat with length."""

    def __init__(self, script: Script, voices: VoiceConfig, fmt: str, speech: SpeechOptions, cache: ClipCache | None) -> None:
        self.script, self.voices, self.fmt, self.speech, self.cache = script, voices, fmt, speech, cache
        self.versions: dict[str, str] = {}  # engine -> version, for the engines the book uses
        self.voice_versions: dict[tuple[str, str], str] = {}  # (engine, voice) -> engine and voice data version
        self.last_voiced = max((i for i, ch in enumerate(script.chapters) if ch.segments), default=-1)
        # Which clips must be made is decided once per chapter, when the clip makers first reach it
        # (they run ahead of the encoding loop), and both sides read that one decision: workers store
        # clips as they go, so asking the cache again later would give another answer.
        self._work: dict[int, tuple[list[tuple[ClipTask, int, bool]], int, str]] = {}
        self._planned: dict[int, _Planned] = {}
        self.made = 0  # clips handed to the clip makers

    def head(self, index: int) -> int:
        """The silence before chapter `index`'s first word (frames): listeners, and ACX, want a breath."""
        return _frames(CHAPTER_HEAD_MS) if self.script.chapters[index].segments else 0

    def chapter(self, index: int) -> tuple[ChapterClips, int, str]:
        """Chapter `index`'s clips with the pause after each, the silence after the chapter, its key
        (of its sound before mastering)."""
        segments = self.script.chapters[index].segments
        planned = self._planned.get(index)
        last = index == self.last_voiced
        pauses = self.voices.pauses
        clips = []
        for number, segment in enumerate(segments):
            profile = self.voices.profile_for(segment)
            if planned is None:
                identity = (profile.engine, profile.voice)
                if identity not in self.voice_versions:
                    self.voice_versions[identity] = clip_version(*identity)
                    self.versions.setdefault(profile.engine, self.voice_versions[identity])
                text = speakable(segment.text, self.speech)
                task_key = clip_key(text, profile, self.voice_versions[identity])
            else:
                text = planned.changed.get(number, segment.text)
                task_key = planned.clip_keys[32 * number : 32 * number + 32].hex()
            # The book's own end silence follows its last word, not a pause as well.
            pause = 0 if last and number == len(segments) - 1 else _frames(pauses.after(segment.pause))
            clips.append((ClipTask(task_key, segment.text if text == segment.text else text, profile, segment.text), pause))
        if planned is None:
            tail = _frames(BOOK_TAIL_MS) if last else 0 if index > self.last_voiced else _frames(pauses.chapter)
            key = content_key(
                "part-v2",
                self.fmt,
                part_format(self.fmt).codec,
                SAMPLE_RATE,
                [(t.key, p) for t, p in clips],
                self.head(index),
                tail,
            )
            planned = self._planned[index] = _Planned(
                b"".join(bytes.fromhex(task.key) for task, _ in clips),
                {number: task.text for number, (task, _) in enumerate(clips) if task.text is not task.shown},
                tail,
                key,
            )
        return clips, planned.tail, planned.key

    def to_make(self, clips: ChapterClips) -> int:
        return sum(1 for task, _ in clips if self.cache is None or not self.cache.has_clip(task.key))

    def work(self, index: int) -> tuple[list[tuple[ClipTask, int, bool]], int, str]:
        """`chapter(index)` with, for each clip, whether it must be made: decided on the first call."""
        if index not in self._work:
            clips, tail, key = self.chapter(index)
            cache = self.cache
            self._work[index] = (
                [(task, pause, cache is None or not cache.has_clip(task.key)) for task, pause in clips],
                tail,
                key,
            )
        return self._work[index]

    def done_with(self, index: int) -> None:
        del self._work[index]

    def tasks_to_make(self, todo: list[int]) -> Iterator[ClipTask]:
        for index in todo:
            for task, _, make in self.work(index)[0]:
                if make:
                    self.made += 1
                    yield task


def render_book(
    script: Script,
    voices: VoiceConfig,
    fmt: str,
    workdir: Path,
    settings: RenderSettings = RenderSettings(),
    progress: ProgressCallback | None = None,
    speech: SpeechOptions = DEFAULT_SPEECH,
    mastering: Mastering = Mastering(),
) -> RenderedBook:
    """Encode every chapter of `script` to a part (in the cache, else in `workdir`), reusing stored ones.

    Two passes: every chapter whose loudness is not yet known is spoken, spooled and measured; then the
    book's one gain is known, and each chapter is encoded through it and the limiter (or its stored
    part taken, when one was encoded with that same gain)."""
    _settle_heap()
    started = time.time() - 2  # s; what this render uses is touched after this (file times may be coarse)
    cache = ClipCache(settings.cache_dir) if settings.cache_dir is not None else None
    if cache is not None:
        cache.prepare()
    store = _store(cache)
    book = _BookPlan(script, voices, fmt, speech, cache)
    part = part_format(fmt)

    def loudness_key(key: str) -> str:
        return content_key(key, "loudness-v3", mastering.loudness_lufs, mastering.ceiling_dbfs)

    total = sum(len(ch.segments) for ch in script.chapters)
    loudness: dict[int, Histogram] = {}  # chapter -> histogram of its blocks' loudness
    to_measure: list[int] = []
    to_make = 0
    for index in range(len(script.chapters)):
        clips, _, key = book.chapter(index)
        record = cache.get_record(loudness_key(key)) if cache is not None else None
        if record is not None and isinstance(record.get("loudness"), dict):
            loudness[index] = record["loudness"]
        else:
            to_measure.append(index)
            to_make += book.to_make(clips)
    done = total - sum(len(script.chapters[i].segments) for i in to_measure)
    if progress and done:
        progress(done, total)

    def clip_done() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    spools: dict[int, _Spool] = {}
    try:
        with ThreadPoolExecutor(settings.worker_count(), "encode") as encoding:
            measuring: list[Future] = []
            ready: list[_Measure] = []  # spooled chapters waiting to be measured together

            def measure_ready() -> None:
                # Measured on an encoder thread while later chapters are still being spoken.
                if ready:
                    measuring.append(encoding.submit(_measure, list(ready), store, mastering))
                    ready.clear()

            with _clip_maker(book.tasks_to_make(to_measure), to_make, book.versions, settings, store) as made_clips:
                for index in to_measure:
                    decided, tail, key = book.work(index)
                    spools[index] = _spool(
                        book,
                        index,
                        workdir,
                        decided,
                        tail,
                        key,
                        lambda task, make: next(made_clips) if make else _cached_clip(cache, store, task, settings),
                        clip_done,
                    )
                    book.done_with(index)
                    ready.append(_Measure(index, spools[index].path, loudness_key(key), spools[index].size))
                    if _together_full([chapter.spooled for chapter in ready]):
                        measure_ready()
                measure_ready()
            loudness.update(measured for future in measuring for measured in future.result())
        gain = book_gain([loudness[i] for i in range(len(script.chapters))], mastering, part.loudness_loss)
        filters = mastering.filters(gain)
        encoded: dict[int, EncodedChapter] = {}
        jobs: list[_PartJob] = []
        for index in range(len(script.chapters)):
            clips, tail, key = book.chapter(index)
            part_key = content_key(key, filters)
            stored = cache.get_part(part_key, part.suffix, lambda path: count_samples(path, fmt)) if cache is not None else None
            if stored is not None:
                path, manifest = stored
                encoded[index] = EncodedChapter(
                    path,
                    manifest["samples"],
                    tuple(manifest["clips"]),
                    tuple(manifest["pauses"]),
                    manifest["tail"],
                    manifest["head"],
                )
                continue
            if index not in spools:  # measured in an earlier run, and encoded then with another gain
                spools[index] = _spool(
                    book,
                    index,
                    workdir,
                    [(t, p, False) for t, p in clips],
                    tail,
                    key,
                    lambda task, make: _cached_clip(cache, store, task, settings),
                    lambda: None,
                )
            spool = spools[index]
            target = store.part_path(part_key, part.suffix) if store is not None else workdir / f"{index:06d}{part.suffix}"
            jobs.append(_PartJob(index, spool.path, target, part_key, spool.layout, spool.size))
        reused = len(encoded)
        for index, chapter in _encode_all(jobs, fmt, store, filters, settings.worker_count()):
            encoded[index] = chapter
    except BaseException:
        stop_ffmpeg()
        raise
    finally:
        for spool in spools.values():
            spool.path.unlink(missing_ok=True)
    warnings: tuple[str, ...] = ()
    if cache is not None:
        cache.prune(keep_since=started)
        warnings = cache.warnings()
    chapters = tuple(encoded[i] for i in range(len(script.chapters)))
    return RenderedBook(chapters, book.made, reused, warnings=warnings, gain_db=gain)


def _store(cache: ClipCache | None) -> ClipCache | None:
    """Where new clips and parts are kept: the cache, unless it cannot be written (then it is only read)."""
    return cache if cache is not None and cache.writable else None


@dataclass(frozen=True)
class _Spool:
    """A chapter's raw PCM on disk and where its segments fall in it."""

    path: Path
    layout: tuple[tuple[int, ...], tuple[int, ...], int, int]  # clip frames, pause frames, tail frames, head frames
    size: int  # bytes


def _spool(
    book: _BookPlan,
    index: int,
    workdir: Path,
    clips: list[tuple[ClipTask, int, bool]],
    tail: int,
    key: str,
    clip_for: Callable[[ClipTask, bool], bytes],
    clip_done: Callable[[], None],
) -> _Spool:
    """Write chapter `index`'s PCM to disk: its head silence, each clip and the pause after it, its tail."""
    store = _store(book.cache)
    folder = store.parts if store is not None else workdir
    path = temporary_path(folder / f"{key}.chapter", ".pcm")
    head = book.head(index)
    clip_frames, pause_frames = [], []
    try:
        with open(path, "wb") as out:
            out.write(b"\x00" * (SAMPLE_WIDTH * head))
            for task, pause, make in clips:
                pcm = clip_for(task, make)
                out.write(pcm)
                out.write(b"\x00" * (SAMPLE_WIDTH * pause))
                clip_frames.append(len(pcm) // SAMPLE_WIDTH)
                pause_frames.append(pause)
                clip_done()
            out.write(b"\x00" * (SAMPLE_WIDTH * tail))
            size = out.tell()
    except BaseException:  # interrupted or failed half way: the spool goes with it
        path.unlink(missing_ok=True)
        raise
    return _Spool(path, (tuple(clip_frames), tuple(pause_frames), tail, head), size)


@dataclass(frozen=True)
class _Measure:
    """A spooled chapter waiting to be measured."""

    index: int
    spool: Path
    key: str  # of its loudness record
    spooled: int  # bytes


def _measure(chapters: list[_Measure], store: ClipCache | None, mastering: Mastering) -> list[tuple[int, Histogram]]:
    """Runs on an encoder thread: the chapters' loudness histograms (measured together), each stored
    for later runs."""
    histograms = measure_chapters([chapter.spool for chapter in chapters], SAMPLE_RATE, mastering)
    if store is not None:
        for chapter, histogram in zip(chapters, histograms, strict=True):
            store.put_record(chapter.key, {"loudness": histogram})
    return [(chapter.index, histogram) for chapter, histogram in zip(chapters, histograms, strict=True)]


def _together_full(spooled: list[int]) -> bool:
    """Whether chapters of these spooled sizes (bytes) are as many as one ffmpeg run takes."""
    return sum(spooled) >= ENCODE_TOGETHER_BYTES or len(spooled) >= ENCODE_TOGETHER_MAX


def _encode_all(
    jobs: list[_PartJob], fmt: str, cache: ClipCache | None, filters: str, encoders: int
) -> list[tuple[int, EncodedChapter]]:
    """The spooled chapters encoded on encoder threads, several short ones to one ffmpeg run."""
    batches: list[list[_PartJob]] = [[]]
    for job in jobs:
        if batches[-1] and _together_full([j.spooled for j in batches[-1]]):
            batches.append([])
        batches[-1].append(job)
    with ThreadPoolExecutor(encoders, "encode") as encoding:
        pending = [encoding.submit(_encode_parts, batch, fmt, cache, filters) for batch in batches if batch]
        try:
            return [chapter for future in pending for chapter in future.result()]
        except BaseException:
            for future in pending:
                future.cancel()
            stop_ffmpeg()
            wait_futures(pending)
            raise


@dataclass(frozen=True)
class _PartJob:
    """A spooled chapter waiting for its encoder."""

    index: int
    spool: Path
    target: Path
    key: str
    layout: tuple[tuple[int, ...], tuple[int, ...], int, int]  # clip frames, pause frames, tail frames, head frames
    spooled: int  # bytes


def _encode_parts(jobs: list[_PartJob], fmt: str, cache: ClipCache | None, filters: str) -> list[tuple[int, EncodedChapter]]:
    """Runs on an encoder thread: ffmpeg does the work, so threads suffice."""
    try:
        samples = encode_parts([(job.spool, job.target) for job in jobs], fmt, SAMPLE_RATE, filters)
    finally:
        for job in jobs:
            job.spool.unlink(missing_ok=True)
    encoded = []
    for job, count in zip(jobs, samples, strict=True):
        chapter = EncodedChapter(job.target, count, *job.layout)
        if cache is not None:
            cache.put_manifest(job.key, chapter.manifest(), job.target)
        encoded.append((job.index, chapter))
    return encoded


def _cached_clip(cache, store, task: ClipTask, settings: RenderSettings) -> bytes:
    pcm = cache.get_clip(task.key)
    if pcm is None:  # damaged, or removed since we looked (another run cleaning the cache): made again here
        pcm = next(_in_process([task], settings, store, portable_factories([task.profile.engine])))
    return pcm


class _clip_maker:
    """An iterator of the clips for `tasks`, in order: from worker processes, or made here when few."""

    def __init__(self, tasks: Iterable[ClipTask], count: int, versions: dict[str, str], settings: RenderSettings, cache) -> None:
        self.tasks = tasks
        self.settings = settings
        self.cache = cache
        self.factories = portable_factories(versions)
        jobs = min(settings.worker_count(), max(1, count // 4))
        use_pool = jobs > 1 and count >= IN_PROCESS_MAX_CLIPS
        self.pool = (
            ClipPool(jobs, self.factories, cache.root if cache else None, settings.clip_timeout_s, settings.clip_attempts)
            if self.factories and use_pool
            else None
        )

    def __enter__(self) -> Iterator[bytes]:
        if self.pool is None:
            return _in_process(self.tasks, self.settings, self.cache, self.factories)
        self.pool.__enter__()
        return self.pool.run(self.tasks)

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.__exit__(*exc)


def _make_task(task: ClipTask) -> bytes:
    return make_clip(task.text, task.profile)


_watched_make = WatchedMaker(_make_task)


def _in_process(
    tasks: Iterable[ClipTask], settings: RenderSettings, cache, fallback: dict[str, Callable] | None = None
) -> Iterator[bytes]:
    """Clips made in this process: no start-up cost, failures retried. A clip past its timeout is a hang,
    and a hung engine call cannot be stopped here: that clip and the rest go to a worker process, which
    can be (`fallback`: the engines' portable factories; without them the run fails naming the clip)."""
    source = iter(tasks)
    for task in source:
        problem = ""
        for attempt in range(1, settings.clip_attempts + 1):
            try:
                pcm = _watched_make(task, timeout_for(task.text, settings.clip_timeout_s))
                break
            except ClipHung as hung:
                if not fallback:
                    raise clip_failure(
                        task, attempt, f"{hung}; its engine cannot run in a worker process, where a hang could be stopped"
                    ) from None
                with ClipPool(
                    1, fallback, cache.root if cache is not None else None, settings.clip_timeout_s, settings.clip_attempts
                ) as pool:
                    yield from pool.run(itertools.chain([task], source))
                return
            except Fic2AudioError as exc:
                problem = str(exc)
            except Exception as exc:  # an engine's own failure, reported with the clip's text
                problem = f"{type(exc).__name__}: {exc}"
        else:
            raise clip_failure(task, settings.clip_attempts, problem)
        if cache is not None:
            cache.put_clip(task.key, pcm)
        yield pcm


def layout(script: Script, chapters: tuple[EncodedChapter, ...], indices: Iterable[int], encoder_delay: int) -> Rendered:
    """Chapter marks and segment cues for the parts `indices`, joined in that order into one file."""
    marks: list[ChapterMark] = []
    cues: list[Cue] = []
    start = 0
    for index in indices:
        chapter = chapters[index]
        position = start + encoder_delay + chapter.head_frames
        for segment, clip, pause in zip(script.chapters[index].segments, chapter.clip_frames, chapter.pause_frames, strict=True):
            cues.append(Cue(index, segment, frames_to_ms(position), frames_to_ms(position + clip)))
            position += clip + pause
        marks.append(
            ChapterMark(script.chapters[index].title, round(frames_to_ms(start)), round(frames_to_ms(start + chapter.samples)))
        )
        start += chapter.samples
    return Rendered(tuple(marks), tuple(cues), start)


def _frames(ms: int) -> int:
    return round(SAMPLE_RATE * ms / 1000)
