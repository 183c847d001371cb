"""The Django admin: templates with their segments and a live preview, plus the data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone

from planner import formatting, limits, paces, resolution
from planner.admin_segments import SegmentForm
from planner.models import (
    BlockProgressionTemplate,
    Runner,
    ScheduledSession,
    TemplateSegment,
    TrainingBlock,
    WorkoutTemplate,
)
from planner.models.templates import TOO_MANY_SEGMENTS

# The preview shows a template for three runners the admin can picture.
SAMPLE_TEN_K_TIMES = (("10K in 40:00", 2400), ("10K in 50:00", 3000), ("10K in 60:00", 3600))


class SegmentFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    """Checks the segments together: numbering and references between them."""

    default_error_messages = {"too_many_forms": TOO_MANY_SEGMENTS}

    def add_fields(self, form: forms.ModelForm[Any], index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            row = "New segment" if index is None else f"Segment {index + 1}"
            form.fields["DELETE"].widget.attrs["aria-label"] = f"{row}: delete"

    def specs(self) -> list[resolution.SegmentSpec]:
        """The kept segments in running order, as the resolver reads them (after clean)."""
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        kept.sort(key=lambda form: form.cleaned_data["position"])
        return [_spec(form.cleaned_data) for form in kept]

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return  # a field error is already shown; cross-checks would only add noise
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        kept.sort(key=lambda form: form.cleaned_data["position"])
        positions = [form.cleaned_data["position"] for form in kept]
        if positions != list(range(1, len(kept) + 1)):
            raise ValidationError(
                "Number the segments 1, 2, 3… in running order, without gaps or repeats "
                f"(found {', '.join(map(str, positions)) or 'none'})."
            )
        problems = resolution.validate_segments([_spec(form.cleaned_data) for form in kept])
        if problems:
            raise ValidationError(problems)


def _messages(errors: dict[str, Any]) -> list[str]:
    return [str(error) for field_errors in errors.values() for error in field_errors]


def _spec(cleaned: dict[str, Any]) -> resolution.SegmentSpec:
    return resolution.SegmentSpec(
        amount_kind=cleaned["amount_kind"],
        duration_s=cleaned.get("duration_s"),
        distance_m=cleaned.get("distance_m"),
        same_as=cleaned.get("same_as"),
        pace_anchor=cleaned["pace_anchor"],
        pace_segment=cleaned.get("pace_segment"),
        offset_s=cleaned.get("offset_s") or 0.0,
        offset_unit=cleaned["offset_unit"],
        label=cleaned.get("label") or "",
    )


class TemplateSegmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = TemplateSegment
    form = SegmentForm
    formset = SegmentFormSet
    extra = 0
    min_num = 1
    # A watch workout's steps. max_num alone only hides the "add" link; absolute_max is
    # what caps the forms Django builds from a posted TOTAL_FORMS (default 1,000: a form
    # claiming a million segments took 28 s), and validate_max refuses the extra ones.
    max_num = limits.MOST_SEGMENTS
    ordering = ["position"]
    fields = [
        "position",
        "label",
        "amount_kind",
        "duration_s",
        "distance_m",
        "same_as",
        "pace_anchor",
        "pace_segment",
        "offset_s",
        "offset_unit",
    ]

    def get_formset(
        self, request: HttpRequest, obj: WorkoutTemplate | None = None, **kwargs: Any
    ) -> type[forms.BaseInlineFormSet]:  # type: ignore[type-arg]
        kwargs.setdefault("absolute_max", limits.MOST_SEGMENTS)
        kwargs.setdefault("validate_max", True)
        return super().get_formset(request, obj, **kwargs)


@dataclass(frozen=True)
class PreviewRow:
    position: int
    duration: str
    distance_km: str
    distance_mi: str
    pace_km: str
    pace_mi: str
    zone: str


@dataclass(frozen=True)
class RunnerPreview:
    label: str
    ten_k_pace: str
    rows: tuple[PreviewRow, ...]
    total: str
    distance: str
    hard: str
    problem: str = ""


def template_preview(specs: list[resolution.SegmentSpec]) -> list[RunnerPreview]:
    previews = []
    for label, seconds in SAMPLE_TEN_K_TIMES:
        runner_paces = paces.paces_for_race(paces.TEN_K_M, seconds)
        ten_k = f"{formatting.pace(runner_paces.ten_k, 'mi')}, " + formatting.pace(
            runner_paces.ten_k, "km"
        )
        try:
            workout = resolution.resolve(specs, runner_paces)
        except resolution.TemplateError as error:
            previews.append(RunnerPreview(label, ten_k, (), "", "", "", problem=str(error)))
            continue
        rows = tuple(
            PreviewRow(
                position=segment.position,
                duration=formatting.duration(segment.duration_s),
                distance_km=formatting.distance(segment.distance_m, "km"),
                distance_mi=formatting.distance(segment.distance_m, "mi"),
                pace_km=formatting.pace(segment.pace_s_per_km, "km"),
                pace_mi=formatting.pace(segment.pace_s_per_km, "mi"),
                zone=segment.zone,
            )
            for segment in workout.segments
        )
        previews.append(
            RunnerPreview(
                label,
                ten_k,
                rows,
                total=formatting.duration(workout.total_seconds),
                distance=(
                    f"{formatting.distance(workout.distance_m, 'mi')} / "
                    f"{formatting.distance(workout.distance_m, 'km')}"
                ),
                hard=formatting.duration(workout.hard_seconds),
            )
        )
    return previews


@admin.register(WorkoutTemplate)
class WorkoutTemplateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "active", "updated_at"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "description"]
    inlines = [TemplateSegmentInline]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = dict(extra_context or {})
        template = self.get_object(request, object_id)
        if template is not None:
            context["runner_previews"] = template_preview(template.segment_specs())
        return super().change_view(request, object_id, form_url, extra_context=context)

    def get_urls(self) -> list[URLPattern]:
        preview = self.admin_site.admin_view(self.preview_view)
        name = "planner_workouttemplate_preview"
        return [path("preview/", preview, name=name), *super().get_urls()]

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        """The editor's live preview: the posted, unsaved segments for the three runners.
        Staff with the right to change templates only; nothing is stored."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        # The rows of a saved template carry its id; they are read against it, unsaved.
        saved = self.get_object(request, request.GET.get("template", ""))
        inline = TemplateSegmentInline(WorkoutTemplate, self.admin_site)
        formset = inline.get_formset(request, saved)
        segments = formset(request.POST, instance=saved or WorkoutTemplate())
        assert isinstance(segments, SegmentFormSet)
        context: dict[str, Any] = {"live": True}
        if segments.is_valid():
            context["runner_previews"] = template_preview(segments.specs())
        else:
            row_problems = [
                f"Segment {index + 1}: {' '.join(_messages(form.errors))}"
                for index, form in enumerate(segments.forms)
                if form.errors
            ]
            context["problems"] = [*row_problems, *map(str, segments.non_form_errors())]
        return TemplateResponse(request, "admin/planner/workouttemplate/preview.html", context)


# The race's numbers reach the pace tables (float arithmetic, then a message that
# formats them) before the database: a number past the column is refused first.
_NO_RACE = "That is not a race: %(limit_value)s is the most this field holds."


class RunnerAdminForm(forms.ModelForm[Runner]):
    race_distance_m = forms.IntegerField(
        label="Race distance (m)",
        min_value=0,
        max_value=limits.LARGEST_DB_INTEGER,
        error_messages={"max_value": _NO_RACE},
        help_text=Runner._meta.get_field("race_distance_m").help_text,
    )
    race_seconds = forms.IntegerField(
        label="Race time (s)",
        min_value=0,
        max_value=limits.LARGEST_DB_INTEGER,
        error_messages={"max_value": _NO_RACE},
    )

    class Meta:
        model = Runner
        fields = [
            "user",
            "coach",
            "name",
            "unit",
            "race_distance_m",
            "race_seconds",
            "race_date",
            "easy_pace_override_s_per_km",
            "run_days",
            "long_run_day",
            "time_zone",
            "usual_run_time",
            "feed_token_hash",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        race_date, zone = cleaned.get("race_date"), cleaned.get("time_zone")
        # "Not in the future" by the runner's own calendar, as on the coach's form; an
        # unknown zone is refused by the model's validator after this.
        try:
            today = timezone.localdate(timezone=ZoneInfo(zone) if zone else None)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            today = timezone.localdate()
        if race_date is not None and not limits.is_plausible_race_day(race_date, today):
            self.add_error(
                "race_date",
                f"A race date is from {limits.EARLIEST_DAY:%d %B %Y} to the runner's today, "
                "a race already run.",
            )
        return cleaned


@admin.register(Runner)
class RunnerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = RunnerAdminForm
    list_display = ["name", "coach", "unit", "race_distance_m", "race_seconds", "race_date"]
    list_filter = ["unit", "coach"]
    search_fields = ["name", "user__username", "user__email", "coach__username"]
    list_select_related = ["coach"]
    raw_id_fields = ["user", "coach"]


class ScheduledSessionInline(admin.TabularInline):  # type: ignore[type-arg]
    """Read-only: sessions change through the planner, where every edit is checked."""

    model = ScheduledSession
    extra = 0
    can_delete = False
    max_num = 0
    fields = ("date", "kind", "title", "total_seconds", "aerobic_seconds", "hard_seconds")
    readonly_fields = ("date", "kind", "title", "total_seconds", "aerobic_seconds", "hard_seconds")


class RotationInline(admin.TabularInline):  # type: ignore[type-arg]
    model = BlockProgressionTemplate
    extra = 0
    can_delete = False
    max_num = 0
    readonly_fields = ["position", "template"]


@admin.register(TrainingBlock)
class TrainingBlockAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Blocks are seen here, not changed: every change goes through the planner's
    checked edits, which keep the rules, the version and the history."""

    list_display = ["runner", "start", "weeks", "status", "aerobic_floor_percent", "version"]
    list_filter = ["status", "start", "runner__coach"]
    search_fields = ["runner__name", "runner__user__username"]
    date_hierarchy = "start"
    list_select_related = ["runner"]
    inlines = [RotationInline, ScheduledSessionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
