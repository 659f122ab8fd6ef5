"""Points on the earth and distances between them, with PostgreSQL's ``earthdistance``:
used by the search (groups near a place), the contact points (the site serving a place) and
the founding interests (people near one another)."""

import math

from django.db import models
from django.db.models import BooleanField, FloatField, Func, Value

EARTH_RADIUS_M = 6378168  # earthdistance's earth(), so that chords and its distances agree


class LatLonToEarth(Func):
    """``ll_to_earth(latitude, longitude)``: a point on the earth's surface."""

    function = "ll_to_earth"
    output_field = FloatField()  # an "earth" cube; only ever passed on to other functions


class EarthDistance(Func):
    """Distance in metres between two ``earth`` points."""

    function = "earth_distance"
    output_field = FloatField()


class ChordDistance(Func):
    """``point <-> origin``: straight-line distance through the earth, which orders like the
    distance on its surface and which the GiST index can walk in order (nearest first)."""

    arg_joiner = " <-> "
    template = "(%(expressions)s)"
    output_field = FloatField()


class WithinBox(Func):
    """``earth_box(origin, metres) @> point``: the cheap, indexed pre-filter of a radius."""

    output_field = BooleanField()

    def __init__(self, origin, metres: float, point):
        super().__init__(origin, Value(float(metres)), point)

    def as_sql(self, compiler, connection, **extra_context):
        (origin, origin_params), (metres, metres_params), (point, point_params) = (
            compiler.compile(expression) for expression in self.source_expressions
        )
        sql = f"earth_box({origin}, {metres}) @> {point}"
        return sql, (*origin_params, *metres_params, *point_params)


def chord_length(metres: float) -> float:
    """The straight-line length through the earth of an arc of ``metres`` on its surface.

    Comparing ``ll_to_earth`` points by chord (a C function) is much cheaper than by
    ``earth_distance`` (SQL functions with trigonometry), and orders the same.
    """
    return 2 * EARTH_RADIUS_M * math.sin(metres / (2 * EARTH_RADIUS_M))


class EarthPointField(models.Field):
    """A point on the earth's surface as PostgreSQL earthdistance's ``earth`` type.

    Written by SQL (``ll_to_earth(latitude, longitude)``) and only compared in SQL: storing it
    spares recomputing the trigonometry of ``ll_to_earth`` for every row a search looks at.
    """

    description = "Point on the earth (earthdistance)"

    def db_type(self, connection):
        return "earth"


def point(latitude, longitude) -> LatLonToEarth:
    """The earth point of two expressions (``F("latitude")``) or numbers."""
    return LatLonToEarth(_expression(latitude), _expression(longitude))


def _expression(value):
    return value if hasattr(value, "resolve_expression") else Value(float(value))
