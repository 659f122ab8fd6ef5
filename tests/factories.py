"""factory_boy factories for the domain models."""

import datetime
import secrets
import time

import factory
from django import forms
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contactpoints.models import ContactPoint, Membership, Site
from events.models import Event, Registration
from groups.models import Group, Topic
from selbsthilfe import antispam


class ContactPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPoint

    name = factory.Sequence(lambda n: f"Selbsthilfe-Kontaktstelle {n}")
    slug = factory.Sequence(lambda n: f"kontaktstelle-{n}")
    federal_state = "NW"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    contact_point = factory.SubFactory(ContactPointFactory)
    name = factory.LazyAttribute(lambda site: f"Standort {site.town}")
    street = "Markt 1"
    postcode = "44532"
    town = "Lünen"
    latitude = 51.6166
    longitude = 7.5283


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")
    category = Topic.Category.HEALTH


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Selbsthilfegruppe {n}")
    slug = factory.Sequence(lambda n: f"gruppe-{n}")
    description = "Wir treffen uns zum Austausch."
    contact_point = factory.SubFactory(ContactPointFactory)
    postcode = "44532"
    town = "Lünen"
    founded_on = datetime.date(2015, 3, 1)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Infoabend {n}")
    slug = factory.Sequence(lambda n: f"infoabend-{n}")
    contact_point = factory.SubFactory(ContactPointFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = "Erika Mustermann"
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    contact_point = factory.SubFactory(ContactPointFactory)


def staff_client(client, contact_point, role=Membership.Role.EDITOR):
    """``client`` logged in as a new member of ``contact_point``."""
    user = UserFactory(is_staff=True)
    MembershipFactory(user=user, contact_point=contact_point, role=role)
    client.force_login(user)
    return client


def admin_url(obj, view="change"):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def admin_form_data(client, url, **changes):
    """The values of the admin form at ``url`` (with its inline forms) as the browser would
    post them, changed."""
    context = client.get(url).context
    data = {}
    for inline in context.get("inline_admin_formsets", []):
        management = inline.formset.management_form
        data |= {management[name].html_name: management[name].value() for name in management.fields}
        for inline_form in inline.formset.initial_forms:
            data |= _bound_values(inline_form)
    data |= _bound_values(context["adminform"].form)
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def _bound_values(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        html_name = form[name].html_name
        widget = form.fields[name].widget
        if isinstance(widget, forms.MultiWidget) and value is not None:  # date and time
            for index, part in enumerate(widget.decompress(value)):
                data[f"{html_name}_{index}"] = str(part)
            continue
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, list | tuple):
            value = [str(getattr(item, "pk", item)) for item in value]
        elif hasattr(value, "pk"):
            value = value.pk
        data[html_name] = value
    return data


def shown_seconds_ago(seconds: float) -> str:
    """The signed time stamp of a public form that was shown ``seconds`` ago."""
    return signing.dumps([time.time() - seconds, secrets.token_hex(16)], salt=antispam._SALT)


def import_dry_run(editor, name: str, content: bytes):
    """The group import's dry-run page for ``content`` uploaded as ``name`` by ``editor``
    (the fixture: a signed-in client and its contact point)."""
    client, contact_point = editor
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        reverse("admin:groups_group_import"), {"file": upload, "contact_point": contact_point.pk}
    )
    assert response.status_code == 200
    return response
