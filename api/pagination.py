from rest_framework.exceptions import ErrorDetail, NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class PollingCursorPagination(CursorPagination):
    """Ordered by (updated_at, id) ascending, so a client can poll what changed since its last
    look: keep the `next` cursor, or pass `updated_since`. A cursor that is not one of ours is
    bad input (400 naming `cursor`), not a missing page."""

    ordering = ("updated_at", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            message = ErrorDetail("Ugyldig markør; bruk `next` fra forrige svar.", code="invalid")
            raise ValidationError({self.cursor_query_param: [message]}) from None
