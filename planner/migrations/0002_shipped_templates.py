"""The five workout templates of the rulebook, shipped as data the admin may edit."""

from __future__ import annotations

from typing import Any

from django.db import migrations

MILE_M = 1609.344

# (name, kind, description, segments); a segment is a dict of TemplateSegment fields.
SHIPPED: list[tuple[str, str, str, list[dict[str, Any]]]] = [
    (
        "Easy run",
        "easy",
        "Conversational running at easy pace.",
        [{"amount_kind": "duration", "duration_s": 40 * 60, "pace_anchor": "easy"}],
    ),
    (
        "Long run",
        "long",
        "The week's long run, all at easy pace.",
        [{"amount_kind": "duration", "duration_s": 75 * 60, "pace_anchor": "easy"}],
    ),
    (
        "Steady 40 + fast 10",
        "progression",
        "40 minutes steady a minute per mile slower than 10K pace, then 10 minutes at 10K pace.",
        [
            {
                "amount_kind": "duration",
                "duration_s": 40 * 60,
                "pace_anchor": "ten_k",
                "offset_s": 60,
            },
            {
                "amount_kind": "duration",
                "duration_s": 10 * 60,
                "pace_anchor": "ten_k",
                "zone": "hard",
            },
        ],
    ),
    (
        "Fifths with fast finish (10 miles)",
        "progression",
        "Five 2-mile fifths, each 15 s/mi quicker, the last at 10K pace.",
        [
            {
                "amount_kind": "distance",
                "distance_m": 2 * MILE_M,
                "pace_anchor": "ten_k",
                "offset_s": offset,
                "zone": "hard" if offset <= 15 else "aerobic",
            }
            for offset in (60, 45, 30, 15, 0)
        ],
    ),
    (
        "Out and back (45 minutes)",
        "progression",
        "25 minutes easy out, then home over the same ground 90 s/mi quicker.",
        [
            {"amount_kind": "duration", "duration_s": 25 * 60, "pace_anchor": "easy"},
            {
                "amount_kind": "same_distance",
                "same_as": 1,
                "pace_anchor": "segment",
                "pace_segment": 1,
                "offset_s": -90,
                "zone": "hard",
            },
        ],
    ),
]


def add_templates(apps: Any, schema_editor: Any) -> None:
    template_model = apps.get_model("planner", "WorkoutTemplate")
    segment_model = apps.get_model("planner", "TemplateSegment")
    for name, kind, description, segments in SHIPPED:
        template, created = template_model.objects.get_or_create(
            name=name, defaults={"kind": kind, "description": description}
        )
        if not created:
            continue
        for position, fields in enumerate(segments, start=1):
            segment_model.objects.create(
                template=template,
                position=position,
                offset_unit="mi",
                **{"offset_s": 0, "zone": "aerobic", **fields},
            )


def remove_templates(apps: Any, schema_editor: Any) -> None:
    template_model = apps.get_model("planner", "WorkoutTemplate")
    template_model.objects.filter(name__in=[name for name, *_ in SHIPPED]).delete()


class Migration(migrations.Migration):
    dependencies = [("planner", "0001_initial")]

    operations = [migrations.RunPython(add_templates, remove_templates)]
