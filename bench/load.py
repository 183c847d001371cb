"""Load on one address for a timed window: wrk when it is on the PATH (a C client that
leaves the cores to the server), else Python processes; either way the client's own CPU
time is counted. BENCH_WINDOW_S sets the window (whole seconds: wrk's unit);
BENCH_CLIENT=python uses the Python client even with wrk."""

from __future__ import annotations

import http.client
import math
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.queues import Queue

WINDOW_S = int(os.environ.get("BENCH_WINDOW_S", "2"))  # wrk takes whole seconds
# Concurrent connections for the 2 sync workers: enough that each always has a request
# waiting, few enough that the latency is the page's, not a queue's.
CONNECTIONS = 4
CORES = len(os.sched_getaffinity(0))
MOST_REQUESTS = 50_000  # per Python client process, a guard against a runaway loop


@dataclass(frozen=True)
class Window:
    """One timed window of load on one address."""

    requests: int
    seconds: float
    median_ms: float
    statuses: Counter[int]
    socket_errors: int
    client_cpu_s: float
    wall_s: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def errors(self, expected: Iterable[int]) -> int:
        wanted = set(expected)
        unexpected = sum(count for status, count in self.statuses.items() if status not in wanted)
        return self.socket_errors + unexpected


def children_cpu_s() -> float:
    """CPU seconds of this process's finished children: the load client's, once it is reaped."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# Run by wrk in every window. wrk's own summary counts a 3xx as a success and gives no
# breakdown by status, so each thread counts the statuses it sees; done() adds them up and
# prints every figure bench_http.py needs as `bench <name> <value>` lines, in numbers
# (microseconds) rather than wrk's rounded, unit-suffixed text.
WRK_SCRIPT = """
statuses = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("bench requests %d\\n", summary.requests))
  io.write(string.format("bench duration_us %d\\n", summary.duration))
  io.write(string.format("bench median_us %d\\n", latency:percentile(50)))
  io.write(string.format("bench socket_errors %d\\n", e.connect + e.read + e.write + e.timeout))
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      io.write(string.format("bench status %d %d\\n", status, count))
    end
  end
end
"""


@dataclass(frozen=True)
class LoadClient:
    """wrk when it is installed; the Python processes of old otherwise."""

    wrk: str | None
    script: Path

    def describe(self) -> str:
        if self.wrk:
            return f"wrk ({self.wrk}), 1 thread, {CONNECTIONS} connections"
        return (
            f"Python ({CONNECTIONS} processes). wrk is not on the PATH, so this client, "
            "which needs far more CPU than wrk, shares the cores with the server: install "
            "wrk (Debian package `wrk`) for steadier figures"
        )

    def load(self, port: int, path: str, headers: dict[str, str]) -> Window:
        cpu = children_cpu_s()
        started = time.perf_counter()
        if self.wrk:
            window = _wrk_window(self.wrk, self.script, port, path, headers)
        else:
            window = _python_window(port, path, headers)
        # Both clients are child processes reaped before this line, so RUSAGE_CHILDREN now
        # holds their CPU time; the server's does not count until gunicorn itself ends.
        return replace(
            window, client_cpu_s=children_cpu_s() - cpu, wall_s=time.perf_counter() - started
        )


def load_client(scratch: Path) -> LoadClient:
    script = scratch / "bench.lua"
    script.write_text(WRK_SCRIPT)
    wrk = None if os.environ.get("BENCH_CLIENT") == "python" else shutil.which("wrk")
    return LoadClient(wrk, script)


def _wrk_window(wrk: str, script: Path, port: int, path: str, headers: dict[str, str]) -> Window:
    command = [wrk, "--threads", "1", "--connections", str(CONNECTIONS)]
    command += ["--duration", f"{WINDOW_S}s", "--timeout", "10s", "--script", str(script)]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=WINDOW_S + 60
    ).stdout
    figures: dict[str, int] = {}
    statuses: Counter[int] = Counter()
    for line in output.splitlines():
        match line.split():
            case ["bench", "status", status, count]:
                statuses[int(status)] += int(count)
            case ["bench", name, value]:
                figures[name] = int(value)
    return Window(
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        median_ms=figures["median_us"] / 1e3,
        statuses=statuses,
        socket_errors=figures["socket_errors"],
        client_cpu_s=0.0,
        wall_s=0.0,
    )


def _client(
    port: int,
    path: str,
    headers: dict[str, str],
    stop_at: float,
    results: Queue[tuple[list[float], dict[int, int], int]],
) -> None:
    """One browser-like client: GET after GET until the window closes."""
    link = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    socket_errors = 0
    while (started := time.perf_counter()) < stop_at and len(latencies) < MOST_REQUESTS:
        try:
            # gunicorn's sync workers close after each answer; http.client reconnects.
            link.request("GET", path, headers=headers)
            response = link.getresponse()
            response.read()
            statuses[response.status] += 1
        except (OSError, http.client.HTTPException):
            link.close()
            socket_errors += 1
        latencies.append((time.perf_counter() - started) * 1000)
    link.close()
    results.put((latencies, dict(statuses), socket_errors))


def _python_window(port: int, path: str, headers: dict[str, str]) -> Window:
    from django.db import connections

    connections.close_all()  # forked clients must not inherit a database connection
    context = multiprocessing.get_context("fork")
    results: Queue[tuple[list[float], dict[int, int], int]] = context.Queue()
    started = time.perf_counter()
    stop_at = started + WINDOW_S
    clients = [
        context.Process(target=_client, args=(port, path, headers, stop_at, results))
        for _ in range(CONNECTIONS)
    ]
    for client in clients:
        client.start()
    try:
        gathered = [results.get(timeout=WINDOW_S + 30) for _ in clients]
    finally:
        for client in clients:
            client.join(timeout=10)
            if client.is_alive():
                client.terminate()
                client.join()
    latencies = [ms for part, _, _ in gathered for ms in part]
    statuses: Counter[int] = Counter()
    for _, counts, _ in gathered:
        statuses.update(counts)
    return Window(
        requests=len(latencies),
        seconds=time.perf_counter() - started,
        median_ms=statistics.median(latencies) if latencies else math.nan,
        statuses=statuses,
        socket_errors=sum(errors for _, _, errors in gathered),
        client_cpu_s=0.0,
        wall_s=0.0,
    )


@dataclass
class Series:
    """An address's windows over the rounds, each beside the baseline rate around it."""

    windows: list[Window] = field(default_factory=list)
    baseline_rates: list[float] = field(default_factory=list)

    def add(self, window: Window, baseline_rate: float) -> None:
        self.windows.append(window)
        self.baseline_rates.append(baseline_rate)

    @property
    def ratios(self) -> list[float]:
        return [w.per_second / b for w, b in zip(self.windows, self.baseline_rates, strict=True)]

    @property
    def per_second(self) -> float:
        return statistics.median(w.per_second for w in self.windows)

    @property
    def median_ms(self) -> float:
        return statistics.median(w.median_ms for w in self.windows)

    def client_share(self, cores: int) -> float:
        """The client's CPU time over the wall time of its windows times the cores."""
        wall = sum(w.wall_s for w in self.windows)
        return sum(w.client_cpu_s for w in self.windows) / (wall * cores)

    def errors(self, expected: Iterable[int]) -> int:
        return sum(w.errors(expected) for w in self.windows)

    def share(self, status: int) -> float:
        answered = sum(w.requests for w in self.windows)
        return sum(w.statuses[status] for w in self.windows) / answered
