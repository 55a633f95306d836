"""Every error under `/api/` is `application/problem+json`, in every settings module.

DRF's views answer through `api.errors.problem_exception_handler`. What never reaches it is
caught here: an exception DRF re-raises (a bug: a 500 problem, logged without the request
body, never Django's debug page), and Django's own error pages — a path no route matches
(404), a body over `DATA_UPLOAD_MAX_MEMORY_SIZE` (413) — turned into problems.
"""

import json
import logging

from django.http import HttpResponse

from api.errors import DETAILS, PROBLEM_CONTENT_TYPE, problem_body, problem_parts

logger = logging.getLogger("saksflyt.api")

API_PREFIX = "/api/"
CODES = {
    400: "bad_request",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    500: "server_error",
    503: "service_unavailable",
}
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def problem_response(status, code, detail, errors=None, headers=None) -> HttpResponse:
    body = json.dumps(problem_body(status, code, detail, errors), ensure_ascii=False)
    return HttpResponse(body, status=status, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def _status_problem(status: int, headers=None) -> HttpResponse:
    code = CODES.get(status, "server_error" if status >= 500 else "bad_request")
    return problem_response(status, code, DETAILS.get(code, ""), headers=headers)


class ApiProblemMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE)
        ):
            kept = {h: response[h] for h in KEPT_HEADERS if response.has_header(h)}
            return _status_problem(response.status_code, kept or None)
        return response

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX):
            return None
        parts = problem_parts(exception)
        if parts is not None:
            return problem_response(*parts)
        logger.error("Uventet feil: %s %s", request.method, request.path, exc_info=exception)
        return _status_problem(500)
