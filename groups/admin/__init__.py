"""Admin of the groups app, one module per subject; importing them registers the admins."""

from groups.admin import founding, group, organisation, suggestion, topic

__all__ = ["founding", "group", "organisation", "suggestion", "topic"]
