"""The runner's day cards, each drawn once as markup.

A week has seven cards, and a card says two dozen things (its session, paces, state,
verdict, what was logged) beside four small forms (done, skipped, upload, move). Through
the template engine the cards were most of the week's cost, so they are written here,
as the block page's cells are (``block_calendar.py``): every value escaped with
``html.escape`` or already safe markup, every address filled into a pattern reversed once
per page. The week's template places the cards; the rest of the page stays a template.
The move and upload forms are drawn here for the run's own page and the week's upload
section too (``planner_week`` tags), so each form has one source.

No queries: the week hands over the sessions, runs and forms it built.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from django.utils.safestring import SafeString, mark_safe

from planner import formatting
from planner.forms.renderer import compact_field
from planner.limits import AS_PLANNED_PERCENT, HIGHEST_EFFORT
from planner.presenters.week import FORM_SLOT, DayCard, FormAddresses

if TYPE_CHECKING:
    from planner.forms.week import DoneForm
    from planner.models import Recording, ScheduledSession

HARD_SEGMENT = ' class="hard-segment"'
FAST_FINISH_BADGE = ' <span class="badge">Fast finish</span>'
MOVE_HELP = (
    "Sessions of this block without a run; the run is judged again against the one you choose."
)


class Drawer:
    """Draws a page's cards and forms with its addresses and its CSRF field
    (``csrf_token``: the page's token, or its cached page's placeholder)."""

    def __init__(self, csrf_token: object, addresses: FormAddresses) -> None:
        token = "" if csrf_token in (None, "", "NOTPROVIDED") else escape(str(csrf_token))
        self.csrf = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">' if token else ""
        )
        self.move = addresses.move
        self.run_page = addresses.run_page
        self.upload = addresses.upload
        self.forms = addresses

    # --- the forms more than one page shows ---

    def upload_form(self, form_id: str, week_start: date) -> SafeString:
        """One watch-file form: the week comes back with the run on its day's card."""
        url = escape(self.upload)
        field = self.forms.upload_field.replace(FORM_SLOT, escape(form_id))
        return mark_safe(  # every value above is escaped
            f'<form method="post" action="{url}" hx-post="{url}" enctype="multipart/form-data" '
            f'hx-encoding="multipart/form-data" class="upload">\n{self.csrf}\n'
            f'<input type="hidden" name="week" value="{week_start:%Y-%m-%d}">\n{field}\n'
            '<button type="submit">Upload</button>\n</form>'
        )

    def move_form(
        self, run: Recording, targets: Sequence[ScheduledSession], back: str = ""
    ) -> SafeString:
        """Move a recorded run to another session of its block (``targets``: those without
        a run within a week of its day), or off its session to be an unplanned run.
        ``back="page"`` on the run's own page; on the week, the week comes back with focus
        on the card the run is now on."""
        if not (run.session_id or targets):
            return mark_safe("")
        url = escape(self.move.format(run.pk))
        day = escape(formatting.weekday_date(run.day))
        field = f"move-{run.pk}{escape(back)}"
        swap = ' hx-target="body"' if back else ' hx-target="#week" hx-swap="outerHTML"'
        was_on = "" if run.session_id is None else run.session_id
        options = "".join(
            f'<option value="{target.pk}">{escape(formatting.day(target.date))}: '
            f"{escape(target.title)}</option>"
            for target in targets
        )
        if run.session_id:
            options += '<option value="">No session: an unplanned run</option>'
        kept = f'<input type="hidden" name="back" value="{escape(back)}">\n' if back else ""
        return mark_safe(  # every value above is escaped
            f'<details class="log move-run">\n<summary class="button secondary">Move run'
            f'<span class="visually-hidden"> of {day}</span></summary>\n'
            f'<form method="post" action="{url}" hx-post="{url}"{swap}>\n{self.csrf}\n'
            f'<input type="hidden" name="was_on" value="{was_on}">\n{kept}'
            f'<div class="field">\n<label for="{field}">Move the run of {day} to</label>\n'
            f'<select id="{field}" name="session" aria-describedby="{field}_helptext">\n'
            f"{options}\n</select>\n"
            f'<div class="help" id="{field}_helptext">{MOVE_HELP}</div>\n</div>\n'
            '<button type="submit" class="secondary">Move run</button>\n</form>\n</details>'
        )

    # --- a day card ---

    def card(self, card: DayCard, week_start: date, today: date, focus: Any) -> SafeString:
        dom = card.dom_id
        css = f"day-card card state-{card.state}{' today' if card.is_today else ''}"
        attrs = (" autofocus" if focus == dom else "") + (
            ' aria-current="date"' if card.is_today else ""
        )
        label = escape(card.label)
        state = f' <span class="state">{card.state_label}</span>' if card.session else ""
        head = (
            f'<p class="day">{"<strong>Today</strong> · " if card.is_today else ""}'
            f"{label}{state}</p>"
        )
        if card.session is None:
            body = (
                f'<h3 id="{dom}-title">Rest day</h3>\n'
                '<p class="muted">No run planned: rest is part of the plan.</p>'
            )
        else:
            body = self._session(card, card.session, week_start, today)
        extra = "".join(
            f'\n<p class="verdict"><span aria-hidden="true">+</span> {escape(sentence)} · '
            f'<a href="{escape(self.run_page.format(run.pk))}">Details<span '
            'class="visually-hidden"> of the unplanned run</span></a></p>\n'
            f"{self.move_form(run, targets)}"
            for run, sentence, targets in card.unplanned_runs
        )
        return mark_safe(  # every value above is escaped
            f'<article id="{dom}" class="{css}" aria-labelledby="{dom}-title" tabindex="-1"'
            f'{attrs} hx-target="this" hx-swap="outerHTML">\n{head}\n{body}{extra}\n</article>'
        )

    def _session(
        self, card: DayCard, session: ScheduledSession, week_start: date, today: date
    ) -> str:
        title = escape(session.title)
        figures = card.figures
        assert figures is not None
        assert card.links is not None
        links = card.links
        fast = (
            f' · <span class="hard nowrap">{escape(figures.fast_finish)} fast finish</span>'
            if session.hard_seconds
            else ""
        )
        lines = "".join(
            f"<li{HARD_SEGMENT if line.is_hard else ''}>"
            f'<span class="segment-text">{escape(line.text)}</span> '
            f'<span class="muted nowrap">({escape(line.other)})</span>'
            f"{FAST_FINISH_BADGE if line.is_hard else ''}</li>\n"
            for line in card.segments
        )
        weekday = formatting.weekday_name(card.day.weekday())
        parts = [
            f'<h3 id="{card.dom_id}-title">{title}</h3>',
            f'<p class="totals"><span class="nowrap">{escape(figures.planned_time)}</span> · '
            f'<span class="nowrap">{escape(figures.planned_distance)}</span>{fast}</p>',
            f'<ol class="segments">\n{lines}</ol>',
            f'<p class="actions"><a class="button secondary" href="{escape(links.watch)}" '
            f'download>Send to watch (.fit)<span class="visually-hidden">: {title}, '
            f"{weekday}</span></a></p>",
        ]
        if card.recording is not None and card.verdict is not None:
            verdict = card.verdict
            parts.append(
                f'<p class="verdict verdict-{escape(verdict.tone)}"><span aria-hidden="true">'
                f"{escape(verdict.symbol)}</span> <strong>{escape(verdict.words)}.</strong> "
                f"{escape(card.run_sentence)}</p>\n"
                f'<p><a class="button secondary" href="{escape(links.session_page)}">Planned '
                "against actual, with the pace chart"
                f'<span class="visually-hidden">: {title}</span></a></p>'
            )
        parts.append(self._logged(card, session))
        if card.is_logged and card.recording is None:
            url = escape(links.undo)
            parts.append(
                f'<form method="post" action="{url}" hx-post="{url}" class="actions">\n'
                f'{self.csrf}\n<button type="submit" class="secondary">Undo'
                f'<span class="visually-hidden"> {title} log</span></button>\n</form>'
            )
        else:
            parts.append(self._log_actions(card, title, week_start, today))
        return "\n".join(part for part in parts if part)

    def _logged(self, card: DayCard, session: ScheduledSession) -> str:
        """What the runner logged: the time and distance run, effort and note, or a skip."""
        figures = card.figures
        assert figures is not None
        if card.state == "done":
            ran = escape(figures.done_time)
            if figures.done_distance:
                ran += f" · {escape(figures.done_distance)}"
            if session.effort:
                ran += f" · effort {session.effort}/{HIGHEST_EFFORT}"
            recorded = " (recorded)" if card.recording else ""
            parts = [
                f'<p class="logged"><strong>Done{recorded}:</strong> {ran} '
                f'<span class="nowrap">(planned {escape(figures.planned_time)})</span></p>'
            ]
            if card.recording is None:
                parts.append(
                    f'<p class="ok">✓ Done as logged, within {AS_PLANNED_PERCENT} % of the '
                    "planned time</p>"
                    if session.done_as_planned
                    else f'<p class="warn">Done as logged: more than {AS_PLANNED_PERCENT} % off '
                    "the planned time</p>"
                )
            if session.note:
                parts.append(f'<p class="note">“{escape(session.note)}”</p>')
            return "\n".join(parts)
        if card.state == "skipped":
            reason = f": {escape(session.skip_reason)}" if session.skip_reason else ""
            return f'<p class="logged"><strong>Skipped</strong>{reason}</p>'
        return ""

    def _log_actions(self, card: DayCard, title: str, week_start: date, today: date) -> str:
        links = card.links
        assert links is not None
        parts = []
        if card.done_form is not None:
            parts.append(self._done_form(card, card.done_form, title, links.done))
        if card.recording is not None:
            url = escape(links.delete_run)
            parts.append(self.move_form(card.recording, card.move_targets))
            parts.append(
                f'<form method="post" action="{url}" hx-post="{url}" class="log">\n{self.csrf}\n'
                '<button type="submit" class="secondary">Delete recording'
                f'<span class="visually-hidden"> of {title}</span></button>\n</form>'
            )
        else:
            if card.day <= today:
                parts.append(
                    '<details class="log">\n<summary class="button secondary">Upload run'
                    f'<span class="visually-hidden"> for {title}</span></summary>\n'
                    f"{self.upload_form(card.dom_id, week_start)}\n</details>"
                )
            parts.append(self._skip_form(card, title, links.skipped))
        inner = "\n".join(part for part in parts if part)
        return f'<div class="log-actions">\n{inner}\n</div>'

    def _done_form(self, card: DayCard, form: DoneForm, title: str, action: str) -> str:
        url = escape(action)
        opened = " open" if form.errors else ""
        errors = (
            f'<div class="errorlist" role="alert">{form.non_field_errors()}</div>'
            if form.non_field_errors()
            else ""
        )
        summary = "Effort and note" if card.recording else "Done"
        return (
            f'<details class="log"{opened}>\n<summary class="button">{summary}'
            f'<span class="visually-hidden">: log {title}</span></summary>\n'
            f'<form method="post" action="{url}" hx-post="{url}">\n{self.csrf}\n{errors}'
            f'<div class="pair">{compact_field(form["minutes"])}'
            f"{compact_field(form['distance'])}</div>\n"
            f"{compact_field(form['effort'])}\n{compact_field(form['note'])}\n"
            '<button type="submit">Save as done</button>\n</form>\n</details>'
        )

    def _skip_form(self, card: DayCard, title: str, action: str) -> str:
        """Skipping, with the card's refused skip and its errors, or an empty field."""
        url = escape(action)
        form = card.skip_form
        assert card.session is not None
        opened = " open" if form is not None and form.errors else ""
        field = (
            compact_field(form["reason"])
            if form is not None
            else self.forms.skip_field.replace(FORM_SLOT, f"s{card.session.pk}")
        )
        return (
            f'<details class="log"{opened}>\n<summary class="button secondary">Skipped'
            f'<span class="visually-hidden">: {title}</span></summary>\n'
            f'<form method="post" action="{url}" hx-post="{url}">\n{self.csrf}\n'
            f"{field}\n"
            '<button type="submit" class="secondary">Save as skipped</button>\n</form>\n'
            "</details>"
        )
