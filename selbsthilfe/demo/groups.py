"""Plausible self-help groups, generated deterministically from topics and towns."""

import datetime
import random
from dataclasses import dataclass, field

# Topics people most often look for, with a weight for how many groups exist on them.
# Real German area codes, so that every generated number is one phonenumbers accepts and the
# demo's group pages link them.
AREA_CODES = ["030", "040", "0201", "0211", "0221", "0231", "02303", "0234", "0341", "0351",
              "0371", "0375", "0511", "069", "0711", "089"]  # fmt: skip

COMMON_TOPICS = {
    "Depression": 9,
    "Alkoholabhängigkeit": 8,
    "Angst und Panik": 6,
    "Krebs": 4,
    "Brustkrebs": 4,
    "Pflegende Angehörige": 4,
    "Angehörige Demenzkranker": 5,
    "Trauer": 5,
    "Diabetes": 4,
    "Multiple Sklerose": 3,
    "Morbus Parkinson": 3,
    "Rheuma": 3,
    "Angehörige Suchtkranker": 4,
    "Angehörige psychisch Kranker": 4,
    "Psychische Erkrankungen": 3,
    "Essstörungen": 3,
    "Glücksspielsucht": 2,
    "Schlaganfall": 3,
    "Alleinerziehende": 3,
    "Trennung und Scheidung": 2,
    "Chronische Schmerzen": 3,
    "Autismus": 2,
    "ADHS": 2,
    "Burnout": 3,
    "Darmkrebs": 2,
    "Prostatakrebs": 2,
    "Long Covid": 2,
    "Borderline": 2,
    "Drogenabhängigkeit": 2,
    "Medikamentenabhängigkeit": 1,
    "Einsamkeit": 2,
    "Herzerkrankungen": 2,
    "Tinnitus": 2,
    "Stoma": 1,
    "Verwaiste Eltern": 2,
    "Eltern von Sternenkindern": 1,
}

VENUES = [
    ("Gemeindehaus St. Marien", "Kirchplatz"),
    ("Bürgerhaus", "Marktstraße"),
    ("AWO-Begegnungsstätte", "Goethestraße"),
    ("Mehrgenerationenhaus", "Schillerstraße"),
    ("Volkshochschule, Raum 2", "Schulstraße"),
    ("Klinikum, Konferenzraum", "Krankenhausstraße"),
    ("Evangelisches Gemeindezentrum", "Lutherstraße"),
    ("Stadtteilzentrum", "Bahnhofstraße"),
    ("Caritas-Haus", "Lindenstraße"),
    ("Diakonie, Beratungsstelle", "Poststraße"),
    ("Familienzentrum", "Gartenstraße"),
    ("Gesundheitsamt, Seminarraum", "Rathausplatz"),
]

OPENINGS = {
    "health": [
        "Wir sind Menschen, die mit {topic} leben, und treffen uns, um Erfahrungen auszutauschen.",
        "In unserer Gruppe kommen Betroffene von {topic} zusammen, die den Alltag mit der "
        "Erkrankung nicht allein bewältigen wollen.",
        "Die Diagnose {topic} verändert vieles. Bei uns finden Sie Menschen, die wissen, "
        "wovon Sie sprechen.",
    ],
    "mental_health": [
        "Wir sind eine Gruppe von Menschen mit {topic}-Erfahrung und sprechen offen über das, "
        "was uns belastet.",
        "Wer mit {topic} lebt, fühlt sich oft unverstanden. In unserer Runde dürfen Sie so "
        "sein, wie Sie sind.",
        "Unsere Gruppe bietet einen geschützten Raum für Menschen mit {topic}.",
    ],
    "addiction": [
        "Wir sind Menschen, die ihre Abhängigkeit überwinden wollen oder schon länger "
        "abstinent leben.",
        "In unserer Gruppe unterstützen wir uns gegenseitig auf dem Weg aus der Sucht ({topic}).",
        "Ob am Anfang oder schon lange trocken bzw. clean: Bei uns ist jede und jeder "
        "willkommen, die oder der etwas ändern möchte.",
    ],
    "disability": [
        "Unsere Gruppe ist ein Treffpunkt für Menschen mit {topic} und alle, die ihnen nahestehen.",
        "Wir tauschen uns über den Alltag mit {topic} aus: Hilfsmittel, Anträge, Arbeit und "
        "Freizeit.",
    ],
    "relatives": [
        "Wir sind Angehörige und kennen die Sorgen, die Erschöpfung und die vielen Fragen "
        "rund um das Thema {topic}.",
        "Als Angehörige stehen wir oft im Hintergrund. In unserer Gruppe geht es um uns: "
        "Wie gehen wir mit {topic} um, ohne uns selbst zu verlieren?",
    ],
    "social": [
        "Unsere Gruppe richtet sich an Menschen in einer ähnlichen Lebenslage: {topic}.",
        "Wir treffen uns, weil das Thema {topic} leichter zu tragen ist, wenn man es teilt.",
    ],
    "other": ["Wir treffen uns regelmäßig zum Austausch rund um das Thema {topic}."],
}

MIDDLES = [
    "Im Mittelpunkt stehen Gespräche auf Augenhöhe, gegenseitige Ermutigung und der "
    "Austausch von Informationen über Behandlungsmöglichkeiten und Hilfsangebote.",
    "Wir erzählen, was uns in den letzten Wochen bewegt hat, und überlegen gemeinsam, was "
    "helfen kann. Gelegentlich laden wir Fachleute zu Vorträgen ein.",
    "Neben den Gruppenabenden unternehmen wir auch gemeinsam etwas, zum Beispiel "
    "Spaziergänge, Ausflüge oder ein Sommerfest.",
    "Was in der Gruppe besprochen wird, bleibt in der Gruppe. Niemand muss etwas erzählen, "
    "was er oder sie nicht möchte.",
    "Wir sind keine Therapiegruppe, sondern Menschen, die ihre eigenen Erfahrungen teilen "
    "und voneinander lernen.",
]

CLOSINGS = [
    "Neue Mitglieder sind herzlich willkommen. Ein erstes Kennenlernen ist jederzeit möglich.",
    "Wenn Sie uns kennenlernen möchten, melden Sie sich gern vorher, dann nehmen wir uns Zeit "
    "für Sie.",
    "Die Teilnahme ist kostenlos. Kommen Sie einfach unverbindlich vorbei.",
    "Bitte melden Sie sich vor dem ersten Besuch kurz an.",
]

FOUNDING_TEXT = (
    "Die Gruppe befindet sich in Gründung. Wir suchen Menschen, die Lust haben, eine neue "
    "Gruppe mit aufzubauen und mitzugestalten."
)

CITY_DISTRICTS = {
    "Dortmund": ["Innenstadt", "Hörde", "Aplerbeck", "Brackel", "Eving", "Hombruch",
                 "Huckarde", "Lütgendortmund", "Mengede", "Scharnhorst"],
    "Leipzig": ["Grünau", "Connewitz", "Gohlis", "Plagwitz", "Reudnitz", "Paunsdorf",
                "Lindenau", "Schönefeld"],
    "Dresden": ["Neustadt", "Johannstadt", "Gorbitz", "Prohlis", "Blasewitz", "Pieschen",
                "Striesen"],
    "Chemnitz": ["Kaßberg", "Sonnenberg", "Schloßchemnitz", "Gablenz", "Bernsdorf"],
}  # fmt: skip


@dataclass
class GroupDraft:
    """Everything needed to create one demo group; ``slug`` is its stable identity."""

    slug: str
    name: str
    topic_names: list[str]
    fields: dict = field(default_factory=dict)


def group_name(rng: random.Random, topic: str, category: str, town: str, online: bool) -> str:
    if online:
        return rng.choice([f"Online-Gruppe {topic}", f"{topic} – digitaler Gesprächskreis"])
    if topic == "Alkoholabhängigkeit":
        return rng.choice(
            [
                f"Kreuzbund-Gruppe {town}",
                f"Anonyme Alkoholiker {town}",
                f"Blaues Kreuz {town}",
                f"Freundeskreis für Suchtkrankenhilfe {town}",
            ]
        )
    if category == "relatives":
        if topic.startswith(("Angehörige", "Eltern", "Pflege", "Verwaiste")):
            return rng.choice([f"Gesprächskreis {topic} {town}", f"Treffpunkt {topic} {town}"])
        return rng.choice([f"Angehörigengruppe {topic} {town}", f"Gesprächskreis {topic} {town}"])
    return rng.choice(
        [
            f"Selbsthilfegruppe {topic} {town}",
            f"SHG {topic} {town}",
            f"Gesprächskreis {topic} {town}",
            f"Treffpunkt {topic} {town}",
        ]
    )


def description(rng: random.Random, topic: str, category: str, status: str) -> str:
    parts = [rng.choice(OPENINGS[category]).format(topic=topic), rng.choice(MIDDLES)]
    if status == "founding":
        parts.append(FOUNDING_TEXT)
    parts.append(rng.choice(CLOSINGS))
    return " ".join(parts)


def schedule(rng: random.Random) -> dict:
    frequency = rng.choices(
        ["weekly", "biweekly", "monthly", "bimonthly", "irregular"], [20, 20, 45, 5, 10]
    )[0]
    if frequency == "irregular":
        return {
            "frequency": frequency,
            "schedule_note": rng.choice(
                ["Termine nach Absprache", "Treffen etwa alle sechs Wochen, Termine auf Anfrage"]
            ),
        }
    start_hour = rng.choice([10, 15, 16, 17, 18, 18, 19, 19])
    start_minute = rng.choice([0, 0, 30])
    start = datetime.time(start_hour, start_minute)
    end = datetime.time(start_hour + rng.choice([1, 2, 2]), start_minute)
    weekday = rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5])
    # Every two weeks or months needs one known meeting to count from.
    reference = None
    if frequency in ("biweekly", "bimonthly"):
        reference = datetime.date(2026, 1, 5) + datetime.timedelta(
            days=weekday + 7 * rng.randint(0, 7)
        )
    return {
        "frequency": frequency,
        "weekday": weekday,
        "week_of_month": rng.choice([1, 2, 3, 4, 5])
        if frequency in ("monthly", "bimonthly")
        else None,
        "reference_meeting_on": reference,
        "starts_at": start,
        "ends_at": end,
        "schedule_note": rng.choice(
            ["", "", "", "nicht in den Sommerferien", "im Dezember nach Absprache"]
        ),
    }


def draft_group(
    rng: random.Random,
    *,
    topic: str,
    category: str,
    related: list[str],
    place,
    sites: list,
    slug: str,
    name: str,
    today: datetime.date,
    online: bool = False,
    public: bool = False,
) -> GroupDraft:
    """One group's fields, chosen at random but plausibly, for a town (``place``); an active,
    listed one if ``public``."""
    status = (
        "active"
        if public
        else rng.choices(["active", "founding", "paused", "ended"], [80, 7, 5, 8])[0]
    )
    group_format = "online" if online else rng.choices(["in_person", "hybrid"], [88, 12])[0]
    founded_on = today - datetime.timedelta(
        days=rng.randint(30, 180) if status == "founding" else rng.randint(200, 14000)
    )
    ended_on = None
    if status == "ended":
        ended_on = founded_on + datetime.timedelta(days=rng.randint(200, 6000))
        ended_on = min(ended_on, today - datetime.timedelta(days=rng.randint(1, 400)))
        ended_on = max(ended_on, founded_on)
    direct = rng.random() < 0.45
    slug_email = slug.replace("-", ".")[:40].strip(".")  # "x.@" is no valid address
    fields = {
        "description": description(rng, topic, category, status),
        "status": status,
        "founded_on": founded_on,
        "ended_on": ended_on,
        "accepting_members": status != "ended" and rng.random() < 0.85,
        "audience": "relatives"
        if category == "relatives"
        else rng.choices(["affected", "both"], [75, 25])[0],
        "focus": rng.choices(
            [[], ["young"], ["seniors"], ["women"], ["men"], ["parents"]],
            [70, 8, 8, 6, 4, 4],
        )[0],
        "member_count": rng.choice([None, 5, 6, 8, 10, 12, 15, 20]),
        "format": group_format,
        "languages": ["de"] if rng.random() < 0.9 else ["de", rng.choice(["en", "tr", "ru", "uk"])],
        "step_free": rng.random() < 0.6,
        "hearing_loop": rng.random() < 0.05,
        "sign_language": rng.random() < 0.03,
        "is_listed": rng.random() < 0.88 or public,
        "contact_mode": "direct" if direct else "via_contact_point",
        "meeting_place_public": rng.random() < 0.8,
        "public_email": f"{slug_email}@gruppen.example" if direct else "",
        "public_phone": f"{rng.choice(AREA_CODES)} {rng.randint(100000, 999999)}"
        if direct and rng.random() < 0.6
        else "",
        "contact_person": rng.choice(["Frau M.", "Herr K.", "Frau S.", "Herr B.", "Frau W."]),
        "contact_person_email": f"kontakt.{slug_email}@gruppen.example",
        "consent_given_on": founded_on + datetime.timedelta(days=rng.randint(0, 60)),
        "consent_given_by": "Gruppensprecher/in (schriftlich)",
        "last_verified_on": today - datetime.timedelta(days=rng.randint(0, 900)),
        **schedule(rng),
    }
    if group_format == "online":
        fields.update(postcode=place.postcode, town=place.name)
    elif sites and rng.random() < 0.35:
        site = rng.choice(sites)
        fields.update(
            meeting_site=site,
            postcode=site.postcode,
            town=site.town,
            latitude=site.latitude,
            longitude=site.longitude,
            step_free=site.step_free,
        )
    else:
        venue, street = rng.choice(VENUES)
        fields.update(
            venue_name=venue,
            street=f"{street} {rng.randint(1, 60)}",
            postcode=place.postcode,
            town=place.name,
            latitude=round(place.latitude + rng.uniform(-0.012, 0.012), 6),
            longitude=round(place.longitude + rng.uniform(-0.018, 0.018), 6),
        )
    topics = [topic] + ([rng.choice(related)] if related and rng.random() < 0.4 else [])
    return GroupDraft(slug=slug, name=name, topic_names=topics, fields=fields)
