"""Both staff roles keep the opening hours and closures of their contact points' sites."""

from django.db import migrations

ROLES = ["Kontaktstelle: Redaktion", "Kontaktstelle: Koordination"]
CODENAMES = [
    f"{action}_{model}"
    for model in ("openinghours", "closure")
    for action in ("view", "add", "change", "delete")
]


def permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="contactpoints", codename__in=CODENAMES
    )


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("contactpoints")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for role in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        role.permissions.add(*permissions(apps))


def revoke(apps, schema_editor):
    for role in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        role.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("contactpoints", "0013_opening_hours_notes")]

    operations = [migrations.RunPython(grant, revoke)]
