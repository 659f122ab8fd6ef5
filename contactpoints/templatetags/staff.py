"""Template tags of the staff workspace."""

from django import template
from django.urls import reverse

from contactpoints.permissions import acts_for_any, scope
from groups.models import Group

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
