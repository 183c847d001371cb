"""The template editor reads amounts as an admin writes them; its live preview is staff's."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from planner.admin_segments import (
    read_distance,
    read_duration,
    read_offset,
    show_distance,
    show_duration,
    show_offset,
)
from planner.models import WorkoutTemplate
from tests.factories import make_user
from tests.test_admin import add_template, template_post, template_refused

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [("40", 2400), ("40:00", 2400), (" 7:30 ", 450), ("1:05:00", 3900), ("0.5", 30),
     ("90", 5400)],
)  # fmt: skip
def test_a_duration_is_read_in_minutes_or_clock_time(typed: str, seconds: int) -> None:
    assert read_duration(typed) == seconds


@pytest.mark.parametrize(("seconds", "shown"), [(2400, "40:00"), (450, "7:30"), (3900, "1:05:00")])
def test_a_stored_duration_is_shown_as_clock_time_and_reads_back(seconds: int, shown: str) -> None:
    assert show_duration(seconds) == shown
    assert read_duration(shown) == seconds


@pytest.mark.parametrize(
    ("typed", "metres"),
    [("5 km", 5000.0), ("2 mi", 3218.688), ("400 m", 400.0), ("1.5KM", 1500.0)],
)
def test_a_distance_is_read_with_its_unit(typed: str, metres: float) -> None:
    assert read_distance(typed) == pytest.approx(metres)


@pytest.mark.parametrize(
    ("metres", "shown"), [(3218.688, "2 mi"), (5000.0, "5 km"), (400.0, "400 m"), (2500, "2.5 km")]
)
def test_a_stored_distance_is_shown_in_the_unit_it_was_written_in(
    metres: float, shown: str
) -> None:
    assert show_distance(metres) == shown
    assert read_distance(shown) == pytest.approx(metres)


@pytest.mark.parametrize(
    ("typed", "seconds"), [("-20", -20.0), ("-0:20", -20.0), ("+1:05", 65.0), ("15 s", 15.0)]
)
def test_an_offset_is_read_in_seconds_or_min_s_per_unit(typed: str, seconds: float) -> None:
    assert read_offset(typed) == seconds
    assert read_offset(show_offset(seconds)) == seconds


def segment_row(**fields: Any) -> dict[str, Any]:
    return {"amount_kind": "duration", "duration_s": "40:00", **fields}


@pytest.mark.parametrize(
    ("segment", "message"),
    [
        pytest.param(segment_row(duration_s="forty"), "minutes (40), min:s", id="words"),
        pytest.param(segment_row(duration_s="40:75"), "minutes (40), min:s", id="75-seconds"),
        pytest.param(segment_row(duration_s="0"), "from a second to 600 minutes", id="nothing"),
        pytest.param(segment_row(duration_s="601"), "from a second to 600 minutes", id="too-long"),
        pytest.param(
            {"amount_kind": "distance", "duration_s": "", "distance_m": "5"},
            "with its unit: 5 km, 3 mi or 400 m",
            id="distance-without-unit",
        ),
        pytest.param(segment_row(offset_s="fast"), "minus is faster", id="offset-words"),
        pytest.param(segment_row(offset_s="-6:00"), "±300 s", id="offset-too-large"),
    ],
)
def test_an_amount_the_editor_cannot_read_is_refused_with_what_to_type_and_nothing_saved(
    admin_client_logged_in: Client, segment: dict[str, Any], message: str
) -> None:
    template_refused(admin_client_logged_in, [segment], message)


def test_the_editor_stores_seconds_and_metres_from_what_the_admin_typed(
    admin_client_logged_in: Client,
) -> None:
    response = add_template(
        admin_client_logged_in,
        [
            {"duration_s": "1:05:00"},
            {"amount_kind": "distance", "duration_s": "", "distance_m": "2 mi",
             "pace_anchor": "segment", "pace_segment": 1, "offset_s": "-0:20"},
        ],
    )  # fmt: skip

    assert response.status_code == 302
    first, second = WorkoutTemplate.objects.get(name="Tempo test").segments.all()
    assert first.duration_s == 3900
    assert second.distance_m == pytest.approx(3218.688)
    assert second.offset_s == -20


PREVIEW = reverse("admin:planner_workouttemplate_preview")


def test_the_live_preview_shows_unsaved_segments_for_three_runners_and_saves_nothing(
    admin_client_logged_in: Client,
) -> None:
    data = template_post("Unsaved", [{"duration_s": "50"}])

    response = admin_client_logged_in.post(PREVIEW, data)

    page = response.content.decode()
    assert response.status_code == 200
    for label in ("10K in 40:00", "10K in 50:00", "10K in 60:00"):
        assert label in page
    assert "50:00" in page
    assert not WorkoutTemplate.objects.filter(name="Unsaved").exists()


def test_the_live_preview_says_which_segment_it_cannot_read(
    admin_client_logged_in: Client,
) -> None:
    data = template_post("Unsaved", [{"duration_s": "soon"}])

    page = admin_client_logged_in.post(PREVIEW, data).content.decode()

    assert "Segment 1: Type a duration in minutes (40)" in page


@pytest.mark.parametrize("who", ["a coach", "anonymous"])
def test_the_live_preview_is_for_staff_only(client: Client, who: str) -> None:
    if who == "a coach":
        client.force_login(make_user())

    response = client.post(PREVIEW, template_post("Unsaved", [{"duration_s": "50"}]))

    assert response.status_code == 302  # the admin's login page
    assert "10K in 50:00" not in response.content.decode()


def test_the_live_preview_answers_only_a_post(admin_client_logged_in: Client) -> None:
    assert admin_client_logged_in.get(PREVIEW).status_code == 405
