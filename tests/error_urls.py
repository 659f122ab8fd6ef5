"""The site's addresses and four that fail on purpose, so the accessibility and HTML checks
see the error pages a visitor can meet (400, 403, a refused form, 500, and a form sent
while the database is down)."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.db import OperationalError
from django.middleware.csrf import _get_failure_view
from django.urls import path

from selbsthilfe.urls import urlpatterns as site_urlpatterns


def bad_request(request):
    raise BadRequest("Shown to check the error page.")


def forbidden(request):
    raise PermissionDenied


def refused_form(request):
    return _get_failure_view()(request, reason="Shown to check the error page.")


def server_error(request):
    raise RuntimeError("Shown to check the error page.")


def database_down(request):
    raise OperationalError("Shown to check the page of a form the database could not take.")


urlpatterns = [
    path("fehlerseite/400/", bad_request),
    path("fehlerseite/403/", forbidden),
    path("fehlerseite/403-formular/", refused_form),
    path("fehlerseite/500/", server_error),
    path("fehlerseite/503-formular/", database_down),
    *site_urlpatterns,
]
