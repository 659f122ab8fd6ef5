"""The shipped thesaurus: loaded by a command, the demo and the first start; a later load
keeps what staff changed and reports what it could not apply."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from groups import thesaurus
from groups.models import ThesaurusEntry, Topic
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


def write(tmp_path, *lines, version="2027.01"):
    path = tmp_path / "thesaurus.txt"
    path.write_text("\n".join([f"version = {version}", *lines]) + "\n", encoding="utf-8")
    return path


def test_the_shipped_file_has_every_topic_with_lay_words_and_parents():
    version, entries = thesaurus.parse()
    assert version and len(entries) >= 171
    by_name = {entry.name: entry for entry in entries}
    assert len(by_name) == len(entries)  # no topic twice
    assert {"Zucker", "zuckerkrank"} <= set(by_name["Diabetes"].synonyms)
    assert "saufen" in by_name["Alkoholabhängigkeit"].synonyms
    assert "Kind gestorben" in by_name["Verwaiste Eltern"].synonyms
    assert all(entry.parent in by_name for entry in entries if entry.parent)
    assert len(entries) >= 800
    assert all(entry.name_en for entry in entries)  # every topic has its English name
    assert by_name["Pflegende Angehörige"].name_en == "Family carers"
    assert "family caregivers" in by_name["Pflegende Angehörige"].synonyms


def test_an_installation_loaded_from_the_older_format_gets_the_english_names(tmp_path):
    """Version 2026.12 had four columns, its English words among the synonyms."""
    thesaurus.load(write(tmp_path, "Trauer|social|Verlust;grief", version="2026.12"))
    report = thesaurus.load(
        write(tmp_path, "Trauer|social|Verlust;Abschied||Grief;bereavement", version="2027.01")
    )
    grief = Topic.objects.get(name="Trauer")
    assert report.conflicts == [] and report.updated == ["Trauer"]
    assert grief.name_en == "Grief"
    assert grief.synonyms == ["Verlust", "Abschied", "Grief", "bereavement"]


def test_english_pages_name_the_topics_in_english(client):
    topic = Topic.objects.create(name="Pflegende Angehörige", name_en="Family carers",
                                 slug="pflegende-angehoerige", category="relatives")  # fmt: skip
    GroupFactory(name="Pflegetreff").topics.add(topic)
    with translation.override("de"):  # (the request activates English for the thread)
        english = client.get(topic.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Self-help groups: Family carers" in english
    german = client.get(topic.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").text
    assert "Pflegende Angehörige" in german and "Family carers" not in german


def test_a_first_load_makes_the_lay_words_searchable(client, german_places):
    out = io.StringIO()
    call_command("load_topics", stdout=out)
    _version, entries = thesaurus.parse()
    assert f"{len(entries)} topics created" in out.getvalue()
    assert Topic.objects.count() == len(entries)
    assert Topic.objects.get(name="Alzheimer").parent.name == "Demenz"
    assert Topic.objects.get(name="Diabetes").history.first().history_change_reason
    group = GroupFactory(name="Süße Runde")
    group.topics.add(Topic.objects.get(name="Diabetes"))
    page = client.get(reverse("groups:list"), {"q": "Zucker"}).text
    assert "Süße Runde" in page
    # Loading again changes nothing.
    report = thesaurus.load()
    assert report.created == report.updated == [] and report.unchanged == len(entries)


def test_a_later_load_keeps_staff_changes_and_reports_conflicts(tmp_path):
    thesaurus.load(write(tmp_path, "Trauer|social|Verlust;Tod;Abschied",
                         "Einsamkeit|social|einsam"))  # fmt: skip
    grief = Topic.objects.get(name="Trauer")
    grief.synonyms = ["Verlust", "Abschied", "Sternenkind"]  # staff: −Tod, +Sternenkind
    grief.category = "relatives"  # staff moved it
    grief.save()
    lonely = Topic.objects.get(name="Einsamkeit")
    lonely.delete()  # staff deleted it
    report = thesaurus.load(
        write(tmp_path, "Trauer|other|Verlust;Tod;Trauercafé",  # −Abschied, +Trauercafé
              "Einsamkeit|social|einsam;allein", "Hochsensibilität|mental_health|HSP")
    )  # fmt: skip
    grief.refresh_from_db()
    assert grief.synonyms == ["Verlust", "Sternenkind", "Trauercafé"]
    assert grief.category == "relatives"  # staff's, reported
    assert any("Trauer: category" in conflict for conflict in report.conflicts)
    assert not Topic.objects.filter(name="Einsamkeit").exists()
    assert report.kept_deleted == ["Einsamkeit"] and report.created == ["Hochsensibilität"]
    assert ThesaurusEntry.objects.get(name="Trauer").version == "2027.01"


def test_an_unchanged_topic_follows_the_file(tmp_path):
    thesaurus.load(write(tmp_path, "Trauer|social|Verlust", "Verwaiste Eltern|relatives|x"))
    thesaurus.load(write(tmp_path, "Trauer|social|Verlust;Tod",
                         "Verwaiste Eltern|relatives|x|Trauer"))  # fmt: skip
    orphaned = Topic.objects.get(name="Verwaiste Eltern")
    assert orphaned.parent.name == "Trauer"
    assert Topic.objects.get(name="Trauer").synonyms == ["Verlust", "Tod"]


def test_a_topic_staff_created_under_the_same_name_gets_the_words_added(tmp_path):
    Topic.objects.create(name="Trauer", slug="trauer", category="relatives", synonyms=["Tod"])
    report = thesaurus.load(write(tmp_path, "Trauer|social|Verlust;Tod"))
    topic = Topic.objects.get(name="Trauer")
    assert topic.synonyms == ["Tod", "Verlust"] and topic.category == "relatives"
    assert report.merged == ["Trauer"]


def test_a_dry_run_saves_nothing(tmp_path):
    out = io.StringIO()
    call_command("load_topics", "--dry-run", "--file", write(tmp_path, "Trauer|social|Tod"),
                 stdout=out)  # fmt: skip
    assert "1 topics created" in out.getvalue() and "dry run" in out.getvalue()
    assert not Topic.objects.exists() and not ThesaurusEntry.objects.exists()


def test_a_wrong_category_is_named_with_its_line(tmp_path):
    with pytest.raises(ValueError, match=r"thesaurus\.txt:3"):
        thesaurus.parse(write(tmp_path, "Trauer|social|Tod", "Angst|fear|Panik"))


def test_a_new_installation_is_offered_the_thesaurus_on_the_start_page(superuser_client):
    page = superuser_client.get(reverse("admin:index")).text
    assert reverse("admin:groups_topic_load") in page
    assert superuser_client.get(reverse("admin:groups_topic_load")).status_code == 403  # POST
    superuser_client.post(reverse("admin:groups_topic_load"))
    assert Topic.objects.count() >= 171
    assert reverse("admin:groups_topic_load") not in superuser_client.get(
        reverse("admin:index")).text  # fmt: skip


def test_a_load_reindexes_the_groups_of_a_changed_topic_and_of_the_topics_below_it(tmp_path):
    """The groups of all changed topics are looked up once, at the end of the load."""
    lines = [
        "Herz|health|Herzerkrankungen",
        "Herzinsuffizienz|health|Herzschwäche|Herz",
        "Kardiomyopathie|health|Herzmuskel|Herzinsuffizienz",
        "Trauer|social|Verlust",
    ]
    thesaurus.load(write(tmp_path, *lines, version="2027.01"))
    below = GroupFactory(name="Runde A")
    below.topics.add(Topic.objects.get(name="Kardiomyopathie"))
    other = GroupFactory(name="Runde B")
    other.topics.add(Topic.objects.get(name="Trauer"))
    lines[1] = "Herzinsuffizienz|health|Herzschwäche;Pumpschwäche|Herz"
    thesaurus.load(write(tmp_path, *lines, version="2027.02"))
    below.refresh_from_db()
    other.refresh_from_db()
    assert "pumpschwache" in below.search_keywords  # the parent topic's new synonym
    assert "pumpschwache" not in other.search_keywords


def test_clearing_a_topics_groups_takes_the_topic_out_of_their_search_columns():
    topic = Topic.objects.create(name="Tinnitus", slug="tinnitus", category="health")
    group = GroupFactory(name="Ohrgeräusche")
    group.topics.add(topic)
    group.refresh_from_db()
    assert "tinnitus" in group.search_keywords
    topic.groups.clear()
    group.refresh_from_db()
    assert "tinnitus" not in group.search_keywords
