"""The runner's profile form: unit, usual run time, time zone."""

from __future__ import annotations

from django import forms

from planner.models import Runner


class ProfileForm(forms.ModelForm[Runner]):
    class Meta:
        model = Runner
        fields = ["unit", "usual_run_time", "time_zone"]
        labels = {
            "unit": "Show paces and distances in",
            "usual_run_time": "Usual run time (optional)",
            "time_zone": "Time zone",
        }
        help_texts = {
            "usual_run_time": (
                "Set it and your calendar shows timed runs; leave it empty for all-day events."
            ),
            "time_zone": "A name such as Europe/London or America/New_York.",
        }
        widgets = {
            "unit": forms.RadioSelect,
            "usual_run_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "time_zone": forms.TextInput(
                attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
            ),
        }
