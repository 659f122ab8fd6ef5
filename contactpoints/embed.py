"""The search on a contact point's own website: ``/einbetten/<slug>/`` shows the search of
the contact point's area (it and the contact points below it) in a frame-friendly layout,
and ``/einbetten/land/<code>/`` that of a federal state. Only the websites the contact
point lists may frame it (``Content-Security-Policy: frame-ancestors``); every other page
of the site still forbids framing. docs/open-data.md shows how to embed it."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.csp import CSP

from contactpoints.models import ContactPoint, FederalState
from groups.filters import GroupFilter
from groups.models import Group


def embedder(slug: str = "", state: str = "") -> tuple[ContactPoint, object]:
    """The contact point whose settings apply, and the groups the embed searches."""
    if slug:
        contact_point = get_object_or_404(ContactPoint, slug=slug)
        family = ContactPoint.objects.with_descendants_of(contact_point)
        return contact_point, Group.objects.public().filter(contact_point__in=family)
    state = state.upper()
    contact_point = ContactPoint.objects.filter(
        kind=ContactPoint.Kind.STATE, federal_state=state
    ).first()
    if state not in FederalState.values or contact_point is None:
        raise Http404("No state contact point embeds this state.")
    return contact_point, Group.objects.public().filter(contact_point__federal_state=state)


def framed(response, contact_point: ContactPoint):
    """Allow framing by the contact point's websites (and the site itself, for the preview
    in the admin) instead of forbidding it."""
    response.xframe_options_exempt = True
    response._csp_config = {
        **settings.SECURE_CSP,
        "frame-ancestors": [CSP.SELF, *contact_point.origins],
    }
    return response


def search(request, slug: str = "", state: str = ""):
    contact_point, groups = embedder(slug, state)
    filterset = GroupFilter(request.GET, queryset=groups)
    found = filterset.search()
    results = (
        found.results(filterset.qs)
        .select_related("meeting_site")
        .prefetch_related("topics")
        .defer(*Group.LIST_DEFERRED_FIELDS)
    )
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    context = {
        "contact_point": contact_point,
        "filter": filterset,
        "search": found,
        "page_obj": page,
        "groups": page.object_list,
        "embed_base": request.path,
        "state": state.upper(),
    }
    return framed(render(request, "embed/search.html", context), contact_point)


def group(request, group_slug: str, slug: str = "", state: str = ""):
    contact_point, groups = embedder(slug, state)
    shown = get_object_or_404(
        groups.select_related("contact_point", "meeting_site").prefetch_related(
            "topics", "contact_point__sites__hours", "contact_point__sites__closures"
        ),
        slug=group_slug,
    )
    context = {"contact_point": contact_point, "group": shown, "state": state.upper()}
    return framed(render(request, "embed/group.html", context), contact_point)


def colours(request, slug: str = "", state: str = ""):
    """The contact point's colour as a style sheet (the CSP allows no inline styles)."""
    contact_point, _groups = embedder(slug, state)
    colour = contact_point.brand_colour or "#0d6efd"
    css = (
        f":root {{ --embed-colour: {colour}; }}\n"
        ".btn-primary { background-color: var(--embed-colour);"
        " border-color: var(--embed-colour); }\n"
        "a { color: var(--embed-colour); }\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=600"
    return response


def snippet(contact_point: ContactPoint) -> str:
    """The HTML a contact point copies into its website."""
    url = f"{settings.SITE_URL}/einbetten/{contact_point.slug}/"
    return (
        f'<iframe src="{url}" title="Selbsthilfegruppen finden – {contact_point.name}" '
        'width="100%" height="700" loading="lazy" style="border:0"></iframe>'
    )
