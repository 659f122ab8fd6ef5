"""Import and export of a contact point's group list as CSV or XLSX (docs/import-format.md).

An import is planned first (a dry run: per row what would be created, updated or rejected
and why) and then applied in one transaction; rows are validated again when applied, and
if any of them fails then, nothing is written.
"""

import datetime
import functools
import math
import re
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contactpoints.models import Site
from groups import hsds_import, import_files
from groups.history import record_history
from groups.import_files import ImportFileError, cell_text
from groups.models import Group, Topic
from groups.search.vocabulary import split_qualifier
from selbsthilfe.slugs import slug_base

# The columns, in order: header and Group field. Headers are German on purpose: they are the
# file format, the same whatever language the admin is shown in.
COLUMNS = [
    ("ID", "id"),
    ("Name", "name"),
    ("Kurzname", "slug"),
    ("Status", "status"),
    ("Themen", "topics"),
    ("Beschreibung", "description"),
    ("Zielgruppe", "audience"),
    ("Schwerpunkte", "focus"),
    ("Dachverband", "umbrella_organisation"),
    ("Mitglieder", "member_count"),
    ("Format", "format"),
    ("Rhythmus", "frequency"),
    ("Woche im Monat", "week_of_month"),
    ("Wochentag", "weekday"),
    ("Beginn", "starts_at"),
    ("Ende", "ends_at"),
    ("Bezugstermin", "reference_meeting_on"),
    ("Hinweis zu Terminen", "schedule_note"),
    ("Sprachen", "languages"),
    ("Stufenlos", "step_free"),
    ("Höranlage", "hearing_loop"),
    ("Gebärdensprache", "sign_language"),
    ("Standort der Kontaktstelle", "meeting_site"),
    ("Treffpunkt", "venue_name"),
    ("Straße", "street"),
    ("PLZ", "postcode"),
    ("Ort", "town"),
    ("Breitengrad", "latitude"),
    ("Längengrad", "longitude"),
    ("Treffpunkt öffentlich", "meeting_place_public"),
    ("Kontaktweg", "contact_mode"),
    ("E-Mail öffentlich", "public_email"),
    ("Telefon öffentlich", "public_phone"),
    ("Website", "website"),
    ("Ansprechperson", "contact_person"),
    ("E-Mail Ansprechperson", "contact_person_email"),
    ("Telefon Ansprechperson", "contact_person_phone"),
    ("Gegründet am", "founded_on"),
    ("Beendet am", "ended_on"),
    ("Nimmt neue Mitglieder auf", "accepting_members"),
    ("Öffentlich gelistet", "is_listed"),
    ("Einwilligung am", "consent_given_on"),
    ("Einwilligung durch", "consent_given_by"),
    ("Zuletzt geprüft", "last_verified_on"),
]
HEADERS = [header for header, _name in COLUMNS]
HEADER_OF = {name: header for header, name in COLUMNS}
RELATED_FIELDS = [field.name for field in Group._meta.fields if field.is_relation]
WRITTEN_FIELDS = [
    field.name for field in Group._meta.concrete_fields if field.editable and not field.primary_key
] + ["updated_at"]
LIST_SEPARATOR = "; "
YES, NO = "ja", "nein"
TRUE_WORDS = {"ja", "j", "yes", "y", "x", "1", "true", "wahr"}
FALSE_WORDS = {"nein", "n", "no", "0", "false", "falsch", ""}


# Export


def export_rows(groups, typed: bool = False):
    """The header and one row of display values per group, as the import reads them; with
    ``typed`` (a spreadsheet) dates and times stay dates and times, else they are text."""
    groups = groups.select_related("meeting_site").prefetch_related("topics").order_by("name")
    with translation.override("de"):
        yield HEADERS
        for group in groups:
            yield [_export_value(group, name, typed) for _header, name in COLUMNS]


def _export_value(group, name, typed=False):
    if name == "topics":
        return LIST_SEPARATOR.join(topic.name for topic in group.topics.all())
    if name == "meeting_site":
        return group.meeting_site.name if group.meeting_site else ""
    model_field = Group._meta.get_field(name)
    value = getattr(group, name)
    if value is None:
        return ""
    if isinstance(model_field, models.BooleanField):
        return YES if value else NO
    if getattr(model_field, "base_field", None) is not None:  # focus, languages
        labels = dict(model_field.base_field.choices)
        return LIST_SEPARATOR.join(str(labels.get(item, item)) for item in value)
    if model_field.choices:
        return str(dict(model_field.choices).get(value, value))
    if typed:
        return value
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return value


# Reading a file


def read_table(uploaded) -> list[dict]:
    """The rows of an uploaded CSV or XLSX file as dicts by header (first row); an Open
    Referral HSDS package (ZIP) or JSON file is read as such rows (``groups.hsds_import``).
    Files beyond the bounds of ``groups.import_files`` are refused while reading."""
    import_files.check_upload_size(uploaded)
    name = (uploaded.name or "").lower()
    content = uploaded.read()
    if content[:2] == b"PK" or name.endswith((".xlsx", ".zip")):
        with import_files.open_archive(content) as archive:
            if hsds_import.is_hsds_package(archive):
                return hsds_import.rows_from_package(archive)
        rows = import_files.xlsx_rows(content)
    elif name.endswith(".json"):
        return hsds_import.rows_from_json(content)
    elif name.endswith((".csv", ".txt")) or not name:
        rows = import_files.csv_rows(content)
    else:
        raise ImportFileError(_("Please upload a CSV or XLSX file."))
    return import_files.table_records(rows, HEADERS)


def split_list(text: str) -> list[str]:
    """The items of a list cell or field: separated by ";" or ",", blanks dropped."""
    return [item.strip() for item in re.split(r"[;,]", text) if item.strip()]


# Planning and applying an import


@dataclass
class RowPlan:
    line: int
    action: str  # "create", "update" or "reject"
    name: str
    errors: list[str] = field(default_factory=list)
    group: Group | None = None
    topics: list[Topic] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    written: bool = False

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in ("create", "update", "reject")}

    @property
    def accepted(self) -> list[RowPlan]:
        return [row for row in self.rows if row.action != "reject"]


def plan_import(rows: list[dict], contact_point) -> ImportPlan:
    """What importing ``rows`` for ``contact_point`` would do, row by row; writes nothing.

    Its queries do not grow with the rows: what rows refer to (groups, sites, topics, slugs)
    is read for all of them at once, and a group's uniqueness (its slug) is checked here in
    memory rather than by ``full_clean``.
    """
    own = Group.objects.filter(contact_point=contact_point).prefetch_related("topics")
    by_id = {group.pk: group for group in own.filter(pk__in=_ids(rows))}
    by_name = {
        (_key(group.name), group.postcode): group
        for group in own.exclude(status=Group.Status.ENDED).filter(
            postcode__in={cell_text(row.get("PLZ")) for row in rows}
        )
    }
    sites = {_key(site.name): site for site in Site.objects.filter(contact_point=contact_point)}
    topic_names = [name for row in rows for name in split_list(cell_text(row.get("Themen")))]
    # (and without a qualifier: "Depression (Angehörige)" is the topic Depression)
    topics = Topic.objects.by_names(
        [*topic_names, *(split_qualifier(name)[0] for name in topic_names)]
    )
    slugs = _Slugs(rows)
    seen = set()
    plans = []
    with translation.override("de"):
        for row in rows:
            plan = _plan_row(row, contact_point, by_id, by_name, sites, topics, slugs)
            group = plan.group
            key = ("id", group.pk) if group.pk else ("new", _key(plan.name), group.postcode)
            if plan.action != "reject" and key in seen:
                plan.action = "reject"
                plan.errors.append(_("The same group appears twice in the file."))
            seen.add(key)
            if plan.action != "reject":
                slugs.claim(group.slug, plan)
            plans.append(plan)
    return ImportPlan(plans)


class _Slugs:
    """The slugs of a plan: unique among the database's and among the plan's accepted
    rows, from one query for the slugs the file names or its names would give."""

    def __init__(self, rows):
        candidates = {cell_text(row.get("Kurzname")) for row in rows} | {
            slug_base(cell_text(row.get("Name")) or "gruppe") for row in rows
        }
        # slug → the group's pk, or ("new", id(plan)) for a new group of this file
        self.owners = dict(Group.objects.filter(slug__in=candidates).values_list("slug", "pk"))
        self.numbered = {}  # base → the last number tried

    def choose(self, group, plan) -> str:
        """The group's slug if no other group has it, else one made from its name."""
        owner = group.pk or ("new", id(plan))
        if group.slug and self.owners.get(group.slug, owner) == owner:
            return group.slug
        base = slug_base(group.name or "gruppe")
        if self.owners.get(base, owner) == owner:
            return base
        if base not in self.numbered:  # (rare: a name given before; one query per name)
            self.numbered[base] = 1
            numbered = Group.objects.filter(slug__startswith=f"{base}-")
            for slug, pk in numbered.values_list("slug", "pk"):
                self.owners.setdefault(slug, pk)
        while True:
            self.numbered[base] += 1
            slug = f"{base}-{self.numbered[base]}"
            if self.owners.get(slug, owner) == owner:
                return slug

    def claim(self, slug: str, plan) -> None:
        self.owners[slug] = plan.group.pk or ("new", id(plan))


def _plan_row(row, contact_point, by_id, by_name, sites, topics, slugs) -> RowPlan:
    name = cell_text(row.get("Name"))
    plan = RowPlan(line=row.get("_line", 0), action="create", name=name)
    raw_id = cell_text(row.get("ID"))
    group = None
    if raw_id:
        if not raw_id.isdigit():
            plan.errors.append(_("ID: “%(value)s” is not a number.") % {"value": raw_id})
        group = by_id.get(int(raw_id)) if raw_id.isdigit() else None
    if group is None:
        group = by_name.get((_key(name), cell_text(row.get("PLZ"))))
    if group is not None:
        plan.action = "update"
        original = {header: _compared(group, name_) for header, name_ in COLUMNS[1:]}
        original["Themen"] = {topic.pk for topic in group.topics.all()}
    else:
        group = Group(contact_point=contact_point)
        original = None
    group.contact_point = contact_point
    for header, name_ in COLUMNS[1:]:
        if header not in row or name_ == "topics":
            continue
        if not cell_text(row[header]) and _keeps_value_when_empty(name_):
            continue
        try:
            value = _parse(name_, cell_text(row[header]), sites)
        except ValidationError as error:
            plan.errors.extend(f"{header}: {message}" for message in error.messages)
            continue
        setattr(group, name_, value)
    named = []  # whom the topics' qualifiers name
    for topic_name in split_list(cell_text(row.get("Themen"))):
        topic = topics.get(topic_name)
        if topic is None:
            name, who = split_qualifier(topic_name)
            topic = topics.get(name) if who else None
            if topic is not None:
                named.append(who)
        if topic is None:
            plan.errors.append(_("Themen: unknown topic “%(name)s”.") % {"name": topic_name})
        elif topic not in plan.topics:
            plan.topics.append(topic)
    _set_who(group, named, audience_given=bool(cell_text(row.get("Zielgruppe"))))
    group.slug = slugs.choose(group, plan)
    try:
        # Without a query per row: the slug is unique by the choice above; the related
        # objects are this contact point, its sites and the group's own organisation; the
        # database's check constraints are Group.clean()'s and the fields' validators
        # again (with the messages users understand). Any constraint added to the model
        # without them still holds when the import writes, which then fails as a whole.
        group.full_clean(
            exclude=["topics", *RELATED_FIELDS, *_fields_with_errors(plan)],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            if field_name == NON_FIELD_ERRORS:  # (about several columns)
                plan.errors.extend(messages)
                continue
            header = HEADER_OF.get(field_name, field_name)
            plan.errors.extend(f"{header}: {message}" for message in messages)
    if original is not None:
        now = {header: _compared(group, name_) for header, name_ in COLUMNS[1:]}
        now["Themen"] = {topic.pk for topic in plan.topics}
        plan.changed = [header for header in now if now[header] != original[header]]
    plan.group = group
    if plan.errors:
        plan.action = "reject"
    return plan


def _set_who(group: Group, named: list[str], *, audience_given: bool) -> None:
    """What the qualifiers of a row's topics say of whom the group is for: its audience
    (both when they name both), unless the row's "Zielgruppe" says it or the group is for
    both already; each focus they name is added."""
    audiences = {who for who in named if who in Group.Audience.values}
    if audiences and not audience_given and group.audience != Group.Audience.BOTH:
        group.audience = audiences.pop() if len(audiences) == 1 else Group.Audience.BOTH
    for who in named:
        if who not in Group.Audience.values and who not in group.focus:
            group.focus = [*group.focus, who]


def _keeps_value_when_empty(name: str) -> bool:
    """An empty cell leaves a required choice or a yes/no as it is (or its default)."""
    model_field = Group._meta.get_field(name)
    return isinstance(model_field, models.BooleanField) or (
        bool(model_field.choices) and not model_field.null
    )


def _compared(group, name):
    if name == "topics":
        return None
    return getattr(group, Group._meta.get_field(name).attname)


def _fields_with_errors(plan):
    headers = {error.split(":", 1)[0] for error in plan.errors}
    return [field_name for header, field_name in COLUMNS if header in headers]


def _parse(name: str, text: str, sites):
    model_field = Group._meta.get_field(name)
    if name == "meeting_site":
        if not text:
            return None
        site = sites.get(_key(text))
        if site is None:
            raise ValidationError(_("unknown site “%(value)s” of this contact point."),
                                  params={"value": text})  # fmt: skip
        return site
    if isinstance(model_field, models.BooleanField):
        if text.lower() in TRUE_WORDS:
            return True
        if text.lower() in FALSE_WORDS:
            return False
        raise ValidationError(_("“%(value)s” is not ja or nein."), params={"value": text})
    if getattr(model_field, "base_field", None) is not None:
        return [_choice(model_field.base_field, part) for part in split_list(text)]
    if model_field.choices:
        return _choice(model_field, text) if text else None
    if not text:
        return None if model_field.null else ""
    if isinstance(model_field, models.DateField):
        return _date(text)
    if isinstance(model_field, models.TimeField):
        return _time(text)
    if isinstance(model_field, models.FloatField):
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            number = math.nan
        if not math.isfinite(number):  # ("nan" passes the range validators)
            raise ValidationError(_("“%(value)s” is not a number."), params={"value": text})
        return number
    if isinstance(model_field, models.IntegerField):
        if not re.fullmatch(r"\d+", text):
            raise ValidationError(_("“%(value)s” is not a whole number."), params={"value": text})
        return int(text)
    return text


def _choice(model_field, text):
    """A choice by its value or its label in German or English, case-insensitive."""
    value = _choices_by_text(model_field).get(text.casefold())
    if value is None:
        options = ", ".join(str(label) for _value, label in model_field.choices)
        raise ValidationError(
            _("“%(value)s” is not one of: %(options)s."),
            params={"value": text, "options": options},
        )
    return value


@functools.cache
def _choices_by_text(model_field) -> dict:
    by_text = {}
    for language in ("en", "de"):
        with translation.override(language):
            for value, label in model_field.choices:
                by_text[str(label).casefold()] = value
    return by_text | {str(value).casefold(): value for value, _label in model_field.choices}


def _date(text):
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("“%(value)s” is not a date like 24.11.2026."), params={"value": text})


def _time(text):
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?(?:\s*Uhr)?", text, re.IGNORECASE)
    if match and int(match[1]) < 24 and int(match[2] or 0) < 60:
        return datetime.time(int(match[1]), int(match[2] or 0))
    raise ValidationError(_("“%(value)s” is not a time like 19:00."), params={"value": text})


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def _ids(rows):
    return [int(cell_text(row.get("ID"))) for row in rows if cell_text(row.get("ID")).isdigit()]


@transaction.atomic
def apply_import(
    rows: list[dict], contact_point, *, reason: str, user=None, leave_out_rejected=True
) -> ImportPlan:
    """Plan ``rows`` again and write the accepted ones, all or nothing; the plan says
    whether it was ``written``.

    Rows rejected by the plan are left out (the user saw them in the dry run), or, without
    ``leave_out_rejected``, nothing is written if there are any. A row that fails while
    being written rolls everything back. The groups are written in bulk, then their topics,
    their history records (one per group, with its topics, ``user`` and ``reason``, as
    django-simple-history records a save) and their search columns.
    """
    plan = plan_import(rows, contact_point)
    if plan.count("reject") and not leave_out_rejected:
        return plan
    # (The same file again changes nothing, not even the history.)
    written = [row for row in plan.accepted if row.action == "create" or row.changed]
    created = [row.group for row in written if row.action == "create"]
    changed = [row.group for row in written if row.action == "update"]
    now = timezone.now()
    Group.objects.bulk_create(created, batch_size=500)
    for group in changed:
        group.updated_at = now  # (auto_now, which bulk_update leaves alone)
    Group.objects.bulk_update(changed, WRITTEN_FIELDS, batch_size=500)
    links = Group.topics.through
    links.objects.filter(group__in=changed).delete()
    links.objects.bulk_create(
        links(group_id=row.group.pk, topic_id=topic.pk) for row in written for topic in row.topics
    )
    for history_type, groups in (("+", created), ("~", changed)):
        if groups:
            ids = [group.pk for group in groups]
            record_history(Group.history.model, ids, history_type=history_type, reason=reason,
                           user=user, date=now)  # fmt: skip
    Group.objects.filter(pk__in=[row.group.pk for row in written]).refresh_search_index()
    plan.written = True
    return plan
