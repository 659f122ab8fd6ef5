"""The annual activity report (Tätigkeitsbericht) of a contact point, computed from the data.

Groups are counted in the state they had at the end of the year, read from their history
(``groups/history.py`` makes sure every group has one): a group that moved to another contact
point in June counts for the new one at year end; one ended since still counts as active for
the years before. Inquiries and events count by their dates.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contactpoints.models import ContactPoint, Inquiry
from events.models import Event
from groups.models import Group, Topic


@dataclass
class Figure:
    label: str
    value: int
    previous: int | None = None
    unit: str = ""  # "%" for shares

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.value - self.previous


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    # Bar charts: (title, [(label, value, previous value)])
    charts: list[tuple[str, list[tuple[str, int, int]]]] = field(default_factory=list)


@dataclass
class Report:
    contact_point: ContactPoint
    contact_points: list[ContactPoint]
    year: int
    sections: list[Section]
    # For a contact point with others below it: a few figures per contact point.
    breakdown: list[tuple[ContactPoint, list[Figure]]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("Annual report %(year)s: %(name)s") % {
            "year": self.year,
            "name": self.contact_point,
        }

    def rows(self):
        """(section, figure, value, previous year) for a flat export."""
        for section in self.sections:
            for figure in section.figures:
                yield section.title, figure.label, figure.value, figure.previous


# The first year a report can be asked for; the last is the current one.
FIRST_YEAR = 2000


def is_report_year(year: int) -> bool:
    return FIRST_YEAR <= year <= timezone.localdate().year


SECTION_TITLES = {
    "groups": gettext_lazy("Self-help groups"),
    "inquiries": gettext_lazy("Inquiries"),
    "events": gettext_lazy("Events"),
}


def end_of(year: int) -> datetime.datetime:
    """The last moment of ``year`` in German time."""
    return timezone.make_aware(datetime.datetime(year + 1, 1, 1)) - datetime.timedelta(
        microseconds=1
    )


def annual_report(contact_point: ContactPoint, year: int, family=None) -> Report:
    """The report of ``contact_point`` for ``year``, with the previous year beside each
    figure. It covers ``family`` (a queryset of contact points: whom the reader may see,
    ``permissions.reported_family``), by default the contact point and every one below it."""
    if family is None:
        family = ContactPoint.objects.with_descendants_of(contact_point)
    family = list(family.order_by("name"))
    ids = [member.pk for member in family]
    # Each year's group states are read once for the whole family, then split by member.
    states = {y: groups_at(ids, end_of(y)) for y in (year, year - 1)}

    def figures(member_ids: list[int], y: int) -> dict[str, Section]:
        groups = [g for g in states[y] if g["contact_point_id"] in member_ids]
        return figures_for(member_ids, y, groups)

    current, previous = figures(ids, year), figures(ids, year - 1)
    sections = [merge(current[key], previous[key]) for key in ("groups", "inquiries", "events")]
    breakdown = []
    if len(family) > 1:
        for member in family:
            now, before = figures([member.pk], year), figures([member.pk], year - 1)
            breakdown.append((member, key_figures(now, before)))
    return Report(contact_point, family, year, sections, breakdown)


def merge(current: Section, previous: Section) -> Section:
    """``current`` with each figure's and chart bar's previous-year value filled in."""
    before = {figure.label: figure.value for figure in previous.figures}
    for figure in current.figures:
        if figure.previous is None:  # else the section knew it better (top topics)
            figure.previous = before.get(figure.label, 0)
    charts = []
    for (title, bars), (_title, old_bars) in zip(current.charts, previous.charts, strict=True):
        old = {label: value for label, value, _ in old_bars}
        charts.append((title, [(label, value, old.get(label, 0)) for label, value, _ in bars]))
    current.charts = charts
    return current


def key_figures(now: dict, before: dict) -> list[Figure]:
    """The headline figures of one contact point, for the coordinator's table."""
    wanted = [
        ("groups", 0),  # active groups at year end
        ("groups", 2),  # founded in the year
        ("inquiries", 0),  # inquiries
        ("events", 0),  # events held
        ("events", 2),  # participants
    ]
    figures = []
    for key, index in wanted:
        figure = now[key].figures[index]
        figures.append(Figure(figure.label, figure.value, before[key].figures[index].value))
    return figures


def figures_for(contact_point_ids: list[int], year: int, groups: list[dict]) -> dict[str, Section]:
    """The sections for ``year``; ``groups`` are these contact points' groups at year end."""
    return {
        "groups": group_figures(groups, year),
        "inquiries": inquiry_figures(contact_point_ids, year),
        "events": event_figures(contact_point_ids, year),
    }


# Groups, as they were at the end of the year

GROUPS_AT = """
    WITH state AS (
        SELECT DISTINCT ON (h.id) h.id, h.history_id, h.history_type, h.contact_point_id,
               h.status, h.format, h.founded_on, h.ended_on, h.meeting_site_id
        FROM groups_historicalgroup h
        WHERE h.id IN (SELECT id FROM groups_historicalgroup
                       WHERE contact_point_id = ANY(%(ids)s))
        -- The last record up to the moment, else (entered later) the first record.
        ORDER BY h.id, (h.history_date <= %(at)s) DESC,
                 CASE WHEN h.history_date <= %(at)s THEN h.history_date END DESC,
                 h.history_date, h.history_id DESC
    )
    SELECT state.*, site.contact_point_id AS site_contact_point_id
    FROM state LEFT JOIN contactpoints_site site ON site.id = state.meeting_site_id
    WHERE state.history_type <> '-' AND state.contact_point_id = ANY(%(ids)s)
"""


def groups_at(contact_point_ids: list[int], moment: datetime.datetime) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(GROUPS_AT, {"at": moment, "ids": contact_point_ids})
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def topic_categories_of(history_ids: list[int]) -> dict[int, set[str]]:
    """The topic categories each historical group record had."""
    if not history_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT link.history_id, topic.category
            FROM groups_historicalgroup_topics link
            JOIN groups_topic topic ON topic.id = link.topic_id
            WHERE link.history_id = ANY(%s)
            """,
            [history_ids],
        )
        categories = {}
        for history_id, category in cursor.fetchall():
            categories.setdefault(history_id, set()).add(category)
        return categories


def group_figures(groups: list[dict], year: int) -> Section:
    """Figures of ``groups``, each as it was at the end of ``year`` (from ``groups_at``)."""
    last_day = datetime.date(year, 12, 31)

    def existed(group) -> bool:
        founded = group["founded_on"]
        return founded is None or founded <= last_day

    def not_ended(group) -> bool:
        return group["ended_on"] is None or group["ended_on"] > last_day

    running = [g for g in groups if existed(g) and not_ended(g)]
    founding = [g for g in running if g["status"] == Group.Status.FOUNDING]
    active = [g for g in running if g["status"] != Group.Status.FOUNDING]
    new = [g for g in groups if g["founded_on"] and g["founded_on"].year == year]
    ended = [g for g in groups if g["ended_on"] and g["ended_on"].year == year]
    at_own_site = [g for g in active if g["site_contact_point_id"] == g["contact_point_id"]]

    formats = Counter(g["format"] for g in active)
    categories = Counter()
    for group_categories in topic_categories_of([g["history_id"] for g in active]).values():
        categories.update(group_categories)

    section = Section("groups", str(SECTION_TITLES["groups"]))
    section.figures = [
        Figure(_("Active groups at year end"), len(active)),
        Figure(_("Groups in founding at year end"), len(founding)),
        Figure(_("Groups founded in the year"), len(new)),
        Figure(_("Groups ended in the year"), len(ended)),
        *[
            Figure(_("Active groups: %(format)s") % {"format": label}, formats[value])
            for value, label in Group.Format.choices
        ],
        Figure(_("Active groups meeting at the contact point's sites"), len(at_own_site)),
        Figure(
            _("Share meeting at the contact point's sites"),
            percent(len(at_own_site), len(active)),
            unit="%",
        ),
    ]
    category_bars = [(str(label), categories[value], 0) for value, label in Topic.Category.choices]
    section.figures += [
        Figure(_("Active groups on %(category)s") % {"category": label}, value)
        for label, value, _previous in category_bars
    ]
    section.charts = [(_("Active groups by topic category"), category_bars)]
    return section


# Inquiries


def inquiry_figures(contact_point_ids: list[int], year: int) -> Section:
    inquiries = Inquiry.objects.in_year(year).filter(contact_point__in=contact_point_ids)
    total = inquiries.count()
    by_channel = dict(inquiries.values_list("channel").annotate(n=Count("pk")))
    by_person = dict(inquiries.values_list("person").annotate(n=Count("pk")))
    by_month = dict(
        inquiries.values_list("date__month").annotate(n=Count("pk")).order_by("date__month")
    )
    by_category = dict(
        inquiries.filter(topics__isnull=False)
        .values_list("topics__category")
        .annotate(n=Count("pk", distinct=True))
    )
    top_topics = list(
        Topic.objects.filter(inquiries__in=inquiries)
        .annotate(n=Count("inquiries", filter=Q(inquiries__in=inquiries)))
        .order_by("-n", "name")
        .values_list("pk", "name", "n")[:10]
    )
    # The same topics a year before, also where they were not among that year's ten.
    year_before = Inquiry.objects.in_year(year - 1).filter(contact_point__in=contact_point_ids)
    topics_year_before = dict(
        Topic.objects.filter(pk__in=[pk for pk, _name, _n in top_topics])
        .filter(inquiries__in=year_before)
        .annotate(n=Count("inquiries"))
        .values_list("pk", "n")
    )
    outcome_counts = {
        value: inquiries.filter(outcomes__contains=[value]).count()
        for value, _label in Inquiry.Outcome.choices
    }
    # Founding interests from the website leave an anonymous inquiry that outlives them; a
    # group joined or founded from one is among its referred groups.
    interests = inquiries.filter(origin=Inquiry.Origin.FOUNDING_INTEREST)
    founded = (
        Group.objects.filter(referrals__in=interests, status=Group.Status.ACTIVE)
        .distinct()
        .count()
    )

    section = Section("inquiries", str(SECTION_TITLES["inquiries"]))
    section.figures = [
        Figure(_("Inquiries"), total),
        *[
            Figure(_("Inquiries: %(channel)s") % {"channel": label}, by_channel.get(value, 0))
            for value, label in Inquiry.Channel.choices
        ],
        *[
            Figure(_("Inquiries from: %(person)s") % {"person": label}, by_person.get(value, 0))
            for value, label in Inquiry.Person.choices
        ],
        *[Figure(str(label), outcome_counts[value]) for value, label in Inquiry.Outcome.choices],
        Figure(_("Founding interests received through the website"), interests.count()),
        Figure(_("Groups now meeting with people from these interests"), founded),
        *[
            Figure(_("Inquiries on %(category)s") % {"category": label}, by_category.get(value, 0))
            for value, label in Topic.Category.choices
        ],
        *[
            Figure(_("Top topic: %(topic)s") % {"topic": name}, n, topics_year_before.get(pk, 0))
            for pk, name, n in top_topics
        ],
    ]
    section.charts = [
        (
            _("Inquiries by month"),
            [
                (str(MONTHS_3[month]).capitalize(), by_month.get(month, 0), 0)
                for month in range(1, 13)
            ],
        ),
        (
            _("Inquiries by channel"),
            [(str(label), by_channel.get(value, 0), 0) for value, label in Inquiry.Channel.choices],
        ),
    ]
    return section


# Events


def event_figures(contact_point_ids: list[int], year: int) -> Section:
    held = (
        Event.objects.filter(
            contact_point__in=contact_point_ids,
            starts_at__year=year,
            starts_at__lte=timezone.now(),  # held: begun, and not cancelled
        )
        .scheduled()
        .with_participation()
    )
    events = list(held)
    kinds = Counter(event.kind for event in events)
    online = sum(1 for event in events if event.is_online)
    section = Section("events", str(SECTION_TITLES["events"]))
    section.figures = [
        Figure(_("Events held"), len(events)),
        Figure(_("Registered persons"), sum(event.confirmed_persons for event in events)),
        Figure(_("Participants who attended"), sum(event.attended_persons for event in events)),
        Figure(_("Share of online events"), percent(online, len(events)), unit="%"),
        *[
            Figure(_("Events held: %(kind)s") % {"kind": label}, kinds[value])
            for value, label in Event.Kind.choices
        ],
    ]
    section.charts = [
        (
            _("Events by kind"),
            [(str(label), kinds[value], 0) for value, label in Event.Kind.choices],
        )
    ]
    return section


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0
