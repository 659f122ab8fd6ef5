"""Admin of the groups app, one module per subject; importing them registers the admins."""

from groups.admin import group, suggestion, topic

__all__ = ["group", "suggestion", "topic"]
