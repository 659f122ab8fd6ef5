"""Guessing a staff password is stopped (django-axes, ``AXES_*`` in the settings) without
letting anyone lock a member out from elsewhere: failures count per address, and only a far
larger number of failures for one user name from many addresses locks the name itself."""


from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.template.response import TemplateResponse
from django.utils import timezone

# Failures from one address (for any user names) before that address is locked.
FAILURES_PER_ADDRESS = 5
# Failures for one user name from all addresses together before the name is locked for
# everyone: a guess spread over many addresses.
FAILURES_PER_USER_NAME = 50


def failure_limit(request, credentials=None) -> int:
    """``AXES_FAILURE_LIMIT``: the failures allowed from the request's address, none at all
    once its user name failed ``FAILURES_PER_USER_NAME`` times within the cool-off."""
    username = get_client_username(request, credentials)
    if username:
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        failures = AccessAttempt.objects.filter(
            username=username, attempt_time__gte=since
        ).aggregate(total=Sum("failures_since_start"))["total"]
        if (failures or 0) >= FAILURES_PER_USER_NAME:
            return 0
    return FAILURES_PER_ADDRESS


def locked_out(request, response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the answer to a sign-in while it is locked."""
    context = {
        **admin.site.each_context(request),
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return TemplateResponse(request, "admin/locked_out.html", context, status=429).render()
