"""The annual activity report (Tätigkeitsbericht) of a contact point, computed from the data.

Groups are counted in the state they had at the end of the year, read from their history
(``groups/history.py`` makes sure every group has one): a group that moved to another contact
point in June counts for the new one at year end; one ended since still counts as active for
the years before. Inquiries and events count by their dates.

A report is made of sections (groups, inquiries, events), each of tables; a table has rows
(``Figure``: this year, the year before, the unit), a total row where its rows add up, and a
note where they do not (an inquiry with two topics counts for both). Every format (the page,
PDF, CSV, XLSX) is drawn from the same tables.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count
from django.utils import formats, timezone
from django.utils.dates import MONTHS_3
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, npgettext, pgettext_lazy

from contactpoints.models import ContactPoint, Inquiry, ReportText
from events.models import Event
from groups.models import Group, Topic

# What a figure counts. The unit is printed beside every value: a funder reading "42" must
# know whether it counts groups, inquiries or persons; a share changes in percentage points.
UNITS = {
    "groups": pgettext_lazy("unit", "groups"),
    "inquiries": pgettext_lazy("unit", "inquiries"),
    "events": pgettext_lazy("unit", "events"),
    "persons": pgettext_lazy("unit", "persons"),
    "percent": pgettext_lazy("unit", "%"),
}
PERCENTAGE_POINTS = pgettext_lazy("unit", "percentage points")
PERCENTAGE_POINTS_SHORT = pgettext_lazy("unit", "pp")


@dataclass
class Figure:
    label: str
    value: int
    previous: int = 0
    unit: str = "groups"  # a key of UNITS

    @property
    def change(self) -> int:
        return self.value - self.previous

    @property
    def is_share(self) -> bool:
        return self.unit == "percent"

    @property
    def unit_label(self) -> str:
        return str(UNITS[self.unit])

    @property
    def value_unit_label(self) -> str:
        """The unit as it follows this year's value on the first page: "1 Gruppe", "3
        Gruppen" (a unit column keeps the plural)."""
        count = self.value
        counted = {
            "groups": npgettext("unit after a number", "group", "groups", count),
            "inquiries": npgettext("unit after a number", "inquiry", "inquiries", count),
            "events": npgettext("unit after a number", "event", "events", count),
            "persons": npgettext("unit after a number", "person", "persons", count),
        }
        return counted.get(self.unit, self.unit_label)

    @property
    def change_unit_label(self) -> str:
        """The unit of the change: percentage points for a share, else the figure's unit."""
        return str(PERCENTAGE_POINTS) if self.is_share else self.unit_label

    def shown(self, value: int) -> str:
        """A value as printed: grouped as the language writes it ("1.234"), a share with
        its per cent sign."""
        text = formats.number_format(value, force_grouping=True)
        return f"{text}\u202f%" if self.is_share else text

    @property
    def value_text(self) -> str:
        return self.shown(self.value)

    @property
    def previous_text(self) -> str:
        return self.shown(self.previous)

    @property
    def change_text(self) -> str:
        """The change with its sign ("+3", "−2", "0"); a share's in percentage points."""
        sign = "+" if self.change > 0 else ("\u2212" if self.change < 0 else "")
        text = f"{sign}{formats.number_format(abs(self.change), force_grouping=True)}"
        return f"{text}\u202f{PERCENTAGE_POINTS_SHORT}" if self.is_share and self.change else text


@dataclass
class Table:
    key: str
    title: str
    figures: list[Figure]
    # The sum of the rows, when they add up to a figure worth printing.
    total: Figure | None = None
    # Why the rows do not add up, where they do not.
    note: str = ""
    # A bar chart of the table (its first ``chart_rows`` rows, when it is long).
    chart: bool = False
    chart_rows: int | None = None
    # Rows that come and go with the data (topics): sorted by this year's value.
    sort_by_value: bool = False

    @property
    def rows(self) -> list[Figure]:
        """The figures and the total row, as they are printed."""
        return [*self.figures, self.total] if self.total else list(self.figures)

    @property
    def printed_figures(self) -> list[Figure]:
        """The rows as the PDF prints them beside the chart. A table charted by its most
        frequent rows (the topics) prints those, one row summing all others ("23 other
        topics") and "Without a topic"; the page, the XLSX and the CSV keep every row."""
        if not self.chart_rows:
            return self.figures
        ranked = [f for f in self.figures if f.label != WITHOUT_TOPIC]
        rest = ranked[self.chart_rows :]
        if len(rest) < 2:  # one row folded into "1 other topic" would only hide its name
            return self.figures
        others = Figure(
            ngettext("%(count)s other topic", "%(count)s other topics", len(rest))
            % {"count": formats.number_format(len(rest), force_grouping=True)},
            sum(f.value for f in rest),
            sum(f.previous for f in rest),
            rest[0].unit,
        )
        return [
            *ranked[: self.chart_rows],
            others,
            *(f for f in self.figures if f.label == WITHOUT_TOPIC),
        ]

    @property
    def bars(self) -> list[tuple[str, int, int]]:
        figures = self.figures[: self.chart_rows] if self.chart_rows else self.figures
        return [(figure.label, figure.value, figure.previous) for figure in figures]

    @property
    def chart_title(self) -> str:
        if self.chart_rows and len(self.figures) > self.chart_rows:
            return _("%(title)s (the %(count)s most frequent)") % {
                "title": self.title,
                "count": self.chart_rows,
            }
        return self.title


def totalled(key: str, title: str, figures: list[Figure], total_label: str, **options) -> Table:
    """A table whose rows add up: with a total row."""
    total = Figure(total_label, sum(f.value for f in figures), unit=figures[0].unit)
    return Table(key, title, figures, total=total, **options)


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)

    @property
    def figures(self) -> list[Figure]:
        """Every row of every table, totals included."""
        return [figure for table in self.tables for figure in table.rows]

    @property
    def charts(self) -> list[Table]:
        return [table for table in self.tables if table.chart]


@dataclass
class Report:
    contact_point: ContactPoint
    contact_points: list[ContactPoint]
    year: int
    sections: list[Section]
    # For a contact point with others below it: the key figures per contact point.
    breakdown: list[tuple[ContactPoint, list[Figure]]] = field(default_factory=list)
    # The short text of the first page: the staff's (``saved_text``) or the report's own.
    text: str = ""
    saved_text: ReportText | None = None

    @property
    def title(self) -> str:
        return _("Annual report %(year)s: %(name)s") % {
            "year": self.year,
            "name": self.contact_point,
        }

    @property
    def covered_names(self) -> str:
        """The names of the contact points covered, this one first: "A, B and C"."""
        others = [cp for cp in self.contact_points if cp != self.contact_point]
        return names_of([self.contact_point, *others])

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)

    def table(self, key: str) -> Table:
        (found,) = [t for section in self.sections for t in section.tables if t.key == key]
        return found

    def figure(self, table_key: str, label: str) -> Figure:
        (found,) = [f for f in self.table(table_key).rows if f.label == label]
        return found

    @property
    def key_figures(self) -> list[Figure]:
        """The year's figures a funder looks at first, for the first page."""
        return [self.table(key).figures[index] for key, index in KEY_FIGURES]

    @property
    def breakdown_tables(self) -> list[Table]:
        """Per key figure, a table of the contact points with the family's total."""
        if not self.breakdown:
            return []
        tables = []
        for index, (key, row) in enumerate(KEY_FIGURES):
            first = self.breakdown[0][1][index]
            figures = [
                Figure(str(member), figures[index].value, figures[index].previous, first.unit)
                for member, figures in self.breakdown
            ]
            total = Figure(
                str(_("Total")),
                sum(f.value for f in figures),
                sum(f.previous for f in figures),
                first.unit,
            )
            tables.append(Table(f"by_contact_point_{key}_{row}", first.label, figures, total))
        return tables

    def rows(self):
        """(section, table, contact point, figure label, figure) of every printed row, for a
        flat export: the family's tables, then the key figures per contact point."""
        everyone = str(self.contact_point)
        if len(self.contact_points) > 1:
            everyone = _("%(name)s with those below it") % {"name": everyone}
        for section in self.sections:
            for table in section.tables:
                for figure in table.rows:
                    yield section.title, table.title, everyone, figure.label, figure
        by_contact_point = str(_("By contact point"))
        for table in self.breakdown_tables:
            for figure in table.figures:
                yield by_contact_point, table.title, figure.label, table.title, figure
            yield by_contact_point, table.title, everyone, table.title, table.total


# The key figures: (table key, row) of the first page and of the per contact point table.
KEY_FIGURES = [
    ("groups", 0),  # active groups at year end
    ("groups", 1),  # in founding at year end
    ("groups", 2),  # founded in the year
    ("inquiries", 0),  # inquiries
    ("events", 0),  # events held
    ("events", 2),  # persons who attended
]


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

    def sections(member_ids: list[int], key_figures_only=False) -> list[Section]:
        now, before = (
            sections_for(
                member_ids,
                y,
                [g for g in states[y] if g["contact_point_id"] in member_ids],
                key_figures_only,
            )
            for y in (year, year - 1)
        )
        return [merge(current, previous) for current, previous in zip(now, before, strict=True)]

    report = Report(contact_point, family, year, sections(ids))
    if len(family) > 1:
        for member in family:
            member_report = Report(member, [member], year, sections([member.pk], True))
            report.breakdown.append((member, member_report.key_figures))
    report.saved_text = ReportText.objects.filter(contact_point=contact_point, year=year).first()
    report.text = report.saved_text.text if report.saved_text else default_text(report)
    return report


def names_of(contact_points: list[ContactPoint]) -> str:
    """The names as a list in running text: "A, B and C" ("A, B und C")."""
    return str(get_text_list([str(cp) for cp in contact_points], _("and")))


def default_text(report: Report) -> str:
    """The first page's text until the staff write their own: the key figures in words, one
    sentence each, naming the contact point or the contact points it covers. The number of
    contact points chooses the sentences (by their context), each figure its singular or
    plural; a name stands in quotes or in parentheses, so that it reads right with or
    without an article of its own ("die Kontaktstelle „K.I.S.S. Kreis Unna“")."""
    groups, founding, founded, inquiries, events, attended = report.key_figures
    covered = report.contact_points
    values = {
        "year": report.year,
        "previous_year": report.year - 1,
        "name": report.contact_point,
        "number": len(covered),
        "names": report.covered_names,
        "groups": groups.value_text,
        "founding": founding.value_text,
        "founded": founded.value_text,
        "inquiries": inquiries.value_text,
        "previous_inquiries": inquiries.previous_text,
        "events": events.value_text,
        "attended": attended.value_text,
    }
    if len(covered) > 1:
        sentences = [
            npgettext(
                "annual report text, several contact points",
                "The %(number)s contact points (%(names)s) answered %(inquiries)s inquiry "
                "(%(previous_year)s: %(previous_inquiries)s).",
                "The %(number)s contact points (%(names)s) answered %(inquiries)s inquiries "
                "(%(previous_year)s: %(previous_inquiries)s).",
                inquiries.value,
            ),
            npgettext(
                "annual report text, several contact points",
                "At the end of %(year)s they supported %(groups)s active self-help group.",
                "At the end of %(year)s they supported %(groups)s active self-help groups.",
                groups.value,
            ),
            _(
                "Groups in founding at the end of the year: %(founding)s; founded in the "
                "year: %(founded)s."
            ),
            npgettext(
                "annual report text, several contact points",
                "Together they held %(events)s event.",
                "Together they held %(events)s events.",
                events.value,
            ),
        ]
    else:
        sentences = [
            npgettext(
                "annual report text, one contact point",
                "The contact point “%(name)s” answered %(inquiries)s inquiry "
                "(%(previous_year)s: %(previous_inquiries)s).",
                "The contact point “%(name)s” answered %(inquiries)s inquiries "
                "(%(previous_year)s: %(previous_inquiries)s).",
                inquiries.value,
            ),
            npgettext(
                "annual report text, one contact point",
                "At the end of %(year)s it supported %(groups)s active self-help group.",
                "At the end of %(year)s it supported %(groups)s active self-help groups.",
                groups.value,
            ),
            _(
                "Groups in founding at the end of the year: %(founding)s; founded in the "
                "year: %(founded)s."
            ),
            npgettext(
                "annual report text, one contact point",
                "It held %(events)s event.",
                "It held %(events)s events.",
                events.value,
            ),
        ]
    if events.value:
        sentences.append(
            ngettext(
                "In all, %(attended)s person took part.",
                "In all, %(attended)s persons took part.",
                attended.value,
            )
        )
    return " ".join(sentence % values for sentence in sentences)


def merge(current: Section, previous: Section) -> Section:
    """``current`` with each row's previous-year value filled in from ``previous``. Rows that
    come and go with the data (topics) are the union of both years."""
    for table, old_table in zip(current.tables, previous.tables, strict=True):
        before = {figure.label: figure.value for figure in old_table.figures}
        for figure in table.figures:
            figure.previous = before.pop(figure.label, 0)
        # Labels only the year before had (a topic nobody asked about this year).
        table.figures += [
            Figure(label, 0, value, old_table.figures[0].unit) for label, value in before.items()
        ]
        if table.sort_by_value:
            # Most frequent first; "without a topic" stays the last row.
            table.figures.sort(
                key=lambda f: (f.label == WITHOUT_TOPIC, -f.value, -f.previous, f.label.lower())
            )
        if table.total:
            table.total.previous = old_table.total.value
    return current


def sections_for(
    contact_point_ids: list[int], year: int, groups: list[dict], key_figures_only=False
) -> list[Section]:
    """The sections for ``year``; ``groups`` are these contact points' groups at year end.
    With ``key_figures_only`` the inquiries are only counted (see ``KEY_FIGURES``)."""
    return [
        group_figures(groups, year),
        inquiry_figures(contact_point_ids, year, headline_only=key_figures_only),
        event_figures(contact_point_ids, year),
    ]


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

    return Section(
        "groups",
        str(SECTION_TITLES["groups"]),
        [
            Table(
                "groups",
                _("Groups at year end and in the year"),
                [
                    Figure(_("Active groups at year end"), len(active)),
                    Figure(_("Groups in founding at year end"), len(founding)),
                    Figure(_("Groups founded in the year"), len(new)),
                    Figure(_("Groups ended in the year"), len(ended)),
                ],
                note=_("Paused groups count as active: the contact point still supports them."),
            ),
            totalled(
                "groups_by_format",
                _("Active groups by format"),
                [Figure(str(label), formats[value]) for value, label in Group.Format.choices],
                _("Active groups"),
            ),
            Table(
                "groups_at_sites",
                _("Active groups meeting at the contact point's sites"),
                [
                    Figure(_("Groups meeting at the sites"), len(at_own_site)),
                    Figure(
                        _("Share of the active groups"),
                        percent(len(at_own_site), len(active)),
                        unit="percent",
                    ),
                ],
            ),
            Table(
                "groups_by_category",
                _("Active groups by topic category"),
                [Figure(str(label), categories[value]) for value, label in Topic.Category.choices],
                note=_("A group with topics in two categories counts in both."),
                chart=True,
            ),
        ],
    )


# Inquiries


def inquiry_figures(
    contact_point_ids: list[int], year: int, headline_only: bool = False
) -> Section:
    """The inquiries of the year; with ``headline_only`` just the first table (the key
    figures of one contact point in a coordinator's report need no more)."""
    inquiries = Inquiry.objects.in_year(year).filter(contact_point__in=contact_point_ids)
    # Founding interests from the website leave an anonymous inquiry that outlives them; a
    # group joined or founded from one is among its referred groups.
    interests = inquiries.filter(origin=Inquiry.Origin.FOUNDING_INTEREST)
    founded = (
        Group.objects.filter(referrals__in=interests, status=Group.Status.ACTIVE).distinct().count()
    )
    headline = Table(
        "inquiries",
        _("Inquiries in the year"),
        [
            Figure(_("Inquiries"), inquiries.count(), unit="inquiries"),
            Figure(
                _("Founding interests received through the website"),
                interests.count(),
                unit="inquiries",
            ),
            Figure(_("Groups now meeting with people from these interests"), founded),
        ],
    )
    section = Section("inquiries", str(SECTION_TITLES["inquiries"]), [headline])
    if headline_only:
        return section

    def counted(column: str) -> dict:
        return dict(inquiries.order_by().values_list(column).annotate(n=Count("pk")))

    by_channel, by_person, by_month = counted("channel"), counted("person"), counted("date__month")
    by_category = dict(
        inquiries.filter(topics__isnull=False)
        .order_by()
        .values_list("topics__category")
        .annotate(n=Count("pk", distinct=True))
    )
    by_topic = list(
        inquiries.filter(topics__isnull=False)
        .order_by()
        .values_list("topics__name")
        .annotate(n=Count("pk"))
    )
    without_topic = inquiries.filter(topics__isnull=True).count()
    outcome_counts = {
        value: inquiries.filter(outcomes__contains=[value]).count()
        for value, _label in Inquiry.Outcome.choices
    }

    def rows(counts: dict, choices) -> list[Figure]:
        return [
            Figure(str(label), counts.get(value, 0), unit="inquiries") for value, label in choices
        ]

    several = _("An inquiry can have several topics; the rows do not add up.")
    all_inquiries = _("All inquiries")
    section.tables += [
        totalled(
            "inquiries_by_channel",
            _("Inquiries by channel"),
            rows(by_channel, Inquiry.Channel.choices),
            all_inquiries,
            chart=True,
        ),
        totalled(
            "inquiries_by_person",
            _("Inquiries by who asked"),
            rows(by_person, Inquiry.Person.choices),
            all_inquiries,
        ),
        Table(
            "inquiries_by_outcome",
            _("Inquiries by outcome"),
            rows(outcome_counts, Inquiry.Outcome.choices),
            note=_("An inquiry can have several outcomes; the rows do not add up."),
        ),
        totalled(
            "inquiries_by_month",
            _("Inquiries by month"),
            [
                Figure(str(MONTHS_3[month]).capitalize(), by_month.get(month, 0), unit="inquiries")
                for month in range(1, 13)
            ],
            all_inquiries,
            chart=True,
        ),
        Table(
            "inquiries_by_category",
            _("Inquiries by topic category"),
            rows(by_category, Topic.Category.choices),
            note=_("An inquiry with topics in two categories counts in both."),
        ),
        Table(
            "inquiries_by_topic",
            _("Inquiries by topic"),
            [
                *[Figure(name, n, unit="inquiries") for name, n in by_topic],
                Figure(str(WITHOUT_TOPIC), without_topic, unit="inquiries"),
            ],
            note=several,
            chart=True,
            chart_rows=10,
            sort_by_value=True,
        ),
    ]
    return section


WITHOUT_TOPIC = gettext_lazy("Without a topic")


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
        .prefetch_related("topics")
    )
    events = list(held)
    kinds = Counter(event.kind for event in events)
    topics = Counter(topic.name for event in events for topic in event.topics.all())
    online = sum(1 for event in events if event.is_online)
    return Section(
        "events",
        str(SECTION_TITLES["events"]),
        [
            Table(
                "events",
                _("Events held in the year"),
                [
                    Figure(_("Events held"), len(events), unit="events"),
                    Figure(
                        _("Registered persons"),
                        sum(event.confirmed_persons for event in events),
                        unit="persons",
                    ),
                    Figure(
                        _("Participants who attended"),
                        sum(event.attended_persons for event in events),
                        unit="persons",
                    ),
                    Figure(
                        _("Share of online events"),
                        percent(online, len(events)),
                        unit="percent",
                    ),
                ],
                note=_("Held: begun in the year and not cancelled."),
            ),
            totalled(
                "events_by_kind",
                _("Events held by kind"),
                [
                    Figure(str(label), kinds[value], unit="events")
                    for value, label in Event.Kind.choices
                ],
                _("All events held"),
                chart=True,
            ),
            Table(
                "events_by_topic",
                _("Events held by topic"),
                [
                    *[Figure(name, n, unit="events") for name, n in topics.items()],
                    Figure(
                        str(WITHOUT_TOPIC),
                        sum(1 for event in events if not event.topics.all()),
                        unit="events",
                    ),
                ],
                note=_("An event can have several topics; the rows do not add up."),
                sort_by_value=True,
            ),
        ],
    )


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0
