"""Imprint and privacy notice: the operator's details from the admin (superusers, with
versions), the missing ones shown plainly, and the notice in step with what the code stores."""

import datetime
import re

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups.models import Suggestion
from groups.services import KEEP_SUGGESTION_SENDER_DAYS, anonymise_reviewed_suggestions
from selbsthilfe import privacy
from selbsthilfe.models import LegalInformation
from tests.factories import ContactPointFactory, staff_client

pytestmark = pytest.mark.django_db

OPERATOR = {
    "provider_name": "Paritätischer Wohlfahrtsverband Sachsen e. V.",
    "representative": "Der Vorstand: Erika Muster",
    "street": "Am Brauhaus 8",
    "postcode": "01099",
    "town": "Dresden",
    "email": "wegweiser@example.org",
    "content_responsible": "Max Beispiel, Am Brauhaus 8, 01099 Dresden",
    "supervisory_authority": "Sächsischer Datenschutz- und Transparenzbeauftragter, Dresden",
    "hosting": "Beispiel Hosting GmbH, Leipzig",
}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_shipped_pages_say_which_operator_details_are_missing(client):
    imprint = text_of(client.get(reverse("imprint")))
    assert "[vom Betreiber einzutragen: Anbieter]" in imprint
    assert "[vom Betreiber einzutragen: verantwortlich für den Inhalt]" in imprint
    assert "GeoNames" in imprint and "CC BY 4.0" in imprint
    privacy_page = text_of(client.get(reverse("privacy")))
    assert "[vom Betreiber einzutragen: Aufsichtsbehörde]" in privacy_page


def test_the_pages_show_the_operators_details_once_entered(client):
    LegalInformation.objects.create(**OPERATOR, vat_id="DE123456789")
    imprint = text_of(client.get(reverse("imprint")))
    for value in ("Paritätischer Wohlfahrtsverband Sachsen e. V.", "Am Brauhaus 8", "01099",
                  "Der Vorstand: Erika Muster", "Max Beispiel", "DE123456789"):  # fmt: skip
        assert value in imprint
    assert "einzutragen" not in imprint
    privacy_page = text_of(client.get(reverse("privacy")))
    assert "Sächsischer Datenschutz- und Transparenzbeauftragter" in privacy_page
    assert "Beispiel Hosting GmbH" in privacy_page and "einzutragen" not in privacy_page


def test_staff_are_warned_while_required_details_are_missing(superuser_client):
    client = staff_client(Client(), ContactPointFactory())
    page = client.get(reverse("admin:index"))
    assert "Impressum und Datenschutzerklärung sind unvollständig" in page.text
    assert "Anbieter" in page.text and "Aufsichtsbehörde" in page.text
    assert "Jetzt ausfüllen" not in page.text  # only superusers may fill them in
    assert "Jetzt ausfüllen" in superuser_client.get(reverse("admin:index")).text
    LegalInformation.objects.create(**OPERATOR)
    assert "unvollständig" not in client.get(reverse("admin:index")).text


def test_the_public_pays_no_query_for_the_warning(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # the operator's details for the page itself
        client.get(reverse("imprint"))


def test_only_superusers_edit_the_details_and_every_version_is_kept(superuser_client):
    add = reverse("admin:selbsthilfe_legalinformation_add")
    response = superuser_client.post(add, OPERATOR | {"server_log_days": 7, "backup_days": 30})
    assert response.status_code == 302
    legal = LegalInformation.objects.get()
    change = reverse("admin:selbsthilfe_legalinformation_change", args=[legal.pk])
    superuser_client.post(change, OPERATOR | {"town": "Leipzig", "postcode": "04109",
                                              "server_log_days": 7, "backup_days": 30})  # fmt: skip
    assert [record.town for record in legal.history.order_by("history_id")] == [
        "Dresden",
        "Leipzig",
    ]
    assert superuser_client.get(add).status_code == 403  # one set of details only
    assert (
        superuser_client.get(
            reverse("admin:selbsthilfe_legalinformation_delete", args=[legal.pk])
        ).status_code
        == 403
    )
    coordinator = staff_client(Client(), ContactPointFactory(), role="coordinator")
    assert coordinator.get(change).status_code == 403


PERSONAL_FIELD_PARTS = ("phone", "contact_person", "submitter", "sender_key", "username",
                        "session_key", "ip_address", "user_agent", "sent_to")  # fmt: skip


def holds_personal_data(model) -> bool:
    return any(
        isinstance(field, models.EmailField | models.GenericIPAddressField)
        or any(part in field.name for part in PERSONAL_FIELD_PARTS)
        for field in model._meta.concrete_fields
    )


def test_every_model_with_personal_data_is_named_in_the_privacy_notice(client):
    """A new model (or field) holding personal data fails here until the notice names it."""
    named = {model for processing in privacy.processings(LegalInformation()) for model in
             processing.models}  # fmt: skip
    for model in apps.get_models():
        model = getattr(model, "instance_type", model)  # a history table: its model's
        if holds_personal_data(model):
            assert model in named, model._meta.label
    page = text_of(client.get(reverse("privacy")))
    for model in named:
        assert str(model._meta.verbose_name_plural) in page, model._meta.label


def test_the_notice_states_the_retention_the_code_enforces(client):
    page = text_of(client.get(reverse("privacy")))
    assert "180 Tage nach der Veranstaltung gelöscht" in page
    assert f"{KEEP_SUGGESTION_SENDER_DAYS} Tage nach der Prüfung gelöscht" in page
    assert "nach 60 Minuten ohne Aktivität" in page
    unit = (privacy.settings.BASE_DIR / "docs/deployment/selbsthilfe-daily.service").read_text()
    assert f"--min-age-days {privacy.TASK_RESULTS_KEPT_DAYS}" in unit
    for command in ("anonymise_registrations", "anonymise_suggestions", "clearsessions"):
        assert f"manage.py {command}" in unit


def test_report_senders_are_forgotten_after_the_review(listed_group):
    def suggestion(reviewed_days_ago):
        return Suggestion.objects.create(
            kind="correction", group=listed_group, contact_point=listed_group.contact_point,
            name=listed_group.name, town="Lünen", submitter_name="Erika",
            submitter_email="erika@example.org", message="Bitte ändern.", sender_key="abc",
            consent_given_at=timezone.now(), status="rejected",
            reviewed_at=timezone.now() - datetime.timedelta(days=reviewed_days_ago),
        )  # fmt: skip

    old, recent = suggestion(KEEP_SUGGESTION_SENDER_DAYS + 1), suggestion(3)
    pending = suggestion(0)
    Suggestion.objects.filter(pk=pending.pk).update(reviewed_at=None, status="pending")
    assert anonymise_reviewed_suggestions() == 1
    old.refresh_from_db()
    assert (old.submitter_name, old.submitter_email, old.message, old.sender_key) == ("",) * 4
    assert old.name == listed_group.name  # the proposal itself stays
    for kept in (recent, pending):
        kept.refresh_from_db()
        assert kept.submitter_email == "erika@example.org"
