"""City districts GeoNames does not list ("Dortmund Hörde"), for databases whose places were
loaded before ``groups/data/city-districts.csv`` existed; new imports add them themselves."""

from django.db import migrations


def add_city_districts(apps, schema_editor):
    from groups.gazetteer import add_city_districts

    add_city_districts(apps.get_model("groups", "Place"))


class Migration(migrations.Migration):
    dependencies = [("groups", "0011_public_count_indexes")]

    operations = [migrations.RunPython(add_city_districts, migrations.RunPython.noop)]
