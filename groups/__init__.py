"""Topics, self-help groups, places, schedules and the public search."""
