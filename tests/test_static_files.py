"""Production static addresses: each is the manifest's hashed name, made once a process
(that production uses this storage: tests/test_security.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from config.static_files import StaticFiles


@pytest.fixture
def storage(tmp_path: Path, settings: Settings) -> StaticFiles:
    settings.DEBUG = False
    manifest = {"version": "1.1", "hash": "f00d", "paths": {"css/app.css": "css/app.1a2b3c.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFiles(location=tmp_path, base_url="/static/")


def test_a_file_is_served_under_its_hashed_name_the_same_each_time(storage: StaticFiles) -> None:
    assert storage.url("css/app.css") == "/static/css/app.1a2b3c.css"
    assert storage.url("css/app.css") == "/static/css/app.1a2b3c.css"
    assert storage._addresses == {("css/app.css", False): "/static/css/app.1a2b3c.css"}


def test_a_file_the_manifest_lacks_is_refused_and_not_kept(storage: StaticFiles) -> None:
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        storage.url("css/gone.css")

    assert storage._addresses == {}
