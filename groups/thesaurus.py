"""The shipped thesaurus of self-help topics (``groups/data/thesaurus.txt``): its topics with
their synonyms, lay words and common misspellings, loaded into the database by
``manage.py load_topics`` and by the demo.

A load creates the topics that are missing and brings the others up to the file, except
where staff changed a topic since the last load: synonyms are merged (the file's additions
and removals since the last load are applied, the staff's kept), and a category or parent
that both changed stays as staff set it and is reported as a conflict. A topic staff
deleted is not brought back.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from groups.models import ThesaurusEntry, Topic
from groups.signals import indexing_once, topics_changed
from selbsthilfe.slugs import german_slugify

THESAURUS_FILE = Path(__file__).resolve().parent / "data" / "thesaurus.txt"
VERSION_LINE = re.compile(r"^version\s*=\s*(\S+)\s*$")


@dataclass(frozen=True)
class Entry:
    name: str
    category: str
    synonyms: tuple[str, ...]  # German, then English words, all searched
    parent: str | None
    name_en: str = ""

    def loaded(self) -> dict:
        return {"category": self.category, "synonyms": list(self.synonyms),
                "parent": self.parent, "name_en": self.name_en}  # fmt: skip


@dataclass
class LoadReport:
    version: str = ""
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # existed before any load: synonyms added
    kept_deleted: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unchanged: int = 0


def parse(path: Path = THESAURUS_FILE) -> tuple[str, list[Entry]]:
    """The file's version and its topics, in file order."""
    version, entries = "", []
    categories = set(Topic.Category.values)
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if match := VERSION_LINE.match(line):
            version = match[1]
            continue
        name, category, synonyms, *rest = (part.strip() for part in line.split("|"))
        parent, english = (*rest, "", "")[:2]
        if category not in categories:
            raise ValueError(f"{path.name}:{number}: unknown category {category!r}")
        english_words = [word.strip() for word in english.split(";") if word.strip()]
        words = [word.strip() for word in synonyms.split(";") if word.strip()]
        entries.append(
            Entry(
                name=name,
                category=category,
                synonyms=tuple(dict.fromkeys(words + english_words)),
                parent=parent or None,
                name_en=english_words[0] if english_words else "",
            )
        )
    return version, entries


def current(topic: Topic) -> dict:
    return {"category": topic.category, "synonyms": list(topic.synonyms),
            "parent": topic.parent.name if topic.parent_id else None,
            "name_en": topic.name_en}  # fmt: skip


def merged_synonyms(now: list[str], before: list[str], wanted: list[str]) -> list[str]:
    """Staff's synonyms with what the file added since the last load, without what it
    dropped since: a three-way merge that keeps the order of ``now``."""
    added = [word for word in wanted if word not in before and word not in now]
    dropped = set(before) - set(wanted)
    return [word for word in now if word not in dropped] + added


def merged_value(name: str, key: str, now, before, wanted, report: LoadReport):
    """The file's value unless staff changed it since the last load; both changed
    differently is a conflict, and staff's value stays."""
    if now == before:
        return wanted
    if wanted not in (before, now):
        report.conflicts.append(
            f"{name}: {key} is {now!r} in the database, the thesaurus now says {wanted!r}"
        )
    return now


@transaction.atomic
def load(path: Path = THESAURUS_FILE, *, dry_run: bool = False) -> LoadReport:
    version, entries = parse(path)
    report = LoadReport(version=version)
    records = {record.name: record for record in ThesaurusEntry.objects.select_related("topic")}
    topics = {topic.name: topic for topic in Topic.objects.select_related("parent")}
    parents: dict[str, str | None] = {}  # topic name → wanted parent name
    new: list[Entry] = []
    with indexing_once():
        for entry in entries:
            record = records.get(entry.name)
            if record is not None and record.topic is None:
                report.kept_deleted.append(entry.name)
                continue
            topic = record.topic if record else topics.get(entry.name)
            if topic is None:
                new.append(entry)
                continue
            if record is None:  # a topic of the same name that staff created
                synonyms = merged_synonyms(topic.synonyms, [], list(entry.synonyms))
                if synonyms != topic.synonyms or (entry.name_en and not topic.name_en):
                    topic.synonyms = synonyms
                    topic.name_en = topic.name_en or entry.name_en
                    save(topic, version)
                    report.merged.append(entry.name)
                else:
                    report.unchanged += 1
            else:
                update(topic, record.loaded, entry, report, version, parents)
            ThesaurusEntry.objects.update_or_create(
                name=entry.name,
                defaults={"topic": topic, "loaded": entry.loaded(), "version": version},
            )
        for topic, entry in zip(create(new, version), new, strict=True):
            topics[topic.name] = topic
            parents[topic.name] = entry.parent
            report.created.append(topic.name)
            ThesaurusEntry.objects.update_or_create(
                name=entry.name,
                defaults={"topic": topic, "loaded": entry.loaded(), "version": version},
            )
        for name, parent in parents.items():
            topic, wanted = topics[name], topics.get(parent) if parent else None
            if topic.parent_id != (wanted.pk if wanted else None):
                topic.parent = wanted
                save(topic, version)
        topics_changed()  # (topics created in bulk send no signal; refreshed once at the end)
    if dry_run:
        transaction.set_rollback(True)
    return report


def update(topic: Topic, before: dict, entry: Entry, report: LoadReport, version, parents):
    now, wanted = current(topic), entry.loaded()
    if now == wanted:
        report.unchanged += 1
        return
    topic.synonyms = merged_synonyms(now["synonyms"], before.get("synonyms", []),
                                     wanted["synonyms"])  # fmt: skip
    topic.category = merged_value(topic.name, "category", now["category"],
                                  before.get("category"), wanted["category"], report)  # fmt: skip
    parent = merged_value(topic.name, "parent", now["parent"], before.get("parent"),
                          wanted["parent"], report)  # fmt: skip
    # (a load of a version before the English names had none: "" then, not a change)
    topic.name_en = merged_value(topic.name, "English name", now["name_en"],
                                 before.get("name_en", ""), wanted["name_en"], report)  # fmt: skip
    if parent != now["parent"]:
        parents[topic.name] = parent
    if current(topic) != now:
        save(topic, version)
        report.updated.append(topic.name)
    elif parent == now["parent"]:
        report.unchanged += 1
    else:
        report.updated.append(topic.name)


def create(entries: list[Entry], version: str) -> list[Topic]:
    """The missing topics in one statement, each with its creation in the history (no
    signal per topic: the vocabulary is refreshed once at the end)."""
    slugs = set(Topic.objects.values_list("slug", flat=True))
    topics = []
    for entry in entries:
        slug = base = german_slugify(entry.name)
        suffix = 2
        while slug in slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        slugs.add(slug)
        topics.append(Topic(name=entry.name, name_en=entry.name_en, slug=slug,
                            category=entry.category, synonyms=list(entry.synonyms)))  # fmt: skip
    return bulk_create_with_history(topics, Topic, default_change_reason=f"Themenliste {version}")


def save(topic: Topic, version: str) -> None:
    topic._change_reason = f"Themenliste {version}"
    topic.save()
