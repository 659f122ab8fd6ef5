"""Who may see and change what in the staff workspace, in one place.

A user acts for the contact points of their memberships; a coordinator also for every contact
point below theirs (LAKOS Sachsen → KISS Zwickau, SKIS Leipzig, …). Superusers act for all;
a user without membership sees no data. Which kinds of data a role may change comes from
Django's permissions on the role's auth group (migration ``contactpoints/0003`` and later
ones; ``create_missing_roles`` brings back a deleted role); this module decides which rows.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.views import shortcut
from django.http import Http404

from contactpoints.models import ContactPoint, Membership
from selbsthilfe.history_admin import HistoryAdmin

ROLE_GROUP_NAMES = {
    Membership.Role.EDITOR: "Kontaktstelle: Redaktion",
    Membership.Role.COORDINATOR: "Kontaktstelle: Koordination",
}
# The role of a state working group's members (``groups.OrganisationEditor``).
ORGANISATION_ROLE_NAME = "LAG: Selbsthilfeorganisationen"

# The permissions each role starts with, as the migrations granted them one by one
# (contactpoints/0003, 0006 and 0014, events/0005, groups/0008, 0017 and 0021); a test compares
# them with the migrated database. Administrators may change a role in the admin later.
_CONTACT_POINT_STAFF = {
    "groups": ["view_group", "add_group", "change_group", "view_topic", "view_place",
               "view_suggestion", "change_suggestion", "view_reconfirmationrequest",
               "view_foundinginterest", "change_foundinginterest", "view_foundingalert",
               "change_foundingalert", "view_organisation"],
    "contactpoints": ["view_contactpoint", "change_contactpoint", "view_site", "add_site",
                      "change_site", "view_inquiry", "add_inquiry", "change_inquiry",
                      "delete_inquiry", "view_message", "change_message",
                      "view_openinghours", "add_openinghours", "change_openinghours",
                      "delete_openinghours", "view_closure", "add_closure", "change_closure",
                      "delete_closure"],
    "events": ["view_event", "add_event", "change_event", "view_eventseries",
               "add_eventseries", "change_eventseries", "view_registration",
               "change_registration", "add_registration"],
}  # fmt: skip
ROLE_PERMISSIONS = {
    ROLE_GROUP_NAMES[Membership.Role.EDITOR]: _CONTACT_POINT_STAFF,
    ROLE_GROUP_NAMES[Membership.Role.COORDINATOR]: {
        **_CONTACT_POINT_STAFF,
        "groups": [*_CONTACT_POINT_STAFF["groups"], "add_organisation", "change_organisation"],
    },
    ORGANISATION_ROLE_NAME: {
        "groups": ["view_organisation", "add_organisation", "change_organisation", "view_topic"]
    },
}


def create_missing_roles(using="default", **kwargs):
    """After every migrate (and a test database's flush): create a role that is missing,
    with the permissions it starts with. A role that exists is left as the administrators
    keep it."""
    from django.contrib.auth.models import Group as AuthGroup
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    existing = set(
        AuthGroup.objects.using(using)
        .filter(name__in=ROLE_PERMISSIONS)
        .values_list("name", flat=True)
    )
    for name, by_app in ROLE_PERMISSIONS.items():
        if name in existing:
            continue
        wanted = Q(pk__in=[])
        for app_label, codenames in by_app.items():
            wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
        role = AuthGroup.objects.using(using).create(name=name)
        role.permissions.add(*Permission.objects.using(using).filter(wanted))


def sync_roles(user):
    """Give ``user`` the auth group of each role they hold and staff status, and take away
    the role groups they no longer hold."""
    from django.contrib.auth.models import Group as AuthGroup

    held = {ROLE_GROUP_NAMES[role] for role in user.memberships.values_list("role", flat=True)}
    for role in AuthGroup.objects.filter(name__in=ROLE_GROUP_NAMES.values()):
        if role.name in held:
            user.groups.add(role)
        else:
            user.groups.remove(role)
    if held and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def contact_point_ids(user) -> set[int] | None:
    """The ids of the contact points ``user`` acts for; None means all (superusers).

    Computed once per request and kept on the user object.
    """
    if not user.is_active:
        return set()
    if user.is_superuser:
        return None
    if not hasattr(user, "_contact_point_ids"):
        ids = set()
        for membership in Membership.objects.filter(user=user).select_related("contact_point"):
            if membership.role == Membership.Role.COORDINATOR:
                ids |= set(
                    ContactPoint.objects.with_descendants_of(membership.contact_point).values_list(
                        "pk", flat=True
                    )
                )
            else:
                ids.add(membership.contact_point_id)
        user._contact_point_ids = ids
    return user._contact_point_ids


def scope(queryset, user, path: str):
    """``queryset`` narrowed to the rows whose contact point (at ``path``) ``user`` acts for.

    ``path`` leads from the model to its contact point: "contact_point" for a group,
    "event__contact_point" for a registration, "pk" for contact points themselves.
    """
    ids = contact_point_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{path}__in": ids})


class MembersOnlyAdmin(admin.ModelAdmin):
    """Shared data (topics, places): visible to staff who act for a contact point or keep
    self-help organisations."""

    def has_module_permission(self, request):
        return super().has_module_permission(request) and works_with_shared_data(request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and works_with_shared_data(
            request.user
        )


class ContactPointScopedAdmin(MembersOnlyAdmin):
    """A ModelAdmin that shows and changes only the rows of the user's contact points.

    Enforced for lists, object pages (another contact point's id answers 404), history,
    deletion and actions (they work on the scoped list), the choices of foreign keys to
    contact points, sites, events and series, and autocomplete (which reads the scoped
    list of the target's admin). Subclasses set ``contact_point_path``.
    """

    contact_point_path = "contact_point"

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user, self.contact_point_path)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such entry in your contact points.")
        return obj

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and acts_for_any(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = path_to_contact_point(db_field.related_model)
        if path is not None:
            queryset = kwargs.get("queryset") or db_field.related_model._default_manager.all()
            kwargs["queryset"] = scope(queryset, request.user, path)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def view_on_site(self, obj):
        """Link only to pages the public may see."""
        if not hasattr(obj, "get_absolute_url") or not getattr(obj, "is_public", True):
            return None
        return obj.get_absolute_url()


class ScopedHistoryAdmin(ContactPointScopedAdmin, HistoryAdmin):
    """A scoped admin for a model with history: who changed what, and restoring a version.

    django-simple-history falls back to the last historical record when an object is not in
    the admin's queryset, and its version pages read records directly; both would show other
    contact points' entries. Here the live object must be in the user's scope; the history
    of deleted rows is for superusers only (only they delete).
    """

    def history_view(self, request, object_id, extra_context=None):
        self.check_history_access(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.check_history_access(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def check_history_access(self, request, object_id):
        if not request.user.is_superuser:
            self.get_object(request, unquote(object_id))  # 404 outside the user's scope


def reportable_contact_points(user):
    """The contact points whose annual report and printed directory ``user`` may open."""
    return scope(ContactPoint.objects.order_by("name"), user, "pk")


def reported_family(user, contact_point):
    """The contact points whose figures and groups the report (or printed directory) of
    ``contact_point`` shows to ``user``: for a coordinator it and those below it, for an
    editor their own contact point only."""
    return scope(ContactPoint.objects.with_descendants_of(contact_point), user, "pk")


def works_with_shared_data(user) -> bool:
    return acts_for_any(user) or organisation_states(user) != set()


def acts_for_any(user) -> bool:
    ids = contact_point_ids(user)
    return ids is None or bool(ids)


def path_to_contact_point(model) -> str | None:
    """How rows of ``model`` lead to their contact point, if they belong to one."""
    if model is ContactPoint:
        return "pk"
    if any(field.name == "contact_point" for field in model._meta.fields):
        return "contact_point"
    return None


def scoped_view_on_site(request, content_type_id, object_id):
    """Django's "view on site" redirect, for objects of the user's contact points only, and
    for shared ones (topics) that the user may view in the admin."""
    from django.contrib.contenttypes.models import ContentType

    if not (request.user.is_active and request.user.is_staff):
        raise Http404
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist as error:
        raise Http404 from error
    model_admin = admin.site._registry.get(model)
    if isinstance(model_admin, ContactPointScopedAdmin):
        if not model_admin.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
    elif not (model_admin and model_admin.has_view_permission(request)):
        raise Http404
    return shortcut(request, content_type_id, object_id)


def organisation_states(user) -> set[str] | None:
    """The federal states whose self-help organisations ``user`` keeps; None means all
    (superusers). A coordinator of a state contact point (LAKOS Sachsen) keeps those of its
    state, a member of a state working group (``OrganisationEditor``) those of theirs.
    Federal associations are kept by superusers."""
    if not user.is_active:
        return set()
    if user.is_superuser:
        return None
    if not hasattr(user, "_organisation_states"):
        states = set(
            Membership.objects.filter(
                user=user,
                role=Membership.Role.COORDINATOR,
                contact_point__kind=ContactPoint.Kind.STATE,
            ).values_list("contact_point__federal_state", flat=True)
        )
        states |= set(user.organisation_states.values_list("federal_state", flat=True))
        user._organisation_states = states
    return user._organisation_states


def keeps_organisation(user, organisation) -> bool:
    states = organisation_states(user)
    if states is None:
        return True
    return organisation.level == "state" and bool(states & set(organisation.federal_states))
