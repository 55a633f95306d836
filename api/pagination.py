from rest_framework.exceptions import ErrorDetail, NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from cases.changes import ChangePage


class PollingCursorPagination(CursorPagination):
    """Ordered by (updated_at, id) ascending, so a client can poll what changed since its last
    look: keep the `next` cursor, or pass `updated_since`. With `changed_after` the page is
    the change feed instead (`change_feed_response`), in the same shape. A cursor that is not
    one of ours is bad input (400 naming `cursor`), not a missing page."""

    ordering = ("updated_at", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["next_cursor"] = None
        return response

    def get_paginated_response_schema(self, schema):
        result = super().get_paginated_response_schema(schema)
        result["properties"]["next_cursor"] = {
            "type": "string",
            "nullable": True,
            "example": "1234",
            "description": "Med `changed_after`: markøren til neste kall (samme markør når "
            "siden er tom). Ellers null.",
        }
        return result

    def change_feed_response(self, request, page: ChangePage, data) -> Response:
        next_link = None
        if page.has_more:
            next_link = replace_query_param(
                request.build_absolute_uri(), "changed_after", page.next_cursor
            )
        return Response(
            {"next": next_link, "previous": None, "results": data, "next_cursor": page.next_cursor}
        )

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            message = ErrorDetail("Ugyldig markør; bruk `next` fra forrige svar.", code="invalid")
            raise ValidationError({self.cursor_query_param: [message]}) from None
