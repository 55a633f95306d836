"""R-DSP-4: the statement of the body handling a stage, and whether it binds the parties."""

from cases.errors import Conflict, Forbidden
from cases.models import ConsentPurpose, Dispute, StageStatement
from cases.roles import role_in

from ..events import record_event
from ..lifecycle import ensure_can, run_transition
from ..transactions import service_transaction
from .common import (
    acting_party,
    consenting_parties,
    locked_dispute,
    require_party,
    required_text,
)
from .consent import give_consent


def can_record_statement(user, case: Dispute) -> bool:
    """A party registers the statement it received; the community's committee that handles
    the stage registers its own."""
    if acting_party(user, case) is not None:
        return True
    body = case.stage.handled_by
    return bool(body) and role_in(user, case.community, body)


def _bind_if_agreed(case: Dispute, actor) -> None:
    """R-DSP-4: a statement both parties accepted as binding ends the dispute."""
    statement = StageStatement.objects.filter(dispute=case, stage=case.stage).first()
    bound = consenting_parties(case, case.stage, ConsentPurpose.BIND)
    if statement and {p.pk for p in case.dispute_parties} <= bound:
        run_transition(
            case.bind_to_statement,
            actor=actor,
            action="bound_by_statement",
            data={"stage": case.stage.kind, "statement": statement.pk},
        )


def require_statement_recorder(user, case: Dispute) -> None:
    if not can_record_statement(user, case):
        raise Forbidden("Bare partene eller organet som behandler saken kan registrere uttalelsen.")


@service_transaction
def dispute_record_statement(*, case: Dispute, actor, text: str) -> StageStatement:
    """The statement (recommendation) of the current stage's body, once."""
    case = locked_dispute(case)
    require_statement_recorder(actor, case)
    ensure_can(case.enter_stage)
    if not case.stage.gives_statement:
        raise Conflict("Dette trinnet gir ingen uttalelse.", code="illegal_state")
    text = required_text(text, "text", "Skriv uttalelsen.")
    if StageStatement.objects.filter(dispute=case, stage=case.stage).exists():
        raise Conflict("Uttalelsen er allerede registrert.", code="already_recorded")
    statement = StageStatement.objects.create(
        dispute=case, stage=case.stage, text=text, recorded_by=actor
    )
    record_event(
        case,
        actor=actor,
        action="statement_recorded",
        from_status=case.status,
        data={"stage": case.stage.kind},
    )
    _bind_if_agreed(case, actor)
    return statement


@service_transaction
def dispute_accept_binding(*, case: Dispute, actor) -> Dispute:
    """R-DSP-4: the actor's party records that the current stage's statement binds it; when
    both have, and the statement is given, the dispute ends."""
    case = locked_dispute(case)
    party = require_party(actor, case)
    ensure_can(case.bind_to_statement)
    if not case.stage.statement_may_bind:
        raise Conflict(
            "Etter avtalen kan uttalelsen på dette trinnet ikke gjøres bindende.",
            code="statement_cannot_bind",
        )
    give_consent(case, actor=actor, party=party, stage=case.stage, purpose=ConsentPurpose.BIND)
    _bind_if_agreed(case, actor)
    return case
