"""Admin of the groups app, one module per subject; importing them registers the admins."""

from groups.admin import founding, group, suggestion, topic

__all__ = ["founding", "group", "suggestion", "topic"]
