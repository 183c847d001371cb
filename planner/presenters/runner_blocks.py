"""What the coach's page of one runner shows: every block of theirs, past, current,
future and drafts, each with its state, its figures and a link; the newest first.
Drawn fresh each time: a few rows, one query for the blocks and one for their sizes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum

from planner import formatting
from planner.models import Runner, ScheduledSession, TrainingBlock
from planner.pages import address_pattern


@dataclass(frozen=True)
class BlockLine:
    block: TrainingBlock
    url: str
    dates: str  # "Mon 7 Dec 2026 – Sun 3 Jan 2027"
    when: str  # "Past", "Current (week 2 of 4)", "Starts in 3 weeks"
    timing: str  # past, current or future: the line's class
    sessions: int
    planned: str  # "18:40 h"
    progression_runs: int
    # What the runner sees of it: a draft is the coach's alone.
    seen: str
    # The block the coach has just made, planned or copied: its line is marked and focused.
    made: bool = False

    @property
    def dom_id(self) -> str:
        return f"block-{self.block.pk}"


def _when(block: TrainingBlock, today: datetime.date) -> tuple[str, str]:
    if block.end < today:
        return "past", "Past"
    if block.start <= today:
        week = block.week_index(today) + 1
        return "current", f"Current: week {week} of {block.weeks}"
    days = (block.start - today).days
    return "future", "Starts tomorrow" if days == 1 else f"Starts in {days} days"


def runner_blocks(
    runner: Runner, today: datetime.date, made_block: int | None = None
) -> dict[str, Any]:
    sizes = {
        row["block_id"]: row
        for row in ScheduledSession.objects.filter(block__runner=runner)
        .values("block_id")
        .annotate(
            count=Count("pk"),
            seconds=Sum("total_seconds"),
            progressions=Count("pk", filter=Q(kind="progression")),
        )
    }
    empty = {"count": 0, "seconds": 0, "progressions": 0}
    detail = address_pattern("planner:block_detail")
    lines = []
    for block in TrainingBlock.objects.filter(runner=runner).order_by("-start"):
        size = sizes.get(block.pk, empty)
        timing, when = _when(block, today)
        dates = f"{formatting.day_with_year(block.start)} – {formatting.day_with_year(block.end)}"
        lines.append(
            BlockLine(
                block=block,
                url=detail.format(block.pk),
                dates=dates,
                when=when,
                timing=timing,
                sessions=size["count"],
                planned=formatting.total_time(size["seconds"] or 0),
                progression_runs=size["progressions"],
                seen="Published: the runner sees it"
                if block.is_published
                else "Draft: the runner does not see it",
                made=block.pk == made_block,
            )
        )
    current = [line for line in lines if line.timing == "current"]
    return {
        "runner": runner,
        "lines": lines,
        # The runner's week shows only a published block: say so when this week has none.
        "no_plan_this_week": not any(line.block.is_published for line in current),
    }
