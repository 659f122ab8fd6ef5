"""Deterministic demo data: real contact points, a German topic list, groups, events, staff."""
