"""Spreadsheet formulas in the CSV export: every text cell a spreadsheet would run is
neutralised, ordinary text is left alone.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from planner.models import ScheduledSession
from tests.clock import BLOCK_MONDAY
from tests.factories import (
    make_block,
    make_runner,
)
from tests.http import browser_client

pytestmark = pytest.mark.django_db

# --- 8. spreadsheet formulas in the CSV export ---


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_export_neutralises_every_text_cell_that_a_spreadsheet_would_run(start: str) -> None:
    runner = make_runner(name=f"{start}Runner")
    block = make_block(runner, published=True, start=BLOCK_MONDAY - timedelta(weeks=1))
    formula = f'{start}HYPERLINK("http://evil.example","x")'
    ScheduledSession.objects.filter(block=block).update(
        note=formula, skip_reason=formula, title=formula
    )

    response = browser_client(runner.coach).get(
        reverse("planner:runner_export", args=[runner.pk, "csv"])
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response.status_code == 200
    assert rows
    for row in rows:
        for column in ("title", "note", "skip_reason"):
            assert row[column] == "'" + formula, column
        assert not row["planned_minutes"].startswith("'")


def test_csv_export_leaves_ordinary_text_and_negative_looking_numbers_alone() -> None:
    runner = make_runner()
    block = make_block(runner, published=True)
    ScheduledSession.objects.filter(block=block).update(note="Felt good - windy")

    response = browser_client(runner.coach).get(
        reverse("planner:runner_export", args=[runner.pk, "csv"])
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["note"] for row in rows} == {"Felt good - windy"}
