"""The read-only Open Referral HSDS 3.0 API at ``/api/hsds/`` (paths and page shape of the
HSDS 3.0 API reference); docs/open-data.md describes it."""

import datetime
import math
import re

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_GET

from contactpoints.models import ContactPoint, FederalState
from groups import hsds, hsds_tabular
from groups.models import Group, Organisation, Topic
from groups.search.analysis import analyse
from selbsthilfe import antispam

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
# No directory has this many pages; a larger number is a mistake (or a probe), not a request.
MAX_PAGE = 1_000_000
CACHE_SECONDS = 300


class BadRequest(Exception):
    pass


def answer(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


def over_limit(request) -> bool:
    """Whether this address asked more than ``API_REQUESTS_PER_MINUTE`` times this minute,
    counted in the database across all workers and app servers."""
    count = antispam.requests_this_minute(antispam.sender_key(request))
    return count > settings.API_REQUESTS_PER_MINUTE


def too_many() -> JsonResponse:
    response = JsonResponse({"error": "Too many requests; please wait a minute."}, status=429)
    response["Retry-After"] = "60"
    return response


def api_view(function):
    @require_GET
    def view(request, *args, **kwargs):
        if over_limit(request):
            return too_many()
        try:
            return answer(function(request, *args, **kwargs))
        except BadRequest as error:
            return answer({"error": str(error)}, status=400)

    view.__name__ = function.__name__
    return view


def number(request, name: str, default: int, largest: int = MAX_PAGE) -> int:
    """The parameter ``name`` as a whole number from 1 to ``largest`` (ASCII digits only:
    ``str.isdigit`` would take "²")."""
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    if not re.fullmatch(r"[0-9]{1,7}", value) or not 1 <= int(value) <= largest:
        raise BadRequest(f"{name} must be a whole number from 1 to {largest}.")
    return int(value)


def page_of(request, items, serialize) -> dict:
    """One page of ``items`` (a queryset or list) in the HSDS page shape."""
    per_page = min(number(request, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    page = number(request, "page", 1)
    total = len(items) if isinstance(items, list) else items.count()
    pages = max(1, math.ceil(total / per_page))
    start = (page - 1) * per_page
    contents = [serialize(item) for item in items[start : start + per_page]]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def modified_after(request):
    # (``updated_since`` as the name of the same filter in other directories' APIs)
    value = (request.GET.get("modified_after") or request.GET.get("updated_since", "")).strip()
    if not value:
        return None
    try:  # (well-formed but impossible values such as month 13 raise)
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)):
            moment = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    except ValueError:
        moment = None
    if moment is None:
        raise BadRequest("modified_after must be a date or date-time (ISO 8601).")
    return moment if moment.tzinfo else timezone.make_aware(moment)


def public_groups():
    return (
        Group.objects.public()
        .select_related("contact_point", "meeting_site")
        .prefetch_related("topics", "contact_point__sites__contact_point")
        .order_by("pk")
    )


@api_view
def meta(request):
    return {
        "version": "3.0",
        "licence": settings.OPEN_DATA_LICENCE,
        "licence_url": settings.OPEN_DATA_LICENCE_URL,
        "profile": "https://docs.openreferral.org/en/latest/hsds/",
        "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
    }


@api_view
def services(request):
    groups = public_groups()
    if term := request.GET.get("taxonomy_term_id"):
        topic = Topic.objects.filter(pk=hsds.pk_of("topic", term)).first()
        groups = groups.on_topic(topic) if topic else groups.none()
    if organization := request.GET.get("organization_id"):
        if (pk := hsds.pk_of("contactpoint", organization)) is not None:
            groups = groups.filter(contact_point=pk)
        elif (pk := hsds.pk_of("organisation", organization)) is not None:
            groups = groups.filter(organisation=pk)
        else:
            groups = groups.none()
    if state := request.GET.get("state", "").upper():
        if state not in FederalState.values:
            raise BadRequest("state must be a German federal state's code, e.g. SN.")
        groups = groups.filter(contact_point__federal_state=state)
    if since := modified_after(request):
        groups = groups.filter(updated_at__gte=since)
    if text := request.GET.get("search", "").strip():
        groups = groups.matching(analyse(text[:200]))
    full = request.GET.get("full", "").lower() == "true"
    return page_of(request, groups, lambda group: hsds.service(group, full=full))


@api_view
def service(request, id):
    group = public_groups().filter(pk=hsds.pk_of("group", id)).first()
    if group is None:
        raise Http404
    return hsds.service(group)


@api_view
def service_at_locations(request):
    return page_of(request, public_groups(), hsds.service_at_location)


def organizations_list() -> list:
    contact_points = ContactPoint.objects.select_related("parent").prefetch_related(
        "sites__contact_point"
    )
    return [
        *contact_points.order_by("pk"),
        *Organisation.objects.public().order_by("pk"),
    ]


def organization_of(item) -> dict:
    if isinstance(item, ContactPoint):
        return hsds.contact_point_organization(item)
    return hsds.self_help_organization(item)


@api_view
def organizations(request):
    return page_of(request, organizations_list(), organization_of)


@api_view
def organization(request, id):
    contact_point = ContactPoint.objects.filter(pk=hsds.pk_of("contactpoint", id)).first()
    if contact_point is not None:
        return hsds.contact_point_organization(contact_point)
    organisation = Organisation.objects.public().filter(pk=hsds.pk_of("organisation", id))
    if not organisation:
        raise Http404
    return hsds.self_help_organization(organisation[0])


@api_view
def taxonomy_terms(request):
    return page_of(request, list(Topic.objects.order_by("name")), hsds.taxonomy_term)


@api_view
def taxonomy_term(request, id):
    topic = Topic.objects.filter(pk=hsds.pk_of("topic", id)).first()
    if topic is None:
        raise Http404
    return hsds.taxonomy_term(topic)


# Meeting Guide (the JSON feed that meeting-finder apps read)

MEETING_GUIDE_DAY = [1, 2, 3, 4, 5, 6, 0]  # Monday … Sunday as Meeting Guide counts (Sunday 0)


def meeting(group: Group) -> dict:
    """One group as a Meeting Guide meeting; the place as the public page shows it."""
    location = hsds.group_location(group)
    address = (location.get("addresses") or [None])[0]
    data = {
        "name": group.name,
        "slug": group.slug,
        "day": MEETING_GUIDE_DAY[group.weekday],
        "time": group.starts_at.strftime("%H:%M") if group.starts_at else None,
        "end_time": group.ends_at.strftime("%H:%M") if group.ends_at else None,
        "types": meeting_types(group),
        "location": location.get("name", ""),
        "formatted_address": ", ".join(
            filter(None, [address["address_1"], f"{address['postal_code']} {address['city']}",
                          "Deutschland"])
        ) if address else f"{group.town_name}, Deutschland",
        "latitude": group.public_latitude,
        "longitude": group.public_longitude,
        "notes": group.schedule_text,
        "updated": group.updated_at.strftime("%Y-%m-%d %H:%M:%S"),
        "url": hsds.absolute(group.get_absolute_url()),
    }  # fmt: skip
    if group.format != Group.Format.IN_PERSON:
        data["conference_url"] = hsds.absolute(group.get_absolute_url())
    return data


def meeting_types(group: Group) -> list[str]:
    types = ["O"] if group.accepting_members else ["C"]
    if group.format == Group.Format.ONLINE:
        types.append("ONL")
    if group.format == Group.Format.HYBRID:
        types.append("HY")
    if group.step_free:
        types.append("X")
    if group.status == Group.Status.PAUSED:
        types.append("TC")
    return types


@require_GET
def meetings(request):
    """``/api/meetings.json``: the groups with a regular weekday, filterable by ``state``."""
    if over_limit(request):
        return too_many()
    groups = public_groups().exclude(weekday=None)
    if state := request.GET.get("state", "").upper():
        if state not in FederalState.values:
            return answer({"error": "state must be a German federal state's code."}, 400)
        groups = groups.filter(contact_point__federal_state=state)
    response = JsonResponse(
        [meeting(group) for group in groups], safe=False, json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def tabular_package(request):
    """``/api/hsds/export.zip``: the whole directory as the HSDS tabular CSV package, built
    once per content generation."""
    if over_limit(request):
        return too_many()
    package = hsds_tabular.stored_package()  # (FileResponse closes it when sent)
    response = FileResponse(package, as_attachment=True, filename="selbsthilfe-wegweiser-hsds.zip")
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response
