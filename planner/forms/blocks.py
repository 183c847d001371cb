"""Forms of the block builder: what a coach may type, checked before the rules see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet

from planner import formatting, limits
from planner.errors import BlockRefused
from planner.forms.fields import BoundedIdModelChoiceField, BoundedIdModelMultipleChoiceField
from planner.forms.weekdays import long_run_day_field, run_days_field
from planner.models import BlockChoices, Runner, WorkoutTemplate
from planner.rules import EASY_KINDS, SessionKind
from planner.scheduling import MAX_ROTATING_TEMPLATES
from planner.weekdays import WEEKDAY_SHORT, is_monday, mask_to_days

# Short names, so "Monday" still names one box on the page: the run day's.
PROGRESSION_DAY_CHOICES = [(str(day), name) for day, name in enumerate(WEEKDAY_SHORT)]


def next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def plausible_start(start: date, weeks: int = limits.MIN_WEEKS) -> date:
    # Dates near the ends of the calendar overflow the date arithmetic of planning.
    problem = limits.block_dates_problem(start, weeks)
    if problem is not None:
        raise forms.ValidationError(problem)
    return start


def monday_only(start: date) -> date:
    if not is_monday(start):
        raise forms.ValidationError(
            f"A block starts on a Monday; {start:%d %b %Y} is a {start:%A}."
        )
    return start


def active_templates(*kinds: SessionKind) -> QuerySet[WorkoutTemplate]:
    return WorkoutTemplate.objects.filter(active=True, kind__in=kinds).order_by("name")


class TemplateChoiceField(BoundedIdModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class TemplateMultipleChoiceField(BoundedIdModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


@dataclass(frozen=True)
class ProgressionRow:
    """One progression workout in the builder: use it, its place in the rotation, its length."""

    choice: forms.BoundField | Any  # the checkbox of progression_templates
    order: forms.BoundField
    minutes: forms.BoundField
    name: str
    own_length: str


def _order_field(template: WorkoutTemplate) -> forms.IntegerField:
    return forms.IntegerField(
        label=f"Order of {template.name}",
        min_value=1,
        max_value=MAX_ROTATING_TEMPLATES,
        required=False,
        widget=forms.NumberInput(attrs={"class": "order"}),
    )


def _minutes_field(template: WorkoutTemplate) -> forms.IntegerField:
    return forms.IntegerField(
        label=f"Minutes for {template.name}",
        min_value=limits.SHORTEST_SESSION_MINUTES,
        max_value=limits.LONGEST_SESSION_MINUTES,
        required=False,
        widget=forms.NumberInput(attrs={"class": "minutes"}),
    )


class BlockForm(forms.Form):
    start = forms.DateField(
        label="Start (a Monday)", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    weeks = forms.IntegerField(
        min_value=limits.MIN_WEEKS, max_value=limits.MAX_WEEKS, initial=limits.DEFAULT_WEEKS
    )
    run_days = run_days_field()
    long_run_day = long_run_day_field()
    easy_template = TemplateChoiceField(
        label="Easy workout", queryset=active_templates(*EASY_KINDS)
    )
    easy_minutes = forms.IntegerField(
        label="Easy minutes",
        min_value=limits.SHORTEST_SESSION_MINUTES,
        max_value=limits.LONGEST_SESSION_MINUTES,
    )
    long_template = TemplateChoiceField(
        label="Long workout", queryset=active_templates("long"), required=False
    )
    long_minutes = forms.IntegerField(
        label="Long minutes",
        min_value=limits.SHORTEST_SESSION_MINUTES,
        max_value=limits.LONGEST_SESSION_MINUTES,
        required=False,
    )
    progression_templates = TemplateMultipleChoiceField(
        label="Progression workouts (used in turn)",
        queryset=active_templates("progression"),
        widget=forms.CheckboxSelectMultiple,
    )
    progression_days = forms.TypedMultipleChoiceField(
        label="Progression days",
        choices=PROGRESSION_DAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: any run day but the long-run day.",
    )
    progression_runs = forms.IntegerField(
        label="Progression runs",
        min_value=0,
        max_value=limits.MAX_PROGRESSION_RUNS,
        initial=limits.DEFAULT_PROGRESSION_RUNS,
    )

    def __init__(self, *args: Any, runner: Runner | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.runner = runner
        # Each offered progression workout takes a place in the rotation and a length.
        self.progression_offered = list(
            active_templates("progression").prefetch_related("segments")
        )
        for template in self.progression_offered:
            self.fields[f"order_{template.pk}"] = _order_field(template)
            self.fields[f"minutes_{template.pk}"] = _minutes_field(template)

    aerobic_floor = forms.IntegerField(
        label="Aerobic floor (%)",
        min_value=limits.LOWEST_FLOOR_PERCENT,
        max_value=limits.HIGHEST_FLOOR_PERCENT,
        initial=limits.DEFAULT_FLOOR_PERCENT,
    )

    def clean_start(self) -> date:
        return monday_only(plausible_start(self.cleaned_data["start"]))

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("start") and data.get("weeks"):
            try:
                plausible_start(data["start"], data["weeks"])
            except forms.ValidationError as refusal:
                self.add_error("start", refusal)
        long_day = data.get("long_run_day")
        run_days = data.get("run_days") or []
        if long_day is not None and run_days and long_day not in run_days:
            self.add_error("long_run_day", "The long-run day must be one of the run days.")
        if long_day is not None and not data.get("long_template"):
            self.add_error("long_template", "Choose the long workout, or choose no long run.")
        if long_day is not None and not data.get("long_minutes"):
            self.add_error("long_minutes", "Give the long run's minutes.")
        return data

    def choices(self) -> BlockChoices:
        data = self.cleaned_data
        has_long = data["long_run_day"] is not None
        rotation = self._rotation()
        return BlockChoices(
            start=data["start"],
            weeks=data["weeks"],
            run_days=frozenset(data["run_days"]),
            long_run_day=data["long_run_day"],
            easy_template=data["easy_template"],
            easy_minutes=data["easy_minutes"],
            long_template=data["long_template"] if has_long else None,
            long_minutes=data["long_minutes"] if has_long else None,
            progression_templates=tuple(entry[2] for entry in rotation),
            progression_minutes=tuple(entry[3] for entry in rotation),
            progression_days=frozenset(data["progression_days"]) or None,
            progression_runs=data["progression_runs"],
            aerobic_floor_percent=data["aerobic_floor"],
        )

    def _rotation(self) -> list[tuple[int, int, WorkoutTemplate, int | None]]:
        """The chosen progression workouts in the coach's order: numbered ones by number,
        the rest after them as listed; each with the coach's minutes (None: its own)."""
        chosen = list(self.cleaned_data["progression_templates"])
        largest = MAX_ROTATING_TEMPLATES + 1
        return sorted(
            (
                self.cleaned_data.get(f"order_{template.pk}") or largest,
                listed,
                template,
                self.cleaned_data.get(f"minutes_{template.pk}"),
            )
            for listed, template in enumerate(chosen)
        )

    def progression_rows(self) -> list[ProgressionRow]:
        """What the builder shows per progression workout, with its own length for the
        runner: "Fifths with fast finish (10 miles): 1:25:28 for Ana"."""
        boxes = {str(box.data["value"]): box for box in self["progression_templates"]}
        rows = []
        for template in self.progression_offered:
            rows.append(
                ProgressionRow(
                    choice=boxes.get(str(template.pk)),
                    order=self[f"order_{template.pk}"],
                    minutes=self[f"minutes_{template.pk}"],
                    name=template.name,
                    own_length=self._own_length(template),
                )
            )
        return rows

    def _own_length(self, template: WorkoutTemplate) -> str:
        if self.runner is None:
            return ""
        try:
            planned = template.plan_for(self.runner.planning_paces())
        except BlockRefused as refusal:
            return str(refusal)
        first_name = self.runner.name.split()[0] if self.runner.name.split() else ""
        return (
            f"{template.name}: {formatting.duration(planned.resolved.total_seconds)} "
            f"for {first_name}"
        )

    @classmethod
    def initial_for(cls, runner: Runner, today: date) -> dict[str, Any]:
        """The runner's usual week, starting the Monday after their last block (or next
        Monday when that is past or they have none)."""
        return {
            **cls.usual_choices(_first_free_monday(runner, today)),
            "run_days": [str(day) for day in sorted(mask_to_days(runner.run_days))],
            "long_run_day": "" if runner.long_run_day is None else str(runner.long_run_day),
        }

    @staticmethod
    def usual_choices(start: date) -> dict[str, Any]:
        """What a block asks beyond the runner's own days, as a coach usually starts it."""
        by_name = WorkoutTemplate.objects.in_bulk(
            ["Easy run", "Long run", "Steady 40 + fast 10"], field_name="name"
        )
        steady = by_name.get("Steady 40 + fast 10")
        return {
            "start": start,
            "weeks": 4,
            "easy_template": by_name.get("Easy run"),
            "easy_minutes": 40,
            "long_template": by_name.get("Long run"),
            "long_minutes": 75,
            "progression_templates": [steady] if steady else [],
            "progression_runs": 6,
            "aerobic_floor": 80,
        }


def _first_free_monday(runner: Runner, today: date) -> date:
    last_end = runner.last_block_end()
    start = next_monday(today)
    if last_end is not None:
        start = max(start, last_end + timedelta(days=1 + (6 - last_end.weekday())))
    return start


class VersionForm(forms.Form):
    """Every edit carries the block version the coach saw."""

    version = forms.IntegerField(min_value=1, max_value=limits.LARGEST_DB_INTEGER)


class WorkoutChoiceField(TemplateChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display().lower()})"  # "Easy run (easy)"


class ChangeSessionForm(VersionForm):
    template = WorkoutChoiceField(
        label="Workout",
        queryset=WorkoutTemplate.objects.filter(active=True).order_by("kind", "name"),
        empty_label=None,
        widget=forms.Select(attrs={"autofocus": True}),  # the block editor opens on it
    )
    minutes = forms.IntegerField(
        min_value=limits.SHORTEST_SESSION_MINUTES,
        max_value=limits.LONGEST_SESSION_MINUTES,
        required=False,
        help_text="Leave empty for the workout's own length.",
    )


class MoveSessionForm(VersionForm):
    # A choice of the block's free days, which the page gives the widget.
    to = forms.DateField(label="Day", widget=forms.Select)


class CopyBlockForm(forms.Form):
    runner = BoundedIdModelChoiceField(
        queryset=Runner.objects.none(), label="Copy for", empty_label=None
    )
    start = forms.DateField(
        label="Starting (a Monday)",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, coach: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        runner_field = self.fields["runner"]
        assert isinstance(runner_field, forms.ModelChoiceField)
        runner_field.queryset = Runner.objects.coached_by(coach).order_by("name")

    def clean_start(self) -> date:
        return monday_only(plausible_start(self.cleaned_data["start"]))
