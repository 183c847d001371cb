"""gunicorn's threaded worker, reading each request against a deadline.

Without a proxy that buffers request bodies, a client sets the pace at which the server
reads: one that declares 5 KB more than it sends holds whatever is reading. A sync worker
was held until gunicorn killed it (30 s), and three such connections held every worker.
gunicorn's threaded worker waits for a new connection's first bytes for at most 5 s, then
on its poller rather than in a thread, but once a thread reads a request it waits without
a timeout. Here every read of a request must bring a byte within ``READ_TIMEOUT_S``, and
the whole request must keep up ``MIN_READ_BYTES_PER_S`` on average once its first
``READ_TIMEOUT_S`` are spent. So a stalled body holds one thread for ``READ_TIMEOUT_S``
seconds, a trickle of a byte every few seconds not much longer, and a phone on a slow
network still uploads a 25 MB file (16 KiB/s takes 26 minutes). A client that stops
reading its answer is let go after the same silence. docs/operations.md, "Slow clients",
has the figures.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from typing import Any

from gunicorn.http.errors import NoMoreData  # type: ignore[import-untyped]
from gunicorn.workers.gthread import ThreadWorker  # type: ignore[import-untyped]

log = logging.getLogger("gunicorn.error")

MIN_READ_BYTES_PER_S = 16 * 1024


def read_timeout_from_env() -> float:
    raw = os.environ.get("GUNICORN_READ_TIMEOUT", "") or "5"
    try:
        seconds = float(raw)
    except ValueError:
        raise ValueError(
            f"GUNICORN_READ_TIMEOUT must be a number of seconds, not {raw!r}."
        ) from None
    if not 0 < seconds <= 600:
        raise ValueError(f"GUNICORN_READ_TIMEOUT must be from 0 to 600 seconds, not {raw!r}.")
    return seconds


READ_TIMEOUT_S = read_timeout_from_env()


class SlowClient(NoMoreData, TimeoutError):  # type: ignore[misc]
    """The client sent its request, or read its answer, slower than the worker waits.

    gunicorn takes a ``NoMoreData`` for a client gone (one line at debug level, no
    traceback); Django takes any ``OSError`` while reading a body for an unreadable
    one (the CSRF check then answers 403); gunicorn's own bounded reads catch a
    ``TimeoutError``. The line operators see is the warning logged here.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(None)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


class PacedSocket:
    """A connection's socket whose reads keep to the current request's deadline.

    Everything but ``recv`` and ``sendall`` passes through to the socket itself, so
    gunicorn's poller and its closing see the real socket.
    """

    def __init__(self, sock: socket.socket, idle_s: float, min_rate: float) -> None:
        self._sock = sock
        self.idle_s = idle_s
        self.min_rate = min_rate
        self.started: float | None = None
        self.received = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)

    def new_request(self) -> None:
        """The clock starts at the request's first read, not while it waits on the poller."""
        self.started = None
        self.received = 0

    def seconds_left(self, now: float) -> float:
        if self.started is None:
            self.started = now
        return self.started + self.idle_s + self.received / self.min_rate - now

    def recv(self, size: int, flags: int = 0) -> bytes:
        # Past the deadline only what has already arrived is taken (a timeout of 0): time
        # the server spent between reads, waiting for the database say, is not the client's.
        ours = min(self.idle_s, max(self.seconds_left(time.monotonic()), 0.0))
        prior = self._sock.gettimeout()
        # A caller's own bound (gunicorn's drain, its graceful close) still holds.
        self._sock.settimeout(ours if prior is None else min(prior, ours))
        try:
            data = self._sock.recv(size, flags)
        except (BlockingIOError, TimeoutError) as silence:
            if prior is not None and prior <= ours:
                raise  # the caller's bound ran out first: its own error, as it expects
            raise self._gave_up("sending its request") from silence
        finally:
            self._sock.settimeout(prior)
        self.received += len(data)
        return data

    def _gave_up(self, doing: str) -> SlowClient:
        slow = SlowClient(
            f"gave up on {self._peer()} {doing}: nothing for {self.idle_s:g} s, or under "
            f"{self.min_rate / 1024:g} KiB/s after the first {self.idle_s:g} s"
        )
        log.warning("%s", slow)
        return slow

    def _peer(self) -> str:
        try:
            peer = self._sock.getpeername()
        except OSError:
            return "a client"
        return f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else "a client"

    def sendall(self, data: bytes | memoryview) -> None:
        """Write the answer, giving up when the client takes none of it for ``idle_s``.

        Only silence counts: a slow phone that keeps reading gets the whole answer, while a
        client that stops reading releases the thread, as one that stops sending does.
        """
        prior = self._sock.gettimeout()
        self._sock.settimeout(self.idle_s if prior is None else min(prior, self.idle_s))
        try:
            with memoryview(data).cast("B") as left:
                while left:
                    left = left[self._sock.send(left) :]
        except TimeoutError as silence:
            if prior is not None and prior <= self.idle_s:
                raise
            raise self._gave_up("reading its answer") from silence
        finally:
            self._sock.settimeout(prior)


class PacedThreadWorker(ThreadWorker):  # type: ignore[misc]
    """gthread, each connection's reads paced by ``PacedSocket``."""

    def enqueue_req(self, conn: Any) -> None:
        # Called for a new connection and for every request a kept-alive one sends.
        if not self.cfg.is_ssl and not isinstance(conn.sock, PacedSocket):
            conn.sock = PacedSocket(conn.sock, READ_TIMEOUT_S, MIN_READ_BYTES_PER_S)
        super().enqueue_req(conn)

    def handle(self, conn: Any) -> Any:
        # One call serves one request of the connection: each gets its own deadline.
        if isinstance(conn.sock, PacedSocket):
            conn.sock.new_request()
        return super().handle(conn)
