"""What the database itself refuses, whatever code tries to store."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from planner.models import TemplateSegment, WorkoutTemplate
from tests.factories import make_runner, make_template

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"race_distance_m": 100}, id="a-100-m-race"),
        pytest.param({"race_distance_m": 50000}, id="longer-than-a-marathon"),
        pytest.param({"race_seconds": 0}, id="zero-time"),
        pytest.param({"race_seconds": 30}, id="faster-than-1000-m-per-min"),
        pytest.param({"race_seconds": 13 * 3600}, id="slower-than-50-m-per-min"),
        pytest.param({"easy_pace_override_s_per_km": 30}, id="absurd-easy-pace"),
        pytest.param({"run_days": 0}, id="no-run-days"),
        pytest.param({"long_run_day": 7}, id="an-eighth-weekday"),
    ],
)
def test_database_refuses_a_runner_that_cannot_exist(overrides: dict[str, Any]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_runner(**overrides)


def test_a_runner_with_a_50_minute_10k_has_vdot_40_and_8_03_ten_k_pace() -> None:
    runner = make_runner(race_distance_m=10000, race_seconds=3000)

    assert runner.vdot == pytest.approx(40.0, abs=0.2)
    assert round(runner.training_paces().ten_k * 1.609344, 1) == pytest.approx(482.8, abs=0.1)


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"amount_kind": "duration", "pace_anchor": "easy"}, id="missing-amount"),
        pytest.param(
            {"amount_kind": "duration", "duration_s": 60, "distance_m": 100, "pace_anchor": "easy"},
            id="two-amounts",
        ),
        pytest.param(
            {"amount_kind": "same_distance", "same_as": 2, "pace_anchor": "easy"},
            id="same-distance-as-itself",
        ),
        pytest.param(
            {
                "amount_kind": "duration",
                "duration_s": 60,
                "pace_anchor": "segment",
                "pace_segment": 3,
            },
            id="pace-of-a-later-segment",
        ),
        pytest.param(
            {"amount_kind": "duration", "duration_s": 60, "pace_anchor": "easy", "pace_segment": 1},
            id="pace-segment-without-segment-anchor",
        ),
        pytest.param(
            {"amount_kind": "duration", "duration_s": 60, "pace_anchor": "easy", "offset_s": 999},
            id="nonsense-offset",
        ),
    ],
)
def test_database_refuses_a_segment_that_cannot_resolve(fields: dict[str, Any]) -> None:
    template = make_template()

    with pytest.raises(IntegrityError), transaction.atomic():
        TemplateSegment.objects.create(template=template, position=2, **fields)


def test_two_segments_cannot_share_a_position() -> None:
    template = make_template()

    with pytest.raises(IntegrityError), transaction.atomic():
        TemplateSegment.objects.create(
            template=template, position=1, amount_kind="duration", duration_s=60, pace_anchor="easy"
        )


def test_the_five_shipped_templates_are_there_and_active() -> None:
    shipped = WorkoutTemplate.objects.filter(active=True).values_list("name", "kind")

    assert set(shipped) == {
        ("Easy run", "easy"),
        ("Long run", "long"),
        ("Steady 40 + fast 10", "progression"),
        ("Fifths with fast finish (10 miles)", "progression"),
        ("Out and back (45 minutes)", "progression"),
    }
