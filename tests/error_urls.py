"""The site's addresses and four that fail on purpose, so the accessibility and HTML checks
see the error pages a visitor can meet (400, 403, a refused form and 500)."""

from django.core.exceptions import BadRequest, PermissionDenied
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


urlpatterns = [
    path("fehlerseite/400/", bad_request),
    path("fehlerseite/403/", forbidden),
    path("fehlerseite/403-formular/", refused_form),
    path("fehlerseite/500/", server_error),
    *site_urlpatterns,
]
