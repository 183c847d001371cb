"""URL configuration: the admin, accounts and the planner's pages."""

from __future__ import annotations

import sys

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import include, path
from django.views import defaults
from django.views.decorators.http import require_safe

from planner.forms.accounts import LoginForm
from planner.views import bench, health


@login_not_required
@require_safe
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    # Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or a 503 that says to try again while the database cannot be reached.

    A database restart refuses connections for a moment (config/postgresql/base.py waits
    a few seconds first); that is no bug of ours, and a retry soon succeeds. The page is
    drawn without the request: the context processors would ask the database again.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        page = render_to_string("503.html")
        return HttpResponse(page, status=503, headers={"Retry-After": "5"})
    return defaults.server_error(request)


handler500 = server_error

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("planner.urls")),
]

if settings.BENCH_ENDPOINTS:
    urlpatterns.append(path("bench/minimal/", bench.minimal, name="bench_minimal"))
