"""R-TT-5: the panel asks the affected units for statements while it investigates."""

from datetime import date

from cases.errors import Forbidden
from cases.models import HospitalUnit, Party, StatementRequest, TaskTransfer
from cases.roles import is_member

from .. import statements as shared
from ..lifecycle import ensure_can, locked
from ..transactions import service_transaction
from .common import require_panel


@service_transaction
def task_transfer_request_statement(
    *,
    case: TaskTransfer,
    actor,
    party: Party,
    unit: HospitalUnit | None = None,
    due_on: date | None = None,
) -> StatementRequest:
    """R-TT-5: the panel asks an affected unit for a statement, with a deadline, while it
    can still conclude."""
    case = locked(case)
    require_panel(actor, case)
    ensure_can(case.recommend_for, case.recommend_against)
    return shared.statement_request(case=case, actor=actor, party=party, unit=unit, due_on=due_on)


def can_give_statement(user, request: StatementRequest) -> bool:
    """The panel records statements it receives; the unit head or the party may answer."""
    case = request.case.specific
    return is_member(user, case.panel) or shared.can_answer_statement(user, request)


def require_statement_giver(user, request: StatementRequest) -> None:
    """403 unless the user may record this statement (checked before the text is read)."""
    if not can_give_statement(user, request):
        raise Forbidden("Bare utvalget eller den berørte enheten kan registrere uttalelsen.")


@service_transaction
def task_transfer_receive_statement(
    *, request: StatementRequest, actor, text: str
) -> StatementRequest:
    request = (
        StatementRequest.objects.select_for_update(of=("self",))
        .select_related("case", "unit")
        .get(pk=request.pk)
    )
    case = request.case.specific
    require_statement_giver(actor, request)
    ensure_can(case.recommend_for, case.recommend_against)
    return shared.statement_receive(request=request, actor=actor, text=text)


pending_statements = shared.pending_statements
