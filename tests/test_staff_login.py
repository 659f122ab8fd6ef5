"""Staff sign-in cannot be guessed: repeated failures lock the user name and the address,
with a clear German message, until the cool-off ends or a superuser unlocks."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("admin:login")


@pytest.fixture
def staff_user():
    user = UserFactory(username="erika", is_staff=True)
    user.set_password("richtiges-Passwort-2026")
    user.save()
    return user


def sign_in(client, password, username="erika", address="198.51.100.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/verwaltung/"},
        REMOTE_ADDR=address,
    )


def test_a_correct_sign_in_works(client, staff_user):
    assert sign_in(client, "richtiges-Passwort-2026").status_code == 302


def test_repeated_failures_lock_the_user_name_even_with_the_right_password(client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "geraten").status_code == 200  # the form again, with its error
    assert sign_in(client, "geraten").status_code == 429  # the last failure allowed
    locked = sign_in(client, "richtiges-Passwort-2026")
    assert locked.status_code == 429
    assert "Anmeldung gesperrt" in locked.text and "30 Minuten" in locked.text
    # from another address too: the user name is locked
    assert sign_in(client, "richtiges-Passwort-2026", address="203.0.113.50").status_code == 429


def test_repeated_failures_from_one_address_lock_it_for_every_user_name(client, staff_user):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "geraten", username=f"rate-{number}", address="192.0.2.66")
    assert sign_in(client, "richtiges-Passwort-2026", address="192.0.2.66").status_code == 429
    assert sign_in(client, "richtiges-Passwort-2026", address="192.0.2.67").status_code == 302


def test_a_superuser_unlocks_an_account(client, superuser_client, staff_user):
    from django.test import Client

    visitor = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(visitor, "geraten")
    assert sign_in(visitor, "richtiges-Passwort-2026").status_code == 429
    superuser_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "unlock", "_selected_action": [staff_user.pk]},
    )
    assert not AccessAttempt.objects.filter(username="erika").exists()
    assert sign_in(visitor, "richtiges-Passwort-2026").status_code == 302
