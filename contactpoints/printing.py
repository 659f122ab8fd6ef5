"""Files for staff: the annual report as CSV, XLSX or PDF, and the printed directory of
groups (Selbsthilfe-Wegweiser) as PDF. PDFs are laid out by the Typst files in
templates/typst/; all text reaches them as JSON data, never as markup (docs/decisions.md
says why Typst)."""

import json
from collections import defaultdict

import typst
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from contactpoints.charts import bar_chart
from contactpoints.models import ContactPoint
from contactpoints.reports import Report
from groups.models import Group, Topic
from selbsthilfe import spreadsheets

TEMPLATES = settings.BASE_DIR / "templates" / "typst"
REPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def report_file(report: Report, extension: str) -> tuple[bytes, str]:
    """The report as a file of ``extension`` (csv, xlsx or pdf), and its content type."""
    year = report.year
    if extension == "csv":
        header = [_("Section"), _("Figure"), str(year), str(year - 1)]
        content = spreadsheets.write_csv([header, *report.rows()])
    elif extension == "xlsx":
        sheets = {
            section.title: [
                [_("Figure"), str(year), str(year - 1)],
                *[[f.label, f.value, f.previous] for f in section.figures],
            ]
            for section in report.sections
        }
        if report.breakdown:
            sheets[_("By contact point")] = [
                [_("Contact point"), *[f.label for f in report.breakdown[0][1]]],
                *[[str(cp), *[f.value for f in figures]] for cp, figures in report.breakdown],
            ]
        content = spreadsheets.write_xlsx_sheets(sheets)
    elif extension == "pdf":
        content = report_pdf(report)
    else:
        raise ValueError(f"Unknown report format: {extension}")
    return content, REPORT_FORMATS[extension]


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
    year = report.year
    breakdown_labels = (
        [figure.label for figure in report.breakdown[0][1]] if report.breakdown else []
    )
    data = {
        "title": report.title,
        "footer": f"{report.contact_point.name} · {year}",
        "year": str(year),
        "previous_year": str(year - 1),
        "contact_point": {
            "name": report.contact_point.name,
            "address": contact_details(report.contact_point),
        },
        "coverage": (
            _("The figures cover %(names)s.")
            % {"names": ", ".join(str(cp) for cp in report.contact_points)}
            if len(report.contact_points) > 1
            else ""
        ),
        "labels": {
            "figure": _("Figure"),
            "change": _("Change"),
            "breakdown": _("By contact point"),
            "contact_point": _("Contact point"),
        },
        "sections": [
            {
                "title": section.title,
                "figures": [
                    {
                        "label": figure.label,
                        "value": f"{figure.value}{figure.unit}",
                        "previous": f"{figure.previous}{figure.unit}",
                        "change": f"{figure.change:+d}" if figure.change else "0",
                    }
                    for figure in section.figures
                ],
                "charts": [str(bar_chart(title, bars, year)) for title, bars in section.charts],
            }
            for section in report.sections
        ],
        "breakdown_labels": breakdown_labels,
        "breakdown": [
            {"name": str(cp), "values": [f"{f.value} ({f.previous})" for f in figures]}
            for cp, figures in report.breakdown
        ],
    }
    return compile_pdf("annual_report.typ", data)


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
            _("Contact through %(name)s: %(reach)s")
            % {"name": group.contact_point, "reach": reach[group.contact_point_id]}
        )
    return lines


def directory_pdf(contact_point: ContactPoint, family=None) -> bytes:
    """All listed groups of ``family`` (by default ``contact_point`` and those below it), by
    topic category and topic, with a topic index."""
    if family is None:
        family = ContactPoint.objects.with_descendants_of(contact_point)
    reach = {member.pk: contact_details(member, address=False) for member in family}
    groups = (
        Group.objects.public()
        .filter(contact_point__in=family)
        .select_related("contact_point", "meeting_site")
        .prefetch_related("topics")
        .order_by("name")
    )
    by_topic = defaultdict(list)
    for group in groups:
        for topic in group.topics.all():
            by_topic[topic].append(group)
    categories = []
    for value, label in Topic.Category.choices:
        topics = sorted((t for t in by_topic if t.category == value), key=lambda t: t.name)
        if topics:
            categories.append(
                {
                    "name": str(label),
                    "topics": [
                        {
                            "name": topic.name,
                            "key": f"topic-{topic.slug}",
                            "groups": [
                                {"name": g.name, "lines": group_lines(g, reach)}
                                for g in by_topic[topic]
                            ],
                        }
                        for topic in topics
                    ],
                }
            )
    title = _("Self-help directory")
    data = {
        "title": str(title),
        "footer": f"{title} · {contact_point.name}",
        "contact_point": {"name": contact_point.name, "address": contact_details(contact_point)},
        "intro": _(
            "Self-help groups are free of charge, confidential and open to everyone "
            "concerned. Where no meeting place is printed, the contact point tells you."
        ),
        "as_of": _("As of %(date)s") % {"date": formats.date_format(timezone.localdate())},
        "labels": {"index": _("Topics A–Z")},
        "categories": categories,
        "index": [
            {"name": topic.name, "key": f"topic-{topic.slug}"}
            for topic in sorted(by_topic, key=lambda t: t.name.lower())
        ],
    }
    return compile_pdf("directory.typ", data)
