"""What lies around a block, read in one query for its page: the key days next to it
(the 48-hour rule's neighbours, as ``ScheduledSession.objects.key_days_next_to`` finds
them) and the planned minutes of the week before it (the advice's, as
``ScheduledSession.objects.previous_week_minutes`` sums them)."""

from __future__ import annotations

import datetime

from django.db.models import FilteredRelation, Q

from planner import rules
from planner.models.blocks import TrainingBlock
from planner.models.sessions import block_edges


def around_block(block: TrainingBlock) -> tuple[frozenset[datetime.date], float | None]:
    """The key days next to ``block`` and the planned minutes of the week before it.

    One query reads the runner's other blocks from the week before this one to the day
    after it, each with its sessions on those days: the sessions give both answers, and
    the blocks say which edge day another block covers. An edge day on the runner's
    usual long-run day that no block covers is a key day (between blocks the runner
    still runs long); inside another block, that block's own sessions count instead.
    """
    before, after = edges = block_edges(block.start, block.weeks)
    week_before = before - datetime.timedelta(days=7)
    days = [before - datetime.timedelta(days=back) for back in range(7)] + [after]
    rows = (
        TrainingBlock.objects.filter(
            runner_id=block.runner_id, start__lte=after, end__gt=week_before
        )
        .exclude(pk=block.pk)
        .annotate(near=FilteredRelation("sessions", condition=Q(sessions__date__in=days)))
        .values_list("start", "end", "near__date", "near__kind", "near__total_seconds")
    )
    keys: set[datetime.date] = set()
    seconds: list[float] = []
    covering: set[tuple[datetime.date, datetime.date]] = set()
    for first, last, day, kind, total in rows:
        covering.add((first, last))
        if day in edges and kind in rules.KEY_KINDS:
            keys.add(day)
        if day is not None and last == before and day > week_before:
            seconds.append(total)
    long_run_day = block.runner.long_run_day
    keys |= {
        day
        for day in edges
        if day.weekday() == long_run_day
        and not any(first <= day <= last for first, last in covering)
    }
    return frozenset(keys), float(sum(seconds)) / 60 if seconds else None
