"""One error format for the whole API: RFC 9457 `application/problem+json`.

Every failure leaves through `problem_exception_handler`, with a stable snake_case `code`.
Domain errors (`cases.errors.DomainError`) carry their own status, code and field errors.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django_fsm import TransitionNotAllowed
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from cases.errors import DomainError

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
}


class PreconditionFailed(DomainError):
    """`If-Match` names a representation that is no longer current."""

    status = 412
    code = "precondition_failed"


def problem(
    status_code: int, code: str, detail: str, errors: list | None = None, headers=None
) -> Response:
    body = {
        "type": f"{TYPE_BASE}{code}",
        "title": TITLES.get(status_code, "Feil"),
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
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


def problem_exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: map every exception we know to a problem response."""
    set_rollback()
    if isinstance(exc, DomainError):
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is None and exc.status == 503:
            retry_after = RETRY_AFTER_SECONDS
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
        errors = list(exc.errors) if exc.errors or exc.status in (400, 422) else None
        return problem(exc.status, exc.code, exc.message, errors, headers)
    if isinstance(exc, OperationalError | InterfaceError):
        # The database is restarting or unreachable, or a row lock was not granted in time:
        # the transaction was rolled back, and Django replaces a broken connection
        # (CONN_HEALTH_CHECKS) before the next request uses it.
        retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        if getattr(exc.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            return problem(503, "case_busy", DETAILS["case_busy"], headers=retry)
        return problem(503, "database_unavailable", DETAILS["database_unavailable"], headers=retry)
    if isinstance(exc, TransitionNotAllowed):
        return problem(409, "illegal_state", "Saken er ikke i en tilstand der dette er mulig.")
    if isinstance(exc, Http404):
        return problem(404, "not_found", DETAILS["not_found"])
    if isinstance(exc, DjangoPermissionDenied):
        return problem(403, "permission_denied", DETAILS["permission_denied"])
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            400, "validation_error", DETAILS["validation_error"], flatten_errors(exc.detail)
        )
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
        return problem(exc.status_code, code, detail, headers=headers or None)
    return None  # unexpected: let Django answer 500


__all__ = ["PROBLEM_CONTENT_TYPE", "PreconditionFailed", "problem", "problem_exception_handler"]
