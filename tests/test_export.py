"""A coach exports a runner's blocks and logs; nobody else can."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tests.access import covers
from tests.factories import make_block, make_runner, make_user
from tests.http import browser_client

pytestmark = pytest.mark.django_db


def url(runner_id: int, file_format: str) -> str:
    return reverse("planner:runner_export", args=[runner_id, file_format])


@covers("planner:runner_export")
def test_json_export_holds_the_runner_blocks_sessions_segments_and_logs() -> None:
    runner = make_runner(name="Ana Ribeiro")
    block = make_block(runner, published=True)
    done = block.sessions.filter(kind="easy").order_by("date").first()
    assert done is not None
    done.mark_done(minutes=41, distance_km=7.2, effort=3, note="windy")

    response = browser_client(runner.coach).get(url(runner.pk, "json"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="fast-finish-ana-')
    data = json.loads(response.content)
    assert data["runner"]["name"] == "Ana Ribeiro"
    assert data["runner"]["race"] == {"distance_m": 10000, "seconds": 3000, "date": "2026-10-04"}
    (exported,) = data["blocks"]
    assert exported["status"] == "published"
    assert len(exported["sessions"]) == 20
    logged = next(s for s in exported["sessions"] if s["date"] == done.date.isoformat())
    assert (logged["status"], logged["actual_minutes"], logged["effort"]) == ("done", 41.0, 3)
    assert logged["note"] == "windy"
    assert logged["segments"][0]["zone"] == "aerobic"


def test_csv_export_has_a_row_per_session() -> None:
    runner = make_runner()
    make_block(runner)

    response = browser_client(runner.coach).get(url(runner.pk, "csv"))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(rows) == 20
    assert {row["kind"] for row in rows} == {"easy", "long", "progression"}
    assert rows[0]["status"] == "planned"


@covers("planner:runner_export")
@pytest.mark.parametrize("who", ["another coach", "the runner", "anonymous"])
def test_only_the_runners_coach_may_export(who: str) -> None:
    runner = make_runner()
    make_block(runner)
    person = {"another coach": make_user(), "the runner": runner.user, "anonymous": None}[who]

    response = browser_client(person).get(url(runner.pk, "json"))

    assert response.status_code == (302 if person is None else 404)


def test_an_unknown_format_is_a_404() -> None:
    runner = make_runner()

    response = browser_client(runner.coach).get(url(runner.pk, "xlsx"))

    assert response.status_code == 404


def test_export_uses_a_fixed_number_of_queries(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    runner = make_runner()
    make_block(runner, weeks=16, progression_runs=24)
    client = browser_client(runner.coach)

    with django_assert_max_num_queries(9):  # 9: one for the recorded runs
        response = client.get(url(runner.pk, "json"))

    assert response.status_code == 200
    (exported,) = json.loads(response.content)["blocks"]
    assert len(exported["sessions"]) == 16 * 5


@pytest.mark.parametrize(("unit", "miles_or_km"), [("mi", 1609.344), ("km", 1000.0)])
def test_csv_distances_are_in_the_runners_unit_and_a_column_says_which(
    unit: str, miles_or_km: float
) -> None:
    runner = make_runner(unit=unit)
    block = make_block(runner, published=True)
    done = block.sessions.filter(kind="easy").order_by("date").first()
    assert done is not None
    done.mark_done(minutes=41, distance_km=8.0467, effort=3, note="")

    response = browser_client(runner.coach).get(url(runner.pk, "csv"))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert "planned_km" not in rows[0]
    assert "actual_km" not in rows[0]
    assert {row["unit"] for row in rows} == {unit}
    logged = next(row for row in rows if row["date"] == done.date.isoformat())
    assert float(logged["actual_distance"]) == round(8046.7 / miles_or_km, 2)
    for row, session in zip(rows, block.sessions.order_by("date"), strict=True):
        assert float(row["planned_distance"]) == pytest.approx(
            session.distance_m / miles_or_km, abs=0.005
        )
