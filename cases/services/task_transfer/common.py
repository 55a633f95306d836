"""What every task-transfer step shares: role checks and model validation."""

from django.core.exceptions import ValidationError

from cases.errors import Forbidden, ValidationFailed, field_error
from cases.models import Committee, CommitteeKind, TaskTransfer
from cases.roles import is_member, standing_committee


def require_member(user, committee: Committee | None, what: str) -> None:
    if not is_member(user, committee):
        raise Forbidden(f"Bare {what} kan gjøre dette.")


def require_standing(user, case: TaskTransfer, kind: str, what: str) -> Committee:
    committee = standing_committee(case.community_id, kind)
    require_member(user, committee, what)
    return committee


def require_panel(user, case: TaskTransfer) -> None:
    require_member(user, case.panel, "det faglige utvalget")


def clean(obj, exclude=(), *, unique: bool = True) -> None:
    """Model validation as a 400 with one error per field; with `unique=False` without the
    checks of unique fields and constraints (each a query), for a new row whose unique
    values are none of the user's input."""
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=unique, validate_constraints=unique)
    except ValidationError as exc:
        errors = [
            field_error(field, message)
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
        raise ValidationFailed("Skjemaet har feil.", errors=errors) from exc


__all__ = ["CommitteeKind", "clean", "require_member", "require_panel", "require_standing"]
