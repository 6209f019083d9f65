"""Clips made across cores, handed back in script order, with faults retried and then reported.

Workers are started with forkserver (spawn off Linux): forking a process in which pyttsx3 has
started hangs. Each worker holds one clip at a time, so a clip that crashes its worker or hangs past
its timeout is known exactly: that worker is killed and replaced, and the clip is tried again. A clip
that fails every attempt stops the run with an EngineError quoting its text, never leaves a gap.
"""

from __future__ import annotations

import collections
import multiprocessing
import pickle
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from .errors import EngineError
from .model import VoiceProfile

CLIP_ATTEMPTS = 3  # tries per clip (the engine may retry inside each) before the run fails
CLIP_TIMEOUT_S = 60.0  # base wait for one clip; long texts get more (see timeout_for)
TIMEOUT_S_PER_CHAR = 0.02  # eSpeak speaks ~15 chars of text per second of audio at ~1000x real time
LOOKAHEAD_PER_WORKER = 6  # finished clips held for in-order hand-back, per worker: bounds memory


@dataclass(frozen=True)
class ClipTask:
    key: str  # cache key
    text: str  # speakable text
    profile: VoiceProfile
    shown: str = ""  # the story's own words, to name in an error (the speakable text has numbers spelled out)


def timeout_for(text: str, base: float) -> float:
    return base + TIMEOUT_S_PER_CHAR * len(text)


def describe(task: ClipTask) -> str:
    text = " ".join((task.shown or task.text).split())
    return repr(text if len(text) <= 100 else text[:97] + "...")


def clip_failure(task: ClipTask, attempts: int, problem: str) -> EngineError:
    return EngineError(
        f"could not speak a clip after {attempts} tries ({problem}); voice {task.profile.voice!r}, text {describe(task)}"
    )


class ClipHung(Exception):
    """A clip made in this process ran past its timeout."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no clip after {seconds:.0f} s")


class WatchedMaker:
    """Calls `make(task)` on a thread of its own and waits at most a timeout for it. A thread cannot be
    stopped, so a hung one is left behind (a daemon: it does not hold up exit) and the next call gets
    a fresh thread; one thread at a time keeps the engine's calls in sequence."""

    def __init__(self, make: Callable[[ClipTask], bytes]) -> None:
        self._make = make
        self._requests: queue.SimpleQueue | None = None

    def __call__(self, task: ClipTask, timeout_s: float) -> bytes:
        if self._requests is None:
            self._requests = queue.SimpleQueue()
            threading.Thread(target=self._serve, args=(self._requests,), name="clip-maker", daemon=True).start()
        answer: queue.SimpleQueue = queue.SimpleQueue()
        self._requests.put((task, answer))
        try:
            ok, value = answer.get(timeout=timeout_s)
        except queue.Empty:
            self._requests = None  # the thread is stuck in the engine: abandon it with its queue
            raise ClipHung(timeout_s) from None
        if ok:
            return value
        raise value

    def _serve(self, requests: queue.SimpleQueue) -> None:
        while True:
            task, answer = requests.get()
            try:
                answer.put((True, self._make(task)))
            except BaseException as exc:  # handed to the waiting caller, which decides
                answer.put((False, exc))


def portable_factories(names: Iterable[str]) -> dict[str, Callable] | None:
    """The registry's factories for `names` when all can be sent to a worker process, else None."""
    from .engines import engine_factory

    factories = {}
    for name in names:
        factory = engine_factory(name)
        try:
            pickle.dumps(factory)
        except Exception:  # a lambda or a closure: that engine lives only in this process
            return None
        factories[name] = factory
    return factories


def _context():
    method = "forkserver" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def _worker_main(conn, factories: dict[str, Callable], cache_root: str | None) -> None:
    """A worker's life: make the clips it is sent, store them, send them back."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends its workers
    from .engines import close_engines

    try:
        _serve_clips(conn, factories, cache_root)
    except (BrokenPipeError, ConnectionResetError, EOFError):
        return  # the parent let go of this worker (stopped, or interrupted while it started): nothing to report to
    finally:
        close_engines()  # a worker process runs no exit handlers: an engine's helper process is ended here


def _serve_clips(conn, factories: dict[str, Callable], cache_root: str | None) -> None:
    from .cache import ClipCache
    from .effects import make_clip
    from .engines import get_engine, register_engine

    try:
        for name, factory in factories.items():
            register_engine(name, factory)
            get_engine(name)  # start it now, so its start-up does not count against a clip's timeout
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    cache = ClipCache(Path(cache_root)) if cache_root else None
    conn.send(("ready",))
    while True:
        message = conn.recv()
        if message is None:
            return
        number, task = message
        try:
            pcm = make_clip(task.text, task.profile)
            if cache is not None:
                try:
                    cache.put_clip(task.key, pcm)
                except OSError:  # a full disk: the clip is still good; the parent meets the disk's error itself
                    cache = None
            conn.send((number, True, pcm))
        except Exception as exc:  # reported to the parent, which retries or fails the run
            conn.send((number, False, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__))


class _Worker:
    def __init__(self, context, factories, cache_root) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, factories, cache_root), daemon=True)
        self.process.start()
        child.close()
        self.ready = False  # started its engines; until then it is sent nothing and has no deadline
        self.busy: int | None = None  # the task number it holds
        self.deadline = 0.0

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
        if kill and self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class ClipPool:
    """`jobs` worker processes making clips; `run` yields each task's PCM in the order given."""

    def __init__(
        self,
        jobs: int,
        factories: dict[str, Callable],
        cache_root: Path | None,
        timeout_s: float = CLIP_TIMEOUT_S,
        attempts: int = CLIP_ATTEMPTS,
    ) -> None:
        self.jobs = max(1, jobs)
        self.factories = factories
        self.cache_root = str(cache_root) if cache_root else None
        self.timeout_s = timeout_s
        self.attempts = attempts
        self._context = _context()
        self._workers: list[_Worker] = []
        self.restarts = 0  # workers replaced after a crash or a hang; tests read it
        self._failed_starts = 0

    def __enter__(self) -> ClipPool:
        try:
            for _ in range(self.jobs):
                self._workers.append(self._start())
        except BaseException:  # an interrupt while starting: those started are stopped, not left to finish
            for worker in self._workers:
                worker.stop(kill=True)
            self._workers = []
            raise
        return self

    def __exit__(self, *exc) -> None:
        for worker in self._workers:
            worker.stop(kill=exc[0] is not None)
        self._workers = []
        from .engines import sweep_leftovers

        sweep_leftovers()

    def _start(self) -> _Worker:
        return _Worker(self._context, self.factories, self.cache_root)

    def run(self, tasks: Iterable[ClipTask]) -> Iterator[bytes]:
        source = iter(tasks)
        window = self.jobs * LOOKAHEAD_PER_WORKER
        held: dict[int, ClipTask] = {}  # read from `source`, not yet handed back
        queue: collections.deque[int] = collections.deque()  # numbers waiting for a worker
        done: dict[int, bytes] = {}
        tries: collections.Counter[int] = collections.Counter()
        next_out = 0
        read = 0
        exhausted = False

        def fault(number: int, problem: str) -> None:
            tries[number] += 1
            if tries[number] >= self.attempts:
                raise clip_failure(held[number], tries[number], problem)
            queue.appendleft(number)

        while True:
            while not exhausted and read < next_out + window:
                try:
                    held[read] = next(source)
                except StopIteration:
                    exhausted = True
                    break
                queue.append(read)
                read += 1
            if next_out in done:
                pcm = done.pop(next_out)
                del held[next_out]
                next_out += 1
                yield pcm
                continue
            if exhausted and next_out >= read:
                return
            self._hand_out(queue, held)
            self._await_workers(done, held, fault)

    def _hand_out(self, queue: collections.deque[int], held: dict[int, ClipTask]) -> None:
        """Give each idle, started worker the next clip waiting."""
        for worker in self._workers:
            if worker.ready and worker.busy is None and queue:
                given = queue.popleft()
                task = held[given]
                worker.busy = given
                worker.deadline = time.monotonic() + timeout_for(task.text, self.timeout_s)
                try:
                    worker.conn.send((given, task))
                except OSError:
                    pass  # it died; its sentinel says so in _await_workers

    def _await_workers(self, done: dict[int, bytes], held: dict[int, ClipTask], fault: Callable[[int, str], None]) -> None:
        """Wait for a worker to answer, die or pass its clip's deadline, and act on what happened."""
        watched = [w for w in self._workers if w.busy is not None or not w.ready]
        deadlines = [w.deadline for w in watched if w.busy is not None]
        timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = wait([w.conn for w in watched] + [w.process.sentinel for w in watched], timeout=timeout)
        for index, worker in enumerate(self._workers):
            if worker not in watched:
                continue
            number = worker.busy
            if worker.conn in ready:
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    message = None  # it died; handled below
                if message == ("ready",):
                    worker.ready = True
                    continue
                if message is not None and message[0] == "failed":
                    raise EngineError(f"the speech engine could not start in a worker process: {message[1]}")
                if message is not None:
                    got, ok, payload = message
                    worker.busy = None
                    if ok:
                        done[got] = payload
                    else:
                        fault(got, payload)
                    continue
            if worker.process.sentinel in ready or not worker.process.is_alive():
                code = worker.process.exitcode
                self._replace(index, kill=True)
                if number is None:
                    self._failed_starts += 1
                    if self._failed_starts > 2 * self.jobs:
                        raise EngineError(f"worker processes keep dying as they start (exit code {code})")
                else:
                    fault(number, f"worker process died (exit code {code})")
            elif number is not None and time.monotonic() >= worker.deadline:
                self._replace(index, kill=True)
                fault(number, f"no clip after {timeout_for(held[number].text, self.timeout_s):.0f} s")

    def _replace(self, index: int, kill: bool) -> None:
        self._workers[index].stop(kill=kill)
        self._workers[index] = self._start()
        self.restarts += 1
