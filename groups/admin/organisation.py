"""Admin for self-help organisations: every staff member can look them up (to link a group),
coordinators of a state contact point and the state working group (LAG) keep those of their
state, superusers the federal ones; and the LAG's members."""

from django.contrib import admin
from django.contrib.auth.models import Group as AuthGroup

from contactpoints.permissions import (
    ORGANISATION_ROLE_NAME,
    acts_for_any,
    keeps_organisation,
    organisation_states,
)
from groups.models import Organisation, OrganisationEditor
from selbsthilfe.history_admin import HistoryAdmin


def works_on_organisations(user) -> bool:
    states = organisation_states(user)
    return states is None or bool(states) or acts_for_any(user)


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "level", "states_display", "town", "is_listed", "last_verified_on"]
    list_filter = ["level", "is_listed", "topics__category"]
    search_fields = ["name", "town", "topics__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["topics"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "level", "federal_states", "topics", "description"]}),
        (None, {"fields": [("street", "postcode", "town"), ("email", "phone"), "website"]}),
        (None, {"fields": ["umbrellas", "offers", "is_listed", "last_verified_on"]}),
    ]

    def has_module_permission(self, request):
        return super().has_module_permission(request) and works_on_organisations(request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and works_on_organisations(request.user)

    def has_add_permission(self, request):
        states = organisation_states(request.user)
        return super().has_add_permission(request) and (states is None or bool(states))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None:
            return allowed and organisation_states(request.user) != set()
        return allowed and keeps_organisation(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        states = organisation_states(request.user)
        if db_field.name == "level" and states is not None and field is not None:
            field.choices = [(Organisation.Level.STATE, Organisation.Level.STATE.label)]
        return field

    def save_model(self, request, obj, form, change):
        states = organisation_states(request.user)
        if states is not None and not set(obj.federal_states) <= states:
            # (the form's choices allow every state; only those one keeps may be saved)
            obj.federal_states = [code for code in obj.federal_states if code in states]
            obj.federal_states = obj.federal_states or sorted(states)[:1]
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(OrganisationEditor)
class OrganisationEditorAdmin(admin.ModelAdmin):
    """Members of a state working group (superusers): they get staff status and the role."""

    list_display = ["user", "working_group", "federal_state"]
    autocomplete_fields = ["user"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        role, _created = AuthGroup.objects.get_or_create(name=ORGANISATION_ROLE_NAME)
        obj.user.groups.add(role)
        if not obj.user.is_staff:
            obj.user.is_staff = True
            obj.user.save(update_fields=["is_staff"])
