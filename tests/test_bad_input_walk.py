"""A walk of every named view with hostile values, as an attacker would send them: never a
500, and a refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.forms import PasswordChangeForm
from django.forms import Form, ModelForm
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from planner.forms.accounts import LoginForm
from planner.forms.blocks import BlockForm, ChangeSessionForm, CopyBlockForm, MoveSessionForm
from planner.forms.profile import ProfileForm
from planner.forms.recordings import UploadForm
from planner.forms.roster import RunnerEditForm
from planner.forms.squads import (
    CopyForwardForm,
    GroupDayForm,
    MemberForm,
    SquadForm,
    SquadPlanForm,
)
from planner.forms.week import DoneForm, SkipForm
from planner.models import Recording, Runner, Squad, TrainingBlock
from tests.clock import BLOCK_MONDAY
from tests.factories import (
    make_block,
    make_runner,
)
from tests.refusals import (
    HUGE,
    TOO_LONG,
    database,
)
from tests.world import recorded_run

pytestmark = pytest.mark.django_db

# --- 12. a walk of every named view with hostile values ---

HOSTILE_VALUES: list[tuple[str, str | list[str]]] = [
    ("huge", HUGE),
    ("negative", "-1"),
    ("past 2**63", str(2**64)),
    ("year one", "0001-01-01"),
    ("year 9999", "9999-12-31"),
    ("long", TOO_LONG),
    ("nul", "a\x00b"),
    ("list", ["1", "2", HUGE]),
    ("list of huge", [HUGE, "-1"]),
    ("float", "1e400"),
]
# Every name a form or a view reads, so each hostile value reaches each field: the fields of
# every form the views bind, and the two names views read straight from the query.
FORMS: list[type[Form] | type[ModelForm[Any]]] = [
    LoginForm,
    PasswordChangeForm,
    RunnerEditForm,
    ProfileForm,
    BlockForm,
    ChangeSessionForm,
    MoveSessionForm,
    CopyBlockForm,
    DoneForm,
    SkipForm,
    UploadForm,
    SquadForm,
    MemberForm,
    SquadPlanForm,
    GroupDayForm,
    CopyForwardForm,
]
FIELD_NAMES = [*dict.fromkeys(name for form in FORMS for name in form.base_fields), "page", "next"]
NOT_UTF_8 = "&".join(f"{name}=%ff%fe%c0" for name in FIELD_NAMES)


def named_urls(values: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every named view but the admin's, with its URL filled from ``values``."""

    def walk(
        patterns: list[URLPattern | URLResolver], namespace: str, params: frozenset[str]
    ) -> Iterator[tuple[str, frozenset[str]]]:
        for pattern in patterns:
            own = frozenset(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                if pattern.app_name != "admin":
                    inner = pattern.namespace or namespace
                    yield from walk(pattern.url_patterns, inner, params | own)
            elif pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), params | own

    for name, params in walk(get_resolver().url_patterns, "", frozenset()):
        if name != "logout":  # it would end the walk's own session
            yield name, reverse(name, kwargs={key: values[key] for key in params})


def hostile_requests(client: Client, url: str) -> Iterator[tuple[str, Any]]:
    for label, value in HOSTILE_VALUES:
        data = dict.fromkeys(FIELD_NAMES, value)
        yield f"GET {label}", lambda data=data: client.get(url, data)
        yield (
            f"GET htmx {label}",
            lambda data=data: client.get(url, data, headers={"HX-Request": "true"}),
        )
        yield f"POST {label}", lambda data=data: client.post(url, data)
    yield "GET not UTF-8", lambda: client.get(f"{url}?{NOT_UTF_8}")
    yield (
        "POST not UTF-8",
        lambda: client.post(url, NOT_UTF_8, content_type="application/x-www-form-urlencoded"),
    )


@pytest.mark.parametrize("who", ["owner coach", "runner"])
def test_no_hostile_value_on_any_view_reaches_a_500_and_refusals_change_nothing(
    who: str,
) -> None:
    runner = make_runner()
    block = make_block(runner, published=True, start=BLOCK_MONDAY - timedelta(weeks=1))
    session = block.sessions.filter(date__lte=BLOCK_MONDAY).order_by("date").first()
    assert session is not None
    person = runner.coach if who == "owner coach" else runner.user
    client = Client(raise_request_exception=False)
    client.force_login(person)
    values = {
        "runner_id": runner.pk,
        "block_id": block.pk,
        "session_id": session.pk,
        "recording_id": Recording.objects.store_upload(runner, recorded_run(), "run.gpx").pk,
        "day": (block.start + timedelta(days=2)).isoformat(),
        "file_format": "csv",
        "uidb64": "MQ",
        "token": "not-a-real-token",
        "squad_id": Squad.objects.create(coach=runner.coach, name="Tuesday group").pk,
    }

    checked = set()
    for name, url in named_urls(values):
        for label, send in hostile_requests(client, url):
            before = database()

            response = send()

            assert response.status_code < 500, (who, name, label)
            if response.status_code >= 400:
                assert database() == before, (who, name, label)
            checked.add(name)
    assert len(checked) >= 30  # the walk found every view
    assert TrainingBlock.objects.filter(pk=block.pk).exists()
    assert Runner.objects.filter(pk=runner.pk).exists()
