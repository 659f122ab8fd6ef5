"""Who keeps the self-help organisations: every contact point role may look them up (to
link a group), coordinators keep those of their state (the admin narrows it to state
contact points), and the new role of a state working group's members keeps them too."""

from django.db import migrations

CONTACT_POINT_ROLES = {
    "Kontaktstelle: Redaktion": ["view_organisation"],
    "Kontaktstelle: Koordination": ["view_organisation", "add_organisation", "change_organisation"],
}
ORGANISATION_ROLE = "LAG: Selbsthilfeorganisationen"
ORGANISATION_ROLE_CODENAMES = [
    "view_organisation", "add_organisation", "change_organisation", "view_topic",
]  # fmt: skip


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("groups")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    AuthGroup = apps.get_model("auth", "Group")

    def permissions(codenames):
        return Permission.objects.filter(content_type__app_label="groups", codename__in=codenames)

    for name, codenames in CONTACT_POINT_ROLES.items():
        for role in AuthGroup.objects.filter(name=name):
            role.permissions.add(*permissions(codenames))
    role, _created = AuthGroup.objects.get_or_create(name=ORGANISATION_ROLE)
    role.permissions.add(*permissions(ORGANISATION_ROLE_CODENAMES))


def revoke(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ORGANISATION_ROLE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contactpoints", "0003_staff_roles"),
        ("groups", "0020_umbrella_texts_to_organisations"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
