"""A number before a noun takes the noun's right number and case in both languages ("seit 1
Tag", "seit 6 Tagen", "1 record", "2 records"): every such text, evaluated where the code
makes it, and a scan that fails when a new one is written without a plural."""

import ast
import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from contactpoints import message_admin
from contactpoints.forms import MessageForm
from contactpoints.messages import submit_message
from contactpoints.models import Message
from events import admin as events_admin
from events.forms import RegistrationForm
from events.models import Registration
from events.services import registration_problem
from groups import founding, import_files
from groups.admin.topic import load_summary
from groups.forms import FoundingInterestForm
from groups.models import ReconfirmationRequest
from groups.thesaurus import LoadReport
from selbsthilfe import privacy
from selbsthilfe.models import LegalInformation
from selbsthilfe.privacy_rights import erasure_summary
from selbsthilfe.templatetags.datetimes import time_since
from selbsthilfe.two_factor import recovery_code_warning
from tests.factories import ContactPointFactory, EventFactory

ROOT = Path(__file__).resolve().parent.parent


def founding_alert_subject(n, monkeypatch):
    subjects = []
    monkeypatch.setattr(founding, "contact_point_address", lambda contact_point: "k@example.org")
    monkeypatch.setattr(founding, "render_to_string", lambda *args: "")
    monkeypatch.setattr(
        founding, "queue_notice", lambda address, subject, body: subjects.append(subject)
    )
    interests = SimpleNamespace(order_by=lambda field: [object()] * n)
    founding.send_founding_alert(
        SimpleNamespace(pk=1, contact_point=None, interests=interests, topic_text="Trauer")
    )
    return subjects[0]


def persons_problem(n, monkeypatch):
    event = EventFactory.build(registration_required=True, max_persons_per_registration=n)
    return registration_problem(event, Registration(event=event, persons=n + 1)).message


def persons_validator(n, monkeypatch):
    event = EventFactory.build(registration_required=True, max_persons_per_registration=n)
    form = RegistrationForm(event=event)
    field = form.fields["persons"]
    try:
        for validator in field.validators:
            validator(n + 1)
    except Exception as error:  # the ValidationError of the largest party
        return " ".join(error.messages)
    raise AssertionError("no validator refused the party")


def retention(title, **changes):
    """The privacy notice's retention of the processing ``title`` with ``changes`` made."""

    def evaluate(n, monkeypatch):
        for name, where in changes.items():
            if where == "settings":
                monkeypatch.setattr(settings, name, n, raising=False)
            elif where == "minutes":
                monkeypatch.setattr(settings, name, n * 60)
            elif where == "cooloff":
                monkeypatch.setattr(settings, name, datetime.timedelta(minutes=n))
            elif where == "module":
                monkeypatch.setattr(privacy, name, n)
            elif where == "reconfirmation":
                monkeypatch.setattr(ReconfirmationRequest, name, n)
        legal = LegalInformation(server_log_days=n, backup_days=n)
        with translation.override("en"):
            titles = [str(p.title) for p in privacy.processings(legal)]
        return privacy.processings(legal)[titles.index(title)].retention

    return evaluate


def import_rows(n, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_ROWS", n)
    return str(import_files.too_many_rows())


def zip_members(n, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_MEMBERS", n)
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        for number in range(n + 1):
            archive.writestr(f"{number}.csv", "a")
    with pytest.raises(import_files.ImportFileError) as error:
        import_files.open_archive(content.getvalue())
    return str(error.value)


def email_attempts_of_message(n, monkeypatch):
    email = SimpleNamespace(sent_at=None, attempts=n, get_kind_display=lambda: "E-Mail")
    message = SimpleNamespace(emails=SimpleNamespace(all=lambda: [email]))
    return str(message_admin.MessageAdmin(Message, None).email_states(message))


def email_attempts_of_registration(n, monkeypatch):
    email = SimpleNamespace(
        sent_at=None, attempts=n, last_error="timeout", get_kind_display=lambda: "E-Mail"
    )
    registration = SimpleNamespace(emails=SimpleNamespace(all=lambda: [email]))
    return str(events_admin.RegistrationAdmin(Registration, None).email_log(registration))


def message_consent(n, monkeypatch):
    monkeypatch.setattr(settings, "MESSAGE_RETENTION_DAYS", n)
    form = MessageForm(route=Message.Route.CONTACT_POINT, recipient_name="KISS Stuttgart")
    return str(form.fields["consent"].label)


def founding_consent(group):
    def evaluate(n, monkeypatch):
        monkeypatch.setattr(settings, "FOUNDING_INTEREST_MONTHS", n)
        if group:
            group_ = SimpleNamespace(contact_point=SimpleNamespace(name="SEKIS Berlin"))
            return str(FoundingInterestForm(group=group_).fields["consent"].label)
        return str(FoundingInterestForm().fields["consent"].label)

    return evaluate


def reconfirmation_email(n, monkeypatch):
    return render_to_string(
        "groups/email/reconfirmation_request.txt",
        {"group": SimpleNamespace(name="Trauercafé"), "contact_point": None, "link": "https://x",
         "valid_days": n},
    )  # fmt: skip


def waiting_since(n, monkeypatch):
    return time_since(timezone.now() - datetime.timedelta(days=n, minutes=1))


@dataclass
class CountedText:
    """One place where a count stands before a noun; each wording has ``{n}`` for the
    count, the first for 1, the second for any other number."""

    evaluate: object
    de: tuple
    en: tuple | None = None  # None: only ever written in German (notices to staff)
    zero: bool = True  # whether 0 can be shown there


COUNTED_TEXTS = {
    "founding alert to staff": CountedText(
        founding_alert_subject, ("{n} Person würde", "{n} Personen würden")
    ),
    "party too large (registration)": CountedText(
        persons_problem,
        ("höchstens {n} Person möglich", "Höchstens {n} Personen können"),
        ("At most {n} person can", "At most {n} persons can"),
    ),
    "party too large (form)": CountedText(
        persons_validator,
        ("höchstens {n} Person möglich", "Höchstens {n} Personen können"),
        ("At most {n} person can", "At most {n} persons can"),
        zero=False,
    ),
    "privacy: server logs": CountedText(
        retention("Visiting the site"),
        ("Server-Protokolle: {n} Tag.", "Server-Protokolle: {n} Tage."),
        ("Server logs: {n} day.", "Server logs: {n} days."),
    ),
    "privacy: event registrations": CountedText(
        retention("Registering for an event", KEEP_PERSONAL_DATA_DAYS="module"),
        ("werden {n} Tag nach", "werden {n} Tage nach"),
        ("deleted {n} day after", "deleted {n} days after"),
    ),
    "privacy: reports of groups": CountedText(
        retention("Reporting a group or a correction", KEEP_SUGGESTION_SENDER_DAYS="module"),
        ("werden {n} Tag nach der Prüfung", "werden {n} Tage nach der Prüfung"),
        ("deleted {n} day after", "deleted {n} days after"),
    ),
    "privacy: messages": CountedText(
        retention("Writing a message", MESSAGE_RETENTION_DAYS="settings"),
        ("Antworten {n} Tag nach", "Antworten {n} Tage nach"),
        ("replies {n} day after", "replies {n} days after"),
    ),
    "privacy: reports of barriers": CountedText(
        retention("Reports of barriers", MESSAGE_RETENTION_DAYS="settings"),
        ("Gelöscht {n} Tag nach", "Gelöscht {n} Tage nach"),
        ("Deleted {n} day after", "Deleted {n} days after"),
    ),
    "privacy: founding interests": CountedText(
        retention("Interest in founding or joining a group", FOUNDING_INTEREST_MONTHS="settings"),
        ("{n} Monat nach", "{n} Monate nach"),
        ("Deleted {n} month after", "Deleted {n} months after"),
    ),
    "privacy: confirmation links": CountedText(
        retention("Group entries and their contact persons", VALID_DAYS="reconfirmation"),
        ("gilt {n} Tag.", "gilt {n} Tage."),
        ("valid for {n} day.", "valid for {n} days."),
    ),
    "privacy: staff sessions": CountedText(
        retention("Staff accounts", SESSION_COOKIE_AGE="minutes"),
        ("endet nach {n} Minute ohne", "endet nach {n} Minuten ohne"),
        ("ends after {n} minute without", "ends after {n} minutes without"),
    ),
    "privacy: failed sign-ins": CountedText(
        retention("Staff accounts", AXES_COOLOFF_TIME="cooloff"),
        ("werden nach {n} Minute oder", "werden nach {n} Minuten oder"),
        ("deleted after {n} minute or", "deleted after {n} minutes or"),
    ),
    "privacy: mail queue": CountedText(
        retention("Sending emails", TASK_RESULTS_KEPT_DAYS="module"),
        ("Benachrichtigungen: {n} Tag.", "Benachrichtigungen: {n} Tage."),
        ("notices: {n} day.", "notices: {n} days."),
    ),
    "privacy: backups": CountedText(
        retention("Backups"), ("{n} Tag.", "{n} Tage."), ("{n} day.", "{n} days.")
    ),
    "erasure: records": CountedText(
        lambda n, monkeypatch: erasure_summary(n, 0),
        ("Gelöscht: {n} Datensatz und", "Gelöscht: {n} Datensätze und"),
        ("Erased: {n} record and", "Erased: {n} records and"),
    ),
    "erasure: earlier versions": CountedText(
        lambda n, monkeypatch: erasure_summary(0, n),
        ("und {n} frühere Fassung.", "und {n} frühere Fassungen."),
        ("and {n} earlier version.", "and {n} earlier versions."),
    ),
    "import: rows": CountedText(
        import_rows,
        ("mehr als {n} Zeile.", "mehr als {n} Zeilen."),
        ("more than {n} row.", "more than {n} rows."),
    ),
    "import: files in a ZIP archive": CountedText(
        zip_members,
        ("mehr als {n} Datei.", "mehr als {n} Dateien."),
        ("more than {n} file.", "more than {n} files."),
    ),
    "thesaurus: topics created": CountedText(
        lambda n, monkeypatch: load_summary(LoadReport("2026", created=["x"] * n)),
        ("{n} Thema angelegt", "{n} Themen angelegt"),
        ("{n} topic created", "{n} topics created"),
    ),
    "recovery codes left": CountedText(
        lambda n, monkeypatch: recovery_code_warning(n),
        ("{n} ist übrig", "{n} sind übrig"),
        ("{n} is left", "{n} are left"),
    ),
    "message emails not sent": CountedText(
        email_attempts_of_message,
        ("({n} Versuch)", "({n} Versuche)"),
        ("({n} attempt)", "({n} attempts)"),
    ),
    "registration emails not sent": CountedText(
        email_attempts_of_registration,
        ("({n} Versuch):", "({n} Versuche):"),
        ("({n} attempt):", "({n} attempts):"),
    ),
    "consent to a message": CountedText(
        message_consent,
        ("werden {n} Tag nach Erledigung", "werden {n} Tage nach Erledigung"),
        ("deleted {n} day after", "deleted {n} days after"),
    ),
    "consent to founding interest (group)": CountedText(
        founding_consent(group=True),
        ("nach {n} Monat gelöscht", "nach {n} Monaten gelöscht"),
        ("after {n} month.", "after {n} months."),
    ),
    "consent to founding interest (topic)": CountedText(
        founding_consent(group=False),
        ("nach {n} Monat gelöscht", "nach {n} Monaten gelöscht"),
        ("after {n} month.", "after {n} months."),
    ),
    "reconfirmation email": CountedText(
        reconfirmation_email,
        ("Der Link ist {n} Tag gültig", "Der Link ist {n} Tage gültig"),
        ("valid for {n} day and", "valid for {n} days and"),
    ),
    "waiting since (staff start page)": CountedText(
        waiting_since,
        ("{n}\xa0Tag", "{n}\xa0Tagen"),  # dative: "wartet seit 6 Tagen"
        ("{n}\xa0day", "{n}\xa0days"),
        zero=False,  # (under a day it counts hours and minutes)
    ),
}

CASES = [
    (name, language, n)
    for name, text in COUNTED_TEXTS.items()
    for language in ("de", "en")
    if language == "de" or text.en
    for n in ((0, 1, 2) if text.zero else (1, 2))
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "language", "n"), CASES, ids=lambda value: str(value))
def test_a_count_before_a_noun_takes_its_number(name, language, n, monkeypatch):
    text = COUNTED_TEXTS[name]
    with translation.override(language):
        shown = str(text.evaluate(n, monkeypatch))
    singular, plural = text.de if language == "de" else text.en
    expected = (singular if n == 1 else plural).format(n=n)
    assert expected in shown
    other = (plural if n == 1 else singular).format(n=n)
    assert other not in shown or other in expected


def test_the_staff_start_page_says_since_how_many_days_a_message_waits(superuser_client):
    message = submit_message(
        Message(contact_point=ContactPointFactory(), name="Erika", answer_by="email",
                email="erika@example.org", text="Hallo", route=Message.Route.CONTACT_POINT,
                consent_given_at=timezone.now())
    )  # fmt: skip
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=6, hours=1)
    )
    page = superuser_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="de").text
    assert "wartet seit 6\xa0Tagen" in page
    assert "6\xa0Tage<" not in page and "6\xa0Tage," not in page


# The scan: a translatable text without a plural in which a placeholder stands before a noun
# that counts (or before "are", whose number follows the count).
COUNTED_NOUNS = (
    "days|months|minutes|hours|weeks|years|people|persons|groups|entries|places|records|"
    "versions|rows|files|topics|attempts|events|messages|inquiries|registrations|"
    "participants|codes|results|dates|contact points|are"
)
COUNT_BEFORE_NOUN = re.compile(rf"%\(\w+\)[sd] (?:\w+ )?(?:{COUNTED_NOUNS})\b")
GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "gettext_noop"}
TEMPLATE_TEXT = re.compile(
    r"{%\s*blocktranslate(?P<options>[^%]*)%}(?P<text>.*?){%\s*endblocktranslate\s*%}"
    r"|{%\s*translate\s+(?P<quote>[\"'])(?P<plain>.*?)(?P=quote)",
    re.DOTALL,
)


def python_texts():
    for folder in ("contactpoints", "groups", "events", "selbsthilfe"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", getattr(node.func, "attr", None)) in GETTEXT
                ):
                    for argument in node.args:
                        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                            yield f"{path.relative_to(ROOT)}:{node.lineno}", argument.value


def template_texts():
    for path in (ROOT / "templates").rglob("*"):
        if path.suffix not in (".html", ".txt"):
            continue
        for match in TEMPLATE_TEXT.finditer(path.read_text()):
            if match["text"] is not None and re.search(r"\bcount\b", match["options"]):
                continue
            text = match["plain"] or re.sub(r"{{\s*(\w+)[^}]*}}", r"%(\1)s", match["text"])
            yield str(path.relative_to(ROOT)), text


def test_no_count_stands_before_a_noun_without_a_plural():
    found = [
        (where, text)
        for where, text in [*python_texts(), *template_texts()]
        if COUNT_BEFORE_NOUN.search(text)
    ]
    assert found == []


def test_the_scan_finds_a_count_before_a_noun():
    assert COUNT_BEFORE_NOUN.search("deleted after %(days)s days")
    assert COUNT_BEFORE_NOUN.search("%(records)d earlier versions")
    assert COUNT_BEFORE_NOUN.search("%(left)s are left")
    assert not COUNT_BEFORE_NOUN.search("%(contact_point)s keeps this entry")
    assert not COUNT_BEFORE_NOUN.search("Within %(km)s km")


def test_no_template_words_a_time_span_in_the_nominative():
    """Django's ``timesince`` words "6 Tage"; after "seit" it must be ``time_since``."""
    uses = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if "|timesince" in path.read_text()
    ]
    assert uses == []
