"""Topics of self-help, with synonyms and parent topics, in categories."""

from typing import NamedTuple

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import connections, models
from django.db.models import F, Func, OuterRef, Q, Value
from django.db.models.functions import Concat, JSONObject
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.search.query import Normalized
from groups.search.vocabulary import normalize
from selbsthilfe.replicas import read_alias


class TopicQuerySet(models.QuerySet):
    def with_group_counts(self) -> list["Topic"]:
        """These topics, each with ``group_count``: the public groups on it or on a topic
        below it, each group once (as the topic's page lists them). One statement, reading
        the covering index ``group_public_topic_ids_idx`` rather than the groups."""
        from groups.models.group import Group  # group.py imports this module

        groups = Group.objects.public().order_by().values("search_topic_ids")
        groups_sql, params = groups.query.sql_with_params()
        with connections[read_alias()].cursor() as cursor:
            cursor.execute(
                f"""SELECT topic_id, count(*)
                    FROM ({groups_sql}) AS public_group,
                         unnest(public_group.search_topic_ids) AS topic_id
                    GROUP BY topic_id""",
                params,
            )
            counts = dict(cursor.fetchall())
        topics = list(self)
        for topic in topics:
            topic.group_count = counts.get(topic.pk, 0)
        return topics

    def by_names(self, names) -> dict[str, "Topic | None"]:
        """Each of ``names`` mapped to the topic with that name or synonym, compared as
        search compares (case, umlauts and ß folded), or to None."""
        names = [name for name in dict.fromkeys(names) if name.strip()]
        if not names:
            return {}
        topics = list(
            self.annotate(
                normalized_name=Normalized(F("name")),
                normalized_synonyms=Func(
                    F("synonyms"),
                    template="ARRAY(SELECT search_normalize(s) FROM unnest(%(expressions)s) s)",
                    output_field=ArrayField(models.TextField()),
                ),
            )
        )
        known = {key: topic for topic in topics for key in topic.normalized_synonyms}
        known |= {topic.normalized_name: topic for topic in topics}  # names win over synonyms
        with connections[read_alias()].cursor() as cursor:
            cursor.execute(
                "SELECT name, search_normalize(name) FROM unnest(%s::text[]) AS name", [names]
            )
            return {name: known.get(normalized) for name, normalized in cursor.fetchall()}

    def entries(self) -> list["TopicEntry"]:
        """These topics as light tuples with their name and synonyms in the normalised form
        of the search (for the search form's list and the related topics it suggests; model
        instances of a few hundred topics would cost a millisecond on every search page)."""
        text = Normalized(
            Concat(
                "name",
                Value(TopicEntry.SEPARATOR),
                Func(
                    F("synonyms"),
                    Value(TopicEntry.SEPARATOR),
                    function="array_to_string",
                    output_field=models.TextField(),
                ),
                output_field=models.TextField(),
            )
        )
        # The listed organisations on each topic, in the same statement (a search page that
        # names them must not cost one more).
        links = self.model.organisations.through.objects.filter(
            topic=OuterRef("pk"), organisation__is_listed=True
        )
        organisations = ArraySubquery(
            links.values(
                json=JSONObject(
                    pk="organisation__id",
                    name="organisation__name",
                    slug="organisation__slug",
                    level="organisation__level",
                    federal_states="organisation__federal_states",
                )
            )
        )
        rows = self.annotate(
            normalized_name=Normalized("name"),
            normalized_text=text,
            listed_organisations=organisations,
        ).values_list(
            "pk",
            "slug",
            "name",
            "parent_id",
            "normalized_name",
            "normalized_text",
            "listed_organisations",
            "name_en",
        )
        return [TopicEntry(*row) for row in rows]


class TopicEntry(NamedTuple):
    pk: int
    slug: str
    name: str
    parent_id: int | None
    normalized_name: str
    normalized_text: str  # the name and the synonyms, between them SEPARATOR
    # The listed organisations on the topic: pk, name, slug, level, federal_states.
    organisations: tuple = ()
    name_en: str = ""

    SEPARATOR = " | "

    @property
    def phrases(self) -> list[str]:
        """The name and each synonym, normalised."""
        return self.normalized_text.split(self.SEPARATOR)

    def get_absolute_url(self):
        return reverse("groups:topic", kwargs={"slug": self.slug})

    @property
    def label(self) -> str:
        """The topic's name in the language of the page."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class Topic(models.Model):
    class Category(models.TextChoices):
        HEALTH = "health", _("Physical health")
        MENTAL_HEALTH = "mental_health", _("Mental health")
        ADDICTION = "addiction", _("Addiction")
        DISABILITY = "disability", _("Disability")
        RELATIVES = "relatives", _("Relatives and family")
        SOCIAL = "social", _("Social life situations")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(
        _("English name"),
        max_length=120,
        blank=True,
        help_text=_("Shown on the English pages; the German name where empty."),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    synonyms = ArrayField(
        models.CharField(max_length=120),
        verbose_name=_("synonyms"),
        blank=True,
        default=list,
        help_text=_("Other words people use for this topic, separated by commas."),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent topic"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)

    objects = TopicQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("topic version"), verbose_name_plural=_("topic versions")
    )

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="topic_not_own_parent"),
        ]
        indexes = [GinIndex(fields=["synonyms"], name="topic_synonyms_gin")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:topic", kwargs={"slug": self.slug})

    @property
    def label(self) -> str:
        """The topic's name in the language of the page."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    @property
    def sort_key(self) -> str:
        """Alphabetical order as in a German index: "Ängste" beside "Angst"."""
        return normalize(self.name)


# Contact points confirm their entries yearly; a founding phase longer than half a year is
# worth a look.


class ThesaurusEntry(models.Model):
    """What the last load of the shipped thesaurus (``groups/data/thesaurus.txt``) wrote
    for one of its topics. Comparing it with the topic now tells what staff changed since,
    so that a later load keeps their changes; a topic staff deleted is not brought back."""

    name = models.CharField(_("name in the thesaurus"), max_length=120, unique=True)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="thesaurus_entries",
    )
    loaded = models.JSONField(_("as loaded"), default=dict)
    version = models.CharField(_("thesaurus version"), max_length=20)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("thesaurus entry")
        verbose_name_plural = _("thesaurus entries")

    def __str__(self):
        return self.name
