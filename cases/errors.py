"""Domain errors. The API maps each to a problem+json status; the web UI to a message."""

from django.db import OperationalError


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


# SQLite reports a mistake in the SQL itself as an OperationalError, where PostgreSQL raises
# ProgrammingError: a retry cannot help, so it is a server error, not an unavailable database.
SQL_MISTAKES = ("no such column", "no such table", "syntax error", "has no column named")


def sql_mistake(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and any(m in str(exc) for m in SQL_MISTAKES)


def field_error(field: str, message: str, code: str = "invalid") -> dict:
    return {"field": field, "code": code, "message": message}
