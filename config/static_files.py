"""The production storage of static files, with each file's address worked out once.

WhiteNoise's manifest storage looks a file's hashed name up and joins it to STATIC_URL on
every ``{% static %}``: about 90 calls, five times a page. The manifest is read when the
process starts and never changes while it runs (``collectstatic`` comes before a start),
so each address is kept once it has been made.
"""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


# WhiteNoise ships no types: its class is Any to mypy.
class StaticFiles(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._addresses: dict[tuple[str, bool], str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if name is None:
            return str(super().url(name, force))
        key = (name, force)
        found = self._addresses.get(key)
        if found is None:
            # Bounded by the files collectstatic wrote: an unknown name raises instead.
            found = self._addresses[key] = str(super().url(name, force))
        return found
