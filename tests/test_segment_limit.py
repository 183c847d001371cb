"""A workout template holds at most what a watch workout holds: the admin's form, the model
and the database refuse a 31st segment, and a posted form claiming a million segments is
refused after building no more forms than the limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from planner import limits, watch
from planner.admin import SegmentFormSet
from planner.models import TemplateSegment, WorkoutTemplate
from tests.factories import make_template
from tests.test_admin import template_post

pytestmark = pytest.mark.django_db

TOO_MANY = f"A workout has at most {limits.MOST_SEGMENTS} segments"


@pytest.fixture
def forms_built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the segment forms the admin builds, one entry per form."""
    built: list[int] = []
    construct = SegmentFormSet._construct_form  # type: ignore[attr-defined]

    def counting(self: SegmentFormSet, i: int, **kwargs: Any) -> Any:
        built.append(i)
        return construct(self, i, **kwargs)

    monkeypatch.setattr(SegmentFormSet, "_construct_form", counting)
    return built


def easy_segments(count: int) -> list[dict[str, Any]]:
    return [{"duration_s": 60} for _ in range(count)]


def test_the_template_limit_is_the_watch_workouts_step_limit() -> None:
    assert watch.MOST_STEPS == limits.MOST_SEGMENTS == 30


def test_a_template_of_thirty_segments_is_accepted(admin_client_logged_in: Client) -> None:
    response = admin_client_logged_in.post(
        reverse("admin:planner_workouttemplate_add"),
        template_post("Thirty", easy_segments(limits.MOST_SEGMENTS)),
    )

    assert response.status_code == 302
    assert TemplateSegment.objects.filter(template__name="Thirty").count() == 30


def test_a_template_of_thirty_one_segments_is_refused_and_nothing_is_stored(
    admin_client_logged_in: Client,
) -> None:
    response = admin_client_logged_in.post(
        reverse("admin:planner_workouttemplate_add"),
        template_post("Thirty-one", easy_segments(limits.MOST_SEGMENTS + 1)),
    )

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert not WorkoutTemplate.objects.filter(name="Thirty-one").exists()
    assert not TemplateSegment.objects.filter(template__name="Thirty-one").exists()


def test_a_form_claiming_a_million_segments_is_refused_after_building_at_most_thirty(
    admin_client_logged_in: Client, forms_built: list[int]
) -> None:
    data = template_post("Million", easy_segments(2)) | {"segments-TOTAL_FORMS": "1000000"}

    response = admin_client_logged_in.post(reverse("admin:planner_workouttemplate_add"), data)

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert not WorkoutTemplate.objects.filter(name="Million").exists()
    # Built once to validate, once more to draw the page again: never past the limit each.
    assert 0 < len(forms_built) <= 2 * limits.MOST_SEGMENTS
    assert max(forms_built) < limits.MOST_SEGMENTS


def test_the_model_refuses_a_segment_past_the_watchs_steps() -> None:
    template = make_template()
    segment = TemplateSegment(
        template=template,
        position=limits.MOST_SEGMENTS + 1,
        amount_kind="duration",
        duration_s=60,
        pace_anchor="easy",
    )

    with pytest.raises(ValidationError) as refused:
        segment.full_clean()

    assert "position" in refused.value.message_dict
    assert TOO_MANY in " ".join(refused.value.messages)


def test_the_database_refuses_a_segment_past_the_watchs_steps() -> None:
    template = make_template()

    with pytest.raises(IntegrityError), transaction.atomic():
        TemplateSegment.objects.create(
            template=template,
            position=limits.MOST_SEGMENTS + 1,
            amount_kind="duration",
            duration_s=60,
            pace_anchor="easy",
        )

    assert list(template.segments.values_list("position", flat=True)) == [1]
