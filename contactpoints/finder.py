""" "Ihre Kontaktstelle": the contact point responsible for a place typed as postcode or town,
with its site nearest to that place (docs/decisions.md, "Your contact point")."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    F,
    IntegerField,
    Q,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)

from contactpoints.models import ContactPoint, Site, SiteQuerySet
from groups.models import Place
from groups.search import places
from selbsthilfe import geo

# Degrees around a point within which its nearest postcode area surely lies (about 25 km),
# so that the distance is computed for a few hundred areas rather than all of them.
NEAR_BOX_DEGREES = 0.25


@dataclass
class Finding:
    """What the finder answers for ``place``: the responsible ``contact_point`` and its
    ``site`` nearest to the place (with ``distance`` in metres), or only the ``nearest``
    site of any contact point when none is responsible for the place."""

    place: places.PlaceSearch
    contact_point: ContactPoint | None = None
    site: Site | None = None
    nearest: Site | None = None

    @property
    def distance_km(self) -> int | None:
        """How far the site named is from the place, in whole kilometres (at least 1)."""
        site = self.site or self.nearest
        return max(1, round(site.distance / 1000)) if site else None


def find_contact_point(text: str) -> Finding:
    """The contact point responsible for the place ``text`` names (``responsible_site``),
    with its site nearest to the place and that site's hours."""
    place = places.resolve_place(text[:100])
    finding = Finding(place=place)
    if place.location is None:
        return finding
    finding.site = responsible_site(place.location)
    if finding.site is None:
        sites = Site.objects.select_related("contact_point")
        finding.nearest = sites.nearest_to(place.location).first()
        return finding
    prefetch_related_objects([finding.site], "hours", "closures")
    finding.contact_point = finding.site.contact_point
    return finding


def responsible_site(location: places.Location) -> Site | None:
    """The site nearest to ``location`` of the contact point responsible for it, or None
    where no contact point is; one query. The search's hint and the routing of reports ask
    this too, so that every page names the same contact point for a place.

    Responsible is, in this order: a contact point with a site in the place's district
    (Kreis or kreisfreie Stadt, from the postcode list), regional before state contact
    points; else a regional one with a site within ``SERVES_WITHIN_KM``; else the state
    contact point of the place's federal state. Contact points are organised by district,
    so a place next to a neighbouring district's site still belongs to its own district's.
    """
    sites = Site.objects.select_related("contact_point").nearest_to(location)
    in_district = Q(
        postcode__in=Place.objects.filter(district__in=districts_at(location)).values("postcode")
    )
    state = Q(contact_point__kind=ContactPoint.Kind.STATE)
    ranks = [
        When(in_district & ~state, then=Value(0)),
        When(in_district, then=Value(1)),
        When(~state & Q(distance__lte=SiteQuerySet.SERVES_WITHIN_KM * 1000), then=Value(2)),
    ]
    if location.federal_state:
        ranks.append(When(state & Q(contact_point__federal_state=location.federal_state), then=3))
    rank = Case(*ranks, output_field=IntegerField())
    responsible = (
        sites.annotate(rank=rank)
        .filter(rank__isnull=False)
        .order_by("rank", "distance")
        .values("contact_point")[:1]
    )
    # Its site nearest to the place, which need not be the one that made it responsible.
    return sites.filter(contact_point=Subquery(responsible)).first()


def districts_at(location: places.Location):
    """The districts of the place, as a subquery: those of its postcode, else the one of the
    postcode area nearest to its point (a town's point is the centre of its areas)."""
    with_district = Place.objects.exclude(district="")
    if location.postcode:
        return with_district.filter(postcode=location.postcode).values("district")
    box = {
        "latitude__range": (
            location.latitude - NEAR_BOX_DEGREES,
            location.latitude + NEAR_BOX_DEGREES,
        ),
        "longitude__range": (
            location.longitude - 2 * NEAR_BOX_DEGREES,
            location.longitude + 2 * NEAR_BOX_DEGREES,
        ),
    }
    return (
        with_district.filter(**box)
        .annotate(
            distance=geo.EarthDistance(location.origin(), geo.point(F("latitude"), F("longitude")))
        )
        .order_by("distance")
        .values("district")[:1]
    )
