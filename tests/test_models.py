"""Database constraints hold even when code bypasses form validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from contactpoints.models import ContactPoint
from groups.models import Group
from tests.factories import (
    ContactPointFactory,
    EventFactory,
    GroupFactory,
    RegistrationFactory,
    SiteFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_group_slug_is_unique():
    GroupFactory(slug="depression-luenen")
    assert_rejected(lambda: GroupFactory(slug="depression-luenen"))


def test_topic_name_and_slug_are_unique():
    TopicFactory(name="Diabetes", slug="diabetes")
    assert_rejected(lambda: TopicFactory(name="Diabetes", slug="diabetes-2"))
    assert_rejected(lambda: TopicFactory(name="Diabetes mellitus", slug="diabetes"))


def test_ended_group_needs_end_date_not_before_founding():
    assert_rejected(lambda: GroupFactory(status=Group.Status.ENDED, ended_on=None))
    assert_rejected(
        lambda: GroupFactory(
            status=Group.Status.ENDED,
            founded_on=datetime.date(2020, 1, 1),
            ended_on=datetime.date(2019, 12, 31),
        )
    )
    group = GroupFactory(status=Group.Status.ENDED, ended_on=datetime.date(2024, 6, 30))
    assert Group.objects.filter(pk=group.pk).exists()


def test_meeting_must_end_after_it_starts():
    assert_rejected(lambda: GroupFactory(starts_at=datetime.time(19), ends_at=datetime.time(18)))


def test_monthly_schedule_needs_week_and_weekday():
    assert_rejected(lambda: GroupFactory(frequency=Group.Frequency.MONTHLY, weekday=1))
    assert_rejected(
        lambda: GroupFactory(frequency=Group.Frequency.WEEKLY, weekday=1, week_of_month=2)
    )
    GroupFactory(frequency=Group.Frequency.MONTHLY, weekday=1, week_of_month=2)


@pytest.mark.parametrize(
    ("latitude", "longitude"), [(91, 7.0), (51.0, 181), (51.0, None), (None, 7.0)]
)
def test_coordinates_must_be_valid_and_complete(latitude, longitude):
    assert_rejected(lambda: SiteFactory(latitude=latitude, longitude=longitude))


def test_postcode_must_have_five_digits():
    assert_rejected(lambda: SiteFactory(postcode="4453"))
    assert_rejected(lambda: GroupFactory(postcode="ABCDE"))
    assert_rejected(lambda: EventFactory(postcode="1234"))
    EventFactory(postcode="")  # an online event has no address


def test_contact_point_cannot_be_its_own_parent():
    contact_point = ContactPointFactory()
    contact_point.parent = contact_point
    assert_rejected(contact_point.save)


def test_event_must_end_after_start_and_close_registration_before():
    event = EventFactory.build()
    assert_rejected(lambda: EventFactory(ends_at=event.starts_at))
    assert_rejected(
        lambda: EventFactory(registration_deadline=event.starts_at + datetime.timedelta(hours=1))
    )


def test_capacity_cannot_be_negative():
    assert_rejected(lambda: EventFactory(capacity=-1))


def test_one_active_registration_per_email_and_event():
    registration = RegistrationFactory(email="Erika@Example.org")
    assert_rejected(
        lambda: RegistrationFactory(event=registration.event, email="erika@example.org")
    )
    registration.status = "cancelled"
    registration.save()
    RegistrationFactory(event=registration.event, email="erika@example.org")


def test_registration_needs_at_least_one_person():
    assert_rejected(lambda: RegistrationFactory(persons=0))


def test_group_clean_explains_a_site_of_another_contact_point():
    group = GroupFactory.build(contact_point=ContactPointFactory(), meeting_site=SiteFactory())
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "meeting_site" in error.value.message_dict


def test_public_groups_exclude_ended_and_unlisted():
    visible = GroupFactory()
    GroupFactory(is_listed=False)
    GroupFactory(status=Group.Status.ENDED, ended_on=datetime.date(2024, 1, 1))
    paused = GroupFactory(status=Group.Status.PAUSED)
    assert set(Group.objects.public()) == {visible, paused}


def test_coordinator_scope_includes_all_descendants():
    state = ContactPointFactory(kind=ContactPoint.Kind.STATE)
    regional = ContactPointFactory(parent=state)
    local = ContactPointFactory(parent=regional)
    ContactPointFactory()  # elsewhere
    assert set(ContactPoint.objects.with_descendants_of(state)) == {state, regional, local}
    assert set(ContactPoint.objects.with_descendants_of(regional)) == {regional, local}
