"""Keep the search columns of groups current whatever changes a group, its topics or its site.

The demo loader and bulk imports, which bypass signals, call ``refresh_search_index()`` once
at the end instead; the admin's saves and actions collect the groups with ``indexing_once()``.
A deleted group's history record also keeps its topics.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from contactpoints.models import Site
from groups.models import Group, Topic
from groups.search.index import refresh_topic_vocabulary

# The ids of the groups to index at the end of ``indexing_once()``, when within one.
_groups_to_index: ContextVar[set[int] | None] = ContextVar("groups_to_index", default=None)
# The ids of the topics changed within ``indexing_once()``: their groups are looked up and the
# vocabulary is refreshed once at the end.
_topics_changed: ContextVar[set[int] | None] = ContextVar("topics_changed", default=None)


@contextmanager
def indexing_once():
    """Within, the groups that changes would re-index are collected and indexed once at the
    end: an admin save writes the group and then its topics, one refresh instead of three.
    Nothing is indexed when the block fails (its transaction rolls back anyway)."""
    pending, changed_topics = set(), set()
    token, topics_token = _groups_to_index.set(pending), _topics_changed.set(changed_topics)
    try:
        yield
    finally:
        _groups_to_index.reset(token)
        _topics_changed.reset(topics_token)
    refresh_vocabulary = bool(changed_topics)
    changed_topics.discard(None)  # (the vocabulary changed, no topic's groups named)
    groups = Q(pk__in=pending)
    if changed_topics:  # (one look-up for a load's hundreds of topics, as a subquery)
        groups |= Q(pk__in=groups_on_topic(*changed_topics).values("pk"))
    if pending or changed_topics:
        Group.objects.filter(groups).refresh_search_index()
    if refresh_vocabulary:
        refresh_topic_vocabulary()


def topics_changed(topic=None) -> bool:
    """Refresh the topic vocabulary now and return False, or, within ``indexing_once()``,
    remember ``topic`` to refresh it and index its groups once at the end and return True
    (a load of the thesaurus saves hundreds of topics: one refresh, not one each)."""
    pending = _topics_changed.get()
    if pending is None:
        refresh_topic_vocabulary()
        return False
    pending.add(getattr(topic, "pk", None))
    return True


def index_groups(ids: Iterable[int]):
    """Refresh the search columns of these groups now, or at the end of ``indexing_once()``."""
    pending = _groups_to_index.get()
    if pending is None:
        Group.objects.filter(pk__in=list(ids)).refresh_search_index()
    else:
        pending.update(ids)


@receiver(post_save, sender=Group)
def index_saved_group(sender, instance, raw=False, **kwargs):
    if not raw:
        index_groups([instance.pk])


@receiver(m2m_changed, sender=Group.topics.through)
def index_groups_with_changed_topics(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:  # topic.groups.clear(): the groups, while linked
        instance._cleared_group_ids = list(
            Group.objects.filter(topics=instance).values_list("pk", flat=True)
        )
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        index_groups([instance.pk])
    elif pk_set:  # topic.groups.add(...): the groups are in pk_set
        index_groups(pk_set)
    else:
        index_groups(getattr(instance, "_cleared_group_ids", []))


def groups_on_topic(*topics):
    """Groups whose index mentions one of ``topics``: on it, or on a topic below it."""
    return Group.objects.filter(
        Q(topics__in=topics) | Q(topics__parent__in=topics) | Q(topics__parent__parent__in=topics)
    ).distinct()


@receiver(post_save, sender=Topic)
def index_groups_of_saved_topic(sender, instance, raw=False, **kwargs):
    if not raw and not topics_changed(instance):
        index_groups(groups_on_topic(instance).values_list("pk", flat=True))


@receiver(pre_delete, sender=Topic)
def remember_groups_of_deleted_topic(sender, instance, **kwargs):
    instance._group_ids = list(groups_on_topic(instance).values_list("pk", flat=True))


@receiver(post_delete, sender=Topic)
def index_groups_of_deleted_topic(sender, instance, **kwargs):
    Group.objects.filter(pk__in=getattr(instance, "_group_ids", [])).refresh_search_index()
    refresh_topic_vocabulary()


@receiver(post_save, sender=Site)
def index_groups_meeting_at_site(sender, instance, raw=False, **kwargs):
    if not raw:
        Group.objects.filter(meeting_site=instance).refresh_search_index()


@receiver(pre_delete, sender=Group)
def remember_topics_of_deleted_group(sender, instance, **kwargs):
    instance._deleted_topic_links = list(
        Group.topics.through.objects.filter(group=instance).values_list("pk", "topic_id")
    )


@receiver(post_delete, sender=Group)
def keep_topics_in_deletion_record(sender, instance, **kwargs):
    """django-simple-history records the deleted group after its topic links are gone; add
    them to that last record so that the history keeps the group's complete last state."""
    record = instance.history.filter(history_type="-").order_by("-history_date").first()
    if record is None or record.topics.exists():
        return
    record.topics.model.objects.bulk_create(
        record.topics.model(id=link_id, history=record, group_id=instance.pk, topic_id=topic_id)
        for link_id, topic_id in getattr(instance, "_deleted_topic_links", [])
    )
