"""Template context: the staff warning about missing legal details, the data licence."""

from django.conf import settings

from selbsthilfe.models import LegalInformation


def legal_information_missing(request):
    """For staff: the required operator details still missing from the Imprint and privacy
    notice (shown as a warning on every admin page). Nothing, and no query, for the public."""
    user = getattr(request, "user", None)
    if user is None or not (user.is_authenticated and user.is_staff):
        return {}
    return {"legal_missing": LegalInformation.current().missing()}


def open_data(request):
    """The licence of the directory's data, named in every page's footer."""
    return {
        "open_data_licence": settings.OPEN_DATA_LICENCE,
        "open_data_licence_url": settings.OPEN_DATA_LICENCE_URL,
    }
