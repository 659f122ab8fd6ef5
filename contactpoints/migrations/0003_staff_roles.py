"""The two staff roles as auth groups with the model permissions they need.

Which rows a role reaches is decided by contactpoints/permissions.py; these permissions say
which kinds of data. Administrators can change them in the admin without code. Deleting
groups, events and contact points is left to superusers: for staff, a group ends by its
status.
"""

from django.db import migrations

EDITOR = "Kontaktstelle: Redaktion"
COORDINATOR = "Kontaktstelle: Koordination"
PERMISSIONS = {
    "groups": ["view_group", "add_group", "change_group", "view_topic", "view_place"],
    "contactpoints": [
        "view_contactpoint",
        "change_contactpoint",
        "view_site",
        "add_site",
        "change_site",
    ],
    "events": [
        "view_event",
        "add_event",
        "change_event",
        "view_eventseries",
        "add_eventseries",
        "change_eventseries",
        "view_registration",
        "change_registration",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    AuthGroup = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Membership = apps.get_model("contactpoints", "Membership")
    for name in (EDITOR, COORDINATOR):
        role, _created = AuthGroup.objects.get_or_create(name=name)
        for app_label, codenames in PERMISSIONS.items():
            role.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
    # The demo loader used to give all staff one group with every permission.
    AuthGroup.objects.filter(name="Kontaktstellen-Team").delete()
    for membership in Membership.objects.select_related("user"):
        role = AuthGroup.objects.get(
            name=COORDINATOR if membership.role == "coordinator" else EDITOR
        )
        membership.user.groups.add(role)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, COORDINATOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("contactpoints", "0002_contact_points_sites_memberships"),
        ("events", "0002_event_postcode_five_digits"),
        ("groups", "0005_topic_vocabulary"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
