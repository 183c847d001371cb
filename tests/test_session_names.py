"""A resized session names its own length, once, from its own segments."""

from __future__ import annotations

import pytest

from planner.presenters.sessions import title_with_length
from planner.resolution import session_title
from tests.builder import builder_data, new_block_url, runner_for
from tests.factories import make_block, make_progression, shipped
from tests.http import browser_client, get, page_text
from tests.rulebook import FIFTHS, OUT_AND_BACK, STEADY_40_FAST_10


@pytest.mark.django_db
def test_steady_40_fast_10_stretched_to_70_minutes_is_steady_56_fast_14() -> None:
    block = make_block(
        progression_templates=(shipped(STEADY_40_FAST_10),), progression_minutes=(70,)
    )

    titles = set(block.sessions.filter(kind="progression").values_list("title", flat=True))

    assert titles == {"Steady 56 + fast 14"}


@pytest.mark.django_db
def test_fifths_shortened_to_an_hour_say_60_min_and_not_the_ten_miles() -> None:
    block = make_block(
        progression_templates=(shipped(FIFTHS),),
        progression_minutes=(60,),
        progression_runs=4,
        aerobic_floor_percent=70,
    )

    titles = set(block.sessions.filter(kind="progression").values_list("title", flat=True))

    assert titles == {"Fifths with fast finish, 60 min"}


@pytest.mark.django_db
def test_a_longer_long_run_is_called_a_long_run_of_its_minutes() -> None:
    block = make_block(long_minutes=90)

    (title,) = set(block.sessions.filter(kind="long").values_list("title", flat=True))

    assert title == "Long run, 90 min"


@pytest.mark.django_db
def test_a_template_without_numbers_in_its_name_says_the_length_after_it() -> None:
    template = make_progression("Tempo finish", (30, "easy"), (10, "ten_k"))

    block = make_block(progression_templates=(template,), progression_minutes=(50,))

    titles = set(block.sessions.filter(kind="progression").values_list("title", flat=True))
    assert titles == {"Tempo finish, 50 min"}


@pytest.mark.parametrize(
    ("name", "before", "after", "title"),
    [
        pytest.param(
            STEADY_40_FAST_10, (40, 10), (56, 14), "Steady 56 + fast 14", id="both-numbers"
        ),
        pytest.param(
            STEADY_40_FAST_10, (40, 10), (48.8, 12.2), "Steady 49 + fast 12", id="rounded"
        ),
        pytest.param("Steady 40 + fast 10", (30, 20), (42, 28), None, id="numbers-not-segments"),
        pytest.param("3 x 10 hills", (10, 10, 10), (12, 12, 12), None, id="count-is-no-minutes"),
        pytest.param("Steady 40 + fast 2 mi", (40, None), (56, None), None, id="a-distance"),
        pytest.param("Out (25)", (25, None), (30, None), "Out (30)", id="timed-and-distance"),
    ],
)
def test_a_name_takes_the_resized_minutes_only_when_its_numbers_are_the_segments(
    name: str,
    before: tuple[float | None, ...],
    after: tuple[float | None, ...],
    title: str | None,
) -> None:
    own = sum(m for m in before if m is not None)
    minutes = sum(m for m in after if m is not None)

    named = session_title(name, minutes, own, before, after)

    assert named == (title if title is not None else f"{name}, {round(minutes)} min")


def test_the_length_is_said_once_beside_a_resized_title() -> None:
    assert title_with_length("Fifths with fast finish, 60 min", 60) == (
        "Fifths with fast finish, 60 min"
    )
    assert title_with_length("Easy run", 40) == "Easy run, 40 min"
    assert title_with_length("Steady 56 + fast 14", 70) == "Steady 56 + fast 14, 70 min"


@pytest.mark.django_db
def test_the_builders_preview_names_a_resized_fifths_run_with_its_length_once(coach) -> None:  # type: ignore[no-untyped-def]
    runner = runner_for(coach)
    fifths = shipped(FIFTHS)
    data = builder_data(
        progression_templates=[fifths.pk],
        progression_runs=2,
        aerobic_floor=70,
        **{f"minutes_{fifths.pk}": 60},
    )

    response = get(browser_client(coach), new_block_url(runner), data, htmx=True)

    text = page_text(response)
    assert "Fifths with fast finish, 60 min" in text, text
    assert "60 min, 60 min" not in text
    assert "(10 miles)" not in text


@pytest.mark.django_db
def test_the_shipped_templates_carry_their_steps_words() -> None:
    labels = {
        name: [s.label for s in shipped(name).segments.order_by("position")]
        for name in (STEADY_40_FAST_10, FIFTHS, OUT_AND_BACK, "Easy run", "Long run")
    }

    assert labels == {
        STEADY_40_FAST_10: ["Steady", "Fast finish"],
        FIFTHS: [f"Fifth {n} of 5" for n in range(1, 6)],
        OUT_AND_BACK: ["Out", "Back"],
        "Easy run": ["Easy"],
        "Long run": ["Long run"],
    }
