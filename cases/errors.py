"""Domain errors. The API maps each to a problem+json status; the web UI to a message."""

import sqlite3

from django.db import InterfaceError, OperationalError


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, errors: list | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.errors = errors or []


class ValidationFailed(DomainError):
    """Input breaks a rule; nothing was changed."""

    status = 400
    code = "validation_error"


class Forbidden(DomainError):
    """The actor lacks the role the step needs."""

    status = 403
    code = "permission_denied"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    """The case or task is not in a state where this may happen."""

    status = 409
    code = "illegal_state"


def database_busy(exc: BaseException) -> bool:
    """The database refused for now (SQLite's write lock held past the busy timeout):
    nothing was changed, and the same request may succeed in a moment."""
    return isinstance(exc, OperationalError) and "locked" in str(exc)


def database_unavailable(exc: BaseException) -> bool:
    """The database could not be reached or dropped the connection (a restart, a network
    fault): the transaction was rolled back, and the same request may succeed in a moment.

    PostgreSQL says so with a SQLSTATE of class 08 (connection exception) or 57P (operator
    intervention, e.g. a shutdown), and psycopg reports a refused or lost connection with no
    SQLSTATE at all. An SQLite error has no connection to lose: apart from its held write lock
    (`database_busy`) it is a fault of ours, not an outage."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError) or isinstance(exc.__cause__, sqlite3.Error):
        return False
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(("08", "57P"))


def field_error(field: str, message: str, code: str = "invalid") -> dict:
    return {"field": field, "code": code, "message": message}
