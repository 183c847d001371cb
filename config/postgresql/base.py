"""Django's PostgreSQL backend, patient for a few seconds when the server cannot be reached.

A PostgreSQL restart closes every connection and refuses new ones for about a second.
``CONN_HEALTH_CHECKS`` makes each request test a kept connection before using it, so no
request after the restart meets a dead one; this makes a request that needs a new
connection while the server is away wait for it (``CONNECT_WAIT_S``, 5 s by default,
``DATABASE_CONNECT_WAIT``) instead of failing at once. Longer than that, the request
fails and the visitor gets the 503 page (config/urls.py). Queries cut off mid-flight by
the restart still fail: retrying them could repeat a change, so nothing here does.
"""

from __future__ import annotations

import time
from typing import Any

from django.db.backends.postgresql import base

RETRY_EVERY_S = 0.25


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        deadline = time.monotonic() + float(self.settings_dict.get("CONNECT_WAIT_S", 0))
        while True:
            try:
                return super().get_new_connection(conn_params)
            except self.Database.OperationalError:
                # Refused, or "the database system is starting up": both pass with time.
                if time.monotonic() + RETRY_EVERY_S > deadline:
                    raise
                time.sleep(RETRY_EVERY_S)
