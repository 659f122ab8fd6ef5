"""Public pages rendered once and then served from Django's cache until public content changes.

A page is stored per address and language under the current content generation
(``selbsthilfe/content_generation.py``), so whatever staff change shows on the next request.
An entry lives ``PAGE_CACHE_SECONDS`` at most, and ``CLOCK_SECONDS`` on pages that the clock
alone changes ("open now", upcoming events, next meetings).

Only anonymous visitors get stored pages: a request with a session (staff) or a message to
show is rendered afresh. The values of the pages' forms that belong to one visitor (the CSRF
token, the time the form was shown) are stored as placeholders and filled in per visitor.
"""

import hashlib
import re
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from selbsthilfe import antispam
from selbsthilfe.content_generation import current_generation
from selbsthilfe.replicas import reading_from_replicas

# Values of a page's forms that belong to one visitor, stored as placeholders and filled in
# as the page is served: the CSRF token (tied to the visitor's cookie; Django writes it as
# below) and the time the form was shown (the spam check's minimum fill time).
FRESH_FIELD = re.compile(rb'(name=")(csrfmiddlewaretoken|rendered_at)(" value=")[^"]*(")')
PLACEHOLDER = re.compile(rb"\x00(csrfmiddlewaretoken|rendered_at)\x00")  # no page holds NUL
FRESH_VALUES = {
    b"csrfmiddlewaretoken": get_token,
    b"rendered_at": lambda request: antispam.shown_now(),
}
CLOCK_SECONDS = 60
# What views tell the middleware on the response itself (framing and CSP of the embeds).
RESPONSE_ATTRIBUTES = ("xframe_options_exempt", "_csp_config", "_csp_ro_config")


@dataclass(frozen=True)
class StoredPage:
    content: bytes  # with placeholders for the visitor's own values (FRESH_FIELD)
    headers: dict[str, str]
    attributes: dict[str, object]
    digest: str
    stored_at: float
    lifetime: int

    @classmethod
    def from_response(cls, response: HttpResponse, lifetime: int) -> "StoredPage":
        content = FRESH_FIELD.sub(b"\\1\\2\\3\x00\\2\x00\\4", response.content)
        return cls(
            content=content,
            headers=dict(response.headers),
            attributes={
                name: getattr(response, name)
                for name in RESPONSE_ATTRIBUTES
                if hasattr(response, name)
            },
            digest=hashlib.blake2b(content, digest_size=12).hexdigest(),
            stored_at=time.time(),
            lifetime=lifetime,
        )

    @property
    def has_form(self) -> bool:
        return b"\x00csrfmiddlewaretoken\x00" in self.content

    def response_for(self, request) -> HttpResponse:
        content = self.content
        etag = self.digest
        if self.has_form:
            # The visitor's own token; the page a browser keeps stays valid while its CSRF
            # cookie does, so the cookie is part of the tag.
            content = fill_in(content, request)
            secret = request.META["CSRF_COOKIE"]  # the cookie's, or the one about to be set
            etag += "-" + hashlib.blake2b(secret.encode(), digest_size=4).hexdigest()
        response = HttpResponse(content)
        for name, value in self.headers.items():
            response.headers[name] = value
        for name, value in self.attributes.items():
            setattr(response, name, value)
        response.headers["ETag"] = quote_etag(etag)
        response.headers["Last-Modified"] = http_date(self.stored_at)
        if self.has_form:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=self.lifetime)
        return get_conditional_response(
            request, etag=response.headers["ETag"], last_modified=int(self.stored_at),
            response=response,
        )  # fmt: skip


def fill_in(content: bytes, request) -> bytes:
    values = {}

    def value(match):
        if match[1] not in values:
            values[match[1]] = FRESH_VALUES[match[1]](request).encode()
        return values[match[1]]

    return PLACEHOLDER.sub(value, content)


def anonymous_get(request) -> bool:
    """A visitor's GET without a session (staff have one) or a message waiting to be
    shown: the same page for everyone who asks for this address in this language."""
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


class LastKnown:
    """The content generation this process read last."""

    generation: int | None = None


def generation_or_last_known() -> int:
    """The content generation; while the database cannot be reached, the one this process
    read last, so that the pages stored under it are still served (nothing can change
    meanwhile, and no page could be rendered anew)."""
    try:
        LastKnown.generation = current_generation()
    except DatabaseError:
        if LastKnown.generation is None:
            raise
    return LastKnown.generation


def page_key(request, generation: int) -> str:
    address = hashlib.blake2b(request.build_absolute_uri().encode(), digest_size=16).hexdigest()
    return f"page:{generation}:{get_language()}:{address}"


def public_page(view, *, changes_with_time: bool = False):
    """Serve this view's page from the cache to anonymous visitors, reading from a replica
    where there is one (docs/deployment.md). ``changes_with_time``: the page shows something
    the clock changes, so it is kept ``CLOCK_SECONDS`` at most.

    Pages with a form hold a token tied to the visitor's cookie: browsers may keep them but
    must ask again (answered with 304 while nothing changed), proxies must not share them.
    Pages without one (feeds, calendars, sitemaps) may be shared for the entry's lifetime."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not anonymous_get(request):
            return _uncached(view(request, *args, **kwargs))
        with reading_from_replicas():
            lifetime = settings.PAGE_CACHE_SECONDS
            if changes_with_time:
                lifetime = min(lifetime, CLOCK_SECONDS)
            if not lifetime:
                return _uncached(view(request, *args, **kwargs))
            key = page_key(request, generation_or_last_known())
            page = cache.get(key)
            if page is None:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()
                if not storable(response):
                    return _uncached(response)
                page = StoredPage.from_response(response, lifetime)
                cache.set(key, page, lifetime)
        return page.response_for(request)

    return cached_view


def _uncached(response: HttpResponse) -> HttpResponse:
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)
    return response


def storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )
