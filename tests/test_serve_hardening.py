"""Issue 12, the server and the feed against hostile clients and hostile files in the served folder.

The feed is built from real MP3s (made by ffmpeg) beside an empty, a random and a linked-out one; the
server runs in-process for requests (starlette's TestClient) and as `fic2audio serve` on loopback for
the slow-client flood, with counts and waits bounded.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import feedparser
import pytest
from clitools import assert_failed_cleanly, run_cli
from starlette.testclient import TestClient

from fic2audio.errors import UsageError
from fic2audio.export import ffmpeg_path
from fic2audio.feed import build_feed
from fic2audio.serve import (
    LOG_REPEATS,
    TOKEN_FILE,
    _bounded_exception_handler,
    _BoundedLog,
    _LogBudget,
    check_token,
    create_app,
    folder_token,
    report_kind,
)

TOKEN = "k3Y-of_twenty-four-chars"


def make_mp3(path: Path, title: str, seconds: float = 1.0) -> Path:
    subprocess.run(
        [
            ffmpeg_path(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={seconds}",
            "-metadata",
            f"title={title}",
            "-c:a",
            "libmp3lame",
            "-y",
            str(path),
        ],
        check=True,
        timeout=60,
    )
    return path


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    """Two good audiobooks (one with control characters in its title tag), and beside them an empty
    one, a random one and a link to one outside the folder."""
    root = tmp_path_factory.mktemp("served")
    folder = root / "books"
    folder.mkdir()
    make_mp3(folder / "good.mp3", "Good Book")
    make_mp3(folder / "control.mp3", "Bad\x01Title\x0b")  # a tag XML cannot carry as it is
    (folder / "empty.mp3").write_bytes(b"")
    (folder / "random.m4b").write_bytes(bytes(range(256)) * 40)
    make_mp3(root / "private.mp3", "Private Outside")
    (folder / "linked.mp3").symlink_to(root / "private.mp3")
    return folder


def test_bad_episodes_are_left_out_with_a_warning(hostile_folder):
    warnings: list[str] = []
    xml = build_feed(hostile_folder, "http://example.org/", warn=warnings.append)
    parsed = feedparser.parse(xml.encode("utf-8"))
    assert not parsed.bozo
    assert sorted(e.title for e in parsed.entries) == ["BadTitle", "Good Book"]
    ET.fromstring(xml.encode("utf-8"))  # a strict parser too
    assert sorted(Path(w.split(":")[0]).name for w in warnings) == ["empty.mp3", "linked.mp3", "random.m4b"]
    assert all("left out" in w for w in warnings)


def test_feed_command_warns_and_succeeds_despite_bad_episodes(hostile_folder, tmp_path):
    result = run_cli("feed", hostile_folder, "--base-url", "http://example.org/", cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert len(result.stderr.splitlines()) == 3 and all(
        ln.startswith("fic2audio: warning: ") for ln in result.stderr.splitlines()
    )
    xml = (hostile_folder / "feed.xml").read_text(encoding="utf-8")
    (hostile_folder / "feed.xml").unlink()
    assert "Private Outside" not in xml and "linked.mp3" not in xml


def test_served_feed_and_library_survive_bad_episodes(hostile_folder, caplog):
    client = TestClient(create_app(hostile_folder.resolve(), TOKEN, f"http://testserver/{TOKEN}/"))
    feed = client.get(f"/{TOKEN}/feed.xml")
    assert feed.status_code == 200 and sorted(e.title for e in feedparser.parse(feed.content).entries) == [
        "BadTitle",
        "Good Book",
    ]
    library = client.get(f"/{TOKEN}/library.json")
    assert library.status_code == 200 and sorted(b["file"] for b in library.json()["books"]) == ["control.mp3", "good.mp3"]
    assert client.get(f"/{TOKEN}/linked.mp3").status_code == 404  # nor is the linked file itself served
    assert any("linked.mp3" in r.getMessage() and "outside" in r.getMessage() for r in caplog.records)


def test_control_characters_in_a_feed_title_are_removed(hostile_folder):
    xml = build_feed(hostile_folder, "http://example.org/", title="Pod\x01cast\x0bfeed\ud800")
    channel = ET.fromstring(xml.encode("utf-8")).find("channel")  # a strict parser: no control characters
    assert channel.findtext("title") == "Podcast feed"


@pytest.mark.parametrize(
    "token", ["{t}", "..", "a", "x" * 15, "abcdefgh/ijklmnop", "abcdefgh.ijklmnop", "abcdefghijklmnop%2F", "{t:path}abcdefghijk"]
)
def test_weak_or_pattern_tokens_are_refused(token):
    with pytest.raises(UsageError, match="--token must be at least 16 characters"):
        check_token(token)


def test_serve_refuses_a_pattern_token_in_one_line(tmp_path):
    result = run_cli("serve", tmp_path, "--host", "127.0.0.1", "--port", "0", "--token", "{t:path}", cwd=tmp_path, timeout=30)
    assert_failed_cleanly(result, 2, "--token must be at least 16 characters")


def test_the_token_is_compared_whole_never_routed(hostile_folder):
    client = TestClient(create_app(hostile_folder.resolve(), TOKEN, f"http://testserver/{TOKEN}/"))
    assert client.get(f"/{TOKEN}/good.mp3").status_code == 200  # the control
    for path in [
        f"/{TOKEN[:-1]}/good.mp3",
        f"/{TOKEN}x/good.mp3",
        f"/{TOKEN.upper()}/good.mp3",
        "/good.mp3",
        f"/x/{TOKEN}/good.mp3",
        "/{t}/good.mp3",
    ]:
        assert client.get(path).status_code == 404, path


def test_the_token_file_is_private_from_creation(tmp_path, monkeypatch):
    """Even if setting the mode afterwards did nothing, the file was never readable by others."""
    import os

    monkeypatch.setattr(Path, "chmod", lambda self, mode: None)
    monkeypatch.setattr(os, "chmod", lambda *args, **kwargs: None)
    old = os.umask(0o022)
    try:
        token = folder_token(tmp_path)
    finally:
        os.umask(old)
    assert (tmp_path / TOKEN_FILE).stat().st_mode & 0o777 == 0o600
    assert (tmp_path / TOKEN_FILE).read_text(encoding="ascii").strip() == token
    assert [p.name for p in tmp_path.iterdir()] == [TOKEN_FILE]


@pytest.mark.parametrize("header", ["bytes=5-2", "garbage", "bytes=", "bytes=abc-def", "items=0-5", "bytes=1-2-3", "bytes=--5"])
def test_malformed_ranges_are_ignored_and_the_whole_file_sent(hostile_folder, header):
    data = (hostile_folder / "good.mp3").read_bytes()
    client = TestClient(create_app(hostile_folder.resolve(), TOKEN, f"http://testserver/{TOKEN}/"))
    response = client.get(f"/{TOKEN}/good.mp3", headers={"Range": header})
    assert response.status_code == 200 and response.content == data


@pytest.mark.parametrize(
    "header, status", [("bytes=0-9", 206), ("bytes=-10", 206), ("bytes=999999-", 416), ("bytes=-0", 416), ("bytes=0-0,5-9", 206)]
)
def test_well_formed_ranges_still_work(hostile_folder, header, status):
    client = TestClient(create_app(hostile_folder.resolve(), TOKEN, f"http://testserver/{TOKEN}/"))
    response = client.get(f"/{TOKEN}/good.mp3", headers={"Range": header})
    assert response.status_code == status
    if status == 416:
        assert response.headers["content-range"] == f"bytes */{(hostile_folder / 'good.mp3').stat().st_size}"


# --- slow clients ---------------------------------------------------------------------------------

SLOW_CLIENTS = 300  # more than the server's file descriptor limit below
SERVER_FILES = 256  # RLIMIT_NOFILE of the server under test: a small stand-in for the usual 1024
SERVE_WITH_SHORT_DEADLINE = (
    "import sys, fic2audio.serve as s; s.HEADER_TIMEOUT_S = 1; from fic2audio.cli import main; main(sys.argv[1:])"
)


def _limit_files() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (SERVER_FILES, SERVER_FILES))


def test_slow_clients_neither_starve_others_nor_flood_the_log(hostile_folder, tmp_path):
    """Hundreds of connections (from 127.0.0.2, all loopback) that never finish their headers: a
    request from 127.0.0.1 is still answered, the slow ones are cut off, and the log stays small."""
    log = tmp_path / "server.log"
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [
                sys.executable,
                "-c",
                SERVE_WITH_SHORT_DEADLINE,
                "serve",
                str(hostile_folder),
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--token",
                TOKEN,
            ],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            preexec_fn=_limit_files,
        )
    slow: list[socket.socket] = []
    try:
        line = server.stdout.readline()
        assert line.startswith("subscribe: http://127.0.0.1:"), line + log.read_text()
        port = int(line.split(":")[3].split("/")[0])
        for _ in range(SLOW_CLIENTS):
            sock = socket.socket()
            sock.settimeout(15)
            sock.bind(("127.0.0.2", 0))
            sock.connect(("127.0.0.1", port))
            sock.sendall(b"GET /" + TOKEN.encode() + b"/good.mp3 HTTP/1.1\r\nHost: x\r\n")  # never finished
            slow.append(sock)
        good = socket.create_connection(("127.0.0.1", port), timeout=15)
        with good:
            good.sendall(b"HEAD /" + TOKEN.encode() + b"/good.mp3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert good.recv(64).startswith(b"HTTP/1.1 200"), "a client with a whole request must be answered"
        for sock in slow:  # each slow connection is closed by the server (b"" on EOF), within the socket timeout
            try:
                assert sock.recv(4096) == b""
            except ConnectionResetError:
                pass
    finally:
        for sock in slow:
            sock.close()
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()
    kinds = Counter(line for line in log.read_text().splitlines() if line[:1].isalpha() and not line.startswith("Traceback"))
    assert log.stat().st_size < 20_000, kinds.most_common(10)


def test_the_log_budget_counts_reports_that_differ_only_in_numbers_as_one_kind():
    now = [0.0]
    budget = _LogBudget(clock=lambda: now[0])
    kinds = [report_kind(f"Exception in callback <Handle at 0x7f{n:04x}> port {40000 + n}\nsocket: fd={n}") for n in range(30)]
    assert len(set(kinds)) == 1 and "0x" not in kinds[0]
    verdicts = [budget.verdict(("site", kind)) for kind in kinds]
    assert verdicts == ["log"] * LOG_REPEATS + ["note"] + ["drop"] * (30 - LOG_REPEATS - 1)
    assert budget.verdict(("site", "another kind")) == "log"
    now[0] = 60.0  # a new minute
    assert budget.verdict(("site", kinds[0])) == "log"


def test_the_event_loops_flood_of_reports_is_cut_to_the_budget_with_one_note(caplog):
    loop = asyncio.new_event_loop()
    try:
        handle = _bounded_exception_handler(_LogBudget())
        with caplog.at_level(logging.ERROR, logger="asyncio"):
            for fd in range(2048):  # one pass of CPython's accept loop when file descriptors ran out
                handle(
                    loop,
                    {
                        "message": "socket.accept() out of system resource",
                        "exception": OSError(24, "EMFILE"),
                        "socket": f"fd={fd}",
                    },
                )
    finally:
        loop.close()
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == LOG_REPEATS + 1
    assert messages[-1] == "(more like 'socket.accept() out of system resource' this minute are not logged)"


def test_a_logger_flood_is_cut_per_place_and_kind(caplog):
    logger = logging.getLogger("fic2audio-test-flood")
    bounded = _BoundedLog(_LogBudget())
    logger.addFilter(bounded)
    try:
        with caplog.at_level(logging.WARNING, logger=logger.name):
            for port in range(100):
                logger.warning("client 127.0.0.%d:%d sent garbage", port % 7, 50000 + port)
            logger.warning("a different kind")
    finally:
        logger.removeFilter(bounded)
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == LOG_REPEATS + 2
    assert messages[LOG_REPEATS].startswith("(more like 'client #.#.#.#:# sent garbage'")
    assert messages[-1] == "a different kind"
