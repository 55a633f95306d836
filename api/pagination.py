from rest_framework.pagination import CursorPagination


class PollingCursorPagination(CursorPagination):
    """Ordered by (updated_at, id) ascending, so a client can poll what changed since its last
    look: keep the `next` cursor, or pass `updated_since`."""

    ordering = ("updated_at", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
