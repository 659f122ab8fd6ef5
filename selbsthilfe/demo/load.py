"""Load the demo data set. Every row has a natural key (slug, username), and rows that exist
already are left alone, so loading twice changes nothing."""

import calendar
import datetime
import random
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as AuthGroup
from django.db import connection, transaction
from django.utils import timezone

from contactpoints.messages import submit_message
from contactpoints.models import (
    ContactPoint,
    Inquiry,
    Membership,
    Message,
    OpeningHours,
    Site,
)
from contactpoints.permissions import ORGANISATION_ROLE_NAME
from events.models import Event, EventSeries, Registration
from groups import thesaurus
from groups.founding import submit_interest
from groups.gazetteer import import_places
from groups.history import record_missing_history
from groups.models import (
    FoundingInterest,
    Group,
    Organisation,
    OrganisationEditor,
    Place,
    Suggestion,
    Topic,
)
from selbsthilfe.demo import organisations as demo_organisations
from selbsthilfe.demo.contactpoints import CONTACT_POINTS, FORMER_HOURS_TEXTS, OFFICE_HOURS
from selbsthilfe.demo.events import event_drafts, registrant_drafts
from selbsthilfe.demo.groups import CITY_DISTRICTS, COMMON_TOPICS, draft_group, group_name
from selbsthilfe.slugs import german_slugify

DEMO_PASSWORD = "selbsthilfe-demo"
SEED = 2026


def load_demo(*, generated_groups: int = 0, stdout=None) -> dict:
    """Load places, topics, contact points, groups, events and staff users; return counts."""
    write = stdout.write if stdout else (lambda text: None)
    if not Place.objects.exists():
        write("Loading the German postcode list …")
        import_places()
    with transaction.atomic():
        topics = load_topics()
        contact_points = load_contact_points()
        created_groups = load_groups(contact_points, topics)
        created_events = load_events(contact_points, topics)
        logins = load_users(contact_points)
        load_suggestions(contact_points)
        load_inquiries(contact_points, topics)
        load_messages_and_interests(contact_points, topics)
        load_organisations(topics)
    if generated_groups:
        write(f"Generating {generated_groups} groups across Germany …")
        load_generated_groups(generated_groups, topics)
    # After bulk inserts: statistics for the planner, and the visibility map, without which
    # counting the public groups reads the whole table instead of an index (90 ms instead of
    # 10 at 100,000 groups). VACUUM cannot run inside a transaction, as in the tests.
    tables = "groups_group, groups_group_topics, groups_topic"
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute(f"ANALYZE {tables}")
        else:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")
    return {"groups": created_groups, "events": created_events, "logins": logins}


# Inquiries per month relative to the mean: busy after New Year and in autumn, quiet in
# the summer holidays and at Christmas.
SEASON = [1.3, 1.2, 1.15, 1.0, 0.95, 0.85, 0.7, 0.65, 1.0, 1.15, 1.2, 0.75]
CHANNELS = {"phone": 45, "email": 25, "in_person": 15, "video": 5, "web_form": 10}
PERSONS = {"affected": 55, "relative": 30, "professional": 10, "other": 5}
OUTCOMES = [
    (["group"], 45),
    (["group", "other_service"], 10),
    (["other_service"], 15),
    (["founding"], 5),
    (["group", "founding"], 3),
    (["information"], 22),
]


def load_inquiries(contact_points: dict[str, ContactPoint], topics: dict[str, Topic]) -> int:
    """An anonymous inquiry log for this year (up to today) and the two before, so every
    contact point's annual report has figures. Loaded once."""
    if Inquiry.objects.exists():
        return 0
    rng = random.Random(SEED)
    today = timezone.localdate()
    names, weights = _topic_choices(topics)
    inquiries, topic_links = [], []
    for contact_point in contact_points.values():
        yearly = rng.randint(180, 420)
        for year in range(today.year - 2, today.year + 1):
            for month in range(1, 13):
                days = calendar.monthrange(year, month)[1]
                for _number in range(
                    round(yearly / 12 * SEASON[month - 1] * rng.uniform(0.85, 1.15))
                ):
                    day = datetime.date(year, month, rng.randint(1, days))
                    if day > today:
                        continue
                    outcomes = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
                    inquiries.append(
                        Inquiry(
                            contact_point=contact_point,
                            date=day,
                            channel=rng.choices(list(CHANNELS), list(CHANNELS.values()))[0],
                            person=rng.choices(list(PERSONS), list(PERSONS.values()))[0],
                            outcomes=outcomes,
                            duration_minutes=rng.choice([None, 5, 10, 15, 20, 30, 45]),
                        )
                    )
                    topic_links.append(set(rng.choices(names, weights, k=rng.choice([1, 1, 2]))))
    created = Inquiry.objects.bulk_create(inquiries, batch_size=2000)
    Through = Inquiry.topics.through
    Through.objects.bulk_create(
        [
            Through(inquiry_id=inquiry.pk, topic_id=topics[name].pk)
            for inquiry, chosen in zip(created, topic_links, strict=True)
            for name in chosen
        ],
        batch_size=5000,
    )
    return len(created)


def load_organisations(topics: dict[str, Topic]) -> None:
    """The demo's self-help organisations, and the groups on their topics in their states
    linked to them (two in three, as not every group belongs to an association)."""
    if Organisation.objects.exists():
        return
    made = []
    for code, (state, town, postcode) in demo_organisations.STATES.items():
        for base, names, offers in demo_organisations.STATE_ASSOCIATIONS:
            made.append((f"{base} {state}", "state", [code], names, offers, town, postcode))
    for name, names, offers in demo_organisations.FEDERAL_ASSOCIATIONS:
        made.append((name, "federal", [], names, offers, "Berlin", "10117"))
    for name, level, states, names, offers, town, postcode in made:
        slug = german_slugify(name)
        organisation = Organisation.objects.create(
            name=name, slug=slug, level=level, federal_states=states, offers=offers,
            town=town, postcode=postcode, email=f"info@{slug[:40]}.example",
            website=f"https://{slug[:40]}.example", umbrellas=["bag"] if level == "federal"
            else ["lag", "paritaet"], last_verified_on=timezone.localdate(),
            description=f"{name}: Beratung, Information und Vernetzung der Selbsthilfegruppen.",
        )  # fmt: skip
        on_topics = [topics[topic] for topic in names if topic in topics]
        organisation.topics.set(on_topics)
        groups = Group.objects.filter(topics__in=on_topics, organisation=None)
        if states:
            groups = groups.filter(contact_point__federal_state__in=states)
        ids = [pk for pk in groups.values_list("pk", flat=True).distinct() if pk % 3]
        Group.objects.filter(pk__in=ids).update(organisation=organisation, umbrella_organisation="")
    Group.objects.filter(organisation__isnull=False).refresh_search_index()


def load_messages_and_interests(
    contact_points: dict[str, ContactPoint], topics: dict[str, Topic]
) -> None:
    """A few messages in K.I.S.S.'s inbox and three people near Lünen who would found a
    group on grief (which alerts K.I.S.S.), so that the inbox can be tried out."""
    if Message.objects.exists():
        return
    kiss = contact_points["kiss-kreis-unna"]
    now = timezone.now()
    protected = (
        Group.objects.filter(contact_point=kiss, contact_mode=Group.ContactMode.VIA_CONTACT_POINT)
        .order_by("name")
        .first()
    )
    drafts = [
        (protected, "Sabine", "email", "Meine Mutter hat Demenz. Darf ich als Tochter zur "
         "Gruppe kommen, und wann trifft sie sich?"),
        (None, "K.", "phone", "Ich trinke zu viel und weiß nicht, welche Gruppe passt. Bitte "
         "rufen Sie mich zurück."),
        (protected, "Jonas", "email", "Gibt es die Gruppe auch abends?"),
    ]  # fmt: skip
    for age_days, (group, name, answer_by, text) in zip((0, 2, 6), drafts, strict=True):
        message = submit_message(
            Message(
                contact_point=kiss,
                group=group,
                route=Message.Route.CONTACT_POINT,
                name=name,
                answer_by=answer_by,
                email=f"{name.lower()}@example.org" if answer_by == "email" else "",
                phone="0176 1234567" if answer_by == "phone" else "",
                call_time="werktags ab 17 Uhr" if answer_by == "phone" else "",
                text=text,
                consent_given_at=now,
                sender_key="demo",
            )
        )
        Message.objects.filter(pk=message.pk).update(
            created_at=now - datetime.timedelta(days=age_days)
        )
    grief = topics.get("Trauer")
    for name, place, latitude, longitude in [
        ("Petra", "Lünen", 51.6167, 7.5253),
        ("Ahmet", "Lünen-Brambauer", 51.5956, 7.4697),
        ("Ute", "Selm", 51.6895, 7.4742),
    ]:
        submit_interest(
            FoundingInterest(
                kind=FoundingInterest.Kind.FOUND,
                contact_point=kiss,
                topic=grief,
                topic_text="Trauer",
                place_text=place,
                latitude=latitude,
                longitude=longitude,
                name=name,
                email=f"{name.lower()}@example.org",
                consent_given_at=now,
                sender_key="demo",
            )
        )


def load_suggestions(contact_points: dict[str, ContactPoint]) -> None:
    """A few reports from the public waiting for review, so the review can be tried out."""
    if Suggestion.objects.exists():
        return
    now = timezone.now()
    common = {"consent_given_at": now, "sender_key": "demo"}
    Suggestion.objects.create(
        kind=Suggestion.Kind.NEW,
        contact_point=contact_points["kiss-kreis-unna"],
        name="Pflegende Angehörige Lünen-Brambauer",
        topics_text="Pflegende Angehörige, Demenz",
        description="Wir sind Angehörige, die zu Hause pflegen, und wollen uns austauschen.",
        postcode="44536",
        town="Lünen",
        meetings_text="jeden ersten Donnerstag im Monat, 17 Uhr, Gemeindehaus",
        submitter_name="Monika Beispiel",
        submitter_email="monika.beispiel@example.org",
        **common,
    )
    dortmund = (
        Group.objects.filter(contact_point=contact_points["selbsthilfe-kontaktstelle-dortmund"])
        .order_by("name")
        .first()
    )
    if dortmund is not None:
        Suggestion.objects.create(
            kind=Suggestion.Kind.CORRECTION,
            group=dortmund,
            contact_point=dortmund.contact_point,
            name=dortmund.name,
            description=dortmund.description,
            town=dortmund.town_name,
            postcode=dortmund.postcode,
            public_email="neu@gruppe-dortmund.example",
            message="Wir haben eine neue E-Mail-Adresse.",
            **common,
        )


def load_topics() -> dict[str, Topic]:
    """The shipped thesaurus (``groups.thesaurus``), as for a real installation."""
    thesaurus.load()
    return {topic.name: topic for topic in Topic.objects.all()}


def load_contact_points() -> dict[str, ContactPoint]:
    contact_points = {}
    for data in CONTACT_POINTS:
        fields = {
            key: value
            for key, value in data.items()
            if key not in {"slug", "parent", "sites", "towns"}
        }
        fields["parent"] = contact_points.get(data["parent"])
        contact_point, created = ContactPoint.objects.get_or_create(
            slug=data["slug"], defaults=fields
        )
        if created:
            for site in data["sites"]:
                place = Place.objects.filter(postcode=site["postcode"], name=site["town"]).first()
                fields = {key: value for key, value in site.items() if key != "hours"}
                Site.objects.create(
                    contact_point=contact_point,
                    latitude=place.latitude if place else None,
                    longitude=place.longitude if place else None,
                    **fields,
                )
        for site in data["sites"]:
            add_opening_hours(contact_point.sites.get(name=site["name"]), site.get("hours"))
        if contact_point.opening_hours in FORMER_HOURS_TEXTS:
            ContactPoint.objects.filter(pk=contact_point.pk).update(
                opening_hours=data.get("opening_hours", "")
            )
        contact_points[data["slug"]] = contact_point
    return contact_points


def add_opening_hours(site: Site, spans) -> None:
    """The site's weekly hours, unless it has some (a demo database from before keeps its
    text and gets the table; one with hours is left alone)."""
    if site.hours.exists():
        return
    OpeningHours.objects.bulk_create(
        OpeningHours(
            site=site,
            weekday=weekday,
            opens=datetime.time.fromisoformat(opens) if opens else None,
            closes=datetime.time.fromisoformat(closes) if closes else None,
        )
        for weekdays, opens, closes in spans or OFFICE_HOURS
        for weekday in weekdays
    )
    if site.opening_hours:  # said by the table now
        Site.objects.filter(pk=site.pk).update(opening_hours="")


def _topic_choices(topics: dict[str, Topic]):
    """Topic names and weights: common topics often, every other topic now and then."""
    names = list(topics)
    weights = [COMMON_TOPICS.get(name, 0.35) for name in names]
    return names, weights


def _related_topics(topics: dict[str, Topic]) -> dict[str, list[str]]:
    related = defaultdict(list)
    by_pk = {topic.pk: topic for topic in topics.values()}
    for topic in topics.values():
        if topic.parent_id:
            parent = by_pk[topic.parent_id]
            related[topic.name].append(parent.name)
            related[parent.name].append(topic.name)
    return related


def load_groups(contact_points: dict[str, ContactPoint], topics: dict[str, Topic]) -> int:
    rng = random.Random(SEED)
    today = timezone.localdate()
    names, weights = _topic_choices(topics)
    related = _related_topics(topics)
    drafts, used_names = [], set()
    sites = {slug: list(point.sites.all()) for slug, point in contact_points.items()}

    def add_group(topic: str, data: dict, place: Place, online: bool, public=False) -> None:
        contact_point = contact_points[data["slug"]]
        town = place.name
        town_sites = [site for site in sites[data["slug"]] if site.town == town]
        category = topics[topic].category
        districts = CITY_DISTRICTS.get(town, [])
        name = _unique_name(rng, topic, category, town, online, districts, used_names)
        draft = draft_group(
            rng,
            topic=topic,
            category=category,
            related=related.get(topic, []),
            place=place,
            sites=town_sites,
            slug=german_slugify(name),
            name=name,
            today=today,
            online=online,
            public=public,
        )
        draft.fields["contact_point"] = contact_point
        drafts.append(draft)

    places = {}
    for data in CONTACT_POINTS:
        for postcode, town, count in data["towns"]:
            place = places[postcode, town] = Place.objects.get(postcode=postcode, name=town)
            for _ in range(count):
                topic = rng.choices(names, weights)[0]
                add_group(topic, data, place, online=rng.random() < 0.08)
    # Every topic has a group somewhere, so that no topic of the list finds nothing: those
    # the draw left out meet in the big towns, in turn.
    covered = {
        name
        for draft in drafts
        if draft.fields["is_listed"] and draft.fields["status"] != "ended"
        for name in draft.topic_names
    }
    big_towns = [
        (data, places[postcode, town])
        for data in CONTACT_POINTS
        for postcode, town, count in data["towns"]
        if count >= 25
    ]
    for index, topic in enumerate(name for name in names if name not in covered):
        data, place = big_towns[index % len(big_towns)]
        add_group(topic, data, place, online=False, public=True)
    _found_late_in_recent_years(drafts, today)
    return _create_missing_groups(drafts, topics)


def _found_late_in_recent_years(drafts, today: datetime.date) -> None:
    """Two active groups of each contact point began their founding in November of each of
    the last two years, so that every annual report has groups in founding at the end of
    the year and in the year before (``date_recent_histories`` writes their history)."""
    chosen = defaultdict(list)
    for draft in drafts:
        if draft.fields["status"] == "active" and len(chosen[draft.fields["contact_point"]]) < 4:
            chosen[draft.fields["contact_point"]].append(draft)
    for group_drafts in chosen.values():
        for number, draft in enumerate(group_drafts):
            year = today.year - 2 + number // 2
            draft.fields["founded_on"] = datetime.date(year, 11, 10 + 14 * (number % 2))
            draft.fields["consent_given_on"] = draft.fields["founded_on"]


def _unique_name(rng, topic, category, town, online, districts, used_names) -> str:
    base = group_name(rng, topic, category, town, online)
    name = base
    for district in rng.sample(districts, len(districts)):
        if name not in used_names:
            break
        name = f"{base}-{district}" if base.endswith(town) else f"{base} ({district})"
    number = 2
    while name in used_names:
        name = f"{base} {number}"
        number += 1
    used_names.add(name)
    return name


def _create_missing_groups(drafts, topics: dict[str, Topic]) -> int:
    existing = set(
        Group.objects.filter(slug__in=[draft.slug for draft in drafts]).values_list(
            "slug", flat=True
        )
    )
    new = [draft for draft in drafts if draft.slug not in existing]
    groups = [Group(slug=draft.slug, name=draft.name, **draft.fields) for draft in new]
    copy_into_table(Group, groups)
    Through = Group.topics.through
    copy_into_table(
        Through,
        [
            Through(group_id=group.pk, topic_id=topics[name].pk)
            for group, draft in zip(groups, new, strict=True)
            for name in dict.fromkeys(draft.topic_names)
        ],
    )
    # bulk_create sends no signals: index the new groups in one statement, and start their
    # history, which the annual report reads.
    new_ids = [group.pk for group in groups]
    Group.objects.filter(pk__in=new_ids).refresh_search_index()
    record_missing_history(Group.history.model, new_ids)
    date_recent_histories(new_ids)
    return len(groups)


# How long the demo's groups stayed "in founding" before they first met as a group.
FOUNDING_PHASE = "(60 + g.id %% 150)::int"


def date_recent_histories(ids: list[int]) -> None:
    """Give the groups founded in the last two years a history that begins then, so the
    annual reports of those years see them: each was entered when its founding began, and
    the groups meeting now became active some months later. Older groups keep the one
    record of their entry (the report reads it as their state at every year end)."""
    today = timezone.localdate()
    since = datetime.date(today.year - 2, 1, 1)
    Historical = Group.history.model
    table = Historical._meta.db_table
    columns = [
        f.column for f in Historical._meta.concrete_fields if not f.column.startswith("history_")
    ]
    copied = ", ".join(f'h."{column}"' for column in columns if column != "status")
    column_list = ", ".join(f'"{column}"' for column in columns if column != "status")
    with connection.cursor() as cursor:
        # Entered when the founding began: in founding from then on.
        cursor.execute(
            f"""
            UPDATE {table} h
            SET history_date = (g.founded_on + time '12:00') AT TIME ZONE 'Europe/Berlin',
                status = CASE WHEN g.status IN ('active', 'paused') THEN 'founding'
                              ELSE g.status END
            FROM groups_group g
            WHERE h.id = g.id AND g.id = ANY(%s) AND g.founded_on >= %s
              AND g.status <> 'ended' AND h.history_type = '+'
            """,
            [ids, since],
        )
        # Active some months later, where that lies in the past; else active from the start.
        cursor.execute(
            f"""
            WITH phase AS (
                SELECT g.id, g.status,
                       (g.founded_on + {FOUNDING_PHASE} + time '12:00')
                           AT TIME ZONE 'Europe/Berlin' AS met_on
                FROM groups_group g
                WHERE g.id = ANY(%s) AND g.founded_on >= %s AND g.status IN ('active', 'paused')
            ), later AS (
                UPDATE {table} h SET status = phase.status
                FROM phase
                WHERE h.id = phase.id AND h.history_type = '+' AND phase.met_on >= now()
            ), recorded AS (
                INSERT INTO {table} ({column_list}, status, history_date, history_type,
                                     history_change_reason)
                SELECT {copied}, phase.status, phase.met_on, '~', 'Gründung abgeschlossen'
                FROM {table} h JOIN phase ON phase.id = h.id
                WHERE h.history_type = '+' AND phase.met_on < now()
                RETURNING id, history_id
            )
            INSERT INTO {table}_topics (id, group_id, topic_id, history_id)
            SELECT link.id, link.group_id, link.topic_id, recorded.history_id
            FROM recorded JOIN groups_group_topics link ON link.group_id = recorded.id
            """,
            [ids, since],
        )


def load_generated_groups(total: int, topics: dict[str, Topic]) -> int:
    """Make sure ``total`` generated groups (slug ``gen-…``) exist, spread over all places."""
    have = Group.objects.filter(slug__startswith="gen-").count()
    if have >= total:
        return 0
    rng = random.Random(SEED + total)
    today = timezone.localdate()
    names, weights = _topic_choices(topics)
    related = _related_topics(topics)
    places = list(Place.objects.exclude(latitude=None).order_by("pk"))
    sites = list(Site.objects.exclude(latitude=None).order_by("pk"))
    created = 0
    for start in range(have, total, 5000):
        drafts = []
        for number in range(start, min(start + 5000, total)):
            topic = rng.choices(names, weights)[0]
            place = rng.choice(places)
            name = f"Selbsthilfegruppe {topic} {place.name} {number + 1}"
            draft = draft_group(
                rng,
                topic=topic,
                category=topics[topic].category,
                related=related.get(topic, []),
                place=place,
                sites=[],
                slug=f"gen-{number + 1:06d}",
                name=name,
                today=today,
                online=rng.random() < 0.08,
            )
            draft.fields["contact_point_id"] = _nearest(sites, place).contact_point_id
            drafts.append(draft)
        with transaction.atomic():
            created += _create_missing_groups(drafts, topics)
    return created


def copy_into_table(model, objects: list) -> None:
    """Insert ``objects`` with PostgreSQL's COPY, giving each its primary key first. For a
    million generated groups, composing INSERT statements (``bulk_create``) took longer
    than storing the rows; like ``bulk_create``, this sends no signals."""
    if not objects:
        return
    meta = model._meta
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for instance, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            instance.pk = pk
        fields = meta.concrete_fields
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for instance in objects:
                copy.write_row(
                    [
                        field.get_db_prep_save(field.pre_save(instance, add=True), connection)
                        for field in fields
                    ]
                )
    for instance in objects:
        instance._state.adding = False


def _nearest(sites, place):
    """The site nearest to ``place``."""
    return min(sites, key=lambda site: site.rough_distance_to(place.latitude, place.longitude))


def load_events(contact_points: dict[str, ContactPoint], topics: dict[str, Topic]) -> int:
    created = 0
    series_by_slug = {}
    for draft in event_drafts(timezone.localdate()):
        series = None
        if draft.get("series"):
            title, series_slug, owner = draft.pop("series")
            series = series_by_slug.get(series_slug)
            if series is None:
                series, _ = EventSeries.objects.get_or_create(
                    slug=series_slug,
                    defaults={"title": title, "contact_point": contact_points[owner]},
                )
                series_by_slug[series_slug] = series
        topic_names = draft.pop("topics", [])
        registrants = draft.pop("demo_registrations", 0)
        contact_point = contact_points[draft.pop("contact_point")]
        venue_site = contact_point.sites.first() if draft.pop("at_site", False) else None
        event, was_created = Event.objects.get_or_create(
            slug=draft.pop("slug"),
            defaults={
                **draft,
                "contact_point": contact_point,
                "series": series,
                "venue_site": venue_site,
            },
        )
        if was_created:
            event.topics.set([topics[name] for name in topic_names])
            load_registrations(event, registrant_drafts(event.slug, registrants, SEED))
            created += 1
    return created


def load_registrations(event: Event, drafts: list[dict]) -> None:
    """Registrations in the order they came: places while the capacity lasts, then the
    waiting list. After the event, most who held a place came and a few did not.

    Written directly rather than through events.services, so loading the demo sends no mail.
    """
    now = timezone.now()
    taken = 0
    rows = []
    for number, draft in enumerate(drafts):
        persons = min(draft["persons"], event.max_persons_per_registration)
        fits = event.capacity is None or taken + persons <= event.capacity
        status = Registration.Status.CONFIRMED if fits else Registration.Status.WAITING_LIST
        attendance = ""
        if fits:
            taken += persons
            if event.ends_at < now:
                attendance = "no_show" if number % 6 == 5 else "attended"
        rows.append(
            Registration(
                event=event,
                **(draft | {"persons": persons}),
                status=status,
                attendance=attendance,
                consent_given_at=now,
            )
        )
    Registration.objects.bulk_create(rows)


def load_users(contact_points: dict[str, ContactPoint]) -> list[tuple[str, str, str]]:
    """One editor per contact point, a LAKOS coordinator and an administrator."""
    User = get_user_model()
    logins = []
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    logins.append(("admin", DEMO_PASSWORD, "Administrator (alle Rechte)"))
    accounts = [
        (f"team-{slug}", contact_point, Membership.Role.EDITOR)
        for slug, contact_point in contact_points.items()
    ]
    accounts.append(
        ("koordination-lakos", contact_points["lakos-sachsen"], Membership.Role.COORDINATOR)
    )
    for username, contact_point, role in accounts:
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "email": f"{username}@demo.example"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        # The membership gives the user the role's permissions (contactpoints/signals.py).
        Membership.objects.get_or_create(
            user=user, contact_point=contact_point, defaults={"role": role}
        )
        logins.append((username, DEMO_PASSWORD, f"{role.label}: {contact_point}"))
    lag, created = User.objects.get_or_create(
        username="lag-sachsen", defaults={"is_staff": True, "email": "lag-sachsen@demo.example"}
    )
    if created:
        lag.set_password(DEMO_PASSWORD)
        lag.save()
    OrganisationEditor.objects.get_or_create(
        user=lag, federal_state="SN", defaults={"working_group": "LAG Selbsthilfe Sachsen"}
    )
    lag.groups.add(AuthGroup.objects.get_or_create(name=ORGANISATION_ROLE_NAME)[0])
    logins.append(("lag-sachsen", DEMO_PASSWORD, "LAG Selbsthilfe Sachsen: Organisationen"))
    return logins
