"""Every write to a row some page shows raises the plan stamp of each runner whose pages
show it, whatever made the write: a model's save or delete, a queryset's update or
delete, a bulk write, raw SQL (docs/architecture.md, "Freshness").

The models are found, not listed: every model of the planner app (through tables too)
and the people, ``auth.User``. No page reads the other apps' tables (sessions, the
admin's log, groups and permissions, content types, axes' login attempts). Whose stamp
a row raises is found from its foreign keys:

- a row with a chain of foreign keys to a runner (a segment: session → block → runner),
  the runner's own row included: that runner's;
- a person: every runner whose page-visible rows name them;
- anything else (the workout library, which every block page lists): every runner's.

Not checked, as no page shows them (docs/decisions.md): a runner's own insert and
delete (the coach's lists count their runners), a person's insert and delete (shown only
through rows that name them, whose writes raise), a login.

A new model, a new table or a migration that drops a trigger fails here until the
database raises the stamp for it (migration ``0013_stamp_triggers``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User, update_last_login
from django.db import connection
from django.db.models import F, Field, ForeignKey, Model, QuerySet

from planner.models import Runner, WorkoutTemplate, edits
from tests.clock import EARLIER_BLOCK_MONDAY
from tests.factories import (
    first_session,
    make_block,
    make_runner,
    make_template,
    make_user,
    shipped,
)
from tests.world import World

pytestmark = pytest.mark.django_db

Write = Callable[[], object]
# A login writes last_login alone, and no page shows it: it must keep every cached page.
NOT_SHOWN = {(User, "last_login")}


# A planner model no cached page reads, by label, with the reason.
READ_BY_NO_PAGE: dict[str, str] = {
    "planner.Squad": "only the squad pages show a squad, and they are drawn on every request",
}


def page_visible_models() -> list[type[Model]]:
    planner = apps.get_app_config("planner").get_models(include_auto_created=True)
    return [m for m in planner if m._meta.label not in READ_BY_NO_PAGE] + [User]


def path_to_runner(model: type[Model]) -> list[str] | None:
    """The shortest chain of foreign keys from ``model`` to Runner ([] for Runner)."""
    queue: deque[tuple[type[Model], list[str]]] = deque([(model, [])])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        if current is Runner:
            return path
        for field in current._meta.concrete_fields:
            target = field.related_model
            if isinstance(target, type) and target not in seen:
                seen.add(target)
                queue.append((target, [*path, field.name]))
    return None


OWNED = [m for m in page_visible_models() if path_to_runner(m) is not None]
LIBRARY = [m for m in page_visible_models() if path_to_runner(m) is None and m is not User]
# Every way a page-visible row names a person: (the model, its foreign key to User).
NAMING = [
    (model, field.name)
    for model in OWNED
    for field in model._meta.concrete_fields
    if isinstance(field, ForeignKey) and field.related_model is User
]


def row_of(model: type[Model], runner: Runner) -> Model | None:
    """A row of ``model`` that belongs to ``runner``."""
    path = path_to_runner(model)
    assert path is not None
    return model._default_manager.filter(**{"__".join(path) or "pk": runner.pk}).first()


def owner(row: Model) -> int:
    path = path_to_runner(type(row))
    assert path is not None
    for name in path:
        row = getattr(row, name)
    return int(row.pk)


def stamps() -> dict[int, int]:
    return dict(Runner.objects.values_list("pk", "plan_stamp"))


def unraised(write: Write, whose: set[int]) -> set[int]:
    """The runners among ``whose`` whose stamps ``write`` left where they were."""
    before = stamps()
    write()
    after = stamps()
    return {pk for pk in whose if after[pk] <= before[pk]}


def columns(model: type[Model]) -> list[Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def raw(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def quoted(name: str | None) -> str:
    assert name is not None
    return str(connection.ops.quote_name(name))


def column_update(query: QuerySet[Any], name: str) -> Write:
    return lambda: query.update(**{name: F(name)})


def updates(row: Model) -> dict[str, Write]:
    """Every way to write an existing row without removing it, each column on its own."""
    model = type(row)
    query = model._default_manager.filter(pk=row.pk)
    table, pk = quoted(model._meta.db_table), quoted(model._meta.pk.column)
    every = ", ".join(f"{quoted(f.column)} = {quoted(f.column)}" for f in columns(model))
    writes: dict[str, Write] = {
        "save": row.save,
        "bulk_update": lambda: model._default_manager.bulk_update(
            [row], [f.name for f in columns(model)]
        ),
        "raw UPDATE": lambda: raw(f"UPDATE {table} SET {every} WHERE {pk} = %s", [row.pk]),
    }
    for field in columns(model):
        if (model, field.name) not in NOT_SHOWN:
            writes[f"update({field.attname}=…)"] = column_update(query, field.attname)
    return writes


def removals_and_additions(row: Model) -> dict[str, Write]:
    """Every way to delete the row and to store it again, in that order: each removal is
    followed by an addition, so the next removal finds the row."""
    model = type(row)
    key = row.pk
    table, pk = quoted(model._meta.db_table), quoted(model._meta.pk.column)
    names = ", ".join(quoted(f.column) for f in model._meta.concrete_fields)
    marks = ", ".join(["%s"] * len(model._meta.concrete_fields))
    stored = [
        f.get_db_prep_save(getattr(row, f.attname), connection) for f in model._meta.concrete_fields
    ]

    def create() -> None:
        row.pk = key
        row.save(force_insert=True)

    return {
        "delete": row.delete,
        "save(force_insert=True)": create,
        "queryset delete": lambda: model._default_manager.filter(pk=key).delete(),
        "bulk_create": lambda: model._default_manager.bulk_create([row]),
        "raw DELETE": lambda: raw(f"DELETE FROM {table} WHERE {pk} = %s", [key]),
        "raw INSERT": lambda: raw(f"INSERT INTO {table} ({names}) VALUES ({marks})", stored),
    }


def failures(writes: dict[str, Write], whose: set[int]) -> list[str]:
    return [
        f"{name} left {sorted(left)}" for name, w in writes.items() if (left := unraised(w, whose))
    ]


@pytest.mark.parametrize("model", OWNED, ids=lambda m: m._meta.label)
def test_every_write_to_a_runners_row_raises_their_stamp_and_no_one_elses(
    world: World, model: type[Model]
) -> None:
    row = row_of(model, world.runner)
    assert row is not None, f"the world has no {model._meta.label}: give its runner one"
    whose = {owner(row)}
    others = set(stamps()) - whose
    writes = updates(row)
    if model is not Runner:  # a runner coming or going changes the lists that count them
        writes |= removals_and_additions(row)

    before = {pk: s for pk, s in stamps().items() if pk in others}
    failed = failures(writes, whose)
    assert failed == [], "; ".join(failed)
    assert {pk: s for pk, s in stamps().items() if pk in others} == before


@pytest.mark.parametrize("model", LIBRARY, ids=lambda m: m._meta.label)
def test_every_write_to_the_workout_library_raises_every_runners_stamp(
    world: World, model: type[Model]
) -> None:
    spare = make_template(name="Spare easy run")  # used by no block, so it may go
    row = (
        spare
        if model is WorkoutTemplate
        else next(
            (
                model._default_manager.filter(**{f.name: spare}).first()
                for f in model._meta.concrete_fields
                if f.related_model is WorkoutTemplate
            ),
            None,
        )
    )
    assert row is not None, f"no {model._meta.label} of the spare template: make one here"
    whose = set(stamps())
    assert len(whose) > 1

    failed = failures({**updates(row), **removals_and_additions(row)}, whose)
    assert failed == [], "; ".join(failed)


@pytest.mark.parametrize(
    ("model", "field"), NAMING, ids=lambda v: v if isinstance(v, str) else v._meta.label
)
def test_every_change_to_a_person_raises_the_stamp_of_each_runner_whose_rows_name_them(
    world: World, model: type[Model], field: str
) -> None:
    named = row_of(model, world.runner)
    assert named is not None
    person = make_user()  # named by this one row, and nowhere else
    model._default_manager.filter(pk=named.pk).update(**{field: person})

    failed = failures(updates(person), {owner(named)})
    assert failed == [], "; ".join(failed)


@pytest.mark.parametrize("who", ["runner", "coach"])
def test_a_login_raises_no_stamp(world: World, who: str) -> None:
    person = world.runner.user if who == "runner" else world.owner
    everyone = set(stamps())

    assert unraised(lambda: update_last_login(User, person), everyone) == everyone


# --- every action that changes what a page shows raises the runner's stamp ---


def stamp(runner: Runner) -> int:
    return Runner.objects.values_list("plan_stamp", flat=True).get(pk=runner.pk)


def test_every_model_action_raises_the_runners_plan_stamp() -> None:
    runner = make_runner(unit="mi", time_zone="Europe/London")
    block = make_block(runner, start=EARLIER_BLOCK_MONDAY)
    copy_to = make_runner(coach=runner.coach)
    session = first_session(block, "easy")

    def change() -> None:
        block.refresh_from_db()
        edits.change_session(
            block, session.pk, template=shipped("Easy run"), minutes=57, version=block.version
        )

    def move() -> None:
        block.refresh_from_db()
        free = next(
            EARLIER_BLOCK_MONDAY + timedelta(days=d)
            for d in range(28)
            if not block.sessions.filter(date=EARLIER_BLOCK_MONDAY + timedelta(days=d)).exists()
            and EARLIER_BLOCK_MONDAY + timedelta(days=d) > session.date
        )
        edits.move_session(block, session.pk, free, version=block.version)

    def add_and_remove() -> None:
        block.refresh_from_db()
        day = next(
            EARLIER_BLOCK_MONDAY + timedelta(days=d)
            for d in range(2, 28)
            if not block.sessions.filter(date=EARLIER_BLOCK_MONDAY + timedelta(days=d)).exists()
        )
        try:
            added = edits.add_session(
                block, day, template=shipped("Easy run"), minutes=30, version=block.version
            )
        except Exception:  # the rules may refuse the day: removing still has to bump
            return
        edits.remove_session(block, added.pk, version=block.version)

    actions: list[tuple[str, Callable[[], object], Runner]] = [
        (
            "create a block",
            lambda: make_block(runner, start=EARLIER_BLOCK_MONDAY + timedelta(weeks=4)),
            runner,
        ),
        ("publish", lambda: block.publish(by=runner.coach), runner),
        ("change", change, runner),
        ("move", move, runner),
        ("add or remove", add_and_remove, runner),
        (
            "repace",
            lambda: edits.refresh_paces(block, EARLIER_BLOCK_MONDAY, version=block.version),
            runner,
        ),
        ("log", lambda: session.mark_done(minutes=30), runner),
        ("skip", lambda: session.mark_skipped(), runner),
        ("undo", session.undo_log, runner),
        ("unpublish", lambda: block.unpublish(by=runner.coach), runner),
        ("save the runner", runner.save, runner),
        ("reset the feed", runner.reset_feed_token, runner),
        ("copy", lambda: edits.copy_block(block, copy_to, EARLIER_BLOCK_MONDAY), copy_to),
    ]
    for name, action, whose in actions:
        before = stamp(whose)
        block.refresh_from_db()
        action()
        assert stamp(whose) > before, name


def test_a_save_never_writes_back_an_older_stamp() -> None:
    runner = make_runner()
    stale = Runner.objects.get(pk=runner.pk)
    Runner.objects.filter(pk=runner.pk).update(name="Renamed")  # two other requests' saves
    Runner.objects.filter(pk=runner.pk).update(unit="km")

    stale.save()

    assert stamp(runner) == 3
    assert stale.plan_stamp == 3  # read again from the database, not kept from before
