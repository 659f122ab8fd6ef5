"""Both staff roles work through the messages and founding interests of their contact
points; nobody adds them by hand (they come from the public forms)."""

from django.db import migrations

ROLES = ["Kontaktstelle: Redaktion", "Kontaktstelle: Koordination"]
CODENAMES = {
    "contactpoints": ["view_message", "change_message"],
    "groups": [
        "view_foundinginterest",
        "change_foundinginterest",
        "view_foundingalert",
        "change_foundingalert",
    ],
}


def permissions(apps):
    from django.db.models import Q

    Permission = apps.get_model("auth", "Permission")
    wanted = Q(pk__in=[])
    for app_label, codenames in CODENAMES.items():
        wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
    return Permission.objects.filter(wanted)


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_label in CODENAMES:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    for role in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        role.permissions.add(*permissions(apps))


def revoke(apps, schema_editor):
    for role in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        role.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("contactpoints", "0008_messages"),
        ("groups", "0016_founding_interests"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
