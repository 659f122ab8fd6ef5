"""Both staff roles may register people for their events (someone who calls or comes by)."""

from django.db import migrations

ROLES = ["Kontaktstelle: Redaktion", "Kontaktstelle: Koordination"]
CODENAMES = ["add_registration"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="events", codename__in=CODENAMES
    )
    for role in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        role.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="events", codename__in=CODENAMES
    )
    for role in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        role.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("contactpoints", "0003_staff_roles"),
        ("events", "0004_registration_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
