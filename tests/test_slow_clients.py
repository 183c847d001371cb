"""Slow clients cannot take the workers: under gunicorn as configured (config/gunicorn.py,
config/slow_clients.py), a request that stalls or trickles mid-body holds one thread until
the read deadline, and /healthz keeps answering.

A real gunicorn on a free loopback port, one worker of two threads, a read timeout of 1 s so
the test stays short; raw sockets play the slow clients. Every loop is bounded, and the
server stops with the test.
"""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from config.slow_clients import PacedSocket, SlowClient
from tests.test_two_servers import free_port

ROOT = Path(__file__).resolve().parent.parent
THREADS = 2
LOGIN_FORM = b"username=ana&password=secret&csrfmiddlewaretoken=" + b"t" * 64
MISSING = 5000  # bytes the client declares and never sends


@contextmanager
def gunicorn_server() -> Iterator[tuple[int, Path]]:
    """A gunicorn as configured, on a free port: its port, and its error log."""
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch:
        env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DJANGO_TESTING"}}
        env.update(
            {
                # Nothing here reads the database: /healthz does not, and the slow requests
                # are refused by the CSRF check once their body cannot be read.
                "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3",
                "DJANGO_SECRET_KEY": "slow-clients-test-" + "k" * 40,
                "DJANGO_HTTPS": "0",
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                "DJANGO_STATIC_ROOT": scratch,
                "WEB_CONCURRENCY": "1",
                "GUNICORN_THREADS": str(THREADS),
                "GUNICORN_READ_TIMEOUT": "1",
                "GUNICORN_ACCESS_LOG": "",
                "GUNICORN_BIND": f"127.0.0.1:{port}",
            }
        )
        log_path = Path(scratch) / "server.log"
        with open(log_path, "w") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "config/gunicorn.py"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
            try:
                wait_until_listening(port)
                yield port, log_path
            finally:
                server.terminate()
                server.wait(timeout=30)


def wait_until_listening(port: int) -> None:
    for _ in range(150):
        try:
            if healthz(port) == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn never answered /healthz")


def healthz(port: int) -> int:
    """The status /healthz answers with; raises if nothing comes within 20 s."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as link:
        link.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        return int(link.recv(64).split()[1])


def stalled_login(port: int, stack: ExitStack) -> socket.socket:
    """A login form that declares 5,000 bytes more than it sends, then waits, open."""
    link = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=20))
    head = (
        "POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        # A well-formed CSRF cookie, so the check goes on to read the body.
        f"Cookie: csrftoken={'c' * 32}\r\n"
        f"Content-Length: {len(LOGIN_FORM) + MISSING}\r\n\r\n"
    )
    link.sendall(head.encode() + LOGIN_FORM)
    return link


def answer_status(link: socket.socket) -> int:
    """What the server answered on a slow connection the client still holds open."""
    first = link.recv(64)
    assert first, "the server closed the connection without an answer"
    return int(first.split()[1])


def test_a_stalled_body_holds_one_thread_and_healthz_answers_meanwhile() -> None:
    with gunicorn_server() as (port, log), ExitStack() as stack:
        slow = stalled_login(port, stack)

        assert healthz(port) == 200
        # The server gave up reading and refused the form (nothing signed in, nothing
        # stored); the client never closed its side.
        assert answer_status(slow) == 403
        said = log.read_text()
        assert "gave up on 127.0.0.1:" in said
        assert "sending its request" in said
        assert "Traceback" not in said


def test_a_request_whose_headers_stall_is_dropped_and_healthz_answers() -> None:
    with gunicorn_server() as (port, log), ExitStack() as stack:
        slow = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=20))
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and no end
        others = [stalled_login(port, stack) for _ in range(THREADS - 1)]

        assert healthz(port) == 200
        assert slow.recv(64) == b""  # closed without an answer: there was no request
        assert [answer_status(link) for link in others] == [403] * (THREADS - 1)
        assert "Traceback" not in log.read_text()


def test_as_many_stalled_bodies_as_threads_are_cut_and_healthz_answers() -> None:
    with gunicorn_server() as (port, _), ExitStack() as stack:
        slow = [stalled_login(port, stack) for _ in range(THREADS)]

        # Every thread is held; /healthz is answered once the read timeout frees one,
        # while the slow clients still hold their connections open. A sync worker answered
        # only after gunicorn killed it at 30 s, past this 20 s wait.
        assert healthz(port) == 200
        assert [answer_status(link) for link in slow] == [403] * THREADS


def test_a_body_trickling_a_byte_at_a_time_is_cut_long_before_it_ends() -> None:
    with gunicorn_server() as (port, _), ExitStack() as stack:
        slow = stalled_login(port, stack)
        trickled = 0
        # A byte every 0.3 s never waits out the 1 s read timeout, but falls far below
        # the pace a request must keep; the server answers within a few seconds.
        for _ in range(100):
            readable, _, _ = select.select([slow], [], [], 0.3)
            if readable:
                break
            slow.sendall(b"x")
            trickled += 1

        assert answer_status(slow) == 403
        assert trickled < 30  # under 10 s of trickling, of the 5,000 bytes declared
        assert healthz(port) == 200


def test_a_request_may_take_longer_the_more_it_has_sent() -> None:
    left, right = socket.socketpair()
    with left, right:
        paced = PacedSocket(left, idle_s=5, min_rate=1000)

        assert paced.seconds_left(100.0) == 5  # the clock starts at the first read
        paced.received = 2000
        assert paced.seconds_left(101.0) == 6  # 2,000 bytes at 1,000 B/s earn 2 s


def test_past_the_deadline_only_what_has_arrived_is_read_and_silence_is_refused() -> None:
    left, right = socket.socketpair()
    with left, right:
        paced = PacedSocket(left, idle_s=5, min_rate=1000)
        paced.started = time.monotonic() - 60  # the server was busy: the time is spent

        right.sendall(b"sent")
        assert paced.recv(4) == b"sent"  # the client had sent it: not the client's delay
        with pytest.raises(SlowClient):
            paced.recv(4)  # nothing more came: refused at once, without waiting
        assert left.gettimeout() is None


def test_a_silent_client_times_out_and_its_next_request_starts_a_new_clock() -> None:
    left, right = socket.socketpair()
    with left, right:
        left.settimeout(None)
        paced = PacedSocket(left, idle_s=0.05, min_rate=1000)

        with pytest.raises(TimeoutError):
            paced.recv(4)
        assert left.gettimeout() is None  # gunicorn's own setting is given back
        with pytest.raises(SlowClient):
            paced.recv(4)  # this request's time is spent
        paced.new_request()
        right.sendall(b"data")
        assert paced.recv(4) == b"data"


def test_a_client_that_stops_reading_the_answer_releases_the_thread() -> None:
    left, right = socket.socketpair()
    with left, right:
        left.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        paced = PacedSocket(left, idle_s=0.05, min_rate=1000)

        # Far more than the socket buffers hold, and nobody reads the other end.
        with pytest.raises(TimeoutError):
            paced.sendall(b"x" * 4_000_000)
        assert left.gettimeout() is None


def test_a_client_that_reads_gets_the_whole_answer() -> None:
    left, right = socket.socketpair()
    with left, right:
        paced = PacedSocket(left, idle_s=5, min_rate=1000)

        paced.sendall(b"answer")
        assert right.recv(16) == b"answer"
