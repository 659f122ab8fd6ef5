"""Demo events around a given day: past and upcoming, online and in person, one series."""

import datetime
import random
from zoneinfo import ZoneInfo

from selbsthilfe.slugs import german_slugify

BERLIN = ZoneInfo("Europe/Berlin")


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BERLIN)


def _second_thursday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(3 - first.weekday()) % 7 + 7)


def event_drafts(today: datetime.date) -> list[dict]:
    """Field values of the demo events; slugs carry their dates, so they are stable keys."""
    drafts = []
    # "Digitaler Stammtisch Junge Selbsthilfe": every two months, online, LAKOS with partners.
    month_index = today.year * 12 + today.month - 1
    # From two and a half years back, so last year's annual report and the year before it
    # have their meetups.
    for offset in range(-30, 8, 2):
        year, month = divmod(month_index + offset, 12)
        day = _second_thursday(year, month + 1)
        drafts.append(
            {
                "slug": f"digitaler-stammtisch-junge-selbsthilfe-{day:%Y-%m}",
                "title": "Digitaler Stammtisch Junge Selbsthilfe",
                "contact_point": "lakos-sachsen",
                "kind": "meetup",
                "description": (
                    "Online-Treffen für Selbsthilfe-Aktive bis 35 Jahre aus ganz Sachsen, "
                    "gemeinsam mit der SKIS Leipzig und der KISS Zwickau. Wie kann Selbsthilfe "
                    "aussehen, um für junge Menschen attraktiv zu sein? Den Zugangslink "
                    "erhalten Sie nach der Anmeldung per E-Mail."
                ),
                "starts_at": _at(day, 17, 30),
                "ends_at": _at(day, 19, 0),
                "is_online": True,
                "online_join_url": "https://meet.example/junge-selbsthilfe",
                "registration_required": True,
                "capacity": 20,
                "registration_deadline": _at(day - datetime.timedelta(days=1), 12),
                "topics": ["Junge Selbsthilfe"],
                # Past meetups were well attended; the next one fills up.
                "demo_registrations": 16 if offset < 0 else (8 if offset <= 2 else 2),
            }
        )
    # Training series "Digital durchstarten in der Selbsthilfe": six Tuesday evenings.
    start = today + datetime.timedelta(days=(1 - today.weekday()) % 7 + 14)
    for number in range(6):
        day = start + datetime.timedelta(weeks=number)
        drafts.append(
            {
                "slug": f"digital-durchstarten-{day:%Y-%m-%d}",
                "title": f"Digital durchstarten in der Selbsthilfe ({number + 1}/6)",
                "series": (
                    "Digital durchstarten in der Selbsthilfe",
                    f"digital-durchstarten-{start:%Y-%m}",
                    "kiss-kreis-unna",
                ),
                "contact_point": "kiss-kreis-unna",
                "kind": "training",
                "description": (
                    "Fortbildung für Selbsthilfegruppen zum Themenschwerpunkt digitale "
                    "Kompetenz: virtuelle Gruppentreffen, soziale Medien und Datenschutz. "
                    "Die Reihe besteht aus sechs Abenden, die aufeinander aufbauen."
                ),
                "starts_at": _at(day, 18),
                "ends_at": _at(day, 20),
                "at_site": True,
                "registration_required": True,
                "capacity": 14,
                "registration_deadline": _at(start - datetime.timedelta(days=3), 12),
                "demo_registrations": 9,
            }
        )
    for year in (today.year - 1, today.year):
        day = datetime.date(year, 9, 12)
        drafts.append(
            {
                "slug": f"selbsthilfetag-dortmund-{year}",
                "title": f"Dortmunder Selbsthilfetag {year}",
                "contact_point": "selbsthilfe-kontaktstelle-dortmund",
                "kind": "self_help_day",
                "description": (
                    "Über 50 Selbsthilfegruppen stellen sich vor: Infostände, Gespräche und "
                    "Kurzvorträge rund um Gesundheit und Selbsthilfe. Eintritt frei."
                ),
                "starts_at": _at(day, 10),
                "ends_at": _at(day, 16),
                "venue_name": "Reinoldikirche und Platz von Leeds",
                "street": "Ostenhellweg 2",
                "postcode": "44135",
                "town": "Dortmund",
            }
        )
    # Information evenings of the last two years, held and with attendance, for the annual
    # reports and their comparison with the year before.
    for year in (today.year - 2, today.year - 1):
        for number, (slug, month) in enumerate(
            [
                ("skis-leipzig", 3),
                ("kiss-zwickau", 5),
                ("kiss-kreis-unna", 10),
                ("kiss-dresden", 11),
            ]
        ):
            day = datetime.date(year, month, 14 + number)
            drafts.append(
                {
                    "slug": f"infoabend-selbsthilfe-{slug}-{day:%Y-%m}",
                    "title": "Infoabend: Was Selbsthilfe leisten kann",
                    "contact_point": slug,
                    "kind": "information",
                    "description": (
                        "Wie arbeiten Selbsthilfegruppen, wer kann mitmachen, und wie hilft die "
                        "Kontaktstelle beim Start? Mit Gästen aus zwei Gruppen."
                    ),
                    "starts_at": _at(day, 18),
                    "ends_at": _at(day, 19, 30),
                    "at_site": True,
                    "registration_required": True,
                    "capacity": 25,
                    "demo_registrations": 14 + 3 * number - (year == today.year - 2) * 4,
                }
            )
    drafts += themed_talks(today)
    drafts += [
        {
            "slug": f"infoabend-gruppe-gruenden-leipzig-{today:%Y-%m}",
            "title": "Infoabend: Eine Selbsthilfegruppe gründen",
            "contact_point": "skis-leipzig",
            "kind": "information",
            "description": (
                "Sie möchten eine Selbsthilfegruppe gründen? Wir erklären, wie der Start "
                "gelingt, welche Räume es gibt und wie die Kontaktstelle Sie begleitet."
            ),
            "starts_at": _at(today + datetime.timedelta(days=10), 17),
            "ends_at": _at(today + datetime.timedelta(days=10), 18, 30),
            "at_site": True,
            "registration_required": True,
            "capacity": 12,
            "max_persons_per_registration": 2,
            # Fully booked, with three people on the waiting list.
            "demo_registrations": 15,
        },
        {
            "slug": f"vortrag-demenz-zwickau-{today:%Y-%m}",
            "title": "Vortrag: Demenz verstehen – Hilfen für Angehörige",
            "contact_point": "kiss-zwickau",
            "kind": "information",
            "description": (
                "Eine Fachärztin und Angehörige aus der Selbsthilfe berichten, wie der Alltag "
                "mit Demenz gelingen kann und wo es Entlastung gibt."
            ),
            "starts_at": _at(today + datetime.timedelta(days=20), 18),
            "ends_at": _at(today + datetime.timedelta(days=20), 19, 30),
            "at_site": True,
            "registration_required": True,
            "capacity": 30,
            "status": "cancelled",
            "cancellation_reason": (
                "Die Referentin ist erkrankt. Der Vortrag wird nachgeholt; der neue Termin "
                "steht bald hier."
            ),
            "demo_registrations": 6,
            "topics": ["Angehörige Demenzkranker", "Demenz"],
        },
    ]
    return drafts


# Talks on a topic, each year in the same month, so "events by topic" compares years:
# (contact point, month, title, topics, registrations).
TALKS = [
    ("selbsthilfe-kontaktstelle-dortmund", 2, "Vortrag: Depression – Wege aus dem Tief",
     ["Depression"], 22),
    ("kiss-kreis-unna", 4, "Gesprächsabend: Leben mit Diabetes", ["Diabetes"], 12),
    ("skis-leipzig", 6, "Infoabend: Alkohol – wann wird es zu viel?", ["Alkoholabhängigkeit"], 15),
    ("kiss-dresden", 9, "Vortrag: Demenz verstehen", ["Demenz", "Angehörige Demenzkranker"], 24),
    ("kiss-chemnitz", 11, "Gesprächskreis: Trauer teilen", ["Trauer"], 9),
]  # fmt: skip


def themed_talks(today: datetime.date) -> list[dict]:
    """The topic talks of the two years before and of this year up to last month."""
    drafts = []
    for year in (today.year - 2, today.year - 1, today.year):
        for slug, month, title, topics, registrations in TALKS:
            day = datetime.date(year, month, 20)
            if day >= today:
                continue
            drafts.append(
                {
                    "slug": f"{german_slugify(title)[:60].strip('-')}-{day:%Y-%m}",
                    "title": title,
                    "contact_point": slug,
                    "kind": "information",
                    "description": (
                        "Fachleute und Menschen aus der Selbsthilfe berichten; danach ist Zeit "
                        "für Fragen und Gespräche. Die Teilnahme ist kostenfrei."
                    ),
                    "starts_at": _at(day, 18),
                    "ends_at": _at(day, 19, 30),
                    "at_site": True,
                    "registration_required": True,
                    "capacity": 30,
                    "topics": topics,
                    # A little more interest each year.
                    "demo_registrations": registrations - 2 * (today.year - year),
                }
            )
    return drafts


FIRST_NAMES = ["Anna", "Bernd", "Carla", "Dieter", "Elif", "Frank", "Gisela", "Hakan", "Ines",
               "Jürgen", "Katrin", "Lars", "Maria", "Nils", "Olga", "Peter", "Renate", "Sven",
               "Tanja", "Uwe", "Vera", "Wolfgang", "Yasemin", "Zoran"]  # fmt: skip
LAST_NAMES = ["Becker", "Schulz", "Yılmaz", "Wagner", "Hoffmann", "Krüger", "Neumann",
              "Lange", "Schröder", "Kowalski", "Richter", "Wolf", "Zimmermann", "Braun",
              "Hartmann"]  # fmt: skip


def registrant_drafts(event_slug: str, count: int, seed: int) -> list[dict]:
    """``count`` made-up registrants for one event: name, an example.org address and the
    party size (mostly one person, sometimes two)."""
    rng = random.Random(f"{seed}-{event_slug}")
    drafts = []
    for number in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        drafts.append(
            {
                "name": f"{first} {last}",
                "email": f"{german_slugify(first)}.{german_slugify(last)}.{number}@example.org",
                "persons": 2 if number % 5 == 4 else 1,
            }
        )
    return drafts
