"""Staff sign-in cannot be guessed: repeated failures lock the address, many from many
addresses the user name, with a clear German message, until the cool-off ends or a superuser
unlocks; failures from elsewhere never lock a member out alone."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from selbsthilfe.sign_in_limits import FAILURES_PER_ADDRESS, FAILURES_PER_USER_NAME
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


def test_repeated_failures_lock_the_address_even_with_the_right_password(client, staff_user):
    for _ in range(FAILURES_PER_ADDRESS - 1):
        assert sign_in(client, "geraten").status_code == 200  # the form again, with its error
    assert sign_in(client, "geraten").status_code == 429  # the last failure allowed
    locked = sign_in(client, "richtiges-Passwort-2026")
    assert locked.status_code == 429
    assert "Anmeldung gesperrt" in locked.text and "30 Minuten" in locked.text


def test_failures_from_elsewhere_do_not_lock_the_member_out(client, staff_user):
    for _ in range(FAILURES_PER_ADDRESS + 1):
        sign_in(client, "geraten", address="203.0.113.50")  # someone else
    assert sign_in(client, "richtiges-Passwort-2026").status_code == 302  # the member


def test_many_failures_from_many_addresses_lock_the_user_name_everywhere(client, staff_user):
    # All but the last failure as django-axes records them (each sign-in costs the password
    # hash, a second apiece), one address each.
    AccessAttempt.objects.bulk_create(
        AccessAttempt(
            username="erika",
            ip_address=f"203.0.113.{number + 1}",
            user_agent="",
            http_accept="",
            path_info=LOGIN,
            failures_since_start=1,
        )
        for number in range(FAILURES_PER_USER_NAME - 1)
    )
    assert sign_in(client, "richtiges-Passwort-2026", address="198.51.100.9").status_code == 302
    client.logout()
    sign_in(client, "geraten", address="203.0.113.200")
    assert sign_in(client, "richtiges-Passwort-2026", address="198.51.100.9").status_code == 429
    assert sign_in(client, "richtiges-Passwort-2026", username="anna").status_code != 429


def test_repeated_failures_from_one_address_lock_it_for_every_user_name(client, staff_user):
    for number in range(FAILURES_PER_ADDRESS):
        sign_in(client, "geraten", username=f"rate-{number}", address="192.0.2.66")
    assert sign_in(client, "richtiges-Passwort-2026", address="192.0.2.66").status_code == 429
    assert sign_in(client, "richtiges-Passwort-2026", address="192.0.2.67").status_code == 302


def test_a_superuser_unlocks_an_account(client, superuser_client, staff_user):
    from django.test import Client

    visitor = Client()
    for _ in range(FAILURES_PER_ADDRESS):
        sign_in(visitor, "geraten")
    assert sign_in(visitor, "richtiges-Passwort-2026").status_code == 429
    superuser_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "unlock", "_selected_action": [staff_user.pk]},
    )
    assert not AccessAttempt.objects.filter(username="erika").exists()
    assert sign_in(visitor, "richtiges-Passwort-2026").status_code == 302
