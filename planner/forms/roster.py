"""The coach's form for a new runner, and the race preview it shows while they type.

The race fields form their own small form so the htmx preview and the full
form validate a race the same way: a time as the coach writes it ("50:00",
"1:50:59") and a result the pace tables can stand behind.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, cast
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import format_html

from planner import formatting, limits, paces, units
from planner.advice import easy_override_too_fast
from planner.forms.weekdays import long_run_day_field, run_days_field
from planner.models import Runner, Unit, validate_time_zone
from planner.weekdays import WEEKDAY_NAMES, days_to_mask

# Stored as whole metres: the mile and ten miles round to the metre, and the
# half marathon's 21,097.5 m rounds up, which no pace shown to the second notices.
RACE_DISTANCES = [
    (1500, "1,500 m"),
    (1609, "Mile"),
    (3000, "3K"),
    (5000, "5K"),
    (8000, "8K"),
    (10000, "10K"),
    (15000, "15K"),
    (16093, "10 miles"),
    (21098, "Half marathon"),
    (42195, "Marathon"),
]
RACE_FIELDS = ("race_distance_m", "race_time", "unit", "easy_pace")
DEFAULT_TIME_ZONE = "Europe/London"
ADDRESS_UNUSABLE = (
    "That address cannot be used for a new runner; use another one, "
    "or ask the runner which address they use with us."
)

# Every race field asks for the preview; the fieldset around them carries the
# shared target, include and sync (htmx inherits those).
_PREVIEW = {
    "hx-get": reverse_lazy("planner:runner_new"),
    "hx-trigger": "input changed delay:300ms, change",
}
# Offered as suggestions while the coach types; the validator has the last word.
TIME_ZONES = sorted(zone for zone in available_timezones() if "/" in zone)


def validate_short_time_zone(value: str) -> None:
    # A form runs every validator even after max_length refused, and ZoneInfo
    # raises OSError (file name too long) for a long name: the length speaks first.
    if len(value) <= limits.TIME_ZONE_LENGTH:
        validate_time_zone(value)


class RaceForm(forms.Form):
    unit = forms.ChoiceField(
        choices=Unit.choices,
        initial="km",
        widget=forms.RadioSelect(attrs={**_PREVIEW, "hx-trigger": "change"}),
        help_text="Paces are shown to the runner in this unit.",
    )
    # An integer behind a select, rather than a choice field, so a distance
    # outside the list gets the pace tables' own explanation, not "invalid choice".
    race_distance_m = forms.IntegerField(
        label="Race distance",
        initial=10000,
        # Bounds that fit any integer column; the pace tables explain a real refusal.
        min_value=0,
        max_value=limits.LARGEST_DB_INTEGER,
        widget=forms.Select(choices=RACE_DISTANCES, attrs={**_PREVIEW, "hx-trigger": "change"}),
    )
    race_time = forms.CharField(
        label="Race time",
        max_length=12,
        help_text="h:mm:ss or m:ss, for example 1:50:59 or 50:00.",
        widget=forms.TextInput(
            attrs={**_PREVIEW, "inputmode": "numeric", "autocomplete": "off", "size": 10}
        ),
    )

    easy_pace = forms.CharField(
        label="Easy pace (optional)",
        max_length=8,
        required=False,
        help_text="m:ss per km or per mile, as the unit above; empty: from the race.",
        widget=forms.TextInput(
            attrs={**_PREVIEW, "inputmode": "numeric", "autocomplete": "off", "size": 6}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # the labels sit above their fields
        super().__init__(*args, **kwargs)

    def clean_easy_pace(self) -> str:
        return cast(str, self.cleaned_data["easy_pace"]).strip()

    def clean_race_time(self) -> int:
        try:
            return paces.parse_duration(self.cleaned_data["race_time"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        distance, seconds = cleaned.get("race_distance_m"), cleaned.get("race_time")
        if distance is not None and seconds is not None:
            try:
                cleaned["vdot"] = paces.vdot(distance, seconds)
            except paces.InvalidRace as refusal:
                self.add_error("race_time", str(refusal))
        cleaned["easy_override"] = self._easy_override(cleaned)
        return cleaned

    def _easy_override(self, cleaned: dict[str, Any]) -> float | None:
        """The typed easy pace as seconds per km, in the unit the coach chose; None if empty."""
        typed, unit = cleaned.get("easy_pace"), cleaned.get("unit")
        if not typed or unit not in units.UNIT_NAMES:
            return None
        unit = cast(units.Unit, unit)
        try:
            per_unit = paces.parse_duration(typed)
        except ValueError as error:
            self.add_error("easy_pace", str(error))
            return None
        per_km = per_unit * 1000 / units.metres_per_unit(unit)
        low, high = paces.FASTEST_EASY_OVERRIDE_S_PER_KM, paces.SLOWEST_EASY_OVERRIDE_S_PER_KM
        if not low <= per_km <= high:
            self.add_error(
                "easy_pace",
                f"An easy pace must be between {formatting.pace(low, unit)} and "
                f"{formatting.pace(high, unit)}.",
            )
            return None
        return per_km


@dataclass(frozen=True)
class RacePreview:
    """What the coach sees beside the race fields: the fitness, or why there is none."""

    vdot: float | None = None
    ten_k_pace: str = ""
    easy_pace: str = ""
    threshold_pace: str = ""
    marathon_pace: str = ""
    easy_overridden: bool = False
    problem: str = ""
    # Said while the coach types, and again when the runner is saved.
    warning: str = ""

    @classmethod
    def of(cls, form: RaceForm) -> RacePreview:
        if not form.is_bound or not form.data.get("race_time", "").strip():
            return cls(problem="Type the race time to see the VDOT and the 10K pace.")
        form.is_valid()  # the race may be fine while another field of the runner's is not
        problems = [str(e) for field in RACE_FIELDS for e in form.errors.get(field, [])]
        if problems or "vdot" not in form.cleaned_data:
            return cls(problem=" ".join(problems))
        unit = cast(units.Unit, form.cleaned_data["unit"])
        override = form.cleaned_data.get("easy_override")
        targets = paces.training_paces(form.cleaned_data["vdot"], override)
        return cls(
            vdot=targets.vdot,
            ten_k_pace=formatting.pace(targets.ten_k, unit),
            easy_pace=formatting.pace(targets.easy, unit),
            threshold_pace=formatting.pace(targets.threshold, unit),
            marathon_pace=formatting.pace(targets.marathon, unit),
            easy_overridden=override is not None,
            warning=_override_warning(override, targets.marathon, unit),
        )


def _override_warning(override: float | None, marathon: float, unit: units.Unit) -> str:
    note = easy_override_too_fast(override, marathon, unit)
    return "" if note is None else note.message


def override_warning(runner: Runner) -> str:
    """The saved runner's easy pace override, when it is faster than marathon pace."""
    return _override_warning(
        runner.easy_pace_override_s_per_km,
        runner.training_paces().marathon,
        units.unit_of(runner.unit),
    )


class RunnerForm(RaceForm):
    name = forms.CharField(
        max_length=limits.NAME_LENGTH, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    # The email becomes the username, which Django caps at 150 characters.
    email = forms.EmailField(
        max_length=limits.EMAIL_LENGTH,
        help_text="The invitation goes here; the runner logs in with this address.",
    )
    race_date = forms.DateField(widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    run_days = run_days_field(
        initial=[0, 1, 3, 5, 6], error_messages={"required": "Choose at least one run day."}
    )
    long_run_day = long_run_day_field(initial=6)
    time_zone = forms.CharField(
        max_length=limits.TIME_ZONE_LENGTH,
        initial=DEFAULT_TIME_ZONE,
        validators=[validate_short_time_zone],
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
        help_text="An IANA name such as Europe/London or America/New_York.",
    )

    field_order = [
        "name",
        "email",
        "unit",
        "race_distance_m",
        "race_time",
        "race_date",
        "easy_pace",
        "run_days",
        "long_run_day",
        "time_zone",
    ]

    def __init__(self, *args: Any, coach: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.coach = coach

    def clean_email(self) -> str:
        email = cast(str, self.cleaned_data["email"]).strip().lower()
        owner = User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).first()
        if owner is None:
            return email
        own = Runner.objects.filter(user=owner, coach=self.coach).first() if self.coach else None
        if own is not None:
            raise forms.ValidationError(
                format_html(
                    '{} is already your runner {}; <a href="{}">change their details</a> instead.',
                    email,
                    own.name,
                    reverse("planner:runner_edit", kwargs={"runner_id": own.pk}),
                )
            )
        # Whose address it is stays unsaid: another coach's runner, a coach or
        # nobody we would name must all read the same to this coach.
        raise forms.ValidationError(ADDRESS_UNUSABLE)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        run_days, long_run_day = cleaned.get("run_days"), cleaned.get("long_run_day")
        if run_days and long_run_day is not None and long_run_day not in run_days:
            self.add_error(
                "long_run_day",
                f"{WEEKDAY_NAMES[long_run_day]} is not one of the run days; "
                "tick it or choose another long-run day.",
            )
        race_date = cleaned.get("race_date")
        today = self._runners_today(cleaned.get("time_zone"))
        if race_date is not None and race_date > today:
            self.add_error("race_date", "The race date is in the future; use a race already run.")
        elif race_date is not None and not limits.is_plausible_race_day(race_date, today):
            self.add_error(
                "race_date",
                f"A race date is from {limits.EARLIEST_DAY.year} on; "
                f"{race_date.year} is not a race this plan can use.",
            )
        return cleaned

    @staticmethod
    def _runners_today(time_zone: str | None) -> datetime.date:
        # The race was run where the runner lives, so "not in the future" is
        # judged by their calendar: a Sunday race in Auckland is valid while
        # London is still on Saturday.
        zone = ZoneInfo(time_zone) if time_zone else None
        return timezone.localdate(timezone=zone)

    @transaction.atomic
    def save(self, coach: User) -> Runner:
        """The runner's account (no password until they accept) and profile, together."""
        data = self.cleaned_data
        user = User(username=data["email"], email=data["email"])
        user.set_unusable_password()
        user.save()
        return Runner.objects.create(
            user=user,
            coach=coach,
            name=data["name"],
            unit=data["unit"],
            race_distance_m=data["race_distance_m"],
            race_seconds=data["race_time"],
            race_date=data["race_date"],
            easy_pace_override_s_per_km=data["easy_override"],
            run_days=days_to_mask(data["run_days"]),
            long_run_day=data["long_run_day"],
            time_zone=data["time_zone"],
        )


class RunnerEditForm(RunnerForm):
    """The coach's changes to a runner: a new race, other run days. The login stays."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["email"]

    @classmethod
    def initial_for(cls, runner: Runner) -> dict[str, Any]:
        return {
            "name": runner.name,
            "unit": runner.unit,
            "race_distance_m": runner.race_distance_m,
            "race_time": formatting.duration(runner.race_seconds),
            "race_date": runner.race_date,
            "easy_pace": _easy_pace_text(runner),
            "run_days": sorted(runner.run_day_set),
            "long_run_day": runner.long_run_day,
            "time_zone": runner.time_zone,
        }

    def update(self, runner: Runner) -> Runner:
        data = self.cleaned_data
        runner.name = data["name"]
        runner.unit = data["unit"]
        runner.race_distance_m = data["race_distance_m"]
        runner.race_seconds = data["race_time"]
        runner.race_date = data["race_date"]
        runner.easy_pace_override_s_per_km = data["easy_override"]
        runner.run_days = days_to_mask(data["run_days"])
        runner.long_run_day = data["long_run_day"]
        runner.time_zone = data["time_zone"]
        runner.save()
        return runner


def _easy_pace_text(runner: Runner) -> str:
    """The stored override as the coach typed it: m:ss in the runner's unit."""
    if runner.easy_pace_override_s_per_km is None:
        return ""
    unit = units.unit_of(runner.unit)
    return formatting.pace(runner.easy_pace_override_s_per_km, unit).split(" ")[0]


class RosterPageForm(forms.Form):
    """The dashboard's ``?page=``: a whole number from 1; anything else is the first page
    (a page past the last shows the last, as the paginator does)."""

    page = forms.IntegerField(min_value=1, max_value=limits.LARGEST_DB_INTEGER, required=False)

    def page_number(self) -> int:
        if not self.is_valid():
            return 1
        page: int | None = self.cleaned_data["page"]
        return page or 1
