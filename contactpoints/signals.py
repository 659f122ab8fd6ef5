"""A membership gives its user the role's auth group and staff status; removing it takes
the role away again."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from contactpoints.models import Membership
from contactpoints.permissions import sync_roles


@receiver(post_save, sender=Membership)
def grant_role(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_roles(instance.user)


@receiver(post_delete, sender=Membership)
def revoke_role(sender, instance, **kwargs):
    sync_roles(instance.user)
