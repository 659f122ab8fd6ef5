"""Staff see and change only their contact points' data, on every path of the admin.

An editor of KISS Zwickau walks each path against a group of the Selbsthilfe-Kontaktstelle
Dortmund: nothing of it may show, and nothing may change.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from contactpoints.models import Membership
from groups.models import Group, Topic
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    TopicFactory,
    UserFactory,
    admin_form_data,
    admin_url,
    staff_client,
)

pytestmark = pytest.mark.django_db


def test_membership_grants_the_role_and_staff_status(world):
    user = UserFactory(is_staff=False)
    membership = MembershipFactory(user=user, contact_point=world["zwickau"])
    user.refresh_from_db()
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["Kontaktstelle: Redaktion"]
    assert user.has_perm("groups.change_group") and not user.has_perm("groups.delete_group")
    membership.delete()
    assert not user.groups.exists()


def test_editor_lists_only_own_groups_and_no_foreign_names(client, world):
    client = staff_client(client, world["zwickau"])
    page = client.get(reverse("admin:groups_group_changelist")).text
    assert "Zwickauer Runde" in page
    assert "Dortmunder Runde" not in page
    assert "Selbsthilfe-Kontaktstelle Dortmund" not in page  # not even in the list filter
    events = client.get(reverse("admin:events_event_changelist")).text
    assert "Dortmunder Infoabend" not in events


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_foreign_objects_by_id_answer_404(client, world, view):
    client = staff_client(client, world["zwickau"])
    for obj in (world["foreign"], world["dortmund"], world["foreign_event"]):
        assert client.get(admin_url(obj, view)).status_code == 404


def test_foreign_group_cannot_be_changed_or_deleted_by_post(client, world):
    client = staff_client(client, world["zwickau"])
    foreign = world["foreign"]
    client.post(admin_url(foreign), {"name": "Übernommen", "contact_point": world["zwickau"].pk})
    client.post(admin_url(foreign, "delete"), {"post": "yes"})
    client.post(
        reverse("admin:groups_group_changelist"),
        {"action": "delete_selected", "_selected_action": [foreign.pk], "post": "yes"},
    )
    foreign.refresh_from_db()
    assert foreign.name == "Dortmunder Runde"


def test_own_group_cannot_be_moved_to_a_foreign_contact_point(client, world):
    client = staff_client(client, world["zwickau"])
    own = world["own"]
    form = client.get(admin_url(own)).context["adminform"].form
    assert set(form.fields["contact_point"].queryset) == {world["zwickau"]}
    data = admin_form_data(client, admin_url(own), contact_point=world["dortmund"].pk)
    response = client.post(admin_url(own), data)
    assert response.status_code == 200  # the form again, with an error
    assert "contact_point" in response.context["adminform"].form.errors
    own.refresh_from_db()
    assert own.contact_point == world["zwickau"]


def test_autocomplete_offers_no_foreign_contact_points_or_sites(client, world):
    client = staff_client(client, world["zwickau"])
    url = reverse("admin:autocomplete")
    for field, term in [("contact_point", "Dortmund"), ("meeting_site", "Dortmund")]:
        response = client.get(
            url,
            {"app_label": "groups", "model_name": "group", "field_name": field, "term": term},
        )
        assert response.status_code in {200, 403}
        assert "Dortmund" not in response.text


def test_view_on_site_redirect_is_scoped(client, world):
    client = staff_client(client, world["zwickau"])
    content_type = ContentType.objects.get_for_model(Group)
    url = f"/verwaltung/r/{content_type.pk}/{world['foreign'].pk}/"
    assert client.get(url).status_code == 404


def test_view_on_site_leads_staff_from_a_shared_topic_to_its_page(client, world):
    topic = TopicFactory(name="Schlafstörungen")
    client = staff_client(client, world["zwickau"])
    assert "/verwaltung/r/" in client.get(admin_url(topic)).text
    url = f"/verwaltung/r/{ContentType.objects.get_for_model(Topic).pk}/{topic.pk}/"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].endswith(topic.get_absolute_url())
    client.force_login(UserFactory(is_staff=True))  # staff of no contact point
    assert client.get(url).status_code == 404


def test_coordinator_acts_for_the_contact_points_below(client, world):
    client = staff_client(client, world["lakos"], Membership.Role.COORDINATOR)
    page = client.get(reverse("admin:groups_group_changelist")).text
    assert "Zwickauer Runde" in page and "Dortmunder Runde" not in page
    assert client.get(admin_url(world["own"])).status_code == 200


def test_staff_without_membership_see_no_data(client, world):
    client.force_login(UserFactory(is_staff=True))
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "Selbsthilfegruppen" not in index.text
    assert client.get(reverse("admin:groups_group_changelist")).status_code == 403
    assert client.get(reverse("admin:groups_topic_changelist")).status_code == 403
    assert client.get(admin_url(world["own"])).status_code in {403, 404}


def test_upkeep_panel_filter_and_verify_action_cover_own_groups_only(client, world):
    import datetime

    from django.utils import timezone

    old = timezone.localdate() - datetime.timedelta(days=500)
    Group.objects.filter(pk__in=[world["own"].pk, world["foreign"].pk]).update(last_verified_on=old)
    GroupFactory(contact_point=world["zwickau"], status="founding",
                 founded_on=timezone.localdate() - datetime.timedelta(days=300),
                 last_verified_on=timezone.localdate())  # fmt: skip
    client = staff_client(client, world["zwickau"])
    index = client.get(reverse("admin:index")).text
    assert "1 Gruppe seit über 12 Monaten nicht geprüft" in index
    assert "1 Gruppe seit über 6 Monaten in Gründung" in index
    listing = client.get(reverse("admin:groups_group_changelist"), {"pflege": "pruefen"}).text
    assert "Zwickauer Runde" in listing and "Dortmunder Runde" not in listing
    client.post(
        reverse("admin:groups_group_changelist"),
        {"action": "mark_verified", "_selected_action": [world["own"].pk, world["foreign"].pk]},
    )
    world["own"].refresh_from_db()
    world["foreign"].refresh_from_db()
    assert world["own"].last_verified_on == timezone.localdate()
    assert world["foreign"].last_verified_on == old


def test_likely_duplicate_in_the_same_town_is_saved_only_when_confirmed(client, world):
    client = staff_client(client, world["zwickau"])
    own = world["own"]
    data = admin_form_data(client, reverse("admin:groups_group_add"), **{
        "name": "Zwickauer Runde e.V.", "slug": "zwickauer-runde-ev",
        "contact_point": world["zwickau"].pk, "town": own.town, "postcode": own.postcode,
        "status": "active", "audience": "affected", "format": "in_person",
        "frequency": "irregular", "contact_mode": "via_contact_point",
    })  # fmt: skip
    response = client.post(reverse("admin:groups_group_add"), data)
    assert response.status_code == 200
    assert "sehr ähnlichem Namen" in response.text
    assert admin_url(own) in response.text
    assert not Group.objects.filter(slug="zwickauer-runde-ev").exists()
    response = client.post(
        reverse("admin:groups_group_add"), {**data, "confirm_not_duplicate": "on"}
    )
    assert response.status_code == 302
    assert Group.objects.filter(slug="zwickauer-runde-ev").exists()


def test_roles_deleted_by_mistake_come_back_at_the_next_migrate_as_the_migrations_made_them():
    from django.contrib.auth.models import Group as AuthGroup
    from django.core.management import call_command

    from contactpoints.permissions import ROLE_PERMISSIONS

    def roles():
        return {
            role.name: sorted(
                (p.content_type.app_label, p.codename) for p in role.permissions.all()
            )
            for role in AuthGroup.objects.filter(name__in=ROLE_PERMISSIONS)
        }

    migrated = roles()
    assert set(migrated) == set(ROLE_PERMISSIONS) and all(migrated.values())
    editor = AuthGroup.objects.get(name="Kontaktstelle: Redaktion")
    editor.permissions.remove(*editor.permissions.filter(codename="delete_inquiry"))
    AuthGroup.objects.filter(name__in=["Kontaktstelle: Koordination",
                                       "LAG: Selbsthilfeorganisationen"]).delete()  # fmt: skip
    call_command("migrate", verbosity=0)
    restored = roles()
    assert restored["Kontaktstelle: Koordination"] == migrated["Kontaktstelle: Koordination"]
    assert restored["LAG: Selbsthilfeorganisationen"] == migrated["LAG: Selbsthilfeorganisationen"]
    # A role the administrators changed is left as they keep it.
    assert ("contactpoints", "delete_inquiry") not in restored["Kontaktstelle: Redaktion"]
