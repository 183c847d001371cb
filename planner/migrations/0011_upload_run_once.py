"""The same run is kept once: its start to the second and its moving time.

Rows stored before this rule may hold one run several times (a file with a changed
comment passed the SHA-256 check). Their start times lose their fractions of a second,
as new uploads do, and of each run stored more than once the copy on a session (else
the first uploaded) is kept. The copies removed are the same run as the one kept, so a
session marked done by one of them stays done.
"""

from __future__ import annotations

from typing import Any

import django.db.models.functions.math
from django.db import migrations, models


def keep_each_run_once(apps: Any, schema_editor: Any) -> None:
    recording_model = apps.get_model("planner", "Recording")
    kept: dict[tuple[int, object, object], int] = {}
    # The moving time rounded by the database, as the constraint rounds it.
    rows = recording_model.objects.annotate(
        moving_whole=django.db.models.functions.math.Round("moving_seconds")
    ).values_list("pk", "runner_id", "started_at", "moving_whole", "session_id")
    duplicates: list[int] = []
    for pk, runner_id, started_at, moving_whole, _session in sorted(
        rows, key=lambda row: (row[4] is None, row[0])
    ):
        whole = started_at.replace(microsecond=0)
        if whole != started_at:
            recording_model.objects.filter(pk=pk).update(started_at=whole)
        key = (runner_id, whole, moving_whole)
        if key in kept:
            duplicates.append(pk)
        else:
            kept[key] = pk
    recording_model.objects.filter(pk__in=duplicates).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("planner", "0010_server_segment_limit"),
    ]

    operations = [
        migrations.RunPython(keep_each_run_once, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="recording",
            constraint=models.UniqueConstraint(
                models.F("runner"),
                models.F("started_at"),
                django.db.models.functions.math.Round("moving_seconds"),
                name="recording_run_once",
            ),
        ),
    ]
