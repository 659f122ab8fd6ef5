"""Everything stored about a person, found by email address or phone number: exported
(Art. 15 GDPR) and erased (Art. 17 GDPR) by a superuser from the admin, each time logged
without the address.

What each model holds about a person, and what erasure does with it, is declared once in
``COVERED``; export, erasure and the counts on the confirmation page all read it. A model
with personal fields that is neither covered nor listed in ``NOT_COVERED`` (with the reason)
fails a test.
"""

import datetime
import enum
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Concat, Substr
from django.db.models.lookups import Exact, Regex
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from contactpoints.models import Message, MessageReply
from events.models import Registration, RegistrationEmail
from groups.models import FoundingInterest, Group, ReconfirmationRequest, Suggestion
from selbsthilfe.models import AccessibilityFeedback, PrivacyRequest

# Phone numbers


def phone_key(number: str) -> str:
    """A number as digits in international form without the plus, so that the ways Germans
    write one number compare equal: "0231 12 34 56", "0231/123456", "+49 231 123456",
    "0049 231 123456" and "+49 (0)231 123456" are all "49231123456". Numbers without an
    area code stay their digits. ``phone_key_in_database`` is the same in SQL."""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+"):
        key = digits
    elif digits.startswith("00"):
        key = digits[2:]
    elif digits.startswith("0"):
        key = "49" + digits[1:]
    else:
        key = digits
    return re.sub(r"^490", "49", key)  # the "(0)" some write after +49


class RegexpReplace(models.Func):
    function = "regexp_replace"
    output_field = models.CharField()


def phone_key_in_database(path: str) -> models.Expression:
    """``phone_key`` of the field at ``path``, computed by PostgreSQL."""
    digits = RegexpReplace(F(path), Value(r"\D"), Value(""), Value("g"))
    international = Case(
        When(Regex(F(path), Value(r"^\s*\+")), then=digits),
        When(Regex(digits, Value("^00")), then=Substr(digits, 3)),
        When(Regex(digits, Value("^0")), then=Concat(Value("49"), Substr(digits, 2))),
        default=digits,
        output_field=models.CharField(),
    )
    return RegexpReplace(international, Value("^490"), Value("49"))


@dataclass(frozen=True)
class Person:
    """Whom a request is about: an email address, a phone number, or both."""

    email: str = ""
    phone: str = ""

    @property
    def phone_key(self) -> str:
        return phone_key(self.phone) if self.phone.strip() else ""


# What the models hold


class Erasure(enum.Enum):
    # The row is the person's: it is deleted, with what depends on it and its versions.
    DELETE = "delete"
    # The row is the person's, but counts for a report: all its personal fields are
    # blanked, in every version of it, and its lines in the admin log lose their title.
    ANONYMISE = "anonymise"
    # The row is someone else's (a group's) that names the person: the parts that hold
    # the person's address or number are blanked, in the versions that hold it too.
    FORGET = "forget"


@dataclass(frozen=True)
class Part:
    """Fields of a row that are the person's when one of ``found_by`` holds their email
    address (an email field) or phone number (any other field)."""

    found_by: tuple[str, ...]
    fields: tuple[str, ...]


@dataclass(frozen=True)
class PersonalData:
    """What one model holds about a person: ``parts`` are exported (those found) and
    erased as ``erasure`` says; ``context`` is exported with each row for orientation and
    kept. ``on_erasure`` says on the confirmation page what erasure does; ``after_erasure``
    is called with the erased rows' ids and the user, in the same transaction."""

    key: str
    model: type[models.Model]
    parts: tuple[Part, ...]
    erasure: Erasure
    on_erasure: str
    context: tuple[str, ...] = ()
    after_erasure: Callable[[list[int], object], None] | None = None

    @property
    def history_model(self) -> type[models.Model] | None:
        try:
            return get_history_model_for_model(self.model)
        except NotHistoricalModelError:
            return None

    def fields_of(self, model, part: Part | None = None) -> list[str]:
        """The personal fields (of ``part``) that ``model`` stores: a history table may
        leave some out (a registration's sender key)."""
        stored = {field.name for field in model._meta.concrete_fields}
        parts = [part] if part else self.parts
        names = dict.fromkeys(name for each in parts for name in each.fields)
        return [name for name in names if name in stored]

    def part_found(self, part: Part, person: Person, model=None) -> Q:
        """Rows of ``model`` (the model or its history) where ``part`` holds ``person``."""
        model = model or self.model
        found = Q(pk__in=[])
        for path in part.found_by:
            if isinstance(_field_at(model, path), models.EmailField):
                if person.email:
                    found |= Q(**{f"{path}__iexact": person.email})
            elif person.phone_key:
                found |= Q(Exact(phone_key_in_database(path), person.phone_key))
        return found

    def found(self, person: Person, model=None) -> Q:
        found = Q(pk__in=[])
        for part in self.parts:
            found |= self.part_found(part, person, model)
        return found

    def rows(self, person: Person) -> models.QuerySet:
        return self.model._default_manager.filter(self.found(person)).order_by("pk")

    def versions(self, person: Person, row_ids) -> models.QuerySet:
        """The history records that hold the person; of a row that is the person's, all."""
        found = self.found(person, self.history_model)
        if self.erasure != Erasure.FORGET:
            found |= Q(id__in=row_ids)
        return self.history_model.objects.filter(found).order_by("history_id")


def _field_at(model, path: str) -> models.Field:
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def _delete_unsent_registration_emails(ids: list[int], user) -> None:
    """An email not yet sent would go to the erased address (or fail for ever)."""
    RegistrationEmail.objects.filter(registration__in=ids, sent_at__isnull=True).delete()


def _record_group_erasure(ids: list[int], user) -> None:
    """A group left without its own public email and phone is reached through its contact
    point (as ``Group.reached_directly`` already says); each group gets a version naming
    the erasure, so that staff see why its contact is gone."""
    for group in Group.objects.filter(pk__in=ids):
        if not (group.public_email or group.public_phone):
            group.contact_mode = Group.ContactMode.VIA_CONTACT_POINT
        group._change_reason = _("Personal data erased (Art. 17 GDPR)")
        group.save()


COVERED: tuple[PersonalData, ...] = (
    PersonalData(
        "messages",
        Message,
        (
            Part(
                ("email", "phone"),
                ("name", "email", "phone", "call_time", "text", "internal_note", "sender_key"),
            ),
        ),
        Erasure.DELETE,
        gettext_lazy("deleted with their replies; the anonymous inquiry stays"),
        context=(
            "created_at",
            "contact_point__name",
            "group__name",
            "route",
            "answer_by",
            "status",
            "consent_given_at",
            "closed_at",
        ),
    ),
    PersonalData(
        "message_replies",
        MessageReply,
        (Part(("message__email", "message__phone"), ("text",)),),
        Erasure.DELETE,
        gettext_lazy("deleted"),
        context=("created_at", "message__created_at"),
    ),
    PersonalData(
        "founding_interests",
        FoundingInterest,
        (Part(("email", "phone"), ("name", "email", "phone", "sender_key")),),
        Erasure.DELETE,
        gettext_lazy("deleted; the anonymous inquiry stays"),
        context=(
            "created_at",
            "kind",
            "contact_point__name",
            "group__name",
            "topic_text",
            "place_text",
            "consent_given_at",
            "expires_at",
        ),
    ),
    PersonalData(
        "registrations",
        Registration,
        (Part(("email", "phone"), ("name", "email", "phone", "sender_key")),),
        Erasure.ANONYMISE,
        gettext_lazy(
            "name and contact blanked, in every version too, unsent emails deleted; the "
            "places stay counted"
        ),
        context=(
            "created_at",
            "event__title",
            "event__starts_at",
            "persons",
            "status",
            "attendance",
            "consent_given_at",
        ),
        after_erasure=_delete_unsent_registration_emails,
    ),
    PersonalData(
        "suggestions",
        Suggestion,
        (
            Part(
                ("submitter_email",), ("submitter_name", "submitter_email", "message", "sender_key")
            ),
            Part(("public_email",), ("public_email",)),
            Part(("public_phone",), ("public_phone",)),
        ),
        Erasure.FORGET,
        gettext_lazy(
            "sender and message blanked, a proposed group email or phone that is the "
            "person's too; the proposal stays"
        ),
        context=("created_at", "kind", "contact_point__name", "name", "status", "consent_given_at"),
    ),
    PersonalData(
        "accessibility_feedback",
        AccessibilityFeedback,
        (Part(("email",), ("name", "email", "text", "sender_key")),),
        Erasure.DELETE,
        gettext_lazy("deleted"),
        context=("created_at", "page", "done"),
    ),
    PersonalData(
        "groups",
        Group,
        (
            Part(
                ("contact_person_email", "contact_person_phone"),
                ("contact_person", "contact_person_email", "contact_person_phone"),
            ),
            Part(("public_email",), ("public_email",)),
            Part(("public_phone",), ("public_phone",)),
        ),
        Erasure.FORGET,
        gettext_lazy(
            "the internal contact person blanked where it is the person, a public email or "
            "phone that is theirs too, in every version; a group left without public "
            "contact is then reached through its contact point"
        ),
        context=(
            "name",
            "contact_point__name",
            "contact_mode",
            "consent_given_on",
            "consent_given_by",
        ),
        after_erasure=_record_group_erasure,
    ),
    PersonalData(
        "reconfirmation_requests",
        ReconfirmationRequest,
        (Part(("sent_to",), ("sent_to",)),),
        Erasure.FORGET,
        gettext_lazy("the address blanked; the date and the answer stay"),
        context=("sent_at", "group__name", "answered_at", "answer"),
    ),
)

# Models with fields that look personal, or that were checked for a person's data, which
# the privacy rights leave alone, and why.
NOT_COVERED: dict[str, str] = {
    "auth.User": "Staff accounts, managed in the user admin: they are deactivated, not "
    "deleted, so that the change history keeps naming who changed what.",
    "contactpoints.ContactPoint": "A contact point's published address is an organisation's.",
    "contactpoints.Site": "A site's published address is an organisation's.",
    "groups.Organisation": "A self-help organisation's published address is its own.",
    "selbsthilfe.LegalInformation": "The operator's address for the Imprint.",
    "contactpoints.MessageEmail": "Outbox rows: kind and send state only; the email is "
    "built from the message when it is sent, and the row is deleted with the message.",
    "groups.FoundingInterestEmail": "Outbox rows: send state and language only; the "
    "confirmation is built from the founding interest when sent, and the row is deleted "
    "with it.",
    "selbsthilfe.StaffNotice": "Notices to staff go to a contact point's or the operator's "
    "address and name no citizen (names and addresses stay in the staff workspace).",
    "events.RegistrationEmail": "Outbox rows: kind and send state only, built from the "
    "registration when sent; the unsent ones are deleted when the registration is erased.",
    "events.SeriesRegistration": "Ties a person's registrations for the dates of a series "
    "under one link; it holds no name, address or number: those are on each date's "
    "registration, which is covered.",
    "django_tasks_database.DBTaskResult": "Tasks are queued with row ids only (see the "
    "callers of .enqueue) and return booleans; mail errors are caught by the outbox.",
    "admin.LogEntry": "Holds the changed fields' names, never their values; the title of a "
    "deleted or anonymised row is replaced on erasure.",
}


# Finding, exporting, erasing


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def _found_parts(declaration: PersonalData, person: Person, model=None) -> dict[str, Q]:
    return {
        f"personal_data_part_{index}": declaration.part_found(part, person, model)
        for index, part in enumerate(declaration.parts)
    }


def _exported(declaration: PersonalData, queryset, person: Person, model, extra=()):
    flags = _found_parts(declaration, person, model)
    annotations = {
        name: models.ExpressionWrapper(found, output_field=models.BooleanField())
        for name, found in flags.items()
    }
    records = []
    values = queryset.annotate(**annotations).values(*extra, *declaration.fields_of(model), *flags)
    for row in values:
        record = {name: _plain(row[name]) for name in extra}
        for part, flag in zip(declaration.parts, flags, strict=True):
            # A row that is the person's is theirs whole; in a group's, only what was found.
            if row[flag] or declaration.erasure != Erasure.FORGET:
                record |= {name: row[name] for name in declaration.fields_of(model, part)}
        records.append(record)
    return records


def counts(person: Person) -> list[dict]:
    """What is stored about ``person``, per declaration: rows and earlier versions."""
    found = []
    for declaration in COVERED:
        rows = declaration.rows(person)
        versions = 0
        if declaration.history_model is not None:
            versions = declaration.versions(person, rows.values("pk")).count()
        found.append({"declaration": declaration, "rows": rows.count(), "versions": versions,
                      "has_history": declaration.history_model is not None,
                      "label": capfirst(declaration.model._meta.verbose_name_plural)})  # fmt: skip
    return found


def _log_counts(found: dict[str, tuple[list, list]]) -> dict[str, int]:
    """What the log keeps: per declaration the number of rows and versions, no address."""
    record_counts = {}
    for key, (rows, versions) in found.items():
        if rows:
            record_counts[key] = len(rows)
        if versions:
            record_counts[f"{key}_versions"] = len(versions)
    return record_counts


def export(person: Person, user) -> dict:
    """All records that hold ``person``, as plain JSON-ready data; logged."""
    data = {"email": person.email, "phone": person.phone,
            "exported_at": _plain(timezone.now())}  # fmt: skip
    found = {}
    for declaration in COVERED:
        rows = declaration.rows(person)
        data[declaration.key] = _exported(
            declaration, rows, person, declaration.model, declaration.context
        )
        versions = []
        if declaration.history_model is not None:
            versions = _exported(
                declaration, declaration.versions(person, rows.values("pk")), person,
                declaration.history_model, ("id", "history_date"),
            )  # fmt: skip
            data[f"{declaration.key}_versions"] = versions
        found[declaration.key] = (data[declaration.key], versions)
    log(PrivacyRequest.Kind.EXPORT, user, _log_counts(found))
    return data


def _blanked(declaration: PersonalData, person: Person, model) -> dict:
    """The update that blanks the person's fields in rows of ``model`` (the model or its
    history), which the caller limits to the rows found."""
    if declaration.erasure == Erasure.ANONYMISE:
        return dict.fromkeys(declaration.fields_of(model), "")
    found_in = {}
    for part in declaration.parts:
        for name in declaration.fields_of(model, part):
            found_in[name] = found_in.get(name, Q(pk__in=[])) | declaration.part_found(
                part, person, model
            )
    return {
        name: Case(
            When(found, then=Value("")), default=F(name), output_field=model._meta.get_field(name)
        )
        for name, found in found_in.items()
    }


def _untitle_admin_log(model, ids: list[int]) -> None:
    """The admin log keeps a row's title (a registration's is the person's name)."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in ids],
    ).update(object_repr=Concat(Value(f"{capfirst(model._meta.verbose_name)} #"), "object_id"))


@transaction.atomic
def erase(person: Person, user) -> dict[str, int]:
    """Erase what ``COVERED`` declares about ``person``: everything is found first, then
    each model's rows are deleted or blanked as declared. Logged; returns the counts."""
    ids = {}
    for declaration in COVERED:
        rows = list(declaration.rows(person).values_list("pk", flat=True))
        versions = []
        if declaration.history_model is not None:
            versions = list(declaration.versions(person, rows).values_list("history_id", flat=True))
        ids[declaration.key] = (rows, versions)
    for declaration in COVERED:
        rows, versions = ids[declaration.key]
        if not (rows or versions):
            continue
        history = declaration.history_model
        if declaration.erasure == Erasure.DELETE:
            if history is not None:
                history.objects.filter(history_id__in=versions).delete()
            declaration.model._default_manager.filter(pk__in=rows).delete()
        else:
            if history is not None:
                history.objects.filter(history_id__in=versions).update(
                    **_blanked(declaration, person, history)
                )
            declaration.model._default_manager.filter(pk__in=rows).update(
                **_blanked(declaration, person, declaration.model)
            )
        if declaration.erasure != Erasure.FORGET:
            _untitle_admin_log(declaration.model, rows)
        if declaration.after_erasure is not None:
            declaration.after_erasure(rows, user)
    record_counts = _log_counts(ids)
    log(PrivacyRequest.Kind.ERASURE, user, record_counts)
    return record_counts


def log(kind: str, user, record_counts: dict[str, int]) -> PrivacyRequest:
    return PrivacyRequest.objects.create(kind=kind, done_by=user, counts=record_counts)
