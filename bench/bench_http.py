"""Requests per second of the real pages under gunicorn, against a minimal page. Reports only.

Run: `python bench/bench_http.py`. The pages are the runner's week, the coach's block page
and the dashboard; the baseline, measured in the same run, is /bench/minimal/: a signed-in
request through the same middleware with no work of its own, so each ratio is what the
page costs on top of the framework. Each page is measured twice: (a) one coach with a few
runners on 4-week blocks; (b) a coach with 200 runners on published 16-week blocks.

The data goes into a throwaway SQLite file, or, when BENCH_DATABASE_URL (or DATABASE_URL)
names a PostgreSQL server, into a fresh database there, dropped at the end. Everything
runs on 127.0.0.1; the app server is stopped before the script ends.

The helpers above main() are shared with bench_edits.py. Django is set up only once the
database is known, so model imports sit inside the functions that use them.
"""

from __future__ import annotations

import contextlib
import http.client
import multiprocessing
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from multiprocessing.queues import Queue

    from django.contrib.auth.models import User

    from planner.models import TrainingBlock

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
CLIENTS = 4  # load-generating processes, for 2 sync workers
WARM_UP_S = 0.5
WINDOW_S = 3.0
MOST_REQUESTS_PER_CLIENT = 20_000
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
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
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


def make_roster(coach_name: str, runners: int, weeks: int) -> list[TrainingBlock]:
    """A coach whose runners each have one published block, running since last Monday."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from planner.models import BlockChoices, Runner, TrainingBlock, WorkoutTemplate

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
            BlockChoices(
                start=start,
                weeks=weeks,
                run_days=frozenset({0, 1, 3, 5, 6}),
                long_run_day=6,
                easy_template=by_name["Easy run"],
                long_template=by_name["Long run"],
                long_minutes=75,
                progression_templates=(by_name["Steady 40 + fast 10"],),
                progression_runs=6 * weeks // 4,
            ),
            coach,
        )
        block.publish(by=coach)
        blocks.append(block)
    return blocks


# --- measuring ---


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    user: User


@dataclass(frozen=True)
class Throughput:
    requests: int
    errors: int
    seconds: float
    latencies_ms: tuple[float, ...]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p95_ms(self) -> float:
        if len(self.latencies_ms) < 2:
            return float("nan")
        return statistics.quantiles(self.latencies_ms, n=20)[-1]


def query_count(page: Page) -> int:
    """Queries of one request in this process, signed in, after a first request to warm up."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(page.user, backend=MODEL_BACKEND)
    client.get(page.path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.path)
    if response.status_code != 200:
        raise RuntimeError(f"{page.path} answered {response.status_code}, not 200")
    return len(queries)


def _client(
    port: int,
    path: str,
    cookie: str,
    counting_from: float,
    stop_at: float,
    results: Queue[tuple[list[float], int]],
) -> None:
    """One browser-like client: GET after GET until the window closes."""
    link = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Cookie": cookie}
    latencies: list[float] = []
    errors = 0
    sent = 0
    while (started := time.perf_counter()) < stop_at and sent < MOST_REQUESTS_PER_CLIENT:
        sent += 1
        try:
            # gunicorn's sync workers close after each answer; http.client reconnects.
            link.request("GET", path, headers=headers)
            response = link.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            link.close()
            ok = False
        if started >= counting_from:
            latencies.append((time.perf_counter() - started) * 1000)
            errors += not ok
    link.close()
    results.put((latencies, errors))


def throughput(port: int, path: str, cookie: str, seconds: float = WINDOW_S) -> Throughput:
    """CLIENTS processes GET ``path`` for WARM_UP_S, then for ``seconds``, which are counted."""
    from django.db import connections

    connections.close_all()  # forked clients must not inherit a database connection
    context = multiprocessing.get_context("fork")
    results: Queue[tuple[list[float], int]] = context.Queue()
    counting_from = time.perf_counter() + WARM_UP_S
    stop_at = counting_from + seconds
    clients = [
        context.Process(target=_client, args=(port, path, cookie, counting_from, stop_at, results))
        for _ in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    try:
        gathered = [results.get(timeout=WARM_UP_S + seconds + 30) for _ in clients]
    finally:
        for client in clients:
            client.join(timeout=10)
            if client.is_alive():
                client.terminate()
                client.join()
    latencies = tuple(ms for part, _ in gathered for ms in part)
    return Throughput(len(latencies), sum(errors for _, errors in gathered), seconds, latencies)


@dataclass(frozen=True)
class Row:
    data: str
    page: str
    queries: int
    load: Throughput
    baseline: Throughput


def measure(data: str, port: int, pages: list[Page]) -> list[Row]:
    """The first page is the baseline the others are compared with."""
    cookies = {page.user.pk: signed_in_cookie(page.user) for page in pages}
    # A round not counted: both workers finish booting and render each page once.
    for page in pages:
        throughput(port, page.path, cookies[page.user.pk], seconds=0.5)
    loads = [
        (page, query_count(page), throughput(port, page.path, cookies[page.user.pk]))
        for page in pages
    ]
    baseline = loads[0][2]
    return [Row(data, page.name, queries, load, baseline) for page, queries, load in loads]


def pages_of(blocks: list[TrainingBlock]) -> list[Page]:
    block = blocks[0]
    coach = block.runner.coach
    return [
        Page("minimal view (baseline)", "/bench/minimal/", coach),
        Page("runner's week", "/week/", block.runner.user),
        Page(f"coach's block page ({block.weeks} wk)", f"/coach/blocks/{block.pk}/", coach),
        Page(f"dashboard ({len(blocks)} runners)", "/coach/", coach),
    ]


def print_table(rows: list[Row]) -> None:
    header = (
        f"{'data':<30}  {'page':<30}  {'queries':>7}  {'req/s':>7}  {'median ms':>9}  "
        f"{'p95 ms':>7}  {'vs minimal':>10}  {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row.data:<30}  {row.page:<30}  {row.queries:>7}  {row.load.per_second:>7.0f}  "
            f"{row.load.median_ms:>9.1f}  {row.load.p95_ms:>7.1f}  "
            f"{row.load.per_second / row.baseline.per_second:>10.0%}  {row.load.errors:>6}"
        )


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
        small = make_roster("small-coach", SMALL_RUNNERS, weeks=4)
        port = stack.enter_context(app_server(env, scratch / "gunicorn.log"))
        rows = measure(f"(a) {SMALL_RUNNERS} runners, 4-wk blocks", port, pages_of(small))
        made = time.perf_counter()
        large = make_roster("large-coach", LARGE_RUNNERS, weeks=16)
        made = time.perf_counter() - made
        rows += measure(f"(b) {LARGE_RUNNERS} runners, 16-wk blocks", port, pages_of(large))

    print(f"database: {describe_database(database_url)}")
    print(
        f"gunicorn: {env['WEB_CONCURRENCY']} sync workers on 127.0.0.1; {CLIENTS} client "
        f"processes, {WINDOW_S:.0f} s per page after {WARM_UP_S} s warm-up; "
        "queries counted in-process"
    )
    print(f"(b) data: {LARGE_RUNNERS} published 16-week blocks created in {made:.1f} s")
    print_table(rows)


if __name__ == "__main__":
    main()
