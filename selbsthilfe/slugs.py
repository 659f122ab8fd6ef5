"""Readable, unique slugs for public URLs, with German umlauts spelled out (ü → ue)."""

from django.utils.text import slugify

GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slugify(text: str, max_length: int = 80) -> str:
    slug = slugify(text.translate(GERMAN_TRANSLITERATION))[:max_length].strip("-")
    return slug or "eintrag"


def unique_slug(model, text: str, *, exclude_pk=None, max_length: int = 80) -> str:
    """Return a slug for ``text`` that no other row of ``model`` uses (``-2``, ``-3`` ...)."""
    base = slug_base(text, max_length=max_length)
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def slug_base(text: str, max_length: int = 80) -> str:
    """The slug of ``text`` with room for a number (``-123``) within ``max_length``."""
    return german_slugify(text, max_length=max_length - 6)
