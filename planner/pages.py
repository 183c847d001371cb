"""Pages drawn once and served many times, and the validators that let a browser keep them.

Each page's presenter (``planner/presenters/``) says what the page shows (its
``context()``) and, beside it, everything that can change it (its ``key``): the runner's
plan stamp (raised by every change anyone could see), the block's version, the runner's
own today, the unit. Here the key meets the template (the htmx variant), becomes the cache
entry's name and the ETag. A change makes a new key, so an old entry is simply never read
again: nothing is deleted, and a cache in each process (``LocMemCache``) is as correct
behind many app servers as a shared one. ``FF_CACHE=off`` keeps nothing: every page is
drawn afresh, and the ETags and their 304s work the same.

Two things are never cached: the CSRF token (the page is drawn with a placeholder that
each answer replaces with this request's token) and the messages (a page with a message
waiting is drawn afresh and carries no validator, so it cannot be answered with a 304).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Hashable
from typing import Any, Protocol

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.cache import get_conditional_response, patch_vary_headers

# Drawn where {% csrf_token %} and {{ csrf_token }} go in a cached page; letters only, so
# escaping never changes it.
CSRF_PLACEHOLDER = "ffcsrfplaceholder7d41c9e2"
# A page with a validator: the browser may keep it but must ask each time (a cheap 304).
REVALIDATE = "private, no-cache"
# A page without one (a message, a one-time link, no CSRF cookie yet): keep nothing.
NEVER_STORE = "private, no-store"
CACHE_ALIAS = "default"
# Two whole numbers of one length that no row is likely to have, for address_pattern.
SAMPLE_IDS = ("987654321", "123456789")
SAMPLE_DAYS = ("2000-01-01", "2000-01-02")


class CachedPage(Protocol):
    """What a presenter hands a view: the page's key and, drawn only on a miss, its data."""

    @property
    def key(self) -> str: ...

    def context(self) -> dict[str, Any]: ...


def address_pattern(
    name: str, *fixed: object, sample: tuple[str, str] = SAMPLE_IDS, after: tuple[object, ...] = ()
) -> str:
    """The address of ``name`` as a ``str.format`` pattern for the part that changes from
    row to row (between the ``fixed`` parts and those ``after`` it): reversed once per page
    rather than once per row, and still shaped by urls.py. Reversed with two ``sample``
    values of one length, the slot is where the two addresses hold them, so a fixed part
    that happens to contain a sample's digits is never mistaken for it."""
    return _pattern(name, fixed, sample, after, get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=512)
def _pattern(
    name: str,
    fixed: tuple[object, ...],
    sample: tuple[str, str],
    after: tuple[object, ...],
    prefix: str,
    urlconf: str | None,
) -> str:
    # The URLconf does not change while the process runs, so each pattern is worked out
    # once per process (for each script prefix and URLconf a request may carry).
    del prefix, urlconf  # reverse() reads them itself; they are part of the memo's key
    one, two = (reverse(name, args=[*fixed, value, *after]) for value in sample)
    first, second = sample
    start = one.find(first)
    while start != -1 and two[start : start + len(second)] != second:
        start = one.find(first, start + 1)
    if start == -1:
        raise ValueError(f"{name}'s address does not hold the value in its last part.")
    return one[:start] + "{}" + one[start + len(first) :]


def address(name: str) -> str:
    """The address of a view that takes no arguments (the frame's links), reversed once
    per process for each script prefix and URLconf, as the patterns above are."""
    return _address(name, get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=128)
def _address(name: str, prefix: str, urlconf: str | None) -> str:
    del prefix, urlconf  # reverse() reads them itself; they are part of the memo's key
    return reverse(name)


def page_key(kind: str, *parts: Hashable) -> str:
    """A short cache key naming ``kind`` and every value the entry depends on."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    return f"ff:{kind}:{digest}"


def etag_for(key: str, *extra: Hashable) -> str:
    # Weak: two answers differ in their masked CSRF token, never in what they show.
    return 'W/"' + hashlib.sha256(repr((key, *extra)).encode()).hexdigest()[:32] + '"'


def _csrf_secret_digest(request: HttpRequest) -> str | None:
    """A digest of the browser's CSRF cookie: a kept page's tokens match only that secret."""
    secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    return hashlib.sha256(secret.encode()).hexdigest()[:16] if secret else None


def messages_waiting(request: HttpRequest) -> bool:
    return len(get_messages(request)) > 0


def not_modified(request: HttpRequest, etag: str, cache_control: str) -> HttpResponse | None:
    """The 304 (or 412) this request's validators earn, with the headers a 200 would carry."""
    answer = get_conditional_response(request, etag=etag)
    if answer is None:
        return None
    answer["ETag"] = etag
    answer["Cache-Control"] = cache_control
    patch_vary_headers(answer, ["Cookie", "HX-Request"])
    return answer


def cached_bytes(key: str, make: Callable[[], bytes]) -> bytes:
    store = caches[CACHE_ALIAS]
    found = store.get(key)
    if isinstance(found, bytes):
        return found
    made = make()
    store.set(key, made)
    return made


def cached_page(
    request: HttpRequest, template: str, page: CachedPage, *, fresh: bool = False
) -> HttpResponse:
    """``page`` drawn with ``template``, kept under its key; a 304 when the browser has it.
    ``fresh`` (something only this request shows, such as an invitation link) draws it
    afresh, uncached and without a validator, as does a waiting message."""
    if fresh or messages_waiting(request):
        response = render(request, template, page.context())
        response["Cache-Control"] = NEVER_STORE
        patch_vary_headers(response, ["Cookie"])
        return response
    key = page_key("page", page.key, template)
    csrf = _csrf_secret_digest(request)
    # Without a CSRF cookie the page's tokens would be new ones: nothing to revalidate.
    etag = etag_for(key, csrf) if csrf else None
    if etag is not None:
        answer = not_modified(request, etag, REVALIDATE)
        if answer is not None:
            return answer
    store = caches[CACHE_ALIAS]
    html = store.get(key)
    if not isinstance(html, str):
        html = render_to_string(
            template, {**page.context(), "csrf_token": CSRF_PLACEHOLDER}, request=request
        )
        store.set(key, html)
    response = HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
    response["Cache-Control"] = NEVER_STORE if etag is None else REVALIDATE
    if etag is not None:
        response["ETag"] = etag
    patch_vary_headers(response, ["Cookie"])
    return response
