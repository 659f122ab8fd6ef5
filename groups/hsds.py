"""The directory as Open Referral HSDS 3.0 objects: groups are services, contact points and
self-help organisations are organizations, topics are taxonomy terms.

Only what the public pages show leaves the site (``Group.reached_directly`` decides whose
contact a group publishes; a meeting place on request is published as its town only).
Identifiers are UUIDs derived from the row's kind and key, so they stay the same on every
export and across installations of the same data.
"""

import uuid

from django.conf import settings

from contactpoints.models import ContactPoint, FederalState
from groups.models import Group, Organisation, Topic

NAMESPACE = uuid.UUID("6f1c5f0e-8a9f-4d7e-9c35-5a0d1b2c3e4f")
TAXONOMY_ID = str(uuid.uuid5(NAMESPACE, "taxonomy:topics"))
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English", "tr": "Türkçe", "ru": "Русский",
                  "uk": "Українська", "ar": "العربية"}  # fmt: skip


def uid(kind: str, pk) -> str:
    """The HSDS id of a row: for a row with a numeric key a UUID that carries the key in its
    last twelve hex digits after a prefix of its kind (so the API finds the row again); for
    other objects (a language of a group) a name-based UUID."""
    if isinstance(pk, int):
        return f"{_prefix(kind)}-{pk:012x}"
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{pk}"))


def pk_of(kind: str, text: str) -> int | None:
    """The key in an id made by ``uid(kind, …)``, or None for any other text."""
    prefix, _, key = text.strip().lower().rpartition("-")
    if prefix != _prefix(kind) or len(key) != 12:
        return None
    try:
        return int(key, 16)
    except ValueError:
        return None


def _prefix(kind: str) -> str:
    return str(uuid.uuid5(NAMESPACE, kind))[:23]


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _clean(data: dict) -> dict:
    """Without the empty optional fields (HSDS types them as strings, not null)."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def phone(kind: str, owner_pk, number: str, **links) -> dict:
    return _clean({"id": uid(f"phone:{kind}", owner_pk), "number": number, **links})


# Taxonomy terms


def taxonomy_term(topic: Topic) -> dict:
    return _clean(
        {
            "id": uid("topic", topic.pk),
            "code": topic.slug,
            "name": topic.name,
            "description": topic.description or topic.name,
            "parent_id": uid("topic", topic.parent_id) if topic.parent_id else None,
            "taxonomy": "Selbsthilfe-Wegweiser",
            "taxonomy_id": TAXONOMY_ID,
            "language": "de",
            "term_uri": absolute(topic.get_absolute_url()),
        }
    )


# Organizations


def contact_point_organization(contact_point: ContactPoint) -> dict:
    sites = list(contact_point.sites.all())
    return _clean(
        {
            "id": uid("contactpoint", contact_point.pk),
            "name": contact_point.name,
            "alternate_name": contact_point.short_name,
            "description": contact_point.description or contact_point.name,
            "email": contact_point.email,
            "website": contact_point.website or absolute(contact_point.get_absolute_url()),
            "uri": absolute(contact_point.get_absolute_url()),
            "parent_organization_id": uid("contactpoint", contact_point.parent_id)
            if contact_point.parent_id
            else None,
            "phones": [phone("site", site.pk, site.phone) for site in sites if site.phone],
            "locations": [site_location(site) for site in sites],
        }
    )


def self_help_organization(organisation: Organisation) -> dict:
    return _clean(
        {
            "id": uid("organisation", organisation.pk),
            "name": organisation.name,
            "description": organisation.description or organisation.name,
            "email": organisation.email,
            "website": organisation.website or absolute(organisation.get_absolute_url()),
            "uri": absolute(organisation.get_absolute_url()),
            "phones": [phone("organisation", organisation.pk, organisation.phone)]
            if organisation.phone
            else [],
        }
    )


def site_location(site) -> dict:
    return _clean(
        {
            "id": uid("site", site.pk),
            "location_type": "physical",
            "name": site.name,
            "latitude": site.latitude,
            "longitude": site.longitude,
            "addresses": [address(f"site:{site.pk}", site.street, site.town, site.postcode,
                                  site.contact_point.federal_state)],
        }
    )  # fmt: skip


def address(key: str, street: str, town: str, postcode: str, state: str) -> dict:
    return {
        "id": uid("address", key),
        "address_1": street,
        "city": town,
        "state_province": str(FederalState(state).label) if state in FederalState.values else "",
        "postal_code": postcode,
        "country": "DE",
        "address_type": "physical",
    }


# Services


def service_status(group: Group) -> str:
    if group.status == Group.Status.PAUSED:
        return "temporarily closed"
    return "active"


def group_contact(group: Group) -> tuple[str, list[dict]]:
    """The email and phones a group publishes: its own where it is reached directly, else
    those of its contact point (never the group's own)."""
    if group.reached_directly:
        phones = [phone("group", group.pk, group.public_phone)] if group.public_phone else []
        return group.public_email, phones
    sites = group.contact_sites()
    phones = [phone("site", site.pk, site.phone) for site in sites[:1] if site.phone]
    return group.contact_point.email, phones


def schedule(group: Group) -> list[dict]:
    """The regular meeting as an iCal-like HSDS schedule; none for irregular meetings."""
    if group.weekday is None or group.frequency in (
        Group.Frequency.IRREGULAR,
        Group.Frequency.BIMONTHLY,
    ):
        return []
    day = DAYS[group.weekday]
    rule = {"freq": "WEEKLY", "byday": day, "interval": 1}
    if group.frequency == Group.Frequency.BIWEEKLY:
        rule["interval"] = 2
    elif group.frequency == Group.Frequency.MONTHLY:
        if not group.week_of_month:
            return []
        rule = {"freq": "MONTHLY", "byday": f"{group.week_of_month}{day}", "interval": 1}
    return [
        _clean(
            {
                "id": uid("schedule", group.pk),
                "service_id": uid("group", group.pk),
                **rule,
                "timezone": 1,
                "opens_at": group.starts_at.strftime("%H:%M") if group.starts_at else None,
                "closes_at": group.ends_at.strftime("%H:%M") if group.ends_at else None,
                "description": group.schedule_text,
                "attending_type": {"online": "virtual", "hybrid": "hybrid"}.get(
                    group.format, "in_person"
                ),
            }
        )
    ]


def group_location(group: Group) -> dict:
    """Where the group meets, as the public page says: the address, or the town only (place
    on request), or a virtual location for online groups."""
    key = uid("grouplocation", group.pk)
    if group.format == Group.Format.ONLINE:
        return {"id": key, "location_type": "virtual", "name": "Online",
                "url": absolute(group.get_absolute_url())}  # fmt: skip
    location = {
        "id": key,
        "location_type": "physical",
        "name": group.town_name,
        "latitude": group.public_latitude,
        "longitude": group.public_longitude,
    }
    features = [
        text
        for present, text in [
            (group.step_free, "Stufenloser Zugang"),
            (group.hearing_loop, "Höranlage"),
            (group.sign_language, "Gebärdensprachdolmetschen"),
        ]
        if present
    ]
    if features:
        location["accessibility"] = [
            {"id": uid("accessibility", group.pk), "location_id": key,
             "description": ", ".join(features)}
        ]  # fmt: skip
    if group.shows_meeting_place:
        site = group.meeting_site if not group.street else None
        street = site.street if site else group.street
        postcode = site.postcode if site else group.postcode
        if postcode:  # (a street only where the page gives one)
            state = group.contact_point.federal_state
            location["addresses"] = [
                address(f"group:{group.pk}", street, group.town_name, postcode, state)
            ]
            location["name"] = (site.name if site else group.venue_name) or group.town_name
    return _clean(location)


def service(group: Group, *, full: bool = True) -> dict:
    """A group as an HSDS service: the list form has the one-to-one fields only."""
    email, phones = group_contact(group)
    data = {
        "id": uid("group", group.pk),
        "organization_id": uid("contactpoint", group.contact_point_id),
        "name": group.name,
        "description": group.description or group.name,
        "url": absolute(group.get_absolute_url()),
        "email": email,
        "status": service_status(group),
        "last_modified": group.updated_at.isoformat(),
        "assured_date": group.last_verified_on.isoformat() if group.last_verified_on else None,
    }
    if full:
        data |= {
            "phones": phones,
            "schedules": schedule(group),
            "languages": [
                {
                    "id": uid("language", f"{group.pk}:{code}"),
                    "code": code,
                    "name": LANGUAGE_NAMES.get(code, code),
                }
                for code in (group.languages or ["de"])
            ],
            "service_at_locations": [service_at_location(group)],
            "organization": contact_point_organization(group.contact_point),
            "attributes": [
                {
                    "id": uid("attribute", f"{group.pk}:{topic.pk}"),
                    "link_id": uid("group", group.pk),
                    "link_type": "topic",
                    "link_entity": "service",
                    "taxonomy_term_id": uid("topic", topic.pk),
                    "value": topic.name,
                    "taxonomy_term": taxonomy_term(topic),
                }
                for topic in group.topics.all()
            ],
        }
    return _clean(data)


def service_at_location(group: Group) -> dict:
    return {
        "id": uid("servicelocation", group.pk),
        "service_id": uid("group", group.pk),
        "location_id": uid("grouplocation", group.pk),
        "location": group_location(group),
    }
