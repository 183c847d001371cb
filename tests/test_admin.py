"""The admin: templates with checked segments and a preview, runners and blocks."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from planner.models import Runner, TemplateSegment, WorkoutTemplate
from tests.factories import (
    admin_runner_form,
    make_block,
    make_runner,
    make_template,
    make_user,
)

pytestmark = pytest.mark.django_db


def template_post(name: str, segments: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": name,
        "kind": "progression",
        "description": "",
        "active": "on",
        "segments-TOTAL_FORMS": str(len(segments)),
        "segments-INITIAL_FORMS": "0",
        "segments-MIN_NUM_FORMS": "1",
        "segments-MAX_NUM_FORMS": "1000",
    }
    for index, segment in enumerate(segments):
        defaults = {
            "position": index + 1,
            "amount_kind": "duration",
            "duration_s": "",
            "distance_m": "",
            "same_as": "",
            "pace_anchor": "easy",
            "pace_segment": "",
            "offset_s": "0",
            "offset_unit": "mi",
        }
        defaults.update(segment)
        # The editor reads a duration as an admin types it (min:s); tests write seconds.
        if isinstance(defaults["duration_s"], int):
            defaults["duration_s"] = "{}:{:02d}".format(*divmod(defaults["duration_s"], 60))
        for field, value in defaults.items():
            data[f"segments-{index}-{field}"] = "" if value is None else str(value)
    return data


def add_template(client: Client, segments: list[dict[str, Any]]) -> Any:
    return client.post(
        reverse("admin:planner_workouttemplate_add"), template_post("Tempo test", segments)
    )


def template_refused(client: Client, segments: list[dict[str, Any]], message: str) -> None:
    """The admin's new template is refused with ``message``, and nothing of it is saved."""
    response = add_template(client, segments)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WorkoutTemplate.objects.filter(name="Tempo test").exists()
    assert not TemplateSegment.objects.filter(template__name="Tempo test").exists()


def test_admin_adds_a_valid_template_with_ordered_segments(admin_client_logged_in: Client) -> None:
    response = add_template(
        admin_client_logged_in,
        [
            {"duration_s": 1500},
            {
                "amount_kind": "same_distance",
                "same_as": 1,
                "pace_anchor": "segment",
                "pace_segment": 1,
                "offset_s": -90,
            },
        ],
    )

    assert response.status_code == 302
    template = WorkoutTemplate.objects.get(name="Tempo test")
    assert [(s.position, s.amount_kind) for s in template.segments.all()] == [
        (1, "duration"),
        (2, "same_distance"),
    ]


@pytest.mark.parametrize(
    ("segments", "message"),
    [
        pytest.param(
            [{"amount_kind": "same_distance", "same_as": 1}],
            "earlier segment",
            id="segment-refers-to-itself",
        ),
        pytest.param(
            [{"duration_s": 600}, {"amount_kind": "same_distance", "same_as": 3}],
            "earlier segment",
            id="segment-refers-to-a-later-one",
        ),
        pytest.param(
            [{"duration_s": 600, "pace_anchor": "segment", "pace_segment": 2}, {"duration_s": 60}],
            "earlier segment",
            id="pace-from-a-later-segment",
        ),
        pytest.param([{"amount_kind": "duration"}], "exactly one amount", id="missing-amount"),
        pytest.param([{"duration_s": 600, "offset_s": 999}], "±300 s", id="nonsense-offset"),
        pytest.param(
            [{"duration_s": 600}, {"duration_s": 600, "position": 3}],
            "without gaps",
            id="gap-in-numbering",
        ),
    ],
)
def test_admin_refuses_a_broken_template_with_a_clear_message(
    admin_client_logged_in: Client, segments: list[dict[str, Any]], message: str
) -> None:
    template_refused(admin_client_logged_in, segments, message)


def test_template_page_previews_the_fifths_for_three_sample_runners(
    admin_client_logged_in: Client,
) -> None:
    fifths = WorkoutTemplate.objects.get(name="Fifths with fast finish (10 miles)")

    response = admin_client_logged_in.get(
        reverse("admin:planner_workouttemplate_change", args=[fifths.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    for label in ("10K in 40:00", "10K in 50:00", "10K in 60:00"):
        assert label in page
    assert "10K pace 8:03 /mi, 5:00 /km" in page
    for pace in ("9:03 /mi", "8:48 /mi", "8:33 /mi", "8:18 /mi"):
        assert pace in page
    assert "1:25:28" in page
    assert "hard: 49:47" in page


def test_preview_explains_a_saved_template_that_cannot_resolve(
    admin_client_logged_in: Client,
) -> None:
    # Position 3 after 1 slips past the database (no gap check there) but not the resolver.
    broken = make_template(
        kind="progression",
        segments=[{"amount_kind": "duration", "duration_s": 600, "pace_anchor": "easy"}],
    )
    TemplateSegment.objects.create(
        template=broken, position=3, amount_kind="same_distance", same_as=2, pace_anchor="easy"
    )

    response = admin_client_logged_in.get(
        reverse("admin:planner_workouttemplate_change", args=[broken.pk])
    )

    assert response.status_code == 200
    assert "errornote" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param({"race_distance_m": 100}, "1,500 m", id="a-100-m-race"),
        pytest.param({"race_seconds": 0}, "more than zero", id="zero-time"),
        pytest.param({"race_seconds": 30}, "1,000 m per minute", id="faster-than-humanly-possible"),
        pytest.param({"time_zone": "Mars/Olympus"}, "not a time zone", id="unknown-time-zone"),
        pytest.param({"long_run_day": 2}, "must be a run day", id="long-run-on-a-rest-day"),
    ],
)
def test_admin_refuses_a_runner_with_an_impossible_race(
    admin_client_logged_in: Client, overrides: dict[str, Any], message: str
) -> None:
    coach, user = make_user(), make_user()

    response = admin_client_logged_in.post(
        reverse("admin:planner_runner_add"), admin_runner_form(coach.pk, user.pk, **overrides)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Runner.objects.exists()


def test_admin_adds_a_runner_with_a_real_race(admin_client_logged_in: Client) -> None:
    coach, user = make_user(), make_user()

    response = admin_client_logged_in.post(
        reverse("admin:planner_runner_add"), admin_runner_form(coach.pk, user.pk)
    )

    assert response.status_code == 302
    assert Runner.objects.get().coach == coach


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:planner_workouttemplate_changelist",
        "admin:planner_runner_changelist",
        "admin:planner_trainingblock_changelist",
    ],
)
def test_admin_lists_search_and_filter(admin_client_logged_in: Client, url_name: str) -> None:
    make_runner(name="Searchable Sam")

    response = admin_client_logged_in.get(reverse(url_name), {"q": "Sam"})

    assert response.status_code == 200


def test_admin_is_closed_to_a_coach_without_staff_rights(client: Client) -> None:
    client.force_login(make_user())

    response = client.get(reverse("admin:planner_workouttemplate_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_blocks_are_seen_but_not_changed_in_the_admin(admin_client_logged_in: Client) -> None:
    block = make_block()
    url = reverse("admin:planner_trainingblock_change", args=[block.pk])

    page = admin_client_logged_in.get(url)
    refused = admin_client_logged_in.post(url, {"aerobic_floor_percent": 70, "weeks": 1})

    assert page.status_code == 200
    assert refused.status_code == 403
    block.refresh_from_db()
    assert (block.aerobic_floor_percent, block.weeks, block.version) == (80, 4, 1)
