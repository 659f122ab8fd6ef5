"""Both staff roles review suggestions and see re-confirmation requests of their groups."""

from django.db import migrations

ROLES = ["Kontaktstelle: Redaktion", "Kontaktstelle: Koordination"]
CODENAMES = ["view_suggestion", "change_suggestion", "view_reconfirmationrequest"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("groups")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="groups", codename__in=CODENAMES
    )
    for role in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        role.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="groups", codename__in=CODENAMES
    )
    for role in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        role.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("contactpoints", "0003_staff_roles"),
        ("groups", "0007_suggestions_and_reconfirmation"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
