"""Project-wide request checks that no single view should have to repeat."""

from django.core.exceptions import BadRequest


def refuse_null_characters(get_response):
    """Answer 400 to a request whose path, query string or cookies hold a NUL character.

    PostgreSQL text cannot hold NUL, so any look-up with such a value (a slug, a token, a
    search word, a session key) would end in a server error. No person types NUL; it only
    comes from probes. Form fields sent by POST are checked by the forms, which explain the
    error next to the field and keep the rest of the input.
    """

    def middleware(request):
        if (
            "\x00" in request.path_info
            or any(
                "\x00" in name or "\x00" in "".join(values) for name, values in request.GET.lists()
            )
            or any("\x00" in name or "\x00" in value for name, value in request.COOKIES.items())
        ):
            raise BadRequest("NUL character in the request.")
        return get_response(request)

    return middleware
