"""Concurrent edits to one published block through two app servers on one PostgreSQL. Reports only.

Run: `python bench/bench_edits.py`. Two gunicorn servers share a fresh database on the
PostgreSQL server BENCH_DATABASE_URL (or DATABASE_URL) names, by default the `fastfinish`
role .ci/run creates on 127.0.0.1:5432; the database is dropped at the end. CLIENTS
clients, one thread each, make EDITS_PER_CLIENT attempts: read the block's version from
its fragment through one server, then, through the other, change the same easy session to
the client's own minutes with that version. Most attempts lose the race and are refused as
stale; that is the point. Afterwards the database must hold every accepted edit once, at
consecutive versions, and the session the minutes of the last one: none lost.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from seed import make_roster
from servers import (
    app_server,
    csrf_token,
    describe_database,
    fresh_postgres_database,
    postgres_problem,
    postgres_server_url,
    prepare_django,
    server_address,
    server_environment,
    signed_in_cookie,
)

CLIENTS = 8
EDITS_PER_CLIENT = 25
DEFAULT_SERVER = "postgres://fastfinish:fastfinish@127.0.0.1:5432/fastfinish"
VERSION = re.compile(r"version (\d+)</span>")
HISTORY_ENTRY = re.compile(r"<li>.*?</li>", re.DOTALL)
MINUTES_AFTER = re.compile(r"after: [^,]*, (\d+) min")
OUTCOMES = {200: "accepted (200)", 409: "refused as stale (409)", 422: "refused by a rule (422)"}
ERROR = "errors"


def client_minutes(client: int) -> int:
    """Each client's own easy-run length, 35 to 56 minutes: no rule refuses those."""
    return 35 + 3 * client


@dataclass(frozen=True)
class Target:
    block_id: int
    session_id: int
    template_id: int
    cookie: str

    def path(self, *, session: bool = False) -> str:
        """The block page, or with ``session`` the page that edits the target session."""
        block = f"/coach/blocks/{self.block_id}/"
        return f"{block}sessions/{self.session_id}/" if session else block


@dataclass(frozen=True)
class Accepted:
    version: int | None  # the version the edit made; None if the fragment did not show it
    minutes: int


@dataclass
class ClientResult:
    outcomes: Counter[str] = field(default_factory=Counter)
    accepted: list[Accepted] = field(default_factory=list)


def version_made(fragment: str, minutes: int) -> int | None:
    """The version an accepted edit made, read from the fragment that answered it.

    The fragment is rendered after the edit commits, so a quicker edit may already sit on
    top of it. The newest history entry with this client's minutes is this edit's, and
    every entry above it is one version later.
    """
    shown = VERSION.search(fragment)
    history = fragment[fragment.find('class="changes"') :]
    if shown is None:
        return None
    for above, entry in enumerate(HISTORY_ENTRY.findall(history)):
        after = MINUTES_AFTER.search(entry)
        if after is not None and int(after.group(1)) == minutes:
            return int(shown.group(1)) - above
    return None


def _exchange(
    link: http.client.HTTPConnection,
    method: str,
    path: str,
    headers: dict[str, str],
    body: str | None = None,
) -> tuple[int, str]:
    link.request(method, path, body=body, headers=headers)
    response = link.getresponse()
    return response.status, response.read().decode()


def run_client(client: int, ports: tuple[int, int], target: Target) -> ClientResult:
    """Read the version through one server, edit through the other, EDITS_PER_CLIENT times."""
    result = ClientResult()
    minutes = client_minutes(client)
    links = {port: http.client.HTTPConnection("127.0.0.1", port, timeout=20) for port in ports}
    reading = {"Cookie": target.cookie, "HX-Request": "true"}
    writing = {
        **reading,
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRFToken": csrf_token(target.cookie),
    }
    try:
        for attempt in range(EDITS_PER_CLIENT):
            read_through = ports[(client + attempt) % 2]
            edit_through = ports[(client + attempt + 1) % 2]
            try:
                status, page = _exchange(links[read_through], "GET", target.path(), reading)
                shown = VERSION.search(page)
                if status != 200 or shown is None:
                    result.outcomes[ERROR] += 1
                    continue
                form = {
                    "template": target.template_id,
                    "minutes": minutes,
                    "version": shown.group(1),
                }
                status, page = _exchange(
                    links[edit_through], "POST", target.path(session=True), writing, urlencode(form)
                )
            except (OSError, http.client.HTTPException):
                result.outcomes[ERROR] += 1
                for link in links.values():
                    link.close()
                continue
            result.outcomes[OUTCOMES.get(status, ERROR)] += 1
            if status == 200:
                result.accepted.append(Accepted(version_made(page, minutes), minutes))
    finally:
        for link in links.values():
            link.close()
    return result


@dataclass(frozen=True)
class Check:
    what: str
    result: str
    holds: bool


def checks(block_id: int, session_id: int, accepted: list[Accepted]) -> list[Check]:
    """What the database says after the run, against what the clients were told."""
    from planner.models import BlockChange, ScheduledSession, TrainingBlock

    version = TrainingBlock.objects.get(pk=block_id).version
    published_at = (
        BlockChange.objects.filter(block_id=block_id, action="publish")
        .values_list("version", flat=True)
        .get()
    )
    rows = list(
        BlockChange.objects.filter(block_id=block_id, action="change")
        .order_by("version")
        .values_list("version", "after__minutes")
    )
    versions = [row_version for row_version, _ in rows]
    recorded = dict(rows)
    matched = sum(
        edit.version is not None and recorded.get(edit.version) == edit.minutes for edit in accepted
    )
    told_once = len({edit.version for edit in accepted}) == len(accepted)
    expected = list(range(published_at + 1, published_at + 1 + len(accepted)))
    final_minutes = ScheduledSession.objects.values_list("minutes", flat=True).get(pk=session_id)
    known = [edit for edit in accepted if edit.version is not None]
    last = max(known, key=lambda edit: edit.version or 0) if known else None
    span = f"{versions[0]}..{versions[-1]}" if versions else "none"
    return [
        Check(
            "final version = 1 + publish + accepted",
            f"{version} vs 1 + 1 + {len(accepted)}",
            version == 2 + len(accepted),
        ),
        Check(
            "edit versions in history: consecutive, once each",
            f"{len(versions)} rows, {span}",
            versions == expected,
        ),
        Check(
            "each accepted edit in history at its version",
            f"{matched} of {len(accepted)}",
            matched == len(accepted) and told_once,
        ),
        Check(
            "session minutes = latest accepted edit's",
            f"{final_minutes} vs {last.minutes if last else '-'}",
            last is not None and final_minutes == last.minutes,
        ),
    ]


def main() -> None:
    server_url = postgres_server_url() or DEFAULT_SERVER
    problem = postgres_problem(server_url)
    if problem:
        print(
            f"concurrent edits: not run; this benchmark needs PostgreSQL, and the server at "
            f"{server_address(server_url)} cannot be used ({problem}). Start it with "
            "`pg_ctlcluster 15 main start`, create the fastfinish role as .ci/run does, or "
            "point BENCH_DATABASE_URL at a server whose role has CREATEDB."
        )
        return
    with contextlib.ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ff-bench-")))
        database_url = stack.enter_context(fresh_postgres_database(server_url))
        env = server_environment(database_url, scratch)
        prepare_django(env)

        from planner.models import ScheduledSession

        block = make_roster("edit-coach", 1, weeks=4)[0]
        easy = ScheduledSession.objects.filter(block=block, kind="easy").order_by("date").first()
        if easy is None or easy.template_id is None:
            raise RuntimeError("the planned block has no easy session to edit")
        target = Target(block.pk, easy.pk, easy.template_id, signed_in_cookie(block.runner.coach))
        ports = (
            stack.enter_context(app_server(env, scratch / "gunicorn-1.log")),
            stack.enter_context(app_server(env, scratch / "gunicorn-2.log")),
        )
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            results = list(
                pool.map(lambda client: run_client(client, ports, target), range(CLIENTS))
            )
        seconds = time.perf_counter() - started
        outcomes = sum((result.outcomes for result in results), Counter[str]())
        accepted = [edit for result in results for edit in result.accepted]
        found = checks(block.pk, easy.pk, accepted)

    print(f"database: {describe_database(database_url)}")
    print(
        f"2 app servers x {env['WEB_CONCURRENCY']} sync workers; {CLIENTS} clients x "
        f"{EDITS_PER_CLIENT} edits of one easy session, each read through one server and "
        "written through the other"
    )
    attempts = CLIENTS * EDITS_PER_CLIENT
    print(f"{'outcome':<48}  {'count':>6}")
    print("-" * 56)
    for name in [*OUTCOMES.values(), ERROR]:
        print(f"{name:<48}  {outcomes[name]:>6}")
    print(f"{'attempts':<48}  {attempts:>6}")
    print(f"{'wall time, s':<48}  {seconds:>6.1f}")
    print(f"{'attempts per second':<48}  {attempts / seconds:>6.1f}")
    print()
    print(f"{'check':<48}  result")
    print("-" * 76)
    for check in found:
        print(f"{check.what:<48}  {check.result} ({'yes' if check.holds else 'NO'})")
    print(f"none lost: {'yes' if all(check.holds for check in found) else 'no'}")


if __name__ == "__main__":
    main()
