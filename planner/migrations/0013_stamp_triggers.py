"""Triggers that raise a runner's ``plan_stamp`` whenever a row their pages show changes.

The database does it, so no write can forget: model saves and deletes, queryset
``update()`` and ``delete()``, bulk writes, the admin, management commands, data
migrations and raw SQL all pass through the same triggers (docs/architecture.md,
"Freshness").

- A runner's own row: any update leaves the stamp one above what it was, whatever
  value the update wrote, so a save of a stale object never lowers it.
- A row that belongs to a runner through its foreign keys (a block, its sessions and
  their segments, its history and rotation, a recording): that runner's stamp.
- A person (``auth_user``): every runner whose rows name them (the runner themself,
  their coach, who created a block, who made a change), except for a write of
  ``last_login`` alone, which no page shows: logging in keeps every cached page.
- The workout library (templates and their segments): every runner, since every
  block page lists the templates.

SQLite fires row triggers; PostgreSQL fires one trigger per statement over its
transition tables, so a bulk write of 500 segments raises the stamp once, not 500 times.
A migration that remakes one of these tables on SQLite (most ``AlterField``s do) drops
its triggers: end it with ``stamp_triggers`` for that table. The test in
tests/test_freshness_by_construction.py fails until it does.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

# Which runners a row shows to, as a condition on planner_runner; {ids} stands for the
# values of the row's key column: one row's on SQLite, a statement's rows on PostgreSQL.
OWN = "id IN ({ids})"
OF_BLOCKS = "id IN (SELECT runner_id FROM planner_trainingblock WHERE id IN ({ids}))"
OF_SESSIONS = (
    "id IN (SELECT b.runner_id FROM planner_trainingblock b"
    " JOIN planner_scheduledsession s ON s.block_id = b.id WHERE s.id IN ({ids}))"
)
OF_PEOPLE = (
    "user_id IN ({ids}) OR coach_id IN ({ids})"
    " OR id IN (SELECT runner_id FROM planner_trainingblock WHERE created_by_id IN ({ids}))"
    " OR id IN (SELECT b.runner_id FROM planner_trainingblock b"
    " JOIN planner_blockchange c ON c.block_id = b.id WHERE c.by_id IN ({ids}))"
)
EVERYONE = ""

Owned = tuple[str, str, str]  # a table, its key column, whose stamps a write raises
OWNED_TABLES: list[Owned] = [
    ("planner_trainingblock", "runner_id", OWN),
    ("planner_recording", "runner_id", OWN),
    ("planner_scheduledsession", "block_id", OF_BLOCKS),
    ("planner_blockchange", "block_id", OF_BLOCKS),
    ("planner_blockprogressiontemplate", "block_id", OF_BLOCKS),
    ("planner_sessionsegment", "session_id", OF_SESSIONS),
    ("planner_workouttemplate", "id", EVERYONE),
    ("planner_templatesegment", "id", EVERYONE),
]
# Every column of auth_user but last_login, which a login writes alone.
PEOPLE_COLUMNS = [
    "password",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
]
RAISE = "UPDATE planner_runner SET plan_stamp = plan_stamp + 1"


def _raise_where(condition: str, ids: str) -> str:
    return f"{RAISE} WHERE {condition.format(ids=ids)}" if condition else RAISE


EVENT_ROWS = {  # what each event's rows are called: a row (SQLite), a table (PostgreSQL)
    "insert": ["NEW"],
    "update": ["NEW", "OLD"],
    "delete": ["OLD"],
}


def sqlite_triggers(tables: list[Owned]) -> list[str]:
    return [
        f"CREATE TRIGGER ff_stamp_{table}_{event} AFTER {event.upper()} ON {table} BEGIN "
        + _raise_where(condition, ", ".join(f"{row}.{key}" for row in rows))
        + "; END"
        for table, key, condition in tables
        for event, rows in EVENT_ROWS.items()
    ]


def _plpgsql(name: str, body: str, returns: str = "NULL") -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN {body}; RETURN {returns}; END $$"
    )


def postgresql_triggers(tables: list[Owned]) -> list[str]:
    made = []
    for table, key, condition in tables:
        for event, rows in EVENT_ROWS.items():
            ids = " UNION ".join(f"SELECT {key} FROM {row.lower()}_rows" for row in rows)
            # A statement that wrote no row raises nobody, the library's included.
            where = condition or "EXISTS ({ids})"
            function = f"ff_stamp_{table}_{event}"
            transition = " ".join(f"{row} TABLE AS {row.lower()}_rows" for row in rows)
            made += [
                _plpgsql(function, _raise_where(where, ids)),
                f"CREATE TRIGGER {function} AFTER {event.upper()} ON {table}"
                f" REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
            ]
    return made


def runner_and_people_triggers(vendor: str) -> list[str]:
    people = ", ".join(PEOPLE_COLUMNS)
    if vendor == "sqlite":
        # The WHEN stops the runner's trigger when the update already raised the stamp
        # by one (the other triggers' updates), and so also under recursive_triggers.
        return [
            "CREATE TRIGGER ff_stamp_planner_runner_update AFTER UPDATE ON planner_runner"
            " WHEN NEW.plan_stamp IS NOT OLD.plan_stamp + 1"
            " BEGIN UPDATE planner_runner SET plan_stamp = OLD.plan_stamp + 1"
            " WHERE id = NEW.id; END",
            f"CREATE TRIGGER ff_stamp_auth_user_update AFTER UPDATE OF {people} ON auth_user"
            f" BEGIN {_raise_where(OF_PEOPLE, 'NEW.id, OLD.id')}; END",
        ]
    # Row by row: a trigger that names its columns cannot see transition tables.
    return [
        _plpgsql("ff_stamp_planner_runner_update", "NEW.plan_stamp := OLD.plan_stamp + 1", "NEW"),
        "CREATE TRIGGER ff_stamp_planner_runner_update BEFORE UPDATE ON planner_runner"
        " FOR EACH ROW EXECUTE FUNCTION ff_stamp_planner_runner_update()",
        _plpgsql("ff_stamp_auth_user_update", _raise_where(OF_PEOPLE, "NEW.id, OLD.id")),
        f"CREATE TRIGGER ff_stamp_auth_user_update AFTER UPDATE OF {people} ON auth_user"
        " FOR EACH ROW EXECUTE FUNCTION ff_stamp_auth_user_update()",
    ]


def stamp_triggers(tables: list[Owned], *, runner_and_people: bool = False) -> Any:
    """The operation that (re)creates the triggers of ``tables``; backwards, drops them.

    A later migration adds a table with ``stamp_triggers([("planner_note", "runner_id",
    OWN)])``, importing this module with importlib (its name starts with a digit); one
    that remakes a table on SQLite ends with the same call for that table.
    """
    names = [(t, f"ff_stamp_{t}_{event}") for t, _, _ in tables for event in EVENT_ROWS]
    if runner_and_people:
        names += [
            ("planner_runner", "ff_stamp_planner_runner_update"),
            ("auth_user", "ff_stamp_auth_user_update"),
        ]

    def drop(apps: Any, schema_editor: Any) -> None:
        postgresql = schema_editor.connection.vendor == "postgresql"
        for table, name in names:
            # On PostgreSQL each trigger's function has the trigger's name.
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgresql else ""), None
            )
            if postgresql:
                schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()", None)

    def create(apps: Any, schema_editor: Any) -> None:
        drop(apps, schema_editor)
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            statements = sqlite_triggers(tables)
        elif vendor == "postgresql":
            statements = postgresql_triggers(tables)
        else:
            raise NotImplementedError(f"No plan-stamp triggers written for {vendor}.")
        if runner_and_people:
            statements += runner_and_people_triggers(vendor)
        for statement in statements:
            schema_editor.execute(statement, None)

    return migrations.RunPython(create, drop)


class Migration(migrations.Migration):
    dependencies = [
        ("planner", "0012_verdicts_segment_facts"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [stamp_triggers(OWNED_TABLES, runner_and_people=True)]
