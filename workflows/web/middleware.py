"""The web pages' answer when the database is busy (SQLite's write lock held past the busy
timeout): a short Norwegian 503 page with `Retry-After`, not a 500. The API has its own
problem+json answer (`api.middleware`)."""

from django.template.response import TemplateResponse

from cases.errors import database_busy

RETRY_AFTER_SECONDS = 2


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_busy(exception):
            return None
        response = TemplateResponse(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response.render()
