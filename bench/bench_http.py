"""Requests per second of the real pages under gunicorn, cold and cached, against a minimal
page. Reports only.

Run: `python bench/bench_http.py`. The pages: the runner's week, the coach's block page, the
dashboard, the calendar feed and the week's watch ZIP. The baseline is /bench/minimal/: a
signed-in request through the same middleware with no work of its own, so each ratio is
what the page costs on top of the framework. Each page is measured on two app servers over
one database: one with FF_CACHE=off, where every request draws the page (cold), and one
with the page cache (cached); and with two sets of data: (a) one coach with a few runners
on 4-week blocks; (b) a coach with 200 runners on published 16-week blocks.

The machine is shared and its speed drifts, so one window per page says little. Instead,
ROUNDS rounds each measure baseline, page cold, page cached, baseline, next page, …, in
windows of WINDOW_S seconds (bench/load.py): a page's ratio in a round is its rate over
the mean of the two baseline windows on either side, and the table gives the median over
the rounds with their range. A page that answers with an ETag or Last-Modified is measured
a third time sending them back, and the share of 304 answers reported. gunicorn runs with
config/gunicorn.py as in production, worker recycling included, and the workers recycled
while measuring are counted from its logs. BENCH_ROUNDS changes the rounds.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from load import CORES, WINDOW_S, LoadClient, Series, load_client
from seed import make_roster
from servers import (
    MODEL_BACKEND,
    app_server,
    describe_database,
    fresh_postgres_database,
    postgres_problem,
    postgres_server_url,
    prepare_django,
    server_environment,
    signed_in_cookie,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from planner.models import TrainingBlock

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SMALL_RUNNERS = 3
LARGE_RUNNERS = 200
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    user: User | None  # None: opened by the secret in its address, not signed in


@dataclass(frozen=True)
class Servers:
    """The two app servers over one database: each page is measured on both."""

    cold: int  # the port of the server with FF_CACHE=off
    cached: int
    logs: tuple[Path, Path]

    def restarts(self) -> int:
        """Workers recycled so far: gunicorn logs this when one reaches its max_requests."""
        return sum(
            log.read_text(errors="replace").count("Autorestarting worker") for log in self.logs
        )


def query_count(page: Page, *, cached: bool) -> int:
    """Queries of one request in this process, after a first request to warm up."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    if page.user is not None:
        client.force_login(page.user, backend=MODEL_BACKEND)
    with contextlib.ExitStack() as stack:
        if not cached:
            stack.enter_context(override_settings(CACHES=NO_CACHE))
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


@dataclass(frozen=True)
class Row:
    page: str
    queries: tuple[int, int]  # cold, cached
    cold: Series
    cached: Series
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
    """One page as the rounds measure it: cold, cached, then conditionally if it can be."""

    page: Page
    headers: dict[str, str]
    conditional: dict[str, str]  # headers plus the validators sent back; empty if none


def slots_of(pages: list[Page], servers: Servers) -> list[Slot]:
    cookies = {page.user.pk: signed_in_cookie(page.user) for page in pages if page.user}
    slots = []
    for page in pages:
        headers = {"Cookie": cookies[page.user.pk]} if page.user else {}
        first_answer(servers.cold, page.path, headers)
        validators = validators_sent_back(first_answer(servers.cached, page.path, headers))
        slots.append(Slot(page, headers, {**headers, **validators} if validators else {}))
    return slots


def measure(data: str, servers: Servers, pages: list[Page], client: LoadClient) -> Table:
    """ROUNDS rounds of baseline, page cold, page cached, baseline, …; the first page is
    the baseline (on the cached server: the minimal view has nothing to cache)."""
    baseline, *measured = slots_of(pages, servers)
    # A round not counted: the workers render every page once before any window counts.
    for slot in [baseline, *measured]:
        client.load(servers.cold, slot.page.path, slot.headers)
        client.load(servers.cached, slot.page.path, slot.headers)
    restarts = servers.restarts()
    baseline_series = Series()
    cold = {slot.page.path: Series() for slot in measured}
    cached = {slot.page.path: Series() for slot in measured}
    conditional = {slot.page.path: Series() for slot in measured if slot.conditional}
    for number in range(ROUNDS):
        # Each round starts one page further on, so no page always follows the same one.
        turn = number % len(measured)
        before = client.load(servers.cached, baseline.page.path, baseline.headers)
        baseline_series.add(before, before.per_second)
        for slot in measured[turn:] + measured[:turn]:
            path = slot.page.path
            cold_window = client.load(servers.cold, path, slot.headers)
            cached_window = client.load(servers.cached, path, slot.headers)
            conditional_window = (
                client.load(servers.cached, path, slot.conditional) if slot.conditional else None
            )
            after = client.load(servers.cached, baseline.page.path, baseline.headers)
            baseline_series.add(after, after.per_second)
            # The mean of the baselines on either side cancels a drift in the machine's
            # speed across the page's windows, which one shared baseline could not.
            around = (before.per_second + after.per_second) / 2
            cold[path].add(cold_window, around)
            cached[path].add(cached_window, around)
            if conditional_window:
                conditional[path].add(conditional_window, around)
            before = after
    rows = [
        Row(
            slot.page.name,
            (query_count(slot.page, cached=False), query_count(slot.page, cached=True)),
            cold[slot.page.path],
            cached[slot.page.path],
            conditional.get(slot.page.path),
        )
        for slot in measured
    ]
    restarts = servers.restarts() - restarts
    return Table(data, baseline_series, query_count(baseline.page, cached=True), rows, restarts)


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

    windows = "baseline, page cold, page cached, baseline, next page, …"
    print(
        f"method: {ROUNDS} rounds of {windows} ({WINDOW_S} s windows, after one round not "
        "counted); a page's ratio in a round is its req/s over the mean of the two baseline "
        "windows around it; the table gives medians over the rounds, the rounds' range in "
        "brackets. Cold: a server with FF_CACHE=off, every request draws the page; cached: "
        "the page cache on. A page that sends an ETag or Last-Modified is measured again "
        "sending them back (If-None-Match, If-Modified-Since), right after its cached window."
    )
    print(f"client: {client.describe()}; its CPU share is its CPU time / (wall time x cores)")
    recycled = f"{settings.max_requests:,} + 0..{settings.max_requests_jitter:,}"
    print(
        f"servers: two gunicorns on 127.0.0.1 with config/gunicorn.py, {env['WEB_CONCURRENCY']} "
        f"sync workers each, each recycled after {recycled} requests, "
        f"preload_app={settings.preload_app}; machine: {CORES} cores"
    )
    print(f"database: {describe_database(database_url)}", flush=True)  # minutes of load follow


def _ratio(series: Series) -> str:
    ratios = series.ratios
    low, high = (f"{100 * ratio:.0f}" for ratio in (min(ratios), max(ratios)))
    return f"{percent(statistics.median(ratios))} ({low}-{high})"


def print_table(table: Table) -> None:
    header = (
        f"{'page':<30}  {'queries':>7}  {'cold req/s':>10}  {'cold vs min':>14}  "
        f"{'cached req/s':>12}  {'cached vs min':>14}  {'cond. vs min':>12}  {'304 rate':>8}  "
        f"{'client CPU':>10}  {'errors':>6}"
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
        f"{'minimal view (baseline)':<30}  {table.baseline_queries:>7}  {'':>10}  {'':>14}  "
        f"{base.per_second:>12.0f}  {'100 %':>14}  {'':>12}  {'':>8}  "
        f"{percent(base.client_share(CORES)):>10}  {base.errors({200}):>6}"
    )
    for row in table.rows:
        errors = row.cold.errors({200}) + row.cached.errors({200})
        cond_ratio = rate_304 = "—"
        if row.conditional:
            cond_ratio = percent(statistics.median(row.conditional.ratios))
            rate_304 = percent(row.conditional.share(304))
            errors += row.conditional.errors({200, 304})
        queries = f"{row.queries[0]}/{row.queries[1]}"
        print(
            f"{row.page:<30}  {queries:>7}  {row.cold.per_second:>10.0f}  "
            f"{_ratio(row.cold):>14}  {row.cached.per_second:>12.0f}  {_ratio(row.cached):>14}  "
            f"{cond_ratio:>12}  {rate_304:>8}  {percent(row.cold.client_share(CORES)):>10}  "
            f"{errors:>6}"
        )
    print("queries: cold/cached, one request in this process after a first one")
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
        logs = (scratch / "gunicorn-cold.log", scratch / "gunicorn-cached.log")
        servers = Servers(
            stack.enter_context(app_server({**env, "FF_CACHE": "off"}, logs[0])),
            stack.enter_context(app_server({**env, "FF_CACHE": "locmem"}, logs[1])),
            logs,
        )
        data = f"(a) {SMALL_RUNNERS} runners, 4-wk blocks"
        print_table(measure(data, servers, pages_of(small), client))
        made = time.perf_counter()
        large = make_roster("large-coach", LARGE_RUNNERS, weeks=16)
        made = time.perf_counter() - made
        data = f"(b) {LARGE_RUNNERS} runners, 16-wk blocks (made in {made:.0f} s)"
        print_table(measure(data, servers, pages_of(large), client))


if __name__ == "__main__":
    main()
