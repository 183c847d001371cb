"""Databases, settings and app servers for the HTTP benchmarks (bench_http.py, bench_edits.py).

The data goes into a throwaway SQLite file, or, when BENCH_DATABASE_URL (or DATABASE_URL)
names a PostgreSQL server, into a fresh database there, dropped at the end. gunicorn runs
on 127.0.0.1 with config/gunicorn.py as in production. Django is set up only once the
database is known, so model imports sit inside the functions that use them.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pure import collect_static  # noqa: E402

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MODEL_BACKEND = "planner.auth.ProfileBackend"


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
