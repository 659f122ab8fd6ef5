"""Files for staff: the annual report as CSV, XLSX or PDF, and the printed directory of
groups (Selbsthilfe-Wegweiser) as PDF. PDFs are laid out by the Typst files in
templates/typst/; all text reaches them as JSON data, never as markup (docs/decisions.md
says why Typst)."""

import json
from collections import defaultdict

import typst
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from contactpoints.charts import bar_chart
from contactpoints.models import ContactPoint
from contactpoints.report_workbook import report_xlsx
from contactpoints.reports import Figure, Report, Table
from groups.districts import district_named
from groups.models import Group, Place, Topic
from groups.search.vocabulary import normalize, place_key
from selbsthilfe import spreadsheets
from selbsthilfe.slugs import german_slugify

TEMPLATES = settings.BASE_DIR / "templates" / "typst"
REPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def report_file(report: Report, extension: str) -> tuple[bytes, str]:
    """The report as a file of ``extension`` (csv, xlsx or pdf), and its content type."""
    if extension == "csv":
        content = report_csv(report)
    elif extension == "xlsx":
        content = report_xlsx(report)
    elif extension == "pdf":
        content = report_pdf(report)
    else:
        raise ValueError(f"Unknown report format: {extension}")
    return content, REPORT_FORMATS[extension]


def report_csv(report: Report) -> bytes:
    """One row per figure: section, table, whom it covers, figure, unit, the year, the year
    before and the change (for a share in percentage points)."""
    header = [
        _("Section"),
        _("Table"),
        _("Contact point"),
        _("Figure"),
        _("Unit"),
        str(report.year),
        str(report.year - 1),
        pgettext("year-on-year", "Change"),
        _("Unit of the change"),
    ]
    rows = [
        [
            section,
            table,
            covers,
            label,
            figure.unit_label,
            figure.value,
            figure.previous,
            figure.change,
            figure.change_unit_label,
        ]
        for section, table, covers, label, figure in report.rows()
    ]
    return spreadsheets.write_csv([header, *rows])


def compile_pdf(template: str, data: dict) -> bytes:
    return typst.compile(str(TEMPLATES / template), sys_inputs={"data": json.dumps(data)})


def contact_details(contact_point: ContactPoint, *, address: bool = True) -> str:
    """The contact point's address (of its first site), phone and email, joined by " · ";
    without the address for a line under a group."""
    site = contact_point.sites.order_by("pk").first()
    parts = [contact_point.email]
    if site:
        parts = [
            f"{site.street}, {site.postcode} {site.town}" if address else "",
            site.phone,
            *parts,
        ]
    return " · ".join(part for part in parts if part)


def report_pdf(report: Report) -> bytes:
    return compile_pdf("annual_report.typ", report_pdf_data(report))


def report_pdf_data(report: Report) -> dict:
    """What ``templates/typst/annual_report.typ`` prints, as the data it reads."""
    year = report.year
    first, last = report.period

    def figure(f: Figure) -> dict:
        return {
            "label": f.label,
            "unit": f.unit_label,
            "value_unit": f.value_unit_label,
            "value": f.value_text,
            "previous": f.previous_text,
            "change": f.change_text,
        }

    def table(t: Table, chart=True) -> dict:
        figures, note = t.printed_figures, t.note
        if len(figures) < len(t.figures):
            note = " ".join(filter(None, [note, _("The XLSX and CSV files list every topic.")]))
        return {
            "title": t.title,
            "figures": [figure(f) for f in figures],
            "total": figure(t.total) if t.total else None,
            "note": note,
            "chart": str(bar_chart(t.chart_title, t.bars, year)) if chart and t.chart else None,
        }

    return {
        "lang": translation.get_language() or "de",
        "title": report.title,
        "footer": f"{report.contact_point.name} · {year}",
        "year": str(year),
        "previous_year": str(year - 1),
        "period": _("Period: %(first)s to %(last)s")
        % {"first": formats.date_format(first), "last": formats.date_format(last)},
        "contact_point": {
            "name": report.contact_point.name,
            "address": contact_details(report.contact_point),
        },
        "coverage": (
            ngettext(
                "The figures cover %(count)s contact point: %(names)s.",
                "The figures cover %(count)s contact points: %(names)s.",
                len(report.contact_points),
            )
            % {"count": len(report.contact_points), "names": report.covered_names}
            # The report's own text names them already.
            if len(report.contact_points) > 1 and report.saved_text
            else ""
        ),
        "text": report.text,
        "key_figures": [figure(f) for f in report.key_figures],
        "labels": {
            "figure": _("Figure"),
            "unit": _("Unit"),
            "change": pgettext("year-on-year", "Change"),
            "key_figures": _("Key figures"),
            "breakdown": _("By contact point"),
            "contact_point": _("Contact point"),
            "legend": _(
                "Change: the difference from the previous year; for shares in percentage "
                "points (pp)."
            ),
        },
        "sections": [
            {"title": section.title, "tables": [table(t) for t in section.tables]}
            for section in report.sections
        ],
        "breakdown": [table(t, chart=False) for t in report.breakdown_tables],
    }


# The printed directory


def group_lines(group: Group, reach: dict[int, str]) -> list[str]:
    """What the directory prints of a group, under its privacy settings: the meeting place
    only when public, and the contact point instead of the group when contact goes through
    it."""
    lines = []
    if group.format == Group.Format.ONLINE:
        lines.append(_("Online"))
    elif group.shows_meeting_place and (group.street or group.meeting_site):
        place = group.meeting_site if group.meeting_site and not group.street else group
        lines.append(f"{place.street}, {place.postcode} {place.town}")
    else:
        lines.append(_("%(town)s (meeting place on request)") % {"town": group.town_name})
    if schedule := group.schedule_text:
        lines.append(schedule[:1].upper() + schedule[1:])
    if group.reached_directly:
        contact = " · ".join(part for part in (group.public_phone, group.public_email) if part)
        lines.append(_("Contact: %(contact)s") % {"contact": contact})
    else:
        lines.append(
            _("Contact through the contact point “%(name)s”: %(reach)s")
            % {"name": group.contact_point, "reach": reach[group.contact_point_id]}
        )
    return lines


def directory_pdf(contact_point: ContactPoint, family=None, arrangement: str = "topic") -> bytes:
    """All listed groups of ``family`` (by default ``contact_point`` and those below it),
    arranged by topic category and topic (with a topic index) or by region: district and
    town, online groups last. A table of contents with page numbers opens both."""
    if family is None:
        family = ContactPoint.objects.with_descendants_of(contact_point)
    reach = {member.pk: contact_details(member, address=False) for member in family}
    groups = list(
        Group.objects.public()
        .filter(contact_point__in=family)
        .select_related("contact_point", "meeting_site")
        .prefetch_related("topics")
        .order_by("name")
    )
    if arrangement == "region":
        chapters, index = by_region(groups, reach), []
    else:
        chapters, index = by_topic(groups, reach)
    title = _("Self-help directory")
    data = {
        "lang": translation.get_language() or "de",
        "title": str(title),
        "footer": f"{title} · {contact_point.name}",
        "contact_point": {"name": contact_point.name, "address": contact_details(contact_point)},
        "intro": _(
            "Self-help groups are free of charge, confidential and open to everyone "
            "concerned. Where no meeting place is printed, the contact point tells you."
        ),
        "as_of": _("As of %(date)s") % {"date": formats.date_format(timezone.localdate())},
        "arranged": (
            _("Arranged by district and town")
            if arrangement == "region"
            else _("Arranged by topic")
        ),
        "labels": {"contents": _("Contents"), "index": _("Topics A–Z")},
        "chapters": chapters,
        "index": index,
        "empty": _("No listed groups.") if not groups else "",
    }
    return compile_pdf("directory.typ", data)


def printed_group(group: Group, reach: dict[int, str], with_topics=False) -> dict:
    lines = group_lines(group, reach)
    if with_topics:
        topics = ", ".join(sorted(topic.name for topic in group.topics.all()))
        if topics:
            lines.insert(0, _("Topics: %(topics)s") % {"topics": topics})
    return {"name": group.name, "lines": lines}


def by_topic(groups: list[Group], reach: dict[int, str]) -> tuple[list[dict], list[dict]]:
    """Chapters of topic categories with a section per topic; a group with two topics
    stands under both. And the topic index."""
    by_topic = defaultdict(list)
    for group in groups:
        for topic in group.topics.all():
            by_topic[topic].append(group)
    chapters = []
    for value, label in Topic.Category.choices:
        topics = sorted((t for t in by_topic if t.category == value), key=lambda t: t.name)
        if topics:
            chapters.append(
                {
                    "name": str(label),
                    "sections": [
                        {
                            "name": topic.name,
                            "key": f"topic-{topic.slug}",
                            "groups": [printed_group(g, reach) for g in by_topic[topic]],
                        }
                        for topic in topics
                    ],
                }
            )
    index = [
        {"name": topic.name, "key": f"topic-{topic.slug}"}
        for topic in sorted(by_topic, key=lambda t: t.name.lower())
    ]
    return chapters, index


def by_region(groups: list[Group], reach: dict[int, str]) -> list[dict]:
    """Chapters of districts under their official names ("Landkreis Zwickau", "Kreisfreie
    Stadt Dresden"), filed by the place's name as a German index files them, with a section
    per town; online groups in a chapter of their own at the end. Each group shows its
    topics. The district comes from the postcode list's place of the group's postcode and
    town (``groups/districts.py`` names it); a group whose place is not known stands under its
    town."""

    def postcode(group: Group) -> str:
        return group.postcode or (group.meeting_site.postcode if group.meeting_site else "")

    places = {}
    for code, name, district, state in (
        Place.objects.filter(postcode__in={postcode(g) for g in groups} - {""})
        .exclude(district="")
        .order_by("postcode", "pk")
        .values_list("postcode", "name", "district", "federal_state")
    ):
        # The place of that postcode and town, else the first place of the postcode.
        places.setdefault((code, place_key(name)), (district, state, name))
        places.setdefault((code, None), (district, state, name))

    def chapter_of(group: Group, town: str) -> tuple[str, tuple[str, str]]:
        """The chapter's heading and where it is filed."""
        code = postcode(group)
        place = places.get((code, place_key(town))) or places.get((code, None))
        if place and (district := district_named(*place)):
            return str(district), district.sort_key
        heading = place[0] if place else town
        return heading, (normalize(heading), normalize(heading))

    chapters_by_heading = defaultdict(lambda: defaultdict(list))
    filed_under = {}
    online = []
    for group in groups:
        if group.format == Group.Format.ONLINE:
            online.append(group)
            continue
        town = group.town_name or str(_("Town not given"))
        heading, sort_key = chapter_of(group, town)
        chapters_by_heading[heading][town].append(group)
        filed_under[heading] = sort_key
    chapters = [
        {
            "name": heading,
            "sections": [
                {
                    "name": town,
                    "key": f"region-{number}-{german_slugify(town)}",
                    "groups": [printed_group(g, reach, with_topics=True) for g in towns[town]],
                }
                for town in sorted(towns, key=normalize)
            ],
        }
        for number, (heading, towns) in enumerate(
            sorted(chapters_by_heading.items(), key=lambda item: filed_under[item[0]])
        )
    ]
    if online:
        chapters.append(
            {
                "name": str(_("Online groups")),
                "sections": [
                    {
                        "name": str(_("Meeting online")),
                        "key": "region-online",
                        "groups": [printed_group(g, reach, with_topics=True) for g in online],
                    }
                ],
            }
        )
    return chapters
