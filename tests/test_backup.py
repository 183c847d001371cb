"""The SQLite online backup gives a complete, consistent copy."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def test_backup_of_a_live_sqlite_database_holds_every_row(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    backup = tmp_path / "backup.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"DATABASE_URL": f"sqlite:///{live}", "DJANGO_DEBUG": "1"})

    def manage(*arguments: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    manage("migrate", "--noinput", "-v", "0")
    manage("seed_demo")
    said = manage("backup_sqlite", str(backup))

    assert "integrity ok" in said
    copy = sqlite3.connect(backup)
    original = sqlite3.connect(live)
    for table in ("planner_runner", "planner_scheduledsession", "planner_sessionsegment"):
        count = copy.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        assert count > 0
        assert count == original.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@pytest.mark.django_db
def test_backup_refuses_to_overwrite_a_file(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        with pytest.raises(CommandError, match="pg_dump"):
            call_command("backup_sqlite", str(tmp_path / "x.sqlite3"))
        return
    existing = tmp_path / "exists.sqlite3"
    existing.write_text("keep me")

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup_sqlite", str(existing))

    assert existing.read_text() == "keep me"
