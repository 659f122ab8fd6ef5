"""The free-text umbrella organisations of the groups become organisations: a text naming a
state association ("…, Landesverband") one per federal state of the groups' contact points,
any other text a federal association. Groups are linked and their text cleared; a text that
cannot be placed (a state association of a group without a state) stays text."""

from collections import defaultdict

from django.db import migrations

from groups.search import index
from selbsthilfe.slugs import german_slugify

STATE_NAMES = {
    "BW": "Baden-Württemberg", "BY": "Bayern", "BE": "Berlin", "BB": "Brandenburg",
    "HB": "Bremen", "HH": "Hamburg", "HE": "Hessen", "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen", "NW": "Nordrhein-Westfalen", "RP": "Rheinland-Pfalz",
    "SL": "Saarland", "SN": "Sachsen", "ST": "Sachsen-Anhalt", "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}  # fmt: skip


def organisation_for(text: str, state: str) -> tuple[str, str, tuple[str, ...]] | None:
    """(name, level, states) of the organisation a group's text and state name, or None."""
    if "landesverband" in text.casefold():
        if state not in STATE_NAMES:
            return None
        return f"{text.strip()} {STATE_NAMES[state]}", "state", (state,)
    return text.strip(), "federal", ()


def texts_to_organisations(apps, schema_editor):
    Group = apps.get_model("groups", "Group")
    Organisation = apps.get_model("groups", "Organisation")
    linked = defaultdict(list)
    groups = Group.objects.exclude(umbrella_organisation="").select_related("contact_point")
    for group in groups:
        found = organisation_for(group.umbrella_organisation, group.contact_point.federal_state)
        if found:
            linked[found].append(group)
    slugs = set(Organisation.objects.values_list("slug", flat=True))
    for (name, level, states), members in linked.items():
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            slug = base = german_slugify(name)
            number = 2
            while slug in slugs:
                slug, number = f"{base}-{number}", number + 1
            slugs.add(slug)
            organisation = Organisation.objects.create(
                name=name, slug=slug, level=level, federal_states=list(states)
            )
        topic_ids = {t for g in members for t in g.topics.values_list("pk", flat=True)}
        organisation.topics.add(*topic_ids)
        Group.objects.filter(pk__in=[g.pk for g in members]).update(
            organisation=organisation, umbrella_organisation=""
        )
    moved = [group.pk for members in linked.values() for group in members]
    index.refresh_search_index(Group.objects.filter(pk__in=moved))


class Migration(migrations.Migration):
    dependencies = [("groups", "0019_organisations")]

    operations = [migrations.RunPython(texts_to_organisations, migrations.RunPython.noop)]
