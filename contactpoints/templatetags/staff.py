"""Template tags of the staff workspace."""

from django import template
from django.db.models import Case, Count, IntegerField, Min, When
from django.urls import reverse

from contactpoints.models import Message
from contactpoints.permissions import acts_for_any, scope
from groups.models import FoundingAlert, FoundingInterest, Group, Topic

register = template.Library()


@register.simple_tag(takes_context=True)
def upkeep_reminders(context):
    """The user's groups that need a look: not verified for a year, long in founding."""
    request = context["request"]
    if not acts_for_any(request.user) or not request.user.has_perm("groups.view_group"):
        return []
    groups = scope(Group.objects.all(), request.user, "contact_point")
    changelist = reverse("admin:groups_group_changelist")
    return [
        {"count": groups.needing_verification().count(), "url": f"{changelist}?pflege=pruefen",
         "kind": "verify"},
        {"count": groups.founding_for_long().count(), "url": f"{changelist}?pflege=gruendung",
         "kind": "founding"},
    ]  # fmt: skip


@register.simple_tag(takes_context=True)
def inbox(context):
    """The user's unanswered messages (count, the oldest first few with their age), open
    founding interests and founding alerts not yet dealt with."""
    request = context["request"]
    user = request.user
    if not acts_for_any(user):
        return None
    summary = {}
    if user.has_perm("contactpoints.view_message"):
        waiting = scope(Message.objects.unanswered(), user, "contact_point")
        summary["messages"] = waiting.aggregate(count=Count("pk"), oldest=Min("created_at"))
        summary["oldest_messages"] = list(
            waiting.select_related("group", "contact_point").order_by("created_at")[:5]
        )
        summary["messages_url"] = (
            reverse("admin:contactpoints_message_changelist") + "?status__in=new,in_progress"
        )
    if user.has_perm("groups.view_foundinginterest"):
        summary["interests"] = scope(FoundingInterest.objects.open(), user, "contact_point").count()
        # Open alerts by their step (new ones first: nobody has acted on them yet).
        steps = Case(
            *(When(status=status, then=index) for index, status in enumerate(FoundingAlert.Status)),
            output_field=IntegerField(),
        )
        summary["alerts"] = list(
            scope(FoundingAlert.objects.filter(handled_at=None), user, "contact_point")
            .annotate(people=Count("interests"), step=steps)
            .order_by("step", "-created_at")[:5]
        )
    return summary


@register.simple_tag(takes_context=True)
def thesaurus_offer(context) -> bool:
    """Whether to offer loading the shipped thesaurus: no topic yet, and the user may add
    topics (a new installation's first superuser)."""
    user = context["request"].user
    return user.has_perm("groups.add_topic") and not Topic.objects.exists()
