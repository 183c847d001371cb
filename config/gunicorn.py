"""gunicorn settings for Fast Finish, read from the environment like the app's own.

Run: gunicorn config.wsgi -c config/gunicorn.py
"""

from __future__ import annotations

import importlib
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
# Threaded workers whose reads keep a deadline (config/slow_clients.py): a client that
# stalls mid-request holds one thread for GUNICORN_READ_TIMEOUT seconds (5), where it held
# a whole sync worker until the 30 s timeout killed it. Two threads a worker: each may
# hold an upload being read, so memory at worst is workers x threads uploads.
worker_class = "config.slow_clients.PacedThreadWorker"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# A worker takes only the connections it has threads for: the next one waits in the
# listen queue for whichever worker frees a thread first, instead of queueing behind slow
# clients inside a busy worker (with gunicorn's default of 1,000, one worker took all ten
# stalled connections of a test, and /healthz landing there waited 10 s while others were
# idle). So no connection is kept alive between requests, as with the sync workers before;
# a proxy in front keeps the clients' connections.
worker_connections = threads
keepalive = 0
# Static files go out through the same paced writes as pages (os.sendfile would wait for a
# client that stopped reading without a timeout); they are small, the copy costs little.
sendfile = False
# Recycle each worker now and then so a slow leak can never grow for ever, but never all
# together. gunicorn gives each worker max_requests + randint(0, jitter): here 2,500 to 7,500
# requests, uniformly. With 2,000 + 0..200, workers started together also left together, and
# every connection stalled while they all imported Django again (1.2 s). A spread twice the
# base puts the first restarts thousands of requests apart, and every new worker draws again,
# so they drift further apart. docs/operations.md, "gunicorn", has the reasons.
max_requests = 2500
max_requests_jitter = 5000
# Load the app once in the master: a new worker forks from it, ready at once, instead of
# importing Django and every view again while its share of the requests waits. Safe because
# nothing opens a database connection at import time (Django connects on a worker's first
# query), so no connection is shared across the fork. The price: HUP re-forks workers from
# the code the master already holds, so a new release needs the server restarted.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # "" turns it off
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server: object) -> None:
    """In the master, after loading the app and before the first fork: import the URLconf."""
    # Django imports the URLconf, and with it every view, on a worker's first request
    # (0.13 s here). Done once in the master, every worker, the first or a recycled one,
    # forks with it in memory. Importing opens no database connection either.
    from django.conf import settings

    importlib.import_module(settings.ROOT_URLCONF)
