"""One error format for the whole API: RFC 9457 `application/problem+json`.

Every failure leaves through `problem_exception_handler`, with a stable snake_case `code`.
Domain errors (`cases.errors.DomainError`) carry their own status, code and field errors.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django_fsm import TransitionNotAllowed
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from cases.errors import DomainError, database_busy, sql_mistake

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://saksflyt.no/problems/"
RETRY_AFTER_SECONDS = 2
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout ran out

TITLES = {
    400: "Ugyldig forespørsel",
    401: "Ikke innlogget",
    403: "Ingen tilgang",
    404: "Finnes ikke",
    405: "Metoden er ikke tillatt",
    406: "Formatet støttes ikke",
    409: "Konflikt med sakens tilstand",
    412: "Ressursen er endret",
    413: "For stor",
    415: "Innholdstypen støttes ikke",
    422: "Forespørselen kan ikke behandles",
    429: "For mange forespørsler",
    500: "Intern feil",
    503: "Midlertidig utilgjengelig",
}

DETAILS = {
    "not_authenticated": "Du må logge inn (Authorization: Token <token>).",
    "authentication_failed": "Innloggingen er ugyldig.",
    "permission_denied": "Du har ikke tilgang til dette.",
    "not_found": "Ressursen finnes ikke, eller du har ikke tilgang til den.",
    "method_not_allowed": "Metoden er ikke tillatt for denne ressursen.",
    "parse_error": "Forespørselen er ikke gyldig JSON.",
    "unsupported_media_type": "Innholdstypen støttes ikke; send application/json.",
    "not_acceptable": "Svarformatet støttes ikke.",
    "throttled": "For mange forespørsler; prøv igjen senere.",
    "validation_error": "Skjemaet har feil.",
    "case_busy": "Saken behandles av noen andre akkurat nå. Prøv igjen om litt.",
    "database_unavailable": "Tjenesten får ikke kontakt med databasen akkurat nå. Ingenting "
    "ble endret; prøv igjen om litt.",
    "database_busy": "Databasen er opptatt akkurat nå; prøv igjen om litt.",
    "service_unavailable": "Tjenesten er midlertidig utilgjengelig; prøv igjen om litt.",
    "request_too_large": "Forespørselen er for stor.",
    "bad_request": "Forespørselen er ugyldig.",
    "server_error": "Noe gikk galt hos oss; feilen er logget.",
}


class PreconditionFailed(DomainError):
    """`If-Match` names a representation that is no longer current."""

    status = 412
    code = "precondition_failed"


def problem_body(status_code: int, code: str, detail: str, errors: list | None = None) -> dict:
    body = {
        "type": f"{TYPE_BASE}{code}",
        "title": TITLES.get(status_code, "Feil"),
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem(
    status_code: int, code: str, detail: str, errors: list | None = None, headers=None
) -> Response:
    body = problem_body(status_code, code, detail, errors)
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def _join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def flatten_errors(detail, path: str = "") -> list[dict]:
    """DRF's nested error detail as a flat list: `members[0].user`, `criteria.a`."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            sub = path if key == "non_field_errors" and not path else _join(path, key)
            out += flatten_errors(value, sub)
        return out
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [
                {
                    "field": path or None,
                    "code": getattr(item, "code", None) or "invalid",
                    "message": str(item),
                }
                for item in detail
            ]
        out = []
        for index, item in enumerate(detail):
            if item in ({}, [], None):
                continue
            out += flatten_errors(item, _join(path, index))
        return out
    return [
        {
            "field": path or None,
            "code": getattr(detail, "code", None) or "invalid",
            "message": str(detail),
        }
    ]


def problem_parts(exc) -> tuple | None:
    """`(status, code, detail, errors, headers)` for every exception we know, else None."""
    if isinstance(exc, DomainError):
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is None and exc.status == 503:
            retry_after = RETRY_AFTER_SECONDS
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
        errors = list(exc.errors) if exc.errors or exc.status in (400, 422) else None
        return exc.status, exc.code, exc.message, errors, headers
    retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if database_busy(exc):  # SQLite's write lock held past the busy timeout
        return 503, "database_busy", DETAILS["database_busy"], None, retry
    if isinstance(exc, OperationalError | InterfaceError) and not sql_mistake(exc):
        # The database is restarting or unreachable, or a row lock was not granted in time:
        # the transaction was rolled back, and Django replaces a broken connection
        # (CONN_HEALTH_CHECKS) before the next request uses it.
        if getattr(exc.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            return 503, "case_busy", DETAILS["case_busy"], None, retry
        return 503, "database_unavailable", DETAILS["database_unavailable"], None, retry
    if isinstance(exc, RequestDataTooBig):
        return 413, "request_too_large", DETAILS["request_too_large"], None, None
    if isinstance(exc, SuspiciousOperation):
        return 400, "bad_request", DETAILS["bad_request"], None, None
    if isinstance(exc, TransitionNotAllowed):
        return 409, "illegal_state", "Saken er ikke i en tilstand der dette er mulig.", None, None
    if isinstance(exc, Http404):
        return 404, "not_found", DETAILS["not_found"], None, None
    if isinstance(exc, DjangoPermissionDenied):
        return 403, "permission_denied", DETAILS["permission_denied"], None, None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(exc.detail)
        return 400, "validation_error", DETAILS["validation_error"], errors, None
    if isinstance(exc, exceptions.APIException):
        code = exc.default_code
        detail = DETAILS.get(code) or str(exc.detail)
        headers = {}
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            headers["WWW-Authenticate"] = auth_header
        wait = getattr(exc, "wait", None)
        if wait:
            headers["Retry-After"] = str(int(wait))
        return exc.status_code, code, detail, None, headers or None
    return None


def problem_exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: map every exception we know to a problem response."""
    set_rollback()
    parts = problem_parts(exc)
    if parts is None:
        return None  # unexpected: `api.middleware.ApiProblemMiddleware` answers a 500 problem
    status_code, code, detail, errors, headers = parts
    return problem(status_code, code, detail, errors, headers)


__all__ = [
    "PROBLEM_CONTENT_TYPE",
    "PreconditionFailed",
    "problem",
    "problem_body",
    "problem_exception_handler",
    "problem_parts",
]
