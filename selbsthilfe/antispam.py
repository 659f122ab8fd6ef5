"""Spam protection for public forms without third-party services.

Three checks, each cheap for people and costly for bots: a honeypot field that people never
see, a minimum time between showing the form and sending it (a signed timestamp with a
nonce, so it needs no session, and good for one submission), and a limit of submissions per
sender address within an hour. Addresses are kept only as a keyed hash, never in plain text.
"""

import datetime
import hashlib
import hmac
import re
import secrets
import time
from contextlib import contextmanager

from django import forms
from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selbsthilfe.models import RequestCount, UsedFormToken

MINIMUM_FILL_SECONDS = 3
FORM_VALID_SECONDS = 24 * 60 * 60
_SALT = "selbsthilfe.antispam.rendered-at"


def shown_now() -> str:
    """The signed time of showing a form now with a nonce of its own (also filled into
    cached pages as served)."""
    return signing.dumps([time.time(), secrets.token_hex(16)], salt=_SALT)


def spend_token(nonce: str) -> bool:
    """Record the form token ``nonce`` as used; False if it was used before. Tokens older
    than any that is still valid are forgotten on the way."""
    expired = timezone.now() - datetime.timedelta(seconds=FORM_VALID_SECONDS)
    UsedFormToken.objects.filter(used_at__lt=expired).delete()
    _token, created = UsedFormToken.objects.get_or_create(nonce=nonce)
    return created


class HumanCheckForm(forms.Form):
    """A form base with the honeypot and fill-time checks; subclasses add their fields.

    A failed check is a non-field error with a plain explanation, and the entered data stays
    in the form, so a person who was merely quick loses nothing. A form that sets
    ``rejects_speed_alone = False`` accepts a quick fill (a browser's autofill) and only
    notes it in ``filled_quickly``, for the form's own checks to weigh with other signs.
    """

    rejects_speed_alone = True

    # Named like a real field so that bots fill it; hidden from people by CSS and from
    # screen readers by aria-hidden on its wrapper (templates/includes/honeypot.html).
    homepage = forms.CharField(required=False, label=_("Leave this field empty"))
    rendered_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A fresh timestamp on each display; a re-shown form keeps counting from now.
        self.initial["rendered_at"] = shown_now()
        self._submitted_rendered_at = ""
        self.filled_quickly = False
        if self.is_bound:
            self._submitted_rendered_at = self.data.get("rendered_at", "")
            self.data = self.data.copy()
            self.data["rendered_at"] = self.initial["rendered_at"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("homepage"):
            raise forms.ValidationError(_("The form could not be sent."), code="honeypot")
        try:
            rendered_at, nonce = signing.loads(
                self._submitted_rendered_at, salt=_SALT, max_age=FORM_VALID_SECONDS
            )
        except (signing.BadSignature, TypeError, ValueError):
            rendered_at = nonce = None
        if nonce is None or not spend_token(nonce):  # (sent before: the same as expired)
            raise forms.ValidationError(
                _("The form had expired. Please check your input and send it again."),
                code="expired",
            )
        self.filled_quickly = time.time() - float(rendered_at) < MINIMUM_FILL_SECONDS
        if self.filled_quickly and self.rejects_speed_alone:
            raise forms.ValidationError(
                _("That was very fast. Please check your input and send the form again."),
                code="too_fast",
            )
        return cleaned

    def refuse_quick_links(self, *texts: str) -> None:
        """For a form that accepts a quick fill: refuse it when ``texts`` hold a web link."""
        if self.filled_quickly and contains_link(*texts):
            raise forms.ValidationError(
                _("Entries with web links cannot be sent this quickly. Please check them and "
                  "send the form again."),
                code="too_fast_with_link",
            )  # fmt: skip


LINK = re.compile(r"https?://|www\.|\[url|<a\s", re.IGNORECASE)


def contains_link(*texts: str) -> bool:
    """Whether any of ``texts`` holds a web link, the payload of most form spam."""
    return any(LINK.search(text or "") for text in texts)


def sender_key(request) -> str:
    """A keyed hash of the sender's address: enough to count, useless to identify."""
    address = client_address(request)
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def client_address(request) -> str:
    """The visitor's address. Behind ``PROXY_COUNT`` reverse proxies it is the entry of
    X-Forwarded-For that the outermost proxy appended; the entries before it come from the
    client and may be made up. Without proxies every visitor would share the proxy's address
    (and its hourly limits)."""
    proxies = settings.PROXY_COUNT
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def lock_until_commit(name: str) -> None:
    """Wait for, and hold until the transaction ends, the advisory lock named ``name``:
    transactions taking the same name run one after another."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [name])


class HourlyLimitReached(Exception):
    """The sender has sent as many submissions of this kind within the hour as allowed."""


@contextmanager
def hourly_limit(queryset, key: str, limit: int, field: str = "sender_key"):
    """Run the block that stores one more row of ``queryset`` from sender ``key``, or raise
    HourlyLimitReached when the sender's rows of the last hour already reach ``limit``.

    The count and the block share one transaction, and a transaction-level advisory lock on
    (model, sender) makes parallel submissions of one sender wait for each other: each counts
    the rows the ones before it committed, so a burst cannot slip past the limit. Other
    senders never wait.
    """
    with transaction.atomic():
        lock_until_commit(f"hourly-limit:{queryset.model._meta.label}:{key}")
        since = timezone.now() - datetime.timedelta(hours=1)
        if queryset.filter(**{field: key, "created_at__gte": since}).count() >= limit:
            raise HourlyLimitReached
        yield


def requests_this_minute(key: str) -> int:
    """Count one more request of sender ``key`` in the current minute and return the
    minute's count so far: one statement, shared by every worker and app server, which also
    removes the counts of minutes before the last (found by index; after the first request
    of a minute there are none)."""
    minute = int(time.time() // 60)
    table = RequestCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH past AS (DELETE FROM {table} WHERE minute < %s) "
            f"INSERT INTO {table} (sender, minute, count) VALUES (%s, %s, 1) "
            f"ON CONFLICT (sender, minute) DO UPDATE SET count = {table}.count + 1 "
            "RETURNING count",
            [minute - 1, key, minute],
        )
        return cursor.fetchone()[0]
