"""`fic2audio serve`: the feed, the audiobooks and the read-along pages over HTTP on the local network.

Starlette serves the files (HEAD, byte ranges, content types) and uvicorn runs it. Everything lives
under a secret token in the URL path, so only someone given the subscribe URL can reach it.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import mimetypes
import re
import resource
import secrets
import socket
import time
import warnings
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal
from urllib.parse import quote

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .atomic import sweep_temporaries, write_atomic
from .errors import InputError, OutputError, UsageError

TOKEN_FILE = ".fic2audio-token"  # kept in the served folder so a phone's subscription survives restarts
DEFAULT_PORT = 8765
MIN_TOKEN_CHARS = 16  # URL-safe characters: 96 bits at least, beyond guessing over a network
_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{{MIN_TOKEN_CHARS},}}")
HEADER_TIMEOUT_S = 10  # a request's headers must arrive whole within this many seconds of its start
IDLE_TIMEOUT_S = 5  # a kept-alive connection with no new request is closed after this many seconds
MAX_CONNECTIONS = 512  # open at once; more are closed on arrival, so file descriptors never run out
MAX_CONNECTIONS_PER_CLIENT = 64  # from one address: a phone's player opens a few, never dozens
LOG_REPEATS = 20  # one kind of log message at most this many times a minute, then one note that it was cut
# RFC 9110 section 14.1.1: a byte range is FIRST-[LAST] or -SUFFIX; anything else is ignored (200).
_RANGE_SPEC = re.compile(r"\s*(?:(\d+)-(\d*)|-(\d+))\s*")
_NUMBERS = re.compile(r"0x[0-9a-fA-F]+|\d+")
log = logging.getLogger("uvicorn.error")
EXTRA_TYPES = {".m4b": "audio/mp4", ".vtt": "text/vtt", ".srt": "application/x-subrip", ".mp3": "audio/mpeg"}


@dataclass(frozen=True)
class ServeOptions:
    folder: Path
    host: str = "0.0.0.0"  # every interface, so a phone on the same network can reach it
    port: int = DEFAULT_PORT  # 0 picks a free port
    token: str | None = None  # default: the folder's saved token, made on first use


def check_token(token: str) -> str:
    """`token` when it is at least MIN_TOKEN_CHARS URL-safe characters (letters, digits, - and _)."""
    if not _TOKEN.fullmatch(token):
        raise UsageError(
            f"--token must be at least {MIN_TOKEN_CHARS} characters of A-Z, a-z, 0-9, - and _ (got {len(token)} characters)"
        )
    return token


def folder_token(folder: Path) -> str:
    """The folder's secret path token, created (32 random URL-safe characters) the first time."""
    path = folder / TOKEN_FILE
    try:
        token = path.read_text(encoding="ascii").strip()
        if _TOKEN.fullmatch(token):
            return token
    except (OSError, UnicodeDecodeError):
        pass
    token = secrets.token_urlsafe(24)
    sweep_temporaries(folder, re.escape(TOKEN_FILE))
    try:
        write_atomic(path, token + "\n", private=True)  # 0600 from creation: never readable by others
    except OSError as exc:
        raise OutputError(f"{path}: cannot save the access token ({exc.strerror or exc})") from None
    return token


def create_app(folder: Path, token: str, base_url: str):
    """The ASGI app: everything under /TOKEN/, nothing else; dot files and paths outside `folder` are 404."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from .cover import cover_path
    from .feed import build_feed, find_episodes
    from .sidecars import sidecar_paths

    for suffix, mime in EXTRA_TYPES.items():
        mimetypes.add_type(mime, suffix)
    web = resources.files("fic2audio") / "web"

    async def feed(request):
        return Response(build_feed(folder, base_url, warn=log.warning), media_type="application/rss+xml; charset=utf-8")

    async def library(request):
        books = []
        for episode in find_episodes(folder, warn=log.warning):
            sidecars = sidecar_paths(episode.path)
            art = cover_path(episode.path)
            books.append(
                {
                    "file": episode.path.name,
                    "title": episode.title,
                    "author": episode.author,
                    "summary": episode.summary,
                    "duration": round(episode.duration_s, 3),
                    "type": episode.mime,
                    "transcript": sidecars["vtt"].name if sidecars["vtt"].is_file() else None,
                    "chapters": sidecars["chapters"].name if sidecars["chapters"].is_file() else None,
                    "cover": art.name if art else None,
                }
            )
        return JSONResponse({"feed": base_url + "feed.xml", "books": books})

    async def page(request):
        name = "index.html" if request.url.path.endswith("/") else "listen.html"
        return HTMLResponse((web / name).read_text(encoding="utf-8"))

    files = StaticFiles(directory=folder, follow_symlink=False)  # realpath check: no symlink escape
    app_files = StaticFiles(directory=str(web))
    inner = Starlette(
        routes=[
            Route("/", page),
            Route("/listen", page),
            Route("/feed.xml", feed),
            Route("/library.json", library),
            Mount("/_app", app_files),
            Mount("/", files),
        ]
    )
    secret = token.encode("ascii")

    async def guarded(scope, receive, send):
        # The token is compared in constant time, never routed as a pattern. Hidden files (the token
        # file, partial renders) are never served, nor are encoded dots the router would not see as a
        # path segment.
        if scope["type"] != "http":
            return
        segments = scope["path"].split("/")
        first = segments[1].encode("utf-8", "surrogateescape") if len(segments) > 1 else b""
        if (
            not hmac.compare_digest(first, secret)
            or any(s.startswith(".") for s in segments)
            or "%2e" in scope.get("raw_path", b"").decode("latin-1").lower()
        ):
            await Response("Not Found", status_code=404)(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope["headers"] if k != b"range" or usable_range(v.decode("latin-1"))]
        await inner({**scope, "headers": headers, "root_path": scope.get("root_path", "") + f"/{token}"}, receive, send)

    return guarded


def usable_range(header: str) -> bool:
    """Whether a Range header is a well-formed byte range set (RFC 9110 section 14.1.1); one that is
    not, or names another unit, is ignored and the whole file sent (section 14.2)."""
    unit, _, ranges = header.partition("=")
    if unit.strip().lower() != "bytes" or not ranges.strip():
        return False
    for spec in ranges.split(","):
        match = _RANGE_SPEC.fullmatch(spec)
        if match is None or (match.group(2) and int(match.group(1)) > int(match.group(2))):
            return False
    return True


def open_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); try another --port") from None
    sock.listen(128)
    return sock


def public_host(host: str) -> str:
    """The address a phone should use: the given one, or this machine's LAN address when serving on all."""
    if host not in ("0.0.0.0", "::", ""):
        return f"[{host}]" if ":" in host else host
    try:
        found = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        found = []
    addresses = [str(info[4][0]) for info in found]
    # Looked up by name, never by sending anything: a non-loopback address of this host if it has one.
    return next((a for a in addresses if not a.startswith("127.")), addresses[0] if addresses else "127.0.0.1")


def serve(options: ServeOptions, announce=print) -> None:
    """Serve until interrupted; `announce` gets the subscribe URL once the server is serving."""
    import uvicorn

    folder = options.folder
    if options.token is not None:
        check_token(options.token)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    token = options.token or folder_token(folder)
    sock = open_socket(options.host, options.port)
    port = sock.getsockname()[1]
    base_url = f"http://{public_host(options.host)}:{port}/{quote(token)}/"
    app = create_app(folder.resolve(), token, base_url)
    lines = [f"subscribe: {base_url}feed.xml", f"listen:    {base_url}"]
    if options.host in ("0.0.0.0", "::", "") and public_host(options.host).startswith("127."):
        lines.append(
            "(this machine's name resolves to a loopback address: on the phone, use its LAN address instead, or pass --host)"
        )
    _raise_file_limit()
    config = uvicorn.Config(
        app,
        http=_GuardedH11Protocol,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_keep_alive=IDLE_TIMEOUT_S,
        limit_concurrency=MAX_CONNECTIONS,
    )
    budget = _LogBudget()  # the loggers' filter and the event loop's handler share one

    class AnnouncingServer(uvicorn.Server):
        """Announces the URLs once serving, inside uvicorn's own Ctrl-C handling: a Ctrl-C that came
        before it would leave uvicorn's coroutine never awaited, and Python would say so on stderr.
        Its event loop's error reports are held to the log budget from the start."""

        async def startup(self, sockets=None) -> None:
            asyncio.get_running_loop().set_exception_handler(_bounded_exception_handler(budget))
            await super().startup(sockets=sockets)
            for line in lines:
                announce(line)

    # A Ctrl-C before uvicorn's loop has started its coroutine leaves that coroutine never awaited;
    # it is dropped as the interrupt unwinds, and Python's note of it would be noise after "stopped serving".
    warnings.filterwarnings("ignore", message="coroutine 'Server.serve' was never awaited", category=RuntimeWarning)
    server = AnnouncingServer(config)  # the Config has set up uvicorn's loggers, which the bound below wraps
    bounded = _BoundedLog(budget)
    for name in ("uvicorn.error", "asyncio"):
        logging.getLogger(name).addFilter(bounded)
    server.run(sockets=[sock])


def _raise_file_limit() -> None:
    """Room for MAX_CONNECTIONS sockets besides the files being sent: the soft limit up to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = MAX_CONNECTIONS * 2 + 64
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard) if hard != resource.RLIM_INFINITY else wanted, hard))
        except (ValueError, OSError):
            pass


# what the budget says of one more report: log it, log a note that the rest are cut in its place, or drop it
Verdict = Literal["log", "note", "drop"]


class _LogBudget:
    """At most LOG_REPEATS reports of one kind a minute, then one note that the rest are cut: a flood
    of bad clients cannot fill the disk with the server's log."""

    def __init__(self, clock=time.monotonic) -> None:
        self.clock = clock
        self.window: int | None = None
        self.counts: dict[tuple, int] = {}

    def verdict(self, kind: tuple) -> Verdict:
        """'log', 'note' (the first report cut this minute) or 'drop'."""
        window = int(self.clock() // 60)
        if window != self.window:
            self.window, self.counts = window, {}
        count = self.counts[kind] = self.counts.get(kind, 0) + 1
        return "log" if count <= LOG_REPEATS else "note" if count == LOG_REPEATS + 1 else "drop"


def report_kind(message: str) -> str:
    """A report's first line with numbers masked: asyncio's reports name a socket's port, a file
    descriptor or an object's address, and a flood of one kind must count as one however those vary."""
    first_line = message.split("\n", 1)[0]
    return _NUMBERS.sub("#", first_line)[:200]


def _cut_note(message: str) -> str:
    return f"(more like '{report_kind(message)[:80]}' this minute are not logged)"


class _BoundedLog(logging.Filter):
    """Holds a logger to the budget, a kind being the place that logs and the report's kind."""

    def __init__(self, budget: _LogBudget) -> None:
        super().__init__()
        self.budget = budget

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the message: logging reports that itself
            message = str(record.msg)
        verdict = self.budget.verdict((record.name, record.pathname, record.lineno, report_kind(message)))
        if verdict == "note":
            record.msg, record.args, record.exc_info = _cut_note(message), None, None
        return verdict != "drop"


def _bounded_exception_handler(budget: _LogBudget):
    """The event loop's handler held to the budget before anything is logged. CPython's accept loop
    reports EMFILE once per pending connection, up to the listen backlog, in a single pass; this
    holds that flood back even where the loggers' own filters are bypassed."""

    def handle(loop: asyncio.AbstractEventLoop, context: dict) -> None:
        message = str(context.get("message", ""))
        verdict = budget.verdict(("event loop", report_kind(message)))
        if verdict == "note":
            context = {"message": _cut_note(message)}
        if verdict != "drop":
            loop.default_exception_handler(context)

    return handle


class _GuardedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a header deadline and connection limits: a client that opens
    connections and never finishes a request is cut off instead of starving everyone else."""

    header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        client = self.client[0] if self.client else None
        peers = [getattr(c, "client", None) for c in self.connections]
        same_client = sum(1 for peer in peers if peer is not None and peer[0] == client)
        if len(self.connections) > MAX_CONNECTIONS or same_client > MAX_CONNECTIONS_PER_CLIENT:
            transport.close()
            return
        self._arm_header_deadline()

    def _arm_header_deadline(self) -> None:
        self._cancel_header_deadline()
        self.header_deadline = self.loop.call_later(HEADER_TIMEOUT_S, self._headers_overdue)

    def _cancel_header_deadline(self) -> None:
        if self.header_deadline is not None:
            self.header_deadline.cancel()
            self.header_deadline = None

    def _headers_overdue(self) -> None:
        self.header_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the request's headers are in
            self._cancel_header_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_header_deadline()  # the next request on this connection gets the same deadline

    def connection_lost(self, exc) -> None:
        self._cancel_header_deadline()
        super().connection_lost(exc)
