"""Forms of the squad pages: naming a squad, its members, planning it, editing its week.

Planning a squad asks what the new-block form asks, less what is each runner's own
(run days, long-run day): it is that form with those fields taken out and the
progression days asked as the squad's group days.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from planner import limits
from planner.forms.blocks import (
    BlockForm,
    TemplateChoiceField,
    active_templates,
    monday_only,
    next_monday,
    plausible_start,
)
from planner.models import BlockChoices, Squad


class SquadForm(forms.ModelForm[Squad]):
    class Meta:
        model = Squad
        fields = ["name"]

    def __init__(self, *args: Any, coach: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.coach = coach

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        taken = Squad.objects.filter(coach=self.instance.coach, name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"You already have a squad called {name}.")
        return name


class MemberForm(forms.Form):
    """A runner to add or remove: any whole number, so that another coach's runner and
    a runner who does not exist get the same answer."""

    runner = forms.IntegerField(min_value=1, max_value=limits.LARGEST_DB_INTEGER)


class SquadPlanForm(BlockForm):
    """The new-block form for a whole squad: no run days or long-run day (each member's
    own), and the progression days asked as the group days."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for own in ("run_days", "long_run_day"):
            del self.fields[own]
        group_days = self.fields["progression_days"]
        group_days.label = "Group days"
        group_days.help_text = (
            "The days the group runs its progression runs together; none ticked: each "
            "runner on their own days."
        )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("long_template") and not data.get("long_minutes"):
            self.add_error("long_minutes", "Give the long run's minutes.")
        return data

    def group_days(self) -> frozenset[int]:
        return frozenset(self.cleaned_data["progression_days"])

    def choices(self) -> BlockChoices:
        """The choices every member shares; each member's own days replace the rest."""
        # A long-run day stands in for "a long run is asked for"; each member's own
        # long-run day replaces it (models.squads.member_choices).
        self.cleaned_data |= {
            "run_days": [],
            "long_run_day": 6 if self.cleaned_data.get("long_template") else None,
        }
        return super().choices()

    @classmethod
    def initial_for_squad(cls, today: date) -> dict[str, Any]:
        return cls.usual_choices(next_monday(today))


class GroupDayForm(forms.Form):
    day = forms.DateField(label="Group day")
    template = TemplateChoiceField(label="Workout", queryset=active_templates("progression"))
    minutes = forms.IntegerField(
        min_value=1,
        max_value=limits.LONGEST_SESSION_MINUTES,
        required=False,
        help_text="Leave empty for the workout's own length.",
    )

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if not limits.is_plausible_day(day):
            raise forms.ValidationError(f"Choose a day {limits.plausible_range_text()}.")
        return day


class CopyForwardForm(forms.Form):
    start = forms.DateField(
        label="Starting (a Monday)",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def clean_start(self) -> date:
        return monday_only(plausible_start(self.cleaned_data["start"]))
