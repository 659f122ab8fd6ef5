""" "Ihre Kontaktstelle": the contact point responsible for a place typed as postcode or town,
with its site nearest to that place (docs/decisions.md, "Your contact point")."""

from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Value, When

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
    districts: list[str] = field(default_factory=list)

    @property
    def distance_km(self) -> int | None:
        """How far the site named is from the place, in whole kilometres (at least 1)."""
        site = self.site or self.nearest
        return max(1, round(site.distance / 1000)) if site else None


def find_contact_point(text: str) -> Finding:
    """The contact point responsible for the place ``text`` names.

    Responsible is, in this order: a contact point with a site in the place's district
    (Kreis or kreisfreie Stadt, from the postcode list), regional before state contact
    points; else a regional one with a site within ``SERVES_WITHIN_KM``; else the state
    contact point of the place's federal state. Contact points are organised by district,
    so a place next to a neighbouring district's site still belongs to its own district's.
    """
    place = places.resolve_place(text[:100])
    finding = Finding(place=place)
    location = place.location
    if location is None:
        return finding
    finding.districts = districts_at(location)
    sites = Site.objects.select_related("contact_point").nearest_to(location)
    state_last = Case(
        When(contact_point__kind=ContactPoint.Kind.STATE, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    in_district = Place.objects.filter(district__in=finding.districts).values("postcode")
    responsible = (
        sites.filter(postcode__in=in_district).order_by(state_last, "distance").first()
        if finding.districts
        else None
    )
    if responsible is None:
        responsible = (
            sites.exclude(contact_point__kind=ContactPoint.Kind.STATE)
            .filter(distance__lte=SiteQuerySet.SERVES_WITHIN_KM * 1000)
            .first()
        )
    if responsible is None and location.federal_state:
        responsible = sites.filter(
            contact_point__kind=ContactPoint.Kind.STATE,
            contact_point__federal_state=location.federal_state,
        ).first()
    if responsible is None:
        finding.nearest = sites.first()
        return finding
    finding.contact_point = responsible.contact_point
    # Its site nearest to the place, which need not be the one that made it responsible.
    finding.site = (
        sites.filter(contact_point=responsible.contact_point)
        .select_related("contact_point")
        .prefetch_related("hours", "closures")
        .first()
    )
    return finding


def districts_at(location: places.Location) -> list[str]:
    """The districts of the place: those of its postcode, else the one of the postcode
    area nearest to its point (a town's point is the centre of its areas)."""
    if location.postcode:
        districts = (
            Place.objects.filter(postcode=location.postcode)
            .exclude(district="")
            .values_list("district", flat=True)
            .distinct()
        )
        if districts:
            return sorted(districts)
    nearest = (
        Place.objects.exclude(district="")
        .filter(
            latitude__range=(
                location.latitude - NEAR_BOX_DEGREES,
                location.latitude + NEAR_BOX_DEGREES,
            ),
            longitude__range=(
                location.longitude - 2 * NEAR_BOX_DEGREES,
                location.longitude + 2 * NEAR_BOX_DEGREES,
            ),
        )
        .annotate(
            distance=geo.EarthDistance(location.origin(), geo.point(F("latitude"), F("longitude")))
        )
        .order_by("distance")
        .values_list("district", flat=True)
        .first()
    )
    return [nearest] if nearest else []
