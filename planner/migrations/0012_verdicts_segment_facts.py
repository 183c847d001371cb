"""Facts on every planned segment instead of words: how its amount was written, which
segment a "same distance" segment repeats, and its pace band (rulebook, revised).

Existing segments are filled from their template when it still has the same number of
segments, else from what was stored (a distance equal to the previous segment's, on a
two-segment session, is the out-and-back's "same distance as segment 1"). Bands use
the runner's current marathon pace.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

from planner.bands import segment_band
from planner.paces import paces_for_race

_EASY_RUN_KINDS = {"easy", "recovery", "long"}


def _fill(apps: Any, schema_editor: Any) -> None:
    session_model = apps.get_model("planner", "ScheduledSession")
    segment_model = apps.get_model("planner", "SessionSegment")
    template_segment_model = apps.get_model("planner", "TemplateSegment")
    sessions = session_model.objects.select_related("block__runner").prefetch_related("segments")
    for session in sessions.iterator(chunk_size=500):
        runner = session.block.runner
        marathon = paces_for_race(
            runner.race_distance_m, runner.race_seconds, runner.easy_pace_override_s_per_km
        ).marathon
        stored = list(session.segments.all())
        written = list(
            template_segment_model.objects.filter(template_id=session.template_id)
            .order_by("position")
            .values_list("amount_kind", "same_as")
        )
        for index, segment in enumerate(stored):
            if len(written) == len(stored):
                segment.amount, segment.same_as = written[index]
            elif (
                index == 1
                and len(stored) == 2
                and segment.by_distance
                and abs(segment.distance_m - stored[0].distance_m) < 1.0
            ):
                segment.amount, segment.same_as = "same_distance", 1
            else:
                segment.amount = "distance" if segment.by_distance else "duration"
                segment.same_as = None
            band = segment_band(
                segment.pace_s_per_km, marathon, easy_run=session.kind in _EASY_RUN_KINDS
            )
            segment.band_fast_s_per_km = band.fast_s_per_km
            segment.band_slow_s_per_km = band.slow_s_per_km
        segment_model.objects.bulk_update(
            stored, ["amount", "same_as", "band_fast_s_per_km", "band_slow_s_per_km"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("planner", "0011_upload_run_once"),
    ]

    operations = [
        migrations.AddField(
            model_name="sessionsegment",
            name="amount",
            field=models.CharField(
                choices=[
                    ("duration", "Duration"),
                    ("distance", "Distance"),
                    ("same_distance", "Same distance as segment…"),
                ],
                db_default="duration",
                default="duration",
                max_length=13,
            ),
        ),
        migrations.AddField(
            model_name="sessionsegment",
            name="band_fast_s_per_km",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sessionsegment",
            name="band_slow_s_per_km",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sessionsegment",
            name="same_as",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="sessionsegment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("band_fast_s_per_km__gt", 0),
                        ("band_slow_s_per_km__gte", models.F("band_fast_s_per_km")),
                    ),
                    models.Q(
                        ("band_fast_s_per_km__isnull", True), ("band_slow_s_per_km__isnull", True)
                    ),
                    _connector="OR",
                ),
                name="session_segment_band",
            ),
        ),
        migrations.AddConstraint(
            model_name="sessionsegment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("amount", "same_distance"), ("same_as__gte", 1), ("same_as__isnull", False)
                    ),
                    models.Q(
                        models.Q(("amount", "same_distance"), _negated=True),
                        ("same_as__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="session_segment_same_as",
            ),
        ),
    ]
