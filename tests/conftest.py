"""Shared fixtures. The database is the embedded PostgreSQL (or DATABASE_URL)."""

import pytest

from tests.factories import GroupFactory, SiteFactory, TopicFactory


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw-123456")
    client.force_login(user)
    return client


@pytest.fixture
def listed_group(db):
    site = SiteFactory()
    group = GroupFactory(
        name="Selbsthilfegruppe Depression Lünen",
        slug="shg-depression-luenen",
        contact_point=site.contact_point,
        meeting_site=site,
    )
    group.topics.add(TopicFactory(name="Depression", slug="depression"))
    return group
