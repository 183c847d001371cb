"""The upload limit answers 413 under runserver's own handler, not only under gunicorn.

Django's test client calls the application directly and never meets the server's rules;
here a raw socket talks to the live server, which serves through the same wsgiref-based
handler as ``manage.py runserver`` (``django.core.servers.basehttp``). That handler
refuses, with an AssertionError and a 500, any hop-by-hop header the application sets.
"""

from __future__ import annotations

import socket
import wsgiref.util
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from planner.models import Recording
from planner.runs import MAX_UPLOAD_BYTES
from tests.factories import make_runner
from tests.test_two_servers import signed_in

pytestmark = pytest.mark.django_db(transaction=True)

OVER_THE_LIMIT = MAX_UPLOAD_BYTES + 1024 * 1024
# What the client sends of its body before it waits for the answer: a browser starts
# sending at once, and the server answers without reading any of it.
FIRST_BYTES = b"--x\r\n" + b"a" * 4096


def raw_post(address: str, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
    """POST with a declared length far over the limit, send a little, read the answer."""
    parts = urlsplit(address)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "Content-Type: multipart/form-data; boundary=x",
        f"Content-Length: {OVER_THE_LIMIT}",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    with socket.create_connection((host, port), timeout=20) as link:
        link.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + FIRST_BYTES)
        received = b""
        # Bounded: the answer is a page of a few kilobytes; 200 reads are plenty.
        for _ in range(200):
            head, _, body = received.partition(b"\r\n\r\n")
            length = _content_length(head)
            if length is not None and len(body) >= length:
                break
            chunk = link.recv(65536)
            if not chunk:
                break
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    answer_headers = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(":") for line in header_lines)
    }
    return int(status_line.split()[1]), answer_headers, body.decode()


def _content_length(head: bytes) -> int | None:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return None


def cookie_header(user: User) -> dict[str, str]:
    cookies = signed_in(user)
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}


def test_an_upload_over_the_limit_answers_413_under_runserver_and_stores_nothing(
    live_server: Any,
) -> None:
    runner = make_runner()

    status, headers, page = raw_post(
        live_server.url, reverse("planner:upload_run"), cookie_header(runner.user)
    )

    assert status == 413
    assert "Nothing was uploaded: the file is over 25 MB" in page
    # runserver may close the connection itself; the application never asks for it.
    assert Recording.objects.count() == 0
    assert headers["content-type"].startswith("text/html")


def test_an_htmx_upload_over_the_limit_answers_413_with_the_message_under_runserver(
    live_server: Any,
) -> None:
    runner = make_runner()

    status, headers, fragment = raw_post(
        live_server.url,
        reverse("planner:upload_run"),
        cookie_header(runner.user) | {"HX-Request": "true"},
    )

    assert status == 413
    assert headers["hx-reswap"] == "none"
    assert "over 25 MB" in fragment
    assert Recording.objects.count() == 0


def test_the_413_answer_carries_no_hop_by_hop_header(client: Any) -> None:
    # PEP 3333: the application must not set one; the server decides about the connection.
    response = client.generic(
        "POST",
        reverse("planner:upload_run"),
        b"x" * 16,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(OVER_THE_LIMIT),
    )

    assert response.status_code == 413
    assert [name for name, _ in response.items() if wsgiref.util.is_hop_by_hop(name)] == []
