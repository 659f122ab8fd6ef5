"""Both staff roles keep the inquiry log of their contact points."""

from django.db import migrations

ROLES = ["Kontaktstelle: Redaktion", "Kontaktstelle: Koordination"]
CODENAMES = ["view_inquiry", "add_inquiry", "change_inquiry", "delete_inquiry"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("contactpoints")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="contactpoints", codename__in=CODENAMES
    )
    for role in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        role.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="contactpoints", codename__in=CODENAMES
    )
    for role in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        role.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("contactpoints", "0005_inquiry_log")]

    operations = [migrations.RunPython(grant, revoke)]
