"""An online backup of the SQLite database: consistent even while the app is serving.

Copying the file of a live database can catch it mid-write (and misses the WAL);
SQLite's backup API copies a consistent snapshot page by page instead.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection


class Command(BaseCommand):
    help = "Write a consistent copy of the SQLite database to PATH (PostgreSQL: use pg_dump)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="where to write the backup file")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(
                "This database is PostgreSQL: back it up with pg_dump (see docs/operations.md)."
            )
        target: Path = options["path"]
        if target.exists():
            raise CommandError(f"{target} already exists; choose a new file.")
        source = sqlite3.connect(str(connection.settings_dict["NAME"]))
        try:
            with sqlite3.connect(str(target)) as copy:
                source.backup(copy)
            checked = sqlite3.connect(str(target)).execute("PRAGMA integrity_check").fetchone()
        finally:
            source.close()
        if checked != ("ok",):
            raise CommandError(f"The backup at {target} failed its integrity check: {checked}.")
        self.stdout.write(f"Backed up to {target} ({target.stat().st_size:,} bytes, integrity ok).")
