"""Requests per second of the real pages under gunicorn, against a minimal page. Reports only.

Run: `python bench/bench_http.py`. The pages: the runner's week, the coach's block page, the
dashboard, the calendar feed and the week's watch ZIP. The baseline is /bench/minimal/: a
signed-in request through the same middleware with no work of its own, so each ratio is
what the page costs on top of the framework. Each page is measured twice: (a) one coach
with a few runners on 4-week blocks; (b) a coach with 200 runners on published 16-week
blocks.

The machine is shared and its speed drifts, so one window per page says little. Instead,
ROUNDS rounds each measure baseline, page, baseline, next page, baseline, …, in windows of
WINDOW_S seconds: a page's ratio in a round is its rate over the mean of the two baseline
windows on either side, and the table gives the median over the rounds with their range.
A page that answers with an ETag or Last-Modified is measured a second time sending them
back, and the share of 304 answers reported. The load comes from wrk when it is on the
PATH (a C client that leaves the cores to the server), else from Python processes; either
way the client's own CPU share is reported. gunicorn runs with config/gunicorn.py as in
production, worker recycling included, and the workers recycled while measuring are
counted from its log. BENCH_ROUNDS and BENCH_WINDOW_S change the rounds and the window
(whole seconds: wrk's unit); BENCH_CLIENT=python uses the Python client even with wrk.

The data goes into a throwaway SQLite file, or, when BENCH_DATABASE_URL (or DATABASE_URL)
names a PostgreSQL server, into a fresh database there, dropped at the end. Everything
runs on 127.0.0.1; the app server is stopped before the script ends.

The helpers above the measuring section are shared with bench_edits.py. Django is set up
only once the database is known, so model imports sit inside the functions that use them.
"""

from __future__ import annotations

import contextlib
import http.client
import math
import multiprocessing
import os
import resource
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pure import collect_static  # noqa: E402

if TYPE_CHECKING:
    from multiprocessing.queues import Queue

    from django.contrib.auth.models import User

    from planner.models import BlockChoices, TrainingBlock, WorkoutTemplate

MODEL_BACKEND = "planner.auth.ProfileBackend"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
WINDOW_S = int(os.environ.get("BENCH_WINDOW_S", "2"))  # wrk takes whole seconds
# Concurrent connections for the 2 sync workers: enough that each always has a request
# waiting, few enough that the latency is the page's, not a queue's.
CONNECTIONS = 4
CORES = len(os.sched_getaffinity(0))
MOST_REQUESTS = 50_000  # per Python client process, a guard against a runaway loop
SMALL_RUNNERS = 3
LARGE_RUNNERS = 200


# --- databases, settings and app servers (shared with bench_edits.py) ---


def postgres_server_url() -> str | None:
    """The PostgreSQL server the caller pointed at, if any."""
    for name in ("BENCH_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if urlsplit(url).scheme in {"postgres", "postgresql"}:
            return url
    return None


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def postgres_problem(server_url: str) -> str | None:
    """Why the server cannot hold a fresh database for us, or None when it can."""
    import psycopg

    try:
        with psycopg.connect(_with_database(server_url, "postgres"), connect_timeout=3) as link:
            row = link.execute(
                "SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user"
            ).fetchone()
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]
    if not row or not row[0]:
        return "the role may not create databases (it needs CREATEDB)"
    return None


@contextlib.contextmanager
def fresh_postgres_database(server_url: str) -> Iterator[str]:
    """A new empty database on the server, its URL yielded, dropped on the way out.

    The role needs CREATEDB (.ci/run creates `fastfinish` so).
    """
    import psycopg
    from psycopg import sql

    name = f"fastfinish_bench_{os.getpid()}"
    maintenance = _with_database(server_url, "postgres")
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _with_database(server_url, name)
    finally:
        from django.conf import settings
        from django.db import connections

        if settings.configured:
            connections.close_all()
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as admin:
            # FORCE ends any connection still open, such as a worker's that outlived it.
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def server_address(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or 'local socket'}:{parts.port or 5432}"


def describe_database(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return "SQLite (a throwaway file)"
    name = parts.path.lstrip("/")
    return f"PostgreSQL (fresh database {name} on {server_address(url)}, dropped after)"


def server_environment(database_url: str, scratch: Path) -> dict[str, str]:
    """Production settings on plain HTTP, for the app servers and this process alike.

    This process signs the sessions the servers read, so both share one secret key.
    """
    left_out = {"DJANGO_TESTING", "DJANGO_DEBUG", "PYTEST_VERSION"}
    env = {name: value for name, value in os.environ.items() if name not in left_out}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_HTTPS="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(scratch / "static"),
        FF_BENCH_ENDPOINTS="1",
        DATABASE_URL=database_url,
        WEB_CONCURRENCY="2",
        # Logging every request would measure the log, not the page.
        GUNICORN_ACCESS_LOG="/dev/null",
    )
    return env


def prepare_django(env: dict[str, str]) -> None:
    """Collect the hashed static files, set Django up with ``env`` and migrate."""
    collect_static(env, timeout=300)
    for name in set(os.environ) - set(env):
        del os.environ[name]
    os.environ.update(env)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def app_server(env: dict[str, str], log: Path) -> Iterator[int]:
    """gunicorn on a free loopback port; yields the port, stops the server on the way out."""
    port = free_port()
    with log.open("ab") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "config/gunicorn.py"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(server, port, log)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_healthy(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        link = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            link.request("GET", "/healthz")
            if link.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
        finally:
            link.close()
    raise RuntimeError(f"gunicorn on port {port} did not start:\n{log.read_text()[-3000:]}")


def signed_in_cookie(user: User) -> str:
    """A Cookie header for a session made directly in the database, as a login would."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.crypto import get_random_string

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = MODEL_BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    cookies = {
        settings.SESSION_COOKIE_NAME: session.session_key,
        # An unmasked CSRF secret is a valid token too; edits send it back as X-CSRFToken.
        settings.CSRF_COOKIE_NAME: get_random_string(32),
    }
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def csrf_token(cookie: str) -> str:
    from django.conf import settings

    prefix = f"{settings.CSRF_COOKIE_NAME}="
    return next(part[len(prefix) :] for part in cookie.split("; ") if part.startswith(prefix))


# --- the data ---


def article_choices(
    by_name: dict[str, WorkoutTemplate], start: date, weeks: int = 4
) -> BlockChoices:
    """The article's block from ``start``: five run days, six progression runs every four
    weeks of Steady 40 + fast 10; ``by_name`` holds the three shipped templates it uses."""
    from planner.models import BlockChoices

    return BlockChoices(
        start=start,
        weeks=weeks,
        run_days=frozenset({0, 1, 3, 5, 6}),
        long_run_day=6,
        easy_template=by_name["Easy run"],
        long_template=by_name["Long run"],
        long_minutes=75,
        progression_templates=(by_name["Steady 40 + fast 10"],),
        progression_runs=6 * weeks // 4,
    )


def make_roster(coach_name: str, runners: int, weeks: int) -> list[TrainingBlock]:
    """A coach whose runners each have one published block, running since last Monday,
    and a run recorded this morning."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from planner.models import Recording, Runner, TrainingBlock, WorkoutTemplate

    todays_run = recorded_run_today()
    by_name = WorkoutTemplate.objects.in_bulk(
        ["Easy run", "Long run", "Steady 40 + fast 10"], field_name="name"
    )
    today = timezone.localdate()
    start = today - timedelta(days=today.weekday() + 7)
    coach = User.objects.create(username=coach_name)
    blocks = []
    for number in range(runners):
        runner = Runner.objects.create(
            user=User.objects.create(username=f"{coach_name}-runner-{number}"),
            coach=coach,
            name=f"Runner {number:03d}",
            race_distance_m=10000,
            race_seconds=2400 + 5 * number,
            race_date=today - timedelta(days=30),
            run_days=0b1101011,
            long_run_day=6,
        )
        block = TrainingBlock.objects.create_planned(
            runner,
            article_choices(by_name, start, weeks),
            coach,
        )
        block.publish(by=coach)
        Recording.objects.store_upload(runner, todays_run, "run.gpx")
        blocks.append(block)
    return blocks


def recorded_run_today() -> bytes:
    """This morning's Steady 40 + fast 10 as a GPX file, so each week page shows a verdict."""
    import datetime as dt

    from django.utils import timezone

    from tests import recording_files

    morning = dt.datetime.combine(timezone.localdate(), dt.time(6, 30))
    recording_files.START = timezone.make_aware(morning).astimezone(dt.UTC)
    steady, fast = 1000 / 330.0, 1000 / 300.0  # m/s
    return recording_files.gpx_file(recording_files.run_points([(2400.0, steady), (600.0, fast)]))


# --- measuring ---


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    user: User | None  # None: opened by the secret in its address, not signed in


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


def query_count(page: Page) -> int:
    """Queries of one request in this process, after a first request to warm up."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    if page.user is not None:
        client.force_login(page.user, backend=MODEL_BACKEND)
    client.get(page.path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.path)
    if response.status_code != 200:
        raise RuntimeError(f"{page.path} answered {response.status_code}, not 200")
    return len(queries)


def first_answer(port: int, path: str, headers: dict[str, str]) -> http.client.HTTPMessage:
    """The headers of one GET through gunicorn, which must answer 200.

    Checked here because wrk counts a 302 to the login page as a success.
    """
    link = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        link.request("GET", path, headers=headers)
        response = link.getresponse()
        response.read()
    finally:
        link.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status} through gunicorn, not 200")
    return response.headers


def validators_sent_back(answer: http.client.HTTPMessage) -> dict[str, str]:
    """The conditional headers a browser would send with its next request: none if no validator."""
    back = {}
    if etag := answer.get("ETag"):
        back["If-None-Match"] = etag
    if last_modified := answer.get("Last-Modified"):
        back["If-Modified-Since"] = last_modified
    return back


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


@dataclass(frozen=True)
class Row:
    page: str
    queries: int
    plain: Series
    conditional: Series | None  # None: the page sends no ETag or Last-Modified


@dataclass(frozen=True)
class Table:
    data: str
    baseline: Series
    baseline_queries: int
    rows: list[Row]
    restarts: int


@dataclass(frozen=True)
class Slot:
    """One page as the rounds measure it: plainly, then conditionally if it can be."""

    page: Page
    headers: dict[str, str]
    conditional: dict[str, str]  # headers plus the validators sent back; empty if none


def worker_restarts(log: Path) -> int:
    """Workers recycled so far: gunicorn logs this line when one reaches its max_requests."""
    return log.read_text(errors="replace").count("Autorestarting worker")


def measure(data: str, port: int, pages: list[Page], client: LoadClient, log: Path) -> Table:
    """ROUNDS rounds of baseline, page, baseline, …; the first page is the baseline."""
    cookies = {page.user.pk: signed_in_cookie(page.user) for page in pages if page.user}
    slots = []
    for page in pages:
        headers = {"Cookie": cookies[page.user.pk]} if page.user else {}
        validators = validators_sent_back(first_answer(port, page.path, headers))
        slots.append(Slot(page, headers, {**headers, **validators} if validators else {}))
    baseline, *measured = slots
    # A round not counted: both workers render every page once before any window counts.
    for slot in slots:
        client.load(port, slot.page.path, slot.headers)
    restarts = worker_restarts(log)
    baseline_series = Series()
    plain = {slot.page.path: Series() for slot in measured}
    conditional = {slot.page.path: Series() for slot in measured if slot.conditional}
    for number in range(ROUNDS):
        # Each round starts one page further on, so no page always follows the same one.
        turn = number % len(measured)
        before = client.load(port, baseline.page.path, baseline.headers)
        baseline_series.add(before, before.per_second)
        for slot in measured[turn:] + measured[:turn]:
            page_window = client.load(port, slot.page.path, slot.headers)
            conditional_window = (
                client.load(port, slot.page.path, slot.conditional) if slot.conditional else None
            )
            after = client.load(port, baseline.page.path, baseline.headers)
            baseline_series.add(after, after.per_second)
            # The mean of the baselines on either side cancels a drift in the machine's
            # speed across the page's window, which one shared baseline could not.
            around = (before.per_second + after.per_second) / 2
            plain[slot.page.path].add(page_window, around)
            if conditional_window:
                conditional[slot.page.path].add(conditional_window, around)
            before = after
    rows = [
        Row(
            slot.page.name,
            query_count(slot.page),
            plain[slot.page.path],
            conditional.get(slot.page.path),
        )
        for slot in slots[1:]
    ]
    restarts = worker_restarts(log) - restarts
    return Table(data, baseline_series, query_count(baseline.page), rows, restarts)


def pages_of(blocks: list[TrainingBlock]) -> list[Page]:
    from planner.presenters.roster import RUNNERS_PER_PAGE
    from planner.weekdays import monday_of

    block = blocks[0]
    runner = block.runner
    coach = runner.coach
    token = runner.reset_feed_token()
    monday = monday_of(runner.today())
    return [
        Page("minimal view (baseline)", "/bench/minimal/", coach),
        Page(f"runner's week ({block.weeks}-wk block)", "/week/", runner.user),
        Page(f"coach's block page ({block.weeks} wk)", f"/coach/blocks/{block.pk}/", coach),
        Page(f"dashboard ({min(len(blocks), RUNNERS_PER_PAGE)} runners)", "/coach/", coach),
        Page("calendar feed (.ics)", f"/calendar/{token}.ics", None),
        Page("week's watch ZIP", f"/week/{monday.isoformat()}/watch.zip", runner.user),
    ]


def percent(share: float) -> str:
    return f"{share:.0%}".replace("%", " %")


def print_method(client: LoadClient, env: dict[str, str], database_url: str) -> None:
    from config import gunicorn as settings

    windows = "baseline, page, baseline, next page, baseline, …"
    print(
        f"method: {ROUNDS} rounds of {windows} ({WINDOW_S} s windows, after one round not "
        "counted); a page's ratio in a round is its req/s over the mean of the two baseline "
        "windows around it; the table gives medians over the rounds, the rounds' range in "
        "brackets. A page that sends an ETag or Last-Modified is measured again sending them "
        "back (If-None-Match, If-Modified-Since), right after its plain window."
    )
    print(f"client: {client.describe()}; its CPU share is its CPU time / (wall time x cores)")
    recycled = f"{settings.max_requests:,} + 0..{settings.max_requests_jitter:,}"
    print(
        f"server: gunicorn on 127.0.0.1 with config/gunicorn.py, {env['WEB_CONCURRENCY']} sync "
        f"workers, each recycled after {recycled} requests, preload_app={settings.preload_app}; "
        f"machine: {CORES} cores"
    )
    print(f"database: {describe_database(database_url)}", flush=True)  # minutes of load follow


def print_table(table: Table) -> None:
    header = (
        f"{'page':<30}  {'queries':>7}  {'req/s':>6}  {'median ms':>9}  {'vs minimal':>16}  "
        f"{'cond. req/s':>11}  {'cond. vs min':>12}  {'304 rate':>8}  {'client CPU':>10}  "
        f"{'errors':>6}"
    )
    base = table.baseline
    rates = [w.per_second for w in base.windows]
    print(
        f"\n{table.data}: baseline {min(rates):.0f}-{max(rates):.0f} req/s over "
        f"{len(rates)} windows; workers recycled while measuring: {table.restarts}"
    )
    print(header)
    print("-" * len(header))
    print(
        f"{'minimal view (baseline)':<30}  {table.baseline_queries:>7}  {base.per_second:>6.0f}  "
        f"{base.median_ms:>9.1f}  {'100 %':>16}  {'':>11}  {'':>12}  {'':>8}  "
        f"{percent(base.client_share(CORES)):>10}  {base.errors({200}):>6}"
    )
    for row in table.rows:
        ratios = row.plain.ratios
        low, high = (f"{100 * ratio:.0f}" for ratio in (min(ratios), max(ratios)))
        spread = f"{percent(statistics.median(ratios))} ({low}-{high})"
        errors = row.plain.errors({200})
        cond_rate = cond_ratio = rate_304 = "—"
        if row.conditional:
            cond_rate = f"{row.conditional.per_second:.0f}"
            cond_ratio = percent(statistics.median(row.conditional.ratios))
            rate_304 = percent(row.conditional.share(304))
            errors += row.conditional.errors({200, 304})
        print(
            f"{row.page:<30}  {row.queries:>7}  {row.plain.per_second:>6.0f}  "
            f"{row.plain.median_ms:>9.1f}  {spread:>16}  {cond_rate:>11}  {cond_ratio:>12}  "
            f"{rate_304:>8}  {percent(row.plain.client_share(CORES)):>10}  {errors:>6}"
        )
    sys.stdout.flush()


def main() -> None:
    with contextlib.ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ff-bench-")))
        server_url = postgres_server_url()
        if server_url and (problem := postgres_problem(server_url)):
            sys.exit(f"bench_http: cannot use the PostgreSQL server asked for: {problem}")
        database_url = (
            stack.enter_context(fresh_postgres_database(server_url))
            if server_url
            else f"sqlite://{scratch}/bench.sqlite3"
        )
        env = server_environment(database_url, scratch)
        prepare_django(env)
        client = load_client(scratch)
        print_method(client, env, database_url)
        small = make_roster("small-coach", SMALL_RUNNERS, weeks=4)
        log = scratch / "gunicorn.log"
        port = stack.enter_context(app_server(env, log))
        data = f"(a) {SMALL_RUNNERS} runners, 4-wk blocks"
        print_table(measure(data, port, pages_of(small), client, log))
        made = time.perf_counter()
        large = make_roster("large-coach", LARGE_RUNNERS, weeks=16)
        made = time.perf_counter() - made
        data = f"(b) {LARGE_RUNNERS} runners, 16-wk blocks (made in {made:.0f} s)"
        print_table(measure(data, port, pages_of(large), client, log))


if __name__ == "__main__":
    main()
