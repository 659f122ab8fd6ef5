"""Project-wide request checks that no single view should have to repeat."""

import ipaddress
import logging
import time

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseForbidden
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.views.defaults import bad_request

from selbsthilfe import health

request_log = logging.getLogger("selbsthilfe.requests")


def refuse_null_characters(get_response):
    """Answer 400 to a request whose path, query string or cookies hold a NUL character.

    PostgreSQL text cannot hold NUL, so any look-up with such a value (a slug, a token, a
    search word, a session key) would end in a server error. No person types NUL; it only
    comes from probes. Form fields sent by POST are checked by the forms, which explain the
    error next to the field and keep the rest of the input.

    It runs before the session middleware (which would look up a NUL session key even for
    the 400 page), so it chooses the page's language itself.
    """

    def middleware(request):
        if (
            "\x00" in request.path_info
            or any(
                "\x00" in name or "\x00" in "".join(values) for name, values in request.GET.lists()
            )
            or any("\x00" in name or "\x00" in value for name, value in request.COOKIES.items())
        ):
            translation.activate(translation.get_language_from_request(request))
            # Answered, not raised: a probe is worth a log line, not a traceback.
            return bad_request(request, BadRequest("NUL character in the request."))
        return get_response(request)

    return middleware


def only_through_the_proxy(get_response):
    """Behind ``PROXY_COUNT`` proxies, answer 403 to a request that did not come from the
    nearest one (``PROXY_ADDRESSES``): it reached the app server directly, so whatever its
    X-Forwarded-For says was written by the sender, who could claim a new address for each
    request and so escape every limit per address. Health checks stay open to a load
    balancer that asks the app server itself."""

    def middleware(request):
        if settings.PROXY_COUNT and request.path not in health.PATHS:
            try:
                peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
            except ValueError:
                peer = None
            if peer is None or not any(peer in network for network in settings.PROXY_ADDRESSES):
                request_log.warning("Refused a request that went around the proxy: %s", peer)
                return HttpResponseForbidden(
                    "This site is reached through its public address only.\n",
                    content_type="text/plain; charset=utf-8",
                )
        return get_response(request)

    return middleware


def log_requests(get_response):
    """One log line per request: method, path without the query string (searches are
    personal), status and milliseconds; health checks are left out. With LOG_FORMAT=json
    each line is a JSON object (settings.LOGGING)."""

    def middleware(request):
        started = time.perf_counter()
        response = get_response(request)
        if request_log.isEnabledFor(logging.INFO) and request.path not in health.PATHS:
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
        return response

    return middleware


# Form fields of our own that a person did not type: the spam checks and Django's token.
MACHINE_FIELDS = {"csrfmiddlewaretoken", "rendered_at", "homepage"}


class KeepEntriesWhenDatabaseIsDown:
    """While the database cannot be reached, a page is answered with a friendly 503 (pages
    stored in the page cache are still served before), and a form sent is answered with 503
    and everything typed into it, in a form that sends it again, instead of the 500 page
    that loses it.
    The page reads nothing from the database (it is down): no request context, only the
    CSRF token, which lives in a cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if request.method != "POST":
            request_log.warning("Database unreachable; answered 503: %s", request.path)
            return unavailable(render_to_string("503.html"))
        if request.FILES:
            return None
        request_log.warning("Database unreachable; a form was answered with 503: %s", request.path)
        sent = [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken"
            for value in values
        ]
        page = render_to_string(
            "503_form.html",
            {
                "action": request.path,
                "sent": sent,
                "typed": [value for name, value in sent if value and name not in MACHINE_FIELDS],
                "csrf_token": get_token(request),
            },
        )
        return unavailable(page)


def unavailable(page: str) -> HttpResponse:
    """503 with a hint when to ask again; never stored (it may hold what someone typed)."""
    response = HttpResponse(page, status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response
