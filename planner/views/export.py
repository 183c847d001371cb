"""A coach's export of one runner's blocks and logs, as JSON or CSV (a spreadsheet)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from planner.presenters.export import FORMATS
from planner.views.access import CoachRequest, coach_required, coachs_runner


@coach_required
@require_GET
def runner_export(request: CoachRequest, runner_id: int, file_format: str) -> HttpResponse:
    runner = coachs_runner(request.coach, runner_id)
    if file_format not in FORMATS:
        raise Http404("Export as json or csv.")
    make, content_type = FORMATS[file_format]
    response = HttpResponse(make(runner), content_type=content_type)
    stem = f"fast-finish-{slugify(runner.name) or runner.pk}-{timezone.localdate():%Y-%m-%d}"
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    return response
