"""The settings helpers refuse bad environment values instead of guessing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import settings as config


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("0", False), ("", False)]
)
def test_env_bool_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("FF_FLAG", raw)

    assert config.env_bool("FF_FLAG", False) is expected


def test_env_bool_refuses_a_typo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FF_FLAG", "ture")

    with pytest.raises(ImproperlyConfigured, match="FF_FLAG"):
        config.env_bool("FF_FLAG", False)


@pytest.mark.parametrize("raw", ["ten", "-1"])
def test_env_int_refuses_non_numbers_and_negatives(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("FF_NUMBER", raw)

    with pytest.raises(ImproperlyConfigured, match="FF_NUMBER"):
        config.env_int("FF_NUMBER", 5)


def test_env_time_zone_refuses_an_unknown_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FF_TZ", "Mars/Olympus")

    with pytest.raises(ImproperlyConfigured, match="IANA"):
        config.env_time_zone("FF_TZ", "UTC")


def test_database_url_for_postgresql_gives_every_part() -> None:
    database = config.database_from_url("postgres://coach:s%40cret@db.internal:6432/fastfinish")

    # Django's backend, patient for a restarting server (config/postgresql/base.py).
    assert database["ENGINE"] == "config.postgresql"
    assert (database["USER"], database["PASSWORD"]) == ("coach", "s@cret")
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.internal",
        "6432",
        "fastfinish",
    )


def test_database_url_for_sqlite_uses_wal() -> None:
    database = config.database_from_url("sqlite:///tmp/ff.sqlite3")

    assert database["NAME"] == Path("/tmp/ff.sqlite3")
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host/"])
def test_database_url_refuses_what_the_project_does_not_run_on(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        config.database_from_url(url)


def test_ff_cache_chooses_the_page_cache_and_refuses_a_typo() -> None:
    assert config.cache_from_env("")["BACKEND"].endswith("LocMemCache")
    assert config.cache_from_env("database")["BACKEND"].endswith("DatabaseCache")
    assert config.cache_from_env("off")["BACKEND"].endswith("DummyCache")
    assert (
        config.cache_from_env("redis://127.0.0.1:6379/1")["LOCATION"] == "redis://127.0.0.1:6379/1"
    )
    with pytest.raises(ImproperlyConfigured, match="FF_CACHE"):
        config.cache_from_env("memcache")
