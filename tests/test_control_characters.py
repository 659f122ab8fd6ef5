"""Control characters never reach the database, and values stored before that never break an
XLSX export."""

import io

import openpyxl
import pytest
from django.urls import reverse

from contactpoints.models import ContactPoint, Membership
from groups.models import Group, Topic
from selbsthilfe.models import AccessibilityFeedback
from tests.factories import GroupFactory, staff_client

pytestmark = pytest.mark.django_db


def test_text_saved_anywhere_loses_its_control_characters(listed_group):
    listed_group.name = "Angehörige\x07 Demenz\x1b Lünen"
    listed_group.description = "Zeile eins\nZeile\tzwei\x0c\r\nEnde\x7f\x85"
    listed_group.save()
    listed_group.refresh_from_db()
    assert listed_group.name == "Angehörige Demenz Lünen"
    assert listed_group.description == "Zeile eins\nZeile\tzwei\r\nEnde"
    assert listed_group.history.latest().name == "Angehörige Demenz Lünen"
    feedback = AccessibilityFeedback.objects.create(text="Kontrast\x08 zu schwach", name="E\x01")
    feedback.refresh_from_db()
    assert (feedback.text, feedback.name) == ("Kontrast zu schwach", "E")


def test_an_old_control_character_is_replaced_in_the_group_export(client, listed_group):
    # A value stored before the cleaning (an update bypasses it, as old rows did).
    Group.objects.filter(pk=listed_group.pk).update(name="Depression\x07Lünen")
    staff_client(client, listed_group.contact_point)
    response = client.get(reverse("admin:groups_group_export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "Depression\ufffdLünen" in [row[1] for row in sheet.iter_rows(values_only=True)]


def test_an_old_control_character_is_replaced_in_the_report_workbook(client, listed_group):
    contact_point = listed_group.contact_point
    ContactPoint.objects.filter(pk=contact_point.pk).update(name="KISS\x0b Lünen")
    Topic.objects.filter(slug="depression").update(name="Depres\x1asion")
    GroupFactory(contact_point=contact_point).topics.set(Topic.objects.all())
    staff_client(client, contact_point, role=Membership.Role.COORDINATOR)
    year = listed_group.created_at.year
    url = reverse("annual_report_export", args=[year, contact_point.slug, "xlsx"])
    response = client.get(url)
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row]
    assert "KISS\ufffd Lünen" in cells
