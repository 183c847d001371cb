"""Bad input from anyone, anywhere: a clear refusal (4xx or a form error), never a 500, and
the database exactly as it was.

Dates at the ends of the calendar, numbers past a database column, text past a column,
blank credentials, spreadsheet formulas, addresses that belong to someone else; then a
walk of every named view with hostile values, as an attacker would send them.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.db.models import Model
from django.forms import Form, ModelForm
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import given
from hypothesis import strategies as st

from planner import formatting, limits
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
from planner.models import Recording, Runner, ScheduledSession, Squad, TrainingBlock
from tests.builder import MONDAY, builder_data
from tests.clock import TOMORROW
from tests.factories import (
    admin_runner_form,
    make_admin,
    make_block,
    make_runner,
    make_user,
    runner_form,
    shipped,
)
from tests.http import browser_client, csrf_token, post
from tests.world import recorded_run

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * 10_000
HUGE = str(10**30)
TEXT_NEW = ["name", "email", "race_time", "time_zone"]


def database() -> dict[str, list[dict[str, Any]]]:
    """Every row of the planner's tables and the users: what no refusal may change."""
    models: list[type[Model]] = [*apps.get_app_config("planner").get_models(), User]
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values()) for model in models
    }


def refused(client: Client, url: str, data: dict[str, Any], status: int = 422) -> str:
    """Post ``data`` to ``url``, check it was refused (``status``) and changed nothing; the page.
    422: a form to correct; 400: a request no form of the page could have sent."""
    before = database()
    response = post(client, url, data)
    assert response.status_code == status
    assert database() == before
    return str(response.text)


def runner_data(**overrides: Any) -> dict[str, Any]:
    return runner_form(**{"email": "bea.okafor@example.com", **overrides})


def block_data(**overrides: Any) -> dict[str, Any]:
    return builder_data(**{"start": (MONDAY + timedelta(weeks=8)).isoformat(), **overrides})


def admin_runner_data(**overrides: Any) -> dict[str, Any]:
    user = make_user().pk
    return admin_runner_form(coach_id=make_user().pk, user_id=user, **overrides)


def last_monday_before(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- 1. dates at the ends of the calendar ---

IMPLAUSIBLE_RACE_DATES = [
    pytest.param("0001-01-01", "2000", id="year-one"),
    pytest.param("1999-12-31", "2000", id="a-day-before-the-plausible-range"),
    pytest.param("9999-12-31", "in the future", id="year-9999"),
    pytest.param(TOMORROW.isoformat(), "in the future", id="tomorrow"),
]


@pytest.mark.parametrize(("race_date", "message"), IMPLAUSIBLE_RACE_DATES)
def test_coach_cannot_add_a_runner_with_an_implausible_race_date(
    race_date: str, message: str
) -> None:
    client = browser_client(make_user())
    text = refused(client, reverse("planner:runner_new"), runner_data(race_date=race_date))

    assert message in text


@pytest.mark.parametrize(("race_date", "message"), IMPLAUSIBLE_RACE_DATES)
def test_coach_cannot_change_a_runners_race_date_to_an_implausible_one(
    race_date: str, message: str
) -> None:
    runner = make_runner()
    client = browser_client(runner.coach)
    text = refused(
        client, reverse("planner:runner_edit", args=[runner.pk]), runner_data(race_date=race_date)
    )

    assert message in text


@pytest.mark.parametrize(
    "race_date", ["0001-01-01", "1999-12-31", "9999-12-31", TOMORROW.isoformat()]
)
def test_admin_cannot_store_a_runner_with_an_implausible_race_date(race_date: str) -> None:
    client = Client()
    client.force_login(make_admin())
    data = admin_runner_data(race_date=race_date)
    before = database()

    response = client.post(reverse("admin:planner_runner_add"), data)

    assert response.status_code == 200
    assert "A race date is from 01 January 2000" in response.text
    assert database() == before


@pytest.mark.parametrize(
    ("start", "weeks", "message"),
    [
        pytest.param(date(1, 1, 1), 4, "A block starts between 2000 to 2100", id="year-one"),
        pytest.param(last_monday_before(date(9999, 12, 31)), 4, "starts between", id="year-9999"),
        pytest.param(
            last_monday_before(limits.LATEST_DAY), 4, "must end by 31 December 2100", id="2100"
        ),
    ],
)
def test_coach_cannot_start_a_new_block_at_the_ends_of_the_calendar(
    start: date, weeks: int, message: str
) -> None:
    runner = make_runner()
    client = browser_client(runner.coach)
    text = refused(
        client,
        reverse("planner:block_new", args=[runner.pk]),
        block_data(start=start.isoformat(), weeks=weeks),
    )

    assert message in text


def copy_refused(data: Callable[[TrainingBlock], dict[str, Any]]) -> str:
    """Post the copy form of a new block with ``data(block)``: refused (400), nothing changed."""
    block = make_block()
    url = reverse("planner:block_copy", args=[block.pk])
    return refused(browser_client(block.runner.coach), url, data(block), status=400)


@pytest.mark.parametrize(
    "start", [date(1, 1, 1), last_monday_before(date(9999, 12, 31)), date(1999, 12, 27)]
)
def test_coach_cannot_copy_a_block_to_a_start_outside_the_plausible_range(start: date) -> None:
    text = copy_refused(lambda block: {"runner": block.runner.pk, "start": start.isoformat()})

    assert "A block starts between 2000 to 2100" in text


# --- 2. numbers too large for the database ---

NUMBERS_PAST_A_COLUMN = [HUGE, "-1", str(2**63), str(limits.LARGEST_DB_INTEGER + 1), "1e400"]


@pytest.mark.parametrize("number", NUMBERS_PAST_A_COLUMN)
@pytest.mark.parametrize(
    "field",
    [
        "weeks",
        "easy_minutes",
        "long_minutes",
        "progression_runs",
        "aerobic_floor",
        "easy_template",
        "long_template",
        "progression_templates",
    ],
)
def test_a_new_block_with_a_number_past_its_column_is_refused(field: str, number: str) -> None:
    runner = make_runner()
    client = browser_client(runner.coach)
    text = refused(
        client, reverse("planner:block_new", args=[runner.pk]), block_data(**{field: number})
    )

    assert "To see the plan, fix" in text


@pytest.mark.parametrize("number", NUMBERS_PAST_A_COLUMN)
@pytest.mark.parametrize("field", ["version", "template", "minutes"])
def test_a_session_change_with_a_number_past_its_column_is_refused(field: str, number: str) -> None:
    block = make_block()
    session = block.sessions.order_by("date").first()
    assert session is not None
    client = browser_client(block.runner.coach)
    data = {"version": block.version, "template": shipped("Easy run").pk, "minutes": 40}
    text = refused(
        client,
        reverse("planner:session_edit", args=[block.pk, session.pk]),
        data | {field: number},
        status=400,
    )

    assert "This change could not be read" in text


@pytest.mark.parametrize("number", [*NUMBERS_PAST_A_COLUMN, "abc", "1.5", "٣"])
def test_a_copy_for_a_runner_id_past_its_column_is_refused(number: str) -> None:
    text = copy_refused(
        lambda block: {"runner": number, "start": (block.end + timedelta(days=1)).isoformat()}
    )

    assert "Select a valid choice" in text


@pytest.mark.parametrize("number", NUMBERS_PAST_A_COLUMN)
def test_a_new_runner_with_a_race_distance_past_its_column_is_refused(number: str) -> None:
    client = browser_client(make_user())
    text = refused(client, reverse("planner:runner_new"), runner_data(race_distance_m=number))

    assert "The runner was not added" in text


@pytest.mark.parametrize("number", NUMBERS_PAST_A_COLUMN)
def test_a_run_logged_with_an_effort_past_its_column_is_refused(number: str) -> None:
    runner = make_runner()
    make_block(runner, published=True, start=MONDAY - timedelta(weeks=1))
    session = ScheduledSession.objects.filter(date__lte=MONDAY).order_by("date").first()
    assert session is not None
    client = browser_client(runner.user)
    text = refused(
        client, reverse("planner:log_done", args=[session.pk]), {"minutes": "40", "effort": number}
    )

    assert "was not logged" in text


# --- 3. a huge race time in the admin ---


@pytest.mark.parametrize(
    ("field", "number"),
    [
        ("race_seconds", 10**30),
        ("race_seconds", 10**400),
        ("race_distance_m", 10**30),
        ("race_distance_m", 10**400),
    ],
)
def test_admin_refuses_a_race_number_past_its_column_with_a_message(
    field: str, number: int
) -> None:
    client = Client()
    client.force_login(make_admin())
    data = admin_runner_data(**{field: number})
    before = database()

    response = client.post(reverse("admin:planner_runner_add"), data)

    assert response.status_code == 200
    assert "That is not a race: 2147483647 is the most this field holds." in response.text
    assert database() == before


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_formatting_never_overflows_for_a_finite_number(number: float) -> None:
    for show in (
        formatting.percent,
        formatting.duration,
        formatting.minutes,
        lambda n: formatting.pace(n, "km"),
        lambda n: formatting.pace(n, "mi"),
        lambda n: formatting.distance(n, "km"),
        lambda n: formatting.distance(n, "mi"),
    ):
        try:
            shown = show(number)
        except ValueError:
            continue  # the formatter's own refusal of a negative or unshowable amount
        assert isinstance(shown, str)


def test_formatting_shows_the_largest_float_as_a_time_and_a_distance() -> None:
    assert re.fullmatch(r"[0-9]+:[0-5][0-9]:[0-5][0-9]", formatting.duration(1e30))
    assert formatting.distance(1.7e308, "km").endswith(" km")
    assert math.isfinite(float(formatting.minutes(1e308).split()[0]))


# --- 4. text longer than its column ---


def test_ten_thousand_characters_in_every_text_input_are_refused_and_change_nothing() -> None:
    runner = make_runner()
    make_block(runner, published=True, start=MONDAY - timedelta(weeks=1))
    session = ScheduledSession.objects.filter(date__lte=MONDAY).order_by("date").first()
    assert session is not None
    admin = make_admin()
    forms: list[tuple[User, str, dict[str, Any], list[str], int]] = [
        (runner.coach, reverse("planner:runner_new"), runner_data(), TEXT_NEW, 422),
        (
            runner.coach,
            reverse("planner:runner_edit", args=[runner.pk]),
            runner_data(),
            ["name", "race_time", "time_zone"],
            422,
        ),
        (runner.user, reverse("planner:my_profile"), {"unit": "km"}, ["time_zone"], 422),
        (
            runner.user,
            reverse("planner:log_done", args=[session.pk]),
            {"minutes": "40"},
            ["note"],
            422,
        ),
        (runner.user, reverse("planner:log_skipped", args=[session.pk]), {}, ["reason"], 422),
        (
            admin,
            reverse("admin:planner_runner_add"),
            admin_runner_data(),
            ["name", "time_zone"],
            200,
        ),
    ]
    checked = 0
    for person, url, valid, fields, status in forms:
        client = browser_client(person)
        for field in fields:
            before = database()

            response = post(client, url, valid | {field: TOO_LONG})

            assert response.status_code == status, (url, field)
            assert "Ensure this value has at most" in response.text, (url, field)
            assert database() == before, (url, field)
            checked += 1
    assert checked == 12


@pytest.mark.parametrize("zone", ["a" * 256, "Europe/" + "a" * 300, "a" * 65])
def test_coach_gets_a_form_error_for_a_time_zone_longer_than_its_column(zone: str) -> None:
    client = browser_client(make_user())
    text = refused(client, reverse("planner:runner_new"), runner_data(time_zone=zone))

    assert f"at most {limits.TIME_ZONE_LENGTH} characters" in text


# --- 5. blank credentials ---


@pytest.mark.parametrize(
    ("username", "password", "blank"),
    [("", "", ["username", "password"]), ("   ", "x", ["username"]), ("cora", "", ["password"])],
)
def test_blank_credentials_show_a_message_under_each_blank_field(
    username: str, password: str, blank: list[str]
) -> None:
    make_user(username="cora")
    client = browser_client()
    before = database()

    response = client.post(
        reverse("login"),
        {"username": username, "password": password, "csrfmiddlewaretoken": csrf_token(client)},
    )

    assert response.status_code == 200
    page = response.text
    for field in blank:
        error = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
        assert error is not None, field
        assert "This field is required." in error.group(1)
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    for described in re.findall(r'aria-describedby="([^"]+)"', page):
        assert set(described.split()) <= ids, described
    assert database() == before


# --- 6. the lock-out page ---


def test_the_lock_out_page_names_the_cool_off_and_promises_no_invitation_link() -> None:
    make_user(username="cora")
    client = Client(enforce_csrf_checks=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "cora", "password": "wrong", "csrfmiddlewaretoken": csrf_token(client)},
        )
    before = database()

    response = client.post(
        reverse("login"),
        {"username": "cora", "password": "wrong", "csrfmiddlewaretoken": csrf_token(client)},
    )

    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    assert response.status_code == 429
    assert f"Wait {minutes} minutes" in response.text
    assert "cool-off" in response.text
    assert "invitation link" not in response.text.lower()
    assert database() == before


# --- 7. the add-session form on a taken day ---


def test_the_add_session_form_refuses_a_day_that_already_has_a_session() -> None:
    block = make_block()
    session = block.sessions.order_by("date").first()
    assert session is not None
    client = browser_client(block.runner.coach)
    before = database()

    response = client.get(reverse("planner:session_add", args=[block.pk, session.date.isoformat()]))

    assert response.status_code == 422
    assert f"already has {session.title}; one session a day" in response.text
    assert database() == before


# --- 8. spreadsheet formulas in the CSV export ---


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_export_neutralises_every_text_cell_that_a_spreadsheet_would_run(start: str) -> None:
    runner = make_runner(name=f"{start}Runner")
    block = make_block(runner, published=True, start=MONDAY - timedelta(weeks=1))
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


# --- 9. the add-runner form keeps other coaches' runners private ---


@pytest.mark.parametrize("owner", ["another coach's runner", "a coach", "an admin"])
def test_an_address_in_use_elsewhere_is_refused_without_saying_whose_it_is(owner: str) -> None:
    email = "taken@example.com"
    if owner == "another coach's runner":
        make_runner(user=make_user(username=email, email=email))
    elif owner == "a coach":
        make_user(username="some-coach", email=email)
    else:
        make_admin(username=email)
    client = browser_client(make_user())
    before = database()

    response = post(client, reverse("planner:runner_new"), runner_data(email=email.upper()))

    assert response.status_code == 422
    assert "That address cannot be used for a new runner" in response.text
    assert "already has an account" not in response.text
    assert "Ana Ribeiro" not in response.text
    assert database() == before


def test_an_address_of_the_coachs_own_runner_names_them_and_links_to_their_page() -> None:
    email = "mine@example.com"
    runner = make_runner(user=make_user(username=email, email=email), name="Mo Farrah")
    client = browser_client(runner.coach)
    before = database()

    response = post(client, reverse("planner:runner_new"), runner_data(email=email))

    edit = reverse("planner:runner_edit", args=[runner.pk])
    assert response.status_code == 422
    assert "is already your runner Mo Farrah" in response.text
    assert f'<a href="{edit}">change their details</a>' in response.text
    assert database() == before


# --- 10. caching headers ---


def test_every_signed_in_page_and_export_is_private_and_kept_only_with_a_validator() -> None:
    """Never in a shared cache; in the browser only as no-cache with an ETag (it must ask
    again each time, and a 304 comes only for the same page), otherwise not at all."""
    runner = make_runner()
    block = make_block(runner, published=True)
    pages = [
        (runner.coach, reverse("planner:dashboard")),
        (runner.coach, reverse("planner:block_detail", args=[block.pk])),
        (runner.coach, reverse("planner:runner_export", args=[runner.pk, "csv"])),
        (runner.coach, reverse("planner:runner_export", args=[runner.pk, "json"])),
        (runner.user, reverse("planner:my_week")),
        (runner.user, reverse("planner:my_profile")),
    ]
    for person, url in pages:
        client = browser_client(person)
        first = client.get(url)  # sets the CSRF cookie, as a browser's first visit does
        response = client.get(url)

        for answer in (first, response):
            assert answer.status_code == 200, url
            directives = {part.strip() for part in answer["Cache-Control"].split(",")}
            assert "private" in directives, url
            assert "no-store" in directives or (
                "no-cache" in directives and answer.has_header("ETag")
            ), url


def test_the_cached_pages_offer_a_validator_once_the_browser_has_a_csrf_cookie() -> None:
    runner = make_runner()
    block = make_block(runner, published=True)
    pages = [
        (runner.coach, reverse("planner:dashboard")),
        (runner.coach, reverse("planner:block_detail", args=[block.pk])),
        (runner.user, reverse("planner:my_week")),
    ]
    for person, url in pages:
        client = browser_client(person)
        client.get(url)

        response = client.get(url)

        assert response["Cache-Control"] == "private, no-cache", url
        assert response["ETag"].startswith('W/"'), url


def test_the_calendar_feed_keeps_its_own_short_private_cache() -> None:
    runner = make_runner()
    token = runner.reset_feed_token()

    response = Client().get(reverse("planner:calendar_feed", args=[token]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=300"


def test_a_page_and_its_fragment_vary_on_the_htmx_header() -> None:
    runner = make_runner()
    client = browser_client(runner.user)

    page = client.get(reverse("planner:my_week"))
    fragment = client.get(reverse("planner:my_week"), headers={"HX-Request": "true"})

    for response in (page, fragment):
        assert response.status_code == 200
        assert "HX-Request" in response["Vary"]
    assert "HX-Request" in Client().get(reverse("login"))["Vary"]


# --- 11. favicon.ico ---


def test_favicon_ico_sends_browsers_permanently_to_the_svg_icon() -> None:
    response = Client().get(reverse("favicon"))

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    assert response["Location"].startswith(settings.STATIC_URL)


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
    block = make_block(runner, published=True, start=MONDAY - timedelta(weeks=1))
    session = block.sessions.filter(date__lte=MONDAY).order_by("date").first()
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
