"""`fic2audio serve`: the feed, the audiobooks and the read-along pages over HTTP on the local network.

Starlette serves the files (HEAD, byte ranges, content types) and uvicorn runs it. Everything lives
under a secret token in the URL path, so only someone given the subscribe URL can reach it.
"""

from __future__ import annotations

import mimetypes
import secrets
import socket
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from .errors import InputError, OutputError, UsageError

TOKEN_FILE = ".fic2audio-token"  # kept in the served folder so a phone's subscription survives restarts
DEFAULT_PORT = 8765
EXTRA_TYPES = {".m4b": "audio/mp4", ".vtt": "text/vtt", ".srt": "application/x-subrip", ".mp3": "audio/mpeg"}


@dataclass(frozen=True)
class ServeOptions:
    folder: Path
    host: str = "0.0.0.0"  # every interface, so a phone on the same network can reach it
    port: int = DEFAULT_PORT  # 0 picks a free port
    token: str | None = None  # default: the folder's saved token, made on first use


def folder_token(folder: Path) -> str:
    """The folder's secret path token, created (32 random URL-safe characters) the first time."""
    path = folder / TOKEN_FILE
    try:
        token = path.read_text(encoding="ascii").strip()
        if len(token) >= 16 and token.replace("-", "").replace("_", "").isalnum():
            return token
    except (OSError, UnicodeDecodeError):
        pass
    token = secrets.token_urlsafe(24)
    try:
        path.write_text(token + "\n", encoding="ascii")
        path.chmod(0o600)
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
        return Response(build_feed(folder, base_url), media_type="application/rss+xml; charset=utf-8")

    async def library(request):
        books = []
        for episode in find_episodes(folder):
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
    outer = Starlette(routes=[Mount(f"/{token}", inner)])

    async def guarded(scope, receive, send):
        # Hidden files (the token file, partial renders) are never served, nor are encoded dots
        # that the router would not see as a path segment.
        if scope["type"] == "http":
            segments = scope["path"].split("/")
            if any(s.startswith(".") for s in segments) or "%2e" in scope.get("raw_path", b"").decode("latin-1").lower():
                await Response("Not Found", status_code=404)(scope, receive, send)
                return
        await outer(scope, receive, send)

    return guarded


def open_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); try another --port") from None
    sock.listen(64)
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
    """Serve until interrupted; `announce` gets the subscribe URL once the socket is listening."""
    import uvicorn

    folder = options.folder
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    token = options.token or folder_token(folder)
    sock = open_socket(options.host, options.port)
    port = sock.getsockname()[1]
    base_url = f"http://{public_host(options.host)}:{port}/{quote(token)}/"
    app = create_app(folder.resolve(), token, base_url)
    announce(f"subscribe: {base_url}feed.xml")
    announce(f"listen:    {base_url}")
    if options.host in ("0.0.0.0", "::", "") and public_host(options.host).startswith("127."):
        announce(
            "(this machine's name resolves to a loopback address: on the phone, use its LAN address instead, or pass --host)"
        )
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])
